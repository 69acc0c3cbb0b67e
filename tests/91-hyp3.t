#!/bin/sh
# hyp3submit and hyp3poll against the loopback HyP3 API and Earthdata
# Login of tests/servers/hyp3.py (hyp3-gunw.md §1, §2, §8): pairs checked
# before anything is sent, the dry run's request bodies, batches of 200,
# the credit check of GET /user, HyP3's refusals (400, 401, 403, credits)
# with its own words and their exit statuses, 429 and 503 retried, the
# Earthdata Login cookie flow (Basic to the EDL host only, the asf-urs
# cookie to the API only) and its refusals, a bearer token from a 0600
# file, the exact job records, a re-run that sends nothing, the jobs
# followed PENDING -> RUNNING -> SUCCEEDED/FAILED with their files
# downloaded (verified by size, not fetched again; both shapes of a
# succeeded job, an archive file redirected to another host), expired
# jobs refused, listings by name over next pages (an empty last page),
# --wait with its deadline, and no secret in any output, record, log or
# process's argv and environment.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || skip_all "no $PY"
command -v jq >/dev/null || skip_all "jq needed"
own_home
unset A2_HYP3_URL A2_HYP3_LOGIN_URL A2_HYP3_TOKEN_FILE
cd "$T" || exit 1
TT=$(pwd -P)

S=$T/srv
mkdir -p "$S"
PW="edl-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')-Pw"
TOKEN="tok-$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')"
"$PY" "$A2_TOP/tests/servers/hyp3.py" --dir "$S" --port-file "$S/port" --log "$S/log" \
    --user edluser --password "$PW" --token "$TOKEN" --page-size 2 &
SRV=$!
at_exit "kill $SRV"
wait_file "$S/port" || exit 1
P=$(cat "$S/port")
H=http://127.0.0.1:$P
export A2_HYP3_URL=$H A2_RETRY_DELAY_MS=1
export A2_HYP3_LOGIN_URL="http://127.0.0.2:$P/oauth/authorize?response_type=code&client_id=BO_n7nTIlMljdvU6kRRB3g&redirect_uri=$H/login&app_type=401"
umask 077
printf 'machine 127.0.0.2 login edluser password %s\n' "$PW" >netrc
printf 'machine 127.0.0.2 login edluser password wrong\n' >badnetrc
printf '%s\n' "$TOKEN" >token
printf 'not-the-token\n' >badtoken
umask 022
export A2_NETRC=$TT/netrc

# every run's output is kept, for the search for secrets at the end
run() {
	"$@" >"$T/r.out" 2>"$T/r.err"
	_rc=$?
	cat "$T/r.out" "$T/r.err" >>"$T/all"
	cat "$T/r.out"
	cat "$T/r.err" >&2
	return $_rc
}
sub() { run hyp3submit --retries 2 "$@"; }
pol() { run hyp3poll --retries 2 "$@"; }
setst() { printf '%s\n' "$1" >"$S/user.json.new" && mv "$S/user.json.new" "$S/user.json"; }
# the log's requests as "METHOD HOST PATH STATUS AUTH COOKIE", paths without ids
reqs() {
	jq -r '[.method, .host, (.path | sub("code=[0-9a-f]+"; "code=C") | sub("start_token=[^&]+"; "start_token=T")
	    | sub("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"; "ID"; "g")),
	    (.status|tostring), (.auth // "-"), (if .asf_urs then "asf-urs" elif .cookie then "cookie" else "-" end)]
	    | join(" ")' "$S/log"
}
V1=S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1.nc
P1='{"frame_id":9852,"reference_date":"2024-12-16","secondary_date":"2024-12-04"}'

