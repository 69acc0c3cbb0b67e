#!/bin/sh
# STAC that an API can load, from the URL job with PUBLISH set, on two
# product types: every link and asset href of every Catalog, Collection
# and Item resolves to a file (relative hrefs against the document's own
# place, self links through the base URL) in the data dir and in the
# published tree; every document validates (ajv: the Item, sar, sat and
# proj schemas of ../shared/schemas/stac, the STAC 1.0.0 Catalog and
# Collection schemas in tests/fixtures/stac); a Collection's extent grows,
# exactly, when a second product of its type arrives; a rerun leaves the
# Collections' bytes and mtimes alone; concurrent writers lose no product.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
SCHEMAS=$A2_TOP/../shared/schemas/stac
FIX=$A2_TOP/tests/fixtures/stac
AJV=$A2_TOP/tests/node_modules/.bin/ajv
[ -x "$AJV" ] || sh "$A2_TOP/tests/npm-deps" >/dev/null 2>&1
cd "$T" || exit 1

D=$T/data PUB=$T/pub BASE=https://stac.example.org/a2
job() { make -s -f "$A2_TOP/examples/url.mk" A2_BIN="$A2_BIN" A2_DATA="$D" PUBLISH="$PUB" \
    A2_BASE_URL="$BASE/" URL="file://$T/src/$1.zip" >"$T/job.log" 2>&1; }
# Every STAC document of a tree: its Catalog, Collections and Items.
docs() { find "$1" \( -name catalog.json -o -name collection.json -o -name '*.stac.json' \) | LC_ALL=C sort; }
# Every file under the tree with its size and mtime (ns).
stamp() { find "$1" \( -name catalog.json -o -name collection.json \) -printf '%p %s %T@\n' | LC_ALL=C sort; }

# The link checker: each href of "links" and "assets" of every document,
# relative ones resolved against the document's own URL (RFC 3986, as a
# STAC client does), absolute ones under BASE taken from the tree; prints
# one line per href that names no file, then "checked N hrefs in M docs".
check_links() {
	docs "$1" | "$PY" -c '
import json, os, sys, urllib.parse
top, base = sys.argv[1], sys.argv[2].rstrip("/") + "/"
n = m = 0
for doc in sys.stdin.read().split():
    m += 1
    d = json.load(open(doc))
    hrefs = [("link " + l["rel"], l["href"]) for l in d.get("links", [])]
    hrefs += [("asset " + k, a["href"]) for k, a in d.get("assets", {}).items()]
    for what, h in hrefs:
        n += 1
        if h.startswith(base):
            path = os.path.join(top, urllib.parse.unquote(h[len(base):]))
        elif "://" in h or h.startswith("/"):
            path = None
        else:
            u = urllib.parse.urljoin("file://" + doc, h)
            path = urllib.parse.unquote(urllib.parse.urlparse(u).path)
        if not path or not os.path.isfile(path):
            print("%s: %s %s: no such file" % (os.path.relpath(doc, top), what, h))
print("checked %d hrefs in %d docs" % (n, m))
' "$1" "$BASE"
}
ajv() { (cd "$SCHEMAS" && "$AJV" validate --spec=draft7 -c ajv-formats --strict=false "$@") >>"$T/ajv.log" 2>&1; }
# Validates every document of a tree by its kind; prints those that fail.
check_schemas() {
	for f in $(docs "$1"); do
		case $f in
		*.stac.json)
			ajv -s item.json -r basics.json -r datetime.json -r instrument.json -r licensing.json \
			    -r provider.json -r geojson-feature.json -r geojson-geometry.json -d "$f" &&
			ajv -s sar-v1.3.0.json -d "$f" && ajv -s sat-v1.2.0.json -d "$f" &&
			ajv -s projection-v2.0.0.json -r projjson-stub.json -r geojson-geometry.json -d "$f";;
		*/collection.json)
			ajv -s "$FIX/collection.json" -r item.json -r basics.json -r datetime.json \
			    -r instrument.json -r licensing.json -r provider.json -r geojson-feature.json \
			    -r geojson-geometry.json -d "$f";;
		*)
			ajv -s "$FIX/catalog.json" -d "$f";;
		esac || echo "${f#$1/}"
	done
}
ok '[ -x "$AJV" ]' "ajv is installed (tests/npm-deps)"

# Three orders: an L1.5 GeoTIFF scene, an L1.1 CEOS scene, and a second
# L1.5 GeoTIFF scene elsewhere and later.
a2synth --size tiny --level 1.5 --format GeoTIFF --order 0000000301 -o src >a.jsonl
a2synth --size tiny --level 1.1 --format CEOS --order 0000000302 -o src >b.jsonl
a2synth --size tiny --level 1.5 --format GeoTIFF --order 0000000303 --date 150102 --lon-shift 3 \
    -o src >c.jsonl
