#!/bin/sh
# tiles.json as TileJSON clients take it: with a base URL (A2_BASE_URL,
# a2tiles --base-url) its tile URLs are absolute, under the URL the
# product is published at, and MapLibre GL JS (npm maplibre-gl, in
# headless Chromium with SwiftShader's WebGL) given tiles.json alone as
# its only source asks for exactly the tiles the view and the bounds
# hold, and draws them inside the footprint; for a scene across 180
# degrees too, whose bounds are every longitude (TileJSON's bounds do not
# wrap; west > east made MapLibre ask for nothing), which Leaflet's tile
# layer takes as well.  Without a base URL the tile URLs are relative, and
# MapLibre looks for them beside its page.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip_all "no $CHROMIUM (Debian package chromium): make deps"
[ -x "$PY" ] || skip_all "no $PY"
for m in playwright-core maplibre-gl; do
	[ -d "$A2_TOP/tests/node_modules/$m" ] || skip_all "no $m in tests/node_modules: sh tests/npm-deps"
done
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy A2_BASE_URL
export CHROMIUM
plan 53

cd "$T" || exit 1
# ---- a2tiles --base-url: what it takes ----
a2synth --size tiny --level 2.1 --format GeoTIFF --package dir -o "$T/s" >s.json
SD=$(jq -r .path s.json)
SID=$(jq -r .id s.json)
a2classify "$SD" >scene.json
TIF=$(find "$SD" -name 'IMG-HH-*.tif' | head -n 1)
exits 2 "--base-url without a scheme: usage" -- a2tiles --base-url example.org/pub -o o1 scene.json
is "$(err | head -n 1)" "a2tiles: --base-url example.org/pub: want an absolute URL (https://host/path)" "the message says why"
exits 2 "--base-url with -t: usage" -- a2tiles --base-url https://example.org/ -t t1 -o o1 scene.json
exits 2 "--base-url with GeoTIFFs only (no scene to place it by): usage" -- a2tiles --base-url https://example.org/ -o o1 "$TIF"
is "$(err | head -n 1)" "a2tiles: --base-url: no scene to place the product by: give a scene directory, scene.json or pipeline record" \
    "the message says what to give"
exits 0 "--base-url with user:password, trailing slashes" -- \
    a2tiles -z 0-6 --no-browse --no-viewer --base-url 'https://u:secret@example.org/pub//' -o o2 scene.json
DATE=$(jq -r '.start_time[0:10] | gsub("-"; "/")' scene.json)
U=https://example.org/pub/datasets/L2.1_geotiff/v0.2.4/$DATE/$SID/tiles
is "$(jq -c '[.tiles, [.layers[].tiles[0]]]' o2/tiles/tiles.json)" "[[\"$U/HH/{z}/{x}/{y}.png\"],[\"$U/HH/{z}/{x}/{y}.png\",\"$U/HV/{z}/{x}/{y}.png\"]]" \
    "tile URLs: base (no credentials) + datasets/TYPE/VERSION/YYYY/MM/DD/ID/tiles/LAYER/..."
exits 0 "records on stdin: the tiles in tiles/ID" -- sh -c "jq -c '{scene: .}' scene.json | a2tiles -z 0-6 --no-browse --no-viewer --base-url https://example.org/pub -o o3"
is "$(jq -r '.tiles[0]' "o3/tiles/$SID/tiles.json")" "https://example.org/pub/datasets/L2.1_geotiff/v0.2.4/$DATE/$SID/tiles/$SID/HH/{z}/{x}/{y}.png" \
    "a record's tile URLs: the product's URL + tiles/ID/"
exits 0 "without --base-url" -- a2tiles -z 0-6 --no-browse --no-viewer -o o4 scene.json
is "$(jq -c '[.tiles, [.layers[].tiles[0]]]' o4/tiles/tiles.json)" '[["HH/{z}/{x}/{y}.png"],["HH/{z}/{x}/{y}.png","HV/{z}/{x}/{y}.png"]]' \
    "relative tile URLs, as before"
is "$(jq -c 'del(.tiles, .layers[].tiles)' o2/tiles/tiles.json)" "$(jq -c 'del(.tiles, .layers[].tiles)' o4/tiles/tiles.json)" \
    "the base URL changes the tile URLs and nothing else"

