#!/bin/sh
# examples/alos2-pairs.mk on a catalog the URL job built from a2synth L1.1
# scenes of one path and frame on three dates: the pair list, a re-run that
# does not run a2pairs and leaves the list alone, a new scene that adds its
# pairs, other options, a lost list made again, a failure that leaves no
# temporary and keeps the list.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
unset A2_CATALOG
cd "$T" || exit 1
D=$T/data
PAIRS=$D/pairs/alos2-pairs.jsonl
# a2pairs through a shim that logs each call
mkdir shim
printf '#!/bin/sh\necho "a2pairs $*" >>"%s/calls.log"\nexec "%s/a2pairs" "$@"\n' "$T" "$A2_BIN" >shim/a2pairs
chmod +x shim/a2pairs
: >calls.log
ncalls() { wc -l <calls.log | tr -d ' '; }
job() { make -f "$A2_TOP/examples/alos2-pairs.mk" A2_BIN="$T/shim" A2_DATA="$D" "$@"; }
# ingest the scene of ORBIT on DATE (YYMMDD): path 155 for orbits 207 apart
ingest() {
	a2synth --size tiny --level 1.1 --mode FBD --format CEOS --package flat --orbit "$1" --date "$2" \
	    -o "$T/src" | jq -r .id >>ids || return 1
	make -s -f "$A2_TOP/examples/url.mk" A2_DATA="$D" URL="file://$T/src/$(tail -n 1 ids).zip" >/dev/null
}
# the pairs as "REF-SEC:DAYS" with the scenes' dates for IDs
list() { jq -r '"\(.reference.id[15:21])-\(.secondary.id[15:21]):\(.temporal_baseline_days)"' "$PAIRS" | tr '\n' ' ' | sed 's/ $//'; }
mtime() { stat -c %Y.%y "$PAIRS"; }

ingest 1000 160301 && ingest 1207 160315 || echo "Bail out! cannot ingest the synthetic scenes"
exits 0 "the first run" -- job
is "$(list)" "160315-160301:14" "the pair of the two scenes"
is "$(jq -c '[.path, .frame, .direction, .look_side, .polarisation, .reference.location]' "$PAIRS")" \
    "[155,6960,\"ascending\",\"R\",\"HH\",\"$D/products/$(sed -n 2p ids)\"]" "path, frame, group, the product's location"
is "$(ncalls)" 1 "a2pairs ran once"
m1=$(mtime)
exits 0 "a re-run with nothing new" -- job
is "$(ncalls)" 1 "a2pairs did not run again"
is "$(mtime)" "$m1" "the list is untouched"
# the catalog written without any change: a2pairs runs, the list stays
a2catalog -c "$D/catalog.gpkg" add "$D/products/$(sed -n 1p ids)" >/dev/null
touch -d '+2 seconds' "$D/catalog.gpkg"
exits 0 "a re-run after the catalog was written" -- job
is "$(ncalls)" 2 "a2pairs asked the catalog"
is "$(mtime)" "$m1" "the same pairs: the list is untouched"

ingest 1414 160329 || echo "Bail out! cannot ingest the third scene"
touch -d '+4 seconds' "$D/catalog.gpkg"
exits 0 "a run after a new scene" -- job
is "$(list)" "160329-160315:14 160329-160301:28 160315-160301:14" "the new scene's pairs added"
is "$(ncalls)" 3 "a2pairs ran for it"
exits 0 "other options" -- job PAIRS_OPTS="--neighbours 1"
is "$(list)" "160329-160315:14 160315-160301:14" "one neighbour each"
is "$(ncalls)" 4 "a2pairs ran for the new options"
rm -f "$PAIRS"
exits 0 "a run with the list lost" -- job PAIRS_OPTS="--neighbours 1"
is "$(list)" "160329-160315:14 160315-160301:14" "the list made again"
exits 2 "bad options fail" -- job PAIRS_OPTS="--pol XX"
ok "grep -q 'a2pairs: XX: bad polarisation' '$T/.err'" "a2pairs' message"
is "$(list)" "160329-160315:14 160315-160301:14" "the list is kept"
no_temps_here() { [ -z "$(find "$D/pairs" "$D/work" -maxdepth 1 -name '*.tmp*')" ]; }
ok no_temps_here "no temporary left in pairs/ or work/"

done_testing
