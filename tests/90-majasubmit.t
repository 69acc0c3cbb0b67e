#!/bin/sh
# majasubmit against the loopback WPS stand-in tests/servers/wps.py: every
# validation rule of FULL_MAJA (maja.md §6.2) with its exit status, the
# Execute URL byte for byte (§6.3), the job record and raw answer, the
# auth file (CRLF, malformed) and netrc, refusals (401, exception, 500,
# garbage, no server), and the single-product mode's paginated resto
# search (§4) with the client-side orbit filter.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v jq >/dev/null || skip_all "jq needed"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy A2_NETRC A2_MAJA_WPS_URL A2_MAJA_SEARCH_URL
HOME=$T/home
export HOME
mkdir -p "$HOME"
cd "$T" || exit 1
TT=$(pwd -P)

S=$T/srv
mkdir -p "$S/results"
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$S" --port-file "$S/port" --log "$S/log" \
    --faults "$S/faults" --max-records 3 &
at_exit "kill $!"
wait_file "$S/port"
P=$(cat "$S/port")
H=http://127.0.0.1:$P
export A2_MAJA_WPS_URL=$H/wps A2_MAJA_SEARCH_URL=$H/resto/api/collections A2_RETRY_DELAY_MS=1
printf 'maja@example.org s3cret\n' >auth.txt
chmod 600 auth.txt
: >"$S/log"
nreq() { if [ -s "$S/log" ]; then wc -l <"$S/log" | tr -d ' '; else echo 0; fi; }
sub() { majasubmit -a auth.txt "$@"; }

# --- validation: exit 2, nothing sent -----------------------------------
exits 2 "no tile" -- sub -d 2017-07-01 -e 2018-01-01
exits 2 "no start" -- sub -t 31TCJ -e 2018-01-01
exits 2 "no end" -- sub -t 31TCJ -d 2017-07-01
exits 2 "bad tile 31TCJX" -- sub -t 31TCJX -d 2017-07-01 -e 2018-01-01
ok "grep -q '31TCJX: not a Sentinel-2 tile' '$T/.err'" "message names the tile"
exits 2 "bad tile 71TCJ (zone 7x)" -- sub -t 71TCJ -d 2017-07-01 -e 2018-01-01
exits 2 "bad tile 3TCJ" -- sub -t 3TCJ -d 2017-07-01 -e 2018-01-01
exits 2 "bad date format" -- sub -t 31TCJ -d 2017-7-01 -e 2018-01-01
ok "grep -q 'start date 2017-7-01: not a date' '$T/.err'" "message names the start date"
exits 2 "impossible date" -- sub -t 31TCJ -d 2017-02-30 -e 2017-06-01
exits 2 "start before 2016-04-01" -- sub -t 31TCJ -d 2016-03-31 -e 2016-07-01
ok "grep -q 'start date 2016-03-31: MAJA processing must start on or after 2016-04-01' '$T/.err'" \
    "the start, not the end, is checked against 2016-04-01"
exits 2 "end before start" -- sub -t 31TCJ -d 2017-07-01 -e 2017-06-01
exits 2 "54 days" -- sub -t 31TCJ -d 2017-01-01 -e 2017-02-24
is "$(err)" "majasubmit: 2017-01-01 to 2017-02-24 is 54 days: MAJA needs at least 55 days (two months) to initialise" \
    "54 days: message"
exits 2 "367 days" -- sub -t 31TCJ -d 2017-01-01 -e 2018-01-03
ok "grep -q 'is 367 days: at most 366 days' '$T/.err'" "367 days: message"
exits 2 "orbit 0" -- sub -t 31TCJ -d 2017-07-01 -e 2018-01-01 -r 0
exits 2 "orbit 144" -- sub -t 31TCJ -d 2017-07-01 -e 2018-01-01 -r 144
exits 2 "unknown provider" -- sub --provider theia -t 31TCJ -d 2017-07-01 -e 2018-01-01
exits 2 "tile and place" -- sub -t 31TCJ -l Toulouse -d 2017-07-01 -e 2018-01-01
exits 2 "--single without a place" -- sub --single -d 2017-07-01
exits 2 "--single with point and box" -- sub --single --lat 43.5 --lon 1 --box 1,43,2,44 -d 2017-07-01
exits 2 "--lat without --lon" -- sub --single --lat 43.5 -d 2017-07-01
exits 2 "operand" -- sub -t 31TCJ -d 2017-07-01 -e 2018-01-01 extra
is "$(nreq)" 0 "no request sent for any of them"

# --- the limits themselves pass (dry run) ---------------------------------
exits 0 "55 days, 2016-04-01, T prefix, lower case: dry run" -- \
    sub -n -t T31tcj -d 2016-04-01 -e 2016-05-26
is "$(out)" "$H/wps?request=execute&service=WPS&version=1.0.0&identifier=FULL_MAJA&datainputs=startDate=2016-04-01;completionDate=2016-05-26;tileid=31TCJ&status=true&storeExecuteResponse=true" \
    "Execute URL without orbit (§6.3)"
