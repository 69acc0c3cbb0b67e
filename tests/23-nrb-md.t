#!/bin/sh
# a2md on level 2.2 NRB products (palsar2-scansar-nrb.md §3, §6): met.json
# and dataset.json against a2synth's truth files and the footprint; the
# STAC Item's proj:shape against gdalinfo's size of the backscatter image
# (not summary.xml's swapped counts), its transform and bbox, only the
# polarisations present (dual WWD, WBD; single WBS), the dB formula, the
# mask classes, roles never role; a descending left-looking scene, one
# across the antimeridian (bbox west > east); every Item valid for ajv
# (STAC Item, sar, sat, proj, raster, classification, archive); the
# metadata-only product of the archive job; the URL job through a2pack,
# a2md, the catalog, publish and the site once a2tiles' step is taken as
# done (it stops there otherwise, 21-nrb.t).
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null || skip_all "jq needed"
command -v gdalinfo >/dev/null || skip_all "gdalinfo needed"
SCHEMAS=$A2_TOP/../shared/schemas/stac
FIX=$A2_TOP/tests/fixtures/stac
AJV=$A2_TOP/tests/node_modules/.bin/ajv
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1
cd "$T" || exit 1

ajv() { (cd "$SCHEMAS" && "$AJV" validate --spec=draft7 -c ajv-formats --strict=false "$@") >>"$T/ajv.log" 2>&1; }
# valid ITEM: every schema of the extensions an NRB Item names
valid() {
	set -- "$T/$1"
	ajv -s item.json -r basics.json -r datetime.json -r instrument.json -r licensing.json \
	    -r provider.json -r geojson-feature.json -r geojson-geometry.json -d "$1" &&
	ajv -s sar-v1.3.0.json -d "$1" && ajv -s sat-v1.2.0.json -d "$1" &&
	ajv -s projection-v2.0.0.json -r projjson-stub.json -r geojson-geometry.json -d "$1" &&
	ajv -s "$FIX/raster-v1.1.0.json" -d "$1" && ajv -s "$FIX/classification-v1.1.0.json" -d "$1" &&
	{ ! jq -e '.stac_extensions | index("https://stac-extensions.github.io/archive/v1.0.0/schema.json")' "$1" >/dev/null ||
	  ajv -s "$FIX/archive-v1.0.0.json" -d "$1"; }
}
# md NAME DIR: classify, outline and describe the scene in DIR into md/NAME
md() {
	a2classify "$2" >"$1.c.json" && a2footprint "$2" >"$1.fp.json" &&
	a2md -o "md/$1" "$1.c.json" "$1.fp.json" >/dev/null
}
ok '[ -x "$AJV" ]' "ajv is installed (tests/npm-deps)"

# ---- the default scene: WWD, HH+HV, south (EPSG:32720), ascending, right ----
ID=ALOS2015976960-140909-WWDR2.2GUA
P=ALOS2015976960-140909_WWDR2.2GUA
a2synth --level 2.2 --mode WWD --package dir -o s >/dev/null
S=$T/s/$ID TR=$T/s/$ID.truth.json
exits 0 "a2md on an NRB scene: exit 0" -- md wwd "$S"
M=md/wwd/$ID.met.json DS=md/wwd/$ID.dataset.json I=md/wwd/$ID.stac.json
truth() { jq -c "$1" "$TR"; }
is "$(jq -c '[.prod_name, .spacecraftName, .orbitNumber, .frameID, .trackNumber, .prod_date, .dfdn, .lookDirection, .level, .processingOption, .mapProjection, .direction, .dataset, .source, .starttime, .endtime, .tiles, .archive_filename]' "$M")" \
	"[\"$ID\",\"ALOS2\",$(truth .orbit),$(truth .frame),$(truth .path),\"2014-09-09\",{\"AcquistionMode\":\"WWD\",\"LookSide\":\"R\"},\"right\",\"L2.2\",\"G\",\"U\",\"ascending\",\"ALOS2_NRB\",\"jaxa\",\"2014-09-09T04:33:43.461000\",\"2014-09-09T04:34:35.461000\",false,\"$ID.zip\"]" \
	"met.json: identity, times and dataset as the truth file"
