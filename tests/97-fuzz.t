#!/bin/sh
# The libFuzzer harnesses of every parser (tests/fuzz/*.c, see mk/fuzz.mk):
# each replays the inputs that once crashed it (tests/fuzz/regress/NAME/)
# and then fuzzes briefly (A2_FUZZ_TIME seconds, default 3) from its seed
# corpus.  Needs clang with the libFuzzer runtime (Debian: clang-14 and
# libclang-rt-14-dev); `make fuzz FUZZ_TIME=600` is the long run.
. "$(dirname "$0")/lib.sh"

[ "${A2_VALGRIND:-0}" = 1 ] && skip_all "not under valgrind"
command -v clang >/dev/null || skip_all "clang needed"
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$T/t.c"
clang -fsanitize=fuzzer -o "$T/t" "$T/t.c" 2>/dev/null || skip_all "no libFuzzer runtime"

FB=${A2_FUZZ_BUILD:-$(dirname "$A2_BIN")-fuzz}
exits 0 "harnesses build" -- make -C "$A2_TOP" -j2 fuzz-build FUZZ_BUILD="$FB"
[ $_tap_fail = 0 ] || { sed 's/^/# /' "$T/.err" | tail -20 >&2; done_testing; }

# make fuzz itself, with FUZZ_BUILD absolute (as here): harnesses that
# write their input to a file (netrc, ceos_vol) get a TMPDIR that exists
exits 0 "make fuzz FUZZ_BUILD=/absolute/path" -- \
    make -C "$A2_TOP" --no-print-directory fuzz FUZZ="netrc ceos_vol" FUZZ_TIME=1 FUZZ_BUILD="$FB"
is "$(out | sed -n 's/^fuzz \([a-z_]*\) .* exit \([0-9]*\)$/\1 exit \2/p' | tr '\n' ' ')" \
    "netrc exit 0 ceos_vol exit 0 " "make fuzz: both harnesses ran to the end"
ok "[ ! -e '$FB/tmp' ]" "make fuzz: its TMPDIR removed"

ftime=${A2_FUZZ_TIME:-3}
mkdir "$T/tmp"
for src in "$A2_TOP"/tests/fuzz/*.c; do
	f=$(basename "$src" .c)
	bin="$FB/fuzz/$f"
	leak=1
	case $f in peps | sa_context) leak=0 ;; esac # they longjmp out of a2_die
	reg="$A2_TOP/tests/fuzz/regress/$f"
	if [ -d "$reg" ]; then
		exits 0 "$f: replays $(ls "$reg" | wc -l) inputs that once crashed it" -- \
		    env TMPDIR="$T/tmp" ASAN_OPTIONS=detect_leaks=$leak "$bin" -detect_leaks=$leak "$reg"/*
		grep -m3 'ERROR\|SUMMARY\|#[0-9] .* in [a-z]' "$T/.err" | sed 's/^/# /' >&2
	fi
	mkdir "$T/$f"
	exits 0 "$f: fuzzed ${ftime}s from its seeds without a crash" -- \
	    env TMPDIR="$T/tmp" ASAN_OPTIONS=detect_leaks=$leak "$bin" -max_total_time="$ftime" \
	    -timeout=10 -rss_limit_mb=2048 -detect_leaks=$leak -print_final_stats=1 \
	    -artifact_prefix="$T/$f-" "$T/$f" "$A2_TOP/tests/fuzz/corpus/$f"
	grep -m3 'ERROR\|SUMMARY' "$T/.err" | sed 's/^/# /' >&2
	diag "$f: $(sed -n 's/^stat::number_of_executed_units: *//p' "$T/.err") executions"
	ok "[ -z \"\$(ls '$T' | grep '^$f-')\" ]" "$f: no crash artifact"
done
done_testing
