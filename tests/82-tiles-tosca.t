#!/bin/sh
# The URL job's tiles as HySDS's map UI (tosca) shows them (ingest-jobs.md
# section 12): Leaflet in headless Chromium with tms: true, one layer per
# met.json tile_layers name from PRODUCT_URL/tiles/{ds}/{z}/{x}/{y}.png,
# maxNativeZoom from tile_max_zoom, bounds from the footprint, centred at
# zoom 7.  Every tile asked for is there, and every opaque pixel drawn lies
# inside the footprint projected to the screen; a tree in XYZ numbering
# shows nothing there.
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip_all "no $CHROMIUM (Debian package chromium): make deps"
[ -d "$A2_TOP/tests/node_modules/playwright-core" ] || skip_all "no playwright-core in tests/node_modules: sh tests/npm-deps"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
export CHROMIUM
plan 24

cd "$T" || exit 1
a2synth --size tiny --level 2.1 --format GeoTIFF --pols HH,HV --package order --order 0000000301 \
    -o "$T/src" >synth.jsonl
ID=$(jq -r .id synth.jsonl)
job() {
	_d=$1; shift
	make -f "$A2_TOP/examples/url.mk" A2_DATA="$_d" A2_TILES_ZOOM=0-12 URL="file://$T/src/0000000301.zip" "$@"
}
exits 0 "URL job" -- job "$T/d"
P=$T/d/products/$ID
is "$(jq -r .scheme "$P/tiles/tiles.json")" tms "the job's tiles.json says tms"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$P/$ID.met.json")" '[true,["HH","HV"],[12,12]]' \
    "met.json: the tile keys tosca reads"
view() { node "$A2_TOP/tests/servers/tosca-view.js" --product "$@"; }

for L in HH HV; do
	exits 0 "$L: shown as tosca does (zoom 7 at the centre)" -- view "$P" --layer $L
	out >"$T/$L.json"
	R=$T/$L.json
	is "$(jq -c '[.tms, .zoom, .errors]' "$R")" '[true,7,[]]' "$L: tms, zoom 7, no page error"
	ok '[ "$(jq -r ".requests[\"200\"]" "$R")" -ge 1 ]' "$L: tiles requested and loaded"
	is "$(jq -c .requests.other "$R")" '[]' "$L: every tile asked for is there (200)"
	ok '[ "$(jq -r .drawn.opaque "$R")" -gt 1000 ]' "$L: a picture is drawn"
	is "$(jq -r .drawn.outside "$R")" 0 "$L: no opaque pixel outside the footprint"
	ok 'jq -e ".drawn.coverage >= 0.95" "$R" >/dev/null' "$L: the picture fills the footprint"
	[ "$(jq -r .drawn.outside "$R")" = 0 ] || jq -c .drawn "$R" | diag
done

# closer: the footprint's bounds fitted (zoom 10 here); tiles at the
# corners of the bounds that hold no data are not written (404)
exits 0 "HH: footprint's bounds fitted" -- view "$P" --fit
out >"$T/fit.json"
ok '[ "$(jq -r .zoom "$T/fit.json")" -ge 10 ] && [ "$(jq -r ".requests[\"200\"]" "$T/fit.json")" -ge 4 ]' \
    "fitted: zoom 10 or more, tiles loaded"
is "$(jq -r .drawn.outside "$T/fit.json")" 0 "fitted: no opaque pixel outside the footprint"
ok 'jq -e ".drawn.coverage >= 0.95" "$T/fit.json" >/dev/null' "fitted: the picture fills the footprint"

# what tosca made of a2's tiles before: XYZ rows asked for as TMS
exits 0 "URL job with A2_TILES_SCHEME=xyz" -- job "$T/x" A2_TILES_SCHEME=xyz
exits 0 "XYZ tree shown as tosca does" -- view "$T/x/products/$ID"
is "$(jq -c '[.requests["200"], .drawn.opaque]' "$T/.out")" '[0,0]' "XYZ tree: no tile found, nothing drawn"
done_testing
