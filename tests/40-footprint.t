#!/bin/sh
# a2footprint: every method against values read independently (the real
# product's KML and LED bytes, a2synth's truth files), ring rules, bad input.
. "$(dirname "$0")/lib.sh"

ID=ALOS2015976960-140909-FBDR1.5GUA
R=$T/real
mkdir -p "$R" && (cd "$R" && unzip -q "$REAL_ZIP") || { echo "Bail out! cannot unzip $REAL_ZIP"; exit 1; }
RD=$(dirname "$(find "$R" -name summary.txt)")
LED=$RD/LED-$ID

# "lon,lat" lines of a Feature's ring without its closing point
ring() { jq -r '.geometry.coordinates[0][:-1][] | "\(.[0]),\(.[1])"' "$1"; }
# 1 if the ring is closed, counter-clockwise (shoelace area > 0)
ccw() {
	[ -s "$1" ] && jq -e '.geometry.coordinates[0] as $r | ($r[0] == $r[-1]) and
	    ([range(0; ($r|length) - 1) | $r[.][0] * $r[.+1][1] - $r[.+1][0] * $r[.][1]] | add > 0)' "$1" >/dev/null
}
# ring rotated so that it starts at the point nearest to "lon,lat" ($2)
aligned() {
	ring "$1" | awk -F, -v s="$2" '
		BEGIN { split(s, p, ","); best = 1e9 }
		{ x[NR] = $0; d = ($1 - p[1])^2 + ($2 - p[2])^2; if (d < best) { best = d; st = NR } }
		END { if (!st || best > 1e-4) exit 1; for (i = 0; i < NR; i++) print x[(st - 1 + i) % NR + 1] }'
}
# numeric comparison of two lists of "lon,lat" lines within tolerance $3
near() {
	[ -n "$1" ] && [ -n "$2" ] || return 1
	printf '%s\n' "$1" >"$T/.a"; printf '%s\n' "$2" >"$T/.b"
	[ "$(wc -l <"$T/.a")" = "$(wc -l <"$T/.b")" ] &&
	paste -d, "$T/.a" "$T/.b" | awk -F, -v t="$3" '
		{ d1 = $1 - $3; d2 = $2 - $4; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2;
		  if (d1 > t || d2 > t) bad = 1 } END { exit bad }'
}

