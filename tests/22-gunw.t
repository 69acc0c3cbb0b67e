#!/bin/sh
# Sentinel-1 GUNW ingest (hyp3-gunw.md §4): the spec's three names parse to
# exactly its fields; a2synth --gunw writes the netCDF-4 layout of §4.2,
# read back with GDAL's own tools; a2classify cross-checks a file against
# its name, its hhhh the MD5 of its scenes (every mismatch or broken file:
# exit 2, one line naming the file and the attribute); a2unpack takes a
# GUNW in a zip as the bare .nc; a2footprint takes productBoundingBox, across the
# antimeridian too; a2md writes met.json, dataset.json and a STAC Item
# (ajv-valid), which a2catalog, a2publish and a2site take.
. "$(dirname "$0")/lib.sh"
plan 121

command -v gdalmdiminfo >/dev/null || skip_all "gdalmdiminfo (gdal-bin) needed"
N1=S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1
N2=S1-GUNW-A-R-005-tops-20231124_20231112-004542-00103W_00035N-PP-a548-v3_0_1
N3=S1-GUNW-D-R-048-tops-20230106_20221214-235959-00090E_00040N-PP-c254-v3_0_1
# the antimeridian: a descending frame from 179.2 E to 178.4 W
NA=S1-GUNW-D-R-172-tops-20250110_20241229-063015-00179E_00018S-PP-52b8-v3_0_1
SHAPE='want S1-GUNW[_CUSTOM]-D-L-TTT-tops-YYYYMMDD_YYYYMMDD-HHMMSS-GEO-PP-hhhh-vX_Y_Z'
# the fields of a scene object that the name gives
FIELDS='[.id, .date, .orbit_direction, .direction, .look_side, .level, .format, .type, .dataset,
  .version, .center_time, .gunw.custom, .gunw.track, .gunw.reference_date, .gunw.secondary_date,
  .gunw.center_time, .gunw.geo, .gunw.geo_corner, .gunw.hash, .gunw.product_version]'

# the scenes of the spec's test vectors (§4.1), whose MD5 the names' hhhh is
P=S1A_IW_SLC__1SDV_
V1R="${P}20241216T015132_20241216T015159_057011_070161_9D6A ${P}20241216T015157_20241216T015224_057011_070161_F3FE"
V1S="${P}20241204T015133_20241204T015200_056836_06FA75_6070 ${P}20241204T015158_20241204T015225_056836_06FA75_BB7D"
V2R="${P}20231124T004516_20231124T004543_051352_063249_3723 ${P}20231124T004541_20231124T004608_051352_063249_4B9E"
V2S="${P}20231112T004516_20231112T004544_051177_062C3E_C095 ${P}20231112T004541_20231112T004608_051177_062C3E_2A0E"
V3R="${P}20230106T235934_20230107T000001_046670_059804_D8E3 ${P}20230106T235959_20230107T000026_046670_059804_74DB"
V3S="${P}20221213T235935_20221214T000002_046320_058C2F_7DFC ${P}20221214T000000_20221214T000027_046320_058C2F_9AD4"

# ---- the spec's three names, through a2synth and a2classify ----
synth_v() { a2synth --gunw "$1" --gunw-attr "reference_scenes=$2" --gunw-attr "secondary_scenes=$3" -o "$T/$1"; }
synth_v $N1 "$V1R" "$V1S" > "$T/$N1.synth" || echo "a2synth $N1 failed" >&2
synth_v $N2 "$V2R" "$V2S" > "$T/$N2.synth" || echo "a2synth $N2 failed" >&2
synth_v $N3 "$V3R" "$V3S" > "$T/$N3.synth" || echo "a2synth $N3 failed" >&2
# a2synth's own scenes (S1A orbits of track 172) hash to 52b8
a2synth --gunw $NA -o "$T/$NA" > "$T/$NA.synth" || echo "a2synth $NA failed" >&2
is "$(cat "$T/$N1.synth")" "{\"id\":\"$N1\",\"path\":\"$T/$N1/$N1.nc\"}" "a2synth --gunw: its JSON line"
exits 0 "a2classify: the .nc file" -- a2classify "$T/$N1/$N1.nc"
out > "$T/c1.json"
is "$(jq -c "$FIELDS" "$T/c1.json")" \
    "[\"$N1\",\"2024-12-16\",\"A\",\"ascending\",\"R\",\"GUNW\",\"netCDF\",\"s1_gunw\",\"S1-GUNW\",\"v3_0_1\",\"2024-12-16T01:51:58Z\",false,64,\"2024-12-16\",\"2024-12-04\",\"01:51:58\",\"00120W_00038N\",[-120,38],\"6e8f\",\"3.0.1\"]" \
    "spec name 1: every field"
exits 0 "a2classify: the directory holding it" -- a2classify "$T/$N2"
is "$(out | jq -c "$FIELDS")" \
    "[\"$N2\",\"2023-11-24\",\"A\",\"ascending\",\"R\",\"GUNW\",\"netCDF\",\"s1_gunw\",\"S1-GUNW\",\"v3_0_1\",\"2023-11-24T00:45:42Z\",false,5,\"2023-11-24\",\"2023-11-12\",\"00:45:42\",\"00103W_00035N\",[-103,35],\"a548\",\"3.0.1\"]" \
    "spec name 2: every field"
