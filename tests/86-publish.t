#!/bin/sh
# a2publish to a directory, to an S3-compatible store (s3rver) and to
# WebDAV (lighttpd + mod_webdav), all on loopback: the datasets layout of
# ingest-jobs.md §5.4, exact keys and bytes, no-clobber, the location in
# the catalog, and a publish killed midway leaving nothing that looks
# complete; --flat copies one directory as it is to the same kinds of
# destination.
. "$(dirname "$0")/lib.sh"
. "$A2_TOP/tests/servers/catalog-products.sh"

A=ALOS2015976960-140909-FBDR1.5GUA
B=ALOS2235320010-181219-WBDR1.1__D
P=$T/products
mkprod "$P" $A 10 0 11 1 2014-09-09T04:33:42.052000 2014-09-09T04:33:52.052000
mkprod "$P" $B 20 5 22 7 2018-12-19T01:00:00.000000 2018-12-19T01:00:10.500000 '"HH"'
printf 'zip of A\n' > "$P/$A/$A.zip"
printf 'png' > "$P/$A/IMG-HH-${A}_disp.browse.png"
printf 'small png' > "$P/$A/IMG-HH-${A}_disp.browse_small.png"
mkdir -p "$P/$A/tiles/HH/0/0"
printf 'tile' > "$P/$A/tiles/HH/0/0/0.png"
printf '{}' > "$P/$A/.a2tmp.json"
export A2_CATALOG="$T/catalog.gpkg"
DA=datasets/L1.5_geotiff/v0.2.4/2014/09/09/$A
BA=browse/L1.5_geotiff/v0.2.4/2014/09/09/$A
DB=datasets/alos2_slc/v0.1/2018/12/19/$B
FILES_A="$A.dataset.json $A.met.json $A.stac.json $A.zip IMG-HH-${A}_disp.browse.png IMG-HH-${A}_disp.browse_small.png tiles/HH/0/0/0.png"
want_files() {  # the files of A and B, relative to a root
	{ for f in $FILES_A; do echo "$DA/$f"; done
	  echo "$BA/IMG-HH-${A}_disp.browse.png"; echo "$BA/IMG-HH-${A}_disp.browse_small.png"
	  for f in $B.dataset.json $B.met.json $B.stac.json; do echo "$DB/$f"; done
	  # a directory root gets the STAC Catalog and Collections too
	  [ "${1:-}" = stac ] && printf '%s\n' catalog.json datasets/L1.5_geotiff/collection.json \
	    datasets/alos2_slc/collection.json; } | LC_ALL=C sort
}
same_tree() {  # ROOT: every published file has the product's bytes, the
	# Item (its links are those of the published tree) apart
	for f in $FILES_A; do
		[ "$f" = $A.stac.json ] || cmp -s "$P/$A/$f" "$1/$DA/$f" || return 1
	done
	[ "$(jq -c 'del(.links, .collection)' "$P/$A/$A.stac.json")" = \
	  "$(jq -c 'del(.links, .collection)' "$1/$DA/$A.stac.json")" ] || return 1
	cmp -s "$P/$A/IMG-HH-${A}_disp.browse.png" "$1/$BA/IMG-HH-${A}_disp.browse.png"
}
# kill_when TOP PATTERN CMD...: SIGKILLs CMD once a file under TOP matches
# PATTERN (find -path; polled): the publisher dies midway.
kill_when() {
	_top=$1 _f=$2; shift 2
	"$@" >/dev/null 2>&1 &
	_pid=$!
	_i=0
	until [ -n "$(find "$_top" -path "$_f" 2>/dev/null)" ] || [ $_i -gt 3000 ]; do
		_i=$((_i + 1)); sleep 0.01
	done
	kill -KILL $_pid 2>/dev/null
	wait $_pid 2>/dev/null
	[ $_i -le 3000 ]
}

# ---- a directory ----
R=$T/pub
# every file of a product directory is published, so a dot file (a stamp
# of another tool, a temporary) is refused: nothing goes out
exits 1 "dir: a dot file in the product dir: refused" -- a2publish "$R" "$P/$A"
is "$(err)" "a2publish: $P/$A/.a2tmp.json: a dot file in a product directory (a2 keeps its state under work/)" \
	"dir: the error names the dot file"
