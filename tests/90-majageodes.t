#!/bin/sh
# majasubmit --provider geodes and majapoll against the loopback GEODES
# STAC stand-in tests/servers/geodes.py: the search body (§14: collection,
# grid code, date overlap, relative orbit), pagination, the job record, and
# downloads through fetch with the X-API-Key header from a key file or
# netrc (none: 77, wrong: 77): sha256, verified files kept, a .part resumed
# with a Range request, the key never written anywhere (-v included) nor
# sent off the GEODES host (127.0.0.2 stands for another host), a size that
# differs from the catalogue's neither kept nor final.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v jq >/dev/null || skip_all "jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy A2_NETRC A2_GEODES_URL A2_GEODES_KEY_FILE
HOME=$T/home
export HOME
mkdir -p "$HOME"
cd "$T" || exit 1
TT=$(pwd -P)
export A2_RETRY_DELAY_MS=1

S=$T/srv
mkdir -p "$S/files"
i=0
for spec in "31TCJ 2017-07-03 51" "31TCJ 2017-07-08 8" "31TCJ 2017-07-13 51" "31TCJ 2017-08-02 51" \
    "31TCJ 2017-08-12 51" "31TCJ 2018-03-01 51" "31TCK 2017-07-03 51"; do
	set -- $spec
	i=$((i + 1))
	d=$(echo "$2" | tr -d -)
	id="SENTINEL2A_${d}-105903-455_L2A_T$1_C_V2-2"
	head -c $((50000 + i * 1000)) /dev/urandom >"$S/files/$id.zip"
	printf '{"id":"%s","tile":"%s","start":"%sT10:59:03Z","end":"%sT10:59:03Z","orbit":%s,"file":"%s.zip"}\n' \
	    "$id" "$1" "$2" "$2" "$3" "$id"
done | jq -s . >"$S/items.json"
"$PY" "$A2_TOP/tests/servers/geodes.py" --dir "$S" --port-file "$S/port" --log "$S/log" \
    --max-limit 2 --key k3y-0123456789 &
at_exit "kill $!"
wait_file "$S/port"
P=$(cat "$S/port")
H=http://127.0.0.1:$P
export A2_GEODES_URL=$H/api/stac
: >"$S/log"
count() { jq -c "select($1)" "$S/log" | grep -c . ; }
gsub() { majasubmit --provider geodes "$@"; }
ids() { jq -r '.items[].id[11:19]' "$1" | tr '\n' ' '; }

exits 0 "geodes search" -- gsub -o g.json -t T31TCJ -d 2017-07-01 -e 2017-12-31
is "$(ids g.json)" "20170703 20170708 20170713 20170802 20170812 " "5 items of the tile and period"
is "$(count '.path=="/api/stac/search"')" 3 "3 pages of at most 2"
is "$(jq -r '.body.page' "$S/log" | tr '\n' ' ')" "1 2 3 " "pages 1, 2, 3"
is "$(jq -c '.body | del(.page)' "$S/log" | sed -n 1p)" \
    '{"limit":80,"collections":["THEIA_REFLECTANCE_SENTINEL2_L2A"],"query":{"grid:code":{"contains":"T31TCJ"},"end_datetime":{"gte":"2017-07-01T00:00:00Z"},"start_datetime":{"lte":"2017-12-31T23:59:59Z"}},"sortBy":[{"field":"start_datetime","direction":"asc"}]}' \
    "search body (§14)"
is "$(jq -r '.ctype' "$S/log" | sort -u)" application/json "JSON content type"
is "$(jq -r '[.provider,.endpoint,.process,.tile,.start_date,.end_date,.orbit]|map(tostring)|join(" ")' g.json)" \
    "geodes $H/api/stac THEIA_REFLECTANCE_SENTINEL2_L2A 31TCJ 2017-07-01 2017-12-31 null" "record"
is "$(jq -c '.items[0].assets' g.json)" \
    "[{\"key\":\"data\",\"href\":\"$H/download/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V2-2.zip\",\"name\":\"SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V2-2.zip\",\"size\":51000}]" \
    "the data asset only, with name and size"
is "$(out)" "$(jq -c . g.json)" "record printed"

