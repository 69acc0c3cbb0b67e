#!/bin/sh
# a2fetch s3://BUCKET/KEY on a loopback S3-compatible store (s3rver):
# anonymous and SigV4-signed GETs, credentials from the environment or
# ~/.aws/credentials and never shown, a resumed .part, a part of another
# object started over, 403 and 404 as exit statuses.  s3rver checks the
# access key id of a SigV4 request (not its signature), so an unknown key
# is refused and a known one shows the request was signed with it.
. "$(dirname "$0")/lib.sh"

command -v node >/dev/null || skip_all "no node"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_REGION \
	AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE
HOME=$T/home
export HOME
mkdir -p "$HOME/.aws"
printf '[default]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\naws_session_token = TOKSECRET\n[bad]\naws_access_key_id = nobody\naws_secret_access_key = x\n' \
	>"$HOME/.aws/credentials"
chmod 600 "$HOME/.aws/credentials"

S3=$T/s3
start_s3 "$S3" bkt
export A2_S3_ENDPOINT=http://127.0.0.1:$(cat "$S3/port")

# the objects, uploaded by a2publish
F=$T/up
mkdir -p "$F/scene"
head -c 1000000 /dev/urandom >"$F/scene/a b.tif"
printf 'old bytes of c\n' >"$F/scene/c.tif"
exits 0 "objects uploaded" -- a2publish --flat s3://bkt/nrb "$F"
SUM=$(sha256sum "$F/scene/a b.tif" | cut -c1-64)
ETAG="\"$(md5sum "$F/scene/a b.tif" | cut -c1-32)\""
U='s3://bkt/nrb/scene/a b.tif'
line() { printf '{"download":{"path":"%s","url":"%s","size":%s,"sha256":"%s","name":"%s"}}' "$1" "$2" "$3" "$4" "$5"; }
DD=$(cd "$T" && pwd -P)
empty_dir() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }

# ---- signed (~/.aws/credentials, profile default, session token) ----
exits 0 "signed GET" -- a2fetch -v -o "$T/d1" "$U"
same_file "$T/d1/a b.tif" "$F/scene/a b.tif" "signed: the object's bytes"
is "$(out)" "$(line "$DD/d1/a b.tif" "$U" 1000000 "$SUM" "a b.tif")" "signed: JSON line, the s3:// URL"
is "$(jqf '[.url, .size, .sha256, .etag] | map(tostring) | join(" ")' "$T/d1/.a b.tif.a2fetch.json")" \
	"$U 1000000 $SUM $ETAG" "signed: record url (s3://), size, sha256, ETag"
is "$(err | grep -E '^a2fetch: > (GET|Authorization|x-amz-security-token|X-Amz-Security-Token|x-amz-content-sha256)' | sed 's/: [0-9a-f]\{64\}$/: HASH/')" \
	"a2fetch: > GET /bkt/nrb/scene/a%20b.tif HTTP/1.1
a2fetch: > Authorization: (hidden)
a2fetch: > x-amz-security-token: (hidden)
a2fetch: > x-amz-content-sha256: HASH" "signed: -v shows a signed GET, Authorization and the token hidden"
ok '! grep -rq "S3RVER\|TOKSECRET" "$T/.err" "$T/.out" "$T/d1"' "signed: no secret in the trace, output or record"
exits 0 "signed again: already verified" -- a2fetch -o "$T/d1" "$U"
is "$(out | jq -r .download.sha256)" "$SUM" "signed again: same sha256"

# ---- the environment's keys before the file's; a wrong key is refused ----
exits 77 "unknown access key: 77" -- env AWS_ACCESS_KEY_ID=nobody AWS_SECRET_ACCESS_KEY=x \
	a2fetch --retries 0 -o "$T/d2" "$U"
is "$(err)" "a2fetch: $U: HTTP 403: credentials refused" "unknown access key: one line"
exits 77 "profile bad: 77" -- env AWS_PROFILE=bad a2fetch --retries 0 -o "$T/d2" "$U"
ok '[ ! -e "$T/d2/a b.tif" ]' "refused: no file"

# ---- anonymous: no credentials, or --no-sign-request ----
exits 0 "anonymous GET (no credentials)" -- env HOME="$T/nohome" a2fetch -v -o "$T/d3" "$U"
same_file "$T/d3/a b.tif" "$F/scene/a b.tif" "anonymous: the object's bytes"
ok '! err | grep -qi "^a2fetch: > \(Authorization\|x-amz\)"' "anonymous: no Authorization or x-amz header sent"
exits 0 "--no-sign-request with credentials" -- env AWS_PROFILE=bad a2fetch -v --no-sign-request -o "$T/d4" "$U"
same_file "$T/d4/a b.tif" "$F/scene/a b.tif" "--no-sign-request: the object's bytes"
ok '! err | grep -qi "^a2fetch: > Authorization"' "--no-sign-request: unsigned"

# ---- 404 ----
exits 1 "missing key: 1" -- a2fetch --retries 0 -o "$T/d5" s3://bkt/nrb/scene/none.tif
is "$(err)" "a2fetch: s3://bkt/nrb/scene/none.tif: HTTP 404" "missing key: one line"
exits 1 "missing bucket: 1" -- a2fetch --retries 0 -o "$T/d5" s3://nobkt/x.tif
ok 'empty_dir "$T/d5"' "404: nothing kept"
exits 2 "no bucket: 2" -- a2fetch -o "$T/d5" s3:///x.tif
is "$(err)" "a2fetch: s3:///x.tif: no bucket" "no bucket: one line"

# ---- resume: a .part cut at 300000 bytes with the object's ETag ----
D=$T/d6
mkdir -p "$D"
head -c 300000 "$F/scene/a b.tif" >"$D/a b.tif.part"
printf '{"url":"%s","name":"a b.tif","etag":%s,"last_modified":null,"size":1000000}\n' "$U" \
	"$(printf '%s' "$ETAG" | jq -Rs .)" >"$D/a b.tif.part.json"
exits 0 "resume a cut download" -- a2fetch -v -o "$D" "$U"
ok 'err | grep -qx "a2fetch: > Range: bytes=300000-"' "resume: asked for the rest only"
ok 'err | grep -q "^a2fetch: < HTTP/1.1 206"' "resume: 206"
same_file "$D/a b.tif" "$F/scene/a b.tif" "resume: the object's bytes"
is "$(out | jq -r .download.sha256)" "$SUM" "resume: sha256 covers the old part"
ok '[ ! -e "$D/a b.tif.part" ] && [ ! -e "$D/a b.tif.part.json" ]' "resume: part and state gone"

# ---- a part of another version of the object: not kept, started over ----
D=$T/d7
mkdir -p "$D"
printf 'old bytes of c\n' >"$D/c.tif.part"
printf '{"url":"s3://bkt/nrb/scene/c.tif","name":"c.tif","etag":"\\"0123\\"","last_modified":null,"size":30}\n' \
	>"$D/c.tif.part.json"
printf 'new bytes of c, longer than before\n' >"$F/scene/c.tif"
exits 0 "object replaced" -- a2publish --flat -f s3://bkt/nrb "$F"
exits 0 "part of the old object" -- a2fetch -o "$D" s3://bkt/nrb/scene/c.tif
same_file "$D/c.tif" "$F/scene/c.tif" "old part: the new object's bytes only"
is "$(out | jq -r .download.size)" 35 "old part: the new size"

plan "$_tap_n"
done_testing
