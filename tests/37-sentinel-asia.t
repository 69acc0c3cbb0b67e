#!/bin/sh
# a2fetch sentinel-asia:{data,eor,since} against the loopback Sentinel Asia
# stand-in (JSESSIONID login, the JSON endpoints, HEAD then GET): only
# ALOS(Data) zips, EOR metadata kept in every record, a refused login is 77;
# and examples/sentinel-asia.mk for a data id, an EOR and a date range,
# where a rerun fetches only data ids it has not fetched yet.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v make >/dev/null && command -v jq >/dev/null || skip_all "make and jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
HOME=$T/home
export HOME
mkdir -p "$HOME"
TT=$(cd "$T" && pwd -P)

S=$T/srv
mkdir -p "$S/root"
# Three scenes, one zip each, plus a non-zip delivery.
for o in 101 102 103; do
	a2synth --size tiny --level 1.5 --package flat --orbit $o -o "$T/syn$o" >"$T/syn$o.jsonl"
	cp "$T"/syn$o/*.zip "$S/root/"
done
ID1=$(jq -r .id "$T/syn101.jsonl"); ID2=$(jq -r .id "$T/syn102.jsonl"); ID3=$(jq -r .id "$T/syn103.jsonl")
Z1=$ID1.zip Z2=$ID2.zip Z3=$ID3.zip
printf 'not a zip\n' >"$S/root/report.pdf"
D1=JPJXisis0001201908160001 D2=JPJXisis0001201908160002 D3=JPJXisis0001201908200001
D4=JPJXisis0001201908160003 D5=JPJXisis0001201909050001
# catalog EORS_JSON: what the portal holds
catalog() {
	jq -n --argjson eors "$1" --arg z1 "$Z1" --arg z2 "$Z2" --arg z3 "$Z3" \
	    --arg d1 $D1 --arg d2 $D2 --arg d3 $D3 --arg d4 $D4 --arg d5 $D5 \
	    '{eors: $eors, names: {($d1): $z1, ($d2): $z2, ($d3): $z3, ($d4): "report.pdf", ($d5): $z3}}' \
	    >"$S/catalog.tmp" && mv "$S/catalog.tmp" "$S/catalog.json"
}
EOR7='{"requestId":"ERAHAC000007","observeDateStr":"16/Aug/2019","disasterTypeStr":"Flood","countryStr":"Japan",
 "files":[{"typeStr":"ALOS(Data)","dataId":"'$D1'","title":"ALOS-2 flood 1"},
          {"typeStr":"ALOS(Image)","dataId":"JPJXimage","title":"quicklook"},
          {"typeStr":"ALOS(Data)","dataId":"'$D4'","title":"a report"},
          {"typeStr":"ALOS(Data)","dataId":"'$D2'","title":"ALOS-2 flood 2"}]}'
EOR8='{"requestId":"ERAHAC000008","observeDateStr":"20/Aug/2019","disasterTypeStr":"Earthquake","countryStr":"Nepal",
 "files":[{"typeStr":"ALOS(Data)","dataId":"'$D3'","title":"ALOS-2 quake"}]}'
EOR9='{"requestId":"ERAHAC000009","observeDateStr":"05/Sep/2019","disasterTypeStr":"Volcano","countryStr":"Chile",
 "files":[{"typeStr":"ALOS(Data)","dataId":"'$D5'","title":"later"}]}'
catalog "[$EOR7, $EOR9]"
"$PY" "$A2_TOP/tests/servers/sentinelasia.py" --root "$S/root" --catalog "$S/catalog.json" \
    --port-file "$S/port" --log "$S/log" --faults "$S/faults" --password 's3cret' &
at_exit "kill $!"
wait_file "$S/port"
A2_SENTINEL_ASIA_URL=http://127.0.0.1:$(cat "$S/port")/sentinel2
export A2_SENTINEL_ASIA_URL
L=$S/log
touch "$L"
reset_log() { : >"$L"; : >"$S/faults"; }
logcol() { jq -r "$1" "$L" | tr '\n' ' ' | sed 's/ $//'; }
durl() { printf '%s/webresources/thumbnailEmob/download?dataId=%s' "$A2_SENTINEL_ASIA_URL" "$1"; }
printf 'machine 127.0.0.1\nlogin alice\npassword s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
fetch() { a2fetch --retry-delay 1 --timeout 20 "$@"; }
sum() { sha256sum "$1" | cut -c1-64; }

# --- one data id ------------------------------------------------------------
reset_log
exits 0 "data id" -- fetch -o "$T/d1" sentinel-asia:data:$D1
same_file "$T/d1/$Z1" "$S/root/$Z1" "bytes equal"
is "$(out)" "{\"download\":{\"path\":\"$TT/d1/$Z1\",\"url\":\"$(durl $D1)\",\"size\":$(wc -c <"$S/root/$Z1"),\"sha256\":\"$(sum "$S/root/$Z1")\",\"name\":\"$Z1\",\"source\":\"sentinel-asia:data:$D1\",\"sentinel_asia\":{\"data_id\":\"$D1\"}}}" "JSON line"
is "$(logcol '[.method,.path|sub(".*/";"")]|join(" ")' | tr ' ' _)" \
    "GET_topControl.jsp_POST_topControl.jsp_HEAD_${Z1}_GET_$Z1" "login page, login, HEAD, GET"
