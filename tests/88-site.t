#!/bin/sh
# a2site: the catalog as a static site, checked in headless Chromium (from
# file:// and from a loopback server): every product drawn and listed, each
# filter leaving exactly the products the catalog's own query returns, a
# product's details reached from the table and from the map, its tile
# viewer opened from them; and the STAC Catalog crawled down to valid Items.
. "$(dirname "$0")/lib.sh"

NODE_MODULES=$A2_TOP/tests/node_modules
[ -d "$NODE_MODULES/playwright-core" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1
[ -d "$NODE_MODULES/playwright-core" ] || skip_all "playwright-core missing (sh tests/npm-deps)"
[ -x /usr/bin/chromium ] || skip_all "chromium missing (apt-get install chromium)"
export NODE_PATH=$NODE_MODULES
CHECK=$A2_TOP/tests/servers/site-check.js
SCHEMAS=$A2_TOP/../shared/schemas/stac
AJV=$NODE_MODULES/.bin/ajv
ART=${A2_ARTEFACTS:-$T}
mkdir -p "$ART"

P=$T/products
CAT=$T/catalog.gpkg
SITE=$T/site

# A product made by the real tools: a2synth OPTIONS | a2classify |
# a2footprint | a2md | a2catalog add; prints its ID.
mkreal() {
	_n=$1; shift
	a2synth --size tiny --package dir "$@" -o "$T/syn/$_n" >"$T/syn.$_n.json" || return 1
	_id=$(jq -r .id "$T/syn.$_n.json")
	a2classify "$(jq -r .path "$T/syn.$_n.json")" >"$T/syn/$_n.scene.json" &&
	a2footprint -o "$T/syn/$_n.fp.geojson" "$T/syn/$_n.scene.json" >/dev/null || return 1
	if [ "${TILES:-}" ]; then
		a2tiles -z 0-6 -j 1 -o "$P/$_id" --footprint "$T/syn/$_n.fp.geojson" \
			"$T/syn/$_n.scene.json" >/dev/null || return 1
		a2md -o "$P/$_id" --tiles "$P/$_id/tiles/tiles.json" "$T/syn/$_n.scene.json" \
			"$T/syn/$_n.fp.geojson" >/dev/null || return 1
	else
		a2md -o "$P/$_id" "$T/syn/$_n.scene.json" "$T/syn/$_n.fp.geojson" >/dev/null || return 1
	fi
	a2catalog -c "$CAT" add "$P/$_id" >/dev/null && echo "$_id"
}
mkdir -p "$T/syn"
A=$(TILES=1 mkreal a --level 1.5 --format GeoTIFF)
B=$(mkreal b --level 1.1 --direction D --orbit 2000 --frame 2900 --date 150110)
C=$(mkreal c --level 2.1 --mode HBQ --look L --orbit 3000 --frame 700 --date 160220)
D=$(mkreal d --level 3.1 --mode UBS --direction D --orbit 4100 --frame 3500 --date 170315)
E=$(mkreal e --level 1.5 --format CEOS --mode FBS --orbit 1600 --frame 6970 --date 141010)
F=$(mkreal f --level 1.5 --mode WBD --direction D --orbit 5000 --frame 1200 --date 180101)
G=$(mkreal g --level 1.1 --mode SBS --look L --orbit 1700 --frame 6950 --date 141111)
N=7
ok '[ -n "$A" ] && [ -n "$B" ] && [ -n "$C" ] && [ -n "$D" ] && [ -n "$E" ] && [ -n "$F" ] && [ -n "$G" ]' \
	"seven products made by a2synth, a2classify, a2footprint, a2tiles, a2md, a2catalog"
a2catalog -c "$CAT" query >"$T/all.jsonl"
is "$(wc -l <"$T/all.jsonl" | tr -d ' ')" $N "the catalog holds them"

exits 0 "a2site writes the site" -- a2site -c "$CAT" -o "$SITE" --title "test archive"
is "$(out | jq -c '.site | [.products, .missing, .collections, .dir, .index]')" \
	"[$N,0,{\"L1.5_geotiff\":3,\"alos2_slc\":2,\"L2.1_geotiff\":1,\"L3.1_geotiff\":1},\"$SITE\",\"$SITE/index.html\"]" \
	"its summary: products, collections, paths"
for f in index.html site.js site.css data.js catalog.json leaflet/leaflet.js leaflet/leaflet.css; do
	ok "[ -s '$SITE/$f' ]" "$f written"
done
ok 'no_temps "$SITE"' "no temp files left"
same_file "$SITE/leaflet/leaflet.js" /usr/share/javascript/leaflet/leaflet.js "Leaflet shipped beside the page"

# data.js: a GeoJSON FeatureCollection assigned to window.A2_SITE
sed -e '1d' -e 's/^window.A2_SITE = //' -e 's/;$//' "$SITE/data.js" >"$T/data.json"
is "$(jq -r '[.type, .title, (.features | length)] | @tsv' "$T/data.json")" \
	"FeatureCollection	test archive	$N" "data.js: a FeatureCollection of every product"
is "$(jq -c --arg a "$A" '.features[] | select(.id == $a) | .properties | [.href, .files.tiles, .files.stac, .files.thumb, .files.zip]' "$T/data.json")" \
	"[\"../products/$A\",\"tiles/index.html\",\"$A.stac.json\",\"IMG-HH-${A}_disp.browse_small.png\",null]" \
	"data.js: relative links to the files that exist, and only those"

# ---- the page, in Chromium ----
q() { a2catalog -c "$CAT" query "$@" | jq -r .id | sort | jq -R . | jq -sc .; }
jqids() { jq -r "select($1) | .id" "$T/all.jsonl" | sort | jq -R . | jq -sc .; }
PATH_A=$(jq -r --arg a "$A" 'select(.id == $a) | .path' "$T/all.jsonl")
# name value expected-ids; setting more than one field: name is a label
cat >"$T/filters.tsv" <<EOF
type	alos2_slc	$(q --type alos2_slc)
dataset	ALOS2_CEOS	$(jqids '.dataset == "ALOS2_CEOS"')
level	1.5	$(q --level 1.5)
mode	FBD	$(q --mode FBD)
pol	HV	$(jqids '.polarisations | index("HV")')
look	left	$(jqids '.look_side == "L"')
direction	descending	$(q --direction D)
path	$PATH_A	$(q --path "$PATH_A")
frame	2900	$(q --frame 2900)
frame	700-3500	$(jqids '.frame >= 700 and .frame <= 3500')
from	2016-01-01	$(q --start 2016-01-01)
to	2015-01-10	$(q --end 2015-01-10)
id	SBSL	$(jqids '.id | test("SBSL")')
EOF
jq -R -s -c 'split("\n") | map(select(length > 0) | split("\t") | {name: .[0], value: .[1]})
	+ [{name: "level+direction", value: "1.5 ascending", set: {level: "1.5", direction: "ascending"}}]' \
	"$T/filters.tsv" >"$T/filters.json"
printf 'level+direction\t1.5 ascending\t%s\n' "$(q --level 1.5 --direction A)" >>"$T/filters.tsv"

node "$CHECK" --dir "$SITE" --filters "$T/filters.json" --click "$A" --shot "$ART/site.png" \
	>"$T/page.json" 2>"$T/page.err"
ok '[ -s "$T/page.json" ]' "the page opens in Chromium (file://)"
[ -s "$T/page.json" ] || diag "$(cat "$T/page.err")"
is "$(jq -c .errors "$T/page.json")" "[]" "no failed request, no console error, nothing outside"
ALL=$(jq -r .id "$T/all.jsonl" | sort | jq -R . | jq -sc .)
is "$(jq -c .map "$T/page.json")" "$ALL" "every product's footprint is on the map"
is "$(jq -c .rows "$T/page.json")" "$ALL" "every product is a table row"
is "$(jq -r .count "$T/page.json")" "$N products" "the count says so"
i=0
while IFS='	' read -r name value want; do
	got=$(jq -c --argjson i $i '.filters[$i] | [.map, .rows]' "$T/page.json")
	is "$got" "[$want,$want]" "filter $name=$value: map and table show $(echo "$want" | jq length) of $N"
	# the expectation itself must be a real reduction, or the check proves nothing
	ok "[ $(echo "$want" | jq length) -gt 0 ] && [ $(echo "$want" | jq length) -lt $N ]" \
		"filter $name=$value: a proper subset"
	i=$((i + 1))
done <"$T/filters.tsv"
is "$(jq -r '.filters[2].count' "$T/page.json")" "$(q --level 1.5 | jq length) of $N products" \
	"the count follows the filter"
is "$(jq -c '.click | [.row, .map]' "$T/page.json")" "[\"$A\",\"$A\"]" \
	"a row and a click on its footprint open the product's details"
ok "[ \"\$(jq -r .click.thumb '$T/page.json')\" -gt 0 ]" "the details show its browse image"
is "$(jq -c .click.links "$T/page.json")" \
	'["Map viewer (tiles)","met.json","STAC Item","dataset.json","Browse image"]' \
	"the details link its viewer, met.json, STAC Item, dataset.json and browse image"
is "$(jq -r .click.viewer "$T/page.json")" "file://$P/$A/tiles/index.html" \
	"its tile viewer link opens the tile viewer, which loads"
ok '[ -s "$ART/site.png" ]' "screenshot kept: $ART/site.png"

# ---- the STAC Catalog, crawled ----
is "$(jq -c '[.type, .stac_version, .id, (.description | length > 0)]' "$SITE/catalog.json")" \
	'["Catalog","1.0.0","a2",true]' "catalog.json: a STAC 1.0.0 Catalog"
jq -r '.links[] | select(.rel == "child") | .href' "$SITE/catalog.json" >"$T/children"
is "$(wc -l <"$T/children" | tr -d ' ')" 4 "one child Collection per product type"
: >"$T/items"
bad=""
while read -r c; do
	cf=$SITE/$c
	[ "$(jq -r '[.type, .stac_version, .license, (.extent.spatial.bbox | length),
		(.extent.temporal.interval | length)] | @tsv' "$cf" 2>/dev/null)" = "Collection	1.0.0	proprietary	1	1" ] ||
		bad="$bad $c"
	type=$(jq -r .id "$cf")
	jq -r '.links[] | select(.rel == "item") | .href' "$cf" | while read -r h; do
		printf '%s\t%s\n' "$type" "$(cd "$(dirname "$cf")" && realpath -e "$h")"
	done >>"$T/items"
	# the Collection holds exactly the catalog's products of its type
	[ "$(jq -r '.links[] | select(.rel == "item") | .title' "$cf" | sort | jq -R . | jq -sc .)" = \
		"$(q --type "$type")" ] || bad="$bad $c:items"
done <"$T/children"
is "$bad" "" "each child is a Collection holding exactly its type's products"
is "$(cut -f2 "$T/items" | sort | tr '\n' ' ')" \
	"$(for i in $(jq -r .id "$T/all.jsonl" | sort); do printf '%s ' "$P/$i/$i.stac.json"; done)" \
	"item links resolve to every product's STAC Item"
(cd "$SCHEMAS" && "$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s item.json -r basics.json \
	-r datetime.json -r instrument.json -r licensing.json -r provider.json \
	-r geojson-feature.json -r geojson-geometry.json $(cut -f2 "$T/items" | sed 's/^/-d /')) \
	>"$T/ajv.log" 2>&1
is "$?" 0 "every linked Item validates (ajv, STAC item.json)"
is "$(grep -c ' valid$' "$T/ajv.log")" $N "ajv checked $N Items"
jq 'del(.geometry)' "$P/$A/$A.stac.json" >"$T/broken.json"
(cd "$SCHEMAS" && "$AJV" validate --spec=draft7 -c ajv-formats --strict=false -s item.json -r basics.json \
	-r datetime.json -r instrument.json -r licensing.json -r provider.json \
	-r geojson-feature.json -r geojson-geometry.json -d "$T/broken.json") >/dev/null 2>&1
is "$?" 1 "ajv rejects an Item without geometry (the check can fail)"

# ---- a refresh: nothing changed, then products gone ----
cp "$SITE/data.js" "$T/data.before"
exits 0 "a second run" -- a2site -c "$CAT" -o "$SITE" --title "test archive"
same_file "$SITE/data.js" "$T/data.before" "an unchanged catalog gives the same data.js"
a2catalog -c "$CAT" remove "$D" >/dev/null
mv "$P/$E" "$T/moved"
exits 0 "a run after a removal and a moved product" -- a2site -c "$CAT" -o "$SITE" --title "test archive"
is "$(out | jq -c '.site | [.products, .missing, (.collections | keys)]')" \
	'[6,1,["L1.5_geotiff","L2.1_geotiff","alos2_slc"]]' "six products, one missing its directory"
ok "err | grep -q '$P/$E: No such file or directory'" "the missing product is named on stderr"
ok '[ ! -e "$SITE/stac/L3.1_geotiff" ]' "the Collection of a type no longer there is gone"
is "$(jq -r '[.links[] | select(.rel == "child") | .title] | join(" ")' "$SITE/catalog.json")" \
	"L1.5_geotiff alos2_slc L2.1_geotiff" "catalog.json links the three types left"
ok 'no_temps "$SITE"' "no temp files left after the refresh"

node "$CHECK" --dir "$SITE" --http >"$T/http.json" 2>"$T/http.err"
ok '[ -s "$T/http.json" ]' "the page opens from a loopback web server"
[ -s "$T/http.json" ] || diag "$(cat "$T/http.err")"
is "$(jq -c '[.errors, (.map | length), (.rows | length)]' "$T/http.json")" '[[],6,6]' \
	"over http: no error, six footprints, six rows (the moved one without links)"

# ---- usage and failures ----
exits 2 "an operand is a usage error" -- a2site -c "$CAT" -o "$SITE" extra
exits 2 "an unknown option is a usage error" -- a2site --bogus
exits 1 "no page templates" -- env A2_SHARE=$T/nowhere a2site -c "$CAT" -o "$T/site2"
ok "err | grep -q 'page templates not found'" "the message says what is missing"
echo garbage >"$T/bad.gpkg"
exits 1 "a file that is not a catalog" -- a2site -c "$T/bad.gpkg" -o "$T/site3"
ok '[ ! -e "$T/site3" ]' "writes no site"
exits 0 "an empty catalog gives an empty site" -- a2site -c "$T/none.gpkg" -o "$T/empty"
is "$(out | jq -c '.site | [.products, .collections]')" '[0,{}]' "no products, no Collections"

plan "$_tap_n"
done_testing