# ---- the jobs: A2_BASE_URL, and the one a WebDAV PUBLISH gives ----
base_of() { make -s -f "$A2_TOP/mk/a2.mk" A2_DATA="$T/mk" --eval 'show: ; @echo "[$(A2_BASE_URL)]"' show "$@"; }
is "$(base_of PUBLISH=davs://dav.example.org/a2/pub/)" "[https://dav.example.org/a2/pub/]" "davs:// PUBLISH: https:// base URL"
is "$(base_of PUBLISH=dav://127.0.0.1:8080/pub)" "[http://127.0.0.1:8080/pub]" "dav:// PUBLISH: http:// base URL"
is "$(base_of PUBLISH=s3://bucket/pub)$(base_of PUBLISH=/srv/pub)" "[][]" "s3:// or a directory: none"
is "$(base_of PUBLISH=davs://dav.example.org/pub A2_BASE_URL=https://cdn.example.org/a2)" "[https://cdn.example.org/a2]" \
    "A2_BASE_URL wins"

# ---- the publish root on a loopback web server, MapLibre its client ----
mkdir pub
for LEAFLET in "${A2_LEAFLET:-}" /usr/share/javascript/leaflet "$A2_TOP/tests/node_modules/leaflet/dist"; do
	[ -n "$LEAFLET" ] && [ -f "$LEAFLET/leaflet.js" ] && break
done
"$PY" "$A2_TOP/tests/servers/tiles-httpd.py" --root pub --mount "maplibre=$A2_TOP/tests/node_modules/maplibre-gl/dist" \
    --mount "leaflet=$LEAFLET" --port-file port --log http.log &
at_exit "kill $!"
wait_file port || exit 1
BASE=http://127.0.0.1:$(cat port)

# the tiles MapLibre should ask for: those of the view (its zoom rounded,
# as for raster sources) inside tiles.json's bounds (MapLibre's TileBounds:
# the bounds clamped to +-180, floor/ceil in tiles), x wrapped, y from the
# south for tms; one "z/x/y" a line
cat >want.py <<'PYEOF'
import json, math, sys
tj, v = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
mx = lambda lon: (lon + 180) / 360
my = lambda lat: (1 - math.log(math.tan(math.pi / 4 + lat * math.pi / 360)) / math.pi) / 2
z = min(round(v["zoom"]), tj["maxzoom"]); n = 2 ** z
w, s, e, nn = v["view"]
b = tj["bounds"]; bw, bs, be, bn = max(-180, b[0]), max(-90, b[1]), min(180, b[2]), min(90, b[3])
box = (math.floor(mx(bw) * n), math.floor(my(bn) * n), math.ceil(mx(be) * n), math.ceil(my(bs) * n))
out = set()
for xu in range(math.floor(mx(w) * n), math.floor(mx(e) * n) + 1):
    for y in range(max(0, math.floor(my(nn) * n)), min(n - 1, math.floor(my(s) * n)) + 1):
        x = xu % n
        if box[0] <= x < box[2] and box[1] <= y < box[3]:
            out.add("%d/%d/%d" % (z, x, n - 1 - y if tj.get("scheme") == "tms" else y))
print("\n".join(sorted(out)))
PYEOF
# view DIR FOOTPRINT NAME [--leaflet]: MapLibre (or Leaflet) on DIR's
# tiles.json (a path under pub); NAME.json its report, NAME.got the tiles
# asked for (z/x/y, the status), NAME.want those it should have asked for
view() {
	: >http.log
	node "$A2_TOP/tests/servers/maplibre-view.js" --server "$BASE" --tilejson "$BASE/$1/tiles.json" \
	    --footprint "$2" ${4:-} >"$3.json" || return 1
	jq -r 'select(.path | test("\\.png$")) | "\(.path) \(.status)"' http.log | sed "s|^/$1/HH/||; s|^/||; s|\.png | |" | sort -u >"$3.got"
	"$PY" want.py "pub/$1/tiles.json" "$3.json" >"$3.want"
}
drawn() { jq -r ".drawn.$2" "$1.json"; }

