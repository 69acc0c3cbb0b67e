#!/bin/sh
# a2md: met.json and dataset.json exactly as the HySDS consumers read them
# (ingest-jobs.md §5.2, §6), STAC Items valid against the local schemas,
# no credentials in any output, nothing written on error.
. "$(dirname "$0")/lib.sh"

ID=ALOS2015976960-140909-FBDR1.5GUA
R=$T/real
mkdir -p "$R" && (cd "$R" && unzip -q "$REAL_ZIP") || { echo "Bail out! cannot unzip $REAL_ZIP"; exit 1; }
RD=$(dirname "$(find "$R" -name summary.txt)")
SCHEMAS=$A2_TOP/../shared/schemas/stac
AJV=$A2_TOP/tests/node_modules/.bin/ajv
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1

# STAC validation as in TESTING-NOTES.md: the core item schema, then each
# extension schema.
stac_valid() {
	(cd "$SCHEMAS" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s item.json -r basics.json \
		-r datetime.json -r instrument.json -r licensing.json -r provider.json \
		-r geojson-feature.json -r geojson-geometry.json -d "$1" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s sar-v1.3.0.json -d "$1" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s sat-v1.2.0.json -d "$1" &&
	"$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s projection-v2.0.0.json \
		-r projjson-stub.json -r geojson-geometry.json -d "$1") >"$T/ajv.log" 2>&1
}
ok '[ -x "$AJV" ]' "ajv is installed (tests/npm-deps)"

a2classify "$RD" >"$T/scene.json" 2>"$T/classify.err" || diag "a2classify: $(cat "$T/classify.err")"
a2footprint -o "$T/fp.geojson" "$T/scene.json" >/dev/null
P=$T/products/$ID
exits 0 "real: a2md" -- a2md -o "$P" --source "https://jdoe:s3cret@example.org/dl/x.zip?a=1" \
	"$T/scene.json" "$T/fp.geojson"
M=$P/$ID.met.json D=$P/$ID.dataset.json S=$P/$ID.stac.json
is "$(out | jq -c .)" "{\"md\":{\"id\":\"$ID\",\"met\":\"$M\",\"dataset\":\"$D\",\"stac\":\"$S\"}}" \
	"real: md record with absolute paths"

# every §5.2/§6.2 key: value and jq type
is "$(jq -c '[keys_unsorted[]]' "$M")" \
	'["prod_name","spacecraftName","platform","dataset_type","orbitNumber","frameID","trackNumber","prod_date","dfdn","lookDirection","level","processingOption","mapProjection","direction","alos2md","dataset","source","location","starttime","endtime","tiles","tile_layers","tile_max_zoom","archive_filename","download_source"]' \
	"met: keys in order"
is "$(jq -c 'del(.alos2md) | [to_entries[] | [.key, (.value | type)]]' "$M")" \
	'[["prod_name","string"],["spacecraftName","string"],["platform","string"],["dataset_type","string"],["orbitNumber","number"],["frameID","number"],["trackNumber","number"],["prod_date","string"],["dfdn","object"],["lookDirection","string"],["level","string"],["processingOption","string"],["mapProjection","string"],["direction","string"],["dataset","string"],["source","string"],["location","object"],["starttime","string"],["endtime","string"],["tiles","boolean"],["tile_layers","array"],["tile_max_zoom","array"],["archive_filename","string"],["download_source","string"]]' \
	"met: value types"
is "$(jq -c '[.prod_name, .spacecraftName, .platform, .dataset_type, .orbitNumber, .frameID, .trackNumber, .prod_date]' "$M")" \
	"[\"$ID\",\"ALOS2\",\"ALOS2\",\"ALOS2\",1597,6960,26,\"2014-09-09\"]" "met: name slices"
is "$(jq -c .dfdn "$M")" '{"AcquistionMode":"FBD","LookSide":"R"}' "met: dfdn (sic)"
is "$(jq -c '[.lookDirection, .level, .processingOption, .mapProjection, .direction, .dataset, .source]' "$M")" \
	'["right","L1.5","G","U","ascending","ALOS2_CEOS","jaxa"]' "met: level, options, direction, dataset, source"
is "$(jq -c '[.starttime, .endtime]' "$M")" '["2014-09-09T04:33:42.052000","2014-09-09T04:33:52.052000"]' \
	"met: start/end time %Y-%m-%dT%H:%M:%S.%f"
is "$(jq -c .location "$M")" \
	'{"type":"Polygon","coordinates":[[[-62.9,-10.812],[-62.764,-11.423],[-62.163,-11.29],[-62.301,-10.679],[-62.9,-10.812]]]}' \
	"met: location = footprint polygon"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$M")" '[false,[],[]]' "met: no tiles, said truthfully"
is "$(jq -c '[.archive_filename, .download_source]' "$M")" \
	"[\"$ID.zip\",\"https://example.org/dl/x.zip?a=1\"]" "met: archive_filename, download_source without credentials"
is "$(jq -c '.alos2md | [.odi_sceneid, .scs_sceneid, .pds_productid, .img_scenestartdatetime, .img_imagescenelefttoplongitude, .pdi_productformat, .lbi_observationdate]' "$M")" \
	'["SARD000000037085-00010-007-048","ALOS2015976960-140909","FBDR1.5GUA","20140909 04:33:42.052","-62.900","CEOS","20140909"]' \
	"met: alos2md values as strings"
is "$(jq -r '.alos2md | length' "$M")" "$(grep -c = "$RD/summary.txt")" "met: alos2md has every summary.txt key"
is "$(jq -r '[.alos2md | keys[] | select(test("[A-Z]"))] | length' "$M")" 0 "met: alos2md keys lower-cased"
is "$(jq -r '[.alos2md[] | select(type != "string" or contains("\""))] | length' "$M")" 0 "met: alos2md values strings without quotes"
is "$(jq -c . "$D")" \
	"{\"version\":\"v0.2.4\",\"label\":\"$ID\",\"starttime\":\"2014-09-09T04:33:42.052000\",\"endtime\":\"2014-09-09T04:33:52.052000\",\"location\":{\"type\":\"Polygon\",\"coordinates\":[[[-62.9,-10.812],[-62.764,-11.423],[-62.163,-11.29],[-62.301,-10.679],[-62.9,-10.812]]]}}" \
	"dataset.json exact"
