#!/bin/sh
# share/hysds, the HySDS deploy kit, as HySDS uses it: installed with make
# install-data; every job's hysds-io and job-spec turned into a worker dir
# (_context.json from the form values, the command line) the way
# hysds_commons does (tests/hysds.py), the command run there against the
# loopback stand-ins; every product dir the jobs write recognised by
# exactly one datasets.json entry (S3 and WebDAV), filed under the dataset
# its met.json names; exit 75 retried, then reported for retry_job.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
own_home
unset A2_GEODES_KEY_FILE
HY="$PY $A2_TOP/tests/hysds.py"
K=$A2_TOP/share/hysds
# a retry in a test is at once; HySDS's own is A2_HYSDS_RETRY_DELAY=300
# (make reads A2_TILES_ZOOM from the environment: few tiles, a quick test)
A2_HYSDS_RETRY_DELAY=0 A2_HYSDS_JOBS=2 A2_RETRY_DELAY_MS=1 A2_TILES_ZOOM=0-2
export A2_HYSDS_RETRY_DELAY A2_HYSDS_JOBS A2_RETRY_DELAY_MS A2_TILES_ZOOM

# --- the kit's files ---------------------------------------------------------
for f in "$K"/*.json*; do
	ok "jq -e . '$f' >/dev/null" "${f##*/} is JSON"
done
exits 0 "job-specs and hysds-ios as hysds_commons' schemas want them, params paired" -- $HY check "$K"
is "$(out)" "" "no problem reported"
is "$(cd "$K" && ls job-spec.json.* | sed 's/job-spec.json.//' | tr '\n' ' ')" \
    "ingest_alos2_archive_md ingest_alos2_auig2 ingest_alos2_downloadurl ingest_alos2_nrb ingest_alos2_sentinelasia maja_l2a palsar_mosaic " \
    "one job-spec per job"
is "$(jq -r '[.params[] | select(.from == "submitter") | .name] | join(",")' "$K/hysds-io.json.ingest_alos2_sentinelasia") $(jq -r '[.params[] | select(.from == "submitter") | .name] | join(",")' "$K/hysds-io.json.ingest_alos2_auig2") $(jq -r '[.params[] | select(.from == "submitter") | .name] | join(",")' "$K/hysds-io.json.ingest_alos2_downloadurl")" \
    "data_id,eor_id,start_date,end_date,queue auig2_orderid,auig2_username,auig2_password download_url" \
    "the original jobs' parameter names"
is "$(jq -r '.datasets[] | .type' "$K/datasets.json" | tr '\n' ' ')" \
    "alos2_slc alos2_slc_md alos2_md L1.5_geotiff L2.1_geotiff L3.1_geotiff palsar_mosaic maja_l2a s1_gunw L2.2_nrb L2.2_nrb_md " "datasets.json types"
is "$(jq -c '[.datasets[] | del(.publish, .browse)]' "$K/datasets.json.dav")" \
    "$(jq -c '[.datasets[] | del(.publish, .browse)]' "$K/datasets.json")" "the WebDAV variant recognises the same way"

# --- installed --------------------------------------------------------------
I=$T/inst
exits 0 "make install-data" -- make -s -C "$A2_TOP" install-data PREFIX="$I"
KI=$I/share/a2/hysds
ok "[ -x '$KI/a2-hysds-job' ] && [ -f '$I/share/a2/examples/url.mk' ]" "wrapper and jobs installed"
is "$(jq -r .command "$KI"/job-spec.json.* | sort -u)" "$KI/a2-hysds-job" "installed job-specs name the installed wrapper"
is "$(for f in "$K"/job-spec.json.*; do jq -c 'del(.command)' "$f"; done | sha256sum)" \
    "$(for f in "$KI"/job-spec.json.*; do jq -c 'del(.command)' "$f"; done | sha256sum)" "otherwise as in the source"
same_file "$K/datasets.json" "$KI/datasets.json" "datasets.json installed"

exits 2 "wrapper: an unknown job is a usage error" -- "$KI/a2-hysds-job" nosuch
is "$(err)" "usage: a2-hysds-job url|auig2|sentinel-asia|archive|maja|palsar-mosaic|nrb" "usage said"
exits 2 "wrapper: no _context.json in the work dir" -- sh -c 'cd "$1" && "$2" url' sh "$T" "$KI/a2-hysds-job"

