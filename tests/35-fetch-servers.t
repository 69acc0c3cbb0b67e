#!/bin/sh
# a2fetch against real servers started on loopback: lighttpd with mod_webdav
# and Basic and Digest auth (dav://, http://, resume counted at the server),
# vsftpd for anonymous ftp (download, REST resume, a changed file, a
# directory listing); and the per-host connection cap across processes.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v lighttpd >/dev/null && command -v vsftpd >/dev/null && command -v curl >/dev/null ||
    skip_all "lighttpd, vsftpd and curl needed (make deps)"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy ftp_proxy FTP_PROXY
HOME=$T/home
export HOME
mkdir -p "$HOME"
TT=$(cd "$T" && pwd -P)
SV=$A2_TOP/tests/servers
R=$T/root
mkdir -p "$R/basic" "$R/digest" "$R/dav"
head -c 1000000 /dev/urandom >"$R/data.zip"
for d in basic digest dav; do cp "$R/data.zip" "$R/$d/"; done
SUM=$(sha256sum "$R/data.zip" | cut -c1-64)
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }
fetch() { a2fetch --retry-delay 1 --timeout 20 "$@"; }
# state FILE URL LASTMOD ETAG: the .part.json an interrupted run leaves
state() { printf '{"url":"%s","name":"data.zip","etag":%s,"last_modified":%s,"size":1000000}\n' "$2" "$4" "$3" >"$1"; }

# --- lighttpd ------------------------------------------------------------
sh "$SV/fetch-lighttpd.sh" "$T/lt" "$R" alice 's3 cret' || exit 1
at_exit "kill $(cat "$T/lt/pid")"
LP=$(cat "$T/lt/port")
AL=$T/lt/access.log
# access PATH N: lighttpd's GET lines for PATH once it has flushed N of them
access() {
	_i=0
	while [ "$(grep -c "^GET $1 " "$AL" 2>/dev/null)" -lt "$2" ]; do
		_i=$((_i + 1)); [ $_i -gt 1000 ] && break
		sleep 0.01
	done
	grep "^GET $1 " "$AL" | cut -d' ' -f3- | tr '\n' '|'
}
printf 'machine 127.0.0.1\nlogin alice\npassword "s3 cret"\n' >"$T/netrc"
chmod 600 "$T/netrc"

exits 0 "dav:// with Digest" -- fetch --netrc-file "$T/netrc" -o "$T/l1" "dav://127.0.0.1:$LP/digest/data.zip"
same_file "$T/l1/data.zip" "$R/data.zip" "bytes equal"
is "$(out)" "{\"download\":{\"path\":\"$TT/l1/data.zip\",\"url\":\"dav://127.0.0.1:$LP/digest/data.zip\",\"size\":1000000,\"sha256\":\"$SUM\",\"name\":\"data.zip\"}}" "JSON line keeps the dav URL"
is "$(access /digest/data.zip 2)" "401 347 -|200 1000000 -|" "challenged, then one full answer"
exits 0 "http:// with Basic" -- fetch --netrc-file "$T/netrc" -o "$T/l2" "http://127.0.0.1:$LP/basic/data.zip"
same_file "$T/l2/data.zip" "$R/data.zip" "Basic: bytes equal"
exits 0 "WebDAV location" -- fetch -o "$T/l3" "dav://127.0.0.1:$LP/dav/data.zip"
same_file "$T/l3/data.zip" "$R/data.zip" "WebDAV: bytes equal"
exits 77 "Digest without credentials" -- fetch -o "$T/l4" "dav://127.0.0.1:$LP/digest/data.zip"
printf 'machine 127.0.0.1\nlogin alice\npassword wrong\n' >"$T/netrc.bad"
chmod 600 "$T/netrc.bad"
exits 77 "Digest with a wrong password" -- fetch --netrc-file "$T/netrc.bad" -o "$T/l4" "dav://127.0.0.1:$LP/digest/data.zip"
is "$(err)" "a2fetch: dav://127.0.0.1:$LP/digest/data.zip: HTTP 401: credentials refused" "refusal said"
ok 'empty_dir "$T/l4"' "no file after refusal"
exits 1 "404" -- fetch -o "$T/l4" "http://127.0.0.1:$LP/none.zip"

# resume: lighttpd's own ETag in If-Range; the server sends only the rest
ETAG=$(curl -sI "http://127.0.0.1:$LP/data.zip" | sed -n 's/^ETag: *//Ip' | tr -d '\r')
mkdir -p "$T/l5"
head -c 300000 "$R/data.zip" >"$T/l5/data.zip.part"
state "$T/l5/data.zip.part.json" "http://127.0.0.1:$LP/data.zip" null "$(printf '%s' "$ETAG" | jq -Rs .)"
exits 0 "resume against lighttpd" -- fetch -o "$T/l5" "http://127.0.0.1:$LP/data.zip"
is "$(access /data.zip 1)" "206 700000 bytes=300000-|" "lighttpd sent only the remaining 700000 bytes"
same_file "$T/l5/data.zip" "$R/data.zip" "resumed bytes equal"
is "$(out | jq -r .download.sha256)" "$SUM" "resumed sha256"