# ---- real product, summary method vs. the KML polygon (LT LB RB RT LT) ----
exits 0 "real: summary footprint" -- a2footprint "$RD"
out >"$T/sum.json"
is "$(jqf .properties.method "$T/sum.json")" summary "real: method summary (auto)"
is "$(jqf .properties.id "$T/sum.json")" "$ID" "real: properties.id"
is "$(jqf .geometry.type "$T/sum.json")" Polygon "real: Polygon"
ok 'ccw "$T/sum.json"' "real: summary ring closed and counter-clockwise"
kml=$(sed -n 's/.*<coordinates>\(.*\)<\/coordinates>.*/\1/p' "$RD"/*.kml | head -1 |
	tr ' ' '\n' | sed -n 's/^\([^,]*\),\([^,]*\),.*/\1,\2/p' | sed '$d')
is "$(printf '%s\n' "$kml" | wc -l | tr -d ' ')" 4 "real: KML has 4 corners"
got=$(aligned "$T/sum.json" "$(printf '%s\n' "$kml" | head -1)")
ok 'near "$got" "$kml" 0.0005' "real: summary polygon = KML polygon point by point"
is "$(jq -c .geometry.coordinates "$T/sum.json")" \
	'[[[-62.9,-10.812],[-62.764,-11.423],[-62.163,-11.29],[-62.301,-10.679],[-62.9,-10.812]]]' \
	"real: summary coordinates printed as read"
is "$(jq -c .properties.sources "$T/sum.json")" '["summary.txt"]' "real: summary names summary.txt in sources"

# ---- real product, ceos-mapproj vs. LED bytes 720+4096+1072..1199 ----
f16() { dd if="$LED" bs=1 skip=$((720 + 4096 + 1072 + 16 * $1)) count=16 2>/dev/null | tr -d ' '; }
tl="$(f16 1),$(f16 0)"; tr_="$(f16 3),$(f16 2)"; br="$(f16 5),$(f16 4)"; bl="$(f16 7),$(f16 6)"
is "$tl" "-62.9005207,-10.6794393" "real: LED first corner read by the test"
a2classify "$RD" >"$T/scene.json" 2>"$T/classify.err" || diag "a2classify failed: $(cat "$T/classify.err")"
exits 0 "real: ceos-mapproj footprint" -- a2footprint -m ceos-mapproj "$T/scene.json"
out >"$T/mp.json"
is "$(jqf .properties.method "$T/mp.json")" ceos-mapproj "real: method ceos-mapproj"
ok 'ccw "$T/mp.json"' "real: mapproj ring closed and counter-clockwise"
# TL TR BR BL is clockwise on a north-up map: the CCW ring is TL BL BR TR
is "$(ring "$T/mp.json" | tr '\n' ' ')" "$tl $bl $br $tr_ " "real: mapproj corners exactly as in the LED"
is "$(jq -c .properties.sources "$T/mp.json")" "[\"LED-$ID\"]" "real: ceos-mapproj names the LED in sources"

# ---- -o, stdin records ----
exits 0 "-o writes the file" -- a2footprint -o "$T/fp.geojson" "$T/scene.json"
is "$(jq -c . "$T/fp.geojson")" "$(jq -c . "$T/sum.json")" "-o file = stdout Feature"
ok 'no_temps "$T"' "-o leaves no temp files"
# what an a2footprint killed while writing F left goes; a running one's,
# another host's and another file's stay (the URL job no longer rm's them)
host=$(tmp_host) dead=$(dead_pid)
mkdir "$T/o"
for t in ".fp.geojson.tmp.$dead@$host.AbC123" ".fp.geojson.tmp.$$@$host.DeF456" \
    ".fp.geojson.tmp.$dead@elsewhere.example.GhI789" ".x.geojson.tmp.$dead@$host.JkL012"; do
	: >"$T/o/$t"
done
exits 0 "-o beside stale temps" -- a2footprint -o "$T/o/fp.geojson" "$T/scene.json"
is "$(ls -A "$T/o" | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".fp.geojson.tmp.$$@$host.DeF456" ".fp.geojson.tmp.$dead@elsewhere.example.GhI789" \
	".x.geojson.tmp.$dead@$host.JkL012" fp.geojson | LC_ALL=C sort | tr '\n' ' ')" \
    "-o: a dead process's temp of F removed; a live one's, another host's and another file's kept"
printf '{"x":1,"scene":%s}\n' "$(jq -c . "$T/scene.json")" >"$T/rec.jsonl"
exits 0 "stdin record" -- sh -c 'a2footprint <"$1"' sh "$T/rec.jsonl"
is "$(out | jq -c '[.x, .scene.id, .footprint.properties.method]')" "[1,\"$ID\",\"summary\"]" \
	"stdin: record passed on with footprint added"
exits 2 "unknown method is a usage error" -- a2footprint -m bogus "$T/scene.json"
exits 2 "-o with two operands is a usage error" -- a2footprint -o "$T/x.json" "$T/scene.json" "$T/scene.json"

# ---- bad inputs ----
bad() { # NAME JQ-FILTER METHOD EXPECTED-STDERR-SUBSTRING
	bad_n=$1 bad_want=$4
	jq "$2" "$T/scene.json" >"$T/bad-$1.json"
	exits 1 "bad $1: exit 1" -- a2footprint -m "$3" -o "$T/bad-$1.geojson" "$T/bad-$1.json"
	ok 'grep -qF -- "$bad_want" "$T/.err"' "bad $1: message names the field"
	ok '[ ! -e "$T/bad-$bad_n.geojson" ]' "bad $1: nothing written"
}
bad garbled '.summary.Img_ImageSceneLeftTopLatitude = "-1O.812"' summary \
	"summary.txt: Img_ImageSceneLeftTopLatitude: not a number"
bad missing 'del(.summary.Img_ImageSceneRightBottomLongitude)' summary \
	"summary.txt: Img_ImageSceneRightBottomLongitude: missing"
bad lat95 '.summary.Img_ImageSceneRightTopLatitude = "95.000"' summary \
	"summary.txt: Img_ImageSceneRightTopLatitude: 95.000 out of range"
bad same '.summary.Img_ImageSceneRightTopLatitude = .summary.Img_ImageSceneLeftTopLatitude |
	.summary.Img_ImageSceneRightTopLongitude = .summary.Img_ImageSceneLeftTopLongitude' summary \
	"corners 1 and 2 are the same point"
jq 'del(.summary.Img_ImageSceneLeftTopLatitude)' "$T/scene.json" >"$T/nolt.json"
exits 0 "auto without summary corners" -- a2footprint "$T/nolt.json"
is "$(out | jq -r .properties.method)" ceos-mapproj "auto falls back to ceos-mapproj for L1.5 CEOS"
# the leader is read once, by a2classify: a truncated one stops it there,
# and a2footprint takes the map projection record from the scene record
cp -r "$RD" "$T/trunc"
head -c $((720 + 4096 + 1100)) "$LED" >"$T/trunc/LED-$ID"
exits 1 "truncated LED: exit 1" -- a2footprint -m ceos-mapproj -o "$T/trunc.geojson" "$T/trunc"
ok 'grep -q "LED-$ID" "$T/.err"' "truncated LED: message names the file"
ok '[ ! -e "$T/trunc.geojson" ]' "truncated LED: nothing written"
jq '.ceos.mapproj = null' "$T/scene.json" >"$T/nomp.json"
exits 1 "no map projection record: exit 1" -- a2footprint -m ceos-mapproj -o "$T/nomp.geojson" "$T/nomp.json"
ok 'grep -q "LED-$ID: no map projection record" "$T/.err"' "no map projection record: message names the LED"
ok '[ ! -e "$T/nomp.geojson" ]' "no map projection record: nothing written"
jq 'del(.ceos.mapproj)' "$T/scene.json" >"$T/old.json"
exits 1 "scene record of an older a2classify: exit 1" -- a2footprint -m ceos-mapproj "$T/old.json"
is "$(err)" "a2footprint: $ID: scene record without ceos.mapproj: it comes from an older a2classify; run a2classify again" \
	"older scene record: the missing key named, a2classify to run again"

# ---- antimeridian: cut into a MultiPolygon at +-180 (RFC 7946 §3.1.9) ----
jq '.summary.Img_ImageSceneLeftTopLongitude = "179.900" | .summary.Img_ImageSceneLeftBottomLongitude = "179.950" |
    .summary.Img_ImageSceneRightTopLongitude = "-179.500" | .summary.Img_ImageSceneRightBottomLongitude = "-179.450"' \
	"$T/scene.json" >"$T/am.json"
exits 0 "antimeridian scene" -- a2footprint "$T/am.json"
out >"$T/am.geojson"
# the edges LT-RT (179.9,-10.812 .. -179.5,-10.679) and LB-RB cross 180 at
# latitudes interpolated on the continuous line: -10.812 + 0.1/0.6 * 0.133
is "$(jq -c .geometry "$T/am.geojson")" \
	'{"type":"MultiPolygon","coordinates":[[[[179.95,-11.423],[180,-11.4119167],[180,-10.7898333],[179.9,-10.812],[179.95,-11.423]]],[[[-179.5,-10.679],[-180,-10.7898333],[-180,-11.4119167],[-179.45,-11.29],[-179.5,-10.679]]]]}' \
	"antimeridian: two parts meeting at 180 and -180, 7 decimals"
is "$(jq -c .bbox "$T/am.geojson")" "[179.9,-11.423,-179.45,-10.679]" "antimeridian: bbox west > east"
ok "jq -e '[.geometry.coordinates[][0] | . as \$r | [range(0; (\$r|length) - 1) |
	\$r[.][0] * \$r[.+1][1] - \$r[.+1][0] * \$r[.][1]] | add > 0] | all' '$T/am.geojson' >/dev/null" \
	"antimeridian: both rings counter-clockwise"