# --- pairs are checked before anything is sent --------------------------------
: >"$S/log"
exits 2 "a secondary date after the reference: 2" -- sub 9852:2024-12-04:2024-12-16
is "$(err)" "hyp3submit: 9852:2024-12-04:2024-12-16: secondary_date 2024-12-16 is not before reference_date 2024-12-04
hyp3submit: bad pairs: nothing submitted" "what is wrong, and nothing submitted"
exits 2 "a frame out of 0-27397: 2" -- sub 27398:2024-12-16:2024-12-04
ok "grep -q 'frame_id: not an integer from 0 to 27397' '$T/.err'" "the frame rule named"
exits 2 "a date before Sentinel-1: 2" -- sub 100:2014-06-20:2014-06-14
ok "grep -q '2014-06-14: before the start of the Sentinel-1 mission (2014-06-15)' '$T/.err'" "the first date named"
printf '%s\nnot json\n' "$P1" >bad.jsonl
exits 2 "a stdin line that is no pair: 2" -- sh -c 'hyp3submit <bad.jsonl'
ok "grep -q 'stdin: line 2' '$T/.err'" "the bad line named"
is "$(cat "$S/log")" "" "nothing was sent"

# --- the dry run: the request bodies, batches of 200 ----------------------------
exits 0 "dry run" -- sub -n --name proj1 "$P1" 657:2023-11-24:2023-11-12
is "$(out)" '{"jobs":[{"job_type":"ARIA_S1_GUNW","name":"proj1","job_parameters":{"reference_date":"2024-12-16","secondary_date":"2024-12-04","frame_id":9852}},{"job_type":"ARIA_S1_GUNW","name":"proj1","job_parameters":{"reference_date":"2023-11-24","secondary_date":"2023-11-12","frame_id":657}}]}' \
    "the body of POST /jobs (the names of §1.3)"
i=0
while [ $i -lt 201 ]; do printf '{"frame_id":%d,"reference_date":"2020-01-13","secondary_date":"2020-01-01"}\n' $((1000 + i)); i=$((i + 1)); done >many.jsonl
exits 0 "dry run of 201 pairs" -- sh -c 'hyp3submit -n --validate-only <many.jsonl'
is "$(out | jq -c '[.validate_only, (.jobs|length)]' | tr '\n' ' ')" "[true,200] [true,1] " "two bodies: 200 jobs and 1"
is "$(cat "$S/log")" "" "a dry run sends nothing"

# --- Earthdata Login ---------------------------------------------------------------
: >nonetrc
chmod 600 nonetrc
exits 77 "no netrc entry for the EDL host: 77" -- env A2_NETRC=nonetrc hyp3submit -o recs "$P1"
is "$(err)" "hyp3submit: no Earthdata Login credentials: no entry for 127.0.0.2 in nonetrc (or give --token-file)" "what is missing"
exits 77 "a wrong EDL password: 77" -- sub --netrc-file badnetrc -o recs "$P1"
is "$(err)" "hyp3submit: Earthdata Login: HTTP 401: credentials refused (check the 127.0.0.2 entry of badnetrc)" "EDL's refusal"
setst '{"edl_error":"Pre authorization required for this application"}'
exits 77 "EDL's error_msg in the final URL: 77" -- sub -o recs "$P1"
is "$(err)" "hyp3submit: Earthdata Login: Pre authorization required for this application: https://urs.earthdata.nasa.gov/approve_app?client_id=BO_n7nTIlMljdvU6kRRB3g" \
    "error_msg: resolution_url (§2.1 step 3)"
setst '{}'
: >"$S/log"
chmod 644 token
exits 2 "a token file readable by others: 2" -- sub --token-file token -o recs "$P1"
chmod 600 token
ok "grep -q 'token file readable by others: chmod 600 it' '$T/.err'" "refused, naming the fix"
exits 77 "a token HyP3 does not accept: 77" -- sub --token-file badtoken -o recs "$P1"
is "$(err)" "hyp3submit: $H/user: HTTP 401: Invalid authorization token provided: Signature verification failed" "HyP3's words"

# --- credits and access, checked first (GET /user), then HyP3's own refusals --------
setst '{"remaining_credits":100}'
: >"$S/log"
exits 77 "credits would not suffice: 77" -- sub -o recs "$P1" 657:2023-11-24:2023-11-12
is "$(err)" "hyp3submit: $H/user: 2 jobs would cost 120 credits, but HyP3 user myUserId has only 100 remaining (credits renew on the first day of each month, UTC)" \
    "the credit check's message"
is "$(reqs | tr '\n' ';')" "GET 127.0.0.2 /oauth/authorize?response_type=code&client_id=BO_n7nTIlMljdvU6kRRB3g&redirect_uri=$H/login&app_type=401 302 Basic -;GET 127.0.0.1 /login?code=C 200 - -;GET 127.0.0.1 /user 200 - asf-urs;" \
    "login (Basic to the EDL host only), then GET /user with the cookie; no POST"
