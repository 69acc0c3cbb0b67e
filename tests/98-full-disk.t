#!/bin/sh
# The URL job with its data directory on a small file system that fills up
# (a tmpfs of a few hundred KB up to just short of what the job needs):
# the job must fail (never exit 0 on output that did not arrive), leave
# nothing under a final name that differs from an uninterrupted run's, and,
# once the space is there (the tmpfs grown), a rerun must end with the same
# products, byte for byte, as a run that never failed.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
[ "$(id -u)" = 0 ] || skip_all "mounting a tmpfs needs root"
cd "$T" || exit 1
mkdir probe
mount -t tmpfs -o size=64k tmpfs probe 2>/dev/null || skip_all "cannot mount a tmpfs here"
umount probe

a2synth --size tiny --level 1.5 --format GeoTIFF --package order --items 2 \
    --order 0000022708 -o "$T/src" >synth.jsonl || echo "Bail out! a2synth"
URL="file://$T/src/0000022708.zip"
IDS=$(jq -r .id synth.jsonl)
job() { make -f "$A2_TOP/examples/url.mk" A2_DATA="$1" A2_TILES_ZOOM=0-8 URL="$URL" >"$T/job.out" 2>&1; }
# products and work files, catalog and download records aside (they hold
# times); anything inside a temporary is no file make could take for done;
# a2tiles' journal (work/ID/tiles.state) lists tiles in the order its
# threads finish them.  No dot file is left out: products/ holds none.
files() { (cd "$1" && find products work 2>/dev/null -type f ! -path '*.tmp*' ! -name tiles.state | LC_ALL=C sort); }

# after a failed run: what is under a final name is the reference's
finals_complete() {
	bad=""
	for f in $(files "$D"); do
		if ! grep -qxF "$f" ref.files; then bad="$bad extra:$f"
		elif ! cmp -s "$D/$f" "$T/ref/$f"; then bad="$bad differs:$f"; fi
	done
	is "$bad" "" "$what: every file under its final name is complete"
}
# with the space back: the rerun ends with the reference's files
rerun_same() {
	job "$D"
	is "$?" 0 "$what: the rerun with space succeeds"
	same=yes
	files "$D" | cmp -s - ref.files || { same=no; files "$D" | diff - ref.files | sed 's/^/# /' >&2; }
	for f in $(cat ref.files); do cmp -s "$D/$f" "$T/ref/$f" || { same=no; diag "$f differs"; }; done
	is "$same" yes "$what: the rerun gives the reference's files, byte for byte"
	is "$(find "$D/products" -mindepth 1 -name '.*' | wc -l)" 0 "$what: no dot file in products/"
}

# The reference: a run with room enough, at the same path (records hold
# absolute paths); what it used of the tmpfs is what the job needs.
D=$T/data
mkdir "$D"
at_exit "umount '$D' 2>/dev/null"
mount -t tmpfs -o size=64m tmpfs "$D" || { echo "Bail out! mount"; exit 1; }
job "$D"
is "$?" 0 "the job with room enough"
files "$D" >ref.files
need=$(df -k --output=used "$D" | tail -n 1 | tr -d ' ')
cp -a "$D" "$T/ref"
umount "$D"
ok "[ $(wc -l <ref.files) -gt 20 ]" "the reference run made its products ($(wc -l <ref.files) files, $need KB)"

failed_at=""
for kb in 64 192 448 960 1600 $((need * 2 / 3)) $((need - 100)) $((need - 24)); do
	what="tmpfs of ${kb} KB"
	mount -t tmpfs -o "size=${kb}k" tmpfs "$D" || { echo "Bail out! mount"; exit 1; }
	job "$D"
	rc=$?
	ok "[ $rc -ne 0 ]" "$what: the job fails (exit $rc)"
	# (SQLite, under the catalog, says it its own way)
	grep -Eq 'No space left on device|database or disk is full' "$T/job.out"
	is "$?" 0 "$what: and says that the device is full"
	last=$(grep -Eo 'a2[a-z]*: .*(No space left on device|disk is full)' "$T/job.out" | head -n 1 | cut -d: -f1)
	failed_at="$failed_at ${last:-?}"
	finals_complete
	# the space comes back: the rerun finishes the same products
	mount -o "remount,size=$((need * 3))k" "$D" || { echo "Bail out! remount"; exit 1; }
	rerun_same
	n=0
	for id in $IDS; do A2_CATALOG="$D/catalog.gpkg" a2catalog has "$id" >/dev/null 2>&1 && n=$((n + 1)); done
	is "$n" 2 "$what: the catalog has both products"
	is "$(find "$D" -name '*.tmp*' | wc -l)" 0 "$what: no temporaries left"
	umount "$D"
done
diag "the first tool to report the full device, by size:$failed_at"

# The same, filled exactly before each step of one scene: the job is made
# up to the step before, a filler takes every free block, and the job is
# run again, so the step's first write meets the full device (a record
# written to a redirected standard output among them).
KEY=$(ls "$T/ref/work" | grep '^url-')
ID=$(echo "$IDS" | head -n 1)
prev=""
# (scenes.jsonl is made with fetch.json, as make reads targets.mk first; the
# zip is a hard link, which takes no block)
for step in work/$KEY/fetch.json work/$ID/scene.json work/$ID/footprint.geojson \
    work/$ID/tiles.json products/$ID/$ID.met.json work/$ID/catalogued; do
	what="full before ${step##*/}"
	mount -t tmpfs -o "size=$((need * 3))k" tmpfs "$D" || { echo "Bail out! mount"; exit 1; }
	[ -z "$prev" ] || make -f "$A2_TOP/examples/url.mk" A2_DATA="$D" A2_TILES_ZOOM=0-8 URL="$URL" "$D/$prev" \
	    >"$T/job.out" 2>&1 || { echo "Bail out! make $prev"; cat "$T/job.out" >&2; exit 1; }
	ok "[ ! -e '$D/$step' ]" "$what: not made yet"
	# fill: the filler grows until the device refuses
	dd if=/dev/zero of="$D/filler" bs=4k 2>/dev/null
	job "$D"
	rc=$?
	ok "[ $rc -ne 0 ]" "$what: the job fails (exit $rc)"
	ok "[ ! -e '$D/$step' ]" "$what: ${step##*/} is not under its final name"
	finals_complete
	rm -f "$D/filler"
	rerun_same
	umount "$D"
	prev=$step
done
done_testing