# hysds_job NAME WORK FORM: submits job NAME with form values FORM (JSON)
# into WORK and runs the command there, as the worker does.
hysds_job() {
	$HY submit "$KI" "$1" "$3" "$2" >"$T/cmd" || return 99
	(cd "$2" && sh -c "$(cat "$T/cmd")")
}
# the S3 datasets.json as sds renders it
sed 's/{{ DATASET_S3_ENDPOINT }}/s3.local/; s/{{ DATASET_BUCKET }}/bkt/; s/{{ DATASET_S3_WEBSITE_ENDPOINT }}/web.local/' \
    "$KI/datasets.json" | sed 's/{{ DATASET_S3_ENDPOINT }}/s3.local/g; s/{{ DATASET_BUCKET }}/bkt/g; s/{{ DATASET_S3_WEBSITE_ENDPOINT }}/web.local/g' >"$T/datasets.json"
# recognised WORK: one line per product dir: id, entries matched, dataset
# (ipath), met.json's dataset, type, level
recognised() {
	$HY recognize "$T/datasets.json" "$1" | jq -r '[.id, (.matches | map(tostring) | join(",")), .dataset, .met_dataset, .type, .level] | join(" ")'
}
# every product dir matched by exactly one entry, filed as its met.json says
one_each() {
	$HY recognize "$T/datasets.json" "$1" >"$T/rec.jsonl" &&
	[ -s "$T/rec.jsonl" ] &&
	jq -e -s 'all(.[]; (.matches | length) == 1 and .dataset == .met_dataset)' "$T/rec.jsonl" >/dev/null &&
	$HY recognize "$KI/datasets.json.dav" "$1" | jq -e -s 'all(.[]; (.matches | length) == 1 and .dataset == .met_dataset)' >/dev/null
}

# --- URL: every level and format the ALOS-2 jobs write, in one order --------
mkdir -p "$T/o"
n=0
for spec in "1.1 CEOS 1597" "1.5 CEOS 1598" "1.5 GeoTIFF 1599" "2.1 GeoTIFF 1600" "3.1 GeoTIFF 1601"; do
	set -- $spec
	n=$((n + 1))
	a2synth --size tiny --level "$1" --format "$2" --orbit "$3" --package order --order 000000010$n \
	    -o "$T/s$n" >>"$T/synth.jsonl" || echo "Bail out! a2synth $spec"
	(cd "$T/o" && unzip -q -o "$T/s$n/000000010$n.zip")
done
(cd "$T/o" && zip -q -0 "$T/0000000100.zip" *.zip) || echo "Bail out! zip"
W=$T/w/url
exits 0 "URL job: the job-spec's command in a worker dir" -- hysds_job ingest_alos2_downloadurl "$W" "{\"download_url\":\"file://$T/0000000100.zip\"}"
is "$(jq -r .download_url "$W/_context.json") $(jq -r .job "$W/_context.json")" "file://$T/0000000100.zip url" "_context.json as HySDS writes it"
is "$(cat "$T/cmd")" "$KI/a2-hysds-job 'url'" "command line: the wrapper and the job, positional"
for id in $(jq -r .id "$T/synth.jsonl"); do
	ok "[ -s '$W/a2-data/products/$id/$id.zip' ] && [ -s '$W/a2-data/products/$id/$id.dataset.json' ]" "URL job: $id"
done
I1=$(jq -r .id "$T/synth.jsonl" | sed -n 1p) I2=$(jq -r .id "$T/synth.jsonl" | sed -n 2p)
I3=$(jq -r .id "$T/synth.jsonl" | sed -n 3p) I4=$(jq -r .id "$T/synth.jsonl" | sed -n 4p)
I5=$(jq -r .id "$T/synth.jsonl" | sed -n 5p)
is "$(recognised "$W")" "$I1 0 ALOS2-L1.1_SLC ALOS2-L1.1_SLC alos2_slc l1.1
$I2 3 ALOS2_CEOS ALOS2_CEOS L1.5_geotiff l1.5
$I3 3 ALOS2_GeoTIFF ALOS2_GeoTIFF L1.5_geotiff l1.5
$I4 4 ALOS2_GeoTIFF ALOS2_GeoTIFF L2.1_geotiff l2.1
$I5 5 ALOS2_GeoTIFF ALOS2_GeoTIFF L3.1_geotiff l3.1" \
    "each product: one entry, the dataset its met.json names (CEOS L1.5 under ALOS2_CEOS)"