setst '{"remaining_credits":100,"report_credits":8000}'
exits 77 "HyP3's own credit refusal: 77" -- sub -o recs "$P1" 657:2023-11-24:2023-11-12
is "$(err)" "hyp3submit: $H/jobs: HTTP 400: These jobs would cost 120.0 credits, but you have only 100.0 remaining." "in HyP3's words"
setst '{"application_status":"PENDING"}'
exits 77 "access not approved (GET /user): 77" -- sub -o recs "$P1"
is "$(err)" "hyp3submit: $H/user: HyP3 user myUserId: application_status PENDING: not approved to submit jobs (https://hyp3-docs.asf.alaska.edu/using/requesting_access)" \
    "the account's state"
setst '{"application_status":"NOT_STARTED","report_status":"APPROVED"}'
exits 77 "HyP3's 403: 77" -- sub -o recs "$P1"
is "$(err)" "hyp3submit: $H/jobs: HTTP 403: myUserId must request access before submitting jobs. Visit https://hyp3-docs.asf.alaska.edu/using/requesting_access" \
    "in HyP3's words"
setst '{}'
exits 2 "a date in the future: HyP3's 400, 2" -- sub -o recs 9852:2099-01-13:2099-01-01
is "$(err)" "hyp3submit: $H/jobs: HTTP 400: \"reference_date\" is 2099-01-13 which is a date in the future." "in HyP3's words"
ok "[ ! -e recs ] || [ -z \"\$(ls recs)\" ]" "no record of a refused request"

# --- validate only ------------------------------------------------------------------
: >"$S/log"
exits 0 "--validate-only" -- sub --validate-only --name proj1 -o recs "$P1"
is "$(out | jq -c 'del(.job_id)')" "{\"provider\":\"hyp3\",\"endpoint\":\"$H\",\"job_type\":\"ARIA_S1_GUNW\",\"name\":\"proj1\",\"job_parameters\":{\"reference_date\":\"2024-12-16\",\"secondary_date\":\"2024-12-04\",\"frame_id\":9852},\"user_id\":\"myUserId\",\"request_time\":\"2025-06-20T18:00:03+00:00\",\"credit_cost\":60,\"validate_only\":true}" \
    "the job HyP3 would make"
is "$(jq -c .body "$S/log" | grep -v null)" '{"validate_only":true,"jobs":[{"job_type":"ARIA_S1_GUNW","name":"proj1","job_parameters":{"reference_date":"2024-12-16","secondary_date":"2024-12-04","frame_id":9852}}]}' \
    "validate_only sent"
ok "[ ! -e recs ] || [ -z \"\$(ls recs)\" ]" "no record written"

# --- submitting: the records, 429 and 503 retried, a re-run sends nothing -----------
printf '{"9852":"processed","657":"archive","101":"failed","102":"failed-early","103":"expired","104":"stuck"}\n' >"$S/plans.json"
setst '{"throttle":2}'
: >"$S/log"
exits 0 "submit two pairs (after two 429s)" -- sub -v --name proj1 -o recs "$P1" 657:2023-11-24:2023-11-12
is "$(ls recs | tr '\n' ' ')" "F657-20231124_20231112.json F9852-20241216_20241204.json " "one record per job"
is "$(jq -c 'del(.job_id)' recs/F9852-20241216_20241204.json)" "{\"provider\":\"hyp3\",\"endpoint\":\"$H\",\"job_type\":\"ARIA_S1_GUNW\",\"name\":\"proj1\",\"job_parameters\":{\"reference_date\":\"2024-12-16\",\"secondary_date\":\"2024-12-04\",\"frame_id\":9852},\"user_id\":\"myUserId\",\"request_time\":\"2025-06-20T18:00:03+00:00\",\"credit_cost\":60}" \
    "the record of frame 9852"