exits 0 "a2classify: spec name 3 (midnight)" -- a2classify "$T/$N3"
out > "$T/c3.json"
is "$(jq -c "$FIELDS" "$T/c3.json")" \
    "[\"$N3\",\"2023-01-06\",\"D\",\"descending\",\"R\",\"GUNW\",\"netCDF\",\"s1_gunw\",\"S1-GUNW\",\"v3_0_1\",\"2023-01-06T23:59:59Z\",false,48,\"2023-01-06\",\"2022-12-14\",\"23:59:59\",\"00090E_00040N\",[90,40],\"c254\",\"3.0.1\"]" \
    "spec name 3: every field"
is "$(jq -c '[.start_time, .end_time, .time_source]' "$T/c3.json")" \
    '["2023-01-06T23:59:33.000000Z","2023-01-07T00:00:25.000000Z","gunw"]' \
    "name 3: the times of radarMetaData, across midnight"
is "$(jq -c '[.gunw.reference_scenes, .gunw.secondary_scenes]' "$T/c3.json")" \
    "[[\"${V3R% *}\",\"${V3R#* }\"],[\"${V3S% *}\",\"${V3S#* }\"]]" \
    "name 3: the scenes of /science/grids (the spec's, across midnight)"
is "$(jq -c '[.gunw.frame_id, .gunw.file_version, .gunw.perpendicular_baseline, .files, .dir, .archive]' "$T/c1.json")" \
    "[9852,\"1c\",-83.75,{\"nc\":\"$N1.nc\"},\"$T/$N1\",null]" \
    "name 1: frame, file version, Bperp, files, dir"
is "$(jq -c '.gunw.bounding_polygon' "$T/c1.json")" \
    '[[-119.3,38.2],[-116.9,38.6],[-117.4,40.8],[-119.8,40.4],[-119.3,38.2]]' \
    "name 1: productBoundingBox as written"

# a custom product and an old (v2) GEO field: the same file under those names
C=S1-GUNW_CUSTOM-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1
V2=S1-GUNW-A-R-064-tops-20241216_20241204-015158-34441N_32227N-PP-6e8f-v2_0_4
mkdir "$T/c" "$T/v2"
ln "$T/$N1/$N1.nc" "$T/c/$C.nc"
ln "$T/$N1/$N1.nc" "$T/v2/$V2.nc"
exits 0 "a2classify: S1-GUNW_CUSTOM" -- a2classify "$T/c/$C.nc"
is "$(out | jq -c '[.id, .gunw.custom, .version]')" "[\"$C\",true,\"v3_0_1\"]" "custom: true"
exits 0 "a2classify: a v2 GEO field" -- a2classify "$T/v2"
is "$(out | jq -c '[.gunw.geo, .gunw.geo_latitudes, .gunw.geo_corner, .version, .gunw.product_version]')" \
    '["34441N_32227N",[34.441,32.227],null,"v2_0_4","2.0.4"]' "v2: two latitudes"

# ---- the file, read back with GDAL's tools ----
F=$T/$N1/$N1.nc
gdalmdiminfo "$F" > "$T/md.json"
is "$(jq -c '.attributes | keys_unsorted' "$T/md.json")" \
    '["Conventions","product_type","title","version","author","institution","references","source","aria_frame_id","topsapp_command_line_string","isce2_topsapp_version","product_geometry_wkt","mean_filtered_coherence_with_water_mask","mean_filtered_coherence_without_water_mask","mean_unfiltered_coherence_with_water_mask","mean_unfiltered_coherence_without_water_mask","mean_incidence_angle","mean_azimuth_angle","mean_parallel_baseline","mean_perpendicular_baseline","ogr_geometry_field","ogr_layer_name","ogr_layer_type"]' \
    "gdalmdiminfo: the root attributes of §4.2"
is "$(jq -c '.attributes | [.product_type, .Conventions, .version, .aria_frame_id, .mean_perpendicular_baseline, .ogr_layer_name, .ogr_layer_type]' "$T/md.json")" \
    '["UNW GEO IFG","CF-1.6","1c",9852,-83.75,"productBoundingBox","POLYGON"]' "root attribute values"
is "$(jq -c '.groups.science.groups.grids.attributes | keys_unsorted' "$T/md.json")" \
    '["reference_scenes","secondary_scenes","frame_id","compute_solid_earth_tide","dense_offsets"]' \
    "/science/grids attributes"
is "$(jq -c '[.dimensions[] | .name]' "$T/md.json")" '["matchup","wkt_count","wkt_count_length"]' \
    "root dimensions (GDAL names the WKT length wkt_count_length)"