ok '[ ! -e "$R" ]' "dir: a dot file: nothing published"
rm "$P/$A/.a2tmp.json"
exits 0 "dir: publish A and B" -- a2publish "$R" "$P/$A" "$P/$B"
is "$(out | jq -c .)" "{\"publish\":{\"id\":\"$A\",\"location\":\"$R/$DA\"}}
{\"publish\":{\"id\":\"$B\",\"location\":\"$R/$DB\"}}" "dir: locations"
is "$(cd "$R" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" "$(want_files stac)" \
	"dir: exactly the datasets and browse files, the STAC Catalog and Collections"
ok 'same_tree "$R"' "dir: same bytes"
# the published Item's links lead to the root's catalog.json and
# datasets/TYPE/collection.json; no self link without a base URL
is "$(jq -c '[.collection, [.links[] | [.rel, .href]]]' "$R/$DA/$A.stac.json")" \
	'["L1.5_geotiff",[["root","../../../../../../../catalog.json"],["parent","../../../../../../../datasets/L1.5_geotiff/collection.json"],["collection","../../../../../../../datasets/L1.5_geotiff/collection.json"]]]' \
	"dir: the published Item's collection and links"
is "$(jq -c '[.links[] | [.rel, .href]]' "$R/datasets/L1.5_geotiff/collection.json")" \
	"[[\"root\",\"../../catalog.json\"],[\"parent\",\"../../catalog.json\"],[\"item\",\"../../$DA/$A.stac.json\"]]" \
	"dir: the Collection links the published Item"
is "$(a2catalog query | jq -r '"\(.id) \(.publish)"')" "$A $R/$DA
$B $R/$DB" "dir: locations recorded in the catalog"
a2catalog add "$P/$A" >/dev/null
is "$(a2catalog query --id $A | jq -r .publish)" "$R/$DA" "dir: a later add keeps the location"
exits 1 "dir: publishing again is refused" -- a2publish "$R" "$P/$A"
ok 'err | grep -q "$R/$DA: already published (--force replaces it)"' "dir: says so"
printf 'zip of A, v2\n' > "$P/$A/$A.zip"
exits 0 "dir: --force replaces it" -- a2publish --force "$R" "$P/$A"
same_file "$P/$A/$A.zip" "$R/$DA/$A.zip" "dir: the new bytes are there"
ok '[ -z "$(find "$R" -name ".*")" ]' "dir: no temporary left"

# killed midway: the product is not there, nor in the catalog
truncate -s 96M "$P/$B/$B.zip"
R2=$T/pub2
ok 'kill_when "$R2" "$R2/datasets/alos2_slc/v0.1/2018/12/19/.$B.tmp.*/$B.met.json" a2publish "$R2" "$P/$B"' \
	"dir: publish killed while copying"
ok '[ ! -e "$R2/$DB" ]' "dir: nothing under the product's name"
is "$(find "$R2" -name "$B.dataset.json" | wc -l)" 0 "dir: no completion marker anywhere"
host=$(tmp_host)
left=$(cd "$R2/${DB%/*}" && ls -A)
is "${left%.??????}" ".$B.tmp.$_pid@$host" "dir: the killed publisher's temporary directory, named after it"
# a publisher still running here, one on another host: theirs stay
mkdir "$R2/${DB%/*}/.$B.tmp.$$@$host.AbC123" "$R2/${DB%/*}/.$B.tmp.$_pid@elsewhere.example.DeF456"
exits 0 "dir: publish again after the kill" -- env A2_VERBOSE=1 a2publish "$R2" "$P/$B"
ok 'cmp -s "$P/$B/$B.zip" "$R2/$DB/$B.zip"' "dir: complete now"
ok 'err | grep -qxF "a2publish: removing $R2/${DB%/*}/$left, left by process $_pid"' "dir: the killed one's temporary directory removed, said with -v"
is "$(cd "$R2/${DB%/*}" && ls -A | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".$B.tmp.$$@$host.AbC123" ".$B.tmp.$_pid@elsewhere.example.DeF456" $B | LC_ALL=C sort | tr '\n' ' ')" \
    "dir: a running publisher's and another host's kept"
rmdir "$R2/${DB%/*}"/.$B.tmp.*

# ---- S3 (s3rver) ----
S3=$T/s3
start_s3 "$S3" bkt
export A2_S3_ENDPOINT=http://127.0.0.1:$(cat "$S3/port")
mkdir -p "$T/home/.aws"
printf '[default]\naws_access_key_id = nobody\naws_secret_access_key = x\n[a2]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n' \
	> "$T/home/.aws/credentials"
chmod 600 "$T/home/.aws/credentials"
s3pub() { env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY HOME="$T/home" AWS_PROFILE=a2 a2publish "$@"; }
s3keys() { (cd "$S3/data/bkt" && find . -name '*._S3rver_object' | sed 's|^\./||; s|\._S3rver_object$||' | LC_ALL=C sort); }
truncate -s 0 "$P/$B/$B.zip" && rm -f "$P/$B/$B.zip"
exits 0 "s3: publish A and B (credentials file, profile a2)" -- s3pub s3://bkt/aria/ "$P/$A" "$P/$B"
is "$(out | jq -r .publish.location)" "s3://bkt/aria/$DA
s3://bkt/aria/$DB" "s3: locations"
is "$(s3keys)" "$(want_files stac | sed 's|^|aria/|')" "s3: exactly the keys of the datasets layout, the STAC Catalog and Collections"
is "$(jq -c '[.links[] | [.rel, .href]]' "$S3/data/bkt/aria/datasets/alos2_slc/collection.json._S3rver_object")" \
	"[[\"root\",\"../../catalog.json\"],[\"parent\",\"../../catalog.json\"],[\"item\",\"../../$DB/$B.stac.json\"]]" \
	"s3: the uploaded Collection links the published Item"
ok 'cmp -s "$P/$A/$A.zip" "$S3/data/bkt/aria/$DA/$A.zip._S3rver_object" &&
	cmp -s "$P/$A/tiles/HH/0/0/0.png" "$S3/data/bkt/aria/$DA/tiles/HH/0/0/0.png._S3rver_object" &&
	cmp -s "$P/$A/$A.met.json" "$S3/data/bkt/aria/$DA/$A.met.json._S3rver_object"' "s3: objects hold the files' bytes"
is "$(a2catalog query --id $B | jq -r .publish)" "s3://bkt/aria/$DB" "s3: location recorded"
exits 1 "s3: publishing again is refused" -- s3pub s3://bkt/aria "$P/$A"
ok 'err | grep -q "s3://bkt/aria/$DA: already published"' "s3: says so"
exits 0 "s3: --force" -- s3pub -f s3://bkt/aria "$P/$A"
exits 77 "s3: unknown access key: refused" -- env HOME="$T/home" AWS_ACCESS_KEY_ID=nobody AWS_SECRET_ACCESS_KEY=x \
	a2publish s3://bkt/other "$P/$A"
exits 77 "s3: no credentials at all" -- env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY HOME="$T/nohome" \
	a2publish s3://bkt/other "$P/$A"
ok '! grep -rq S3RVER "$T/catalog.gpkg" && ! out | grep -q S3RVER' "s3: no secret in the catalog or output"
# killed midway: objects without the marker, nothing in the catalog
truncate -s 96M "$P/$B/$B.zip"
ok 'kill_when "$S3/data" "$S3/data/bkt/k/$DB/$B.met.json._S3rver_object" s3pub s3://bkt/k "$P/$B"' "s3: publish killed while uploading"
ok '[ ! -e "$S3/data/bkt/k/$DB/$B.dataset.json._S3rver_object" ]' "s3: no completion marker ($B.dataset.json)"
is "$(a2catalog query --id $B | jq -r .publish)" "s3://bkt/aria/$DB" "s3: the catalog still has the earlier location"
exits 0 "s3: publish again after the kill" -- s3pub s3://bkt/k "$P/$B"
ok 'cmp -s "$P/$B/$B.zip" "$S3/data/bkt/k/$DB/$B.zip._S3rver_object" &&
	[ -e "$S3/data/bkt/k/$DB/$B.dataset.json._S3rver_object" ]' "s3: complete now"
rm -f "$P/$B/$B.zip"

# ---- WebDAV (lighttpd) ----
W=$T/davsrv
mkdir -p "$W"
at_exit sh "$A2_TOP/tests/servers/catalog-dav.sh" stop "$W"
sh "$A2_TOP/tests/servers/catalog-dav.sh" start "$W" jdoe s3cret 2>"$T/dav.err" ||
	{ echo "Bail out! lighttpd did not start: $(cat "$T/dav.err")"; exit 1; }
DP=$(cat "$W/dav.port")
printf 'machine 127.0.0.1 login jdoe password s3cret\n' > "$T/netrc"
chmod 600 "$T/netrc"
exits 0 "dav: publish A and B" -- a2publish --netrc-file "$T/netrc" "dav://127.0.0.1:$DP/ariadav/" "$P/$A" "$P/$B"
is "$(out | jq -r .publish.location)" "dav://127.0.0.1:$DP/ariadav/$DA
dav://127.0.0.1:$DP/ariadav/$DB" "dav: locations"
is "$(cd "$(cat "$W/dav.root")/ariadav" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" "$(want_files stac)" \
	"dav: exactly the datasets and browse files, the STAC Catalog and Collections"
is "$(jq -c '[.links[] | [.rel, .href]]' "$(cat "$W/dav.root")/ariadav/datasets/L1.5_geotiff/collection.json")" \
	"[[\"root\",\"../../catalog.json\"],[\"parent\",\"../../catalog.json\"],[\"item\",\"../../$DA/$A.stac.json\"]]" \
	"dav: the uploaded Collection links the published Item"
ok 'same_tree "$(cat "$W/dav.root")/ariadav"' "dav: same bytes"
exits 1 "dav: publishing again is refused" -- a2publish --netrc-file "$T/netrc" "dav://127.0.0.1:$DP/ariadav" "$P/$A"
# a netrc libcurl would refuse ("Failed to open/read local data"): named, before any upload
printf 'machine 127.0.0.1 login jdoe\n  password "s3cret\n' > "$T/bad.netrc"
chmod 600 "$T/bad.netrc"
exits 2 "dav: malformed netrc: exit 2" -- a2publish --netrc-file "$T/bad.netrc" "dav://127.0.0.1:$DP/badnetrc" "$P/$A"
is "$(err)" "a2publish: $T/bad.netrc: netrc file: line 2: unterminated quote" "dav: malformed netrc: the file and line named"
ok '[ ! -e "$(cat "$W/dav.root")/badnetrc" ]' "dav: malformed netrc: nothing uploaded"
exits 77 "dav: without credentials: refused" -- env HOME="$T/nohome" a2publish "dav://127.0.0.1:$DP/other" "$P/$A"
ok '! grep -rq s3cret "$T/catalog.gpkg"' "dav: no password in the catalog"

# ---- --flat: one directory's files as they are, no catalog ----
F=$T/flat
mkdir -p "$F/sub"
printf 'tif' >"$F/a.tif"; printf '{}' >"$F/a.json"; printf 'bin' >"$F/sub/b.bin"; printf 't' >"$F/.x.tmp"
exits 1 "flat: a dot file: refused" -- a2publish --flat "$T/fpub/2019/BLK/" "$F"
ok '[ ! -e "$T/fpub" ]' "flat: a dot file: nothing published"
rm "$F/.x.tmp"
exits 0 "flat: to a directory" -- a2publish --flat "$T/fpub/2019/BLK/" "$F"
is "$(out)" "{\"publish\":{\"location\":\"$T/fpub/2019/BLK\",\"files\":3}}" "flat: location and file count"
is "$(cd "$T/fpub" && find . | sort | tr '\n' ' ')" ". ./2019 ./2019/BLK ./2019/BLK/a.json ./2019/BLK/a.tif ./2019/BLK/sub ./2019/BLK/sub/b.bin " \
	"flat: exactly the files"
ok 'cmp -s "$F/sub/b.bin" "$T/fpub/2019/BLK/sub/b.bin"' "flat: same bytes"
exits 1 "flat: publishing again is refused" -- a2publish --flat "$T/fpub/2019/BLK" "$F"
printf 'tif v2' >"$F/a.tif"
exits 0 "flat: --force replaces it" -- a2publish --flat -f "$T/fpub/2019/BLK" "$F"
same_file "$F/a.tif" "$T/fpub/2019/BLK/a.tif" "flat: the new bytes are there"
exits 2 "flat: one directory" -- a2publish --flat "$T/fpub/x" "$F" "$F"
exits 2 "flat: no catalog options" -- a2publish --flat -n "$T/fpub/x" "$F"
exits 1 "flat: nothing to publish" -- a2publish --flat "$T/fpub/y" "$T/nohome"
exits 0 "flat: to S3" -- s3pub -v --flat s3://bkt/mos//2019/BLK/ "$F"
is "$(out)" '{"publish":{"location":"s3://bkt/mos/2019/BLK","files":3}}' "flat s3: location"
is "$(s3keys | grep '^mos/' | tr '\n' ' ')" "mos/2019/BLK/a.json mos/2019/BLK/a.tif mos/2019/BLK/sub/b.bin " "flat s3: exactly these keys"
is "$(err | sed -n 's|^a2publish: PUT s3://bkt/mos/2019/BLK/\([^:]*\)$|\1|p' | tr '\n' ' ')" "a.tif sub/b.bin a.json " \
	"flat s3: JSON last"
ok 'cmp -s "$F/a.tif" "$S3/data/bkt/mos/2019/BLK/a.tif._S3rver_object"' "flat s3: same bytes"
exits 1 "flat s3: publishing again is refused" -- s3pub --flat s3://bkt/mos/2019/BLK "$F"
exits 0 "flat: to WebDAV" -- a2publish --flat --netrc-file "$T/netrc" "dav://127.0.0.1:$DP/fl/2019/BLK" "$F"
is "$(out | jq -r .publish.location)" "dav://127.0.0.1:$DP/fl/2019/BLK" "flat dav: location"
is "$(cd "$(cat "$W/dav.root")/fl" && find . -type f | sort | tr '\n' ' ')" "./2019/BLK/a.json ./2019/BLK/a.tif ./2019/BLK/sub/b.bin " \
	"flat dav: exactly the files"

exits 2 "unknown root scheme" -- a2publish ftp://example.org/x "$P/$A"
exits 2 "no product" -- a2publish "$R"
plan "$_tap_n"
done_testing