ok '! grep -rq -e s3cret -e jdoe "$T/products"' "no credentials in any file written"
ok 'no_temps "$T/products"' "no temp files left"
# a2md removes what processes killed on this host left in its -o dir
# (the URL job no longer rm's them); a running one's and another host's stay
host=$(tmp_host) dead=$(dead_pid)
mkdir "$T/stale" "$T/stale/.$ID.tiles.tmp.$dead@$host.MnO345"
for t in ".$ID.met.json.tmp.$dead@$host.AbC123" ".$ID.zip.tmp.$dead@$host.DeF456.GhI789" \
    ".$ID.stac.json.tmp.$$@$host.JkL012" ".$ID.met.json.tmp.$dead@elsewhere.example.PqR678"; do
	: >"$T/stale/$t"
done
: >"$T/stale/.$ID.tiles.tmp.$dead@$host.MnO345/0.png"
exits 0 "a2md beside stale temps" -- a2md -o "$T/stale" "$T/scene.json" "$T/fp.geojson"
is "$(ls -A "$T/stale" | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".$ID.stac.json.tmp.$$@$host.JkL012" ".$ID.met.json.tmp.$dead@elsewhere.example.PqR678" \
	$ID.dataset.json $ID.met.json $ID.stac.json | LC_ALL=C sort | tr '\n' ' ')" \
    "dead processes' temp files and dir removed; a live one's and another host's kept"

# STAC keys
is "$(jq -c .stac_extensions "$S")" \
	'["https://stac-extensions.github.io/sar/v1.3.0/schema.json","https://stac-extensions.github.io/sat/v1.2.0/schema.json","https://stac-extensions.github.io/projection/v2.0.0/schema.json"]' \
	"stac: extension URLs"