ok 'one_each "$W"' "URL job: S3 and WebDAV configs, one entry each"
is "$($HY recognize "$T/datasets.json" "$W" | jq -r 'select(.id == "'"$I4"'") | .publish, .urls[0], .browse')" \
    "s3://s3.local:80/bkt/datasets/L2.1_geotiff/v0.2.4/2014/09/09/$I4
http://bkt.web.local/datasets/L2.1_geotiff/v0.2.4/2014/09/09/$I4
s3://s3.local:80/bkt/browse/L2.1_geotiff/v0.2.4/2014/09/09/$I4" "publish and browse locations (the original's layout)"
is "$($HY recognize "$KI/datasets.json.dav" "$W" | jq -r 'select(.id == "'"$I1"'") | .publish')" \
    "davs://{ DAV_USER }:{ DAV_PASSWORD }@{ DAV_SERVER }/datasets/alos2_slc/v0.1/2014/09/09/$I1" "WebDAV publish location"
exits 0 "URL job again: nothing to do" -- hysds_job ingest_alos2_downloadurl "$W" "{\"download_url\":\"file://$T/0000000100.zip\"}"
ok "grep -q 'Nothing to be done' '$T/.out'" "the rerun did nothing"
exits 2 "URL job without a URL: make's usage, exit 2" -- hysds_job ingest_alos2_downloadurl "$T/w/nourl" '{}'
ok "grep -q 'failed (exit 2)' '$T/w/nourl/_alt_error.txt'" "_alt_error.txt says why"

# --- URL: a Sentinel-1 GUNW netCDF file, its own product -------------------
NG=S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1
# with the scenes of the spec's vector, whose MD5 hash the name's 6e8f is
P=S1A_IW_SLC__1SDV_
a2synth --gunw $NG -o "$T/gunw" \
    --gunw-attr "reference_scenes=${P}20241216T015132_20241216T015159_057011_070161_9D6A ${P}20241216T015157_20241216T015224_057011_070161_F3FE" \
    --gunw-attr "secondary_scenes=${P}20241204T015133_20241204T015200_056836_06FA75_6070 ${P}20241204T015158_20241204T015225_056836_06FA75_BB7D" \
    >/dev/null || echo "Bail out! a2synth --gunw"
WG=$T/w/gunw
exits 0 "URL job: a GUNW .nc" -- hysds_job ingest_alos2_downloadurl "$WG" "{\"download_url\":\"file://$T/gunw/$NG.nc\"}"
ok "[ -s '$WG/a2-data/products/$NG/$NG.zip' ] && [ -s '$WG/a2-data/products/$NG/$NG.stac.json' ]" "URL job: the GUNW product"
is "$(recognised "$WG")" "$NG 8 S1-GUNW S1-GUNW s1_gunw gunw" "the GUNW: entry 8, dataset S1-GUNW"
ok 'one_each "$WG"' "GUNW: S3 and WebDAV configs, one entry each"
is "$($HY recognize "$T/datasets.json" "$WG" | jq -r '.publish')" \
    "s3://s3.local:80/bkt/datasets/s1_gunw/v3_0_1/2024/12/16/$NG" "GUNW: filed by version and reference date"

