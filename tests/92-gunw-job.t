#!/bin/sh
# examples/gunw.mk against the loopback HyP3 of tests/servers/hyp3.py
# serving a2synth --gunw netCDF files as the jobs' outputs: FRAME + DATES
# give a2pairs' pairs, exactly those are submitted and polled, the
# downloads become products with their exact ids in the catalog; a re-run
# sends no request; a run killed after the submission, run again, ends
# with the same products; pairs already catalogued are not submitted; a
# FAILED job is reported with hyp3poll's exit status after the rest is
# ingested.  The tiles step is mk/a2.mk's, with branch r18-T2's a2tiles
# for GUNWs merged (zoom 0-4 here, by A2_TILES_ZOOM, to keep the test short).
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
own_home
unset A2_HYP3_URL A2_HYP3_LOGIN_URL A2_HYP3_TOKEN_FILE A2_CATALOG
cd "$T" || exit 1

S=$T/srv
mkdir -p "$S"
TOKEN="tok-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
"$PY" "$A2_TOP/tests/servers/hyp3.py" --dir "$S" --port-file "$S/port" --log "$S/log" \
    --token "$TOKEN" --a2synth "$A2_BIN/a2synth" &
SRV=$!
at_exit "kill $SRV"
wait_file "$S/port" || exit 1
H=http://127.0.0.1:$(cat "$S/port")
umask 077
printf '%s\n' "$TOKEN" >token
umask 022
export A2_RETRY_DELAY_MS=1
D=$T/data
job() {
	make -f "$A2_TOP/examples/gunw.mk" A2_DATA="$D" HYP3_OPTS="--endpoint $H --token-file $T/token" \
	    POLL_OPTS="--interval 0.05" A2_TILES_ZOOM=0-4 "$@"
}
nreq() { grep -c . "$S/log" || true; }
reqs() { jq -r '.method + " " + (.path | sub("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"; "ID"; "g"))' "$S/log"; }
ids() { a2catalog -c "$D/catalog.gpkg" query --type s1_gunw | jq -r .id | LC_ALL=C sort | tr '\n' ' '; }
# the GUNW names the stand-in gives: track 64, its scenes' MD5 hash (a2synth's numbering)
gname() { echo "S1-GUNW-A-R-064-tops-$1_$2-015158-00120W_00038N-PP-$3-v3_0_1"; }
G1=$(gname 20250113 20250101 5c56)
G2=$(gname 20250125 20250101 98c2)
G3=$(gname 20250125 20250113 8a91)
G4=$(gname 20250206 20250125 9c21)
G5=$(gname 20250206 20250113 a530)
G6=$(gname 20250206 20250101 e1d1)

printf '2025-01-01\n2025-01-13\n2025-01-25\n2025-02-06\n' >dates.txt
exits 2 "no FRAME and no PAIRS: usage" -- make -f "$A2_TOP/examples/gunw.mk" A2_DATA="$D"
ok "grep -q 'usage: make -f examples/gunw.mk FRAME=id DATES=file' '$T/.err'" "the usage line"

# --- the first run, up to 2025-01-25: three pairs -------------------------------
: >"$S/log"
exits 0 "FRAME=25502 DATES END=2025-01-25" -- job FRAME=25502 DATES=dates.txt END=2025-01-25
is "$(jq -c 'select(.method == "POST") | .body.jobs[] | [.job_parameters.frame_id, .job_parameters.reference_date, .job_parameters.secondary_date]' "$S/log" | tr '\n' ' ')" \
    '[25502,"2025-01-25","2025-01-13"] [25502,"2025-01-25","2025-01-01"] [25502,"2025-01-13","2025-01-01"] ' \
    "the pairs of a2pairs, in its order, submitted in one POST /jobs"
is "$(ls "$D/work/hyp3" | tr '\n' ' ')" \
    "F25502-20250113_20250101.json F25502-20250125_20250101.json F25502-20250125_20250113.json " "a job record each"
is "$(ids)" "$G1 $G2 $G3 " "the three GUNWs in the catalog, by their exact ids"
is "$(a2catalog -c "$D/catalog.gpkg" query --id "$G2" | jq -c '[.type, .frame, .path, .direction, .start_time, .end_time]')" \
    '["s1_gunw",25502,64,"ascending","2025-01-01T01:51:33.000Z","2025-01-25T01:52:24.000Z"]' \
    "a product: frame from the file, track, times of both passes"
same_file "$D/downloads/hyp3/$G2.nc" "$S/files/$G2.nc" "the download is the file HyP3 served"
is "$(jq -r .download_source "$D/products/$G2/$G2.met.json")" "$H/files/$(jq -r .job_id "$D/work/hyp3/F25502-20250125_20250101.json")/$G2.nc" \
    "met.json: the HyP3 URL it came from"
is "$(cd "$D/products/$G2" && ls | sed "s/^$G2/ID/" | tr '\n' ' ')" \
    "ID.dataset.json ID.met.json ID.stac.json ID.zip ID_amplitude.browse.png ID_amplitude.browse_small.png ID_coherence.browse.png ID_coherence.browse_small.png ID_unwrappedPhase.browse.png ID_unwrappedPhase.browse_small.png tiles " \
    "the product's files, the browse images of a2tiles' three GUNW layers"