is "$(gdalmdiminfo -arrayoption SHOW_ALL=YES "$F" | jq -r 'def w(p): ((.arrays // {}) | keys_unsorted[] | "\(p)/\(.)"), ((.groups // {}) | to_entries[] | .key as $k | .value | w("\(p)/\($k)")); w("")' | tr '\n' ' ')" \
    "/productBoundingBox /crs_polygon /science/grids/data/latitude /science/grids/data/longitude /science/grids/data/crs /science/grids/data/unwrappedPhase /science/grids/data/coherence /science/grids/data/connectedComponents /science/grids/data/amplitude /science/grids/data/unfilteredCoherence /science/grids/imagingGeometry/heightsMeta /science/grids/imagingGeometry/latitudeMeta /science/grids/imagingGeometry/longitudeMeta /science/grids/imagingGeometry/crsMeta /science/grids/imagingGeometry/perpendicularBaseline /science/grids/imagingGeometry/parallelBaseline /science/grids/imagingGeometry/incidenceAngle /science/grids/imagingGeometry/lookAngle /science/grids/imagingGeometry/azimuthAngle /science/grids/corrections/derived/ionosphere/latitudeIono /science/grids/corrections/derived/ionosphere/longitudeIono /science/grids/corrections/derived/ionosphere/ionosphere /science/grids/corrections/external/tides/solidEarth/reference/heightsMeta /science/grids/corrections/external/tides/solidEarth/reference/latitudeMeta /science/grids/corrections/external/tides/solidEarth/reference/longitudeMeta /science/grids/corrections/external/tides/solidEarth/reference/solidEarthTide /science/grids/corrections/external/tides/solidEarth/secondary/heightsMeta /science/grids/corrections/external/tides/solidEarth/secondary/latitudeMeta /science/grids/corrections/external/tides/solidEarth/secondary/longitudeMeta /science/grids/corrections/external/tides/solidEarth/secondary/solidEarthTide /science/radarMetaData/missionID /science/radarMetaData/wavelength /science/radarMetaData/centerFrequency /science/radarMetaData/productType /science/radarMetaData/ISCEversion /science/radarMetaData/unwrapMethod /science/radarMetaData/DEM /science/radarMetaData/ESDthreshold /science/radarMetaData/azimuthZeroDopplerStartTime /science/radarMetaData/azimuthZeroDopplerEndTime /science/radarMetaData/azimuthTimeInterval /science/radarMetaData/slantRangeSpacing /science/radarMetaData/slantRangeStart /science/radarMetaData/slantRangeEnd /science/radarMetaData/inputSLC/reference/L1InputGranules /science/radarMetaData/inputSLC/reference/orbitType /science/radarMetaData/inputSLC/secondary/L1InputGranules /science/radarMetaData/inputSLC/secondary/orbitType " \
    "every variable of §4.2, by full name"
is "$(gdalinfo -json "$F" | jq -r '.metadata.SUBDATASETS | [.SUBDATASET_2_NAME, (length / 2 | tostring)] | join(" ")')" \
    "NETCDF:\"$F\":/science/grids/data/unwrappedPhase 14" "gdalinfo: unwrappedPhase is a subdataset (of 14)"
is "$(gdalinfo -json "NETCDF:\"$F\":/science/grids/data/coherence" | jq -c '[.size, .geoTransform, .bands[0].noDataValue, .bands[0].type, .metadata[""]["NC_GLOBAL#version"]]')" \
    '[[64,48],[-119.8,0.0453125,0,40.8,0,-0.0541666666666667],0,"Float32","1c"]' \
    "gdalinfo: coherence 64x48, pixel-centre coordinates, fill 0, NC_GLOBAL#version"
is "$(gdallocationinfo -valonly "NETCDF:\"$F\":/science/grids/data/unwrappedPhase" 32 24)" \
    "6.09999990463257" "unwrappedPhase at (32, 24): 0.25x - 0.1y + 0.5"
is "$(gdallocationinfo -valonly "NETCDF:\"$F\":/science/grids/data/connectedComponents" 0 0)" \
    "-1" "connectedComponents outside the polygon: its fill, -1"
is "$(gdalmdiminfo -array /science/radarMetaData/missionID -detailed "$F" | jq -c '[.datatype, .values]')" \
    '["String",["Sentinel-1"]]' "radarMetaData/missionID: a string on matchup"
is "$(ogrinfo -ro -q "$F" productBoundingBox | sed -n 's/^  \(POLYGON.*\)/\1/p')" \
    "POLYGON ((-119.3 38.2,-116.9 38.6,-117.4 40.8,-119.8 40.4,-119.3 38.2))" \
    "ogrinfo: layer productBoundingBox, one polygon"

# ---- footprints ----
exits 0 "a2footprint of the .nc" -- a2footprint "$F"
is "$(out)" "{\"type\":\"Feature\",\"bbox\":[-119.8,38.2,-116.9,40.8],\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[-119.3,38.2],[-116.9,38.6],[-117.4,40.8],[-119.8,40.4],[-119.3,38.2]]]},\"properties\":{\"id\":\"$N1\",\"method\":\"gunw\",\"sources\":[\"$N1.nc\"]}}" \
    "footprint: productBoundingBox, counter-clockwise"
