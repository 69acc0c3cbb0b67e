# tests/bench/fetch.sh (sourced by tests/bench/run): a2fetch against curl -o
# (the baseline) downloading 1 GiB from lighttpd on loopback, plus curl
# followed by sync (what a2fetch's fsync before the rename costs), and a
# resume check: a2fetch killed with SIGKILL half way, run again, must make
# lighttpd send only the remainder (its access log counts the bytes).
command -v lighttpd >/dev/null && command -v curl >/dev/null ||
	{ echo "bench: fetch: lighttpd and curl needed (make deps)" >&2; return 0; }
src=$BENCH_DIR/fetch-src
out=$BENCH_DIR/fetch-out
size=1073741824
if [ "$(stat -c %s "$src/big.zip" 2>/dev/null)" != $size ]; then
	echo "bench: fetch: writing 1 GiB of random bytes to $src" >&2
	mkdir -p "$src" && head -c $size /dev/urandom >"$src/big.zip.tmp" &&
		mv "$src/big.zip.tmp" "$src/big.zip" || return 1
fi
srv=$(mktemp -d "${TMPDIR:-/tmp}/a2bench-lighttpd.XXXXXX") || return 1
sh "$A2_TOP/tests/servers/fetch-lighttpd.sh" "$srv" "$src" || { rm -rf "$srv"; return 1; }
url=http://127.0.0.1:$(cat "$srv/port")/big.zip

# Each run starts empty, with earlier dirty pages written out.
prep="rm -rf '$out' && mkdir -p '$out' && sync"
bench_row fetch "curl -o" "$(bench_median "$prep" "curl -sf -o '$out/big.zip' '$url'")" base
bench_row fetch "a2fetch" "$(bench_median "$prep" "a2fetch --max-per-host 0 -o '$out' '$url'")"
bench_row fetch "a2fetch --no-sync" "$(bench_median "$prep" "a2fetch --no-sync --max-per-host 0 -o '$out' '$url'")"
bench_row fetch "curl -o; sync" "$(bench_median "$prep" "curl -sf -o '$out/big.zip' '$url' && sync '$out/big.zip'")"

# SIGKILL at 50%, then a rerun: lighttpd must send exactly the remainder.
eval "$prep"
: >"$srv/access.log"
a2fetch --max-per-host 0 -o "$out" "$url" >/dev/null 2>&1 &
pid=$!
i=0
while [ "$(stat -c %s "$out/big.zip.part" 2>/dev/null || echo 0)" -lt $((size / 2)) ] && [ $i -lt 60000 ]; do
	i=$((i + 1)); sleep 0.005
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
have=$(stat -c %s "$out/big.zip.part" 2>/dev/null || echo 0)
t0=$(date +%s.%N)
a2fetch --max-per-host 0 -o "$out" "$url" >"$out.json" 2>/dev/null
rc=$?
t1=$(date +%s.%N)
# lighttpd writes its access log about once a second; the killed request
# may be logged before or after the rerun's, which is the one with a Range
# (a bench may sleep: it asserts nothing a test relies on)
# (lines of the timed runs above may still come in first)
i=0
while ! grep -q '^GET /big.zip .* bytes=' "$srv/access.log" && [ $i -lt 1000 ]; do
	i=$((i + 1)); sleep 0.01
done
sleep 1.5   # one more flush: a second ranged request would show
ranged=$(grep -c '^GET /big.zip .* bytes=' "$srv/access.log")
sent=$(grep "^GET /big.zip 206 [0-9]* bytes=$have-\$" "$srv/access.log" | cut -d' ' -f4)
[ "$ranged" = 1 ] || sent="$sent (and $ranged ranged requests)"
sum_ok=$(jq -r --arg s "$(sha256sum "$src/big.zip" | cut -c1-64)" '.download.sha256 == $s' "$out.json" 2>/dev/null)
rm -f "$out.json"
if [ $rc = 0 ] && [ "$sent" = $((size - have)) ] && [ "$sum_ok" = true ]; then
	echo "bench: fetch: killed at $have bytes; the rerun got $sent bytes, exactly the remainder, sha256 verified" >&2
	bench_row fetch "a2fetch rest after kill" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')"
else
	echo "bench: fetch: RESUME FAILED: killed at $have bytes, rerun exit $rc, server sent ${sent:-?} bytes, sha256 ok: ${sum_ok:-?}" >&2
	bench_row fetch "a2fetch rest after kill" "FAILED"
fi
kill "$(cat "$srv/pid")" 2>/dev/null
rm -rf "$srv" "$out"
