#!/bin/sh
# majapoll against the loopback WPS stand-in: every job state of the
# status document (§7.4) and the execution report (§7.3) with its exit
# status, downloads of finished results (NOVALD skipped, verified files
# not fetched again, unprocessed dates reported), the "update status" call,
# credentials from the auth file or netrc (Basic up front, as the status
# requests: a 401 without a challenge is no obstacle; none to another host
# a result is redirected to), 401, 404, no server, several
# records, single-product records and --wait with its deadline.
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
"$PY" "$A2_TOP/tests/servers/wps.py" --dir "$S" --port-file "$S/port" --log "$S/log" --max-records 2 &
at_exit "kill $!"
wait_file "$S/port"
P=$(cat "$S/port")
H=http://127.0.0.1:$P
export A2_MAJA_WPS_URL=$H/wps A2_MAJA_SEARCH_URL=$H/resto/api/collections A2_RETRY_DELAY_MS=1
printf 'maja@example.org s3cret\n' >auth.txt
chmod 600 auth.txt
: >"$S/log"
poll() { majapoll -a auth.txt --retries 1 "$@"; }
# written aside and renamed: the server must never read a half-written state
state() { printf '%s\n' "$2" >"$S/jobs/$1.new" && mv "$S/jobs/$1.new" "$S/jobs/$1"; }
# the state line of the last run, as "state wps_status job_status percent process"
st() { out | jq -r 'select(.maja.state and (.maja.result|not)) | .maja | [.state,.wps_status,.job_status,.percent,.process]|map(tostring)|join(" ")'; }
count() { jq -c "select($1)" "$S/log" | grep -c . ; }

majasubmit -a auth.txt -o job.json -t 31TCJ -d 2017-07-01 -e 2018-01-01 >/dev/null || exit 1
ID=$(jq -r .wps_id job.json)

# --- states ------------------------------------------------------------
exits 75 "accepted: 75" -- poll -o dl job.json
is "$(st)" "accepted accepted null null null" "accepted, no report yet"
ok "[ ! -e dl ] || [ -z \"\$(ls -A dl)\" ]" "nothing downloaded"

state "$ID" pending
exits 75 "pending: 75" -- poll -o dl job.json
is "$(st)" "pending accepted PENDING null 0" "pending"
is "$(out | jq -r .maja.job)" job.json "line names the record"

state "$ID" "stalled 40"
: >"$S/log"
exits 75 "stalled with percentage: 75" -- poll -o dl job.json
is "$(st)" "running started STALLED 40 40" "running at 40 %"
is "$(jq -r 'select(.identifier=="PROCESSING_STATUS") | .query' "$S/log")" \
    "request=execute&service=WPS&version=1.0.0&identifier=PROCESSING_STATUS&datainputs=wps_id=$ID&status=false&storeExecuteResponse=false" \
    "the update-status call of §7.2"
is "$(jq -r .path "$S/log" | sed "s/$ID/ID/" | tr '\n' ' ')" "/outputs/pywps-ID.xml /wps /reports/ID.json " \
    "status document, update, report"

state "$ID" "error MAJA failed: no DEM north of 60N"
exits 1 "ERROR: 1" -- poll -o dl job.json
is "$(out | jq -r '.maja | .state + ": " + .message')" "error: MAJA failed: no DEM north of 60N" "error and message"
ok "grep -q 'job ERROR: MAJA failed: no DEM north of 60N' '$T/.err'" "message on stderr"
state "$ID" "canceled canceled by the operator"
exits 1 "CANCELED: 1" -- poll -o dl job.json
is "$(out | jq -r '.maja | .state + ": " + .message')" "canceled: canceled by the operator" "canceled and message"
state "$ID" "failed HPC node lost"
exits 1 "ProcessFailed: 1" -- poll -o dl job.json
is "$(out | jq -r '.maja | .state + " " + .wps_status + " " + .message')" "failed failed HPC node lost" "failed in the status document"
ok "grep -q 'job failed: NoApplicableCode: HPC node lost' '$T/.err'" "exception text on stderr"
state "$ID" noref
exits 1 "succeeded without a report: 1" -- poll -o dl job.json

# --- finished: downloads ----------------------------------------------------
head -c 300000 /dev/urandom >"$S/results/SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip"
head -c 200000 /dev/urandom >"$S/results/SENTINEL2B_20170708-105618-460_L2A_T31TCJ_C_V1-0.zip"
A=SENTINEL2A_20170703-105903-455_L2A_T31TCJ_C_V1-0.zip
B=SENTINEL2B_20170708-105618-460_L2A_T31TCJ_C_V1-0.zip
N=SENTINEL2A_20170713-105903-455_L2A_T31TCJ_C_V1-0_NOVALD.zip
printf '%s\n' "$A" "$N" "$B" >"$S/jobs/$ID.results"
state "$ID" "finished 2"
: >"$S/log"
exits 0 "finished: 0" -- poll -o dl job.json
same_file dl/$A "$S/results/$A" "first result downloaded"
same_file dl/$B "$S/results/$B" "second result downloaded"
ok "[ ! -e dl/$N ]" "NOVALD result not downloaded"
is "$(out | jq -r 'select(.maja.result) | .maja.state + " " + .maja.result' | tr '\n' ',')" \
    "downloaded $A,novald $N,downloaded $B," "one line per result"