ok "jq -e '.job_id | test(\"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\$\")' recs/F657-20231124_20231112.json >/dev/null" "a job_id"
is "$(out | jq -r .job_id | tr '\n' ' ')" "$(jq -r .job_id recs/F9852-20241216_20241204.json recs/F657-20231124_20231112.json | tr '\n' ' ')" "the records printed"
is "$(reqs | sed 1,2d | tr '\n' ';')" "GET 127.0.0.1 /user 429 - asf-urs;GET 127.0.0.1 /user 429 - asf-urs;GET 127.0.0.1 /user 200 - asf-urs;POST 127.0.0.1 /jobs 200 - asf-urs;" \
    "429 retried"
ok "grep -q '< Location: $H/login?code=(hidden)\$' '$T/.err'" "-v: the login code hidden in the redirect"
ok "grep -q '> GET /login?code=(hidden) HTTP/1.1\$' '$T/.err'" "-v: and in the request"
ok "! grep -q 'code=[0-9a-f]' '$T/.err'" "-v: no login code"
: >"$S/log"
exits 0 "a re-run" -- sub --name proj1 -o recs "$P1" 657:2023-11-24:2023-11-12
is "$(out)" "" "prints nothing"
is "$(cat "$S/log")" "" "and sends no request"
setst '{"unavailable":9}'
exits 75 "503 until the retries run out: 75" -- sub -o recs 101:2023-11-24:2023-11-12
ok "grep -q 'HTTP 503; giving up after 3 attempts' '$T/.err'" "given up"
setst '{}'
exits 0 "with the bearer token, no Earthdata Login" -- sub -v --token-file token --name proj2 -o recs \
    101:2023-11-24:2023-11-12 102:2023-11-24:2023-11-12 103:2023-11-24:2023-11-12 104:2023-11-24:2023-11-12
is "$(reqs | tail -2 | tr '\n' ';')" "GET 127.0.0.1 /user 200 Bearer -;POST 127.0.0.1 /jobs 200 Bearer -;" "the token to the API"
is "$(grep -c '> Authorization: (hidden)' "$T/.err")" 2 "-v: the token hidden"
setst '{"remaining_credits":null}'
: >"$S/log"
exits 0 "201 pairs (unlimited credits): two batches" -- sh -c 'hyp3submit --token-file token -o many <many.jsonl >/dev/null'
is "$(jq -r 'select(.method=="POST") | .body.jobs | length' "$S/log" | tr '\n' ' ')" "200 1 " "POSTs of 200 jobs and 1"
is "$(ls many | wc -l)" 201 "201 records"

# --- polling: the processed job ------------------------------------------------
R=recs/F9852-20241216_20241204.json
J=$(jq -r .job_id $R)
exits 75 "PENDING: 75" -- pol -o dl $R
is "$(out)" "{\"hyp3\":{\"job\":\"$R\",\"job_id\":\"$J\",\"status_code\":\"PENDING\",\"state\":\"pending\"}}" "pending"
exits 75 "RUNNING: 75" -- pol -o dl $R
is "$(out | jq -r .hyp3.state)" running "running"
: >"$S/log"
exits 0 "SUCCEEDED: its file downloaded, 0" -- pol -v -o dl $R
is "$(out | sed -n 1p | jq -c 'del(.download.path, .download.url)')" "{\"download\":{\"size\":10852,\"sha256\":\"$(sha256sum "$S/files/$V1" | cut -c1-64)\",\"name\":\"$V1\"},\"hyp3\":{\"job\":\"$R\",\"job_id\":\"$J\",\"file\":\"$V1\",\"state\":\"downloaded\"}}" \
    "the download line"
is "$(out | sed -n 2p)" "{\"hyp3\":{\"job\":\"$R\",\"job_id\":\"$J\",\"status_code\":\"SUCCEEDED\",\"files\":1,\"downloaded\":1,\"archive\":false,\"state\":\"succeeded\",\"expiration_time\":\"2120-10-21T00:00:00+00:00\"}}" \
    "the job line"
same_file "dl/$V1" "$S/files/$V1" "the GUNW file, named as HyP3 names it"
is "$(reqs | tr '\n' ';')" "GET 127.0.0.2 /oauth/authorize?response_type=code&client_id=BO_n7nTIlMljdvU6kRRB3g&redirect_uri=$H/login&app_type=401 302 Basic -;GET 127.0.0.1 /login?code=C 200 - -;GET 127.0.0.1 /jobs/ID 200 - asf-urs;GET 127.0.0.1 /files/ID/$V1 200 - -;" \
    "no credential and no cookie to the file host"