is "$(jq -r 'select(.method=="POST")|[.user,.login,(.fields|join(","))]|join(" ")' "$L")" \
    "alice ok loginId,passwd,request,submit,userid" "login form as the portal wants it"
ok '! grep -q s3cret "$T/.err" "$T/.out" "$L"' "password in no output or log"
exits 1 "a data id that is no zip" -- fetch -o "$T/d2" sentinel-asia:data:$D4
is "$(err)" "a2fetch: sentinel-asia:data:$D4: $(durl $D4) is not a zip (report.pdf, 10 bytes): cannot process it" "non-zip refused"
ok '[ ! -e "$T/d2/report.pdf" ]' "non-zip not downloaded"

# reset mid-body: resumed in the same session
reset_log
printf 'reset:20000\n' >"$S/faults"
exits 0 "reset mid-body, resumed" -- fetch -o "$T/d3" sentinel-asia:data:$D2
is "$(logcol 'select(.method=="GET" and .range != null)|.range')" "bytes=20000-" "resumed from the break"
same_file "$T/d3/$Z2" "$S/root/$Z2" "resumed bytes equal"

# --- an EOR -----------------------------------------------------------------
reset_log
exits 0 "--list of an EOR" -- fetch --list sentinel-asia:eor:ERAHAC000007
meta7='"eor_id":"ERAHAC000007","eor_date":"2019-08-16","disaster_type":"Flood","country":"Japan"'
is "$(out)" "{\"download\":{\"url\":\"$(durl $D1)\",\"size\":$(wc -c <"$S/root/$Z1"),\"name\":\"$Z1\",\"source\":\"sentinel-asia:data:$D1\",\"sentinel_asia\":{$meta7,\"data_id\":\"$D1\",\"title\":\"ALOS-2 flood 1\"}}}
{\"download\":{\"url\":\"$(durl $D2)\",\"size\":$(wc -c <"$S/root/$Z2"),\"name\":\"$Z2\",\"source\":\"sentinel-asia:data:$D2\",\"sentinel_asia\":{$meta7,\"data_id\":\"$D2\",\"title\":\"ALOS-2 flood 2\"}}}" \
    "ALOS(Data) zips listed with their EOR, image and non-zip left out"
is "$(err)" "a2fetch: sentinel-asia:data:$D4: $(durl $D4) is not a zip (report.pdf, 10 bytes): skipped" "non-zip skipped with a warning"
is "$(logcol 'select(.method=="GET")|.path' | tr ' ' '\n' | grep -c '\.zip$')" 0 "--list downloads nothing"
out >"$T/list7.jsonl"
exits 0 "--list | a2fetch keeps the EOR metadata" -- sh -c 'a2fetch -o "$1" <"$2"' sh "$T/d4" "$T/list7.jsonl"
is "$(out | jq -c '[.download.name, .download.sentinel_asia.eor_date, .download.sentinel_asia.title, (.download.sha256|length)]')" \
    "[\"$Z1\",\"2019-08-16\",\"ALOS-2 flood 1\",64]
[\"$Z2\",\"2019-08-16\",\"ALOS-2 flood 2\",64]" "fetched records keep their EOR"
exits 0 "fetch an EOR" -- fetch -o "$T/d4" sentinel-asia:eor:ERAHAC000007
is "$(out | jq -r .download.path | tr '\n' ' ')" "$TT/d4/$Z1 $TT/d4/$Z2 " "both zips, already verified"

# --- a date range -----------------------------------------------------------
catalog "[$EOR7, $EOR8, $EOR9]"
exits 0 "--list since 20190801 to 20190831" -- fetch --list sentinel-asia:since:20190801:20190831
is "$(out | jq -r '[.download.sentinel_asia.eor_id, .download.sentinel_asia.data_id]|join(" ")')" \
    "ERAHAC000007 $D1
ERAHAC000007 $D2
ERAHAC000008 $D3" "EORs inside the range, both ends inclusive"
exits 0 "--list since 20190816:20190816" -- fetch --list sentinel-asia:since:20190816:20190816
is "$(out | jq -r .download.sentinel_asia.data_id | tr '\n' ' ')" "$D1 $D2 " "one-day range"
# an observeDateStr of no day (strptime takes 30/Feb) is no date
EOR10='{"requestId":"ERAHAC000010","observeDateStr":"30/Feb/2019","disasterTypeStr":"Flood","countryStr":"Japan",
 "files":[{"typeStr":"ALOS(Data)","dataId":"'$D3'","title":"no such day"}]}'
catalog "[$EOR7, $EOR8, $EOR9, $EOR10]"
exits 0 "--list since 20190201:20190331" -- fetch --list sentinel-asia:since:20190201:20190331
is "$(out)" "" "an EOR of 30/Feb/2019 is in no range"
exits 0 "--list that EOR" -- fetch --list sentinel-asia:eor:ERAHAC000010
is "$(out | jq -c .download.sentinel_asia)" \
    "{\"eor_id\":\"ERAHAC000010\",\"eor_date\":null,\"disaster_type\":\"Flood\",\"country\":\"Japan\",\"data_id\":\"$D3\",\"title\":\"no such day\"}" \
    "its eor_date is null, not 2019-02-30"
exits 2 "bad range" -- fetch --list sentinel-asia:since:20190831:20190801
exits 2 "bad date" -- fetch --list sentinel-asia:since:20190231
exits 2 "bad spec" -- fetch --list sentinel-asia:what:1

# --- a refused login --------------------------------------------------------
printf 'machine 127.0.0.1\nlogin alice\npassword nope\n' >"$T/bad.netrc"
chmod 600 "$T/bad.netrc"
exits 77 "wrong password: JSON endpoint answers with the login page" -- fetch --netrc-file "$T/bad.netrc" --list sentinel-asia:eor:ERAHAC000007
is "$(err)" "a2fetch: $A2_SENTINEL_ASIA_URL/webresources/thumbnailEmob/viewBulletinContent?requestId=ERAHAC000007: got an HTML page instead of JSON (login refused?)" "refusal said"
exits 77 "wrong password: download" -- fetch --netrc-file "$T/bad.netrc" -o "$T/e1" sentinel-asia:data:$D1
ok '[ -z "$(ls -A "$T/e1" 2>/dev/null)" ]' "no file"

# --- the job ----------------------------------------------------------------
D=$T/data
job() { make -f "$A2_TOP/examples/sentinel-asia.mk" A2_BIN="$A2_BIN" A2_DATA="$D" "$@"; }
prods() { (cd "$D/products" 2>/dev/null && ls | tr '\n' ' '); }
gets() { jq -r 'select(.method=="GET" and (.path|endswith(".zip")))|.path|sub(".*/";"")' "$L" | LC_ALL=C sort | tr '\n' ' '; }
exits 2 "no parameter: usage" -- job
ok "grep -q 'usage: make -f examples/sentinel-asia.mk DATA_ID=id | EOR_ID=id | START_DATE=' '$T/.err'" "usage"
catalog "[$EOR7, $EOR9]"
reset_log
exits 0 "job: DATA_ID" -- job DATA_ID=$D1
is "$(prods)" "$ID1 " "one product"
is "$(jq -r .download_source "$D/products/$ID1/$ID1.met.json")" "$(durl $D1)" "download_source"
reset_log
exits 0 "job: START_DATE..END_DATE" -- job START_DATE=20190801 END_DATE=20190831 -j2
is "$(prods)" "$(printf '%s\n' $ID1 $ID2 | LC_ALL=C sort | tr '\n' ' ')" "the range's products"
is "$(gets)" "$Z2 " "only the data id not fetched before was downloaded"
is "$(jq -r .download.sentinel_asia.eor_id "$D/work/sa-$D2/fetch.json")" ERAHAC000007 "fetch record keeps the EOR"
reset_log
exits 0 "rerun, nothing new" -- job START_DATE=20190801 END_DATE=20190831
is "$(gets)" "" "rerun downloads nothing"
ok '! grep -q "a2unpack\|a2md\|a2fetch -o" "$T/.out"' "rerun runs no tool but the listing"
catalog "[$EOR7, $EOR8, $EOR9]"
reset_log
exits 0 "rerun after a new EOR" -- job START_DATE=20190801 END_DATE=20190831
is "$(gets)" "$Z3 " "only the new data id was downloaded"
is "$(prods)" "$(printf '%s\n' $ID1 $ID2 $ID3 | LC_ALL=C sort | tr '\n' ' ')" "three products"
jq -n '{eor_id:"ERAHAC000008", data_id:"", start_date:"", queue:"aria-job_worker-large"}' >"$T/_context.json"
reset_log
exits 0 "job: CONTEXT with eor_id" -- job CONTEXT="$T/_context.json"
is "$(gets)" "" "EOR 8 already fetched through the range"
ok '[ -s "$D/work/sa-eor-ERAHAC000008/list.jsonl" ]' "EOR listed"

plan $_tap_n
done_testing
