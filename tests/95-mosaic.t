#!/bin/sh
# The PALSAR yearly mosaic tools on synthetic JAXA tiles of every era:
# a2grid (grid arithmetic, names, URLs, the odc_uuid vectors of
# palsar-mosaic.md §7), a2cog (COG layout, pixels kept, no-data by era,
# strict file matching) and a2eo3 (eo3 document, STAC Item valid).
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SYNTH=$A2_TOP/tests/servers/mosaic-synth.py
SCHEMAS=$A2_TOP/../shared/schemas/stac
AJV=$A2_TOP/tests/node_modules/.bin/ajv
$PY -c 'import osgeo, numpy' 2>/dev/null || skip_all "no python3-gdal"
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1

# --- a2grid: ids (§7 test vectors) ---------------------------------------
for v in "2017 N25W020 0f48c651-7229-5d89-aca7-6676f01d3777" \
    "2017 N05E040 b7bedfc2-5d7d-54f3-abb9-dfd63b79f9fb" \
    "2020 N10E010 8b5a33ba-ccdd-54a0-b6ca-d68941461fc9" \
    "2007 N00E010 c5624872-287d-5b4b-968c-5cc1e6fa1ae9" \
    "1996 N05E010 249685cf-a42b-5aa5-95cf-1da85487c44b"; do
	set -- $v
	is "$(a2grid -y "$1" "$2" | jq -r .id)" "$3" "uuid5 of $1/$2"
done

# --- a2grid: blocks, tiles, URLs -----------------------------------------
FTP=ftp://ftp.eorc.jaxa.jp/pub
exits 0 "a block name" -- a2grid -y 2017 N25W020
is "$(out | jq -c '[.job, .era, .bbox, (.tiles | length), .tiles[0], .tiles[24], .urls]')" \
    "[\"2017/N25W020\",\"alos2\",[-20,20,-15,25],25,\"N25W020\",\"N21W016\",[\"$FTP/ALOS-2/ext1/PALSAR-2_MSC/25m_MSC/2017/N25W020_17_MOS_F02DAR.tar.gz\"]]" \
    "block record: job, era, bbox, 25 tiles NW to SE, FTP archive"
# a box around the equator and the prime meridian: four blocks, N/E for 0
exits 0 "bbox across 0,0" -- a2grid -y 2008 -b -0.5,-0.5,0.5,0.5
is "$(out | jq -r '[.block, (.tiles | join(","))] | join(" ")')" "N05W005 N01W001
N05E000 N01E000
N00W005 N00W001
N00E000 N00E000" "blocks north to south, west to east; N00 and E000 for zero"
is "$(out | jq -r '.urls[0]' | head -n 1)" "$FTP/ALOS/ext1/PALSAR_MSC/25m_MSC/2008/N05W005_08_MOS.tar.gz" "ALOS archive name"
# §2: S05E010 covers lat -10..-5; tile N23W161 lies in N25W165
is "$(a2grid -y 2019 -b 10.2,-9.8,10.4,-9.6 | jq -c '[.block, .tiles, .bbox]')" '["S05E010",["S09E010"],[10,-10,15,-5]]' "southern block"
is "$(a2grid -y 2019 N23W161 | jq -c '[.block, .tiles]')" '["N25W165",["N23W161"]]' "a 1x1 tile finds its block"
# edges: a box ending on a tile edge does not take the next tile
is "$(a2grid -y 2019 -b 10,0,11,1 | jq -c .tiles)" '["N01E010"]' "box on tile edges: one tile"
is "$(a2grid -y 1996 N05E010 | jq -r .urls[0])" "$FTP/ALOS/ext1/JERS-1_MSC/25m_MSC/1996/N05E010_96_MOS.tar.gz" "JERS-1 archive"
is "$(a2grid -y 2008 -f zip N05E010 | jq -r .urls[0])" "$FTP/ALOS/ext1/PALSAR_MSC/25m_MSC/2008/N05E010_08_MOS_F__DAR.zip" "2023 zip release of ALOS: F__DAR"
is "$(a2grid -y 2017 -t N24W019 | jq -r .urls[0])" "$FTP/ALOS-2/ext1/PALSAR-2_MSC/25m_MSC/2017/N25W020/N24W019_17_MOS_F02DAR.tar.gz" "FTP 1x1 archive"
is "$(A2_JAXA_HTTPS_URL=https://mirror.example/d a2grid -y 2021 -s https N24W019 | jq -r .urls[0])" \
    "https://mirror.example/d/2021/dir_zip/2021/N25W020/N24W019_21_MOS_F02DAR.zip" "HTTPS 1x1 zip, base from the environment"