is "$(out | jq -r 'select(.download.name=="'$A'") | .download | [.path,.size,.sha256]|map(tostring)|join(" ")')" \
    "$TT/dl/$A 300000 $(sha256sum "$S/results/$A" | cut -c1-64)" "download record (path, size, sha256)"
is "$(out | jq -r 'select(.maja.result|not) | .maja | [.state,.job_status,.results,.downloaded,.novald,.unprocessed]|map(tostring)|join(" ")')" \
    "finished FINISHED 3 2 1 2" "state line counts"
ok "grep -q 'NOVALD.zip: too cloudy (NOVALD): skipped' '$T/.err'" "NOVALD noted"
ok "grep -q 'job.json: 2 L1C dates could not be processed' '$T/.err'" "unprocessed dates warned about"
is "$(count '.path|startswith("/results/")' )" 2 "results: Basic up front, one GET each"
is "$(jq -r 'select(.path|startswith("/results/")) | [.auth,.auth_user,.status]|map(tostring)|join(" ")' "$S/log" | sort -u)" \
    "true maja@example.org 200" "results: the auth file's credentials, accepted"
ok "! grep -rq s3cret dl $TT/job.json" "no password in downloads or records"
ok "no_temps dl" "no temp files"

: >"$S/log"
exits 0 "re-run: 0" -- poll -o dl job.json
is "$(count '.path|startswith("/results/")')" 0 "verified results not fetched again"
is "$(out | jq -r 'select(.maja.result) | .maja.state' | tr '\n' ' ')" "present novald present " "present, novald, present"

# a result the service lists but cannot serve
printf '%s\n' "$A" missing.zip >"$S/jobs/$ID.results"
exits 1 "a result that is not there: 1" -- poll -o dl job.json
ok "grep -q 'missing.zip: HTTP 404' '$T/.err'" "404 of the result named"
printf '%s\n' "$A" "$N" "$B" >"$S/jobs/$ID.results"

# a server whose 401 carries no challenge: the results get Basic up front,
# as the status requests do (and as the original scripts did everywhere)
touch "$S/nochallenge"
: >"$S/log"
exits 0 "401 without a challenge: results downloaded" -- poll -o dl6 job.json
same_file dl6/$A "$S/results/$A" "without a challenge: first result"
same_file dl6/$B "$S/results/$B" "without a challenge: second result"
is "$(count '.status==401')" 0 "without a challenge: no request refused"
printf 'machine 127.0.0.1 login maja@example.org password s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
exits 0 "401 without a challenge, netrc credentials: downloaded" -- majapoll -o dl7 job.json
same_file dl7/$B "$S/results/$B" "without a challenge, netrc: second result"
rm "$HOME/.netrc" "$S/nochallenge"

# a result redirected to another host (a presigned storage URL, here on
# 127.0.0.2) is fetched there without the credentials
printf '%s\n' "/moved/$A" >"$S/jobs/$ID.results"
hops() { jq -r 'select(.path|test("^/(moved|storage)/")) | [.path,.host,.auth]|map(tostring)|join(" ")' "$S/log" |
    sed "s/:$P / /" | tr '\n' ,; }
: >"$S/log"
exits 0 "result redirected to another host: 0" -- poll -o dl8 job.json
same_file dl8/$A "$S/results/$A" "redirected result downloaded"
is "$(hops)" "/moved/$A 127.0.0.1 true,/storage/$A 127.0.0.2 false," \
    "auth file: credentials to the service's host, none to the other"
printf 'machine 127.0.0.1 login maja@example.org password s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
: >"$S/log"
exits 0 "result redirected to another host, netrc credentials: 0" -- majapoll -o dl9 job.json
is "$(hops)" "/moved/$A 127.0.0.1 true,/storage/$A 127.0.0.2 false," \
    "netrc: credentials to the service's host, none to the other"
rm "$HOME/.netrc"
# a result the report places on another host: the auth file's credentials
# are the service's, so none go there
printf '%s\n' "http://127.0.0.2:$P/storage/$A" >"$S/jobs/$ID.results"
: >"$S/log"
exits 0 "result on another host: 0" -- poll -o dl10 job.json
same_file dl10/$A "$S/results/$A" "result on another host downloaded"
is "$(hops)" "/storage/$A 127.0.0.2 false," "auth file: no credentials to a result on another host"
printf '%s\n' "$A" "$N" "$B" >"$S/jobs/$ID.results"