: >"$S/log"
exits 0 "again: the file is not fetched again" -- pol -o dl $R
is "$(out | sed -n 1p | jq -r .hyp3.state)" present "present"
is "$(jq -r .path "$S/log" | grep -c /files/)" 0 "no file request"

# --- the archive's answer (§8.1), redirected to another host -------------------
R=recs/F657-20231124_20231112.json
exits 75 "archive: PENDING" -- pol -o dl $R
: >"$S/log"
exits 0 "archive: SUCCEEDED without RUNNING" -- pol -o dl $R
is "$(out | sed -n 2p | jq -c '.hyp3 | [.state, .archive, .expiration_time]')" '["succeeded",true,"3025-06-20T18:07:41+00:00"]' "the archive shape"
N657=$(out | sed -n 1p | jq -r .download.name)
same_file "dl/$N657" "$S/files/$N657" "its file"
is "$(reqs | grep -v -e /jobs/ -e /oauth/ -e /login | tr '\n' ';')" "GET 127.0.0.1 /door/$N657 302 - -;GET 127.0.0.2 /archive/$N657 200 - -;" \
    "redirected to another host, with no credential or cookie"

setst '{"lock_archive":true}'
exits 77 "an archive file that wants Earthdata Login: 77" -- pol -o dl657 $R
is "$(out | jq -r .hyp3.state)" incomplete "incomplete"
setst '{}'

# --- failures, expiry, listing by name -----------------------------------------
for r in F101 F101 F102 F103; do pol -o dl recs/$r-*.json >/dev/null 2>&1; done
exits 1 "FAILED: 1" -- pol -o dl recs/F101-*.json
J101=$(jq -r .job_id recs/F101-*.json)
is "$(err)" "hyp3poll: $(ls recs/F101-*.json): job $J101 FAILED; its log: $H/files/$J101/$J101.log" "the failure and its log"
exits 1 "FAILED early, no files or logs: 1" -- pol -o dl recs/F102-*.json
is "$(out | jq -r .hyp3.state)" failed "failed"
pol -o dl recs/F103-*.json >/dev/null 2>&1
exits 1 "expired: 1" -- pol -o dl recs/F103-*.json
is "$(err)" "hyp3poll: $(ls recs/F103-*.json): job $(jq -r .job_id recs/F103-*.json) expired at 2020-01-01T00:00:00+00:00: HyP3 has deleted its files; submit the pair again" \
    "refused, saying why"
is "$(out | jq -r .hyp3.state)" expired "expired"
: >"$S/log"
exits 1 "the jobs of a name: the worst status (failed: 1, over stuck: 75)" -- pol --token-file token -o dl --name proj2
is "$(out | jq -r '.hyp3 | .job + " " + .status_code + " " + .state' | sort | tr '\n' ';')" \
    "proj2 FAILED failed;proj2 FAILED failed;proj2 PENDING pending;proj2 SUCCEEDED expired;" "every job of proj2"
is "$(reqs | tr '\n' ';')" "GET 127.0.0.1 /jobs?name=proj2 200 Bearer -;GET 127.0.0.1 /jobs?name=proj2&start_token=T 200 Bearer -;GET 127.0.0.1 /jobs?name=proj2&start_token=T 200 Bearer -;" \
    "next pages followed to the empty last page"
setst "{\"next_host\":\"127.0.0.2:$P\"}"
: >"$S/log"
exits 1 "a next page on another host: 1" -- pol --token-file token -o dl --name proj2
is "$(err)" "hyp3poll: http://127.0.0.2:$P/jobs?name=proj2&start_token=eyJvZmZzZXQiOiAyfQ%3D%3D: next page on another host than $H: not followed" \
    "not followed"