A=$(jq -r .id a.jsonl) B=$(jq -r .id b.jsonl) C=$(jq -r .id c.jsonl)
DA=datasets/L1.5_geotiff/v0.2.4/2014/09/09/$A
DB=datasets/alos2_slc/v0.1/2014/09/09/$B
DC=datasets/L1.5_geotiff/v0.2.4/2015/01/02/$C

ok 'job 0000000301' "URL job: L1.5 GeoTIFF, published" || diag "$(cat job.log)"
ok 'job 0000000302' "URL job: L1.1 CEOS, published" || diag "$(cat job.log)"

# ---- the layouts ----
is "$(cd "$D" && find . -name '*.json' ! -path '*/tiles/*' ! -path './work/*' ! -path './downloads/*' ! -name '*.met.json' \
    ! -name '*.dataset.json' | sed 's|^\./||' | LC_ALL=C sort)" \
"catalog.json
collections/L1.5_geotiff/collection.json
collections/alos2_slc/collection.json
products/$B/$B.stac.json
products/$A/$A.stac.json" "data dir: Items, the Catalog, one Collection per type"
is "$(ls "$D/products")" "$B
$A" "products/ holds product directories only"
is "$(cd "$PUB" && find . -name '*.json' ! -path '*/tiles/*' ! -name '*.met.json' \
    ! -name '*.dataset.json' | sed 's|^\./||' | LC_ALL=C sort)" \
"catalog.json
datasets/L1.5_geotiff/collection.json
$DA/$A.stac.json
datasets/alos2_slc/collection.json
$DB/$B.stac.json" "published tree: Items, the Catalog, one Collection per type beside its products"
ok '[ -z "$(find "$D/products" -name ".*")" ]' "no dot file in the products tree"

# ---- an Item ----
S=$D/products/$A/$A.stac.json
is "$(jq -c '[.collection, [.links[] | [.rel, .href]]]' "$S")" \
	'["L1.5_geotiff",[["root","../../catalog.json"],["parent","../../collections/L1.5_geotiff/collection.json"],["collection","../../collections/L1.5_geotiff/collection.json"]]]' \
	"data dir Item: collection; root, parent, collection links; no self (no public URL)"
is "$(jq -c '.assets.tiles' "$S")" \
	'{"href":"tiles/tiles.json","type":"application/json","title":"map tiles (a2tiles)","roles":["tiles"]}' \
	"tiles asset: the product's own TileJSON"
is "$(jq -r '.tilejson | type' "$D/products/$A/tiles/tiles.json")" string "tiles/tiles.json is a TileJSON"
is "$(jq -c '[.assets[].href]' "$S")" \
	"[\"$A.zip\",\"$A.met.json\",\"$A.dataset.json\",\"IMG-HH-${A}_disp.browse.png\",\"IMG-HV-${A}_disp.browse.png\",\"IMG-HH-${A}_disp.browse_small.png\",\"IMG-HV-${A}_disp.browse_small.png\",\"tiles/tiles.json\"]" \
	"every asset href relative to the Item, none into work/"
is "$(jq -c '[.links[] | [.rel, .href]]' "$PUB/$DA/$A.stac.json")" \
	"[[\"self\",\"$BASE/$DA/$A.stac.json\"],[\"root\",\"../../../../../../../catalog.json\"],[\"parent\",\"../../../../../../../datasets/L1.5_geotiff/collection.json\"],[\"collection\",\"../../../../../../../datasets/L1.5_geotiff/collection.json\"]]" \
	"published Item: absolute self link (A2_BASE_URL), relative links to its tree"
is "$(jq -c 'del(.links)' "$PUB/$DA/$A.stac.json")" "$(jq -c 'del(.links)' "$S")" \
	"published Item: the same as the product's but for its links"
is "$(jq -c '[.links[] | [.rel, .href]]' "$PUB/datasets/L1.5_geotiff/collection.json")" \
	"[[\"self\",\"$BASE/datasets/L1.5_geotiff/collection.json\"],[\"root\",\"../../catalog.json\"],[\"parent\",\"../../catalog.json\"],[\"item\",\"../../$DA/$A.stac.json\"]]" \
	"published Collection: self, root, parent, its Item"
is "$(jq -c '[.links[] | [.rel, .href]]' "$PUB/catalog.json")" \
	"[[\"self\",\"$BASE/catalog.json\"],[\"root\",\"./catalog.json\"],[\"child\",\"./datasets/alos2_slc/collection.json\"],[\"child\",\"./datasets/L1.5_geotiff/collection.json\"]]" \
	"published Catalog: self, root, a child per Collection"