printf 'N25W020\n# comment\n\nN05E040  # island\n' >"$T/list"
is "$(a2grid -y 2015-2016 -l "$T/list" | jq -r .job | tr '\n' ' ')" "2015/N25W020 2015/N05E040 2016/N25W020 2016/N05E040 " "list file and a year range"
exits 2 "a year without a mosaic" -- a2grid -y 2012 N25W020
is "$(err)" "a2grid: --year 2012: JAXA made no yearly mosaic that year (1996, 2007-2010, 2015 on)" "year message"
exits 2 "S00 is not a name" -- a2grid -y 2017 S00E010
exits 2 "bad bbox" -- a2grid -y 2017 -b 10,5,9,6
exits 2 "nothing asked" -- a2grid -y 2017

# --- synthetic archives --------------------------------------------------
S=$T/srv
mk() { $PY "$SYNTH" --root "$S" "$@" >/dev/null || echo "Bail out! mosaic-synth.py $*"; }
mk --year 2019 --block N05E010 --tiles N04E011,N03E012 --subdir
mk --year 2016 --block N05E010 --tiles N04E011,N03E012
mk --year 1996 --block N05E010 --tiles N05E010
mk --year 2008 --block S05W020 --tiles S06W017 --zip
cp "$S/pub/ALOS-2/ext1/PALSAR-2_MSC/25m_MSC/2019/N05E010_19_MOS_F02DAR.tar.gz" "$T/first.tar.gz"
mk --year 2019 --block N05E010 --tiles N04E011,N03E012 --subdir
same_file "$T/first.tar.gz" "$S/pub/ALOS-2/ext1/PALSAR-2_MSC/25m_MSC/2019/N05E010_19_MOS_F02DAR.tar.gz" "fixtures are deterministic"
for y in 2019 2016 1996; do
	mkdir -p "$T/x$y"
	bsdtar -xf "$(find "$S" -name "N05E010_${y#??}_MOS*")" -C "$T/x$y"
done
mkdir -p "$T/x2008" && (cd "$T/x2008" && unzip -q "$(find "$S" -name '*_08_MOS_F__DAR.zip')")

# check_pixels COG YEAR BAND TILE...: every tile's pixels in the COG equal
# the generator's, and everything else is the band's no-data value
check_pixels() {
	$PY - "$SYNTH" "$@" <<'PYEOF'
import sys, importlib.util
import numpy as np
from osgeo import gdal
spec = importlib.util.spec_from_file_location("synth", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
cog, year, band, tiles = sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5:]
ds = gdal.Open(cog)
a = ds.GetRasterBand(1).ReadAsArray().astype(np.int64)
gt = ds.GetGeoTransform()
n = round(1 / gt[1])
seen = np.zeros(a.shape, bool)
for t in tiles:
    lat, lon = m.parse(t)
    r, c = round((gt[3] - lat) * n), round((lon - gt[0]) * n)
    want = m.value(band, year, lat, lon, n)
    if not np.array_equal(a[r:r + n, c:c + n], want):
        sys.exit("%s: tile %s differs" % (cog, t))
    seen[r:r + n, c:c + n] = True
nd = ds.GetRasterBand(1).GetNoDataValue()
if nd != m.nodata(year, band) or not (a[~seen] == nd).all():
    sys.exit("%s: no-data %s, or outside the tiles not no-data" % (cog, nd))
PYEOF
}

# --- a2cog ----------------------------------------------------------------
O=$T/out19
exits 0 "a2cog 2019 (GeoTIFF tiles in a folder)" -- a2cog -o "$O" 2019/N05E010 "$T/x2019"
R=$(out)
is "$(echo "$R" | jq -c '.cog | [.job, .id, .dir, (.bands | keys_unsorted), .bands.hh.tiles, .bands.hh.nodata, .bands.mask.nodata]')" \
    "[\"2019/N05E010\",\"$(a2grid -y 2019 N05E010 | jq -r .id)\",\"$(cd "$O" && pwd -P)\",[\"hh\",\"hv\",\"linci\",\"date\",\"mask\"],[\"N03E012\",\"N04E011\"],1,0]" \
    "cog record: bands in order, tiles, no-data 1 (0 for the mask) from 2017"
is "$(ls "$O" | tr '\n' ' ')" "N05E010_19_sl_HH_F02DAR.tif N05E010_19_sl_HV_F02DAR.tif N05E010_19_sl_date_F02DAR.tif N05E010_19_sl_linci_F02DAR.tif N05E010_19_sl_mask_F02DAR.tif " "five COGs named as §5.2, no temp file"
echo "$R" >"$T/cog19.json"
# layout: GDAL 3.6 validates COG order itself (LAYOUT=COG), and the settings
for b in HH HV linci date mask; do
	f=$O/N05E010_19_sl_${b}_F02DAR.tif
	gdalinfo -json "$f" >"$T/info.json"
	is "$(jq -c '[.metadata["IMAGE_STRUCTURE"] | .LAYOUT, .COMPRESSION, .PREDICTOR] + [.size, .bands[0].block, (.bands[0].overviews | map(.size[0])), .geoTransform]' "$T/info.json")" \
	    '["COG","DEFLATE","2",[500,500],[512,512],[250,125,62,31,15],[10,0.01,0,5,0,-0.01]]' "$b: COG layout, DEFLATE+predictor 2, 512 tiles, 5 overviews, whole block"
	ok 'check_pixels "$f" 2019 $b N04E011 N03E012' "$b: tile pixels kept, rest no-data"
done
# overview resampling: average for HH (a 2x2 block of values v, v+3, v+7,
# v+10 gives v+5, which no nearest pick gives), nearest for the mask (its
# classes stay)
is "$($PY -c "
from osgeo import gdal
import sys
ds = gdal.Open(sys.argv[1]); full = ds.GetRasterBand(1).ReadAsArray().astype(int)
ov = ds.GetRasterBand(1).GetOverview(0).ReadAsArray().astype(int)
print(ov[60, 61] == full[120:122, 122:124].mean(), ov[60, 61] not in full[120:122, 122:124])
ds = gdal.Open(sys.argv[2])
print(sorted(set(ds.GetRasterBand(1).GetOverview(0).ReadAsArray().ravel().tolist())))
" "$O/N05E010_19_sl_HH_F02DAR.tif" "$O/N05E010_19_sl_mask_F02DAR.tif" | tr '\n' ' ')" "True True [0, 50, 255] " "overviews: HH averaged, mask classes only"

exits 0 "a2cog 2016 (ENVI + .hdr, F02DAR)" -- a2cog -o "$T/out16" 2016/N05E010 "$T/x2016"
is "$(out | jq -c '[.cog.bands[] | .nodata] | unique')" "[0]" "no-data 0 before 2017"
ok 'check_pixels "$T/out16/N05E010_16_sl_HH_F02DAR.tif" 2016 HH N04E011 N03E012' "2016 HH pixels kept"
ok 'check_pixels "$T/out16/N05E010_16_sl_date_F02DAR.tif" 2016 date N04E011 N03E012' "2016 date pixels kept"
exits 0 "a2cog 1996 (JERS-1: no HV)" -- a2cog -o "$T/out96" 1996/N05E010 "$T/x1996"
is "$(out | jq -c '.cog.bands | keys_unsorted')" '["hh","linci","date","mask"]' "JERS-1 bands"
ok 'check_pixels "$T/out96/N05E010_96_sl_HH.tif" 1996 HH N05E010' "JERS-1 HH pixels kept"
exits 0 "a2cog 2008 from the zip release, only HH, tiles' extent" -- a2cog -u -b HH -o "$T/out08" 2008/S05W020 "$T/x2008"
is "$(gdalinfo -json "$T/out08/S05W020_08_sl_HH.tif" | jq -c '[.size, .geoTransform[0], .geoTransform[3]]')" "[[100,100],-17,-6]" "--union: the tile's extent"
ok 'check_pixels "$T/out08/S05W020_08_sl_HH.tif" 2008 HH S06W017' "2008 HH pixels kept"
exits 1 "a2cog: no tile of the block" -- a2cog -o "$T/none" 2019/N10E010 "$T/x2019"
is "$(err)" "a2cog: 2019/N10E010: no HH rasters of N10E010 in $T/x2019" "missing band message"
ok '[ ! -e "$T/none" ] || [ -z "$(ls -A "$T/none")" ]' "nothing written"
exits 2 "a2cog: bad job" -- a2cog 2019/N04E011 "$T/x2019"
# a damaged tile: exit 1, no COG, no temp
printf 'garbage' >"$T/x2016/N04E011_16_sl_HV_F02DAR.hdr"
exits 1 "a2cog: unreadable tile" -- a2cog -b HV -o "$T/bad" 2016/N05E010 "$T/x2016"
ok '[ ! -e "$T/bad/N05E010_16_sl_HV_F02DAR.tif" ] && no_temps "$T/bad"' "no COG and no temp file after a failure"

# --- a2eo3 -----------------------------------------------------------------
stac_valid() {
	(cd "$SCHEMAS" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s item.json -r basics.json \
		-r datetime.json -r instrument.json -r licensing.json -r provider.json \
		-r geojson-feature.json -r geojson-geometry.json -d "$1" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s sar-v1.3.0.json -d "$1" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s projection-v2.0.0.json \
		-r projjson-stub.json -r geojson-geometry.json -d "$1") >"$T/ajv.log" 2>&1
}
ok '[ -x "$AJV" ]' "ajv is installed (tests/npm-deps)"
exits 0 "a2eo3" -- env SOURCE_DATE_EPOCH=1700000000 a2eo3 "$T/cog19.json"
ID=$(a2grid -y 2019 N05E010 | jq -r .id)
E=$O/N05E010_2019.odc-metadata.json S=$O/N05E010_19.stac-item.json
is "$(out | jq -c .eo3)" "{\"id\":\"$ID\",\"dataset\":\"$E\",\"stac\":\"$S\"}" "eo3 record"
is "$(jq -c '[."$schema", .id, .product.name, .crs, .grids.default, .geometry.coordinates, .lineage, .accessories]' "$E")" \
    "[\"https://schemas.opendatacube.org/dataset\",\"$ID\",\"alos2_palsar2_mosaic\",\"epsg:4326\",{\"shape\":[500,500],\"transform\":[0.01,0,10,0,-0.01,5,0,0,1]},[[[10,0],[15,0],[15,5],[10,5],[10,0]]],{},{}]" \
    "eo3: schema, id, product, crs, grid, geometry, lineage, accessories (palsar-mosaic.md 9.2)"
is "$(jq -c keys "$E")" '["$schema","accessories","crs","geometry","grids","id","lineage","measurements","product","properties"]' \
    "eo3: the keys of palsar-mosaic.md 9.2, no others"
is "$(jq -c '[.measurements.hh.path, .measurements.mask.path, (.properties | ."dtr:start_datetime", ."dtr:end_datetime", ."eo:platform", ."odc:region_code", ."odc:processing_datetime", .cf, .launchdate)]' "$E")" \
    '["N05E010_19_sl_HH_F02DAR.tif","N05E010_19_sl_mask_F02DAR.tif","2019-01-01T00:00:00Z","2019-12-31T23:59:59Z","ALOS/ALOS-2","N05E010","2023-11-14T22:13:20Z","83.0 dB","2014-05-24"]' \
    "eo3: measurements and properties"
ok 'stac_valid "$S"' "STAC Item validates (item, sar, projection)"
is "$(jq -c '[.id, .properties."sar:polarizations", .properties."proj:code", .properties."proj:shape", .assets.hh.href, .assets.hh.type, (.assets | keys_unsorted)]' "$S")" \
    "[\"$ID\",[\"HH\",\"HV\"],\"EPSG:4326\",[500,500],\"N05E010_19_sl_HH_F02DAR.tif\",\"image/tiff; application=geotiff; profile=cloud-optimized\",[\"hh\",\"hv\",\"linci\",\"date\",\"mask\"]]" \
    "STAC: id, sar, proj, assets"
jq '.properties."sar:polarizations" = "HH"' "$S" >"$T/broken.json"
ok '! stac_valid "$T/broken.json"' "ajv rejects a broken item (the check can fail)"
a2cog -o "$T/out96" 1996/N05E010 "$T/x1996" | a2eo3 --base s3://bucket/jers/1996/N05E010 -o "$T/md96" >/dev/null
S96=$T/md96/N05E010_96.stac-item.json
ok 'stac_valid "$S96"' "JERS-1 STAC Item validates"
is "$(jq -c '[.properties.platform, .properties."sar:polarizations", .assets.hh.href, .links[0].href]' "$S96")" \
    '["JERS-1",["HH"],"s3://bucket/jers/1996/N05E010/N05E010_96_sl_HH.tif","s3://bucket/jers/1996/N05E010/N05E010_96.stac-item.json"]' "JERS-1: platform, HH only, --base hrefs"
is "$(jq -r '.product.name' "$T/md96/N05E010_1996.odc-metadata.json")" jers_sar_mosaic "JERS-1 product"
exits 1 "a2eo3: not a cog record" -- sh -c 'echo "{\"x\":1}" | a2eo3 -o "$1"' sh "$T/md-bad"
# a 0-byte tile or COG: GDAL's own reason, once, on one line
mkdir -p "$T/x0" && cp -r "$T/x2019/." "$T/x0/"
z=$(find "$T/x0" -name 'N04E011_19_sl_HH_F02DAR.tif')
: >"$z"
exits 1 "a2cog: a 0-byte tile" -- a2cog -b HH -o "$T/out0" 2019/N05E010 "$T/x0"
is "$(err)" "a2cog: $z: cannot open: \`$z' not recognized as a supported file format." "a2cog: GDAL's reason, one line"
mkdir -p "$T/cog0"
jq -c --arg d "$T/cog0" '.cog.dir = $d | .cog.bands[].path |= ($d + "/" + (split("/") | last))' \
    "$T/cog19.json" >"$T/cog0.json"
for f in $(jq -r '.cog.bands[].path' "$T/cog0.json"); do : >"$f"; done
f0=$(jq -r '.cog.bands.hh.path' "$T/cog0.json")
exits 1 "a2eo3: a 0-byte COG" -- a2eo3 -o "$T/md0" "$T/cog0.json"
is "$(err)" "a2eo3: $f0: cannot open: \`$f0' not recognized as a supported file format." "a2eo3: GDAL's reason, one line"

plan $_tap_n
done_testing