# --- vsftpd -------------------------------------------------------------
F=$T/ftproot
mkdir -p "$F/sub"
cp "$R/data.zip" "$F/data.zip"
head -c 1234 /dev/urandom >"$F/other.zip"
sh "$SV/fetch-vsftpd.sh" "$T/ftp" "$F" || exit 1
at_exit "kill $(cat "$T/ftp/pid")"
FP=$(cat "$T/ftp/port")
FU=ftp://127.0.0.1:$FP
# downloads DESC: the byte counts vsftpd logged, once it has logged N
downloads() {
	_i=0
	while [ "$(grep -c 'OK DOWNLOAD' "$T/ftp/vsftpd.log")" -lt "$1" ]; do
		_i=$((_i + 1)); [ $_i -gt 1000 ] && break
		sleep 0.01
	done
	sed -n 's/.*OK DOWNLOAD: Client "127.0.0.1", "\([^"]*\)", \([0-9]*\) bytes.*/\1 \2/p' "$T/ftp/vsftpd.log" | tr '\n' '|'
}
exits 0 "ftp anonymous" -- fetch -o "$T/f1" "$FU/data.zip"
same_file "$T/f1/data.zip" "$R/data.zip" "ftp: bytes equal"
is "$(out | jq -c '[.download.url, .download.size, .download.sha256 == "'"$SUM"'"]')" "[\"$FU/data.zip\",1000000,true]" "ftp JSON line"
is "$(downloads 1)" "/data.zip 1000000|" "one whole transfer"
MT=$(jq -r .last_modified "$T/f1/.data.zip.a2fetch.json")
is "$MT" "$(stat -c %Y "$F/data.zip")" "the record keeps the MDTM time as validator"

mkdir -p "$T/f2"
head -c 300000 "$R/data.zip" >"$T/f2/data.zip.part"
state "$T/f2/data.zip.part.json" "$FU/data.zip" "\"$MT\"" null
exits 0 "ftp resume (REST)" -- fetch -o "$T/f2" "$FU/data.zip"
is "$(downloads 2)" "/data.zip 1000000|/data.zip 700000|" "vsftpd sent only the remaining 700000 bytes"
same_file "$T/f2/data.zip" "$R/data.zip" "ftp resumed bytes equal"
is "$(out | jq -r .download.sha256)" "$SUM" "ftp resumed sha256"

mkdir -p "$T/f3"
head -c 300000 /dev/urandom >"$T/f3/data.zip.part"
state "$T/f3/data.zip.part.json" "$FU/data.zip" '"1"' null
exits 0 "ftp file changed since the part" -- fetch -o "$T/f3" "$FU/data.zip"
# (the resumed attempt may be cut before vsftpd logs it as complete: what
# counts is that a second whole-file download followed)
_i=0
while [ "$(grep -c 'OK DOWNLOAD.*", 1000000 bytes' "$T/ftp/vsftpd.log")" -lt 2 ] && [ $_i -lt 1000 ]; do
	_i=$((_i + 1)); sleep 0.01
done
is "$(downloads 3 | tr '|' '\n' | grep -c '^/data.zip 1000000$')" 2 "refused the old part, fetched it whole"
same_file "$T/f3/data.zip" "$R/data.zip" "no old bytes in the file"

exits 1 "ftp missing file" -- fetch -o "$T/f4" "$FU/none.zip"
is "$(err)" "a2fetch: $FU/none.zip: no such file" "missing file said"
ok 'empty_dir "$T/f4"' "no file"
exits 0 "--list of an ftp directory" -- fetch --list "$FU/"
is "$(out)" "{\"download\":{\"url\":\"$FU/data.zip\",\"size\":1000000,\"name\":\"data.zip\"}}
{\"download\":{\"url\":\"$FU/other.zip\",\"size\":1234,\"name\":\"other.zip\"}}" "its files, the sub-directory left out"

# --- per-host connection cap ------------------------------------------------
# With a cap of 1, a second a2fetch waits while the first is stalled, and
# goes on once the first gives up.
S=$T/srv
mkdir -p "$S"
"$PY" "$SV/httpd.py" --root "$R" --port-file "$S/port" --log "$S/log" --faults "$S/faults" &
at_exit "kill $!"
wait_file "$S/port"
H=http://127.0.0.1:$(cat "$S/port")
touch "$S/log"
printf 'stall:1000\n' >"$S/faults"
export A2_LOCK_DIR="$T/locks"
a2fetch --max-per-host 1 --retries 0 --timeout 3 -o "$T/c1" "$H/data.zip" >/dev/null 2>"$T/c1.err" &
A=$!
i=0; until [ -s "$S/log" ]; do i=$((i + 1)); [ $i -gt 2000 ] && break; sleep 0.01; done
a2fetch -v --max-per-host 1 --retry-delay 1 -o "$T/c2" "$H/data.zip" >"$T/c2.out" 2>"$T/c2.err" &
B=$!
i=0; until grep -q 'already: waiting' "$T/c2.err"; do i=$((i + 1)); [ $i -gt 2000 ] && break; sleep 0.01; done
is "$(grep -c . "$S/log")" 1 "while the first transfer holds the slot, the second sends nothing"
is "$(grep -o 'a2fetch: .*waiting' "$T/c2.err")" "a2fetch: $H/data.zip: 1 transfers from 127.0.0.1 already: waiting" "the second says it waits"
wait $A; is $? 75 "the stalled first gives up: 75"
wait $B; is $? 0 "the second then completes"
same_file "$T/c2/data.zip" "$R/data.zip" "second: bytes equal"
is "$(jq -r '[.fault, .sent] | map(tostring) | join(" ")' "$S/log" | tr '\n' '|')" "stall:1000 1000|null 1000000|" "one transfer after the other"

plan $_tap_n
done_testing
