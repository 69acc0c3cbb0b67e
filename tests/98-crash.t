#!/bin/sh
# Crash consistency: the URL job (examples/url.mk) SIGKILLed at random
# moments inside every tool, then run again.  A kill point is "the Nth
# tool call of the run, D ms after the real tool started": a shim counts
# calls and, on the Nth, starts the tool and kills make's whole process
# group after the delay (or as soon as the tool is done, if sooner, before
# make saw it end).  After each kill nothing under a final name may be
# half written: every product and work file is byte-identical to the
# uninterrupted run's, the catalog lists only complete products; the
# rerun ends with the same products and no temp files (a2unpack and
# a2catalog remove those the killed run left).
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
command -v setsid >/dev/null && command -v perl >/dev/null && command -v flock >/dev/null ||
    skip_all "setsid, flock and perl needed"
cd "$T" || exit 1

TOOLS="a2fetch a2unpack a2classify a2footprint a2pack a2md a2catalog"
mkdir shim
for t in $TOOLS; do
	cat >"shim/$t" <<EOF
#!/bin/sh
# counts calls; on call \$(cat $T/kill.at) kills the job's process group
n=\$(flock "$T/calls.log" sh -c 'echo "$t" >>"$T/calls.log"; wc -l <"$T/calls.log"')
if [ -s "$T/kill.at" ] && [ "\$n" = "\$(cat "$T/kill.at")" ]; then
	echo "$t" >"$T/killed.in"
	"$A2_BIN/$t" "\$@" &
	perl -e 'my (\$p, \$ms) = @ARGV; my \$t = 0;
	    while (\$t < \$ms && waitpid(\$p, 1) == 0) { select(undef, undef, undef, 0.001); \$t++ }
	    kill "KILL", -getpgrp()' "\$!" "\$(cat "$T/kill.ms")"
fi
exec "$A2_BIN/$t" "\$@"
EOF
	chmod +x "shim/$t"
done

D="$T/data"
job() { make -f "$A2_TOP/examples/url.mk" A2_BIN="$T/shim" A2_DATA="$D" -j2 URL="$URL" "$@"; }
a2synth --size tiny --level 1.1 --mode FBD --format CEOS --package order --items 2 \
    --order 0000022708 -o "$T/src" >synth.jsonl
URL="file://$T/src/0000022708.zip"
IDS=$(jq -r .id synth.jsonl)

# The reference run: its files (catalog and download records aside, which
# hold times) and its number of tool calls.
: >calls.log
exits 0 "uninterrupted run" -- job
ncalls=$(wc -l <calls.log)
ok "[ $ncalls -ge 10 ]" "reference run made $ncalls tool calls"
is "$(sort -u calls.log | tr '\n' ' ')" "a2catalog a2classify a2fetch a2footprint a2md a2pack a2unpack " \
    "every tool ran"
# (anything inside a temp file or dir is no file make could take for done)
files() { (cd "$D" && find products work -type f ! -path '*.tmp*' | LC_ALL=C sort); }
mkdir ref && cp -a "$D/." ref/
files >ref.files

# kill points: every call of the run (so every tool), then random calls
# up to A2_CRASH_POINTS, each with a delay of 0 to 60 ms, drawn from a
# seed that is printed (set A2_CRASH_SEED to replay a run)
seed=${A2_CRASH_SEED:-$(date +%s)}
npoints=${A2_CRASH_POINTS:-24}
diag "kill delays seeded with A2_CRASH_SEED=$seed"
points=$(awk -v n="$ncalls" -v s="$seed" -v m="$npoints" 'BEGIN { srand(s);
	for (i = 1; i <= m; i++) printf "%d:%d\n", i <= n ? i : 1 + int(rand() * n), int(rand() * 60) }')
nkill=0 survived=0 tools_hit=""
for p in $points; do
	at=${p%:*} ms=${p#*:}
	rm -rf "$D" killed.in
	: >calls.log
	echo "$at" >kill.at
	echo "$ms" >kill.ms
	setsid make -f "$A2_TOP/examples/url.mk" A2_BIN="$T/shim" A2_DATA="$D" -j2 URL="$URL" \
	    >/dev/null 2>&1 &
	pid=$!
	wait "$pid" 2>/dev/null
	rc=$?
	# every process of the killed run gone (reaped) before the rerun looks
	# at what they left (make's group: setsid made it its leader)
	i=0
	while kill -0 -- "-$pid" 2>/dev/null && [ $i -lt 2000 ]; do
		i=$((i + 1)); sleep 0.01
	done
	tool=$(cat killed.in 2>/dev/null || echo none)
	: >kill.at
	nkill=$((nkill + 1))
	tools_hit="$tools_hit $tool"
	what="kill $nkill (call $at, $tool, +${ms}ms)"
	# make died by SIGKILL (128+9 from the shell)
	is "$rc" 137 "$what: the job was killed"
	# nothing under a final name is half written
	bad=""
	for f in $( [ -d "$D" ] && (cd "$D" && find products work -type f ! -path '*.tmp*' 2>/dev/null)); do
		if ! grep -qxF "$f" ref.files; then
			bad="$bad extra:$f"
		elif ! cmp -s "$D/$f" "ref/$f"; then
			bad="$bad differs:$f"
		fi
	done
	is "$bad" "" "$what: every file under its final name is complete"
	# the catalog lists exactly the complete products
	cat_bad=""
	for id in $IDS; do
		complete=yes
		for e in zip met.json dataset.json stac.json; do
			cmp -s "$D/products/$id/$id.$e" "ref/products/$id/$id.$e" 2>/dev/null || complete=no
		done
		if [ -f "$D/catalog.gpkg" ] && A2_CATALOG="$D/catalog.gpkg" a2catalog has "$id" >/dev/null 2>&1; then
			[ $complete = yes ] || cat_bad="$cat_bad $id"
		fi
	done
	is "$cat_bad" "" "$what: the catalog has only complete products"
	# run again: the same products, nothing left over
	exits 0 "$what: rerun" -- job
	diff=$(files | diff - ref.files)
	same=yes
	for f in $(cat ref.files); do cmp -s "$D/$f" "ref/$f" || { same=no; diag "$f differs"; }; done
	is "$same$diff" yes "$what: rerun gives the same files, byte for byte"
	is "$(find "$D/products" -name '*.tmp*' | wc -l)" 0 "$what: no temp files left in products/"
	is "$(find "$D/products" -mindepth 1 -name '.*' | wc -l)" 0 "$what: no dot file in products/"
	is "$(cd "$D" && find . -maxdepth 3 \( -name '.catalog.gpkg.tmp.*' -o -path './work/*/.*.tmp.*' -type d \) | wc -l)" 0 \
	    "$what: no temp dir of a2unpack, no temp catalog left"
	stale=$(find "$D" -name '*.tmp*' -prune | sed "s|^$D/||")
	[ -z "$stale" ] || diag "$what: left behind: $stale"
	n=0
	for id in $IDS; do A2_CATALOG="$D/catalog.gpkg" a2catalog has "$id" >/dev/null 2>&1 && n=$((n + 1)); done
	is "$n" 2 "$what: the catalog has both products"
	[ "$same$diff" = yes ] && [ $n = 2 ] && survived=$((survived + 1))
done
hit=$(printf '%s\n' $tools_hit | grep -v none | LC_ALL=C sort -u | tr '\n' ' ')
is "$hit" "a2catalog a2classify a2fetch a2footprint a2md a2pack a2unpack " "kills landed inside every tool"
diag "kill points: $nkill, survived: $survived"
done_testing
