#!/bin/sh
# a2synth: names, packaging, determinism, summary.txt against the truth
# file, exact CEOS bytes, GeoTIFF georeferencing, usage errors.
. "$(dirname "$0")/lib.sh"
plan 76

ID15=ALOS2015976960-140909-FBDR1.5GUA
ID11=ALOS2015976960-140909-FBDR1.1__A
SC=ALOS2015976960-140909

# big-endian signed 32-bit integer at byte OFF of FILE
be32() { od -A n -j "$2" -N 4 -t d4 --endian=big "$1" | tr -d ' '; }
# ASCII bytes OFF..OFF+LEN-1 of FILE
asc() { dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null; }
# the 12-byte record header at OFF as "seq sub1 type sub2 sub3 len"
hdr() {
	printf '%s %s\n' "$(be32 "$1" "$2")" \
	    "$(od -A n -j $(($2 + 4)) -N 4 -t u1 "$1" | tr -s ' ' | sed 's/^ //')" |
	    sed "s/\$/ $(be32 "$1" $(($2 + 8)))/"
}
# summary.txt value of KEY
sv() { sed -n "s/^$2=\"\\(.*\\)\"\$/\\1/p" "$1"; }

# ---- default: L1.5 GeoTIFF FBD in an order zip ----
exits 0 "default run" -- a2synth -o "$T/a"
is "$(out | jq -r '[.id, .scene_id, .path, .truth] | join(" ")')" \
    "$ID15 $SC $T/a/0000012345.zip $T/a/$ID15.truth.json" "JSON line"
is "$(out | wc -l | tr -d ' ')" 1 "one JSON line"
is "$(unzip -Z1 "$T/a/0000012345.zip")" "0000012345_001001_$SC.zip" "order zip holds the scene zip"
mkdir "$T/a/x"
(cd "$T/a/x" && unzip -q ../0000012345.zip && unzip -q "0000012345_001001_$SC.zip")
is "$(unzip -Z1 "$T/a/x/0000012345_001001_$SC.zip" | tr '\n' ' ')" \
"${SC}_FBDR1.5GUA.kml BRS-HH-$ID15.jpg BRS-HV-$ID15.jpg IMG-HH-$ID15.tif IMG-HV-$ID15.tif \
LUT-HH-$ID15.txt LUT-HV-$ID15.txt summary.txt " "scene zip members, sorted"
is "$(unzip -Z -T "$T/a/x/0000012345_001001_$SC.zip" | sed -n 3p | awk '{print $1, $7}')" \
    "-rw-r--r-- 20150320.080952" "fixed mode and mtime"

# ---- determinism ----
a2synth -o "$T/b" >/dev/null
same_file "$T/a/0000012345.zip" "$T/b/0000012345.zip" "same options, same order zip"
is "$(jq -c 'del(.package)' "$T/a/$ID15.truth.json")" "$(jq -c 'del(.package)' "$T/b/$ID15.truth.json")" \
    "same truth (but for its package path)"
a2synth -o "$T/c" -s 2 >/dev/null
ok '! cmp -s "$T/a/0000012345.zip" "$T/c/0000012345.zip"' "another seed, other pixels"

