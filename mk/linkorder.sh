#!/bin/sh
# mk/linkorder.sh CC LDLIBS...: prints, one path a line, the shared
# libraries the tools load (libgdal brings about 110), in the order that
# makes the dynamic linker's symbol lookups short; the GNUmakefile links
# them after LDLIBS, so this order becomes the global lookup scope.
#
# Why: every symbol binding at start-up walks the scope from its head until
# it finds a definition. In the default (breadth-first) order the C++
# libraries that bind most (xerces, GEOS, PROJ, poppler; mostly to their own
# symbols) sit deep in the scope, and start-up takes about 40 ms before
# main. Putting the libraries that receive the most bindings first makes
# every tool start about 3 times faster; it changes no library and no code.
#
# Safety: the executable's own libraries (LDLIBS) stay first and in their
# order, so its references resolve exactly as before. A symbol that two
# libraries define non-weakly (jansson and json-c both define
# json_object_get) keeps its original winner: that library stays before the
# others. The result is then checked: a probe linked both ways must bind
# every such symbol, for every referrer, to the same library. Anything
# unexpected (no LD_DEBUG, no nm, a check that fails) prints nothing, which
# leaves the default link.
set -u
cc=${1:?usage: linkorder.sh CC LDLIBS...}
shift
t=$(mktemp -d "${TMPDIR:-/tmp}/a2-linkorder.XXXXXX") || exit 0
trap 'rm -rf "$t"' EXIT
fail() { echo "linkorder.sh: $*; keeping the default library order" >&2; exit 0; }
command -v nm >/dev/null || fail "nm is missing"
echo 'int main(void) { return 0; }' > "$t/p.c"
"$cc" -o "$t/p0" "$t/p.c" -Wl,--no-as-needed "$@" -lc 2>"$t/err" || fail "probe link failed"

# the default scope: the loader's own list (breadth first), without the
# vdso and the loader itself
loaded() { LD_TRACE_LOADED_OBJECTS=1 "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'; }
loaded "$t/p0" > "$t/scope0" || fail "cannot list the probe's libraries"
[ -s "$t/scope0" ] || fail "the probe loads no library"
# the executable's direct libraries: the first entries of that list
ndirect=$(LC_ALL=C readelf -d "$t/p0" | grep -c '(NEEDED)')

# bindings received per library, at start-up (constructors included)
bindmap() { # BINARY OUT: "referrer symbol target" lines, the executable as EXE
	rm -f "$t"/bind.*
	LD_DEBUG=bindings LD_DEBUG_OUTPUT="$t/bind" "$1" || return 1
	cat "$t"/bind.* | sed -n "s/.*binding file \([^ ]*\) \[0\] to \([^ ]*\) \[0\]: normal symbol \`\([^']*\)'.*/\1 \3 \2/p" |
		awk -v exe="$1" '{ if ($1 == exe) $1 = "EXE"; if ($3 == exe) $3 = "EXE"; print }' | sort -u > "$2"
}
bindmap "$t/p0" "$t/map0" || fail "the probe did not run"
[ -s "$t/map0" ] || fail "LD_DEBUG=bindings printed nothing"

# symbols defined non-weakly by more than one library, with the library
# that wins in the default scope (the first that defines them at all)
while read -r lib; do
	nm -D --defined-only "$lib" 2>/dev/null | awk -v lib="$lib" 'NF == 3 && $2 != "A" {
		sub(/@.*/, "", $3); print $3, ($2 ~ /^[TDBRGSi]$/) ? "s" : "w", lib }'
done < "$t/scope0" > "$t/defs"
awk 'NR == FNR { pos[$1] = NR; next }
	{ n[$1]++; if ($2 == "s") strong[$1]++
	  if (!($1 in win) || pos[$3] < pos[win[$1]]) win[$1] = $3
	  defs[$1] = defs[$1] " " $3 }
	END { for (s in n) if (strong[s] > 1) {
		m = split(defs[s], d, " ")
		for (i = 1; i <= m; i++) if (d[i] != win[s]) print s, win[s], d[i] } }' \
	"$t/scope0" "$t/defs" | sort -u > "$t/dups"
# "before after" pairs between libraries
awk '{ print $2, $3 }' "$t/dups" | sort -u > "$t/edges"

# greedy order: the direct libraries as they are, then, among the libraries
# whose required predecessors are placed, the one receiving most bindings
awk -v nd="$ndirect" '
	FILENAME == ARGV[1] { order[++n] = $1; pos[$1] = n; next }
	FILENAME == ARGV[2] { cnt[$3]++; next }
	{ pred[$2] = pred[$2] " " $1 }
	END {
		for (i = 1; i <= nd && i <= n; i++) placed[order[i]] = 1
		for (k = nd + 1; k <= n; k++) {
			best = ""
			for (i = nd + 1; i <= n; i++) {
				l = order[i]
				if (l in placed) continue
				ok = 1; m = split(pred[l], p, " ")
				for (j = 1; j <= m; j++) if (!(p[j] in placed)) { ok = 0; break }
				if (ok && (best == "" || cnt[l] + 0 > cnt[best] + 0)) best = l
			}
			if (best == "") exit 1
			placed[best] = 1; print best
		}
	}' "$t/scope0" "$t/map0" "$t/edges" > "$t/order" || fail "the order constraints form a cycle"

# check: the same libraries, and every non-weak duplicate bound as before
"$cc" -o "$t/p1" "$t/p.c" -Wl,--no-as-needed "$@" -lc $(cat "$t/order") 2>"$t/err" || fail "reordered probe link failed"
loaded "$t/p1" > "$t/scope1" || fail "cannot list the reordered probe's libraries"
[ "$(sort "$t/scope0")" = "$(sort "$t/scope1")" ] || fail "the reordered probe loads other libraries"
bindmap "$t/p1" "$t/map1" || fail "the reordered probe did not run"
awk '{ print $1 }' "$t/dups" | sort -u > "$t/dupsyms"
changed=$(comm -3 "$t/map0" "$t/map1" | awk '{ print $2 }' | sort -u | comm -12 - "$t/dupsyms")
[ -z "$changed" ] || fail "symbols would bind elsewhere: $(echo $changed | cut -c1-200)"
cat "$t/order"
