#!/bin/sh
# a2scan on an archive laid out as on the NTU HPC (P###/F####, renamed
# summaries, scenes sharing folders) with stray files, a symlink loop and a
# dangling link; a2md --md-only products (ingest-jobs.md §8); and
# examples/archive.mk run here: products, catalog, a second run that does
# nothing, a failing scene that fails only its own target.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
cd "$T" || exit 1
A=$T/arch
sh "$A2_TOP/tests/servers/slurm-archive-tree.sh" "$A" > ids || { echo "Bail out! archive tree"; exit 1; }
ID1=$(sed -n 1p ids) ID2=$(sed -n 2p ids) ID3=$(sed -n 3p ids)
is "$ID1 $ID2 $ID3" "ALOS2015976960-140909-FBDR1.1__A ALOS2018046960-140923-FBDR1.1__A ALOS2235320010-181219-WBDR1.1__A" "fixture IDs"

# ---- a2scan ----
exits 0 "a2scan: clean tree" -- a2scan "$A"
cp "$T/.out" groups.jsonl
is "$(jq -r .scan.scene_id groups.jsonl | tr '\n' ' ')" "ALOS2015976960-140909 ALOS2018046960-140923 ALOS2235320010-181219 " "one group per scene, in order"
is "$(jq -c '.scan | [.orbit, .frame, .path, .date, .fdate, .dirs]' groups.jsonl | sed -n 3p)" \
	"[23532,10,135,\"2018-12-19\",\"0010-181219\",[\"$A/P135/F0010\"]]" "group keys"
F=$A/P026/F6960
is "$(jq -c '.scan.products' groups.jsonl | sed -n 1p)" \
	"[{\"id\":\"$ID1\",\"level\":\"1.1\",\"mode\":\"FBD\",\"files\":[\"$F/0000054535_001001_ALOS2015976960-140909.summary.txt\",\"$F/ALOS2015976960-140909_FBDR1.1__A.kml\",\"$F/IMG-HH-$ID1\",\"$F/IMG-HV-$ID1\",\"$F/LED-$ID1\",\"$F/TRL-$ID1\",\"$F/VOL-$ID1\"],\"summary\":\"$F/0000054535_001001_ALOS2015976960-140909.summary.txt\"}]" \
	"products of a scene sharing its folder: exactly its files, sorted"
is "$(jq '.scan.products[0].files | length' groups.jsonl | sed -n 3p)" 15 "ScanSAR: 10 IMG -F files + VOL LED TRL kml summary"
is "$(err)" "" "clean tree: nothing reported"

# strays, a loop, a dangling link, a second copy of a file elsewhere
echo notes > "$F/notes.txt"
: > "$F/IMG-HH-ALOS2015976960-140932-FBDR1.1__A"
: > "$F/ALOS2437590500-220630_WWDR2.2GUA_MSK.tif"
ln -s .. "$A/P026/loop"
ln -s /nonexistent "$A/P135/gone"
mkdir "$A/copy" && cp "$F/LED-$ID1" "$A/copy/"
exits 0 "a2scan: problems are not fatal" -- a2scan "$A"
# a level 2.2 NRB file is one more product, of a scene of its own
jq -c 'select(.scan.scene_id != "ALOS2437590500-220630")' "$T/.out" >"$T/groups2.jsonl"
same_file "$T/groups2.jsonl" groups.jsonl "the same groups as without them"
is "$(jq -c 'select(.scan.scene_id == "ALOS2437590500-220630") | [.scan.path, .scan.products]' "$T/.out")" \
	"[137,[{\"id\":\"ALOS2437590500-220630-WWDR2.2GUA\",\"level\":\"2.2\",\"mode\":\"WWD\",\"files\":[\"$F/ALOS2437590500-220630_WWDR2.2GUA_MSK.tif\"],\"summary\":null}]]" \
	"a level 2.2 NRB file: a product of its scene"
ok "grep -q '$F/notes.txt: stray file' '$T/.err'" "stray file reported"
ok "grep -q 'IMG-HH-ALOS2015976960-140932-FBDR1.1__A: stray file: .*date' '$T/.err'" "invalid ALOS-2 name reported"
ok "grep -q 'loop' '$T/.err'" "symlink loop reported"
ok "grep -q '$A/P135/gone: dangling symlink' '$T/.err'" "dangling symlink reported"
ok "grep -q '$A/copy/LED-$ID1: a second copy' '$T/.err'" "second copy reported"
exits 1 "a2scan -s: exit 1 when something was reported" -- a2scan -s "$A"
exits 0 "a2scan -q" -- a2scan -q "$A"
ok "! grep -q stray '$T/.err' && grep -q loop '$T/.err'" "-q: no strays, errors still"
exits 0 "a2scan -r: only P026" -- a2scan -q -r '/P[0-9]{3}/F6960$' "$A"
is "$(out | jq -r .scan.scene_id | tr '\n' ' ')" "ALOS2015976960-140909 ALOS2018046960-140923 ALOS2437590500-220630 " "-r filters folders"
exits 1 "a2scan: missing root" -- a2scan "$T/nope"
exits 2 "a2scan: no operand" -- a2scan
rm -rf "$F/notes.txt" "$F/ALOS2437590500-220630_WWDR2.2GUA_MSK.tif" "$F/IMG-HH-ALOS2015976960-140932-FBDR1.1__A" "$A/P026/loop" "$A/P135/gone" "$A/copy"

