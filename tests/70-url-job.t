#!/bin/sh
# examples/url.mk: the URL job on synthetic orders through file:// URLs:
# products, a rerun that does nothing, a rebuild of what is missing, and
# runs killed with SIGKILL at increasing delays that, run again, end with
# the same bytes as an uninterrupted run.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
command -v setsid >/dev/null || skip_all "setsid needed"
# The job is a make of its own, not part of the make running the tests.
cd "$T" || exit 1

# Tools through shims that log each call.
mkdir shim
for t in a2fetch a2unpack a2classify a2footprint a2pack a2md a2catalog a2tiles a2publish; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/calls.log"\nexec "%s/%s" "$@"\n' \
	    "$t" "$T" "$A2_BIN" "$t" >"shim/$t"
	chmod +x "shim/$t"
done
: >calls.log
calls() { sed 's/ .*//' calls.log | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'; }
D="$T/data"
job() { make -f "$A2_TOP/examples/url.mk" A2_BIN="$T/shim" A2_DATA="$D" "$@"; }
# Everything under the data dir with size and mtime (ns).
snapshot() { (cd "$D" && find . -type f -printf '%p %s %T@\n' | LC_ALL=C sort); }
products() { (cd "$D/products" && find . | LC_ALL=C sort); }

# An order of two L1.1 scenes (per-scene zips inside the order zip).
a2synth --size tiny --level 1.1 --mode FBD --format CEOS --package order --items 2 \
    --order 0000022708 -o "$T/src" >synth.jsonl
URL="file://$T/src/0000022708.zip"
ID1=$(jq -r .id synth.jsonl | sed -n 1p)
ID2=$(jq -r .id synth.jsonl | sed -n 2p)

exits 2 "no URL: usage" -- job
ok "grep -q 'usage: make -f examples/url.mk URL=' '$T/.err'" "usage names URL"

t0=$(date +%s%N)
exits 0 "job runs (-j2)" -- job -j2 URL="$URL"
run_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
for id in "$ID1" "$ID2"; do
	for f in zip met.json dataset.json stac.json; do
		ok "[ -s '$D/products/$id/$id.$f' ]" "$id.$f"
	done
	is "$(jq -r .prod_name "$D/products/$id/$id.met.json")" "$id" "$id: met.json prod_name"
	is "$(jq -r .download_source "$D/products/$id/$id.met.json")" "$URL" "$id: download_source"
	is "$(jq -r .archive_filename "$D/products/$id/$id.met.json")" "$id.zip" "$id: archive_filename"
	is "$(jq -r .id "$D/products/$id/$id.stac.json")" "$id" "$id: STAC id"
	is "$(jq -r .version "$D/products/$id/$id.dataset.json")" v0.1 "$id: dataset version"
done
# ID.zip is the per-scene zip of the order, as delivered
n=0
for item in $(unzip -Z1 "$T/src/0000022708.zip"); do
	n=$((n + 1))
	unzip -p "$T/src/0000022708.zip" "$item" >"item$n.zip"
done
same_file "$D/products/$ID1/$ID1.zip" item1.zip "$ID1.zip is the first per-scene zip"
same_file "$D/products/$ID2/$ID2.zip" item2.zip "$ID2.zip is the second per-scene zip"
is "$(stat -c %h "$D/products/$ID1/$ID1.zip")" 2 "ID.zip is a hard link"
# a2catalog: one "has" per scene before building it, one "add" after
is "$(calls)" "a2catalog=4 a2classify=1 a2fetch=1 a2footprint=2 a2md=2 a2pack=2 a2unpack=1 " "each tool ran once per scene, a2classify once per order"
ok "[ -z \"\$(find '$D' -name '*.tmp*')\" ]" "no temp files"
exits 0 "the catalog has $ID1" -- env A2_CATALOG="$D/catalog.gpkg" a2catalog has "$ID1"
exits 0 "the catalog has $ID2" -- env A2_CATALOG="$D/catalog.gpkg" a2catalog has "$ID2"

# The second run does nothing: no tool, no changed file.
snapshot >snap1
: >calls.log
exits 0 "second run" -- job -j2 URL="$URL"
ok "grep -q 'Nothing to be done' '$T/.out'" "second run: nothing to be done"
is "$(calls)" "" "second run: no a2 tool ran"
snapshot >snap2
same_file snap1 snap2 "second run: no file changed"

# The reference products, then a removed file is all that is remade.
mkdir ref && cp -a "$D/products/." ref/
rm "$D/products/$ID2/$ID2.stac.json"
exits 0 "rerun after a removed file" -- job URL="$URL"
is "$(calls)" "a2catalog=1 a2md=1 " "only a2md (and the catalog update) reran"
for f in met.json dataset.json stac.json; do
	same_file "$D/products/$ID2/$ID2.$f" "ref/$ID2/$ID2.$f" "remade $ID2.$f: same bytes"
done
: >calls.log
rm "$D/work/$ID1/footprint.geojson"
exits 0 "rerun after a removed work file" -- job URL="$URL"
is "$(calls)" "a2catalog=1 a2footprint=1 a2md=1 " "footprint, md and catalog of that scene reran"

# The generated makefile is remade from the listing, the listing from the
# download (already unpacked), and the network is not asked again while
# the record of the download exists.
: >calls.log
rm "$D/work"/url-*/targets.mk
exits 0 "rerun after a removed targets.mk" -- job URL="$URL"
is "$(calls)" "a2catalog=2 " "targets.mk remade from the listing and the catalog alone"
: >calls.log
rm "$D/work"/url-*/scenes.jsonl
exits 0 "rerun after a removed listing" -- job URL="$URL"
is "$(grep -c '^a2unpack ' calls.log) $(grep -c '^a2fetch ' calls.log)" "1 0" "listing remade from the download, no fetch"
for id in "$ID1" "$ID2"; do
	for f in zip met.json dataset.json stac.json; do
		same_file "$D/products/$id/$id.$f" "ref/$id/$id.$f" "after a new listing: $id.$f"
	done
done

# Killed at increasing delays (fractions of the first run, so each phase
# is hit however fast this machine is), then run again: the same products.
cut=0
for pct in 3 10 20 35 50 65 80 95; do
	delay=$(awk -v ms="$run_ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')
	rm -rf "$D"
	setsid make -f "$A2_TOP/examples/url.mk" A2_BIN="$T/shim" A2_DATA="$D" -j2 URL="$URL" \
	    >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	# dash's kill cannot signal a process group; perl (for prove) can
	perl -e 'kill "KILL", -$ARGV[0]' "$pid"
	wait "$pid" 2>/dev/null
	[ -s "$D/products/$ID1/$ID1.stac.json" ] && [ -s "$D/products/$ID2/$ID2.stac.json" ] ||
	    cut=$((cut + 1))
	exits 0 "killed after ${delay}s, then run again" -- job -j2 URL="$URL"
	same=yes
	for id in "$ID1" "$ID2"; do
		for f in zip met.json dataset.json stac.json; do
			cmp -s "$D/products/$id/$id.$f" "ref/$id/$id.$f" || { same=no; diag "$id.$f differs"; }
		done
	done
	is "$same" yes "killed after ${delay}s: same products"
	is "$(products)" "$(cd ref && find . | LC_ALL=C sort)" "killed after ${delay}s: same files, no temps"
done

ok "[ $cut -ge 1 ]" "the kills cut runs short ($cut of 8, first run ${run_ms} ms)"

# A loose scene (no per-scene zip) in a second order: deterministic re-zip.
a2synth --size tiny --level 2.1 --format GeoTIFF --pols HH,HV --package dir -o "$T/loose" >loose.jsonl
ID3=$(jq -r .id loose.jsonl)
(cd "$T/loose" && zip -qr "$T/src/loose order.zip" "$ID3")
URL3="file://$T/src/loose%20order.zip"
exits 0 "second order (loose scene)" -- job URL="$URL3"
is "$(zipinfo -1 "$D/products/$ID3/$ID3.zip" | tr '\n' ' ')" "$(cd "$T/loose/$ID3" && LC_ALL=C ls | tr '\n' ' ')" "re-zip of the loose scene"
is "$(jq -r '.level + " " + .dataset' "$D/products/$ID3/$ID3.met.json")" "L2.1 ALOS2_GeoTIFF" "loose scene: L2.1 GeoTIFF met.json"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$D/products/$ID3/$ID3.met.json")" '[true,["HH","HV"],[14,14]]' \
    "loose scene: met.json says which tiles were built"
ok "[ -s '$D/products/$ID3/tiles/HH/0/0/0.png' ] && [ -s '$D/products/$ID3/tiles/index.html' ]" "loose scene: tiles and viewer"
ok "[ -s '$D/products/$ID3/IMG-HV-$ID3""_disp.browse_small.png' ]" "loose scene: browse images"
is "$(jq -c '[.tiles, .tile_layers]' "$D/products/$ID1/$ID1.met.json")" '[null,null]' "L1.1: no tile keys in met.json, as the original"
cp "$D/products/$ID3/$ID3.zip" rezip1.zip
rm "$D/products/$ID3/$ID3.zip"
exits 0 "re-zip again" -- job URL="$URL3"
same_file "$D/products/$ID3/$ID3.zip" rezip1.zip "re-zip: same bytes"
ok "[ -s '$D/products/$ID1/$ID1.met.json' ]" "first order's products kept"

# A product directory holds the product only: a2's stamps and a2tiles'
# journal are under work/ID/.
is "$(cd "$D/products" && find . -mindepth 1 -name '.*' | LC_ALL=C sort | tr '\n' ' ')" "" "no dot file in products/"
ok "[ -s '$D/work/$ID3/catalogued' ] && [ -s '$D/work/$ID3/tiles.state' ]" "stamp and tiles journal in work/ID/"
is "$(cat "$D/work/$ID1/catalogued")" "$ID1" "the catalog stamp holds the ID"
# Published, the product is exactly the files its directory holds.
: >calls.log
exits 0 "job with PUBLISH" -- job URL="$URL3" PUBLISH="$T/pub"
is "$(calls)" "a2publish=1 " "only a2publish ran"
ok "[ -s '$D/work/$ID3/published' ]" "publish stamp in work/ID/"
pubdir=$(jq -r '.publish.location // .publish.url // empty' "$D/work/$ID3/published" | sed 's|^file://||')
ok "[ -d '$pubdir' ]" "a2publish says where the product went ($pubdir)"
is "$(cd "$pubdir" && find . -type f | LC_ALL=C sort | md5sum)" \
    "$(cd "$D/products/$ID3" && find . -type f | LC_ALL=C sort | md5sum)" "published: the same files as products/ID"
is "$(cd "$D/products" && find . -mindepth 1 -name '.*' | wc -l)" 0 "no dot file in products/ after publishing"
# A data dir of the old layout (stamps and journal in products/ID/): the
# first run moves them to work/ID/ and does nothing else.
for f in catalogued published tiles.state; do cp "$D/work/$ID3/$f" "old.$f"; done
mv "$D/work/$ID3/catalogued" "$D/products/$ID3/.catalog"
mv "$D/work/$ID3/published" "$D/products/$ID3/.published"
mv "$D/work/$ID3/tiles.state" "$D/products/$ID3/tiles/.a2tiles-state"
: >calls.log
exits 0 "old layout: rerun" -- job URL="$URL3" PUBLISH="$T/pub"
is "$(calls)" "" "old layout: no a2 tool ran"
ok "grep -q 'Nothing to be done' '$T/.out'" "old layout: nothing to be done"
for f in catalogued published tiles.state; do same_file "$D/work/$ID3/$f" "old.$f" "old layout: $f moved to work/ID/"; done
is "$(cd "$D/products" && find . -mindepth 1 -name '.*' | wc -l)" 0 "old layout: no dot file left in products/"

# CONTEXT=_context.json: the HySDS job parameter download_url
printf '{"download_url": "%s"}\n' "$URL3" >_context.json
: >calls.log
exits 0 "CONTEXT=_context.json" -- job CONTEXT="$T/_context.json"
ok "grep -q 'Nothing to be done' '$T/.out'" "CONTEXT: same job, nothing to be done"

# A URL that does not exist fails with a2fetch's status and no record.
exits 2 "missing URL fails" -- job URL="file://$T/src/nonexistent.zip"
ok "[ -z \"\$(find '$D/work' -name fetch.json -newer rezip1.zip)\" ]" "no fetch record for a failed download"

# make demo's script, on its own data dir
exits 0 "examples/demo.sh" -- env A2_DATA="$T/demo" sh "$A2_TOP/examples/demo.sh"
ok "grep -q '^  ALOS2015976960-140909-FBDR1.1__A  L1.1  HH,HV  ALOS2-L1.1_SLC\$' '$T/.out'" "demo: L1.1 summary"
ok "grep -q '^  ALOS2234562950-180412-FBDR2.1GUA  L2.1  HH,HV  ALOS2_GeoTIFF\$' '$T/.out'" "demo: L2.1 summary"
is "$(ls "$T/demo/products" | tr '\n' ' ')" "ALOS2015976960-140909-FBDR1.1__A ALOS2234562950-180412-FBDR2.1GUA " "demo: two products"
exits 0 "demo again" -- env A2_DATA="$T/demo" sh "$A2_TOP/examples/demo.sh"
is "$(grep -c 'Nothing to be done' "$T/.out")" 2 "demo again: nothing redone"

plan $_tap_n
done_testing