a2classify "$T/$NA" > "$T/ca.json"
is "$(jq -c '.gunw.bounding_polygon' "$T/ca.json")" \
    '[[179.7,-15.2],[-177.9,-15.6],[-178.4,-17.8],[179.2,-17.4],[179.7,-15.2]]' \
    "antimeridian: the polygon as written, longitudes in [-180, 180]"
exits 0 "a2footprint across the antimeridian (scene.json)" -- a2footprint "$T/ca.json"
is "$(out)" "{\"type\":\"Feature\",\"bbox\":[179.2,-17.8,-177.9,-15.2],\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[179.2,-17.4],[180.0,-17.5333333],[180.0,-15.25],[179.7,-15.2],[179.2,-17.4]]],[[[-177.9,-15.6],[-180.0,-15.25],[-180.0,-17.5333333],[-178.4,-17.8],[-177.9,-15.6]]]]},\"properties\":{\"id\":\"$NA\",\"method\":\"gunw\",\"sources\":[\"$NA.nc\"]}}" \
    "antimeridian: cut into a MultiPolygon, bbox west > east"
is "$(echo "{\"scene\":$(cat "$T/c1.json")}" | a2footprint | jq -c '.footprint.properties.method')" '"gunw"' \
    "a2footprint on a pipeline record"

# ---- names that are not GUNW names: exit 2, one line ----
bad() { # bad DESC NAME MESSAGE
	exits 2 "a2synth: $1: exit 2" -- a2synth --gunw "$2" -o "$T/bad"
	is "$(err)" "a2synth: $3" "a2synth: $1: message"
}
bad "direction X" "S1-GUNW-X-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "S1-GUNW-X-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1: not a GUNW name ($SHAPE)"
bad "31 November" "S1-GUNW-A-R-064-tops-20241131_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "S1-GUNW-A-R-064-tops-20241131_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1: invalid date in 20241131_20241204"
bad "dates swapped" "S1-GUNW-A-R-064-tops-20241204_20241216-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "S1-GUNW-A-R-064-tops-20241204_20241216-015158-00120W_00038N-PP-6e8f-v3_0_1: reference date 2024-12-04 is not after secondary date 2024-12-16"
bad "hour 24" "S1-GUNW-A-R-064-tops-20241216_20241204-245158-00120W_00038N-PP-6e8f-v3_0_1" \
    "S1-GUNW-A-R-064-tops-20241216_20241204-245158-00120W_00038N-PP-6e8f-v3_0_1: invalid time 245158"
bad "path 176" "S1-GUNW-A-R-176-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "S1-GUNW-A-R-176-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1: track 176 is not a Sentinel-1 path (001..175)"
ok '[ ! -e "$T/bad" ]' "nothing written for a bad name"
exits 2 "a2synth --level GUNW: exit 2" -- a2synth --level GUNW -o "$T/bad"
is "$(err)" "a2synth: FBD GUNW : made by a2synth --gunw NAME" "a2synth --level GUNW: message"

# ---- a file that is not what its name says: exit 2, naming file and attribute ----
# mism DESC NAME MESSAGE: the good file of N1 under another name
mism() {
	rm -rf "$T/m"; mkdir "$T/m"; ln "$F" "$T/m/$2.nc"
	exits 2 "mismatch: $1: exit 2" -- a2classify "$T/m/$2.nc"
	is "$(err)" "a2classify: $T/m/$2.nc: $3" "mismatch: $1: message"
	is "$(out)" "" "mismatch: $1: nothing on stdout"
}
mism "track" "S1-GUNW-A-R-065-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "attribute /science/grids/reference_scenes: track 064, the name says 065"
mism "reference date" "S1-GUNW-A-R-064-tops-20241228_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "attribute /science/grids/reference_scenes: no scene of the name's reference date 2024-12-28"
mism "secondary date" "S1-GUNW-A-R-064-tops-20241216_20241122-015158-00120W_00038N-PP-6e8f-v3_0_1" \
    "attribute /science/grids/secondary_scenes: no scene of the name's secondary date 2024-11-22"
mism "hash" "S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8e-v3_0_1" \
    "attributes /science/grids/reference_scenes and secondary_scenes: their hash is 6e8f, the name says 6e8e"
# the hash is over the names sorted: a file listing them in another order is the same
rm -rf "$T/o"
a2synth --gunw $N1 --gunw-attr "reference_scenes=${V1R#* } ${V1R% *}" \
    --gunw-attr "secondary_scenes=${V1S#* },${V1S% *}" -o "$T/o" > /dev/null
exits 0 "scenes listed in another order: the same hash" -- a2classify "$T/o"
is "$(out | jq -r .gunw.hash)" 6e8f "hash 6e8f"
mism "corner" "S1-GUNW-A-R-064-tops-20241216_20241204-015158-00121W_00038N-PP-6e8f-v3_0_1" \
    "attribute product_geometry_wkt: south-west corner 00120W_00038N, the name says 00121W_00038N"

# broken DESC ATTR MESSAGE: N1 made with one attribute wrong or left out
broken() {
	rm -rf "$T/b"
	a2synth --gunw $N1 --gunw-attr "$2" -o "$T/b" > /dev/null
	exits 2 "broken: $1: exit 2" -- a2classify "$T/b"
	is "$(err)" "a2classify: $T/b/$N1.nc: $3" "broken: $1: message"
}
broken "product_type" "product_type=UNW GEO IFG v2" \
    'attribute product_type is "UNW GEO IFG v2", not "UNW GEO IFG"'
