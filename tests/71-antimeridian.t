#!/bin/sh
# A scene across 180 degrees through the whole URL job (examples/url.mk)
# with a catalog, publishing and the site: catalogued as the MultiPolygon
# it is and found by a box on either side of the line; published whole; a
# dataset.json "center" on the scene where GRQ's own fallback (the GEOS
# centroid of "location", which shapely computes) lands on the other side
# of the Earth; and, in headless Chromium, the site map and the tile
# viewer each drawing the whole footprint where the map looks.
# (PostGIS: tests/85-catalog.t stores and queries the same MultiPolygon.)
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
command -v ogrinfo >/dev/null || skip_all "ogrinfo (gdal-bin) needed"
cd "$T" || exit 1

ID=ALOS2015976960-150101-FBDR1.5GUA
D=$T/data
CAT=$T/catalog.gpkg
a2synth --size tiny --order 0000000107 -o "$T/src" --level 1.5 --format GeoTIFF --lon-shift 242.53 \
    --date 150101 >synth.json
is "$(jq -r .id synth.json)" "$ID" "a2synth: the scene across 180"
exits 0 "the URL job with A2_CATALOG, PUBLISH and SITE" -- make -f "$A2_TOP/examples/url.mk" \
    URL="file://$T/src/0000000107.zip" A2_DATA="$D" A2_CATALOG="$CAT" PUBLISH="$T/pub" SITE="$T/site"
P=$D/products/$ID

# ---- a2md: the location, and the center GRQ would otherwise get wrong ----
# (as jq -c prints it: 180.0 as 180)
LOC='{"type":"MultiPolygon","coordinates":[[[[179.72,-11.345],[180,-11.2869458],[180,-10.6406486],[179.589,-10.726],[179.72,-11.345]]],[[[-179.785,-10.596],[-180,-10.6406486],[-180,-11.2869458],[-179.653,-11.215],[-179.785,-10.596]]]]}'
is "$(jq -c .location "$P/$ID.met.json")" "$LOC" "met.json location: the summary corners cut at 180"
is "$(jq -c .location "$P/$ID.dataset.json")" "$LOC" "dataset.json location: the same"
is "$(jq -c .center "$P/$ID.dataset.json")" '{"type":"Point","coordinates":[179.9677835,-10.9705754]}' \
    "dataset.json center: a GeoJSON Point on the scene"
is "$(jq -c 'keys_unsorted' "$P/$ID.dataset.json")" '["version","label","starttime","endtime","location","center"]' \
    "dataset.json keys"
is "$(jq -c 'has("center")' "$P/$ID.met.json")" false "met.json: no center (GRQ reads it under metadata)"
# GRQ's fallback, shapely(location).centroid, is GEOS's centroid: here
# through OGR's SQLite dialect (SpatiaLite, GEOS)
geos() { # GEOJSON-GEOMETRY SQL-EXPR(geometry) -> the value
	printf '{"type":"Feature","properties":{},"geometry":%s}\n' "$1" >g.geojson
	ogrinfo -ro -q -dialect sqlite -sql "SELECT $2 AS v FROM g" g.geojson | sed -n 's/^ *v ([A-Za-z]*) = //p'
}
is "$(geos "$LOC" 'AsText(ST_Centroid(geometry))')" "POINT(18.485648 -10.970575)" \
    "without center, GRQ would centre the scene at 18.49E, off the scene"
UNWRAPPED=$(printf '%s' "$LOC" | jq -c '.coordinates |= map(map(map(if .[0] < 0 then [.[0] + 360, .[1]] else . end)))')
is "$(geos "$UNWRAPPED" 'AsText(ST_Centroid(geometry))')" "POINT(179.967784 -10.970575)" \
    "center = GEOS centroid of the location with its parts joined at 180"
is "$(geos "$UNWRAPPED" 'ST_Within(MakePoint(179.9677835, -10.9705754), geometry)')" 1 "center lies inside the footprint"

# ---- the catalog ----
is "$(ogrinfo -ro -q -where "id = '$ID'" "$CAT" products | sed -n 's/^ *\(MULTIPOLYGON.*\)/\1/p')" \
    "MULTIPOLYGON (((179.72 -11.345,180.0 -11.2869458,180.0 -10.6406486,179.589 -10.726,179.72 -11.345)),((-179.785 -10.596,-180 -10.6406486,-180 -11.2869458,-179.653 -11.215,-179.785 -10.596)))" \
    "catalogued as a MultiPolygon (ogrinfo)"