exits 0 "366 days with orbit: dry run" -- sub -n -t 31TCJ -d 2017-01-01 -e 2018-01-02 -r 51
is "$(out)" "$H/wps?request=execute&service=WPS&version=1.0.0&identifier=FULL_MAJA&datainputs=startDate=2017-01-01;completionDate=2018-01-02;tileid=31TCJ;relativeOrbitNumber=51&status=true&storeExecuteResponse=true" \
    "Execute URL with orbit (§6.3)"
exits 0 "--endpoint beats the environment" -- sub -n --endpoint http://wps.invalid/x -t 31TCJ -d 2017-07-01 -e 2018-01-01
ok "out | grep -q '^http://wps.invalid/x?request=execute&'" "endpoint option used"
is "$(nreq)" 0 "dry runs send nothing"

# --- accepted ------------------------------------------------------------
exits 0 "FULL_MAJA accepted" -- sub -o job.json -t T31TCJ -d 2017-07-01 -e 2018-01-01 -r 51
UID1=8e99b3de-3f20-11e9-81a5-000000000001
is "$(jq -r '[.provider,.endpoint,.process,.tile,.start_date,.end_date,.orbit,.status_location,.wps_id,.response]|map(tostring)|join(" ")' job.json)" \
    "peps $H/wps FULL_MAJA 31TCJ 2017-07-01 2018-01-01 51 $H/outputs/pywps-$UID1.xml $UID1 $TT/job.response.xml" \
    "job record"
ok "jq -e '.submitted | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\\\.[0-9]{3}Z$\")' job.json >/dev/null" "submission time"
is "$(out)" "$(jq -c . job.json)" "record printed on stdout"
ok "grep -q 'Process FULL_MAJA accepted' job.response.xml" "raw answer kept beside the record"
is "$(jq -r 'select(.identifier=="FULL_MAJA") | .query' "$S/log")" \
    "request=execute&service=WPS&version=1.0.0&identifier=FULL_MAJA&datainputs=startDate=2017-07-01;completionDate=2018-01-01;tileid=31TCJ;relativeOrbitNumber=51&status=true&storeExecuteResponse=true" \
    "the server got the §6.3 query"
is "$(jq -r .auth_user "$S/log")" maja@example.org "Basic auth from the auth file"
ok "! grep -q s3cret job.json job.response.xml" "no password in the record"
is "$(jq -c 'keys' job.json)" '["end_date","endpoint","orbit","process","provider","response","start_date","status_location","submitted","tile","wps_id"]' "record keys"

# CRLF auth file
printf 'maja@example.org s3cret\r\n' >crlf.txt
chmod 600 crlf.txt
exits 0 "CRLF auth file" -- majasubmit -a crlf.txt -o crlf.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
# netrc instead of an auth file
printf 'machine 127.0.0.1 login maja@example.org password s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
exits 0 "credentials from ~/.netrc" -- majasubmit -o netrc.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
rm "$HOME/.netrc"
printf 'machine 127.0.0.1 login "maja@example.org password s3cret\n' >bad.netrc
chmod 600 bad.netrc
exits 2 "malformed --netrc-file: 2" -- majasubmit --netrc-file bad.netrc -o badnetrc.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
is "$(err)" "majasubmit: bad.netrc: netrc file: line 1: unterminated quote" "malformed --netrc-file: the file and line named"
ok "[ ! -e badnetrc.json ]" "malformed --netrc-file: no record"
exits 77 "no credentials at all: 77" -- majasubmit -o none.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
ok "[ ! -e none.json ]" "no record"
# malformed auth files
printf 'maja@example.org\n' >bad1.txt
printf 'maja@example.org s3 cret\n' >bad2.txt
chmod 600 bad1.txt bad2.txt
exits 2 "auth file with one field" -- majasubmit -a bad1.txt -t 31TCJ -d 2017-07-01 -e 2018-01-01
is "$(err)" "majasubmit: bad1.txt: the first line must be 'email password'" "message names the file"
exits 2 "auth file with three fields" -- majasubmit -a bad2.txt -t 31TCJ -d 2017-07-01 -e 2018-01-01
chmod 644 auth.txt
exits 0 "auth file readable by others: warning" -- sub -o warn.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
ok "grep -q 'auth.txt: readable by others' '$T/.err'" "warning names the file"
chmod 600 auth.txt

# --- refused --------------------------------------------------------------
printf 'maja@example.org wrong\n' >wrong.txt
exits 77 "wrong password: 77" -- majasubmit -a wrong.txt -o r401.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
ok "grep -q 'credentials refused' '$T/.err'" "401 message"
ok "[ ! -e r401.json ] && grep -q Unauthorized r401.response.xml" "no record; the raw answer is kept"
printf 'exception\n' >"$S/faults"
exits 1 "WPS exception report: 1" -- sub -o exc.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
is "$(err)" "majasubmit: $H/wps?request=execute&service=WPS&version=1.0.0&identifier=FULL_MAJA&datainputs=startDate=2017-07-01;completionDate=2018-01-01;tileid=31TCJ&status=true&storeExecuteResponse=true: refused: InvalidParameterValue: tile 31TCJ is not processed here" \
    "the service's message"
