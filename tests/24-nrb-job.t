#!/bin/sh
# examples/nrb.mk: PALSAR-2 ScanSAR L2.2 NRB scenes ingested from a list of
# URLs (files of scenes in any order, grouped by scene; a zip; objects in
# an S3 bucket) and from a list of STAC Items (relative and absolute
# hrefs), served by the loopback HTTP stand-in and s3rver: products,
# catalog, publish and site; a rerun that sends no request and changes
# nothing; a run killed part way that, run again, ends with the same bytes;
# bad lists and Items refused.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
command -v setsid >/dev/null || skip_all "setsid needed"
command -v node >/dev/null || skip_all "no node (s3rver)"
cd "$T" || exit 1
PY=/usr/bin/python3
own_home
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_REGION \
	AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE
mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n' >"$HOME/.aws/credentials"
chmod 600 "$HOME/.aws/credentials"

# Three scenes: a dual-pol one as loose files, a single-pol one behind a
# STAC Item, a descending one in a zip, and a fourth in the bucket.
R=$T/root
mkdir -p "$R"
a2synth --level 2.2 --mode WWD --package dir -o "$R/a" >a.jsonl
a2synth --level 2.2 --mode WBS --orbit 43759 --frame 500 --date 220630 --package dir -o "$R/b" >b.jsonl
a2synth --level 2.2 --mode WBD --look L --direction D --orbit 2000 --package flat -o "$R/c" >c.jsonl
a2synth --level 2.2 --mode WWD --orbit 3000 --frame 3000 --date 150101 --package dir -o "$T/s3src" >d.jsonl
IDA=$(jq -r .id a.jsonl) IDB=$(jq -r .id b.jsonl) IDC=$(jq -r .id c.jsonl) IDD=$(jq -r .id d.jsonl)
PA=$(jq -r .path a.jsonl) PB=$(jq -r .path b.jsonl) PD=$(jq -r .path d.jsonl)
ZIPC=$(cd "$R/c" && ls ./*.zip | sed 's|^\./||')
is "$(printf '%s\n' "$IDA" "$IDB" "$IDC" "$IDD" | sort -u | wc -l | tr -d ' ')" 4 "four scenes"

"$PY" "$A2_TOP/tests/servers/httpd.py" --root "$R" --port-file "$T/http.port" --log "$T/http.log" &
at_exit "kill $! 2>/dev/null"
wait_file "$T/http.port" || { echo "Bail out! httpd.py did not start"; exit 1; }
H=http://127.0.0.1:$(cat "$T/http.port")
S3=$T/s3
start_s3 "$S3" bkt
export A2_S3_ENDPOINT=http://127.0.0.1:$(cat "$S3/port")
exits 0 "scene d uploaded to the bucket" -- a2publish --flat s3://bkt/nrb "$T/s3src"
requests() { wc -l <"$T/http.log" | tr -d ' '; }

# the URL list: scene a's files, shuffled, with a comment and blank lines;
# the zip of scene c; scene d's objects
{
	echo "# PALSAR-2 NRB, 2014"
	for f in $(cd "$PA" && ls | sort -r); do echo "$H/a/$(basename "$PA")/$f"; done
	echo
	echo "  $H/c/$ZIPC  "
	for f in $(cd "$PD" && ls); do echo "s3://bkt/nrb/$(basename "$PD")/$f"; done
} >urls.txt
# the Item list: scene b's Item as stactools writes one (asset keys, hrefs
# relative to the Item), served over HTTP
PRE_B=$(cd "$PB" && ls ./*_summary.xml | sed 's|^\./||; s|_summary\.xml$||')
jq -n --arg p "$PRE_B" --arg d "$(basename "$PB")" '{type: "Feature", stac_version: "1.0.0", id: $p,
	assets: {HH_SLP: {href: ($d + "/" + $p + "_HH_SLP.tif")}, MSK: {href: ("./" + $d + "/" + $p + "_MSK.tif")},
	LIN: {href: ($d + "/" + $p + "_LIN.tif")}, summary: {href: ($d + "/" + $p + "_summary.xml")}}}' >"$R/b/item.json"
echo "$H/b/item.json" >items.txt

D=$T/data
CAT=$T/cat.gpkg
job() { make -f "$A2_TOP/examples/nrb.mk" A2_DATA="$D" A2_CATALOG="$CAT" PUBLISH="$T/pub" SITE="$T/site" "$@"; }
snapshot() { (cd "$D" && find . -type f -printf '%p %s %T@\n' | LC_ALL=C sort); }

exits 2 "no list: usage" -- job
ok "grep -q 'usage: make -f examples/nrb.mk URLS=file | ITEMS=file' '$T/.err'" "usage names URLS and ITEMS"

exits 0 "job runs (-j2)" -- job -j2 URLS=urls.txt ITEMS=items.txt
for id in "$IDA" "$IDB" "$IDC" "$IDD"; do
	for f in zip met.json dataset.json stac.json; do
		ok "[ -s '$D/products/$id/$id.$f' ]" "$id.$f"
	done
	ok "[ -s '$D/products/$id/tiles/tiles.json' ]" "$id: tiles.json"
	is "$(jq -r .level "$D/products/$id/$id.met.json")" "L2.2" "$id: met.json level"
done
is "$(a2catalog -c "$CAT" query | jq -r .id | LC_ALL=C sort | tr '\n' ' ')" \
	"$(printf '%s\n' "$IDA" "$IDB" "$IDC" "$IDD" | LC_ALL=C sort | tr '\n' ' ')" "all four catalogued"
# published in the HySDS datasets layout (type, version, date)
for p in "$IDA 2014/09/09" "$IDB 2022/06/30" "$IDC 2014/09/09" "$IDD 2015/01/01"; do
	id=${p% *}
	ok "[ -s '$T/pub/datasets/L2.2_nrb/v0.1/${p#* }/$id/$id.met.json' ]" "$id published"
done
ok "[ -s '$T/site/index.html' ]" "site written"
# a scene of loose files: its zip holds exactly its files, none of a2fetch's
is "$(zipinfo -1 "$D/products/$IDA/$IDA.zip" | sed 's|.*/||' | LC_ALL=C sort | tr '\n' ' ')" \
	"$(cd "$PA" && LC_ALL=C ls | tr '\n' ' ')" "$IDA.zip: the scene's six files"
is "$(zipinfo -1 "$D/products/$IDB/$IDB.zip" | sed 's|.*/||' | LC_ALL=C sort | tr '\n' ' ')" \
	"$(cd "$PB" && LC_ALL=C ls | grep -v kml | tr '\n' ' ')" "$IDB.zip: the Item's four files"
# where each came from
is "$(jq -r .download_source "$D/products/$IDA/$IDA.met.json")" \
	"$H/a/$(basename "$PA")/$(cd "$PA" && ls ./*_summary.xml | sed 's|^\./||')" "$IDA: source is its summary.xml"
is "$(jq -r .download_source "$D/products/$IDB/$IDB.met.json")" "$H/b/item.json" "$IDB: source is its Item"
is "$(jq -r .download_source "$D/products/$IDC/$IDC.met.json")" "$H/c/$ZIPC" "$IDC: source is its zip"
is "$(jq -r .download_source "$D/products/$IDD/$IDD.met.json")" \
	"s3://bkt/nrb/$(basename "$PD")/$(cd "$PD" && ls ./*_summary.xml | sed 's|^\./||')" "$IDD: source is its object"
is "$(jq -c .alos2md.polarizations "$D/products/$IDB/$IDB.met.json") $(jq -c '.properties."sar:polarizations"' "$D/products/$IDB/$IDB.stac.json")" \
	'["HH"] ["HH"]' "$IDB (WBS): one polarisation in met.json and the Item"
is "$(jq -c .tile_layers "$D/products/$IDB/$IDB.met.json") $(jq -c .tile_layers "$D/products/$IDA/$IDA.met.json")" \
	'["HH"] ["HH","HV","RGB"]' "tile layers: HH alone; HH, HV and the composite"
# zoom 0 to the one nearest the pixel (a2synth's are 4350 m): not 0-14
is "$(jq -c '[.minzoom, .maxzoom]' "$D/products/$IDA/tiles/tiles.json")" "[0,5]" "tiles: zoom 0-auto"

# a rerun: no request, nothing touched
snapshot >before
n=$(requests)
exits 0 "rerun" -- job -j2 URLS=urls.txt ITEMS=items.txt
is "$(requests)" "$n" "rerun: no request"
snapshot >after
ok "cmp -s before after" "rerun: nothing written"
ok '! grep -q S3RVER "$T/.out" "$T/.err"' "no secret in make's output"

mkdir -p ref
cp -a "$D/products/." ref/
# killed (SIGKILL to make and its children) once the first scene's files
# are fetched, and once the first product zip is there; run again: the
# same bytes, no temps
for at in "work/nrb-*/fetch.json" "products/$IDA/$IDA.zip"; do
	rm -rf "$D" "$CAT" "$T/pub" "$T/site"
	setsid make -f "$A2_TOP/examples/nrb.mk" A2_DATA="$D" A2_CATALOG="$CAT" \
	    PUBLISH="$T/pub" SITE="$T/site" -j2 URLS=urls.txt ITEMS=items.txt >/dev/null 2>&1 &
	pid=$!
	i=0
	until [ -n "$(ls $D/$at 2>/dev/null)" ] || [ $i -ge 3000 ]; do i=$((i + 1)); sleep 0.01; done
	perl -e 'kill "KILL", -$ARGV[0]' "$pid"
	wait "$pid" 2>/dev/null
	cut=no
	for id in "$IDA" "$IDB" "$IDC" "$IDD"; do [ -s "$D/products/$id/$id.stac.json" ] || cut=yes; done
	is "$cut" yes "killed at $at: the run was cut short"
	exits 0 "killed at $at, then run again" -- job -j2 URLS=urls.txt ITEMS=items.txt
	same=yes
	for id in "$IDA" "$IDB" "$IDC" "$IDD"; do
		for f in $id.zip $id.met.json $id.dataset.json $id.stac.json tiles/tiles.json; do
			cmp -s "$D/products/$id/$f" "ref/$id/$f" || { same=no; diag "$id/$f differs"; }
		done
	done
	is "$same" yes "killed at $at: the same products"
	ok 'no_temps "$D"' "killed at $at: no temps"
done

# bad lists and Items
printf '%s\n' "$H/b/nothing.json" >bad-items.txt
exits 2 "an Item that is not there" -- job URLS= ITEMS=bad-items.txt
ok "grep -q 'a2fetch: $H/b/nothing.json: ' '$T/.err'" "no Item: a2fetch names the URL"
ok "[ ! -e '$D/work/nrb-item-'*'/urls.txt' ] || [ \$(ls '$D'/work/nrb-item-*/urls.txt | wc -l) = 1 ]" "no file list for a missing Item"
echo '{"type": "Feature", "id": "x"}' >"$R/b/noassets.json"
printf '%s\n' "$H/b/noassets.json" >bad-items.txt
exits 2 "an Item without assets" -- job URLS= ITEMS=bad-items.txt
ok "grep -q 'item/noassets.json: not a STAC Item with asset hrefs' '$T/.err'" "no assets: named"
printf '%s\n' "$H/a/$(basename "$PA")/$(cd "$PA" && ls ./*_MSK.tif | sed 's|^\./||')" >one.txt
exits 2 "a scene with only its mask" -- job URLS=one.txt
PRE_A=$(cd "$PA" && ls ./*_summary.xml | sed 's|^\./||; s|_summary\.xml$||')
is "$(grep '^a2classify:' "$T/.err")" "a2classify: $D/work/nrb-$PRE_A/files: no ${PRE_A}_XX_SLP.tif backscatter image" \
	"only a mask: a2classify names what is missing"

done_testing
