#!/bin/sh
# a2footprint -m geotiff: valid-data outlines of rotated swaths, with holes,
# specks and mountain shadows cutting the data apart; north and south UTM,
# polar stereographic (gdalwarp of a synthetic product), a scene around the
# pole (refused) and one across the antimeridian (cut at 180).
. "$(dirname "$0")/lib.sh"

S=$T/s
mkdir -p "$S"
synth() { # NAME ARGS...: a 300x300 L2.1 scene directory
	_n=$1; shift
	a2synth -s 5 --size 300x300 --level 2.1 --package dir "$@" -o "$S/$_n" >"$S/$_n.line" 2>"$S/$_n.err" ||
		{ diag "a2synth $* failed: $(cat "$S/$_n.err")"; return 1; }
}
dir_of() { jq -r .path "$S/$1.line"; }
truth_of() { jq -r .truth "$S/$1.line"; }
tif_of() { ls "$(dir_of "$1")"/IMG-HH-*.tif; }
nvert() { jq '.geometry.coordinates[0] | length - 1' "$1"; }
# ring closed, counter-clockwise, 7 decimals at most, no repeated point
clean() {
	jq -e '.geometry.coordinates[0] as $r | ($r[0] == $r[-1]) and
	    ([range(0; ($r|length) - 1) | $r[.][0] * $r[.+1][1] - $r[.+1][0] * $r[.][1]] | add > 0) and
	    ([$r[][] | . * 1e7 | (. - round) | fabs < 1e-5] | all) and
	    (($r[:-1] | unique | length) == ($r | length) - 1)' "$1" >/dev/null
}
# every truth image corner (the swath quadrilateral) within $3 degrees of a
# footprint vertex
corners_near() {
	jq -e -n --slurpfile f "$1" --slurpfile t "$2" --argjson tol "$3" '
	    $f[0].geometry.coordinates[0] as $r |
	    [$t[0].image_corners[] as $c | [$r[] | ((.[0] - $c[0]) | fabs) < $tol and ((.[1] - $c[1]) | fabs) < $tol] | any] | all' >/dev/null
}
bbox_near() { # A B TOL: bboxes equal within TOL degrees
	jq -e -n --slurpfile a "$1" --slurpfile b "$2" --argjson t "$3" \
	    '[range(4) as $i | (($a[0].bbox[$i] - $b[0].bbox[$i]) | fabs) < $t] | all' >/dev/null
}

# pixel 80 km / 300 ~ 270 m ~ 0.0025 degree; summary corners carry 3 decimals
TOL=0.006
for c in A D; do
	synth "plain$c" --direction "$c" || continue
	exits 0 "plain $c: footprint" -- a2footprint -m geotiff "$(dir_of "plain$c")"
	out >"$T/plain$c.json"
	is "$(jqf .properties.method "$T/plain$c.json")" geotiff "plain $c: method geotiff"
	ok 'clean "$T/plain$c.json"' "plain $c: ring clean (closed, CCW, 7 decimals, no repeats)"
	ok '[ "$(nvert "$T/plain$c.json")" -le 8 ]' "plain $c: a rotated rectangle needs few vertices ($(nvert "$T/plain$c.json"))"
	ok 'corners_near "$T/plain$c.json" "$(truth_of "plain$c")" $TOL' "plain $c: swath corners = truth within a pixel"
	is "$(jq -c .properties.sources "$T/plain$c.json")" "[\"$(basename "$(tif_of "plain$c")")\"]" \
		"plain $c: source is the first polarisation's raster"
done

# holes (lakes) inside the swath leave the outline as it was
synth holes --mask holes
exits 0 "holes: footprint" -- a2footprint -m geotiff "$(dir_of holes)"
out >"$T/holes.json"
is "$(jq -c .geometry "$T/holes.json")" "$(jq -c .geometry "$T/plainA.json")" "holes: same polygon as without them"
is "$(jqf .geometry.type "$T/holes.json")" Polygon "holes: one Polygon, no inner rings"

# specks outside the swath: dropped
synth specks --mask specks
exits 0 "specks: footprint" -- a2footprint -m geotiff "$(dir_of specks)"
out >"$T/specks.json"
ok 'clean "$T/specks.json"' "specks: ring clean"
ok 'bbox_near "$T/specks.json" "$T/plainA.json" 0.004' "specks: bbox as without them (within 1.5 pixels)"

# mountains: shadow bands cut the data into pieces; one footprint of them all
synth mnt --mask mountains
n=$(gdal_polygonize.py -q "$(tif_of mnt)" -f GeoJSON "$T/mnt-raw.json" >/dev/null 2>&1 &&
	jq '[.features[] | select(.properties.DN > 0)] | length' "$T/mnt-raw.json")
