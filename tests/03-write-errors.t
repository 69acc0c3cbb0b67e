#!/bin/sh
# Output that does not reach its destination is a failure: every tool that
# writes standard output, with it on a full device (/dev/full), exits 1
# naming the output and the reason; a closed pipe stops a tool at its first
# record instead of letting it work on; and files the tool writes are not
# left half-written.  (The job on a full file system: 70-url-job.t.)
. "$(dirname "$0")/lib.sh"

[ -w /dev/full ] || skip_all "no /dev/full"
command -v jq >/dev/null || skip_all "jq needed"
PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
unset A2_NETRC A2_MAJA_WPS_URL A2_MAJA_SEARCH_URL A2_HYP3_URL A2_HYP3_LOGIN_URL A2_HYP3_TOKEN_FILE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
HOME=$T/home
export HOME
mkdir -p "$HOME"
cd "$T" || exit 1
TT=$(pwd -P)

FULL="cannot write to standard output (/dev/full): No space left on device"
# full TOOL ARGS...: TOOL with stdout on /dev/full exits 1 with the message
full() {
	_t=$1
	"$@" >/dev/full 2>"$T/full.err"
	_rc=$?
	is "$_rc $(tail -n 1 "$T/full.err")" "1 $_t: $FULL" "$_t on a full device: exit 1 naming the output"
}

# --- --help and --version of every tool --------------------------------
for t in "$A2_BIN"/*; do
	n=${t##*/}
	full "$n" --version
	full "$n" --help
done

# --- the tools' records --------------------------------------------------
a2synth --size tiny -o s >synth.jsonl || echo "Bail out! a2synth"
a2synth --size tiny --level 2.1 --format GeoTIFF --order 0000000222 -o g >/dev/null || echo "Bail out! a2synth"
full a2synth --size tiny -o s2
ok "[ -z \"\$(find s2 -name '*.tmp.*')\" ]" "a2synth: no temporaries left"

full a2unpack -d w s/0000012345.zip
a2unpack -d w s/0000012345.zip >un.jsonl
a2unpack -d w g/0000000222.zip >ung.jsonl
D=$(jq -r .unpack.dir un.jsonl)
G=$(jq -r .unpack.dir ung.jsonl)
full a2classify "$D"
full a2classify <un.jsonl
a2classify "$D" >scene.json
a2classify "$G" >gscene.json
ID=$(jq -r .id scene.json)
full a2footprint scene.json
full a2footprint -o fp2.geojson scene.json
a2footprint -o fp.geojson scene.json >/dev/null
ok "[ -s fp2.geojson ]" "a2footprint -o: the file is written whole before stdout fails"
cmp -s fp.geojson fp2.geojson; is "$?" 0 "a2footprint -o: the same file as with a working stdout"
full a2pack -o "p/$ID" scene.json
a2pack -o "p/$ID" scene.json >/dev/null
full a2md -o "p/$ID" scene.json fp.geojson
full a2tiles -z 0-3 --no-browse --no-viewer -o t gscene.json
full a2catalog -c cat.gpkg add "p/$ID"
a2catalog -c cat.gpkg add "p/$ID" >/dev/null
full a2catalog -c cat.gpkg query
printf '2025-01-25\n2025-01-13\n' >dates.txt
full a2pairs s1 --frame 1 dates.txt
. "$A2_TOP/tests/servers/catalog-products.sh"
mkprod pp ALOS2010002900-160301-FBDR1.1__A 10 0 11 1 2016-03-01T03:00:00.000000 2016-03-01T03:00:10.000000
mkprod pp ALOS2012072900-160315-FBDR1.1__A 10 0 11 1 2016-03-15T03:00:00.000000 2016-03-15T03:00:10.000000
a2catalog -c pairs.gpkg add pp/*/ >/dev/null
full a2pairs alos2 -c pairs.gpkg
full a2publish -c cat.gpkg "$T/pub" "p/$ID"
full a2site -c cat.gpkg -o site
full a2fetch -o dl "file://$TT/s/0000012345.zip"
full a2fetch -l "file://$TT/s/0000012345.zip"
mkdir -p arch/P026/F6960 && cp -r "$D"/. arch/P026/F6960/
full a2scan arch
full a2grid -y 2019 N05E010
"$PY" "$A2_TOP/tests/servers/mosaic-synth.py" --root srv --year 2019 --block N05E010 --tiles N04E011 --subdir >/dev/null ||
	echo "Bail out! mosaic-synth.py"
mkdir -p x2019 && bsdtar -xf "$(find srv -name 'N05E010_19_MOS*')" -C x2019
full a2cog -o cog 2019/N05E010 x2019
a2cog -o cog 2019/N05E010 x2019 >cog.json
full a2eo3 -o eo3 cog.json
full majasubmit -n -t 31TCJ -d 2017-07-01 -e 2018-01-01

# majapoll against the loopback WPS stand-in
S=$T/srv-wps
mkdir -p "$S/results"
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$S" --port-file "$S/port" --log "$S/log" &
at_exit "kill $!"
wait_file "$S/port"
H=http://127.0.0.1:$(cat "$S/port")
export A2_MAJA_WPS_URL=$H/wps A2_MAJA_SEARCH_URL=$H/resto/api/collections A2_RETRY_DELAY_MS=1
printf 'maja@example.org s3cret\n' >auth.txt
chmod 600 auth.txt
full majasubmit -a auth.txt -o job0.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
ok "[ -s job0.json ]" "majasubmit: the record is written before stdout fails"
majasubmit -a auth.txt -o job.json -t 31TCJ -d 2017-07-01 -e 2018-01-01 >/dev/null
full majapoll -a auth.txt --retries 1 -o mdl job.json

# hyp3submit and hyp3poll against the loopback HyP3 stand-in
full hyp3submit -n 9852:2024-12-16:2024-12-04
S=$T/srv-hyp3
mkdir -p "$S"
"$PY" "$A2_TOP/tests/servers/hyp3.py" --dir "$S" --port-file "$S/port" --log "$S/log" --token t0ken &
at_exit "kill $!"
wait_file "$S/port"
export A2_HYP3_URL=http://127.0.0.1:$(cat "$S/port")
printf '{"9852":"instant"}\n' >"$S/plans.json"
(umask 077 && printf 't0ken\n' >token)
full hyp3submit --token-file token -o h3 9852:2024-12-16:2024-12-04
ok "[ -s h3/F9852-20241216_20241204.json ]" "hyp3submit: the record is written before stdout fails"
full hyp3poll --token-file token -o h3dl h3/F9852-20241216_20241204.json
ok "[ -s h3dl/S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1.nc ]" \
    "hyp3poll: the file is downloaded before stdout fails"

# A failure keeps its own status: a usage error with stdout full is still 2.
exits 2 "a failure's status is kept when stdout fails too" -- sh -c 'a2classify -Z >/dev/full'

# --- a closed pipe ------------------------------------------------------
# The reader is gone before the first record: the tool stops there and
# does not go on to the next operand (whose error would otherwise show).
mkdir notascene
closed() {
	"$PY" -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
sys.stderr.write(p.stderr.decode())
sys.exit(p.returncode)
' "$@"
}
exits 1 "a2classify into a closed pipe: exit 1" -- closed a2classify "$D" notascene
is "$(err)" "a2classify: cannot write to standard output: Broken pipe" \
	"stops at the first record, naming the output (nothing about the next operand)"
exits 1 "a2unpack into a closed pipe: exit 1" -- closed a2unpack -d w2 s/0000012345.zip
is "$(err)" "a2unpack: cannot write to standard output: Broken pipe" "a2unpack names the output"

done_testing