# a ring that winds around a pole cannot be a [lon, lat] polygon
jq '.summary.Img_ImageSceneLeftTopLongitude = "0" | .summary.Img_ImageSceneRightTopLongitude = "90" |
    .summary.Img_ImageSceneRightBottomLongitude = "180" | .summary.Img_ImageSceneLeftBottomLongitude = "-90" |
    .summary.Img_ImageSceneLeftTopLatitude = "88" | .summary.Img_ImageSceneRightTopLatitude = "88" |
    .summary.Img_ImageSceneRightBottomLatitude = "88" | .summary.Img_ImageSceneLeftBottomLatitude = "88"' \
	"$T/scene.json" >"$T/pole.json"
exits 1 "polar scene around the pole: refused" -- a2footprint -m summary "$T/pole.json"
ok 'grep -q "encloses the North Pole" "$T/.err"' "polar scene: message says why"

# ---- synthetic products (a2synth) ----
S=$T/synth
synth() { # NAME ARGS...: generate one product as a directory
	_n=$1; shift
	a2synth -s 7 --size tiny --package dir "$@" -o "$S/$_n" >"$S/$_n.line" 2>"$S/$_n.err" ||
		{ diag "a2synth $* failed: $(cat "$S/$_n.err")"; return 1; }
}
mkdir -p "$S"
# truth corners as "lon,lat" lines in the order of the keys given
truth() { jq -r --arg k "$2" '.[$k] as $c | ($ARGS.positional[] | $c[.]) | "\(.[0]),\(.[1])"' \
	"$(jq -r .truth "$S/$1.line")" --args $3; }