# ---- every href resolves; every document validates ----
is "$(check_links "$D")" "checked 26 hrefs in 5 docs" "data dir: every link and asset resolves"
is "$(check_links "$PUB")" "checked 31 hrefs in 5 docs" "published tree: every link and asset resolves"
is "$(check_schemas "$D")" "" "data dir: every document validates" || diag "$(tail -20 ajv.log)"
is "$(check_schemas "$PUB")" "" "published tree: every document validates" || diag "$(tail -20 ajv.log)"
# the checks can fail: a copy of the tree with one link and one document broken
cp -r "$PUB" bad
jq '.links[2].href = "../../nowhere.json"' "$PUB/datasets/alos2_slc/collection.json" >bad/datasets/alos2_slc/collection.json
is "$(check_links "$T/bad")" "datasets/alos2_slc/collection.json: link parent ../../nowhere.json: no such file
checked 31 hrefs in 5 docs" "the link checker finds a broken link"
jq 'del(.extent)' "$PUB/datasets/alos2_slc/collection.json" >bad/datasets/alos2_slc/collection.json
is "$(check_schemas "$T/bad")" "datasets/alos2_slc/collection.json" "ajv rejects a Collection without extent"

# ---- the extent grows ----
ext() { jq -c '.extent | [.spatial.bbox, .temporal.interval]' "$1"; }
is "$(ext "$PUB/datasets/L1.5_geotiff/collection.json")" \
	'[[[-62.9465906,-11.3510381,-62.1766726,-10.5902901]],[["2014-09-09T04:34:04.461Z","2014-09-09T04:34:14.461Z"]]]' \
	"L1.5 Collection: the extent of its one Item"
is "$(jq -c .bbox "$S")" '[-62.9465906,-11.3510381,-62.1766726,-10.5902901]' "... which is that Item's bbox"
stamp "$PUB" | grep alos2_slc >slc.before
ok 'job 0000000303' "URL job: a second L1.5 GeoTIFF scene" || diag "$(cat job.log)"
is "$(jq -c .bbox "$D/products/$C/$C.stac.json")" '[-59.9462639,-11.3506633,-59.1769404,-10.5905025]' \
	"the second Item's bbox (3 degrees east)"
for top in "$D/collections" "$PUB/datasets"; do
	is "$(ext "$top/L1.5_geotiff/collection.json")" \
		'[[[-62.9465906,-11.3510381,-59.1769404,-10.5902901]],[["2014-09-09T04:34:04.461Z","2015-01-02T04:22:14.461Z"]]]' \
		"${top#$T/}: the L1.5 extent grows to hold both Items, exactly"
done
is "$(jq -sc '[[[(map(.bbox[0]) | min), (map(.bbox[1]) | min), (map(.bbox[2]) | max), (map(.bbox[3]) | max)]],
    [[(map(.properties.start_datetime) | min), (map(.properties.end_datetime) | max)]]]' \
    "$D/products/$A/$A.stac.json" "$D/products/$C/$C.stac.json")" \
	"$(ext "$PUB/datasets/L1.5_geotiff/collection.json")" "... the union of the two Items' bboxes and times"
is "$(jq -c '[.links[] | select(.rel == "item") | .href]' "$PUB/datasets/L1.5_geotiff/collection.json")" \
	"[\"../../$DA/$A.stac.json\",\"../../$DC/$C.stac.json\"]" "the L1.5 Collection links both Items"
is "$(stamp "$PUB" | grep alos2_slc)" "$(cat slc.before)" "the L1.1 Collection, unchanged, was not rewritten"
is "$(check_links "$PUB")" "checked 44 hrefs in 6 docs" "published tree: still every href resolves"
is "$(check_schemas "$PUB")" "" "published tree: still every document validates"

# ---- a rerun changes nothing ----
stamp "$D" >local.before
stamp "$PUB" >pub.before
ok 'job 0000000303' "the job again"
exits 0 "a2catalog add --stac again" -- a2catalog -c "$D/catalog.gpkg" add --stac "$D" "$D/products/$A"
exits 0 "a2publish --force again" -- a2publish -c "$D/catalog.gpkg" --force --base-url "$BASE" "$PUB" "$D/products/$A"
is "$(stamp "$D")" "$(cat local.before)" "data dir: Catalog and Collections, same bytes and mtimes"
is "$(stamp "$PUB")" "$(cat pub.before)" "published tree: Catalog and Collections, same bytes and mtimes"

# ---- concurrent writers lose no product ----
# each add rebuilds the Collections from the catalog while it holds the
# writers' lock, so whichever writes last writes both
mkdir -p two/products
for id in $A $C; do cp -r "$D/products/$id" two/products/; done
a2catalog -c two.gpkg add --stac two two/products/$A >/dev/null 2>two.err &
p1=$!
a2catalog -c two.gpkg add --stac two two/products/$C >/dev/null 2>>two.err &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
is "$s1 $s2" "0 0" "two adds at once: both succeed"
is "$(jq -c '[.links[] | select(.rel == "item") | .href]' two/collections/L1.5_geotiff/collection.json)" \
	"[\"../../products/$A/$A.stac.json\",\"../../products/$C/$C.stac.json\"]" "two adds at once: the Collection links both"

# ---- usage ----
exits 2 "--stac only with add" -- a2catalog -c two.gpkg query --stac two
exits 2 "--base-url must be http(s)" -- a2publish -c two.gpkg --base-url ftp://x "$T/pub3" two/products/$A
is "$(err)" "a2publish: --base-url: not an http:// or https:// URL: ftp://x" "--base-url: the error says why"

done_testing