is "$(jq -c '.alos2md | [.source, .absolute_orbit, .frame, .flight_direction, .beam_mode, .polarizations, .beam_id, .epsg, .width, .height, .pixel_spacing, .center_frequency_ghz, .radar_wave_length, .incidence_near, .incidence_far, .off_nadir_angle, .processing_facility, .software_version, .source_product_id, .summary_version]' "$M")" \
	"[\"a2_nrb\",\"01597\",\"6960\",\"asc\",\"WWD\",[\"HH\",\"HV\"],\"W3\",$(truth .epsg),$(truth .width),$(truth .lines),$(truth .pixel_spacing),1.2365,0.242452,28.471,43.871,32.5,\"JAXA/EORC\",\"EGAS-APR Ver.1.0.0\",\"ALOS2015976960-140909_WWDR1.1__A\",\"5.5\"]" \
	"met.json alos2md: summary.xml's values (grid as the truth file)"
is "$(jq -c .location "$M")" "$(jq -c .geometry wwd.fp.json)" "met.json location: the footprint"
is "$(jq -c '[.version, .label, .starttime, .endtime, .location]' "$DS")" \
	"[\"v0.1\",\"$ID\",\"2014-09-09T04:33:43.461000\",\"2014-09-09T04:34:35.461000\",$(jq -c .geometry wwd.fp.json)]" \
	"dataset.json: version, times, location the footprint"

# the Item's grid is the GeoTIFFs' (summary.xml says 96 lines, 120 pixels: swapped)
gdalinfo -json "$S/${P}_HH_SLP.tif" >gi.json
is "$(jq -c '.properties | [."proj:code", ."proj:shape", ."proj:transform", ."proj:bbox", .gsd]' "$I")" \
	"[\"EPSG:32720\",$(jq -c '[.size[1], .size[0]]' gi.json),$(jq -c '.geoTransform | [.[1], .[2], .[0], .[4], .[5], .[3]]' gi.json),$(jq -c '[.cornerCoordinates.lowerLeft[0], .cornerCoordinates.lowerRight[1], .cornerCoordinates.upperRight[0], .cornerCoordinates.upperLeft[1]]' gi.json),4350]" \
	"proj: code, shape [rows, columns], transform and bbox as gdalinfo reads the HH image"
is "$(jq -c '.properties."proj:shape"' "$I")" '[120,96]' "proj:shape [120, 96], not summary.xml's [96, 120]"
is "$(jq -c '.properties | [."sar:instrument_mode", ."sar:frequency_band", ."sar:center_frequency", ."sar:polarizations", ."sar:product_type", ."sar:observation_direction", ."sat:orbit_state", ."sat:absolute_orbit", ."sat:relative_orbit", .datetime, ."a2:file_prefix"]' "$I")" \
	"[\"WWD\",\"L\",1.2365,[\"HH\",\"HV\"],\"RTC\",\"right\",\"ascending\",1597,26,\"2014-09-09T04:34:09.461Z\",\"$P\"]" \
	"sar and sat: mode, L band, polarisations, RTC, right, ascending, orbit and path"
is "$(jq -c '[.id, .collection, .bbox, .geometry]' "$I")" \
	"[\"$ID\",\"L2.2_nrb\",$(jq -c .bbox wwd.fp.json),$(jq -c .geometry wwd.fp.json)]" \
	"Item: id, collection, bbox and geometry of the footprint"
is "$(jq -c '.assets | keys_unsorted' "$I")" '["archive","metadata","dataset","HH_SLP","HV_SLP","LIN","MSK","summary","kml"]' \
	"assets: the zip, the HySDS files, one gamma-0 per polarisation, LIN, MSK, summary.xml, KML"
