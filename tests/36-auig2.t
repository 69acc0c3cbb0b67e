#!/bin/sh
# a2fetch auig2:ORDER against the loopback AUIG2 stand-in (OpenAM form
# login, cookies, redirects, Content-Disposition with and without quotes),
# every way a login can fail (77, never a saved "zip"), resume through the
# session, --context credentials, and examples/auig2.mk on a lumped order:
# two products, a rerun that does nothing, and no password in any process's
# argv or environment while the job runs.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
HOME=$T/home
export HOME
mkdir -p "$HOME"
TT=$(cd "$T" && pwd -P)
# A password with what needs quoting in a netrc and escaping in a form.
PW='pa ss"w&rd=1'

# A lumped order: two per-scene zips in one order zip.
a2synth --size tiny --level 1.5 --mode FBD --format CEOS --package order --items 2 \
    --order 0000054535 -o "$T/synth" >"$T/synth.jsonl"
S=$T/srv
mkdir -p "$S/root"
cp "$T/synth/0000054535.zip" "$S/root/"
SUM=$(sha256sum "$S/root/0000054535.zip" | cut -c1-64)
SIZE=$(wc -c <"$S/root/0000054535.zip" | tr -d ' ')
"$PY" "$A2_TOP/tests/servers/auig2.py" --root "$S/root" --port-file "$S/port" --log "$S/log" \
    --faults "$S/faults" --control "$S/control" --password "$PW" &
SRV=$!
at_exit "kill $SRV"
wait_file "$S/port"
P=$(cat "$S/port")
A2_AUIG2_URL=http://127.0.0.1:$P
export A2_AUIG2_URL
L=$S/log
touch "$L"
DL="$A2_AUIG2_URL/pp/service/download?downloadurl=/start/download/file&itemname=0000054535&itemtype=1"
reset_log() { : >"$L"; : >"$S/faults"; }
# logcol FILTER: one jq value per request, space separated
logcol() { jq -r "$1" "$L" | tr '\n' ' ' | sed 's/ $//'; }
control() { printf '%s\n' "$1" >"$S/control"; }
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }
netrc() { printf 'machine 127.0.0.1\nlogin %s\npassword "%s"\n' "$1" "$(printf '%s' "$2" | sed 's/["\\]/\\&/g')" >"$T/netrc"; chmod 600 "$T/netrc"; }
fetch() { a2fetch --retry-delay 1 --timeout 20 --netrc-file "$T/netrc" "$@"; }

# --- login and download -------------------------------------------------
netrc alice "$PW"
control '{}'
reset_log
exits 0 "auig2 order" -- fetch -o "$T/d1" auig2:0000054535
same_file "$T/d1/0000054535.zip" "$S/root/0000054535.zip" "bytes equal"
is "$(out)" "{\"download\":{\"path\":\"$TT/d1/0000054535.zip\",\"url\":\"$DL\",\"size\":$SIZE,\"sha256\":\"$SUM\",\"name\":\"0000054535.zip\",\"source\":\"auig2:0000054535\",\"auig2\":{\"order_id\":\"0000054535\"}}}" "JSON line"
is "$(logcol '[.method,.path,(.cookies//[]|join(","))]|join(" ")' | tr ' ' _)" \
    "GET_/openam/UI/Login__POST_/openam/UI/Login_AMAuthCookie_GET_/auig2/_AMAuthCookie,iPlanetDirectoryPro_GET_/0000054535.zip_" \
    "form page, login with its cookie, redirect, download with the session"
is "$(jq -r 'select(.method=="POST")|[.user,.login]|join(" ")' "$L")" "alice ok" "login accepted"
ok '! grep -qF "$PW" "$T/.err" "$T/.out" "$L" "$T/d1/.0000054535.zip.a2fetch.json"' "password in no output, log or record"
reset_log
exits 0 "rerun" -- fetch -o "$T/d1" auig2:0000054535
is "$(jq -c .download.sha256 "$T/.out")" "\"$SUM\"" "rerun prints the verified file"
is "$(logcol .path | grep -c zip)" 0 "rerun downloads nothing"

