#!/bin/sh
# Lays out a small archive of unpacked L1.1 data as alos2-scraper did on
# the NTU HPC (ingest-jobs.md §8), for the archive job's tests and bench:
#   slurm-archive-tree.sh DIR
# makes DIR/P026/F6960 (two FBD scenes sharing the folder), DIR/P135/F0010
# (a ScanSAR WBD scene) from a2synth products, each summary.txt renamed
# to <innerzip>.summary.txt, and prints the three product IDs.
set -eu
top=${1:?directory}
tmp=$top.synth
mkdir -p "$top" "$tmp"
n=0
for spec in "1597 6960 140909 FBD" "1804 6960 140923 FBD" "23532 10 181219 WBD"; do
	set -- $spec
	n=$((n + 1))
	a2synth --size tiny --level 1.1 --mode "$4" --package dir --orbit "$1" --frame "$2" \
	    --date "$3" -o "$tmp" > "$tmp/out.json"
	src=$(jq -r .path "$tmp/out.json")
	sid=$(jq -r .scene_id "$tmp/out.json")
	dst=$(printf '%s/P%03d/F%04d' "$top" $(((14 * $1 + 24) % 207)) "$2")
	mkdir -p "$dst"
	mv "$src/summary.txt" "$dst/0000054535_00100${n}_$sid.summary.txt"
	mv "$src"/* "$dst/"
	rmdir "$src"
	jq -r .id "$tmp/out.json"
done
rm -rf "$tmp"