ok '[ "${n:-0}" -ge 6 ]' "mountains: the raw mask really falls apart ($n polygons)"
exits 0 "mountains: footprint" -- a2footprint -m geotiff "$(dir_of mnt)"
out >"$T/mnt.json"
is "$(jqf .geometry.type "$T/mnt.json")" Polygon "mountains: one Polygon"
ok '[ "$(nvert "$T/mnt.json")" -le 100 ]' "mountains: at most 100 vertices ($(nvert "$T/mnt.json"))"
ok 'bbox_near "$T/mnt.json" "$T/plainA.json" 0.004' "mountains: spans the whole swath"
exits 0 "mountains: -n 12" -- a2footprint -m geotiff -n 12 "$(dir_of mnt)"
ok '[ "$(out | jq ".geometry.coordinates[0] | length - 1")" -le 12 ]' "-n caps the vertex count"
exits 2 "-n 2 is a usage error" -- a2footprint -n 2 "$(dir_of mnt)"

# north UTM (frame 1000) and south UTM (the default frame): EPSG from truth
synth north --frame 1000
is "$(jq -r .epsg "$(truth_of north)")/$(jq -r .epsg "$(truth_of plainA)")" "32618/32720" "UTM zones north and south"
exits 0 "north: footprint" -- a2footprint "$(tif_of north)"
out >"$T/north.json"
ok 'clean "$T/north.json" && corners_near "$T/north.json" "$(truth_of north)" $TOL' \
	"north: clean ring, swath corners = truth"

# polar stereographic: the UTM product warped to EPSG:3413 (frame 1750 is
# at 85 N) gives the same outline within two pixels
synth polar --frame 1750
exits 0 "polar: gdalwarp to EPSG:3413" -- gdalwarp -q -t_srs EPSG:3413 -dstnodata 0 "$(tif_of polar)" "$T/ps.tif"
exits 0 "polar stereographic: footprint" -- a2footprint "$T/ps.tif"
out >"$T/ps.json"
a2footprint "$(tif_of polar)" >"$T/polar-utm.json"
ok 'clean "$T/ps.json"' "polar stereographic: ring clean"
ok 'jq -e -n --slurpfile a "$T/ps.json" --slurpfile b "$T/polar-utm.json" "
	[range(4) as \$i | ((\$a[0].bbox[\$i] - \$b[0].bbox[\$i]) | fabs) < (if \$i % 2 == 0 then 0.08 else 0.006 end)] | all" >/dev/null' \
	"polar stereographic: bbox = UTM product's within two pixels"
# GeoJSON edges are straight in lon/lat, the outline's in the raster CRS:
# at 85 N they part by kilometres unless the ring is densified before the
# transformation; every edge must stay within half a pixel of the outline
edge_dev() { # TIF FEATURE: worst distance (pixels) of lon/lat edges from straight CRS edges
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import json, math, sys
from osgeo import gdal, osr
ds = gdal.Open(sys.argv[1]); px = abs(ds.GetGeoTransform()[1])
srs = osr.SpatialReference(wkt=ds.GetProjection()); wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
for s in (srs, wgs):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(wgs, srs)
ring = json.load(open(sys.argv[2]))["geometry"]["coordinates"][0]
worst = 0
for a, b in zip(ring, ring[1:]):
    pa, pb = ct.TransformPoint(*a), ct.TransformPoint(*b)
    dx, dy = pb[0] - pa[0], pb[1] - pa[1]
    for k in range(1, 16):
        p = ct.TransformPoint(a[0] + k / 16 * (b[0] - a[0]), a[1] + k / 16 * (b[1] - a[1]))
        worst = max(worst, abs((p[0] - pa[0]) * dy - (p[1] - pa[1]) * dx) / math.hypot(dx, dy))
print("%.2f" % (worst / px))
EOF
}
dev=$(edge_dev "$T/ps.tif" "$T/ps.json")
ok '[ "$(echo "$dev" | awk "{ print (\$1 < 0.5) }")" = 1 ]' \
	"polar stereographic: lon/lat edges within half a pixel of the outline ($dev px)"
dev=$(edge_dev "$(tif_of polar)" "$T/polar-utm.json")
ok '[ "$(echo "$dev" | awk "{ print (\$1 < 0.5) }")" = 1 ]' \
	"UTM at 85 N: lon/lat edges within half a pixel of the outline ($dev px)"
is "$(jq '.geometry.coordinates[0] | length - 1 | . > 4 and . <= 100' "$T/polar-utm.json")" true \
	"UTM at 85 N: densified, at most 100 vertices"