# --- a level 2.2 NRB product and its metadata-only product ------------------
# (a2md's product dirs as the URL and archive jobs write them; the URL job
# itself stops at a2tiles until a2tiles handles the level)
NN=ALOS2015976960-140909-WBDL2.2GUD
WN=$T/w/nrb/a2-data/products
a2synth --level 2.2 --mode WBD --look L --direction D --package dir -o "$T/nrb" >/dev/null &&
a2classify "$T/nrb/$NN" >"$T/nrb/c.json" || echo "Bail out! NRB scene"
exits 0 "a2md: the NRB product" -- a2md -o "$WN/$NN" "$T/nrb/c.json"
mkdir -p "$T/nrb/arch/P026/F6960" && cp "$T/nrb/$NN"/* "$T/nrb/arch/P026/F6960/"
a2scan "$T/nrb/arch" >"$T/nrb/g.jsonl" || echo "Bail out! a2scan"
exits 0 "a2md --md-only: the NRB metadata-only product" -- a2md --md-only -o "$WN" "$T/nrb/g.jsonl"
is "$(recognised "$T/w/nrb")" "$NN 9 ALOS2_NRB ALOS2_NRB L2.2_nrb l2.2
$NN-md 10 ALOS2_NRB ALOS2_NRB L2.2_nrb_md l2.2" "NRB: entries 9 and 10, dataset ALOS2_NRB"
ok 'one_each "$T/w/nrb"' "NRB: S3 and WebDAV configs, one entry each"
is "$($HY recognize "$T/datasets.json" "$T/w/nrb" | jq -r 'select(.id == "'"$NN"'") | .publish')" \
    "s3://s3.local:80/bkt/datasets/L2.2_nrb/v0.1/2014/09/09/$NN" "NRB: filed by type, version and date"

# --- AUIG2: the password as the form's lambda sends it ---------------------
PW='pa ss"w&rd=1'
a2synth --size tiny --level 1.5 --format GeoTIFF --package order --items 2 --order 0000054535 -o "$T/au" >"$T/au.jsonl"
mkdir -p "$T/ausrv/root" && cp "$T/au/0000054535.zip" "$T/ausrv/root/"
"$PY" "$A2_TOP/tests/servers/auig2.py" --root "$T/ausrv/root" --port-file "$T/ausrv/port" --log "$T/ausrv/log" \
    --faults "$T/ausrv/faults" --control "$T/ausrv/control" --password "$PW" &
at_exit "kill $!"
wait_file "$T/ausrv/port"
printf '{}\n' >"$T/ausrv/control"
A2_AUIG2_URL=http://127.0.0.1:$(cat "$T/ausrv/port")
export A2_AUIG2_URL
exits 0 "AUIG2 job" -- hysds_job ingest_alos2_auig2 "$T/w/auig2" \
    "$(jq -n --arg p "$PW" '{auig2_orderid:"0000054535", auig2_username:"alice", auig2_password:$p}')"
ok "! grep -qF '$PW' '$T/w/auig2/_context.json'" "_context.json holds the password only obfuscated"
for id in $(jq -r .id "$T/au.jsonl"); do
	ok "[ -s '$T/w/auig2/a2-data/products/$id/$id.met.json' ]" "AUIG2 job: $id"
done
ok 'one_each "$T/w/auig2"' "AUIG2 products: one entry each"

# --- Sentinel Asia: a data id, an EOR, a date range ------------------------
SA=$T/sasrv
mkdir -p "$SA/root"
for o in 101 102; do
	a2synth --size tiny --level 2.1 --package flat --orbit $o -o "$T/sa$o" >"$T/sa$o.jsonl"
	cp "$T"/sa$o/*.zip "$SA/root/"
done
S1=$(jq -r .id "$T/sa101.jsonl") S2=$(jq -r .id "$T/sa102.jsonl")
D1=JPJXisis0001201908160001 D2=JPJXisis0001201908200001
jq -n --arg d1 $D1 --arg d2 $D2 --arg z1 "$S1.zip" --arg z2 "$S2.zip" '{names: {($d1): $z1, ($d2): $z2}, eors: [
    {requestId: "ERAHAC000007", observeDateStr: "16/Aug/2019", disasterTypeStr: "Flood", countryStr: "Japan",
     files: [{typeStr: "ALOS(Data)", dataId: $d1, title: "one"}]},
    {requestId: "ERAHAC000008", observeDateStr: "20/Aug/2019", disasterTypeStr: "Earthquake", countryStr: "Nepal",
     files: [{typeStr: "ALOS(Data)", dataId: $d2, title: "two"}]}]}' >"$SA/catalog.json"
"$PY" "$A2_TOP/tests/servers/sentinelasia.py" --root "$SA/root" --catalog "$SA/catalog.json" \
    --port-file "$SA/port" --log "$SA/log" --faults "$SA/faults" --password s3cret &
at_exit "kill $!"
wait_file "$SA/port"
A2_SENTINEL_ASIA_URL=http://127.0.0.1:$(cat "$SA/port")/sentinel2
export A2_SENTINEL_ASIA_URL
printf 'machine 127.0.0.1\nlogin alice\npassword s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
exits 0 "Sentinel Asia job: data_id" -- hysds_job ingest_alos2_sentinelasia "$T/w/sa1" "{\"data_id\":\"$D1\"}"
is "$(ls "$T/w/sa1/a2-data/products")" "$S1" "data_id: its scene"
exits 0 "Sentinel Asia job: eor_id" -- hysds_job ingest_alos2_sentinelasia "$T/w/sa2" '{"eor_id":"ERAHAC000008"}'
is "$(ls "$T/w/sa2/a2-data/products")" "$S2" "eor_id: the EOR's scene"
is "$(jq -r .queue "$T/w/sa2/_context.json")" aria-job_worker-large "queue: the form's default"
exits 0 "Sentinel Asia job: start_date..end_date" -- hysds_job ingest_alos2_sentinelasia "$T/w/sa3" '{"start_date":"20190801","end_date":"20190831"}'
is "$(ls "$T/w/sa3/a2-data/products" | tr '\n' ' ')" "$(printf '%s\n' "$S1" "$S2" | sort | tr '\n' ' ')" "date range: both EORs' scenes"
ok 'one_each "$T/w/sa1" && one_each "$T/w/sa2" && one_each "$T/w/sa3"' "Sentinel Asia products: one entry each"

# --- archive: metadata-only -md products of L1.1 and L1.5 ------------------
A=$T/arch
sh "$A2_TOP/tests/servers/slurm-archive-tree.sh" "$A" >"$T/arch.ids" || echo "Bail out! archive tree"
# the first scene also has an L1.5 product, in the same folder
a2synth --size tiny --level 1.5 --mode FBD --package dir --orbit 1597 --frame 6960 \
    --date 140909 -o "$T/l15" >"$T/l15.json" || echo "Bail out! L1.5 product"
ID15=$(jq -r .id "$T/l15.json")
mv "$T/l15/$ID15/summary.txt" "$A/P026/F6960/0000054535_001004_ALOS2015976960-140909.summary.txt"
mv "$T/l15/$ID15"/* "$A/P026/F6960/"
exits 0 "archive job (levels 1.1 1.5)" -- hysds_job ingest_alos2_archive_md "$T/w/arch" "{\"archive\":\"$A\",\"levels\":\"1.1 1.5\"}"
is "$(recognised "$T/w/arch" | awk '{print $2, $3, $4, $5, $6}' | LC_ALL=C sort | uniq -c | sed 's/^ *//')" \
    "3 1 ALOS2-L1.1_SLC ALOS2-L1.1_SLC alos2_slc_md l1.1