is "$(jq -c '[.type, .stac_version, .id, .bbox, .collection]' "$S")" \
	"[\"Feature\",\"1.0.0\",\"$ID\",[-62.9,-11.423,-62.163,-10.679],\"L1.5_geotiff\"]" \
	"stac: type, version, id, bbox, collection: its catalog type (CEOS L1.5 too, as the publish layout files it)"
# links into the data dir's tree: DATA/catalog.json and
# DATA/collections/TYPE/collection.json (a2catalog add --stac writes them);
# no self link, as a self-contained STAC catalog (a2publish --base-url adds one)
is "$(jq -c '[.links[] | [.rel, .href]]' "$S")" \
	'[["root","../../catalog.json"],["parent","../../collections/L1.5_geotiff/collection.json"],["collection","../../collections/L1.5_geotiff/collection.json"]]' \
	"stac: root, parent and collection links relative to the data dir's tree"
is "$(jq -c '.properties | [.datetime, .start_datetime, .end_datetime, .platform, .constellation, .instruments]' "$S")" \
	'["2014-09-09T04:33:47.052Z","2014-09-09T04:33:42.052Z","2014-09-09T04:33:52.052Z","alos-2","alos",["palsar-2"]]' \
	"stac: times and platform"
is "$(jq -c '.properties | [."sar:instrument_mode", ."sar:frequency_band", ."sar:center_frequency", ."sar:polarizations", ."sar:product_type", ."sar:observation_direction"]' "$S")" \
	'["FBD","L",1.2365,["HH","HV"],"GRD","right"]' "stac: sar fields"
is "$(jq -c '.properties | [."sat:orbit_state", ."sat:absolute_orbit", ."sat:relative_orbit", ."sat:platform_international_designator", ."proj:code"]' "$S")" \
	'["ascending",1597,26,"2014-029A","EPSG:32720"]' "stac: sat and proj fields"
is "$(jq -c '.properties | [."a2:level", ."a2:source", (."a2:command" | startswith("a2md -o "))]' "$S")" \
	'["L1.5","https://example.org/dl/x.zip?a=1",true]' "stac: a2 provenance"
is "$(jq -c '[.assets | to_entries[] | [.key, .value.href]]' "$S")" \
	"[[\"archive\",\"$ID.zip\"],[\"metadata\",\"$ID.met.json\"],[\"dataset\",\"$ID.dataset.json\"]]" \
	"stac: assets relative to the item"
ok 'stac_valid "$S"' "real: STAC item validates (ajv)"
jq '.properties."sar:polarizations" = ["HH","XX"]' "$S" >"$T/broken.json"
ok '! stac_valid "$T/broken.json"' "ajv rejects a broken item (the check can fail)"

# tiles.json and browse images become truthful met keys and assets
mkdir -p "$P/tiles"
printf '{"layers":[{"name":"HV","max_zoom":6}]}\n' >"$P/tiles/tiles.json"
: >"$P/BRS-HH-$ID.browse.png"; : >"$P/BRS-HH-$ID.browse_small.png"
exits 0 "real: a2md --tiles" -- a2md -o "$P" --tiles "$P/tiles/tiles.json" --archive other.zip "$T/scene.json" "$T/fp.geojson"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom, .archive_filename, has("download_source")]' "$M")" \
	'[true,["HV"],[6],"other.zip",false]' "met: tiles from tiles.json, --archive"
is "$(jq -c '[.assets | to_entries[] | [.key, .value.href]]' "$S")" \
	"[[\"archive\",\"other.zip\"],[\"metadata\",\"$ID.met.json\"],[\"dataset\",\"$ID.dataset.json\"],[\"browse-HH\",\"BRS-HH-$ID.browse.png\"],[\"thumbnail-HH\",\"BRS-HH-$ID.browse_small.png\"],[\"tiles\",\"tiles/tiles.json\"]]" \
	"stac: browse, thumbnail and tiles assets"
ok 'stac_valid "$S"' "real with assets: STAC item validates"

# stdin records: scene, footprint, download.url, pack.zip
jq -c --slurpfile f "$T/fp.geojson" '{download: {url: "ftp://u:p@h/x.zip"}, pack: {zip: "/z/Y.zip"}, scene: ., footprint: $f[0]}' \
	"$T/scene.json" >"$T/rec.jsonl"