dir_of() { jq -r .path "$S/$1.line"; }

# L1.1 CEOS: ceos-img = truth l11_corners ([lon,lat] of L0P0 L0Pn LnPn LnP0);
# the ring keeps L0P0 first and is reversed only if that order is clockwise
l11want() {
	jq -r '.l11_corners as $c |
	    ([range(4) | $c[.][0] * $c[(. + 1) % 4][1] - $c[(. + 1) % 4][0] * $c[.][1]] | add) as $a |
	    (if $a > 0 then $c else [$c[0], $c[3], $c[2], $c[1]] end)[] | "\(.[0]),\(.[1])"' \
	    "$(jq -r .truth "$S/$1.line")"
}
synth l11 --level 1.1 --mode FBD --format CEOS
exits 0 "L1.1: ceos-img footprint" -- a2footprint "$(dir_of l11)"
out >"$T/l11.json"
is "$(jqf .properties.method "$T/l11.json")" ceos-img "L1.1: auto picks ceos-img"
ok 'ccw "$T/l11.json"' "L1.1: ring closed and counter-clockwise"
is "$(ring "$T/l11.json")" "$(l11want l11)" "L1.1: corners = truth l11_corners exactly"

# ScanSAR L1.1: the union of the subswaths F1..F5; every subswath corner
# of the truth file lies on or inside it, the ring starts at F1's L0P0 and
# the outer corners (F1 near, F5 far) are vertices
synth wbd --level 1.1 --mode WBD --format CEOS
exits 0 "L1.1 ScanSAR: ceos-img footprint" -- a2footprint "$(dir_of wbd)"
out >"$T/wbd.json"
is "$(jqf .geometry.type "$T/wbd.json")" Polygon "L1.1 ScanSAR: one polygon"
is "$(jq -c '.properties.sources | length' "$T/wbd.json")" 6 "L1.1 ScanSAR: sources F1..F5 and LED"
ok 'ccw "$T/wbd.json"' "L1.1 ScanSAR: ring counter-clockwise"
wt=$(jq -r .truth "$S/wbd.line")
is "$(ring "$T/wbd.json" | head -1)" "$(jq -r '.l11_scan_corners[0][0] | "\(.[0]),\(.[1])"' "$wt")" \
	"L1.1 ScanSAR: ring starts at F1 L0P0"
