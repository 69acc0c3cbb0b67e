#!/bin/sh
# Secrets: the URL job (examples/url.mk) fetching an order behind Basic
# auth with the password in a netrc file (A2_NETRC).  While the download
# runs (a slow server), every process's argv and environment is sampled;
# afterwards the logs and every file of the data dir are searched.  The
# password, and the Basic header made from it, appear nowhere.
. "$(dirname "$0")/lib.sh"

command -v make >/dev/null && command -v jq >/dev/null && [ -x /usr/bin/python3 ] ||
    skip_all "make, jq and python3 needed"
cd "$T" || exit 1

PW="h15-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-Secr3t"
B64=$(printf 'alice:%s' "$PW" | base64 | tr -d '\n')
# patterns for grep -f: a secret never goes on a command line, not even grep's
printf '%s\n%s\n' "$PW" "$B64" >pat
umask 077
printf '%s\n' "$PW" >pwfile
printf 'machine 127.0.0.1\n  login alice\n  password %s\n' "$PW" >netrc
umask 022

mkdir src
a2synth --size tiny --level 1.1 --mode FBD --format CEOS --package order --items 2 \
    --order 0000022708 -o src >synth.jsonl
/usr/bin/python3 "$A2_TOP/tests/servers/faulty.py" --root src --port-file port --log server.log \
    --every 0 --user alice --password-file pwfile --slow 300 &
srv=$!
at_exit "kill $srv 2>/dev/null"
wait_file port || exit 1
URL="http://127.0.0.1:$(cat port)/0000022708.zip"
D="$T/data"

exits 77 "without credentials the server refuses (a2fetch exits 77)" -- \
    env A2_NETRC=/dev/null a2fetch -o "$T/nocred" "$URL"

A2_NETRC="$T/netrc" make -f "$A2_TOP/examples/url.mk" A2_BIN="$A2_BIN" A2_DATA="$D" -j2 \
    URL="$URL" V=1 >job.log 2>&1 &
job=$!
# sample every process's argv and environment until the job ends
samples=0 hits=0 during=0
while kill -0 $job 2>/dev/null; do
	# one grep over all of them: a sample is short, so there are many
	leaks=$(grep -lsaF -f pat /proc/[0-9]*/cmdline /proc/[0-9]*/environ | grep -v "^/proc/$srv/")
	for f in $leaks; do
		hits=$((hits + 1))
		diag "secret in $f: $(tr '\0' ' ' <"${f%/*}/cmdline" 2>/dev/null)"
	done
	samples=$((samples + 1))
	# a sample taken while an a2 tool was running
	pgrep -f "$A2_BIN/a2" >/dev/null && during=$((during + 1))
done
wait $job
is "$?" 0 "the job succeeded"
ok "[ $during -ge 3 ]" "argv and environ sampled while tools ran ($during of $samples samples)"
is "$hits" 0 "no password in any process's argv or environment"
is "$(grep -c '"status": 200' server.log)" 1 "the download was authenticated"
ok "grep -q '\"status\": 401' server.log" "and the first request was challenged"
for id in $(jq -r .id synth.jsonl); do
	ok "[ -s '$D/products/$id/$id.stac.json' ]" "$id: product made"
done
is "$(grep -rlF -f pat "$D" | tr '\n' ' ')" "" "no password in any file of the data dir"
is "$(grep -cF -f pat job.log)" 0 "no password in the job's log"
ok "grep -q 'a2fetch' job.log" "the log shows the commands (V=1)"
is "$(grep -rlF 'alice' "$D/products" | tr '\n' ' ')" "" "not even the login in the products"

# ftp with the netrc's password and -v: libcurl's trace shows the commands
# it sends, and PASS has no colon for the header rule to hide; a stand-in
# that asks for the password and refuses it
/usr/bin/python3 - "$T/ftpport" <<'PYEOF' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
c, _ = s.accept(); f = c.makefile("rwb")
c.sendall(b"220 stand-in\r\n")
for line in f:
    cmd = line.split(b" ")[0].strip().upper()
    if cmd == b"USER": c.sendall(b"331 password please\r\n")
    elif cmd == b"PASS": c.sendall(b"530 login incorrect\r\n"); break
    else: c.sendall(b"502 no\r\n")
c.close()
PYEOF
ftpsrv=$!
at_exit "kill $ftpsrv 2>/dev/null"
wait_file "$T/ftpport" || exit 1
exits 77 "ftp: the password refused, exit 77" -- \
    env A2_NETRC="$T/netrc" a2fetch -v --retries 0 -o "$T/ftpout" "ftp://127.0.0.1:$(cat "$T/ftpport")/x.zip"
ok "err | grep -qx 'a2fetch: > PASS (hidden)'" "ftp -v: the PASS command is shown hidden"
is "$(err | grep -cF -f pat)" 0 "ftp -v: no password in the trace"
done_testing