is "$(unzip -Z1 "$D/products/$G2/$G2.zip")" "$G2.nc" "its zip holds the .nc"
is "$(jq -c '[[.layers[].name], .minzoom, .maxzoom, .bounds]' "$D/work/$G2/tiles.json")" \
    '[["unwrappedPhase","coherence","amplitude"],0,4,[-119.8,38.2,-116.9,40.8]]' \
    "the tiles step of mk/a2.mk (A2_TILES_ZOOM=0-4): the three layers"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$D/products/$G2/$G2.met.json")" \
    '[true,["unwrappedPhase","coherence","amplitude"],[4,4,4]]' "met.json: the tile layers"
is "$(reqs | grep -c '^GET /files/')" 3 "three downloads"

# --- a re-run with nothing new sends nothing --------------------------------------
: >"$S/log"
exits 0 "a re-run" -- job FRAME=25502 DATES=dates.txt END=2025-01-25
is "$(nreq)" 0 "no request"
ok "grep -q '# 3 of the pairs already in the catalog' '$T/.err'" "says the pairs are catalogued"

# --- a new date, the run killed after the submission, before the download ----------
: >"$S/log"
setsid make -f "$A2_TOP/examples/gunw.mk" A2_DATA="$D" HYP3_OPTS="--endpoint $H --token-file $T/token" \
    POLL_OPTS="--interval 60" A2_TILES_ZOOM=0-4 FRAME=25502 DATES=dates.txt >kill.out 2>&1 &
pid=$!
i=0
while [ $i -lt 1200 ] && ! reqs | grep -q '^GET /jobs/ID'; do
	i=$((i + 1)); perl -e 'select(undef, undef, undef, 0.05)'
done
# dash's kill cannot signal a process group; perl can
perl -e 'kill "KILL", -$ARGV[0]' "$pid"
wait "$pid" 2>/dev/null
is "$(jq -c 'select(.method == "POST") | .body.jobs[] | [.job_parameters.reference_date, .job_parameters.secondary_date]' "$S/log" | tr '\n' ' ')" \
    '["2025-02-06","2025-01-25"] ["2025-02-06","2025-01-13"] ["2025-02-06","2025-01-01"] ' \
    "killed while polling: the new date's three pairs had been submitted"
is "$(ids)" "$G1 $G2 $G3 " "nothing new in the catalog"
: >"$S/log"
exits 0 "run again" -- job FRAME=25502 DATES=dates.txt
is "$(reqs | grep -c '^POST')" 0 "nothing submitted again"
is "$(reqs | grep -c '^GET /files/')" 3 "the three downloads"
is "$(ids)" "$G1 $G2 $G3 $G6 $G5 $G4 " "all six GUNWs catalogued"
same_file "$D/downloads/hyp3/$G4.nc" "$S/files/$G4.nc" "the file HyP3 served"
h=$(a2classify "$D/downloads/hyp3/$G4.nc" |
    jq -r '"[\"\(.gunw.reference_scenes | sort | join(" "))\", \"\(.gunw.secondary_scenes | sort | join(" "))\"]"' |
    tr -d '\n' | md5sum | cut -c1-4)
is "$h" 9c21 "the name's hash is the MD5 of the file's scenes"

# --- killed between the download and the catalog: the same products ----------------
ref=$(mktemp -d "$T/ref.XXXXXX")
cp -p "$D/products/$G4/$G4.met.json" "$ref/$G4.met.json"
a2catalog -c "$D/catalog.gpkg" remove "$G4" >/dev/null
rm -rf "$D/products/$G4" "$D/work/$G4" "$D/work/hyp3-$(jq -r .job_id "$D/work/hyp3/F25502-20250206_20250125.json")"
: >"$S/log"
exits 0 "a run after a loss of everything but the download" -- job FRAME=25502 DATES=dates.txt
is "$(reqs | tr '\n' ';')" "GET /jobs/ID;" "one look at the job, the file not fetched again"
is "$(ids)" "$G1 $G2 $G3 $G6 $G5 $G4 " "all six"
ok "cmp -s '$D/products/$G4/$G4.met.json' '$ref/$G4.met.json'" "the same met.json"
ok 'no_temps "$D"' "no temporaries left"

# --- PAIRS=file, one of them catalogued, one that fails -----------------------------
printf '{"frame_id":25502,"reference_date":"2025-01-13","secondary_date":"2025-01-01"}\n{"frame_id":101,"reference_date":"2025-01-13","secondary_date":"2025-01-01"}\n' >pairs.jsonl
printf '{"101":"failed"}\n' >"$S/plans.json"
: >"$S/log"
exits 2 "PAIRS with a pair whose job fails: make fails" -- job PAIRS=pairs.jsonl
F101=$(jq -r .job_id "$D/work/hyp3/F101-20250113_20250101.json")
ok "grep -q 'hyp3poll: .*F101-20250113_20250101.json: job $F101 FAILED; its log: $H/files/$F101/$F101.log' '$T/.err'" \
    "hyp3poll's message"
ok "grep -q 'gunw.mk: hyp3poll: exit 1: a job failed or expired' '$T/.err'" "reported with hyp3poll's exit status 1"
is "$(jq -c 'select(.method == "POST") | [.body.jobs[].job_parameters.frame_id]' "$S/log")" "[101]" \
    "only the pair not in the catalog submitted"

done_testing