# a normal scene through the URL job, published to the served root
a2synth --size tiny --level 2.1 --format GeoTIFF --pols HH,HV --package order --order 0000000301 \
    -o "$T/src" >synth.jsonl
ID=$(jq -r .id synth.jsonl)
exits 0 "URL job with PUBLISH and A2_BASE_URL" -- make -f "$A2_TOP/examples/url.mk" A2_DATA="$T/d" A2_TILES_ZOOM=0-12 \
    URL="file://$T/src/0000000301.zip" PUBLISH="$T/pub" A2_BASE_URL="$BASE/"
REL=datasets/L2.1_geotiff/v0.2.4/$(jq -r '.prod_date | gsub("-"; "/")' "$T/d/products/$ID/$ID.met.json")/$ID/tiles
is "$(jq -r '.tiles[0]' "pub/$REL/tiles.json")" "$BASE/$REL/HH/{z}/{x}/{y}.png" "published tiles.json: absolute URLs where it is served"
exits 0 "MapLibre: page shown" -- view "$REL" "$T/d/work/$ID/footprint.geojson" n
is "$(jq -c .errors n.json)" "[]" "MapLibre: no page or map error, no request beyond the server"
[ "$(jq -c .errors n.json)" = "[]" ] || jq -r '.errors[]' n.json | diag
ok '[ -s n.want ]' "tiles in view: $(wc -l <n.want | tr -d ' ')"
is "$(cut -d' ' -f1 n.got)" "$(cat n.want)" "MapLibre asked for exactly the tiles of the view inside the bounds"
is "$(awk '$2 != 200' n.got | wc -l | tr -d ' ')" 0 "every tile it asked for is there (200)"
ok '[ "$(drawn n pixels)" -gt 5000 ]' "a picture is drawn ($(drawn n pixels) px)"
is "$(drawn n outside)" 0 "nothing drawn outside the footprint"
ok 'jq -e ".drawn.coverage >= 0.95" n.json >/dev/null' "the picture fills the footprint ($(drawn n coverage))"

# the scene across 180 degrees (the issue's): its tiles as the job makes
# them, put where a2publish would
a2synth --size tiny --order 0000000107 -o "$T/am" --level 1.5 --format GeoTIFF --lon-shift 242.53 --date 150101 >am.jsonl
AID=$(jq -r .id am.jsonl)
exits 0 "URL job's tiles of the antimeridian scene, with A2_BASE_URL" -- make -f "$A2_TOP/examples/url.mk" A2_DATA="$T/a" \
    A2_TILES_ZOOM=0-12 URL="file://$T/am/0000000107.zip" A2_BASE_URL="$BASE" "$T/a/work/$AID/tiles.json"
AREL=datasets/L1.5_geotiff/v0.2.4/2015/01/01/$AID/tiles
mkdir -p "pub/${AREL%/tiles}" && cp -R "$T/a/products/$AID/tiles" "pub/$AREL"
J=pub/$AREL/tiles.json
is "$(jq -r '.tiles[0]' "$J")" "$BASE/$AREL/HH/{z}/{x}/{y}.png" "antimeridian: absolute URLs"
VB=$(sed -n 's/.*"bounds":\[\([^]]*\)\].*/\1/p' "$T/a/products/$AID/tiles/index.html" | head -n 1)
is "$(jq -c '.bounds | [.[0], .[2]]' "$J")" "[-180,180]" "antimeridian: bounds of every longitude"
is "$(jq -c '.bounds | [.[1], .[3]]' "$J")" "$(echo "[$VB]" | jq -c '[.[1], .[3]]')" "antimeridian: south and north the scene's"
is "$(echo "[$VB]" | jq -r '.[0] > 179 and .[2] < -179')" true "the viewer's copy keeps the scene's own extent (west > east)"
is "$(jq -c '.bounds' "$T/a/work/$AID/tiles.json")" "$(jq -c .bounds "$J")" "the a2tiles record's bounds are tiles.json's"
ok 'jq -e ".center[0] > 179.9 or .center[0] < -179.9" "$J" >/dev/null' "antimeridian: the centre on the line"
exits 0 "MapLibre: antimeridian page shown" -- view "$AREL" "$T/a/work/$AID/footprint.geojson" a
is "$(jq -c .errors a.json)" "[]" "antimeridian: no page or map error"
[ "$(jq -c .errors a.json)" = "[]" ] || jq -r '.errors[]' a.json | diag
is "$(cut -d' ' -f1 a.got)" "$(cat a.want)" "antimeridian: exactly the tiles of the view"
Z=$(head -n 1 a.want | cut -d/ -f1)
is "$(cut -d/ -f2 a.want | sort -nu | tr '\n' ' ')" "0 $(((1 << Z) - 1)) " "antimeridian: columns on both sides of 180 (0 and $(((1 << Z) - 1)))"
is "$(awk '$2 != 200' a.got | wc -l | tr -d ' ')" 0 "antimeridian: every tile asked for is there"
ok '[ "$(drawn a west)" -gt 2000 ] && [ "$(drawn a east)" -gt 2000 ]' \
    "drawn on both sides of the line ($(drawn a west) px west, $(drawn a east) px east)"