# the same raster placed on the pole: refused, not drawn around the world
gdal_translate -q -a_srs EPSG:3413 -a_ullr -40000 40000 40000 -40000 "$(tif_of polar)" "$T/pole.tif"
exits 1 "raster around the North Pole: refused" -- a2footprint "$T/pole.tif"
ok 'grep -q "covers the North Pole" "$T/.err"' "pole: clear message"
gdal_translate -q -a_srs EPSG:3031 -a_ullr -40000 40000 40000 -40000 "$(tif_of polar)" "$T/spole.tif"
exits 1 "raster around the South Pole: refused" -- a2footprint "$T/spole.tif"
ok 'grep -q "covers the South Pole" "$T/.err"' "south pole: clear message"
# no georeferencing, or a geotransform without a CRS: refused, named
gdal_create -q -of GTiff -outsize 10 10 -burn 1 "$T/nogeo.tif"
exits 1 "no geotransform, no GCPs: exit 1" -- a2footprint "$T/nogeo.tif"
is "$(err)" "a2footprint: $T/nogeo.tif: no georeferencing (geotransform and CRS, or GCPs)" \
	"no georeferencing: the message names the file"
gdal_create -q -of GTiff -outsize 10 10 -burn 1 -a_ullr 0 10 10 0 "$T/nocrs.tif"
exits 1 "a geotransform but no CRS: exit 1" -- a2footprint "$T/nocrs.tif"
is "$(err)" "a2footprint: $T/nocrs.tif: no georeferencing (geotransform and CRS, or GCPs)" \
	"no CRS: the message names the file"

# other formats and sample types: GTiff, MEM and Memory are the drivers
# registered up front; any other format registers the rest. Integer bands
# are read as stored, others as Float32: the outline is the same for all.
gdal_translate -q -of HFA "$(tif_of plainA)" "$T/plainA.img"
exits 0 "an ERDAS Imagine (.img) raster: footprint" -- a2footprint "$T/plainA.img"
out >"$T/img.json"
is "$(jq -c .geometry "$T/img.json")" "$(jq -c .geometry "$T/plainA.json")" \
	"HFA: the same polygon as the GeoTIFF"
for ty in Byte Int16 Float32; do
	gdal_calc.py --quiet -A "$(tif_of plainA)" --type="$ty" --calc="where(A > 0, 1 + A / 1000, 0)" \
		--outfile="$T/plainA-$ty.tif" >/dev/null 2>&1
	a2footprint "$T/plainA-$ty.tif" >"$T/ty.json" 2>"$T/.err"
	is "$(jq -c .geometry "$T/ty.json")" "$(jq -c .geometry "$T/plainA.json")" \
		"$ty band: the same polygon as UInt16"
done
# a no-data value marks invalid pixels as zero does: a border of 7s is cut
gdal_calc.py --quiet -A "$(tif_of plainA)" --type=UInt16 \
	--calc="where(A == 0, 7, A)" --outfile="$T/nd7.tif" >/dev/null 2>&1
gdal_edit.py -a_nodata 7 "$T/nd7.tif"
exits 0 "UInt16 with no-data 7: footprint" -- a2footprint "$T/nd7.tif"
out >"$T/nd7.json"
is "$(jq -c .geometry "$T/nd7.json")" "$(jq -c .geometry "$T/plainA.json")" \
	"no-data 7: the same polygon as zero"
gdal_edit.py -a_nodata 70000 "$T/nd7.tif"
exits 0 "no-data beyond the UInt16 range: footprint" -- a2footprint "$T/nd7.tif"
out >"$T/nd70k.json"
is "$(jq '.geometry.coordinates[0] | length - 1' "$T/nd70k.json")" 4 \
	"no-data 70000 matches no pixel: the whole raster (4 vertices)"

# antimeridian: orbit shifted so the scene straddles 180 (UTM zone 60)
synth am --lon-shift 242.53
exits 0 "antimeridian: footprint" -- a2footprint -m geotiff "$(dir_of am)"
out >"$T/am.json"
is "$(jq -r '[.geometry.type, (.geometry.coordinates | length), (.bbox[0] > .bbox[2])] | @csv' "$T/am.json")" \
	'"MultiPolygon",2,true' "antimeridian: cut in two, bbox west > east"
is "$(jq -r '[.geometry.coordinates[0][0][][0] | select(. < 0)] | length' "$T/am.json")/$(jq -r '[.geometry.coordinates[1][0][][0] | select(. > 0)] | length' "$T/am.json")" \
	"0/0" "antimeridian: each part on its own side"
exits 0 "antimeridian: summary method" -- a2footprint -m summary "$(dir_of am)"
out >"$T/am-sum.json"
ok 'bbox_near "$T/am.json" "$T/am-sum.json" $TOL' "antimeridian: raster and summary bboxes agree"

plan "$_tap_n"
done_testing
