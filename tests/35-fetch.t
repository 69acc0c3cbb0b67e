#!/bin/sh
# a2fetch against the loopback HTTP(S) stand-in tests/servers/httpd.py:
# plain, resumed, restarted and re-run downloads, every fault the server can
# inject (each ends verified or with its documented exit status and no
# file), netrc credentials that never leak, file://, https, --list, stdin.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
HOME=$T/home
export HOME
mkdir -p "$HOME"

S=$T/srv
mkdir -p "$S/root"
TT=$(cd "$T" && pwd -P)
head -c 1000000 /dev/urandom >"$S/root/data.zip"
cp "$S/root/data.zip" "$T/data.orig"
SUM=$(sha256sum "$S/root/data.zip" | cut -c1-64)
# the server's ETag: the first 16 hex digits of the sha256, quoted
etag() { printf '"%s"' "$(sha256sum "$1" | cut -c1-16)"; }

# start_server NAME [httpd.py options]: runs it in the background, killed at exit
start_server() {
	_n=$1; shift
	"$PY" "$A2_TOP/tests/servers/httpd.py" --root "$S/root" --port-file "$S/$_n.port" \
	    --log "$S/$_n.log" --faults "$S/$_n.faults" --password s3cret "$@" &
	at_exit "kill $!"
	wait_file "$S/$_n.port"
}
start_server http
P=$(cat "$S/http.port")
H=http://127.0.0.1:$P
L=$S/http.log
touch "$L"
# fetch: fast retries; the stall limit stays generous (a busy machine is
# not a stalled server) except where a stall is the point
fetch() { a2fetch --retry-delay 1 --timeout 20 "$@"; }
reset_log() { : >"$L"; : >"$S/http.faults"; }
nreq() { wc -l <"$L" | tr -d ' '; }
# logcol FILTER: one jq value per request, space separated
logcol() { jq -r "$1" "$L" | tr '\n' ' ' | sed 's/ $//'; }
queue() { printf '%s\n' "$@" >"$S/http.faults"; }
line() { printf '{"download":{"path":"%s","url":"%s","size":%s,"sha256":"%s","name":"%s"}}' "$1" "$2" "$3" "$4" "$5"; }
# state FILE URL NAME ETAG: the .part.json an interrupted run leaves
state() { printf '{"url":"%s","name":"%s","etag":%s,"last_modified":null,"size":1000000}\n' "$2" "$3" "$(printf '%s' "$4" | jq -Rs .)" >"$1"; }
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

# --- plain download -----------------------------------------------------
D=$T/d1
exits 0 "plain download" -- fetch -o "$D" "$H/data.zip"
same_file "$D/data.zip" "$T/data.orig" "bytes equal"
is "$(out)" "$(line "$TT/d1/data.zip" "$H/data.zip" 1000000 "$SUM" data.zip)" "JSON line"
is "$(jqf .sha256 "$D/.data.zip.a2fetch.json")" "$SUM" "record sha256 = sha256sum"
is "$(jqf '[.url,.name,.size,.etag]|join(" ")' "$D/.data.zip.a2fetch.json")" \
    "$H/data.zip data.zip 1000000 $(etag "$T/data.orig")" "record url, name, size, etag"
ok '[ ! -e "$D/data.zip.part" ] && [ ! -e "$D/data.zip.part.json" ] && no_temps "$D"' "no part, state or temp left"

reset_log
exits 0 "re-run with file and record" -- fetch -o "$D" "$H/data.zip"
is "$(out)" "$(line "$TT/d1/data.zip" "$H/data.zip" 1000000 "$SUM" data.zip)" "re-run prints the same line"
is "$(nreq)" 0 "re-run sends no request"