broken "no version" version "attribute version is missing"
broken "frame id a string" aria_frame_id=9852 "attribute aria_frame_id is not a number"
broken "scene list" "secondary_scenes=S1A_IW_SLC__1SDV_x" \
    "attribute /science/grids/secondary_scenes: S1A_IW_SLC__1SDV_x is not a Sentinel-1 IW SLC name"
broken "polygon" "product_geometry_wkt=POINT (1 2)" \
    "attribute product_geometry_wkt: not a WKT POLYGON of at least 3 points"
# missionID is a string in HDF5's global heap, not under a checksum
rm -rf "$T/p"; mkdir "$T/p"
perl -0pe 's/Sentinel-1/Sentinel-2/' "$F" > "$T/p/$N1.nc"
exits 2 "missionID Sentinel-2: exit 2" -- a2classify "$T/p"
is "$(err)" "a2classify: $T/p/$N1.nc: variable /science/radarMetaData/missionID is \"Sentinel-2\", not \"Sentinel-1\"" \
    "missionID: message"
rm -rf "$T/t"; mkdir "$T/t"
head -c 20000 "$F" > "$T/t/$N1.nc"
exits 2 "truncated file: exit 2" -- a2classify "$T/t/$N1.nc"
is "$(err)" "a2classify: $T/t/$N1.nc: \`$T/t/$N1.nc' not recognized as a supported file format." \
    "truncated file: GDAL's reason"

# ---- a2unpack: a bare .nc is a product directory of its own ----
U=$T/un/$N1
exits 0 "a2unpack of a .nc" -- a2unpack -d "$T/un" "$F"
is "$(out)" "{\"unpack\":{\"dir\":\"$U\",\"archive\":null,\"source\":\"$F\"}}" "a2unpack: its line"
is "$(stat -c %i "$U/$N1.nc")" "$(stat -c %i "$F")" "a2unpack: a hard link on the same file system"
is "$(a2unpack -d "$T/un" "$F" | a2classify | a2footprint | jq -c '[.scene.id, .scene.dir, .footprint.properties.method]')" \
    "[\"$N1\",\"$U\",\"gunw\"]" "a2unpack | a2classify | a2footprint, run again"
ok 'no_temps "$T/un"' "a2unpack: no temporaries left"

# a GUNW in a zip (as a mirror may serve it): unpacked and classified as the bare .nc
mkdir "$T/z"
(cd "$T/$N1" && zip -q "$T/z/g.zip" "$N1.nc") && mkdir -p "$T/z/s/gunw" && cp "$F" "$T/z/s/gunw/" &&
    (cd "$T/z/s" && zip -qr "$T/z/g2.zip" gunw) || echo "Bail out! zip"
a2classify "$F" | jq -S 'del(.dir, .archive)' > "$T/bare.json"
exits 0 "a2unpack of a zip holding a GUNW .nc" -- a2unpack -d "$T/unz" "$T/z/g.zip"
is "$(out)" "{\"unpack\":{\"dir\":\"$T/unz/g\",\"archive\":\"$T/z/g.zip\",\"source\":\"$T/z/g.zip\"}}" \
    "a2unpack: the zip's directory, the zip its archive"
is "$(a2unpack -d "$T/unz" "$T/z/g.zip" | a2classify | jq -c '.scene | [.dir, .archive]')" "[\"$T/unz/g\",\"$T/z/g.zip\"]" \
    "a2classify: its directory and archive"
ok "a2unpack -d '$T/unz' '$T/z/g.zip' | a2classify | jq -S '.scene | del(.dir, .archive)' | cmp -s - '$T/bare.json'" \
    "a2classify: every other field as the bare .nc's"
exits 0 "a2unpack of a zip holding a directory with the .nc" -- a2unpack -d "$T/unz" "$T/z/g2.zip"
is "$(out)" "{\"unpack\":{\"dir\":\"$T/unz/g2/gunw\",\"archive\":null,\"source\":\"$T/z/g2.zip\"}}" \
    "a2unpack: the directory in the zip"
ok "a2unpack -d '$T/unz' '$T/z/g2.zip' | a2classify | jq -S '.scene | del(.dir, .archive)' | cmp -s - '$T/bare.json'" \
    "a2classify: as the bare .nc"

# a2scan groups ALOS-2 files into scenes; a GUNW is a product as it is
exits 0 "a2scan over a GUNW: exit 0" -- a2scan "$T/$N1"
is "$(err)" "a2scan: $T/$N1/$N1.nc: stray file (a Sentinel-1 GUNW: a2classify takes it as it is)" \
    "a2scan: says what the GUNW is"

