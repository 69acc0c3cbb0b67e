# tests/lib.sh: TAP helpers for a2's tests (POSIX sh), sourced by tests/*.t.
#   plan N            print the plan
#   ok COND DESC      COND is a shell command; passes when it exits 0
#   is GOT WANT DESC  exact string comparison
#   exits CODE DESC -- CMD...  runs CMD, passes when it exits CODE
#   same_file A B DESC         byte-identical files
#   skip_all REASON
# Every test gets $T, a fresh temp dir removed at exit, and $A2_BIN on PATH.
set -u
: "${A2_TOP:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${A2_BIN:=$A2_TOP/build/bin}"
PATH="$A2_BIN:$PATH"
export PATH A2_TOP A2_BIN
# a test's make is its own: not silenced (-s) nor a -j member of the make
# that runs the suite
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
# The real JAXA product, by its physical path (tools print resolved paths).
REAL_ZIP="$(cd "$A2_TOP/../shared" 2>/dev/null && pwd -P)/data/real/0000022708_001001_ALOS2015976960-140909.zip"
T=$(mktemp -d "${TMPDIR:-/tmp}/a2test.XXXXXX")
_tap_n=0
_tap_fail=0
_cleanup_cmds=""
at_exit() { _cleanup_cmds="$*; $_cleanup_cmds"; }
trap 'eval "$_cleanup_cmds"; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

_tap_planned=0
plan() { echo "1..$1"; _tap_planned=1; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
_tap() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" = 0 ]; then echo "ok $_tap_n - $2"
	else echo "not ok $_tap_n - $2"; _tap_fail=$((_tap_fail + 1)); fi
}
diag() { printf '%s\n' "$@" | sed 's/^/# /' >&2; }
ok() {
	_c=$1; shift
	if eval "$_c"; then _tap 0 "$*"; else _tap 1 "$*"; diag "failed: $_c"; fi
}
is() {
	if [ "$1" = "$2" ]; then _tap 0 "$3"
	else _tap 1 "$3"; diag "got:  '$1'" "want: '$2'"; fi
}
exits() {
	_want=$1; _desc=$2; shift 2
	[ "$1" = "--" ] && shift
	"$@" >"$T/.out" 2>"$T/.err"; _got=$?
	if [ "$_got" = "$_want" ]; then _tap 0 "$_desc"
	else _tap 1 "$_desc"; diag "exit $_got, want $_want: $*"; sed 's/^/# stderr: /' "$T/.err" >&2; fi
}
# stdout / stderr of the last `exits`
out() { cat "$T/.out"; }
err() { cat "$T/.err"; }
same_file() {
	if cmp -s "$1" "$2"; then _tap 0 "$3"; else _tap 1 "$3"; diag "$1 and $2 differ"; fi
}
# jq on a file: jqf FILTER FILE
jqf() { jq -r "$1" "$2"; }
# Waits (polling, no fixed sleep) until FILE exists and is non-empty; used to
# read the port a loopback server writes once it listens.
wait_file() {
	_i=0
	while [ ! -s "$1" ]; do
		_i=$((_i + 1)); [ $_i -gt 2000 ] && { diag "timeout waiting for $1"; return 1; }
		sleep 0.01 2>/dev/null || :
	done
}
# start_s3 DIR BUCKET...: an S3-compatible store (s3rver, access key and
# secret S3RVER) serving DIR/data on loopback, stopped at exit; DIR/port
# holds its port.  Bails out when it does not start.
start_s3() {
	_s3=$1; shift
	mkdir -p "$_s3/data"
	node "$A2_TOP/tests/servers/catalog-s3.js" "$_s3/data" "$_s3/port" "$@" 2>"$_s3/log" &
	echo $! >"$_s3/pid"
	at_exit "kill \$(cat '$_s3/pid') 2>/dev/null"
	wait_file "$_s3/port" || { echo "Bail out! s3rver did not start: $(cat "$_s3/log")"; exit 1; }
}
# A HOME of the test's own (for ~/.netrc), and no proxy between the tools
# and the loopback servers.
own_home() {
	unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy A2_NETRC
	HOME=$T/home
	export HOME
	mkdir -p "$HOME"
}
# No temp files a2 writes may be left behind in DIR.
no_temps() { [ -z "$(find "$1" -name '*.tmp.*' 2>/dev/null)" ]; }
# For stale temps (.NAME.tmp.PID@HOST.X): this host's name as a2 writes it,
# and the pid of a process that has ended.
tmp_host() { uname -n | tr -c 'A-Za-z0-9.\n-' _ | cut -c1-64; }
dead_pid() { sh -c 'exit 0' & _dp=$!; wait $_dp; echo $_dp; }
# Prints the plan at the end when the test did not state one up front.
done_testing() { [ $_tap_planned = 1 ] || echo "1..$_tap_n"; [ $_tap_fail = 0 ]; exit $?; }