# a file without its record is not trusted
printf 'garbage' >"$D/data.zip"
rm "$D/.data.zip.a2fetch.json"
reset_log
exits 0 "file without record is fetched again" -- fetch -o "$D" "$H/data.zip"
same_file "$D/data.zip" "$T/data.orig" "re-fetched bytes equal"
is "$(logcol .status)" 200 "one full request"
# a record whose file changed size is stale
head -c 1000 "$T/data.orig" >"$D/data.zip"
reset_log
exits 0 "file not matching its record is fetched again" -- fetch -o "$D" "$H/data.zip"
same_file "$D/data.zip" "$T/data.orig" "bytes equal after stale record"

# --- resume ------------------------------------------------------------
D=$T/d2; mkdir -p "$D"
head -c 300000 "$T/data.orig" >"$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/data.orig")"
reset_log
exits 0 "resume a .part" -- fetch -o "$D" "$H/data.zip"
is "$(logcol '[.range,.if_range,.status,.sent]|map(tostring)|join(" ")')" \
    "bytes=300000- $(etag "$T/data.orig") 206 700000" "only the remainder is sent"
same_file "$D/data.zip" "$T/data.orig" "resumed bytes equal"
is "$(out | jq -r .download.sha256)" "$SUM" "resumed sha256 covers the old part"
ok '[ ! -e "$D/data.zip.part" ] && [ ! -e "$D/data.zip.part.json" ]' "part and state gone"

# reset mid-body without retries: 75, a .part but no file; the next run resumes
D=$T/d3
reset_log; queue reset:400000
exits 75 "reset mid-body, no retries: 75" -- fetch --retries 0 -o "$D" "$H/data.zip"
ok '[ ! -e "$D/data.zip" ] && [ -e "$D/data.zip.part" ]' "no file, a .part"
have=$(wc -c <"$D/data.zip.part" | tr -d ' ')
reset_log
exits 0 "next run resumes" -- fetch -o "$D" "$H/data.zip"
is "$(logcol '[.range,.sent]|map(tostring)|join(" ")')" "bytes=$have- $((1000000 - have))" "resumed where the part ended"
same_file "$D/data.zip" "$T/data.orig" "bytes equal after reset"

# faults a retry gets past within one run
for f in reset:200000 short:400000 stall:100000; do
	D=$T/f-${f%%:*}
	reset_log; queue "$f"
	exits 0 "$f then success" -- fetch --timeout 1 -o "$D" "$H/data.zip"
	same_file "$D/data.zip" "$T/data.orig" "$f: bytes equal"
	case $f in
	reset:*) is "$(logcol '.range != null')" "false true" "$f: second request resumes" ;;
	*) n=${f#*:}
	   is "$(logcol '[.range,.sent]|map(tostring)|join(" ")')" "null $n bytes=$n- $((1000000 - n))" \
	       "$f: second request sends only the rest" ;;
	esac
done

# 200 instead of 206: the part starts over
D=$T/d4; mkdir -p "$D"
head -c 300000 "$T/data.orig" >"$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/data.orig")"
reset_log; queue norange
exits 0 "server ignores Range" -- fetch -o "$D" "$H/data.zip"
is "$(logcol '[.status,.sent]|map(tostring)|join(" ")')" "200 1000000" "one full answer"
same_file "$D/data.zip" "$T/data.orig" "restarted bytes equal"
is "$(out | jq -r .download.sha256)" "$SUM" "restarted sha256"

# the file changed since the part was made (If-Range does its job)
D=$T/d5; mkdir -p "$D"
head -c 1000000 /dev/urandom >"$T/old"
head -c 300000 "$T/old" >"$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/old")"
reset_log
exits 0 "ETag changed" -- fetch -o "$D" "$H/data.zip"
is "$(logcol '[.status,.sent]|map(tostring)|join(" ")')" "200 1000000" "whole new body"
same_file "$D/data.zip" "$T/data.orig" "new bytes, no old part in them"
# ... and when the server ignores If-Range, the ETag of the 206 gives it away
head -c 300000 "$T/old" >"$D/x.part"
rm -f "$D/data.zip" "$D/.data.zip.a2fetch.json"
mv "$D/x.part" "$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/old")"
reset_log; queue noifrange
exits 0 "ETag changed, If-Range ignored" -- fetch -o "$D" "$H/data.zip"
is "$(logcol .status)" "206 200" "206 refused, whole body fetched"
same_file "$D/data.zip" "$T/data.orig" "no old part in the file"