is "$(ogrinfo -ro -so "$CAT" products | sed -n 's/^Geometry: //p')" "Unknown (any)" "the footprint column takes any geometry"
q() { a2catalog -c "$CAT" query --bbox "$1" | jq -r .id | tr '\n' ' ' | sed 's/ $//'; }
is "$(q 179,-12,180,-10)" "$ID" "query --bbox 179,-12,180,-10 (east of 180): found"
is "$(q -180,-12,-179,-10)" "$ID" "query --bbox -180,-12,-179,-10 (west of 180): found"
is "$(q 179,-12,-179,-10)" "$ID" "query --bbox 179,-12,-179,-10 (across 180): found"
is "$(q 179,-12,179.58,-10)" "" "query --bbox beside the eastern part: nothing"
is "$(q -179.64,-12,-179,-10)" "" "query --bbox beside the western part: nothing"
is "$(q -10,-12,10,-10)" "" "query --bbox round GRQ's wrong centre: nothing"
is "$(a2catalog -c "$CAT" query --id "$ID" | jq -c .footprint)" "$LOC" \
    "the catalog gives the footprint back as met.json has it"

# ---- published ----
pubdir=$(jq -r .publish.location "$D/work/$ID/published")
is "$pubdir" "$T/pub/datasets/L1.5_geotiff/v0.2.4/2015/01/01/$ID" "published under its date"
# the same files, the same bytes, but for the Item's links (a2publish(1))
sums() { cd "$1" && find . -type f ! -name "$ID.stac.json" | LC_ALL=C sort | xargs md5sum | md5sum; \
	find . -type f | LC_ALL=C sort; jq -S 'del(.links, .collection)' "$ID.stac.json"; }
is "$(sums "$pubdir")" "$(sums "$P")" "published: the product's very files (the Item's links aside)"

# ---- STAC: the Item's bbox crosses 180 (RFC 7946 5.2), and so does its
# Collection's extent, locally and published (a min/max of the corners
# would give the rest of the world) ----
BB='[179.5839207,-11.3505589,-179.6472659,-10.5970518]'
is "$(jq -c .bbox "$P/$ID.stac.json")" "$BB" "STAC Item: bbox west > east"
is "$(jq -c '.extent.spatial.bbox' "$D/collections/L1.5_geotiff/collection.json")" "[$BB]" \
    "STAC Collection: the extent crosses 180 as the Item does"
is "$(jq -c '.extent.spatial.bbox' "$T/pub/datasets/L1.5_geotiff/collection.json")" "[$BB]" \
    "published STAC Collection: the extent crosses 180"
is "$(jq -c '.extent.spatial.bbox' "$T/site/stac/L1.5_geotiff/collection.json")" "[[179.589,-11.345,-179.653,-10.596]]" \
    "site STAC Collection: the extent crosses 180"
is "$(a2catalog -c "$CAT" query --id "$ID" | jq -r .publish)" "$pubdir" "the catalog records where"

# ---- the site's data ----
is "$(sed -n 's/^{"type":"Feature",/{/p' "$T/site/data.js" | jq -c '[.id, .geometry]')" "[\"$ID\",$LOC]" \
    "site data: the scene with its whole MultiPolygon"

# ---- drawn, in headless Chromium ----
NODE_MODULES=$A2_TOP/tests/node_modules
if [ -x /usr/bin/chromium ] && [ -d "$NODE_MODULES/playwright-core" ]; then
	export NODE_PATH=$NODE_MODULES
	exits 0 "site: opened in Chromium" -- node "$A2_TOP/tests/servers/footprint-view.js" \
	    --page "$T/site/index.html" --site "$ID"
	is "$(out | jq -c '[.errors, .parts, .bounds, .in_view]')" \
	    '[[],2,[179.589,-11.345,180.347,-10.596],true]' \
	    "site: both parts drawn side by side at 180 (not 360 degrees apart), all in view"
	exits 0 "viewer: opened in Chromium" -- node "$A2_TOP/tests/servers/footprint-view.js" \
	    --page "$P/tiles/index.html" --viewer
	is "$(out | jq -c '[.errors, .parts, .bounds, .in_view]')" \
	    '[[],2,[179.5839207,-11.3505589,180.3527341,-10.5970518],true]' \
	    "viewer: the whole outline (both parts, meeting at 180) where the map looks"
else
	for i in 1 2 3 4; do _tap 0 "# SKIP chromium or playwright-core missing"; done
fi

# ---- a rerun does nothing ----
exits 0 "rerun" -- make -f "$A2_TOP/examples/url.mk" \
    URL="file://$T/src/0000000107.zip" A2_DATA="$D" A2_CATALOG="$CAT" PUBLISH="$T/pub" SITE="$T/site"
ok "grep -q 'Nothing to be done' '$T/.out'" "rerun: nothing to be done"

plan $_tap_n
done_testing