control '{"cd":"bare"}'
exits 0 "Content-Disposition without quotes" -- fetch -o "$T/d2" auig2:0000054535
is "$(out | jq -r .download.name)" 0000054535.zip "same name without quotes"
same_file "$T/d2/0000054535.zip" "$S/root/0000054535.zip" "bare: bytes equal"
control '{}'

# reset mid-body: resumed with the same session, only the rest sent
reset_log
HALF=$((SIZE / 2))
printf 'reset:%s\n' $HALF >"$S/faults"
exits 0 "reset mid-body, resumed" -- fetch -o "$T/d3" auig2:0000054535
is "$(logcol 'select(.path=="/0000054535.zip")|[.range,.sent]|map(tostring)|join(" ")' | tr ' ' _)" \
    "null_${HALF}_bytes=$HALF-_$((SIZE - HALF))" "second request sends only the rest"
same_file "$T/d3/0000054535.zip" "$S/root/0000054535.zip" "resumed bytes equal"

# --- a login that did not take is 77 and leaves no file --------------------
netrc alice wrong
reset_log
exits 77 "wrong password" -- fetch -o "$T/e1" auig2:0000054535
is "$(err)" "a2fetch: $A2_AUIG2_URL/openam/UI/Login: login refused (the login form came back)" "refusal said"
is "$(logcol '.login // empty')" refused "server refused the login"
is "$(logcol .path | grep -c zip)" 0 "no download tried"
ok 'empty_dir "$T/e1"' "no file"
netrc alice "$PW"
for m in redirect html nocd; do
	control "{\"expire\":true,\"unauth\":\"$m\"}"
	exits 77 "lapsed session, download answered by $m" -- fetch -o "$T/e-$m" auig2:0000054535
	ok 'empty_dir "$T/e-$m"' "$m: no file"
done
is "$(grep -o 'redirected.*\|HTML page.*\|no Content-Disposition.*' "$T/.err")" \
    "no Content-Disposition file name (login refused?)" "nocd: missing Content-Disposition said"
control '{}'
printf 'machine other.example\nlogin alice\npassword x\n' >"$T/netrc"
exits 77 "no credentials for the host" -- fetch -o "$T/e2" auig2:0000054535
is "$(err)" "a2fetch: $A2_AUIG2_URL/openam/UI/Login: no credentials for 127.0.0.1 in $T/netrc" "missing credentials said"
exits 2 "bad order id" -- fetch -o "$T/e2" "auig2:12/34"
exits 0 "--list needs no login" -- fetch --list auig2:0000054535
is "$(out)" "{\"download\":{\"url\":\"$DL\",\"source\":\"auig2:0000054535\",\"auig2\":{\"order_id\":\"0000054535\"}}}" "--list line"

# --- _context.json: obfuscated password into a private netrc ---------------
obfuscate() { "$PY" -c 'import sys; s=sys.argv[1]; print("".join(chr(ord(c)+(i%3)-1) for i,c in enumerate(s)), end="")' "$1"; }
OBF=$(obfuscate "$PW")
mkdir -p "$T/job"
jq -n --arg o 0000054535 --arg u alice --arg p "$OBF" \
    '{auig2_orderid:$o, auig2_username:$u, auig2_password:$p}' >"$T/job/_context.json"
chmod 600 "$T/job/_context.json"
rm -f "$T/netrc"
exits 0 "--context" -- a2fetch --retry-delay 1 --context "$T/job/_context.json" -o "$T/c1" auig2:0000054535
same_file "$T/c1/0000054535.zip" "$S/root/0000054535.zip" "--context: bytes equal"
is "$(stat -c %a "$T/job/.a2fetch.netrc")" 600 "private netrc is 0600"
is "$(cat "$T/job/.a2fetch.netrc")" "machine 127.0.0.1 login \"alice\" password \"pa ss\\\"w&rd=1\"" "private netrc holds the decoded password"
U8=$(printf 'a\303\251\360\237\230\200b')
mkdir -p "$T/u8"
jq -n --arg p "$(obfuscate "$U8")" '{auig2_username:"u", auig2_password:$p}' >"$T/u8/c.json"
exits 0 "--context with a non-ASCII password" -- a2fetch --context "$T/u8/c.json" --list auig2:1
is "$(sed 's/.*password //' "$T/u8/.a2fetch.netrc")" "\"$U8\"" "decoded by code point, not by byte"

