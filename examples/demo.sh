#!/bin/sh
# examples/demo.sh (make demo): makes two synthetic JAXA orders with
# a2synth, an L1.1 FBD CEOS scene and a dual-polarisation L2.1 GeoTIFF
# scene, ingests each with the URL job through a file:// URL into
# $A2_DATA (default ./a2-data), and shows what came out.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
: "${A2_BIN:=$top/build/bin}"
: "${A2_DATA:=./a2-data}"
mkdir -p "$A2_DATA"
A2_DATA=$(cd "$A2_DATA" && pwd)
export A2_BIN A2_DATA
# The job is a make of its own, not a part of `make demo`.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS

[ -x "$A2_BIN/a2synth" ] || { echo "demo: no a2 tools in $A2_BIN: run make first" >&2; exit 1; }
for c in make jq; do
	command -v "$c" >/dev/null || { echo "demo: $c missing: run make deps" >&2; exit 1; }
done

orders="$A2_DATA/demo-orders"
mkdir -p "$orders"

# order NAME a2synth-options...: the order zip (made once), its scene IDs
# in $orders/NAME.ids
order() {
	name=$1
	shift
	if [ ! -s "$orders/$name.ids" ]; then
		"$A2_BIN/a2synth" --size tiny --package order --order "$name" -o "$orders" "$@" \
		    >"$orders/$name.jsonl"
		jq -r .id "$orders/$name.jsonl" >"$orders/$name.ids"
	fi
}
order 0000000101 --level 1.1 --mode FBD --format CEOS
order 0000000102 --level 2.1 --mode FBD --format GeoTIFF --pols HH,HV \
    --orbit 23456 --frame 2950 --date 180412

for name in 0000000101 0000000102; do
	url="file://$orders/$name.zip"
	echo "== make -f examples/url.mk URL=$url"
	make -j2 -f "$top/examples/url.mk" URL="$url" A2_DATA="$A2_DATA"
done

echo
echo "Products in $A2_DATA/products:"
for name in 0000000101 0000000102; do
	while read -r id; do
		d="$A2_DATA/products/$id"
		pols=$(jq -r '.properties["sar:polarizations"] // [] | join(",")' "$d/$id.stac.json")
		jq -r --arg pols "$pols" '
		    def r: . * 1000 | round / 1000;
		    (.location.coordinates[0]) as $ring |
		    "  \(.prod_name)  \(.level)  \($pols)  \(.dataset)",
		    "    footprint: lon \($ring | map(.[0]) | min | r)..\($ring | map(.[0]) | max | r), lat \($ring | map(.[1]) | min | r)..\($ring | map(.[1]) | max | r)"' \
		    "$d/$id.met.json"
		echo "    $d/: $(cd "$d" && ls | sed "s/^$id/ID/" | tr '\n' ' ')"
	done <"$orders/$name.ids"
done
echo
echo "Run again: nothing is redone.  Remove $A2_DATA to start over."