: >"$S/log"
exits 0 "geodes search with orbit" -- gsub -o g51.json -t 31TCJ -d 2017-07-01 -e 2017-12-31 -r 51
is "$(ids g51.json)" "20170703 20170713 20170802 20170812 " "4 items on orbit 51"
is "$(jq -c '.body.query."sat:relative_orbit"' "$S/log" | sort -u)" '{"eq":51}' "orbit in the query"
exits 1 "nothing found: 1" -- gsub -o none.json -t 30TXN -d 2017-07-01 -e 2017-12-31
ok "[ ! -e none.json ] && grep -q 'no THEIA_REFLECTANCE_SENTINEL2_L2A item for T30TXN' '$T/.err'" "message, no record"
exits 2 "end before start: 2" -- gsub -t 31TCJ -d 2017-07-01 -e 2017-06-01
exits 2 "--single is PEPS only: 2" -- gsub --single -t 31TCJ -d 2017-07-01 -e 2017-12-31
exits 75 "no server: 75" -- gsub --retries 1 --search-url http://127.0.0.1:1/api/stac -t 31TCJ -d 2017-07-01 -e 2017-12-31

# --- downloads -------------------------------------------------------------
: >"$S/log"
exits 77 "no API key: 77" -- majapoll --retries 1 -o dl g51.json
ok "grep -q 'no GEODES API key' '$T/.err'" "message"
is "$(count '.method=="GET"')" 0 "nothing asked without a key"
printf 'wrong-key\n' >bad.key
chmod 600 bad.key
exits 77 "wrong API key: 77" -- majapoll --retries 1 --key-file bad.key -o dl g51.json
is "$(count '.status==403')" 4 "403 for each asset"
ok "[ -z \"\$(ls -A dl 2>/dev/null)\" ]" "no file left"
printf 'k3y-0123456789\n' >geodes.key
chmod 600 geodes.key
: >"$S/log"
exits 0 "download with --key-file: 0" -- majapoll --key-file geodes.key -o dl g51.json
for id in $(jq -r '.items[].id' g51.json); do
	same_file "dl/$id.zip" "$S/files/$id.zip" "$id.zip downloaded"
done
is "$(count '.key_sent and .status==200')" 4 "4 GETs with the key"
is "$(out | jq -r 'select(.download) | .maja.state' | sort | uniq -c | tr -s ' ')" " 4 downloaded" "4 downloaded lines"
is "$(out | jq -r 'select(.download|not) | .maja | [.state,.results,.downloaded]|map(tostring)|join(" ")')" \
    "finished 4 4" "state line"
id=$(jq -r '.items[0].id' g51.json)
is "$(out | jq -r "select(.download.name==\"$id.zip\") | .download | [.path,.size]|map(tostring)|join(\" \")")" \
    "$TT/dl/$id.zip 51000" "download record"
is "$(out | jq -r "select(.download.name==\"$id.zip\") | .download.sha256")" \
    "$(sha256sum "$S/files/$id.zip" | cut -c1-64)" "sha256 of the download"
is "$(out | jq -r 'select(.download) | .download | keys_unsorted | join(" ")' | sort -u)" \
    "path url size sha256 name" "download keys"
ok "! grep -rq k3y-0123456789 g51.json dl \"$T/.out\" \"$T/.err\"" "the key is written nowhere"
: >"$S/log"
exits 0 "re-run: 0" -- majapoll --key-file geodes.key -o dl g51.json
is "$(count '.method=="GET"')" 0 "files of the catalogued size are not fetched again"
is "$(out | jq -r 'select(.download) | .maja.state' | sort -u)" present "present"
# a truncated file is fetched again
head -c 100 "$S/files/$id.zip" >"dl/$id.zip"
exits 0 "truncated file: fetched again" -- majapoll --key-file geodes.key -o dl g51.json
same_file "dl/$id.zip" "$S/files/$id.zip" "bytes equal again"
# key from netrc, through the environment
printf 'machine 127.0.0.1 login apikey password k3y-0123456789\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
exits 0 "API key from ~/.netrc" -- majapoll -o dl2 g51.json
same_file "dl2/$id.zip" "$S/files/$id.zip" "downloaded with the netrc key"
rm "$HOME/.netrc"
A2_GEODES_KEY_FILE=$T/geodes.key
export A2_GEODES_KEY_FILE
exits 0 "API key file from the environment" -- majapoll -o dl3 g51.json
unset A2_GEODES_KEY_FILE

# a .part left by an interrupted run is continued, not started over
url=$(jq -r '.items[0].assets[0].href' g51.json)
mkdir dl4
head -c 20000 "$S/files/$id.zip" >"dl4/$id.zip.part"
printf '{"url":"%s","name":"%s.zip","etag":null,"last_modified":null,"size":51000}\n' "$url" "$id" \
    >"dl4/$id.zip.part.json"