# --- the job: a lumped order, context, no password in any argv -----------
D=$T/data
job() { make -f "$A2_TOP/examples/auig2.mk" A2_BIN="$A2_BIN" A2_DATA="$D" "$@"; }
exits 2 "job without an order: usage" -- job
ok "grep -q 'usage: make -f examples/auig2.mk ORDER=' '$T/.err'" "usage names ORDER"
printf '%s\n%s\n' "$PW" "$OBF" >"$T/pw.pat"
reset_log
printf 'slow:600\n' >"$S/faults"
(cd "$T/job" && job CONTEXT=_context.json >"$T/job.out" 2>&1; echo $? >"$T/job.rc") &
JOB=$!
# While the download runs, every process's argv and environment.
i=0
until grep -q '"/0000054535.zip"' "$L" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 3000 ] && break
	sleep 0.01
done
# one grep each, so the scan is over while the download still runs; the
# stand-in server, given the password to check, is not one of ours
# (the passwords to look for come from a file: grep's own argv is scanned too)
if [ "${A2_VALGRIND:-0}" = 1 ]; then
	# under valgrind a tool's comm is memcheck's, the tool an argument
	seen=$(for c in $(grep -lsx 'memcheck-.*' /proc/[0-9]*/comm); do
		tr '\0' '\n' <"${c%comm}cmdline"; done 2>/dev/null | grep -c '/a2fetch$')
else
	seen=$(grep -lsx a2fetch /proc/[0-9]*/comm | wc -l)
fi
# (nor is any other test's stand-in: the suite runs tests side by side)
standins=$(grep -lsa 'tests/servers/' /proc/[0-9]*/cmdline | sed 's|/cmdline$||' | tr '\n' '|')
: "${standins:=/none|}"
leaks=$(grep -lsaF -f "$T/pw.pat" /proc/[0-9]*/cmdline /proc/[0-9]*/environ | grep -v "^/proc/$SRV/" |
	grep -vE "^(${standins%|})/" | tr '\n' ' ')
leak=0
[ -z "$leaks" ] || leak=1
ok '[ $seen -ge 1 ]' "a2fetch was running during the scan"
is "$leak" 0 "no password (plain or obfuscated) in any argv or environment"
[ -z "$leaks" ] || diag "in:$leaks"
wait $JOB
is "$(cat "$T/job.rc")" 0 "job with CONTEXT ran"
[ "$(cat "$T/job.rc")" = 0 ] || sed 's/^/# job: /' "$T/job.out" >&2
for id in $(jq -r .id "$T/synth.jsonl"); do
	for f in zip met.json dataset.json stac.json; do
		ok "[ -s '$D/products/$id/$id.$f' ]" "$id.$f"
	done
	is "$(jq -r .download_source "$D/products/$id/$id.met.json")" "$DL" "$id: download_source"
done
is "$(ls "$D/products" | wc -l | tr -d ' ')" 2 "a lumped order of two scenes: two products"
ok '! grep -qF -e "$PW" -e "$OBF" "$T/job.out" && ! grep -rqF -e "$PW" -e "$OBF" "$D"' "no password in the job's output or data"
reset_log
exits 0 "rerun of the job" -- sh -c 'cd "$1" && shift && make "$@"' sh "$T/job" -f "$A2_TOP/examples/auig2.mk" A2_BIN="$A2_BIN" A2_DATA="$D" CONTEXT=_context.json
ok 'grep -q "Nothing to be done" "$T/.out"' "rerun: nothing to be done"
is "$(nreq=$(wc -l <"$L"); echo $nreq)" 0 "rerun: no request to the portal"

plan $_tap_n
done_testing
