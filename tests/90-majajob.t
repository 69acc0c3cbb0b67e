#!/bin/sh
# examples/maja.mk against the loopback WPS and GEODES stand-ins: the job
# record is made once (a second run does not resubmit), polling fails with
# "Error 75" while the job runs (or passes with MAJA_PENDING_OK=1), the
# results land in A2_DATA/maja/TILE/ when it is finished, and a run after
# that does nothing.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy A2_NETRC A2_GEODES_KEY_FILE
HOME=$T/home
export HOME
mkdir -p "$HOME"
cd "$T" || exit 1
export A2_RETRY_DELAY_MS=1

mkdir shim
for t in majasubmit majapoll; do
	printf '#!/bin/sh\necho "%s" >>"%s/calls.log"\nexec "%s/%s" --retries 1 "$@"\n' \
	    "$t" "$T" "$A2_BIN" "$t" >"shim/$t"
	chmod +x "shim/$t"
done
: >calls.log
calls() { sort calls.log | uniq -c | awk '{printf "%s=%s ", $2, $1}'; }

S=$T/srv
mkdir -p "$S/results"
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$S" --port-file "$S/port" --log "$S/log" &
at_exit "kill $!"
wait_file "$S/port"
H=http://127.0.0.1:$(cat "$S/port")
export A2_MAJA_WPS_URL=$H/wps
printf 'maja@example.org s3cret\n' >peps.txt
chmod 600 peps.txt
D=$T/data
job() { make -f "$A2_TOP/examples/maja.mk" A2_BIN="$T/shim" A2_DATA="$D" AUTH="$T/peps.txt" "$@"; }
W=$D/maja/31TCJ
JOB=$W/job-2017-07-01_2018-01-01_R51.peps.json

exits 2 "no TILE: usage" -- job
ok "grep -q 'usage: make -f examples/maja.mk TILE=' '$T/.err'" "usage message"
exits 2 "no END: usage" -- job TILE=31TCJ START=2017-07-01

exits 2 "first run: submitted, then Error 75" -- job TILE=T31TCJ START=2017-07-01 END=2018-01-01 ORBIT=51
ok "grep -q 'Error 75' '$T/.err'" "make reports majapoll's 75"
ok "[ -s '$JOB' ]" "job record made"
is "$(jq -r '.tile + " " + (.orbit|tostring) + " " + .process' "$JOB")" "31TCJ 51 FULL_MAJA" "record content"
is "$(calls)" "majapoll=1 majasubmit=1 " "one submit, one poll"
ok "[ ! -e '$W/results-2017-07-01_2018-01-01_R51.peps.jsonl' ] && no_temps '$W'" "nothing marked done"
ID=$(jq -r .wps_id "$JOB")

printf 'stalled 30\n' >"$S/jobs/$ID.new" && mv "$S/jobs/$ID.new" "$S/jobs/$ID"
: >calls.log
exits 2 "second run while running: Error 75 again" -- job TILE=31TCJ START=2017-07-01 END=2018-01-01 ORBIT=51
is "$(calls)" "majapoll=1 " "no second submit"
is "$(jq -c 'select(.identifier=="FULL_MAJA")' "$S/log" | grep -c .)" 1 "the service got one Execute"
exits 0 "MAJA_PENDING_OK=1: still running is not an error" -- \
    job TILE=31TCJ START=2017-07-01 END=2018-01-01 ORBIT=51 MAJA_PENDING_OK=1
ok "grep -q 'not finished yet; run again later' '$T/.err'" "says so"

head -c 100000 /dev/urandom >"$S/results/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip"
printf 'finished\n' >"$S/jobs/$ID.new" && mv "$S/jobs/$ID.new" "$S/jobs/$ID"
: >calls.log
exits 0 "finished: results downloaded" -- job TILE=31TCJ START=2017-07-01 END=2018-01-01 ORBIT=51
same_file "$W/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip" \
    "$S/results/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip" "result in A2_DATA/maja/TILE"
is "$(jq -r 'select(.download) | .download.name' "$W/results-2017-07-01_2018-01-01_R51.peps.jsonl")" \
    SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip "results list"
: >calls.log
exits 0 "run after completion" -- job TILE=31TCJ START=2017-07-01 END=2018-01-01 ORBIT=51
is "$(calls)" "" "does nothing"

# a job that failed: 2, with majapoll's message
exits 2 "another period, refused by the service" -- job TILE=31TCJ START=2017-07-01 END=2017-07-20
ok "grep -q 'at least 55 days' '$T/.err'" "majasubmit's message"

# CONTEXT and GEODES
G=$T/gsrv
mkdir -p "$G/files"
head -c 7000 /dev/urandom >"$G/files/L2A_A.zip"
printf '[{"id":"L2A_A","tile":"31TCJ","start":"2017-07-03T10:59:03Z","end":"2017-07-03T10:59:03Z","orbit":51,"file":"L2A_A.zip"}]\n' >"$G/items.json"
"$PY" "$A2_TOP/tests/servers/geodes.py" --dir "$G" --port-file "$G/port" --log "$G/log" --key sekrit &
at_exit "kill $!"
wait_file "$G/port"
export A2_GEODES_URL=http://127.0.0.1:$(cat "$G/port")/api/stac
printf 'sekrit\n' >geodes.key
chmod 600 geodes.key
printf '{"tile":"31TCJ","start_date":"2017-07-01","end_date":"2017-12-31","provider":"geodes"}\n' >_context.json
exits 0 "GEODES job from CONTEXT" -- job CONTEXT="$T/_context.json" KEY_FILE="$T/geodes.key"
same_file "$W/L2A_A.zip" "$G/files/L2A_A.zip" "GEODES result downloaded"
ok "[ -s '$W/job-2017-07-01_2017-12-31.geodes.json' ] && [ -s '$W/results-2017-07-01_2017-12-31.geodes.jsonl' ]" \
    "record and results list"
ok "! grep -rq sekrit '$D'" "no key under A2_DATA"

plan "$_tap_n"
done_testing