ok "[ ! -e exc.json ]" "no record"
printf 'garbage\n' >"$S/faults"
exits 1 "not a WPS answer: 1" -- sub -o garb.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
printf 'status:404\n' >"$S/faults"
exits 1 "404 on submit: 1" -- sub -o e404.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
printf 'status:500\nstatus:500\n' >"$S/faults"
: >"$S/log"
exits 75 "500 on submit after retries: 75" -- sub --retries 1 -o e500.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
is "$(nreq)" 2 "two attempts"
ok "[ ! -e e500.json ]" "no record"
printf 'status:503\n' >"$S/faults"
exits 0 "503 then accepted" -- sub -o e503.json -t 31TCJ -d 2017-07-01 -e 2018-01-01
exits 75 "no server: 75" -- sub --retries 1 --endpoint http://127.0.0.1:1/wps -o noserver.json \
    -t 31TCJ -d 2017-07-01 -e 2018-01-01

# --- single-product MAJA: paginated search, orbit filter ------------------
{
	for d in 01 05 08 11 15 18 21; do
		r=R051; [ "$d" = 05 ] || [ "$d" = 15 ] && r=R008
		echo "S2A_MSIL1C_201707${d}T105031_N0205_${r}_T31TCJ_201707${d}T105303"
	done
	echo "S2A_MSIL1C_20170711T105031_N0205_R051_T31TCK_20170711T105303"
	echo "S2A_MSIL1C_20170901T105031_N0205_R051_T31TCJ_20170901T105303"
} >"$S/catalogue.txt"
: >"$S/log"
exits 0 "--single dry run: search, orbit filter" -- sub -n --single -t 31TCJ -d 2017-07-01 -e 2017-08-01 -r 51
is "$(out | sed 's/.*product=\([^&]*\)&.*/\1/' | cut -c12-19 | tr '\n' ' ')" \
    "20170701 20170708 20170711 20170718 20170721 " "7 products over 3 pages, 5 on orbit 51"
is "$(jq -r '.params.page' "$S/log" | tr '\n' ' ')" "1 2 3 " "pages 1 to 3 asked"
is "$(jq -r '.params | [.productType,.tileid,.startDate,.completionDate,.maxRecords]|join(" ")' "$S/log" | sort -u)" \
    "S2MSI1C 31TCJ 2017-07-01 2017-08-01 500" "search parameters (§4.1)"
is "$(out | head -n 1)" "$H/wps?service=WPS&request=execute&version=1.0.0&identifier=MAJA&datainputs=product=S2A_MSIL1C_20170701T105031_N0205_R051_T31TCJ_20170701T105303&storeExecuteResponse=true&status=true&title=Maja-Process" \
    "single MAJA Execute URL (§8.1)"
exits 1 "more than --max-products: 1" -- sub --single --max-products 4 -o many.json -t 31TCJ -d 2017-07-01 -e 2017-08-01 -r 51
ok "grep -q '5 products selected' '$T/.err' && [ ! -e many.json ]" "nothing submitted"
exits 0 "--single submits one Execute per product" -- sub --single -o single.json -t 31TCJ -d 2017-07-01 -e 2017-08-01 -r 51
is "$(jq -r '.jobs|length' single.json)" 5 "5 jobs in the record"
is "$(jq -r '.process + " " + .jobs[0].product + " " + (.jobs[0].response|sub(".*/";""))' single.json)" \
    "MAJA S2A_MSIL1C_20170701T105031_N0205_R051_T31TCJ_20170701T105303 single.S2A_MSIL1C_20170701T105031_N0205_R051_T31TCJ_20170701T105303.xml" \
    "job product and raw answer"
ok "[ -s '$(jq -r '.jobs[4].response' single.json)' ]" "raw answers kept"
exits 0 "--single by place" -- sub -n --single -l 'Saint Girons' -d 2017-07-01 -e 2017-08-01
is "$(jq -r 'select(.path|test("search")) | .query' "$S/log" | tail -n 1 | sed 's/.*q=\([^&]*\).*/\1/')" "Saint%20Girons" \
    "place is URL-encoded"
exits 0 "--single by point" -- sub -n --single --lat 43.5 --lon 1 -d 2017-07-01 -e 2017-08-01
ok "jq -r '.query' '$S/log' | tail -n 1 | grep -q 'lat=43.500000&lon=1.000000'" "point printed with 6 decimals"
exits 1 "--single finding nothing: 1" -- sub --single -t 30TXN -d 2017-07-01 -e 2017-08-01
ok "grep -q 'no S2 L1C product matches' '$T/.err'" "message"

plan "$_tap_n"
done_testing
