#!/bin/sh
# mk/nrb-keys.sh W KEYS URLS ITEMS: the keys of examples/nrb.mk's lists,
# run by make when it reads the job (so that the keys are current before
# any key's makefile is read).  URLS and ITEMS are files or empty; blank
# lines and # comments are skipped.  A URL list's NRB files (named as
# palsar2-scansar-nrb.md §2 says; query and fragment left out) go to the
# key of their scene prefix P, anything else (a zip) to zip-HASH; each
# Item to item-HASH (HASH: 16 hex digits of the line's SHA-256).  Writes
# W/nrb-KEY/urls.txt (URL keys) or W/nrb-KEY/item.url (Items) and KEYS
# (make syntax), each replaced only when it changes, so that a rerun of
# the same lists remakes nothing.  Prints nothing; exits 1 on an error.
set -u
w=$1 keys=$2 urls=$3 items=$4

list() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^#/d' -e '/^$/d' "$1"; }
hash() { printf '%s' "$1" | sha256sum | cut -c1-16; }
# replace FILE.tmp's content into FILE unless it is the same
settle() { if cmp -s "$1.tmp" "$1"; then rm -f "$1.tmp"; else mv -f "$1.tmp" "$1"; fi; }
prefix() {
	printf '%s\n' "$1" | sed -e 's/[?#].*//' -e 's|.*/||' |
	    sed -n -E 's/^(ALOS2[0-9]{9}-[0-9]{6})[-_]((WB|WW|VB)[SD][LR]2\.2GU[AD])(_((HH|HV|VV|VH)_SLP|LIN|MSK)\.tif|_summary\.xml|\.kml)$/\1_\2/p'
}

for f in "$urls" "$items"; do
	[ -z "$f" ] || [ -r "$f" ] || { echo "examples/nrb.mk: $f: cannot read the list" >&2; exit 1; }
done
mkdir -p "$(dirname "$keys")" || exit 1
{
	echo '# made from the lists by mk/nrb-keys.sh'
	if [ -n "$urls" ]; then
		list "$urls" | while IFS= read -r line; do
			p=$(prefix "$line")
			printf '%s\t%s\n' "${p:-zip-$(hash "$line")}" "$line"
		done | sort -s -k1,1 >"$keys.urls" || exit 1
		cut -f1 "$keys.urls" | uniq | while read -r k; do
			mkdir -p "$w/nrb-$k" || exit 1
			awk -F '\t' -v k="$k" '$1 == k { print $2 }' "$keys.urls" >"$w/nrb-$k/urls.txt.tmp" &&
			    settle "$w/nrb-$k/urls.txt" || exit 1
			echo "A2_NRB_KEYS += nrb-$k"
		done || exit 1
		rm -f "$keys.urls"
	fi
	if [ -n "$items" ]; then
		list "$items" | while IFS= read -r line; do
			k=item-$(hash "$line")
			mkdir -p "$w/nrb-$k" && printf '%s\n' "$line" >"$w/nrb-$k/item.url.tmp" &&
			    settle "$w/nrb-$k/item.url" || exit 1
			echo "A2_NRB_KEYS += nrb-$k"
		done || exit 1
	fi
} >"$keys.tmp" || exit 1
settle "$keys"