f5=$(jq -r '.l11_scan_corners[4][1] | "\(.[0]),\(.[1])"' "$wt")
ok 'ring "$T/wbd.json" | grep -qxF -- "$f5"' "L1.1 ScanSAR: F5 L0Pn ($f5) is a vertex"
# point in polygon (even-odd) with a 1e-6 degree allowance for points on the edges
inside_all() {
	jq -n --slurpfile f "$1" --slurpfile t "$2" '
	    def inside($p; $r): [range(0; ($r|length) - 1) as $i | $r[$i] as $a | $r[$i+1] as $b |
	        select((($a[1] > $p[1]) != ($b[1] > $p[1])) and
	            ($p[0] < ($b[0] - $a[0]) * ($p[1] - $a[1]) / ($b[1] - $a[1]) + $a[0]))] | length % 2 == 1;
	    def near($p; $r): [ $r[] | select(((.[0] - $p[0]) | fabs) < 1e-6 and ((.[1] - $p[1]) | fabs) < 1e-6) ] | length > 0;
	    def onedge($p; $r): [range(0; ($r|length) - 1) as $i | $r[$i] as $a | $r[$i+1] as $b |
	        (($b[0]-$a[0])*($p[1]-$a[1]) - ($b[1]-$a[1])*($p[0]-$a[0])) | fabs /
	        ((($b[0]-$a[0])|.*.) + (($b[1]-$a[1])|.*.) | sqrt) | select(. < 1e-6)] | length > 0;
	    $f[0].geometry.coordinates[0] as $r |
	    [$t[0].l11_scan_corners[][] | . as $p | inside($p; $r) or near($p; $r) or onedge($p; $r)] | all' >/dev/null
}
ok 'inside_all "$T/wbd.json" "$wt"' "L1.1 ScanSAR: all 20 subswath corners within the footprint"
is "$(jq -r '.properties.geolocation | "\(.method) \(.points) \(.agreement_m < 1)"' "$T/wbd.json")" \
	"range-doppler 30 true" "L1.1 ScanSAR: range-Doppler check on 6 points per subswath, < 1 m"

# L1.5 CEOS: ceos-mapproj = truth frame_corners
synth l15c --level 1.5 --mode FBD --format CEOS
exits 0 "L1.5 CEOS: ceos-mapproj footprint" -- a2footprint -m ceos-mapproj "$(dir_of l15c)"
out >"$T/l15c.json"
ok 'ccw "$T/l15c.json"' "L1.5 CEOS: ring counter-clockwise"
want=$(truth l15c frame_corners "lt lb rb rt")
ok 'near "$(aligned "$T/l15c.json" "$(printf "%s\n" "$want" | head -1)")" "$want" 0.00051' \
	"L1.5 CEOS: mapproj corners = truth frame_corners"

# L1.5 and L2.1 GeoTIFF: summary = truth image_corners; geotiff bbox ~ summary bbox
for lv in 1.5 2.1; do
	synth "g$lv" --level "$lv" --mode FBD --format GeoTIFF --pols HH,HV
	d=$(dir_of "g$lv")
	exits 0 "L$lv GeoTIFF: summary footprint" -- a2footprint -m summary "$d"
	out >"$T/g$lv.json"
	want=$(truth "g$lv" image_corners "lt lb rb rt")
	ok 'near "$(aligned "$T/g$lv.json" "$(printf "%s\n" "$want" | head -1)")" "$want" 0.0000001' \
		"L$lv GeoTIFF: summary corners = truth image_corners"
	tif=$(find "$d" -name 'IMG-HH-*.tif' | head -1)
	exits 0 "L$lv GeoTIFF: geotiff footprint" -- a2footprint "$tif"
	out >"$T/g$lv-r.json"
	is "$(jqf .properties.method "$T/g$lv-r.json")" geotiff "L$lv GeoTIFF: method geotiff"
	ok 'ccw "$T/g$lv-r.json"' "L$lv GeoTIFF: raster ring counter-clockwise"
	# tolerance: one pixel (tiny rasters are not downsampled) plus the
	# 3-decimal rounding of summary.txt, in degrees
	px=$(jq -r '.pixel_spacing' "$(jq -r .truth "$S/g$lv.line")")
	ok "jq -e -n --slurpfile a '$T/g$lv.json' --slurpfile b '$T/g$lv-r.json' --argjson px $px '
		def bb: .geometry.coordinates[0] | [min_by(.[0])[0], min_by(.[1])[1], max_by(.[0])[0], max_by(.[1])[1]];
		(\$a[0] | bb) as \$s | (\$b[0] | bb) as \$r | (\$px / 111000 + 0.0006) as \$t |
		[range(4) | (\$s[.] - \$r[.]) | fabs < \$t] | all' >/dev/null" \
		"L$lv GeoTIFF: raster bbox within a pixel of the summary bbox"
done
exits 0 "GeoTIFF scene dir, -m geotiff" -- a2footprint -m geotiff "$(dir_of g2.1)"
is "$(out | jq -r .properties.id)" "$(jq -r .id "$S/g2.1.line")" "GeoTIFF scene: id from the scene"

plan "$_tap_n"
done_testing