is "$(jq -c '[.assets[] | select(.archive) | [.href, .type, .archive[0].href, .archive[0].type, .roles]]' "$I")" \
	"[[\"$ID.zip\",\"application/zip\",\"${P}_HH_SLP.tif\",\"image/tiff; application=geotiff; profile=cloud-optimized\",[\"data\",\"gamma0\"]],[\"$ID.zip\",\"application/zip\",\"${P}_HV_SLP.tif\",\"image/tiff; application=geotiff; profile=cloud-optimized\",[\"data\",\"gamma0\"]],[\"$ID.zip\",\"application/zip\",\"${P}_LIN.tif\",\"image/tiff; application=geotiff; profile=cloud-optimized\",[\"metadata\",\"local-incidence-angle\"]],[\"$ID.zip\",\"application/zip\",\"${P}_MSK.tif\",\"image/tiff; application=geotiff; profile=cloud-optimized\",[\"metadata\",\"data-mask\"]],[\"$ID.zip\",\"application/zip\",\"${P}_summary.xml\",\"application/xml\",[\"metadata\"]],[\"$ID.zip\",\"application/zip\",\"$ID.kml\",\"application/vnd.google-earth.kml+xml\",[\"metadata\"]]]" \
	"each file an asset in ID.zip (archive extension): its path and type there, roles"
is "$(jq -r '.assets.HH_SLP.description' "$I")" \
	"Gamma-0 backscatter, terrain-corrected (RTC), HH: linear amplitude DN, 0 = no data; gamma-0 in dB = 10*log10(DN^2) - 83.0" \
	"HH: the dB formula stated (raster:bands cannot scale a logarithm)"
is "$(jq -c '[.assets.HH_SLP."raster:bands", .assets.LIN."raster:bands", .assets.MSK."raster:bands"]' "$I")" \
	'[[{"data_type":"uint16","nodata":0,"sampling":"area","spatial_resolution":4350}],[{"data_type":"uint16","nodata":0,"sampling":"area","spatial_resolution":4350,"scale":0.01,"offset":0,"unit":"deg"}],[{"data_type":"uint8","nodata":0,"sampling":"area","spatial_resolution":4350}]]' \
	"raster:bands: uint16/uint8, no data 0; LIN 0.01 deg per DN"
is "$(jq -r '.assets.LIN.description' "$I")" "Local incidence angle: degrees = 0.01*DN, 0 = no data" "LIN: its scaling"
is "$(jq -c '[.assets.MSK."classification:classes"[] | [.value, .name]]' "$I")" \
	'[[0,"no_data"],[1,"valid"],[2,"layover"],[3,"shadow"],[4,"ocean_water"],[5,"invalid"]]' \
	"MSK: the codes 0-5 as classification:classes"
is "$(jq '[.. | objects | has("role")] | any' "$I")" false "roles, never role"
is "$(jq -c .stac_extensions "$I")" \
	'["https://stac-extensions.github.io/sar/v1.3.0/schema.json","https://stac-extensions.github.io/sat/v1.2.0/schema.json","https://stac-extensions.github.io/projection/v2.0.0/schema.json","https://stac-extensions.github.io/raster/v1.1.0/schema.json","https://stac-extensions.github.io/classification/v1.1.0/schema.json","https://stac-extensions.github.io/archive/v1.0.0/schema.json"]' \
	"stac_extensions: sar, sat, proj, raster, classification, archive"
ok 'valid "$I"' "ajv: the Item validates against every schema it names" || diag "$(tail -5 ajv.log)"
# the schemas bite: a band type raster does not know, a class without a value
jq '.assets.LIN."raster:bands"[0].data_type = "uint17"' "$I" >bad1.json
ok '! ajv -s "$FIX/raster-v1.1.0.json" -d "$T/bad1.json"' "ajv: the raster schema rejects data_type uint17"
jq 'del(.assets.MSK."classification:classes"[0].value)' "$I" >bad2.json
ok '! ajv -s "$FIX/classification-v1.1.0.json" -d "$T/bad2.json"' "ajv: the classification schema rejects a class without value"
jq 'del(.assets.MSK.archive[0].href)' "$I" >bad3.json
ok '! ajv -s "$FIX/archive-v1.0.0.json" -d "$T/bad3.json"' "ajv: the archive schema rejects a file without href"