is "$(reqs | tr '\n' ';')" "GET 127.0.0.1 /jobs?name=proj2 200 Bearer -;" "nothing sent to the other host"
setst '{}'
jq ".endpoint = \"http://127.0.0.2:$P\"" recs/F9852-20241216_20241204.json >elsewhere.json
: >"$S/log"
exits 2 "a record of another API than the one asked for: 2" -- pol --token-file token elsewhere.json
is "$(err)" "hyp3poll: elsewhere.json: submitted to http://127.0.0.2:$P: poll it with --endpoint http://127.0.0.2:$P" "said"
is "$(cat "$S/log")" "" "nothing sent"
exits 1 "no job of that name: 1" -- pol --token-file token --name nosuch
is "$(err)" "hyp3poll: $H: no job named nosuch" "said"

# --- --wait and its deadline ------------------------------------------------------
exits 75 "--wait: a stuck job, deadline 2 s: 75" -- pol --wait --interval 0.05 --deadline 2 -o dl recs/F104-*.json
ok "grep -q 'not done after 2 s: giving up for now' '$T/.err'" "given up at the deadline"
ok "[ \$(out | grep -c pending) -ge 2 ]" "polled again, the last time at the deadline"
sub --token-file token --name proj3 -o recs3 2222:2023-11-24:2023-11-12 >/dev/null 2>&1
exits 0 "--wait to the end: 0" -- pol --wait --interval 0.05 -o dl recs3/F2222-*.json
is "$(out | jq -r .hyp3.state | tr '\n' ' ')" "pending running downloaded succeeded " "pending, running, downloaded"

# --- a file shorter than HyP3 says --------------------------------------------------
sub --token-file token -o recs4 2223:2023-11-24:2023-11-12 >/dev/null 2>&1
pol -o dl recs4/*.json >/dev/null 2>&1; pol -o dl recs4/*.json >/dev/null 2>&1
setst '{"short_files":true}'
exits 1 "a short file: not kept, 1" -- pol --retries 0 -o dl4 recs4/*.json
ok "[ -z \"\$(ls dl4 2>/dev/null)\" ]" "no file under its name"
setst '{}'
exits 0 "the whole file next time" -- pol -o dl4 recs4/*.json
ok "[ \$(stat -c %s dl4/*.nc) = 3223 ]" "verified by size"

# --- bad records -----------------------------------------------------------------
printf '{"provider":"peps"}\n' >other.json
exits 1 "not a hyp3 record: 1" -- pol other.json
is "$(err)" "hyp3poll: other.json: not a hyp3submit job record" "said"
jq '.job_id = "00000000-0000-4000-8000-000000000000"' recs/F9852-20241216_20241204.json >gone.json
exits 1 "a job HyP3 does not know: 1" -- pol gone.json
is "$(err)" "hyp3poll: $H/jobs/00000000-0000-4000-8000-000000000000: HTTP 404: job_id does not exist: 00000000-0000-4000-8000-000000000000" "HyP3's words"
exits 2 "neither records nor --name: 2" -- hyp3poll

# --- secrets ------------------------------------------------------------------------
# a poll that waits, sampled: its argv and environment
pol --token-file token --wait --interval 0.2 --deadline 2 recs/F104-*.json >/dev/null 2>&1 &
w=$!
B64=$(printf 'edluser:%s' "$PW" | base64 | tr -d '\n')
printf '%s\n%s\n%s\n' "$PW" "$B64" "$TOKEN" >pat
cat "$S/issued" >>pat
leaks=0 samples=0
while kill -0 $w 2>/dev/null; do
	grep -lsaF -f pat /proc/$w/cmdline /proc/$w/environ >/dev/null 2>&1 && leaks=$((leaks + 1))
	for c in $(pgrep -P $w); do
		grep -lsaF -f pat /proc/$c/cmdline /proc/$c/environ >/dev/null 2>&1 && leaks=$((leaks + 1))
	done
	samples=$((samples + 1))
done
wait $w
ok "[ $samples -ge 2 ]" "argv and environment sampled ($samples)"
is "$leaks" 0 "no secret in them"
ok "[ \$(grep -c . '$S/issued') -ge 5 ]" "asf-urs cookies were issued (searched for too)"
is "$(grep -rlaF -f pat "$T/all" recs recs3 recs4 many dl dl4 2>/dev/null | wc -l)" 0 \
    "no password, Basic header, token or asf-urs value in any output, -v trace, record or download"
ok "! grep -qaF -f pat '$S/log'" "nor in what the server logged"

done_testing