is "$(drawn a outside)" 0 "antimeridian: nothing drawn outside the footprint"
ok 'jq -e ".drawn.coverage >= 0.95" a.json >/dev/null' "antimeridian: the picture fills the footprint ($(drawn a coverage))"

# Leaflet (a tile layer with tiles.json's template, scheme and bounds)
# takes the same bounds: the tiles of both sides asked for and found
# (those of the view beyond the scene are not written: 404)
exits 0 "Leaflet on the same tiles.json" -- view "$AREL" "$T/a/work/$AID/footprint.geojson" l --leaflet
is "$(jq -c .errors l.json)" "[]" "Leaflet: no page error"
is "$(cut -d' ' -f1 l.got)" "$(cat l.want)" "Leaflet: exactly the tiles of the view"
LZ=$(head -n 1 l.want | cut -d/ -f1)
is "$(awk '$2 == 200' l.got | cut -d/ -f2 | sort -nu | tr '\n' ' ')" "0 $(((1 << LZ) - 1)) " \
    "Leaflet: the scene's tiles found on both sides of 180 (columns 0 and $(((1 << LZ) - 1)))"

# what the scene's own extent would do: west > east (a2 before), MapLibre
# asks for no tile; east beyond 180, Leaflet none east of the line
cp "$J" tiles.json.keep
jq -c ".bounds = [$VB]" tiles.json.keep >"$J"
exits 0 "MapLibre on west > east bounds" -- view "$AREL" "$T/a/work/$AID/footprint.geojson" w
is "$(wc -l <w.got | tr -d ' ')/$(drawn w pixels)" 0/0 "west > east: no tile asked for, nothing drawn"
jq -c '.bounds[2] += 360' "$J" >"$J.tmp" && mv "$J.tmp" "$J"
exits 0 "Leaflet on east > 180 bounds" -- view "$AREL" "$T/a/work/$AID/footprint.geojson" e --leaflet
is "$(cut -d/ -f2 e.got | sort -nu | tr '\n' ' ')" "$(((1 << LZ) - 1)) " "east > 180: Leaflet asks for no tile east of the line"

# without a base URL: relative tile URLs, which MapLibre takes from its
# page's directory, not from tiles.json's
exits 0 "URL job without a base URL" -- make -f "$A2_TOP/examples/url.mk" A2_DATA="$T/r" A2_TILES_ZOOM=0-12 \
    URL="file://$T/src/0000000301.zip" "$T/r/work/$ID/tiles.json"
mkdir -p pub/rel && cp -R "$T/r/products/$ID/tiles" pub/rel/tiles
is "$(jq -r '.tiles[0]' pub/rel/tiles/tiles.json)" "HH/{z}/{x}/{y}.png" "tile URLs relative"
exits 0 "MapLibre on relative tile URLs" -- view rel/tiles "$T/r/work/$ID/footprint.geojson" r
is "$(sed 's/ .*//; s|/[0-9]*/[0-9]*/[0-9]*$||' r.got | sort -u)/$(awk '$2 == 200' r.got | wc -l | tr -d ' ')/$(drawn r pixels)" "_a2/HH/0/0" \
    "relative: asked beside the page (/_a2/HH/...), none found, nothing drawn"
done_testing