: >"$S/log"
exits 0 "resumed download: 0" -- majapoll -v --key-file geodes.key -o dl4 g51.json
same_file "dl4/$id.zip" "$S/files/$id.zip" "resumed file complete"
is "$(jq -r "select(.path==\"/download/$id.zip\") | [.range,.status]|map(tostring)|join(\" \")" "$S/log")" \
    "bytes=20000- 206" "one Range request for the rest"
is "$(out | jq -r "select(.download.name==\"$id.zip\") | [.maja.state,.download.size,.download.sha256]|join(\" \")")" \
    "downloaded 51000 $(sha256sum "$S/files/$id.zip" | cut -c1-64)" "sha256 covers the resumed bytes"
ok "[ ! -e dl4/$id.zip.part ] && [ ! -e dl4/$id.zip.part.json ] && no_temps dl4" "no .part or temp file left"
ok "grep -q '> X-API-Key: (hidden)' '$T/.err'" "-v shows the key header hidden"
ok "! grep -rq k3y-0123456789 dl4 \"$T/.out\" \"$T/.err\"" "the key is not in -v output or the records"

# --- the key goes to the GEODES host only ------------------------------------
# kept on that host's own redirects, dropped on one to another host (a
# presigned storage URL), never sent to an asset elsewhere
H2=http://127.0.0.2:$P
jq --arg h2 "$H2" '.items |= .[0:3]
    | .items[0].assets[0].href |= sub("/download/"; "/away/")
    | .items[1].assets[0].href |= sub("^http://[^/]*/download/"; $h2 + "/storage/")
    | .items[2].assets[0].href |= sub("/download/"; "/moved/")' g51.json >hosts.json
hops() { jq -r '[(.path|split("/")[1]), (.host|sub(":[0-9]+$"; "")), .key_sent, .status]|map(tostring)|join(" ")' \
    "$S/log" | tr '\n' ,; }
HOPS="away 127.0.0.1 true 302,storage 127.0.0.2 false 200,storage 127.0.0.2 false 200,moved 127.0.0.1 true 302,download 127.0.0.1 true 200,"
: >"$S/log"
exits 0 "assets on and off the GEODES host, --key-file: 0" -- majapoll --key-file geodes.key -o dl5 hosts.json
for hid in $(jq -r ".items[].id" hosts.json); do
	same_file "dl5/$hid.zip" "$S/files/$hid.zip" "$hid.zip downloaded from its host"
done
is "$(hops)" "$HOPS" "--key-file: the key to 127.0.0.1 only"
printf 'machine 127.0.0.1 login apikey password k3y-0123456789\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
: >"$S/log"
exits 0 "assets on and off the GEODES host, netrc key: 0" -- majapoll -o dl6 hosts.json
is "$(hops)" "$HOPS" "netrc: the key to 127.0.0.1 only"
rm "$HOME/.netrc"

# --- a file whose size differs from the catalogue's is not kept ---------------
jq '.items |= .[0:1] | .items[0].assets[0].size = 51001' g51.json >badsize.json
: >"$S/log"
exits 1 "size differs from the catalogue: 1" -- majapoll --key-file geodes.key -o dl7 badsize.json
is "$(err)" "majapoll: $url: got 51000 bytes where 51001 were expected: not kept" "size message"
ok "[ -z \"\$(ls -A dl7)\" ]" "no file under its name, no record, no .part"
: >"$S/log"
exits 1 "size differs, re-run: 1" -- majapoll --key-file geodes.key -o dl7 badsize.json
is "$(count '.method=="GET"')" 1 "the re-run fetches it again"
# a file of another size than the catalogue's, with its record (as earlier
# versions left it): fetched again, and not kept
exits 0 "downloaded as catalogued" -- majapoll --key-file geodes.key -o dl8 g51.json
: >"$S/log"
exits 1 "kept file of another size than the catalogue's: 1" -- majapoll --key-file geodes.key -o dl8 badsize.json
is "$(count '.method=="GET"')" 1 "kept file of another size: fetched again"
ok "[ ! -e dl8/$id.zip ] && [ ! -e dl8/.$id.zip.a2fetch.json ]" "kept file of another size: removed with its record"

plan "$_tap_n"
done_testing
