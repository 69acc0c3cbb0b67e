#!/bin/sh
# tests/bench/same-products.sh OLD NEW: shows that two a2 source trees,
# each built (OLD/build/bin, NEW/build/bin), make byte-identical products:
# the demo orders, synthetic orders of every level and format a2synth
# makes (ScanSAR L1.1 among them) and the real L1.5 order through
# examples/url.mk, and the metadata-only products of examples/archive.mk.
# Each tree runs in the same data directory in turn (the STAC a2:command
# names it), and products/ and the catalog rows are compared.  Exit 0 when
# all are the same.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 OLD-TREE NEW-TREE" >&2; exit 2; }
old=$(cd "$1" && pwd) new=$(cd "$2" && pwd)
S=$(mktemp -d "${TMPDIR:-/tmp}/a2same.XXXXXX")
trap 'rm -rf "$S"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
real=${A2_REAL_ZIP:-/work/shared/data/real/0000022708_001001_ALOS2015976960-140909.zip}

# the inputs, made once with the new tree's generator (inputs, not products)
mkdir -p "$S/orders" "$S/arch"
n=100
while read -r args; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$new/build/bin/a2synth" -s $n --size tiny --package order --order 0000000$n -o "$S/orders" $args >/dev/null
done <<EOF
--level 1.1 --mode FBD --format CEOS
--level 2.1 --mode FBD --format GeoTIFF --pols HH,HV --orbit 23456 --frame 2950 --date 180412
--level 1.1 --mode WBD --format CEOS --pols HH,HV
--level 1.5 --mode FBD --format CEOS --look L --direction D
--level 1.5 --mode HBQ --format GeoTIFF
--level 3.1 --mode FBS --format CEOS --south
--level 3.1 --mode UBS --format GeoTIFF
EOF
[ -f "$real" ] && cp "$real" "$S/orders/"
PATH="$new/build/bin:$PATH" sh "$new/tests/servers/slurm-archive-tree.sh" "$S/arch" >/dev/null

# run TREE: every job of the tree into $S/data
run() {
	rm -rf "$S/data"
	for z in "$S"/orders/*.zip; do
		make -s -f "$1/examples/url.mk" A2_BIN="$1/build/bin" A2_DATA="$S/data" \
		    A2_TILES_ZOOM=0-6 URL="file://$z" >/dev/null 2>"$S/job.err" ||
			{ echo "$1: url job $z failed:" >&2; cat "$S/job.err" >&2; exit 1; }
	done
	make -s -f "$1/examples/archive.mk" A2_BIN="$1/build/bin" A2_DATA="$S/data" \
	    ARCHIVE="$S/arch" LEVELS="1.1 1.5" TAG=same >/dev/null 2>"$S/job.err" ||
		{ echo "$1: archive job failed:" >&2; cat "$S/job.err" >&2; exit 1; }
	# the rows, but for the time each was catalogued
	A2_CATALOG="$S/data/catalog.gpkg" "$1/build/bin/a2catalog" query |
	    jq -c 'del(.ingest_time)' >"$S/data/rows.jsonl"
}
run "$old"
mv "$S/data" "$S/old"
run "$new"

status=0
np=$(find "$S/data/products" -type f | wc -l)
if diff -r "$S/old/products" "$S/data/products" >"$S/diff" &&
    cmp -s "$S/old/rows.jsonl" "$S/data/rows.jsonl"; then
	echo "same: $np product files of $(ls "$S/data/products" | wc -l) products, and the catalog rows"
else
	echo "DIFFERENT:"
	cat "$S/diff"
	diff "$S/old/rows.jsonl" "$S/data/rows.jsonl" | cut -c1-600 || :
	status=1
fi
exit $status