# netrc instead of the auth file, for the status and the results
printf 'machine 127.0.0.1 login maja@example.org password s3cret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
exits 0 "credentials from ~/.netrc" -- majapoll -o dl2 job.json
same_file dl2/$B "$S/results/$B" "downloaded with netrc credentials"
# one libcurl would refuse, saying only "Failed to open/read local data"
printf 'machine 127.0.0.1 login maja@example.org\n  password "s3cret\n' >"$HOME/.netrc"
cp job.json job.before
n=$(grep -c . "$S/log")
exits 2 "malformed ~/.netrc: 2" -- majapoll -o dl3 job.json
is "$(err)" "majapoll: $HOME/.netrc: netrc file: line 2: unterminated quote" "malformed ~/.netrc: the file and line named"
is "$(grep -c . "$S/log")" "$n" "malformed ~/.netrc: no request made"
same_file job.json job.before "malformed ~/.netrc: the record untouched"
rm "$HOME/.netrc" job.before

# --- refusals and failures ----------------------------------------------------
printf 'maja@example.org wrong\n' >wrong.txt
chmod 600 wrong.txt
exits 77 "wrong password: 77" -- majapoll -a wrong.txt -o dl job.json
is "$(st)" "refused null null null null" "refused"
exits 77 "no credentials: 77" -- majapoll -o dl job.json
rm "$S/jobs/$ID"
exits 1 "status document 404: 1" -- poll -o dl job.json
is "$(st)" "missing null null null null" "missing"
ok "grep -q 'HTTP 404: the service does not know this job' '$T/.err'" "404 message"
state "$ID" "stalled 10"
jq --arg u "http://127.0.0.1:1/outputs/pywps-$ID.xml" '.status_location = $u' job.json >gone.json
exits 75 "status server unreachable: 75" -- poll -o dl gone.json
is "$(st)" "unreachable null null null null" "unreachable"
printf '{"provider":"nasa"}\n' >odd.json
exits 1 "unknown provider: 1" -- poll odd.json
printf 'not json\n' >bad.json
exits 1 "not a record: 1" -- poll bad.json
exits 2 "no record: usage" -- poll

# --- several records ------------------------------------------------------------
majasubmit -a auth.txt -o job2.json -t 31TCK -d 2017-07-01 -e 2018-01-01 >/dev/null || exit 1
ID2=$(jq -r .wps_id job2.json)
state "$ID" "finished 0"
state "$ID2" "stalled 5"
exits 75 "finished + running: 75" -- poll -o dl job.json job2.json
is "$(st | tr '\n' ',')" "finished succeeded FINISHED null 100,running started STALLED 5 5," "both states"
state "$ID2" "error broken"
exits 1 "finished + error: 1" -- poll -o dl job.json job2.json

# --- single-product record ---------------------------------------------------
printf '%s\n' S2A_MSIL1C_20170701T105031_N0205_R051_T31TCJ_20170701T105303 \
    S2A_MSIL1C_20170711T105031_N0205_R051_T31TCJ_20170711T105303 >"$S/catalogue.txt"
majasubmit -a auth.txt --single -o single.json -t 31TCJ -d 2017-07-01 -e 2017-08-01 >/dev/null || exit 1
J1=$(jq -r '.jobs[0].wps_id' single.json)
J2=$(jq -r '.jobs[1].wps_id' single.json)
printf '%s\n' "$A" >"$S/jobs/$J1.results"
printf '%s\n' "$B" >"$S/jobs/$J2.results"
state "$J1" "finished"
state "$J2" "stalled 50"
exits 75 "single: one finished, one running: 75" -- poll -o dl3 single.json
is "$(out | jq -r 'select(.maja.result|not) | .maja.product[11:19] + " " + .maja.state' | tr '\n' ',')" \
    "20170701 finished,20170711 running," "a state line per product"
same_file dl3/$A "$S/results/$A" "the finished product's result is there"
state "$J2" "finished"
exits 0 "single: both finished: 0" -- poll -o dl3 single.json
same_file dl3/$B "$S/results/$B" "second product's result"

# --- --wait -------------------------------------------------------------------
state "$ID" "stalled 60"
exits 75 "--wait until the deadline: 75" -- poll --wait --interval 0.05 --deadline 0.3 -o dl4 job.json
ok "[ \$(out | grep -c running) -ge 2 ]" "polled more than once"
ok "grep -q 'giving up for now' '$T/.err'" "deadline message"

: >"$S/log"
poll --wait --interval 0.05 --deadline 60 -o dl5 job.json >wait.out 2>wait.err &
wpid=$!
i=0
while [ "$(count '.path|startswith("/outputs/")')" -lt 2 ] && [ $i -lt 3000 ]; do
	i=$((i + 1)); sleep 0.01
done
state "$ID" "finished"
wait $wpid
is "$?" 0 "--wait: 0 once finished"
same_file dl5/$A "$S/results/$A" "--wait downloaded the results"
is "$(jq -r 'select(.maja.result|not) | .maja.state' wait.out | tail -n 1)" finished "last state: finished"

plan "$_tap_n"
done_testing