# 416: a complete part is finished; a too-long one starts over
D=$T/d6; mkdir -p "$D"
cp "$T/data.orig" "$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/data.orig")"
reset_log
exits 0 "416 with a complete part" -- fetch -o "$D" "$H/data.zip"
is "$(logcol '[.status,.sent]|map(tostring)|join(" ")')" "416 0" "one 416"
is "$(out | jq -r .download.sha256)" "$SUM" "complete part verified"
D=$T/d7; mkdir -p "$D"
cat "$T/data.orig" "$T/data.orig" >"$D/data.zip.part"
state "$D/data.zip.part.json" "$H/data.zip" data.zip "$(etag "$T/data.orig")"
reset_log
exits 0 "416 with a too-long part" -- fetch -o "$D" "$H/data.zip"
is "$(logcol .status)" "416 200" "restarted after 416"
same_file "$D/data.zip" "$T/data.orig" "bytes equal after 416"

# --- faults that end in an error: exact status, no file -----------------
D=$T/e
reset_log
exits 1 "404" -- fetch -o "$D" "$H/nothing.zip"
is "$(err)" "a2fetch: $H/nothing.zip: HTTP 404" "404 message"
reset_log
exits 75 "500 every time: 75 after the retries" -- fetch --retries 2 -o "$D" "$H/data.zip?fault=status:500"
is "$(nreq)" 3 "three attempts"
is "$(err | tail -n 1)" "a2fetch: $H/data.zip?fault=status:500: HTTP 500; giving up after 3 attempts" "500 message"
reset_log; queue status:503 status:503
exits 0 "503, 503, then success" -- fetch -o "$D/b" "$H/data.zip"
is "$(logcol .status)" "503 503 200" "three requests"
same_file "$D/b/data.zip" "$T/data.orig" "bytes equal after 503s"
reset_log; queue status:429:1
exits 0 "429 with Retry-After" -- fetch -o "$D/c" "$H/data.zip"
is "$(err)" "a2fetch: $H/data.zip: HTTP 429; retrying in 60 ms" "Retry-After honoured up to the cap"
reset_log
exits 77 "403" -- fetch -o "$D" "$H/data.zip?fault=status:403"
exits 77 "401 without credentials" -- fetch -o "$D" "$H/data.zip?auth=basic"
is "$(err)" "a2fetch: $H/data.zip?auth=basic: HTTP 401 (no credentials for this host in ~/.netrc)" "401 message"
exits 77 "HTML login page" -- fetch -o "$D" "$H/data.zip?html=1"
is "$(err)" "a2fetch: $H/data.zip?html=1: got an HTML page instead of data (login required?)" "HTML message"
exits 75 "connection refused: 75" -- fetch --retries 1 -o "$D" "http://127.0.0.1:1/x.zip"
exits 1 "unknown source type" -- fetch -o "$D" nosuch:123
is "$(err)" "a2fetch: nosuch: unknown source type" "unknown source message"
ok '[ ! -e "$D/data.zip" ] && [ ! -e "$D/nothing.zip" ] && [ ! -e "$D/x.zip" ] && no_temps "$D"' "no file from any failure"