exits 0 "stdin record" -- sh -c 'a2md -o "$1" <"$2"' sh "$T/stdin" "$T/rec.jsonl"
is "$(out | jq -c '[.download.url, .md.id, .md.met]')" "[\"ftp://u:p@h/x.zip\",\"$ID\",\"$T/stdin/$ID.met.json\"]" \
	"stdin: md added to the record"
is "$(jq -c '[.download_source, .archive_filename]' "$T/stdin/$ID.met.json")" '["ftp://h/x.zip","Y.zip"]' \
	"stdin: source from download.url (no credentials), archive from pack.zip"

jq -c '{unpack: {source: "/data/in/order.zip"}, scene: .}' "$T/scene.json" >"$T/rec2.jsonl"
exits 0 "stdin record without download" -- sh -c 'a2md -o "$1" <"$2"' sh "$T/stdin2" "$T/rec2.jsonl"
is "$(jq -c '[.download_source, .location.coordinates[0][1]]' "$T/stdin2/$ID.met.json")" '["/data/in/order.zip",[-62.764,-11.423]]' \
	"stdin: source falls back to unpack.source, footprint computed"

# errors: a missing key is named and nothing is written
for k in id start_time dataset polarisations; do
	jq "del(.$k)" "$T/scene.json" >"$T/no-$k.json"
	exits 1 "scene without $k: exit 1" -- a2md -o "$T/err-$k" "$T/no-$k.json" "$T/fp.geojson"
	ok "grep -q '$k: missing' '$T/.err'" "scene without $k: message names the key"
	is "$(ls "$T/err-$k" | wc -l | tr -d ' ')" 0 "scene without $k: nothing written"
done
jq 'del(.ceos.mapproj)' "$T/scene.json" >"$T/old.json"
exits 1 "scene of an older a2classify: exit 1" -- a2md -o "$T/err-old" "$T/old.json" "$T/fp.geojson"
is "$(err)" "a2md: $T/old.json: $ID: scene record without ceos.mapproj: it comes from an older a2classify; run a2classify again" \
	"scene of an older a2classify: the missing key named"
jq '.geometry.type = "Point"' "$T/fp.geojson" >"$T/point.json"
exits 1 "footprint not a polygon: exit 1" -- a2md -o "$T/err-fp" "$T/scene.json" "$T/point.json"
exits 2 "three operands: usage" -- a2md -o "$T/err-u" "$T/scene.json" "$T/fp.geojson" "$T/fp.geojson"

# synthetic L1.1 (ScanSAR, CEOS) and L2.1 dual-pol GeoTIFF, descending left
Y=$T/synth
mkdir -p "$Y"
for p in "l11 --level 1.1 --mode WBD --format CEOS --pols HH,HV" \
	"l21 --level 2.1 --mode FBD --format GeoTIFF --pols HH,HV --look L --direction D --south"; do
	set -- $p; n=$1; shift
	a2synth -s 3 --size tiny --package dir "$@" -o "$Y/$n" >"$Y/$n.line" 2>"$Y/$n.err" ||
		diag "a2synth $*: $(cat "$Y/$n.err")"
	dir=$(jq -r .path "$Y/$n.line" 2>/dev/null)
	a2classify "$dir" >"$Y/$n.scene.json" 2>"$Y/$n.err" || diag "a2classify $n: $(cat "$Y/$n.err")"
	exits 0 "synth $n: a2md (footprint computed)" -- a2md -o "$Y/out-$n" "$Y/$n.scene.json"
	eval "${n}_stac=\$(out | jq -r .md.stac) ${n}_met=\$(out | jq -r .md.met)"
done
ok 'stac_valid "$l11_stac"' "synth L1.1: STAC item validates"
ok 'stac_valid "$l21_stac"' "synth L2.1: STAC item validates"
tl=$(jq -r .truth "$Y/l11.line")
is "$(jq -c '.properties | [."sar:instrument_mode", ."sar:polarizations", ."sar:product_type", ."proj:code", ."sat:absolute_orbit"]' "$l11_stac")" \
	"[\"WBD\",[\"HH\",\"HV\"],\"SLC\",null,$(jq .orbit "$tl")]" "synth L1.1: STAC keys"