# ---- single polarisation: WBS, HH only ----
a2synth --level 2.2 --mode WBS --package dir -o wbs >/dev/null
exits 0 "a2md, WBS: exit 0" -- md wbs wbs/ALOS2015976960-140909-WBSR2.2GUA
I=md/wbs/ALOS2015976960-140909-WBSR2.2GUA.stac.json
is "$(jq -c '[.properties."sar:instrument_mode", .properties."sar:polarizations", (.assets | keys_unsorted)]' "$I")" \
	'["WBS",["HH"],["archive","metadata","dataset","HH_SLP","LIN","MSK","summary","kml"]]' \
	"WBS: HH only, no HV asset"
is "$(jq -c .alos2md.polarizations md/wbs/ALOS2015976960-140909-WBSR2.2GUA.met.json)" '["HH"]' "WBS: met.json HH only"
ok 'valid "$I"' "ajv: the WBS Item validates" || diag "$(tail -5 ajv.log)"

# ---- descending, left-looking WBD ----
DD=ALOS2015976960-140909-WBDL2.2GUD
a2synth --level 2.2 --mode WBD --look L --direction D --package dir -o d >/dev/null
exits 0 "a2md, descending left: exit 0" -- md wbd "d/$DD"
I=md/wbd/$DD.stac.json
is "$(jq -c '.properties | [."sar:instrument_mode", ."sar:polarizations", ."sar:observation_direction", ."sat:orbit_state", ."proj:code"]' "$I")" \
	'["WBD",["HH","HV"],"left","descending","EPSG:32751"]' "descending left: sar:observation_direction left, sat:orbit_state descending"
is "$(jq -c '[.lookDirection, .direction, .dfdn.LookSide, .alos2md.flight_direction]' "md/wbd/$DD.met.json")" \
	'["left","descending","L","dsc"]' "descending left: met.json"
is "$(jq -c '.properties."proj:shape"' "$I")" "$(gdalinfo -json "d/$DD/ALOS2015976960-140909_WBDL2.2GUD_HV_SLP.tif" | jq -c '[.size[1], .size[0]]')" \
	"descending left: proj:shape as gdalinfo's size"
ok 'valid "$I"' "ajv: the descending Item validates" || diag "$(tail -5 ajv.log)"

# ---- across the antimeridian ----
AM=ALOS2015976960-140909-WBSR2.2GUA
a2synth --level 2.2 --mode WBS --lon-shift 243 --package dir -o am >/dev/null
exits 0 "a2md, antimeridian: exit 0" -- md am "am/$AM"
I=md/am/$AM.stac.json
is "$(jq -c '[.bbox, .geometry.type, .properties."proj:code"]' "$I")" \
	'[[177.90326,-13.004463,-178.291326,-9.21583],"MultiPolygon","EPSG:32760"]' \
	"antimeridian: bbox west > east, the footprint cut at 180, EPSG:32760"
is "$(jq -c .geometry "$I")" "$(jq -c .geometry am.fp.json)" "antimeridian: geometry the footprint"
is "$(jq -c .location "md/am/$AM.dataset.json")" "$(jq -c .geometry am.fp.json)" "antimeridian: dataset.json location the footprint"
is "$(jq -c '.center.coordinates | map(. * 100 | round)' "md/am/$AM.dataset.json")" '[17980,-1111]' \
	"antimeridian: dataset.json center on the scene, not across the Earth"
ok 'valid "$I"' "ajv: the antimeridian Item validates" || diag "$(tail -5 ajv.log)"