# ---- summary.txt against the truth ----
S="$T/a/x/summary.txt"
TR="$T/a/$ID15.truth.json"
is "$(sed 's/=.*//' "$S" | tr '\n' ' ')" "Odi_SceneId Odi_SiteDateTime Scs_SceneID \
Scs_SceneShift Pds_ProductID Pds_ResamplingMethod Pds_UTM_ZoneNo Pds_MapDirection \
Pds_PixelSpacing Pds_OrbitDataPrecision Pds_AttitudeDataPrecision Img_SceneCenterDateTime \
Img_SceneStartDateTime Img_SceneEndDateTime Img_ImageSceneCenterLatitude \
Img_ImageSceneCenterLongitude Img_ImageSceneLeftTopLatitude Img_ImageSceneLeftTopLongitude \
Img_ImageSceneRightTopLatitude Img_ImageSceneRightTopLongitude \
Img_ImageSceneLeftBottomLatitude Img_ImageSceneLeftBottomLongitude \
Img_ImageSceneRightBottomLatitude Img_ImageSceneRightBottomLongitude \
Img_FrameSceneCenterLatitude Img_FrameSceneCenterLongitude Img_FrameSceneLeftTopLatitude \
Img_FrameSceneLeftTopLongitude Img_FrameSceneRightTopLatitude Img_FrameSceneRightTopLongitude \
Img_FrameSceneLeftBottomLatitude Img_FrameSceneLeftBottomLongitude \
Img_FrameSceneRightBottomLatitude Img_FrameSceneRightBottomLongitude Img_OffNadirAngle \
Pdi_ProductDataSize Pdi_CntOfL15ProductFileName Pdi_L15ProductFileName01 \
Pdi_L15ProductFileName02 Pdi_L15ProductFileName03 Pdi_L15ProductFileName04 Pdi_BitPixel \
Pdi_NoOfPixels_0 Pdi_NoOfLines_0 Pdi_ProductFormat Ach_TimeCheck Ach_AttitudeCheck \
Ach_AbsoluteNavigationStatus Ach_HouseKeepingDataCheck Ach_OrbitCheck \
Ach_OnBoardAttitudeCheck Ach_LossLines Ach_AbsoluteNavigationTime Ach_PRF_Check \
Ach_CalibrationDataCheck Rad_PracticeResultCode Lbi_Satellite Lbi_Sensor Lbi_ProcessLevel \
Lbi_ProcessFacility Lbi_ObservationDate " "summary keys in the real order"
ok '! grep -q "$(printf "\r")" "$S" && [ "$(tail -c 1 "$S" | od -A n -t x1 | tr -d " ")" = 0a ]' \
    "LF endings, last line included"