# --- names --------------------------------------------------------------
D=$T/n
exits 0 "quoted Content-Disposition" -- fetch -o "$D" "$H/data.zip?cd=%22quoted%20name.zip%22"
is "$(out | jq -r .download.name)" "quoted name.zip" "quotes stripped"
same_file "$D/quoted name.zip" "$T/data.orig" "saved under that name"
exits 0 "bare Content-Disposition" -- fetch -o "$D" "$H/data.zip?cd=bare.zip"
ok '[ -f "$D/bare.zip" ]' "saved as bare.zip"
exits 0 "directories in Content-Disposition" -- fetch -o "$D" "$H/data.zip?cd=%22../../evil.zip%22"
ok '[ -f "$D/evil.zip" ] && [ ! -e "$T/evil.zip" ]' "directories dropped"
exits 0 "Content-Disposition without a file name" -- fetch -o "$D/in" "$H/data.zip?cdraw=inline"
is "$(out | jq -r .download.name)" data.zip "name from the URL"
exits 0 "RFC 5987 filename*" -- fetch -o "$D" "$H/data.zip?cdraw=attachment%3B%20filename%3D%22plain.zip%22%3B%20filename*%3DUTF-8''star%2520name.zip"
is "$(out | jq -r .download.name)" "star name.zip" "filename* wins over filename"
exits 1 "Content-Disposition .." -- fetch -o "$D/dd" "$H/data.zip?cd=%22..%22"
ok 'empty_dir "$D/dd"' "no file for a refused name"
reset_log
exits 0 "re-run of a Content-Disposition name" -- fetch -o "$D" "$H/data.zip?cd=bare.zip"
is "$(nreq)" 0 "found by its record, no request"

# --- credentials --------------------------------------------------------
printf 'machine 127.0.0.1\nlogin alice\npassword s3cret\n' >"$T/netrc"
chmod 600 "$T/netrc"
for a in basic digest; do
	reset_log
	exits 0 "$a auth from netrc" -- fetch -v --netrc-file "$T/netrc" -o "$T/a-$a" "$H/data.zip?auth=$a"
	is "$(logcol '[.status,.auth_user,.auth_ok]|map(tostring)|join(" ")')" "401 null null 200 alice true" "$a: server saw alice"
	same_file "$T/a-$a/data.zip" "$T/data.orig" "$a: bytes equal"
	ok '! grep -q s3cret "$T/.err" "$T/.out" "$T/a-$a/.data.zip.a2fetch.json"' "$a: password in no output"
	ok 'grep -q "^a2fetch: > Authorization: (hidden)$" "$T/.err"' "$a: -v hides the Authorization header"
done
# Basic is not sent unasked: a 401 without a challenge is said to be one
reset_log
exits 77 "401 without a challenge" -- fetch --netrc-file "$T/netrc" -o "$T/a-bare" "$H/data.zip?auth=basic&nochallenge=1"
is "$(err)" "a2fetch: $H/data.zip?auth=basic&nochallenge=1: HTTP 401 without a challenge (no WWW-Authenticate header): no credentials sent" \
    "401 without a challenge said"
is "$(logcol '[.status,.auth_scheme]|map(tostring)|join(" ")')" "401 null" "one request, no credentials in it"
cp "$T/netrc" "$HOME/.netrc"
exits 0 "~/.netrc by default" -- fetch -o "$T/a-home" "$H/data.zip?auth=basic"
printf 'machine 127.0.0.1\nlogin alice\npassword wrong\n' >"$T/netrc2"
chmod 644 "$T/netrc2"
exits 77 "wrong password" -- env A2_NETRC="$T/netrc2" a2fetch --retry-delay 1 -o "$T/a-bad" "$H/data.zip?auth=digest"
is "$(err)" "a2fetch: $T/netrc2: readable by others; chmod 600 it
a2fetch: $H/data.zip?auth=digest: HTTP 401: credentials refused" "A2_NETRC used, mode warned, refusal said"
ok 'empty_dir "$T/a-bad"' "no file after refusal"
exits 0 "credentials in the URL are dropped" -- fetch -o "$T/a-url" "http://bob:hunter2@127.0.0.1:$P/data.zip"
ok '! grep -q hunter2 "$T/.err" "$T/.out" "$T/a-url/.data.zip.a2fetch.json"' "URL password in no output"
is "$(out | jq -r .download.url)" "$H/data.zip" "URL printed without credentials"