# ---- the archive job: the metadata-only product, its files in place ----
if command -v make >/dev/null; then
	mkdir -p arch/P026/F6960
	cp "$S"/* arch/P026/F6960/
	exits 0 "archive job, LEVELS=2.2: exit 0" -- make -f "$A2_TOP/examples/archive.mk" A2_BIN="$A2_BIN" \
		A2_DATA="$T/adata" ARCHIVE="$T/arch" LEVELS=2.2
	I=adata/products/$ID-md/$ID-md.stac.json
	is "$(jq -c '[.id, .collection, (.assets | keys_unsorted), [.assets[] | .href]]' "$I")" \
		"[\"$ID-md\",\"L2.2_nrb_md\",[\"metadata\",\"dataset\",\"HH_SLP\",\"HV_SLP\",\"LIN\",\"MSK\",\"summary\",\"kml\"],[\"$ID-md.met.json\",\"$ID-md.dataset.json\",\"$T/arch/P026/F6960/${P}_HH_SLP.tif\",\"$T/arch/P026/F6960/${P}_HV_SLP.tif\",\"$T/arch/P026/F6960/${P}_LIN.tif\",\"$T/arch/P026/F6960/${P}_MSK.tif\",\"$T/arch/P026/F6960/${P}_summary.xml\",\"$T/arch/P026/F6960/$ID.kml\"]]" \
		"archive job: ID-md, type L2.2_nrb_md, each file an asset in place"
	is "$(jq -c '[.assets.HH_SLP.type, .assets.HH_SLP.archive, (.stac_extensions | length)]' "$I")" \
		'["image/tiff; application=geotiff; profile=cloud-optimized",null,5]' \
		"archive job: the files themselves (no archive extension)"
	is "$(jq -c '[(.gekko_archive_files | length), .alos2md.source]' "adata/products/$ID-md/$ID-md.met.json")" '[6,"a2_nrb"]' \
		"archive job: met.json lists the six files"
	ok 'valid "$I"' "ajv: the metadata-only Item validates" || diag "$(tail -5 ajv.log)"
	is "$(find adata -name '*.links*' | wc -l | tr -d ' ')" 0 "archive job: no link dir left"

	# ---- the URL job: a2tiles' step taken as done (make -o) ----
	a2synth --level 2.2 --mode WWD --package flat -o u >/dev/null
	W=$T/data/work/$ID
	exits 0 "URL job on an NRB zip, tiles.json assumed: exit 0" -- make -f "$A2_TOP/examples/url.mk" \
		A2_BIN="$A2_BIN" A2_DATA="$T/data" URL="file://$T/u/$ID.zip" PUBLISH="$T/pub" SITE="$T/site" -o "$W/tiles.json"
	PD=$T/data/products/$ID
	is "$(ls "$PD" | tr '\n' ' ')" "$ID.dataset.json $ID.met.json $ID.stac.json $ID.zip " \
		"URL job: the product: zip (a2pack), met, dataset, Item"
	same_file "$PD/$ID.zip" "$T/u/$ID.zip" "a2pack: ID.zip is the per-scene zip"
	is "$(jq -r '[.assets[] | .archive[0].href // empty] | .[]' "$PD/$ID.stac.json" | while read -r f; do
		unzip -Z1 "$PD/$ID.zip" | grep -qx "$f" || echo "$f"; done)" "" \
		"URL job: every file an asset names is in ID.zip under that path"
	is "$(jq -c '[.download_source, .archive_filename]' "$PD/$ID.met.json")" "[\"file://$T/u/$ID.zip\",\"$ID.zip\"]" \
		"URL job: met.json download source and archive"
	ok 'valid "data/products/$ID/$ID.stac.json"' "ajv: the URL job's Item validates" || diag "$(tail -5 ajv.log)"
	is "$(jq -c '[.id, ([.links[] | select(.rel == "item") | .href])]' "$T/data/collections/L2.2_nrb/collection.json")" \
		"[\"L2.2_nrb\",[\"../../products/$ID/$ID.stac.json\"]]" "catalog: the L2.2_nrb Collection links the Item"
	is "$(a2catalog -c "$T/data/catalog.gpkg" query --type L2.2_nrb | jq -r '[.id, .type, .dataset] | join(" ")')" \
		"$ID L2.2_nrb ALOS2_NRB" "catalog: query by type L2.2_nrb"
	PP=$T/pub/datasets/L2.2_nrb/v0.1/2014/09/09/$ID
	is "$(ls "$PP" | tr '\n' ' ')" "$ID.dataset.json $ID.met.json $ID.stac.json $ID.zip " \
		"publish: datasets/L2.2_nrb/v0.1/2014/09/09/ID"
	is "$(sed -n 's/.*"type":"\(L2\.2_nrb\)".*/\1/p' "$T/site/data.js")" "L2.2_nrb" "site: the product, its type for the filter"
fi

done_testing