got=""; want=""
for c in LeftTop:lt RightTop:rt RightBottom:rb LeftBottom:lb; do
	k=${c%:*} j=${c#*:}
	got="$got $(sv "$S" "Img_ImageScene${k}Longitude"),$(sv "$S" "Img_ImageScene${k}Latitude")"
	got="$got $(sv "$S" "Img_FrameScene${k}Longitude"),$(sv "$S" "Img_FrameScene${k}Latitude")"
	want="$want $(jq -r ".image_corners.$j[]" "$TR" | xargs printf '%.3f,%.3f')"
	want="$want $(jq -r ".frame_corners.$j[]" "$TR" | xargs printf '%.3f,%.3f')"
done
is "$got" "$want" "summary corners are the truth corners"
is "$(sv "$S" Img_ImageSceneLeftTopLatitude) $(sv "$S" Img_ImageSceneLeftTopLongitude)" \
    "-10.726 -62.941" "image LT corner (model value)"
is "$(sv "$S" Img_SceneStartDateTime)|$(sv "$S" Img_SceneCenterDateTime)|$(sv "$S" Img_SceneEndDateTime)" \
    "20140909 04:34:04.461|20140909 04:34:09.461|20140909 04:34:14.461" "scene times, 10 s"
is "$(jq -r '[.start_time, .center_time, .end_time] | join(" ")' "$TR")" \
    "2014-09-09T04:34:04.461Z 2014-09-09T04:34:09.461Z 2014-09-09T04:34:14.461Z" "truth times"
is "$(jq -r '[.path, .frame, .orbit, .utm_zone, .epsg, .width, .lines] | join(" ")' "$TR")" \
    "26 6960 1597 20 32720 96 120" "truth path, zone, size"
is "$(sv "$S" Pdi_CntOfL15ProductFileName) $(sv "$S" Pdi_L15ProductFileName02)" \
    "4 LUT-HH-$ID15.txt" "file list: IMG and LUT per pol"
is "$(sv "$S" Pds_UTM_ZoneNo) $(sv "$S" Pds_PixelSpacing) $(sv "$S" Pdi_NoOfPixels_0)x$(sv "$S" Pdi_NoOfLines_0)" \
    "20 880.000000 96x120" "zone, spacing, size"

# ---- KML ring LT LB RB RT LT ----
ring=$(sed -n 's:.*<coordinates>\(.*\) </coordinates>.*:\1:p' "$T/a/x/${SC}_FBDR1.5GUA.kml" | head -1)
is "$ring" "-62.941,-10.726,0.0 -62.81,-11.346,0.0 -62.182,-11.215,0.0 -62.315,-10.596,0.0 -62.941,-10.726,0.0" \
    "KML polygon"

# ---- GeoTIFF ----
TIF="$T/a/x/IMG-HV-$ID15.tif"
gdalinfo -json "$TIF" >"$T/gi.json" 2>/dev/null
is "$(jq -c '[.size, .bands[0].type, .stac["proj:epsg"], .metadata[""].TIFFTAG_IMAGEDESCRIPTION, .metadata[""].AREA_OR_POINT]' "$T/gi.json")" \
    '[[96,120],"UInt16",32720,"HV","Area"]' "GeoTIFF size, type, EPSG, description"
is "$(jq -c '[.cornerCoordinates.upperLeft, .cornerCoordinates.lowerRight]' "$T/gi.json")" \
    "$(jq -c '[[.geotransform[0], .geotransform[3]], [.geotransform[0] + 96 * .geotransform[1], .geotransform[3] + 120 * .geotransform[5]]]' "$TR")" \
    "GeoTIFF corners = truth geotransform"
is "$(jq -c '.cornerCoordinates.upperLeft' "$T/gi.json")" "[505620,8840019]" "GeoTIFF origin"
is "$(od -A n -N 4 -t x1 "$TIF" | tr -d ' ')" 49492a00 "little-endian classic TIFF"
ok '[ -z "$(jq -r ".metadata.IMAGE_STRUCTURE.COMPRESSION // empty" "$T/gi.json")" ]' "uncompressed"
# zero outside the swath (corner pixel), data inside (centre), some zeros inside
is "$(gdallocationinfo -valonly "$TIF" 0 0) $(gdallocationinfo -valonly "$TIF" 48 60 | awk '{print ($1 > 0)}')" \
    "0 1" "fill outside, data inside"
is "$(wc -l <"$T/a/x/LUT-HH-$ID15.txt" | tr -d ' ') $(sed -n '1p;2p' "$T/a/x/LUT-HH-$ID15.txt" | tr '\n' '|')" \
    "97  0.000000000000000E+00| 1.995262314968883E+08|" "LUT: N+1 lines"
is "$(gdalinfo -json "$T/a/x/BRS-HH-$ID15.jpg" 2>/dev/null | jq -c '[.driverShortName, .size, .bands[0].type]')" \
    '["JPEG",[96,120],"Byte"]' "browse JPEG"

# ---- L1.1 CEOS stripmap, flat zip ----
exits 0 "L1.1 CEOS flat" -- a2synth -o "$T/l11" --level 1.1 --package flat
is "$(out | jq -r .path)" "$T/l11/$ID11.zip" "flat zip path"
a2synth -o "$T/l11b" --level 1.1 --package flat >/dev/null
same_file "$T/l11/$ID11.zip" "$T/l11b/$ID11.zip" "L1.1 flat zip deterministic"
is "$(unzip -Z1 "$T/l11/$ID11.zip" | tr '\n' ' ')" \
"${SC}_FBDR1.1__A.kml IMG-HH-$ID11 IMG-HV-$ID11 LED-$ID11 summary.txt TRL-$ID11 VOL-$ID11 " \
    "L1.1 members (no BRS)"
mkdir "$T/l11/x"
(cd "$T/l11/x" && unzip -q "../$ID11.zip")
D="$T/l11/x"
TR="$T/l11/$ID11.truth.json"
is "$(hdr "$D/VOL-$ID11" 0)|$(hdr "$D/LED-$ID11" 0)|$(hdr "$D/IMG-HH-$ID11" 0)|$(hdr "$D/TRL-$ID11" 0)" \
    "1 192 192 18 18 360|1 11 192 18 18 720|1 50 192 18 18 720|1 63 192 18 18 720" "first-record tuples"
is "$(hdr "$D/VOL-$ID11" 360)|$(hdr "$D/VOL-$ID11" 1800)|$(hdr "$D/LED-$ID11" 720)|$(hdr "$D/LED-$ID11" 4816)" \
    "2 219 192 18 18 360|6 18 192 18 18 360|2 18 10 18 20 4096|3 18 30 18 20 4680" \
    "VOL pointer/text, DSSR, platform position (no map projection at L1.1)"
is "$(wc -c <"$D/LED-$ID11" | tr -d ' ') $(wc -c <"$D/IMG-HH-$ID11" | tr -d ' ')" \
    "1609432 85200" "LED and IMG sizes (720 + 80 x (544 + 8 x 64))"
is "$(asc "$D/LED-$ID11" 180 24)" "     1  4096     0     0" "LED counts: DSSR, no map projection"
is "$(asc "$D/VOL-$ID11" 1816 40)|$(asc "$D/VOL-$ID11" 1956 30)" \
    "PRODUCT:FBDR1.1__A                      |ORBIT :$SC  " "VOL text record"
is "$(asc "$D/VOL-$ID11" 740 16)|$(asc "$D/VOL-$ID11" 820 24)" \
    "AL2 SARBIMOP    |      81     720    1056" "VOL pointer for IMG-HH"
is "$(asc "$D/IMG-HH-$ID11" 180 12)|$(asc "$D/IMG-HH-$ID11" 276 4)|$(asc "$D/IMG-HH-$ID11" 428 4)|$(asc "$D/IMG-HH-$ID11" 448 4)" \
    "    80  1056| 544|C*8 |    " "IMG descriptor: records, prefix, C*8, not ScanSAR"
is "$(hdr "$D/IMG-HH-$ID11" 720)|$(hdr "$D/IMG-HH-$ID11" $((720 + 79 * 1056)))" \
    "2 50 10 18 20 1056|81 50 10 18 20 1056" "signal record headers"
r0=720 r79=$((720 + 79 * 1056))
is "$(be32 "$D/IMG-HH-$ID11" $((r0 + 12))) $(be32 "$D/IMG-HH-$ID11" $((r0 + 36))) $(be32 "$D/IMG-HH-$ID11" $((r0 + 40))) $(be32 "$D/IMG-HH-$ID11" $((r0 + 44))) $(be32 "$D/IMG-HH-$ID11" $((r79 + 44)))" \
    "1 2014 252 16444461 16454336" "line number, year, doy, ms of first and last line"
is "$(od -A n -j $((r0 + 52)) -N 4 -t d2 --endian=big "$D/IMG-HV-$ID11" | tr -s ' ' | sed 's/^ //')" \
    "0 1" "HV: transmit H (0), receive V (1)"
is "$(be32 "$D/IMG-HH-$ID11" $((r0 + 56)))" 8000 "PRF in mHz (80 lines over 10 s)"
l11=$(jq -r '.l11_corners | map(map(. * 1000000 | round | tostring) | join(",")) | join(" ")' "$TR")
img=$(printf '%s,%s %s,%s %s,%s %s,%s' \
    "$(be32 "$D/IMG-HH-$ID11" $((r0 + 204)))" "$(be32 "$D/IMG-HH-$ID11" $((r0 + 192)))" \
    "$(be32 "$D/IMG-HH-$ID11" $((r0 + 212)))" "$(be32 "$D/IMG-HH-$ID11" $((r0 + 200)))" \
    "$(be32 "$D/IMG-HH-$ID11" $((r79 + 212)))" "$(be32 "$D/IMG-HH-$ID11" $((r79 + 200)))" \
    "$(be32 "$D/IMG-HH-$ID11" $((r79 + 204)))" "$(be32 "$D/IMG-HH-$ID11" $((r79 + 192)))")
is "$img" "$l11" "IMG prefix corners = truth l11_corners"
is "$l11" "-62814487,-11420226 -62196769,-11283163 -62333801,-10678833 -62950252,-10815283" \
    "L1.1 corners (model values: range-Doppler on the synthetic orbit)"
is "$(asc "$D/LED-$ID11" $((720 + 20)) 21)|$(asc "$D/LED-$ID11" $((720 + 476)) 8)|$(asc "$D/LED-$ID11" $((720 + 1534)) 8)|$(asc "$D/LED-$ID11" $((720 + 1094)) 4)" \
    "$SC|  90.000|ASCEND  |1.1 " "DSSR scene, clock angle, direction, level"
is "$(asc "$D/LED-$ID11" $((720 + 4096 + 140)) 20)" "  282014   9   9 252" "28 state vectors from 2014-09-09"
is "$(asc "$D/LED-$ID11" $((720 + 4096 + 4680 + 16384 + 20)) 16)" "     -83.0000000" "calibration factor"
S="$D/summary.txt"
is "$(grep -c '^Img_ImageScene\|^Img_FrameScene\|^Pds_UTM' "$S")|$(sv "$S" Pdi_CntOfL11ProductFileName)|$(sv "$S" Pdi_L11ProductFileName01)" \
    "0|5|VOL-$ID11" "L1.1 summary: no corner keys, 5 files"

# ---- L1.5 CEOS, plain directory, left-looking descending ----
exits 0 "L1.5 CEOS dir" -- a2synth -o "$T/c15" --format CEOS --package dir --look L --direction D
I=ALOS2015976960-140909-FBDL1.5GUD
D="$T/c15/$I"
TR="$T/c15/$I.truth.json"
is "$(out | jq -r .path)" "$D" "dir path"
is "$(ls "$D" | tr '\n' ' ')" "ALOS2015976960-140909_FBDL1.5GUD.kml BRS-HH-$I.jpg BRS-HV-$I.jpg IMG-HH-$I IMG-HV-$I LED-$I TRL-$I VOL-$I summary.txt " \
    "L1.5 CEOS files"
is "$(hdr "$D/LED-$I" 4816)|$(asc "$D/LED-$I" 180 24)|$(wc -c <"$D/LED-$I" | tr -d ' ')" \
    "3 18 20 18 20 1620|     1  4096     1  1620|1611052" "map projection record present"
M=4816
mpr=""
for o in 1088 1072 1120 1104 1152 1136 1184 1168; do
	mpr="$mpr $(asc "$D/LED-$I" $((M + o)) 16 | xargs printf '%.3f')"
done
is "$mpr" " $(jq -r '.frame_corners | [.lt, .rt, .rb, .lb] | flatten | map(tostring) | join(" ")' "$TR" | xargs printf '%.3f ' | sed 's/ $//')" \
    "map projection corners = truth frame corners"
is "$(asc "$D/LED-$I" $((M + 476)) 4)|$(asc "$D/LED-$I" $((M + 496)) 16)" "  51|  10000000.00000" "UTM zone, false northing (south)"
is "$(asc "$D/IMG-HH-$I" 276 4)|$(asc "$D/IMG-HH-$I" 428 4)|$(asc "$D/IMG-HH-$I" 186 6)|$(wc -c <"$D/IMG-HH-$I" | tr -d ' ')" \
    " 192|IU2 |   384|46800" "L1.5 IMG: 192-byte prefix, IU2, 720 + 120 x 384"
is "$(asc "$D/LED-$I" $((720 + 476)) 8)|$(asc "$D/LED-$I" $((720 + 1534)) 8)" " -90.000|DESCEND " "left-looking, descending"
is "$(jq -r '[.orbit_direction, .look_side, (.heading < -90)] | map(tostring) | join(" ")' "$TR")" "D L true" "truth: descending heading"

# ---- ScanSAR L1.1: one IMG per pol and scan ----
exits 0 "ScanSAR WBD L1.1" -- a2synth -o "$T/w" --mode WBD --level 1.1 --package dir --pols HH
W=ALOS2015976960-140909-WBDR1.1__A
is "$(cd "$T/w/$W" && ls IMG-* | tr '\n' ' ')" \
    "IMG-HH-$W-F1 IMG-HH-$W-F2 IMG-HH-$W-F3 IMG-HH-$W-F4 IMG-HH-$W-F5 " "F1..F5"
is "$(be32 "$T/w/$W/IMG-HH-$W-F3" $((720 + 60)))|$(asc "$T/w/$W/IMG-HH-$W-F3" 448 12)" \
    "3|  66 3581528" "scan ID in prefix, ScanSAR descriptor fields"
is "$(jq -r '[.start_time, .end_time] | join(" ")' "$T/w/$W.truth.json")" \
    "2014-09-09T04:33:43.461Z 2014-09-09T04:34:35.461Z" "ScanSAR scene lasts 52 s"

# ---- items, hemisphere ----
exits 0 "two items" -- a2synth -o "$T/i" --items 2 --frame 1000 --order 0000000042
is "$(unzip -Z1 "$T/i/0000000042.zip" | tr '\n' ' ')" \
    "0000000042_001001_ALOS2015971000-140909.zip 0000000042_001002_ALOS2015971010-140909.zip " \
    "consecutive frames as items 001001, 001002"
is "$(out | jq -r .path | sort -u)" "$T/i/0000000042.zip" "both lines name the order zip"
is "$(jq -r .epsg "$T/i/ALOS2015971000-140909-FBDR1.5GUA.truth.json")" 32618 "northern frame: UTM north"
a2synth -o "$T/s" --frame 1000 --south --package dir >/dev/null
is "$(jq -r '[.epsg, (.image_corners.lt[1] < 0)] | map(tostring) | join(" ")' "$T/s/ALOS2015971000-140909-FBDR1.5GUA.truth.json")" \
    "32722 true" "--south: southern scene, UTM south"
ok 'no_temps "$T"' "no temp files left"
ok '[ -z "$(find "$T" -name ".a2synth.stage.*")" ]' "no staging dirs left"
# a staging dir of a killed run goes; a running one's stays
host=$(tmp_host) dead=$(dead_pid)
mkdir -p "$T/k/.a2synth.stage.tmp.$dead@$host.AbC123/x" "$T/k/.a2synth.stage.tmp.$$@$host.DeF456"
a2synth -o "$T/k" --package dir >/dev/null
is "$(cd "$T/k" && ls -A | grep stage)" ".a2synth.stage.tmp.$$@$host.DeF456" \
	"a killed run's staging dir removed, a running one's kept"

# ---- usage errors ----
exits 2 "unknown mode" -- a2synth -o "$T/e" --mode XYZ
exits 2 "ScanSAR L1.1 GeoTIFF does not exist" -- a2synth -o "$T/e" --mode WBD --level 1.1 --format GeoTIFF
is "$(err | wc -l | tr -d ' ')" 1 "one-line error"
exits 2 "bad date" -- a2synth -o "$T/e" --date 140230
exits 2 "orbit out of range" -- a2synth -o "$T/e" --orbit 100000
exits 2 "frame out of range" -- a2synth -o "$T/e" --frame 7200
ok '[ ! -e "$T/e" ]' "nothing written on usage errors"
done_testing
