#!/bin/sh
# The ODC product definitions of share/odc/ against what a2 writes: every
# era's eo3 dataset document (a2cog + a2eo3 on synthetic JAXA tiles of
# 1996, 2008, 2016, 2017, 2019) passes tests/odc-check.py --thorough (the
# rules of eo3-validate --thorough: names, dtype, nodata; plus units,
# grid and crs of the files), and what would be wrong is caught, word
# for word.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
SYNTH=$A2_TOP/tests/servers/mosaic-synth.py
CHECK="$PY $A2_TOP/tests/odc-check.py"
ODC=$A2_TOP/share/odc
$PY -c 'import osgeo, numpy, yaml' 2>/dev/null || skip_all "no python3-gdal or python3-yaml"

PRODUCTS="$ODC/alos2_palsar2_mosaic.odc-product.yaml $ODC/alos_palsar_mosaic.odc-product.yaml $ODC/jers_sar_mosaic.odc-product.yaml"
exits 0 "the three product definitions pass, warnings too" -- $CHECK -W $PRODUCTS
is "$(out)" "ok $ODC/alos2_palsar2_mosaic.odc-product.yaml
ok $ODC/alos_palsar_mosaic.odc-product.yaml
ok $ODC/jers_sar_mosaic.odc-product.yaml" "products: ok, no message"
is "$(ls "$ODC" | tr '\n' ' ')" "alos2_palsar2_mosaic.odc-product.yaml alos_palsar_mosaic.odc-product.yaml jers_sar_mosaic.odc-product.yaml " \
    "share/odc: one file per product"