1 2 ALOS2_GeoTIFF ALOS2_GeoTIFF alos2_md l1.5" "-md products: L1.1 as alos2_slc_md, L1.5 as alos2_md"
ok 'one_each "$T/w/arch"' "archive products: one entry each"
exits 0 "archive job with the default levels" -- hysds_job ingest_alos2_archive_md "$T/w/arch1" "{\"archive\":\"$A\"}"
is "$(ls "$T/w/arch1/a2-data/products" | grep -c -- '1\.1__.-md$') $(ls "$T/w/arch1/a2-data/products" | wc -l)" "3 3" "levels absent: 1.1 only"

# --- MAJA: pending is 75, retried, then handed to retry_job ----------------
MS=$T/wps
mkdir -p "$MS/results"
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$MS" --port-file "$MS/port" --log "$MS/log" &
at_exit "kill $!"
wait_file "$MS/port"
A2_MAJA_WPS_URL=http://127.0.0.1:$(cat "$MS/port")/wps
export A2_MAJA_WPS_URL
printf 'machine 127.0.0.1\nlogin maja@example.org\npassword s3cret\n' >"$HOME/.netrc"
MW=$T/w/maja
MF='{"tile":"31TCJ","start_date":"2017-07-01","end_date":"2018-01-01","orbit":"51","provider":"peps"}'
export A2_HYSDS_TRIES=2
exits 75 "MAJA job while MAJA runs: 75 after two runs" -- hysds_job maja_l2a "$MW" "$MF"
unset A2_HYSDS_TRIES
is "$(grep -c 'temporary failure (exit 75), run 1 of 2' "$T/.err")" 1 "one retry said"
is "$(grep -c 'Error 75' "$T/.err")" 2 "make ran twice, majapoll said 75 each time"
is "$(cat "$MW/_alt_error.txt")" "a2 maja job: temporary failure (exit 75) after 2 runs: retry the job later" "_alt_error.txt for a retry_job rule"
MID=$(jq -r .wps_id "$MW"/a2-data/maja/31TCJ/job-*.json)
MZ=SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0
head -c 5000 /dev/urandom >"$MS/results/$MZ.zip"
printf 'finished\n' >"$MS/jobs/$MID.new" && mv "$MS/jobs/$MID.new" "$MS/jobs/$MID"
exits 0 "MAJA job again once MAJA is done" -- hysds_job maja_l2a "$MW" "$MF"
same_file "$MW/a2-data/hysds/$MZ/$MZ.zip" "$MS/results/$MZ.zip" "the L2A result staged as a HySDS product"
is "$(jq -c . "$MW/a2-data/hysds/$MZ/$MZ.dataset.json")" \
    "{\"version\":\"V1-0\",\"label\":\"$MZ\",\"starttime\":\"2017-07-03T10:59:03.455Z\",\"endtime\":\"2017-07-03T10:59:03.455Z\"}" "its dataset.json"
