#!/bin/sh
# mk/linkorder.sh: the order in which the tools that use GDAL name its
# ~110 libraries. Same libraries, symbols two libraries define bound as in
# the default order (jansson and json-c both define json_object_get),
# fewer symbol-table probes at start-up; anything it cannot check leaves
# the default order (nothing printed).
. "$(dirname "$0")/lib.sh"

command -v readelf >/dev/null && command -v nm >/dev/null || skip_all "binutils missing"
LIBS=$(make -s --no-print-directory -C "$A2_TOP" ldlibs) || skip_all "make ldlibs failed"
cd "$T" || exit 1

exits 0 "linkorder.sh: exit 0" -- sh "$A2_TOP/mk/linkorder.sh" cc $LIBS
out >order
n=$(wc -l <order)
ok '[ "$n" -ge 50 ]' "a library a line ($n)"
ok '[ -z "$(while read -r l; do [ -f "$l" ] || echo "$l"; done <order)" ]' "every line is a library file"
is "$(sort order | uniq -d)" "" "no library twice"
is "$(grep -c -E '/lib(gdal|c|m|jansson)\.so' order)" 0 \
	"the tools' own libraries are not in it (they stay first)"

# the same probe as the script's, linked both ways
cat >p.c <<'EOF'
#include <jansson.h>
int main(void) { json_t *o = json_object(); int r = json_object_get(o, "k") != NULL; json_decref(o); return r; }
EOF
cc -o p0 p.c -Wl,--no-as-needed $LIBS -lc
cc -o p1 p.c -Wl,--no-as-needed $LIBS -lc $(cat order)
libs() { LD_TRACE_LOADED_OBJECTS=1 "$1" | awk '$2 == "=>" { print $3 }'; }
is "$(libs ./p1 | sort)" "$(libs ./p0 | sort)" "the same libraries load"
nd=$(readelf -d p0 | grep -c '(NEEDED)')
is "$(libs ./p1 | sed -n "$((nd + 1))p")" "$(sed -n 1p order)" \
	"after the probe's own $nd libraries, the scope follows the order"
bound() { # BINARY SYMBOL: the library the executable's SYMBOL binds to
	rm -f b.*
	LD_DEBUG=bindings LD_DEBUG_OUTPUT="$T/b" "$1" >/dev/null 2>&1
	sed -n "s/.*binding file [^ ]*$(basename "$1") \[0\] to \([^ ]*\) \[0\]: normal symbol \`$2'.*/\1/p" b.* | xargs -n1 basename
}
is "$(bound ./p1 json_object_get)" libjansson.so.4 "json_object_get binds to jansson, not json-c"
probes() { rm -f s.*; LD_DEBUG=symbols LD_DEBUG_OUTPUT="$T/s" "$1"; cat s.* | grep -c 'lookup in file='; }
p0=$(probes ./p0) p1=$(probes ./p1)
ok '[ $((p1 * 10)) -lt $((p0 * 8)) ]' "fewer symbol-table probes at start-up ($p0 -> $p1)"

# what cannot be checked leaves the default order
exits 0 "a compiler that fails: exit 0" -- sh "$A2_TOP/mk/linkorder.sh" false $LIBS
is "$(out)" "" "nothing printed"
is "$(err)" "linkorder.sh: probe link failed; keeping the default library order" "and said why"

# the built tools (not under the sanitizers or valgrind's wrappers)
fp=$A2_BIN/a2footprint
if [ "${A2_SAN:-0}" = 1 ] || [ "${A2_VALGRIND:-0}" = 1 ]; then
	for i in 1 2; do _tap 0 "a2footprint # SKIP sanitizer or valgrind build keeps the default order"; done
else
	is "$(readelf -d "$fp" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | grep -c xerces)" 1 \
		"a2footprint names the GDAL libraries itself"
	a2synth -s 3 --size 64x64 --level 2.1 --package dir -o "$T/s" >/dev/null
	rm -f b.*
	LD_DEBUG=bindings LD_DEBUG_OUTPUT="$T/b" a2footprint "$T"/s/*/ >/dev/null 2>&1
	is "$(sed -n "s/.*binding file [^ ]*a2footprint \[0\] to \([^ ]*\) \[0\]: normal symbol \`json_.*/\1/p" b.* | sort -u | xargs -n1 basename)" \
		libjansson.so.4 "a2footprint's json_* calls all go to jansson"
fi

plan "$_tap_n"
done_testing