# --- other schemes, --list, stdin ---------------------------------------
exits 0 "file://" -- fetch -o "$T/fi" "file://$S/root/data.zip"
same_file "$T/fi/data.zip" "$T/data.orig" "file:// bytes equal"
is "$(out | jq -r .download.sha256)" "$SUM" "file:// sha256"
exits 1 "file:// missing" -- fetch -o "$T/fi" "file://$S/root/none.zip"
reset_log
exits 0 "dav:// is http" -- fetch -o "$T/dav" "dav://127.0.0.1:$P/data.zip"
is "$(out | jq -r .download.url)/$(logcol .status)" "dav://127.0.0.1:$P/data.zip/200" "dav URL kept, fetched over http"

reset_log
exits 0 "--list" -- fetch --list -o "$T/li" "$H/data.zip?cd=listed.zip"
is "$(out)" "{\"download\":{\"url\":\"$H/data.zip?cd=listed.zip\",\"size\":1000000,\"name\":\"listed.zip\"}}" "--list line"
is "$(logcol .method)" HEAD "--list sends only HEAD"
ok '[ ! -e "$T/li" ]' "--list writes nothing"
exits 0 "--list of file://" -- fetch --list "file://$S/root/data.zip"
is "$(out | jq -c .download)" "{\"url\":\"file://$S/root/data.zip\",\"size\":1000000,\"name\":\"data.zip\"}" "file:// --list line"

printf '{"id":"x1","download":{"url":"%s","note":"kept"}}\n{"source":"%s"}\n' "$H/data.zip" "$H/data.zip?cd=two.zip" >"$T/in.jsonl"
exits 0 "stdin records" -- sh -c 'a2fetch --retry-delay 1 -o "$1" <"$2"' sh "$T/st" "$T/in.jsonl"
is "$(out | jq -c '[.id, .download.note, .download.name, .download.sha256 == "'"$SUM"'", .source]')" \
    "[\"x1\",\"kept\",\"data.zip\",true,null]
[null,null,\"two.zip\",true,\"$H/data.zip?cd=two.zip\"]" "records passed on with download added"
exits 0 "--list | a2fetch" -- sh -c 'a2fetch --list "$1" | a2fetch -o "$2"' sh "$H/data.zip?cd=piped.zip" "$T/pipe"
same_file "$T/pipe/piped.zip" "$T/data.orig" "piped fetch bytes equal"

# --- https with a self-signed certificate -------------------------------
if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null; then
	start_server https --cert "$T/cert.pem" --key "$T/key.pem"
	HS=https://127.0.0.1:$(cat "$S/https.port")
	exits 0 "https with CURL_CA_BUNDLE" -- env CURL_CA_BUNDLE="$T/cert.pem" a2fetch -o "$T/tls" "$HS/data.zip"
	same_file "$T/tls/data.zip" "$T/data.orig" "https bytes equal"
	exits 1 "https without the CA" -- env -u CURL_CA_BUNDLE a2fetch --retries 0 -o "$T/tls2" "$HS/data.zip"
	ok 'empty_dir "$T/tls2"' "no file from an untrusted server"
else
	exits 0 "openssl req made a certificate" -- false
fi

# the network options every HTTP tool shares (http_option): a bad value
# names itself, for --timeout 0 too
exits 2 "--timeout 0: exit 2" -- a2fetch --timeout 0 -o "$T/x" "$H/data.zip"
is "$(err | head -1)" "a2fetch: 0: bad timeout" "--timeout 0: named"
exits 2 "--retries -1: exit 2" -- a2fetch --retries -1 -o "$T/x" "$H/data.zip"
is "$(err | head -1)" "a2fetch: -1: bad retry count" "--retries -1: named"
exits 2 "majapoll --retry-delay 3600001: exit 2" -- majapoll --retry-delay 3600001 x.json
is "$(err)" "majapoll: 3600001: bad retry delay (0 to 3600000)" "majapoll --retry-delay: range"
exits 2 "a2publish --retries: not an a2publish option" -- a2publish --retries 1 a b
ok '[ ! -e "$T/x" ]' "nothing written"

plan $_tap_n
done_testing