# ---- a2md --md-only ----
P=$T/prod
exits 0 "a2md --md-only (stdin, --tag)" -- sh -c "a2md --md-only --tag 'gekko test' -o '$P' < groups.jsonl"
is "$(out | jq -r .md.id | tr '\n' ' ')" "$ID1-md $ID2-md $ID3-md " "one product per group"
M=$P/$ID1-md/$ID1-md.met.json
is "$(jq -r .prod_name "$M")" "$ID1-md" "met.json prod_name"
is "$(jq -c .gekko_archive_files "$M")" "$(jq -c '.scan.products[0].files' groups.jsonl | sed -n 1p)" "gekko_archive_files: the group's files"
is "$(jq -r '.tags | type + " " + .' "$M")" "string gekko test" "tags is a string"
is "$(jq -r 'has("archive_filename"), has("download_source"), .level, .dataset' "$M" | tr '\n' ' ')" "false false L1.1 ALOS2-L1.1_SLC " "no archive, L1.1 SLC"
is "$(jq -r '.version + " " + .label' "$P/$ID1-md/$ID1-md.dataset.json")" "v0.1 $ID1-md" "dataset.json version and label"
is "$(jq -r '.id + " " + .assets["IMG-HH-'"$ID1"'"].href' "$P/$ID1-md/$ID1-md.stac.json")" "$ID1-md $F/IMG-HH-$ID1" "STAC: the data where they are"
is "$(cd "$P" && find . | LC_ALL=C sort | tr '\n' ' ')" ". ./$ID1-md ./$ID1-md/$ID1-md.dataset.json ./$ID1-md/$ID1-md.met.json ./$ID1-md/$ID1-md.stac.json ./$ID2-md ./$ID2-md/$ID2-md.dataset.json ./$ID2-md/$ID2-md.met.json ./$ID2-md/$ID2-md.stac.json ./$ID3-md ./$ID3-md/$ID3-md.dataset.json ./$ID3-md/$ID3-md.met.json ./$ID3-md/$ID3-md.stac.json " \
	"three files per product, no copy, no link dir left"
sed -n 3p groups.jsonl > g3.json
exits 0 "a2md --md-only --id (file)" -- a2md --md-only -o "$T/p3" --id "$ID3" g3.json
is "$(jq -c . "$T/p3/$ID3-md/$ID3-md.met.json")" "$(jq -c 'del(.tags)' "$P/$ID3-md/$ID3-md.met.json")" "file form: the same met.json (without tags)"
exits 1 "--id of another product" -- a2md --md-only -o "$T/p3" --id "$ID1" g3.json
exits 2 "--tag without --md-only" -- a2md --tag x g3.json
exits 1 "not a group" -- a2md --md-only -o "$T/p3" "$M"

# ---- examples/archive.mk, here ----
# the first scene also has an L1.5 product (GeoTIFF), in the same folder
a2synth --size tiny --level 1.5 --mode FBD --package dir --orbit 1597 --frame 6960 \
    --date 140909 -o "$T/l15" > l15.json || { echo "Bail out! L1.5 product"; exit 1; }