# --- one block of every era, as the mosaic job makes it -------------------
S=$T/srv
mk() { $PY "$SYNTH" --root "$S" "$@" >/dev/null || echo "Bail out! mosaic-synth.py $*"; }
mk --year 2019 --block N05E010 --tiles N04E011 --subdir
mk --year 2017 --block N05E010 --tiles N04E011
mk --year 2016 --block N05E010 --tiles N04E011
mk --year 2008 --block S05W020 --tiles S06W017
mk --year 1996 --block N05E010 --tiles N05E010
# eo3 YEAR BLOCK: COGs and metadata in $T/YEAR
eo3() {
	mkdir -p "$T/x$1" && bsdtar -xf "$(find "$S" -name "$2_${1#??}_MOS*")" -C "$T/x$1" &&
	a2cog -o "$T/$1" "$1/$2" "$T/x$1" | SOURCE_DATE_EPOCH=1700000000 a2eo3 >/dev/null
}
for v in "2019 N05E010 alos2_palsar2_mosaic 1" "2017 N05E010 alos2_palsar2_mosaic 1" \
    "2016 N05E010 alos_palsar_mosaic 0" "2008 S05W020 alos_palsar_mosaic 0" "1996 N05E010 jers_sar_mosaic 0"; do
	set -- $v
	ok "eo3 $1 $2" "$1: a2cog | a2eo3"
	D=$T/$1/$2_$1.odc-metadata.json
	is "$(jq -r .product.name "$D") $(gdalinfo -json "$T/$1/$2_${1#??}_sl_HH"*.tif | jq -c '.bands[0] | [.noDataValue, .unit]')" \
	    "$3 [$4,\"1\"]" "$1: product $3, HH no-data $4"
	exits 0 "$1: odc-check --thorough -W against all three" -- $CHECK --thorough -W $PRODUCTS "$D"
	is "$(out | tail -n 1)" "ok $D" "$1: the dataset passes, no warning"
done
# every band's file against the definition it matches, in one table
is "$(for y in 2019 2016 1996; do gdalinfo -json "$T/$y"/*_sl_linci*.tif | jq -c "[$y, .bands[0].type, .bands[0].noDataValue, .bands[0].unit]"; done | tr '\n' ' ')" \
    '[2019,"Byte",1,"degree"] [2016,"Byte",0,"degree"] [1996,"Byte",0,"degree"] ' "linci: uint8, degree, no-data by era"
is "$(gdalinfo -json "$T/2019"/*_sl_date_*.tif | jq -c '.bands[0] | [.type, .noDataValue, .unit]') $(gdalinfo -json "$T/2019"/*_sl_mask_*.tif | jq -c '.bands[0] | [.type, .noDataValue, .unit]')" \
    '["UInt16",1,"day"] ["Byte",0,"1"]' "date: days, no-data 1 from 2017; mask keeps 0"

D19=$T/2019/N05E010_2019.odc-metadata.json
# the 2019 STAC Item names the same product
is "$(jq -r '.properties."odc:product"' "$T/2019/N05E010_19.stac-item.json")" alos2_palsar2_mosaic "STAC odc:product agrees"

# --- what must fail ---------------------------------------------------------
# no-data: a 2017-on block under alos_palsar_mosaic (a2 before, and DE Africa's definition)
jq '.product.name = "alos_palsar_mosaic" | .properties."odc:product" = "alos_palsar_mosaic"' "$D19" >"$T/2019/old.odc-metadata.json"
exits 1 "2019 as alos_palsar_mosaic: invalid" -- $CHECK --thorough $PRODUCTS "$T/2019/old.odc-metadata.json"
is "$(out | tail -n 5)" "invalid $T/2019/old.odc-metadata.json
	E different_nodata hh nodata: product 0 != dataset 1.0
	E different_nodata hv nodata: product 0 != dataset 1.0
	E different_nodata linci nodata: product 0 != dataset 1.0
	E different_nodata date nodata: product 0 != dataset 1.0" "different_nodata for every band but the mask"
exits 0 "without --thorough the files are not read" -- $CHECK $PRODUCTS "$T/2019/old.odc-metadata.json"

# a definition with DE Africa's legacy int16, and its "1" for every unit
mkdir -p "$T/p"
sed '/name: hh/,/units/ s/dtype: uint16/dtype: int16/' "$ODC/alos2_palsar2_mosaic.odc-product.yaml" >"$T/p/dtype.odc-product.yaml"
exits 1 "dtype int16" -- $CHECK --thorough "$T/p/dtype.odc-product.yaml" "$D19"
is "$(out | tail -n 2)" "invalid $D19
	E different_dtype hh dtype: product 'int16' != dataset 'uint16'" "different_dtype"
sed 's/units: "degree"/units: "1"/' "$ODC/alos2_palsar2_mosaic.odc-product.yaml" >"$T/p/units.odc-product.yaml"
exits 1 "linci units 1" -- $CHECK --thorough "$T/p/units.odc-product.yaml" "$D19"
is "$(out | tail -n 2)" "invalid $D19
	E different_units linci units: product '1' != dataset 'degree'" "different_units"

# a missing measurement: a2cog -b HH makes one band, the product wants five
a2cog -b HH -o "$T/hh" 2019/N05E010 "$T/x2019" | a2eo3 >/dev/null
exits 1 "HH only" -- $CHECK --thorough $PRODUCTS "$T/hh/N05E010_2019.odc-metadata.json"
is "$(out | tail -n 4)" "	E missing_measurement Product alos2_palsar2_mosaic expects a measurement 'hv'
	E missing_measurement Product alos2_palsar2_mosaic expects a measurement 'linci'
	E missing_measurement Product alos2_palsar2_mosaic expects a measurement 'date'
	E missing_measurement Product alos2_palsar2_mosaic expects a measurement 'mask'" "missing_measurement"
jq '.measurements.vv = .measurements.hh' "$D19" >"$T/2019/vv.odc-metadata.json"
exits 0 "an extra measurement is a warning" -- $CHECK --thorough $PRODUCTS "$T/2019/vv.odc-metadata.json"
is "$(out | tail -n 1)" "	W extra_measurements Dataset has measurements not present in product definition for 'alos2_palsar2_mosaic': vv" "extra_measurements"

# grids and crs: the document against its files
jq '.grids.default.shape = [400, 500]' "$D19" >"$T/2019/shape.odc-metadata.json"
exits 1 "wrong grid shape" -- $CHECK --thorough $PRODUCTS "$T/2019/shape.odc-metadata.json"
is "$(out | grep -c 'E different_grid [a-z]* shape: dataset \[400, 500\] != file \[500, 500\]')" 5 "different_grid, every band"
jq '.grids.default.transform[2] = 10.5' "$D19" >"$T/2019/tr.odc-metadata.json"
exits 1 "wrong grid transform" -- $CHECK --thorough $PRODUCTS "$T/2019/tr.odc-metadata.json"
is "$(out | sed -n 5p)" "	E different_grid hh transform: dataset [0.01, 0, 10.5, 0, -0.01, 5] != file [0.01, 0.0, 10.0, 0.0, -0.01, 5.0]" "different_grid: transform"
jq '.crs = "epsg:32633"' "$D19" >"$T/2019/crs.odc-metadata.json"
exits 1 "wrong crs" -- $CHECK --thorough $PRODUCTS "$T/2019/crs.odc-metadata.json"
is "$(out | sed -n 5,6p)" "	E different_crs dataset crs 'epsg:32633' != product 'EPSG:4326'
	E different_crs hh crs: dataset 'epsg:32633' != file 'epsg:4326'" "different_crs: product and file"
jq '.measurements.hh.grid = "fine"' "$D19" >"$T/2019/ref.odc-metadata.json"
exits 1 "unknown grid" -- $CHECK $PRODUCTS "$T/2019/ref.odc-metadata.json"
is "$(out | tail -n 1)" "	E invalid_grid_ref Measurement 'hh' refers to unknown grid 'fine'" "invalid_grid_ref"

# a dataset no product matches, and none given
exits 1 "JERS-1 against the ALOS products" -- $CHECK --thorough "$ODC/alos_palsar_mosaic.odc-product.yaml" "$ODC/alos2_palsar2_mosaic.odc-product.yaml" "$T/1996/N05E010_1996.odc-metadata.json"
is "$(out | tail -n 1)" "	E unknown_product Dataset does not match the given products" "unknown_product"
exits 1 "no product with --thorough" -- $CHECK --thorough "$D19"
is "$(out)" "invalid $D19
	E no_product No product provided: validating dataset information alone" "no_product"

# products that ODC or eo3-validate would refuse
sed 's/^    nodata: 0$/    nodata: 256/' "$ODC/jers_sar_mosaic.odc-product.yaml" >"$T/p/nd.odc-product.yaml"
exits 1 "nodata 256 in a uint8" -- $CHECK "$T/p/nd.odc-product.yaml"
is "$(out | tail -n 1)" "	E unsuitable_nodata Measurement 'mask' nodata 256 does not fit a 'uint8'" "unsuitable_nodata"
sed '/units: "day"/d' "$ODC/jers_sar_mosaic.odc-product.yaml" >"$T/p/nounits.odc-product.yaml"
exits 1 "a measurement without units" -- $CHECK "$T/p/nounits.odc-product.yaml"
is "$(out | tail -n 1)" "	E document_schema (measurements.2) 'units' is a required property" "document_schema: units required"
sed 's/aliases: \[local_incidence_angle, incidence\]/aliases: [local_incidence_angle, date]/' "$ODC/jers_sar_mosaic.odc-product.yaml" >"$T/p/alias.odc-product.yaml"
exits 1 "an alias that is another measurement's name" -- $CHECK "$T/p/alias.odc-product.yaml"
is "$(out | tail -n 1)" "	E duplicate_measurement_name Name 'date' is used by multiple measurements" "duplicate_measurement_name"
sed 's/^name: alos2_palsar2_mosaic$/name: copy/' "$ODC/alos2_palsar2_mosaic.odc-product.yaml" >"$T/p/copy.odc-product.yaml"
exits 1 "two products whose metadata match the same dataset" -- $CHECK "$ODC/alos2_palsar2_mosaic.odc-product.yaml" "$T/p/copy.odc-product.yaml" "$D19"
is "$(out | tail -n 1)" "	E product_match_clash Multiple products match the given dataset: alos2_palsar2_mosaic, copy" "product_match_clash"

# --- published paths, and make install --------------------------------------
a2cog -o "$T/b" 2019/N05E010 "$T/x2019" | a2eo3 --base s3://bkt/mosaic/2019/N05E010 >/dev/null
exits 0 "--base: valid without --thorough" -- $CHECK $PRODUCTS "$T/b/N05E010_2019.odc-metadata.json"
is "$(out | grep -c "W absolute_path measurement '[a-z]*' has an absolute path: 's3://bkt/mosaic/2019/N05E010/N05E010_19_sl_")" 5 \
    "--base: eo3-validate's absolute_path warning for each measurement"
exits 0 "make install" -- make --no-print-directory -s -C "$A2_TOP" install SAN="${A2_SAN:-0}" DESTDIR="$T/inst" PREFIX=/usr
for f in $PRODUCTS; do
	same_file "$f" "$T/inst/usr/share/a2/odc/${f##*/}" "installed: share/a2/odc/${f##*/}"
done

plan $_tap_n
done_testing