is "$(jq -c '[.level, .dataset, has("tiles"), (.alos2md | [.source, .satellite_name, (.absolute_orbit | length), (.frame | length), .flight_direction, .geometry.type])]' "$l11_met")" \
	'["L1.1","ALOS2-L1.1_SLC",false,["a2_ceos","ALOS2",5,4,"asc","Polygon"]]' "synth L1.1: met level, dataset, alos2md from CEOS"
is "$(jq -c '.alos2md | [.start_time, .stop_time] | map(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}$"))' "$l11_met")" \
	'[true,true]' "synth L1.1: alos2md times %Y-%m-%dT%H:%M:%S.%f"
is "$(jq -r .version "$(dirname "$l11_met")"/*.dataset.json)" v0.1 "synth L1.1: dataset version v0.1"
t21=$(jq -r .truth "$Y/l21.line")
is "$(jq -c '.properties | [."sar:polarizations", ."sar:product_type", ."sar:observation_direction", ."sat:orbit_state", ."proj:code"]' "$l21_stac")" \
	"[[\"HH\",\"HV\"],\"GTC\",\"left\",\"descending\",\"EPSG:$(jq .epsg "$t21")\"]" "synth L2.1: STAC keys"
is "$(jq -c '[.level, .lookDirection, .direction, .dataset]' "$l21_met")" \
	'["L2.1","left","descending","ALOS2_GeoTIFF"]' "synth L2.1: met keys"

# L1.5 location: JAXA's four summary.txt corners (the original's, the
# KML's) for CEOS and GeoTIFF alike; the STAC geometry of a GeoTIFF stays
# the outline of its valid data (a2footprint's raster method)
for f in CEOS GeoTIFF; do
	a2synth -s 5 --size tiny --package dir --level 1.5 --format $f -o "$Y/l15$f" >"$Y/l15$f.line" ||
		diag "a2synth L1.5 $f failed"
	dir=$(jq -r .path "$Y/l15$f.line")
	a2classify "$dir" >"$Y/l15$f.scene.json"
	a2footprint -o "$Y/l15$f.fp" "$Y/l15$f.scene.json" >/dev/null
	exits 0 "synth L1.5 $f: a2md" -- a2md -o "$Y/out-l15$f" "$Y/l15$f.scene.json" "$Y/l15$f.fp"
	eval "l15${f}_met=\$(out | jq -r .md.met) l15${f}_stac=\$(out | jq -r .md.stac) l15${f}_ds=\$(out | jq -r .md.dataset)"
done
corner() { sed -n "s/^Img_ImageScene$1$2=\"\(.*\)\"/\1/p" "$dir/summary.txt" | awk '{ printf "%s", $1 + 0 }'; }
pt() { printf '[%s,%s]' "$(corner "$1" Longitude)" "$(corner "$1" Latitude)"; }
want="{\"type\":\"Polygon\",\"coordinates\":[[$(pt LeftTop),$(pt LeftBottom),$(pt RightBottom),$(pt RightTop),$(pt LeftTop)]]}"
is "$(jq -c .location "$l15GeoTIFF_met")" "$want" "L1.5 GeoTIFF: met.json location is the summary.txt corners (LT, LB, RB, RT: counter-clockwise)"
is "$(jq -c .location "$l15GeoTIFF_ds")" "$want" "L1.5 GeoTIFF: dataset.json location the same"
is "$(jq -c .location "$l15CEOS_met")" "$want" "L1.5 CEOS: the same location as GeoTIFF"
is "$(jq -c .geometry "$l15GeoTIFF_stac")" "$(jq -c .geometry "$Y/l15GeoTIFF.fp")" \
	"L1.5 GeoTIFF: STAC geometry is the footprint (the valid-data outline)"
is "$(jq -r '.properties.method' "$Y/l15GeoTIFF.fp") $(jq '.geometry.coordinates[0] | length' "$Y/l15GeoTIFF.fp")" "geotiff 7" \
	"L1.5 GeoTIFF: that outline is the raster's own, not the corners"

plan "$_tap_n"
done_testing