ID15=$(jq -r .id l15.json)
is "$ID15" "ALOS2015976960-140909-FBDR1.5GUA" "L1.5 fixture ID"
mv "$T/l15/$ID15/summary.txt" "$F/0000054535_001004_ALOS2015976960-140909.summary.txt"
mv "$T/l15/$ID15"/* "$F/"
D=$T/data
job() { make -f "$A2_TOP/examples/archive.mk" A2_BIN="$A2_BIN" A2_DATA="$D" ARCHIVE="$A" "$@"; }
exits 2 "archive.mk: no ARCHIVE" -- make -f "$A2_TOP/examples/archive.mk" A2_DATA="$D"
exits 0 "archive job (-j2)" -- job -j2
for id in $ID1 $ID2 $ID3; do
	c=$(jq -S 'del(.properties."a2:command")' "$P/$id-md/$id-md.stac.json" | sha256sum)
	is "$(jq -S 'del(.properties."a2:command")' "$D/products/$id-md/$id-md.stac.json" | sha256sum)" "$c" "$id-md: STAC as a2md made it"
	is "$(jq -c 'del(.tags)' "$P/$id-md/$id-md.met.json")" "$(jq -c . "$D/products/$id-md/$id-md.met.json")" "$id-md: met.json"
	exits 0 "catalog has $id-md" -- env A2_CATALOG="$D/catalog.gpkg" a2catalog has "$id-md"
done
exits 0 "catalog query by type" -- a2catalog -c "$D/catalog.gpkg" query --type alos2_slc_md
is "$(out | jq -r .id | LC_ALL=C sort | tr '\n' ' ')" "$ID1-md $ID2-md $ID3-md " "catalogued as alos2_slc_md"
snap() { (cd "$D" && find . -type f ! -name 'catalog.gpkg*' -printf '%p %s %T@\n' | LC_ALL=C sort); }
snap > s1
exits 0 "second run" -- job -j2
ok "grep -q 'Nothing to be done' '$T/.out'" "second run: nothing to be done"
snap > s2
same_file s1 s2 "second run: no file changed"

# another data dir sharing the catalog (a team's): nothing to make
exits 0 "products the catalog has are not remade" -- job A2_DATA="$T/data3" A2_CATALOG="$D/catalog.gpkg"
ok "[ ! -e '$T/data3/products' ]" "no product made"
is "$(grep -c 'already in the catalog' "$T/.err")" 3 "each skipped: in the catalog"

# the levels asked for change (LEVELS), the data do not: the L1.5 product
# is made, the L1.1 ones are left alone
exits 0 "LEVELS=\"1.1 1.5\" on the same data" -- job -j2 LEVELS="1.1 1.5"
ok "[ -s '$D/work/$ID15-md/catalogued' ]" "the L1.5 product is made and catalogued"
is "$(jq -r '.prod_name + " " + .level' "$D/products/$ID15-md/$ID15-md.met.json")" "$ID15-md L1.5" "its met.json"
is "$(grep -c 'already in the catalog' "$T/.err")" 3 "the L1.1 products: in the catalog"
is "$(snap | grep '^./products/' | grep -v "$ID15")" "$(grep '^./products/' s1)" "the L1.1 products: no file changed"
exits 0 "catalog query by the L1.5 type" -- a2catalog -c "$D/catalog.gpkg" query --type L1.5_geotiff
is "$(out | jq -r .id)" "$ID15-md" "catalogued as L1.5_geotiff"
exits 0 "again with the same LEVELS" -- job -j2 LEVELS="1.1 1.5"
ok "grep -q 'Nothing to be done' '$T/.out'" "then nothing to be done"
# the shared catalog has the L1.5 product too, under its GeoTIFF type
exits 0 "shared catalog, LEVELS=\"1.1 1.5\"" -- job A2_DATA="$T/data3" A2_CATALOG="$D/catalog.gpkg" LEVELS="1.1 1.5"
ok "[ ! -e '$T/data3/products' ]" "no product made"
is "$(grep -c 'already in the catalog' "$T/.err")" 4 "each of the four skipped: in the catalog"
# the same data dir with its own catalog (A2_CATALOG changed): all made
exits 0 "its own catalog" -- job A2_DATA="$T/data3"
is "$(cd "$T/data3/products" && ls | tr '\n' ' ')" "$ID1-md $ID2-md $ID3-md " "the L1.1 products made"
# a catalog that cannot be read is not taken for one that has nothing
exits 2 "a catalog that cannot be read" -- \
    job A2_DATA="$T/data4" A2_CATALOG="PG:host=127.0.0.1 port=1 user=a2 dbname=a2 connect_timeout=5"
ok "grep -q '^a2catalog: catalog: cannot open' '$T/.err'" "a2catalog says why"
ok "[ ! -e '$T/data4/products' ]" "no product made"

# a scene whose leader is broken fails its target only
D=$T/data2
truncate -s 100 "$A/P026/F6960/LED-$ID1"
exits 2 "archive job -k: one scene fails" -- job -k -j2
ok "grep -q 'LED-$ID1' '$T/.err'" "the failure names the file"
ok "[ ! -e '$D/products/$ID1-md/$ID1-md.met.json' ]" "no product for the failed scene"
ok "[ -s '$D/work/$ID2-md/catalogued' ] && [ -s '$D/work/$ID3-md/catalogued' ]" "the other scenes are done"
ok "[ -z \"\$(find '$D' -name '*.tmp*' -o -name '.*links*')\" ]" "no temp files or link dirs left"
is "$(find "$D/products" -mindepth 1 -name '.*' | wc -l)" 0 "no dot file in products/"
done_testing