is "$(recognised "$MW")" "$MZ 7 S2_MAJA_L2A S2_MAJA_L2A maja_l2a l2a" "MAJA L2A: one entry, its dataset"
ok 'one_each "$MW"' "MAJA: one entry each (S3 and WebDAV)"
ls -l --time-style=+%s.%N -R "$MW/a2-data" >"$T/m1"
exits 0 "MAJA job a third time" -- hysds_job maja_l2a "$MW" "$MF"
ls -l --time-style=+%s.%N -R "$MW/a2-data" >"$T/m2"
same_file "$T/m1" "$T/m2" "a rerun changes no staged file"

# --- NRB: its files' URLs as text in the form ---------------------------------
a2synth --level 2.2 --mode WBS --package dir -o "$T/nrb" >"$T/nrb.jsonl"
NID=$(jq -r .id "$T/nrb.jsonl") NP=$(jq -r .path "$T/nrb.jsonl")
NU=$(cd "$NP" && for f in *; do printf 'file://%s/%s\n' "$NP" "$f"; done)
exits 0 "NRB job: the job-spec's command in a worker dir" -- \
    hysds_job ingest_alos2_nrb "$T/w/nrbjob" "$(jq -cn --arg u "$NU" '{urls: $u}')"
is "$(cat "$T/cmd")" "$KI/a2-hysds-job 'nrb'" "NRB: the wrapper and the job"
is "$(jq -r '.urls | split("\n") | length' "$T/w/nrbjob/_context.json")" 5 "NRB: _context.json holds the five URLs"
ok "[ -s '$T/w/nrbjob/a2-data/products/$NID/$NID.zip' ] && [ -s '$T/w/nrbjob/a2-data/products/$NID/$NID.dataset.json' ]" "NRB job: $NID"
is "$(recognised "$T/w/nrbjob")" "$NID 9 ALOS2_NRB ALOS2_NRB L2.2_nrb l2.2" "NRB: one entry, its dataset"
ok 'one_each "$T/w/nrbjob"' "NRB: one entry each (S3 and WebDAV)"

# --- the PALSAR mosaic (vsftpd as JAXA's FTP) -------------------------------
rm -f "$HOME/.netrc"   # JAXA's FTP is anonymous
if command -v vsftpd >/dev/null && $PY -c 'import osgeo, numpy' 2>/dev/null; then
	FS=$T/ftp
	$PY "$A2_TOP/tests/servers/mosaic-synth.py" --root "$FS/root" --year 2019 --block N05E010 --tiles N04E011 --subdir >/dev/null
	sh "$A2_TOP/tests/servers/mosaic-ftpd.sh" "$FS/root" "$FS/state" >"$FS.log" 2>&1 &
	at_exit "kill $!"
	wait_file "$FS/state/port"
	A2_JAXA_FTP_URL=ftp://127.0.0.1:$(cat "$FS/state/port")/pub
	export A2_JAXA_FTP_URL
	exits 0 "mosaic job" -- hysds_job palsar_mosaic "$T/w/mos" '{"year":"2019","bbox":"11.2,3.2,11.8,3.8"}'
	MP=$T/w/mos/a2-data/hysds/N05E010_2019
	is "$(ls "$MP" | tr '\n' ' ')" "N05E010_19.stac-item.json N05E010_19_sl_HH_F02DAR.tif N05E010_19_sl_HV_F02DAR.tif N05E010_19_sl_date_F02DAR.tif N05E010_19_sl_linci_F02DAR.tif N05E010_19_sl_mask_F02DAR.tif N05E010_2019.dataset.json N05E010_2019.met.json N05E010_2019.odc-metadata.json " \
	    "the block staged: its files, dataset.json and met.json"
	is "$(jq -r '[.version, .label, (.location.type)] | join(" ")' "$MP/N05E010_2019.dataset.json")" "v1.0 N05E010_2019 Polygon" "its dataset.json"
	is "$(recognised "$T/w/mos")" "N05E010_2019 6 alos2_palsar2_mosaic alos2_palsar2_mosaic palsar_mosaic mosaic" "mosaic: one entry, the eo3 product's name"
	ok 'one_each "$T/w/mos"' "mosaic: one entry each (S3 and WebDAV)"
else
	for i in 1 2 3 4 5; do _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP no vsftpd or python3-gdal"; done
fi

done_testing