# ---- a2md: met.json, dataset.json, STAC Item ----
SCHEMAS=$A2_TOP/../shared/schemas/stac
AJV=$A2_TOP/tests/node_modules/.bin/ajv
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1
stac_valid() { # the core item schema, then each extension's (as 50-md.t)
	(cd "$SCHEMAS" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s item.json -r basics.json \
		-r datetime.json -r instrument.json -r licensing.json -r provider.json \
		-r geojson-feature.json -r geojson-geometry.json -d "$1" &&
	for x in sar-v1.3.0 sat-v1.2.0; do
		"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s $x.json -d "$1" || exit 1
	done &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s projection-v2.0.0.json \
		-r projjson-stub.json -r geojson-geometry.json -d "$1") >"$T/ajv.log" 2>&1
}
R1=${V1R% *} R2=${V1R#* } S1=${V1S% *} S2=${V1S#* }
M=$T/data/products/$N1
exits 0 "a2md on a GUNW: exit 0" -- a2md -o "$M" --source "https://u:pw@example.org/$N1.nc" "$T/c1.json"
is "$(out)" "{\"md\":{\"id\":\"$N1\",\"met\":\"$M/$N1.met.json\",\"dataset\":\"$M/$N1.dataset.json\",\"stac\":\"$M/$N1.stac.json\"}}" \
    "a2md: its line"
POLY='{"type":"Polygon","coordinates":[[[-119.3,38.2],[-116.9,38.6],[-117.4,40.8],[-119.8,40.4],[-119.3,38.2]]]}'
is "$(jq -c . "$M/$N1.met.json")" \
    "{\"prod_name\":\"$N1\",\"spacecraftName\":\"Sentinel-1\",\"platform\":\"Sentinel-1\",\"dataset_type\":\"Sentinel-1\",\"orbitNumber\":57011,\"secondaryOrbitNumber\":56836,\"frameID\":9852,\"trackNumber\":64,\"prod_date\":\"2024-12-16\",\"dfdn\":{\"AcquistionMode\":\"IW\",\"LookSide\":\"R\"},\"lookDirection\":\"right\",\"level\":\"LGUNW\",\"direction\":\"ascending\",\"dataset\":\"S1-GUNW\",\"source\":\"aria\",\"product_version\":\"3.0.1\",\"reference_date\":\"2024-12-16\",\"secondary_date\":\"2024-12-04\",\"reference_starttime\":\"2024-12-16T01:51:32.000000\",\"reference_endtime\":\"2024-12-16T01:52:24.000000\",\"secondary_starttime\":\"2024-12-04T01:51:33.000000\",\"secondary_endtime\":\"2024-12-04T01:52:25.000000\",\"perpendicularBaseline\":-83.75,\"reference_scenes\":[\"$R1\",\"$R2\"],\"secondary_scenes\":[\"$S1\",\"$S2\"],\"location\":$POLY,\"starttime\":\"2024-12-04T01:51:33.000000\",\"endtime\":\"2024-12-16T01:52:24.000000\",\"tiles\":false,\"tile_layers\":[],\"tile_max_zoom\":[],\"archive_filename\":\"$N1.zip\",\"download_source\":\"https://example.org/$N1.nc\"}" \
    "met.json: every key and value (no password)"
is "$(jq -c . "$M/$N1.dataset.json")" \
    "{\"version\":\"v3_0_1\",\"label\":\"$N1\",\"starttime\":\"2024-12-04T01:51:33.000000\",\"endtime\":\"2024-12-16T01:52:24.000000\",\"location\":$POLY}" \
    "dataset.json: secondary start to reference end, no center"
is "$(jq -c '.properties | del(.["a2:command"])' "$M/$N1.stac.json")" \
    "{\"datetime\":\"2024-12-16T01:51:58Z\",\"start_datetime\":\"2024-12-04T01:51:33.000000Z\",\"end_datetime\":\"2024-12-16T01:52:24.000000Z\",\"platform\":\"sentinel-1a\",\"constellation\":\"sentinel-1\",\"instruments\":[\"c-sar\"],\"sar:instrument_mode\":\"IW\",\"sar:frequency_band\":\"C\",\"sar:center_frequency\":5.405,\"sar:polarizations\":[\"VV\"],\"sar:product_type\":\"GUNW\",\"sar:observation_direction\":\"right\",\"sat:orbit_state\":\"ascending\",\"sat:absolute_orbit\":57011,\"sat:relative_orbit\":64,\"proj:code\":\"EPSG:4326\",\"a2:level\":\"GUNW\",\"a2:dataset\":\"S1-GUNW\",\"a2:version\":\"$(a2md --version | sed 's/.* //')\",\"a2:frame_id\":9852,\"a2:reference_datetime\":\"2024-12-16T01:51:32.000000Z\",\"a2:secondary_datetime\":\"2024-12-04T01:51:33.000000Z\",\"a2:reference_end_datetime\":\"2024-12-16T01:52:24.000000Z\",\"a2:secondary_end_datetime\":\"2024-12-04T01:52:25.000000Z\",\"a2:perpendicular_baseline\":-83.75,\"a2:product_version\":\"3.0.1\",\"a2:source\":\"https://example.org/$N1.nc\",\"a2:reference_scenes\":[\"$R1\",\"$R2\"],\"a2:secondary_scenes\":[\"$S1\",\"$S2\"]}" \
    "STAC: every property"
is "$(jq -c '[.id, .geometry == '"$POLY"', .bbox, .collection, [.links[] | .rel + " " + .href], (.assets | map_values(.href + " " + .type + " " + (.roles | join(","))))]' "$M/$N1.stac.json")" \
    "[\"$N1\",true,[-119.8,38.2,-116.9,40.8],\"s1_gunw\",[\"root ../../catalog.json\",\"parent ../../collections/s1_gunw/collection.json\",\"collection ../../collections/s1_gunw/collection.json\"],{\"archive\":\"$N1.zip application/zip data\",\"metadata\":\"$N1.met.json application/json metadata\",\"dataset\":\"$N1.dataset.json application/json metadata\"}]" \
    "STAC: geometry, bbox, collection, links and relative assets"
ok 'stac_valid "$M/$N1.stac.json"' "STAC Item of a GUNW validates (ajv: item, sar, sat, projection)"
[ -s "$T/ajv.log" ] && ! stac_valid "$M/$N1.stac.json" && diag "$(cat "$T/ajv.log")"
echo "{\"scene\":$(cat "$T/c1.json")}" > "$T/rec.json"
is "$(a2md -o "$T/md2" < "$T/rec.json" 2>&1 | jq -c '[.scene.id, (.md.stac | test("/md2/"))]')" "[\"$N1\",true]" \
    "a2md on a pipeline record, footprint from the scene"
is "$(jq -c . "$T/md2/$N1.met.json")" "$(jq -c 'del(.download_source)' "$M/$N1.met.json")" \
    "the same met.json without --source"

# across the antimeridian: a MultiPolygon cut at 180 and a "center"
MA=$T/data/products/$NA
a2md -o "$MA" "$T/ca.json" >/dev/null
CUT='{"type":"MultiPolygon","coordinates":[[[[179.2,-17.4],[180,-17.5333333],[180,-15.25],[179.7,-15.2],[179.2,-17.4]]],[[[-177.9,-15.6],[-180,-15.25],[-180,-17.5333333],[-178.4,-17.8],[-177.9,-15.6]]]]}'
is "$(jq -c '[.orbitNumber, .frameID, .trackNumber, .prod_date, .direction, .reference_starttime, .secondary_starttime, .starttime, .endtime, .location]' "$MA/$NA.met.json")" \
    "[57469,9852,172,\"2025-01-10\",\"descending\",\"2025-01-10T06:29:49.000000\",\"2024-12-29T06:29:50.000000\",\"2024-12-29T06:29:50.000000\",\"2025-01-10T06:30:41.000000\",$CUT]" \
    "antimeridian: met.json orbit, frame, track, times, location cut at 180"
is "$(jq -c . "$MA/$NA.dataset.json")" \
    "{\"version\":\"v3_0_1\",\"label\":\"$NA\",\"starttime\":\"2024-12-29T06:29:50.000000\",\"endtime\":\"2025-01-10T06:30:41.000000\",\"location\":$CUT,\"center\":{\"type\":\"Point\",\"coordinates\":[-179.35,-16.5]}}" \
    "antimeridian: dataset.json with its center"
is "$(jq -c '[.bbox, .geometry.type, .properties["sat:orbit_state"], .properties["sat:relative_orbit"], .properties.datetime, .properties.start_datetime, .properties.end_datetime]' "$MA/$NA.stac.json")" \
    '[[179.2,-17.8,-177.9,-15.2],"MultiPolygon","descending",172,"2025-01-10T06:30:15Z","2024-12-29T06:29:50.000000Z","2025-01-10T06:30:41.000000Z"]' \
    "antimeridian: STAC bbox west > east, descending, track 172"
ok 'stac_valid "$MA/$NA.stac.json"' "antimeridian: the STAC Item validates (ajv)"

# a GUNW whose scene lists no SLC names: exit 1, nothing written
jq '.gunw.secondary_scenes = ["S1A_IW_RAW"]' "$T/c1.json" > "$T/nosec.json"
exits 1 "a2md: secondary_scenes not SLC names: exit 1" -- a2md -o "$T/md3" "$T/nosec.json"
is "$(err)" "a2md: $T/nosec.json: scene $N1: gunw reference/secondary_scenes: \"S1A_IW_RAW\": not a Sentinel-1 SLC name" \
    "a2md: message"
ok '[ -z "$(ls -A "$T/md3" 2>/dev/null)" ]' "a2md: nothing written"

# ---- the catalog, publish, site ----
CAT=$T/data/catalog.gpkg
a2pack -o "$M" "$T/c1.json" >/dev/null
a2pack -o "$MA" "$T/ca.json" >/dev/null
exits 0 "a2catalog add --stac: both GUNWs" -- a2catalog -c "$CAT" add --stac "$T/data" "$M" "$MA"
is "$(out | jq -r .catalog.action | tr '\n' ' ')" "added added " "a2catalog: added"
is "$(a2catalog -c "$CAT" query --type s1_gunw --path 64 | jq -c 'del(.product, .ingest_time, .met_sha256, .publish)')" \
    "{\"id\":\"$N1\",\"dataset\":\"S1-GUNW\",\"type\":\"s1_gunw\",\"level\":\"GUNW\",\"version\":\"v3_0_1\",\"platform\":\"Sentinel-1\",\"mode\":\"IW\",\"polarisations\":[\"VV\"],\"orbit\":57011,\"path\":64,\"frame\":9852,\"look_side\":\"R\",\"direction\":\"ascending\",\"start_time\":\"2024-12-04T01:51:33.000Z\",\"end_time\":\"2024-12-16T01:52:24.000Z\",\"footprint\":$POLY}" \
    "a2catalog query --type s1_gunw --path 64: the GUNW, track as path, frame_id as frame"
is "$(a2catalog -c "$CAT" query --level GUNW --bbox 179.5,-17,180,-16 | jq -r .id)" "$NA" \
    "a2catalog query --level GUNW --bbox east of the antimeridian: the cut one"
is "$(a2catalog -c "$CAT" query --start 2024-12-05 --end 2024-12-06 | jq -r .id)" "$N1" \
    "a2catalog query: the time between secondary and reference is the product's"
is "$(jq -c '[.id, .description, .extent.temporal.interval]' "$T/data/collections/s1_gunw/collection.json")" \
    '["s1_gunw","Sentinel-1 (ARIA GUNW) products of type s1_gunw: dataset S1-GUNW (2)",[["2024-12-04T01:51:33.000Z","2025-01-10T06:30:41.000Z"]]]' \
    "the Collection s1_gunw says Sentinel-1"
PUB=$T/pub
mkdir -p "$PUB"
exits 0 "a2publish: a GUNW" -- a2publish -c "$CAT" "$PUB" "$M"
L=$PUB/datasets/s1_gunw/v3_0_1/2024/12/16/$N1
is "$(out)" "{\"publish\":{\"id\":\"$N1\",\"location\":\"$L\"}}" "a2publish: datasets/TYPE/VERSION/reference date/ID"
is "$(cd "$L" && ls | tr '\n' ' ')" "$N1.dataset.json $N1.met.json $N1.stac.json $N1.zip " "a2publish: the four files"
is "$(a2catalog -c "$CAT" query --id "$N1" | jq -r .publish)" "$L" "the catalog records where"
exits 0 "a2site over the GUNW catalog" -- a2site -c "$CAT" -o "$T/site"
is "$(out | jq -c '.site | [.products, .collections]')" '[2,{"s1_gunw":2}]' "a2site: two products, type s1_gunw"
sed -e '1d' -e 's/^window.A2_SITE = //' -e 's/;$//' "$T/site/data.js" > "$T/site.json"
is "$(jq -c '[.features[].properties | [.id, .type, .level, .mode, .path, .frame, .direction]] | sort' "$T/site.json")" \
    "[[\"$N1\",\"s1_gunw\",\"GUNW\",\"IW\",64,9852,\"ascending\"],[\"$NA\",\"s1_gunw\",\"GUNW\",\"IW\",172,9852,\"descending\"]]" \
    "a2site data.js: both GUNWs with their type (the type filter's values)"
# the site's type filter, in Chromium, with an ALOS-2 product beside them
a2synth --size tiny --level 1.5 --format GeoTIFF --package dir -o "$T/alos" > "$T/alos.json"
AL=$(jq -r .id "$T/alos.json")
a2classify "$(jq -r .path "$T/alos.json")" > "$T/alos.scene.json"
a2md -o "$T/data/products/$AL" "$T/alos.scene.json" >/dev/null
a2catalog -c "$CAT" add "$T/data/products/$AL" >/dev/null
a2site -c "$CAT" -o "$T/site" >/dev/null
NM=$A2_TOP/tests/node_modules
if [ -d "$NM/playwright-core" ] && [ -x /usr/bin/chromium ]; then
	printf '[{"name":"type","value":"s1_gunw"},{"name":"type","value":"L1.5_geotiff"},{"name":"direction","value":"descending"}]' > "$T/filters.json"
	NODE_PATH=$NM node "$A2_TOP/tests/servers/site-check.js" --dir "$T/site" --filters "$T/filters.json" \
	    > "$T/page.json" 2> "$T/page.err" || diag "$(cat "$T/page.err")"
	is "$(jq -c '[.errors, .rows]' "$T/page.json")" "[[],$(printf '%s\n' "$AL" "$N1" "$NA" | sort | jq -R . | jq -sc .)]" \
	    "Chromium: the site lists the two GUNWs and the ALOS-2 product, no error"
	is "$(jq -c '[.filters[] | [.map, .rows]]' "$T/page.json")" \
	    "[[[\"$N1\",\"$NA\"],[\"$N1\",\"$NA\"]],[[\"$AL\"],[\"$AL\"]],[[\"$NA\"],[\"$NA\"]]]" \
	    "Chromium: filter type s1_gunw shows the GUNWs, L1.5_geotiff the other, descending the cut one"
else
	ok true "# SKIP chromium or playwright-core missing"
	ok true "# SKIP chromium or playwright-core missing"
fi
done_testing
