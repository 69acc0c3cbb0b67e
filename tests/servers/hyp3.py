#!/usr/bin/python3
"""Loopback stand-in for ASF HyP3's API and Earthdata Login (hyp3-gunw.md
§1, §2, §8; standard library only).

On 127.0.0.1 (the HyP3 API and ASF's login end):
  GET  /user            the caller's user (DIR/user.json: application_status,
                        remaining_credits; report_credits and report_status
                        override what GET /user says, to reach POST's checks)
  POST /jobs            {"validate_only"?, "jobs": [1..200]}: the schema,
                        the ARIA_S1_GUNW validators, application_status,
                        credits (§1.3), in that order, with HyP3's error bodies
  GET  /jobs            ?name= &status_code= &job_type= &start_token=: the
                        caller's jobs, newest first, --page-size a page,
                        "next" (kept parameters + start_token) while more
                        remain, and an empty last page after a full one (§8.6)
  GET  /jobs/<id>       one job; unknown: 404, not a UUID: 400
  GET  /login?code=     sets the asf-urs cookie for a code EDL issued
  GET  /files/<id>/<name>, /door/<name> (302 to /archive/<name> on
                        127.0.0.2), ranges answered with 206
On 127.0.0.2, same port (Earthdata Login, the archive):
  GET  /oauth/authorize  checks Basic (--user, --password; none: 401 with a
                        challenge), then 302 to redirect_uri?code=...
                        (DIR/user.json edl_error: 302 with error_msg and
                        resolution_url, §2.1 step 3)
  GET  /archive/<name>  a file of an archived job

API paths need "Authorization: Bearer --token" or the asf-urs cookie (401
with §1.7's details).  DIR/user.json "throttle": N answers the next N API
requests 429 (Retry-After: 0), "unavailable": N with §1.7's 503;
"next_host" is the host of the listings' next URLs (X-Forwarded-Host, §8.6);
"short_files": true serves every file 10 bytes short of its size;
"lock_archive": true answers the archive's files 401 (Earthdata Login wanted).

Each job advances one status a look (GET /jobs/<id> or a listing) along
its plan, chosen by frame_id from DIR/plans.json ({"<frame>": plan}):
processed (PENDING, RUNNING, SUCCEEDED with s3 files), archive (PENDING,
SUCCEEDED answered from the archive, §8.1), failed (PENDING, RUNNING,
FAILED with logs, §8.4), failed-early (PENDING, FAILED, no files/logs),
expired (as processed, expiration_time past), stuck (PENDING for ever),
instant (SUCCEEDED at once, as processed).  Files are written to
DIR/files/<name> when the job is made (size 1000 + frame_id); with
--a2synth PATH they are real GUNW netCDF files, made by that a2synth
(--gunw, --frame) with two S1A scenes a pass numbered as a2synth numbers
them, and named with the MD5 hash of those scenes (hyp3-gunw.md §4.1).  Every
request is logged to --log as a JSON line (never a secret: only which
kind of credential came) before the answer.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import threading
import urllib.parse
import uuid

import loopback

lock = threading.Lock()
args = None
jobs = []          # newest last
codes = set()      # one-time codes EDL issued
jwts = set()       # asf-urs values /login issued
REQTIME = "2025-06-20T18:00:03+00:00"
STEPS = {"processed": ["PENDING", "RUNNING", "SUCCEEDED"], "archive": ["PENDING", "SUCCEEDED"],
         "failed": ["PENDING", "RUNNING", "FAILED"], "failed-early": ["PENDING", "FAILED"],
         "expired": ["PENDING", "RUNNING", "SUCCEEDED"], "stuck": ["PENDING"],
         "instant": ["SUCCEEDED"]}
VECTOR1 = "S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1"
FIRST = datetime.date(2014, 6, 15)


def state():
    try:
        with open(os.path.join(args.dir, "user.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save_state(s):
    p = os.path.join(args.dir, "user.json")
    with open(p + ".tmp", "w") as f:
        json.dump(s, f)
    os.replace(p + ".tmp", p)


def plans():
    try:
        with open(os.path.join(args.dir, "plans.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def problem(code, title, detail):
    return code, {"detail": detail, "status": code, "title": title, "type": "about:blank"}


def gunw_name(p):
    r, s = p["reference_date"].replace("-", ""), p["secondary_date"].replace("-", "")
    if p["frame_id"] == 9852 and r == "20241216" and s == "20241204":
        return VECTOR1
    h = hashlib.md5(("%d %s %s" % (p["frame_id"], r, s)).encode()).hexdigest()[:4]
    return "S1-GUNW-A-R-064-tops-%s_%s-015158-00120W_00038N-PP-%s-v3_0_1" % (r, s, h)


def slc(t, orbit, uid):
    """An S1A IW SLC name starting at t (datetime), as a2synth writes it."""
    u = t + datetime.timedelta(seconds=27)
    return "S1A_IW_SLC__1SDV_%s_%s_%06d_%06X_%s" % (t.strftime("%Y%m%dT%H%M%S"), u.strftime("%Y%m%dT%H%M%S"),
                                                    orbit, (orbit * 7) & 0xffffff, uid)


def synth_scenes(p):
    """The reference and secondary scenes of track 64 at 01:51:58 (a2synth's)."""
    utc = datetime.timezone.utc
    tc = datetime.datetime.fromisoformat(p["reference_date"] + "T01:51:58").replace(tzinfo=utc)
    ts = datetime.datetime.fromisoformat(p["secondary_date"] + "T01:51:59").replace(tzinfo=utc)
    epoch = datetime.datetime(2014, 4, 4, tzinfo=utc)
    orbit = 73 + 63 + 175 * int((tc - epoch).total_seconds() // (12 * 86400))
    s = datetime.timedelta(seconds=1)
    ref = [slc(tc - 26 * s, orbit, "9D6A"), slc(tc - s, orbit, "F3FE")]
    orbit -= 175 * int(((tc - ts).total_seconds() + 43200) // (12 * 86400))
    return ref, [slc(ts - 26 * s, orbit, "6070"), slc(ts - s, orbit, "BB7D")]


def synth_file(p, jid):
    """Makes DIR/files/<name> with a2synth; its name."""
    ref, sec = synth_scenes(p)
    h = hashlib.md5(('["%s", "%s"]' % (" ".join(sorted(ref)), " ".join(sorted(sec)))).encode()).hexdigest()[:4]
    name = "S1-GUNW-A-R-064-tops-%s_%s-015158-00120W_00038N-PP-%s-v3_0_1" % (
        p["reference_date"].replace("-", ""), p["secondary_date"].replace("-", ""), h)
    tmp = os.path.join(args.dir, "synth", jid)
    subprocess.run([args.a2synth, "--gunw", name, "--frame", str(p["frame_id"]),
                    "--gunw-attr", "reference_scenes=" + " ".join(ref),
                    "--gunw-attr", "secondary_scenes=" + " ".join(sec), "-o", tmp],
                   check=True, stdout=subprocess.DEVNULL)
    os.replace(os.path.join(tmp, name + ".nc"), os.path.join(args.dir, "files", name + ".nc"))
    os.rmdir(tmp)
    return name + ".nc"


def file_bytes(name, size):
    seed = hashlib.sha256(name.encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def check_date(key, v):
    try:
        d = datetime.date.fromisoformat(v)
    except (TypeError, ValueError):
        return None, "schema"
    if d < FIRST:
        return None, '"%s" is %s which is before the start of the sentinel 1 mission (2014-06-15).' % (key, v)
    if d > datetime.datetime.now(datetime.timezone.utc).date():
        return None, '"%s" is %s which is a date in the future.' % (key, v)
    return d, None


def schema_error(body):
    return problem(400, "Bad Request", "Value %r not valid for schema of type object: "
                   "(<ValidationError: \"%r is not valid under any of the given schemas\">,)"
                   % (body, body.get("jobs", [None])[0] if isinstance(body, dict) else None))


def post_jobs(body, user):
    if not isinstance(body, dict) or set(body) - {"validate_only", "jobs"} or \
            not isinstance(body.get("jobs"), list) or not 1 <= len(body["jobs"]) <= 200:
        return schema_error(body if isinstance(body, dict) else {})
    for j in body["jobs"]:
        p = j.get("job_parameters") if isinstance(j, dict) else None
        if not isinstance(p, dict) or j.get("job_type") != "ARIA_S1_GUNW" or \
                set(j) - {"job_type", "job_parameters", "name"} or \
                set(p) != {"reference_date", "secondary_date", "frame_id"} or \
                not isinstance(p["frame_id"], int) or not 0 <= p["frame_id"] <= 27397 or \
                ("name" in j and not 1 <= len(j["name"]) <= 100):
            return schema_error(body)
        dates = {}
        for k in ("reference_date", "secondary_date"):
            d, err = check_date(k, p[k])
            if err == "schema":
                return schema_error(body)
            if err:
                return problem(400, "Bad Request", err)
            dates[k] = d
        if dates["secondary_date"] >= dates["reference_date"]:
            return problem(400, "Bad Request", "secondary date must be earlier than reference date.")
    st = user.get("application_status", "APPROVED")
    if st == "NOT_STARTED":
        return problem(403, "Forbidden", "myUserId must request access before submitting jobs. "
                       "Visit https://hyp3-docs.asf.alaska.edu/using/requesting_access")
    if st == "PENDING":
        return problem(403, "Forbidden", "myUserId's request for access is pending review. For more "
                       "information, visit https://hyp3-docs.asf.alaska.edu/using/requesting_access")
    if st == "REJECTED":
        return problem(403, "Forbidden", "myUserId's request for access has been rejected. For more "
                       "information, visit https://hyp3-docs.asf.alaska.edu/using/requesting_access")
    cost = 60.0 * len(body["jobs"])
    rem = user.get("remaining_credits", 8000)
    if rem is not None and cost > rem:
        return problem(400, "Bad Request", "These jobs would cost %.1f credits, but you have only %.1f "
                       "remaining." % (cost, rem))
    out = []
    plan = plans()
    for j in body["jobs"]:
        jid = str(uuid.uuid4())
        job = dict(j, job_id=jid, user_id="myUserId", status_code="PENDING", execution_started=False,
                   request_time=REQTIME, priority=min(round(rem - cost), 9999) if rem is not None else 0,
                   credit_cost=60, bucket="content-bucket", bucket_prefix=jid)
        out.append(job)
        if not body.get("validate_only"):
            job = json.loads(json.dumps(job))
            job["_plan"] = plan.get(str(j["job_parameters"]["frame_id"]), "processed")
            job["_step"] = 0
            if args.a2synth:
                name = synth_file(j["job_parameters"], jid)
            else:
                name = gunw_name(j["job_parameters"]) + ".nc"
                with open(os.path.join(args.dir, "files", name), "wb") as f:
                    f.write(file_bytes(name, 1000 + j["job_parameters"]["frame_id"]))
            job["_file"] = name
            job["_size"] = os.path.getsize(os.path.join(args.dir, "files", name))
            with lock:
                jobs.append(job)
    if not body.get("validate_only") and rem is not None:
        user["remaining_credits"] = rem - cost
        save_state(user)
    res = {"jobs": out}
    if "validate_only" in body:
        res["validate_only"] = body["validate_only"]
    return 200, res


def look(job):
    """The job as the API shows it now; one step further along its plan."""
    steps = STEPS[job["_plan"]]
    st = steps[min(job["_step"], len(steps) - 1)]
    job["_step"] += 1
    out = {k: v for k, v in job.items() if not k.startswith("_")}
    out["status_code"] = st
    out["execution_started"] = st != "PENDING"
    base = "http://127.0.0.1:%d" % args.port
    jid, name, plan = job["job_id"], job["_file"], job["_plan"]
    size = job["_size"]
    png = name[:-3] + ".png"
    if st == "SUCCEEDED" and plan == "archive":
        out.update(credit_cost=0, processing_times=[0], expiration_time="3025-06-20T18:07:41+00:00",
                   browse_images=["http://127.0.0.2:%d/archive/%s" % (args.port, png)],
                   files=[{"filename": name, "size": size, "url": "%s/door/%s" % (base, name)}])
    elif st == "SUCCEEDED":
        exp = "2020-01-01T00:00:00+00:00" if plan == "expired" else "2120-10-21T00:00:00+00:00"
        out.update(processing_times=[5400.5, 1200, 30.2], expiration_time=exp,
                   files=[{"filename": name, "size": size, "url": "%s/files/%s/%s" % (base, jid, name),
                           "s3": {"bucket": "content-bucket", "key": "%s/%s" % (jid, name)}}],
                   browse_images=["%s/files/%s/%s" % (base, jid, png)], thumbnail_images=[],
                   logs=["%s/files/%s/%s.log" % (base, jid, jid)])
    elif st == "FAILED" and plan == "failed":
        out.update(processing_times=None, files=[], browse_images=[], thumbnail_images=[],
                   logs=["%s/files/%s/%s.log" % (base, jid, jid)],
                   expiration_time="2120-10-21T00:00:00+00:00")
    return out


class Handler(loopback.Handler):
    def send(self, code, body, rec, ctype="application/json", extra=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            if code >= 400 and ctype == "application/json":
                ctype = "application/problem+json"
        self.reply(code, body, ctype, rec, extra)

    def record(self, method):
        host = self.headers.get("Host", "")
        a = self.headers.get("Authorization")
        cookies = self.headers.get("Cookie") or ""
        return {"method": method, "host": host.split(":")[0], "path": self.path,
                "auth": a.split()[0] if a else None,
                "asf_urs": "asf-urs=" in cookies, "cookie": bool(cookies),
                "range": self.headers.get("Range")}

    def authorized(self):
        a = self.headers.get("Authorization") or ""
        if a.startswith("Bearer "):
            return (None if a[7:] == args.token else
                    problem(401, "Unauthorized", "Invalid authorization token provided: Signature verification failed"))
        m = re.search(r"asf-urs=([^;\s]+)", self.headers.get("Cookie") or "")
        if m:
            return (None if m.group(1) in jwts else
                    problem(401, "Unauthorized", "Invalid authorization cookie provided: Signature verification failed"))
        return problem(401, "Unauthorized", "No authorization token provided")

    def throttled(self, rec):
        s = state()
        for key, code, body in (("throttle", 429, {"message": "Too Many Requests"}),
                                ("unavailable", 503, {"detail": "HyP3 is currently unavailable. Please try again later.",
                                                      "status": 503, "title": "Service Unavailable", "type": "about:blank"})):
            if s.get(key, 0) > 0:
                s[key] -= 1
                save_state(s)
                self.send(code, body, rec, extra=[("Retry-After", "0")] if code == 429 else ())
                return True
        return False

    def other_host(self):
        return self.headers.get("Host", "").startswith("127.0.0.2")

    def do_POST(self):
        rec = self.record("POST")
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        rec["body"] = body
        if self.other_host() or self.path != "/jobs":
            return self.send(404, problem(404, "Not Found", "not found")[1], rec)
        if self.throttled(rec):
            return
        bad = self.authorized()
        if bad:
            return self.send(bad[0], bad[1], rec)
        if body is None:
            return self.send(400, problem(400, "Bad Request", "Failed to deserialize value with "
                                          "application/json mimetype: %s" % raw[:50])[1], rec)
        code, res = post_jobs(body, state())
        self.send(code, res, rec)

    def serve_file(self, rec, name):
        p = os.path.join(args.dir, "files", os.path.basename(name))
        if not os.path.isfile(p):
            return self.send(404, "<Error><Code>NoSuchKey</Code></Error>", rec, "application/xml")
        with open(p, "rb") as f:
            data = f.read()
        if state().get("short_files"):
            data = data[:-10]
        rng = self.headers.get("Range") or ""
        m = re.fullmatch(r"bytes=(\d+)-", rng)
        if m and int(m.group(1)) < len(data):
            s = int(m.group(1))
            return self.send(206, data[s:], rec, "application/x-netcdf",
                             [("Content-Range", "bytes %d-%d/%d" % (s, len(data) - 1, len(data)))])
        self.send(200, data, rec, "application/x-netcdf")

    def do_GET(self):
        rec = self.record("GET")
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        parts = u.path.strip("/").split("/")
        if self.other_host():
            if u.path == "/oauth/authorize":
                return self.edl(rec, q)
            if parts[0] == "archive" and len(parts) == 2:
                if state().get("lock_archive"):
                    return self.send(401, "<h1>Unauthorized</h1>", rec, "text/html",
                                     [("WWW-Authenticate", 'Basic realm="Please enter your Earthdata Login credentials"')])
                return self.serve_file(rec, parts[1])
            return self.send(404, "not found", rec, "text/plain")
        if u.path == "/login":
            return self.login(rec, q)
        if parts[0] == "files" and len(parts) == 3:
            return self.serve_file(rec, parts[2])
        if parts[0] == "door" and len(parts) == 2:
            return self.send(302, "", rec, "text/plain",
                             [("Location", "http://127.0.0.2:%d/archive/%s" % (args.port, parts[1]))])
        if parts[0] not in ("jobs", "user"):
            return self.send(404, problem(404, "Not Found", "not found")[1], rec)
        if self.throttled(rec):
            return
        bad = self.authorized()
        if bad:
            return self.send(bad[0], bad[1], rec)
        if u.path == "/user":
            s = state()
            user = {"user_id": "myUserId",
                    "application_status": s.get("report_status", s.get("application_status", "APPROVED")),
                    "remaining_credits": s.get("report_credits", s.get("remaining_credits", 8000)),
                    "job_names": sorted({j["name"] for j in jobs if "name" in j})}
            if user["application_status"] == "APPROVED":
                user["credits_per_month"] = 8000
            return self.send(200, user, rec)
        if len(parts) == 2:
            try:
                uuid.UUID(parts[1])
            except ValueError:
                return self.send(400, problem(400, "Bad Request", "Invalid job_id: %s" % parts[1])[1], rec)
            with lock:
                found = [j for j in jobs if j["job_id"] == parts[1]]
                out = look(found[0]) if found else None
            if not out:
                return self.send(404, problem(404, "Not Found", "job_id does not exist: %s" % parts[1])[1], rec)
            return self.send(200, out, rec)
        return self.list_jobs(rec, q)

    def list_jobs(self, rec, q):
        for k, v in q.items():
            if v == [""]:
                return self.send(400, problem(400, "Bad Request",
                                              "Value of %s query parameter cannot be empty" % k)[1], rec)
        off = 0
        if "start_token" in q:
            try:
                off = json.loads(base64.urlsafe_b64decode(q["start_token"][0]))["offset"]
            except (ValueError, KeyError, TypeError):
                return self.send(400, problem(400, "Bad Request", "Invalid start_token value")[1], rec)
        with lock:
            sel = [j for j in reversed(jobs)
                   if ("name" not in q or j.get("name") == q["name"][0]) and
                   ("job_type" not in q or j["job_type"] == q["job_type"][0])]
            page = [look(j) for j in sel[off:off + args.page_size]]
        res = {"jobs": page}
        if off + args.page_size <= len(sel) and page:
            keep = [(k, v[0]) for k, v in q.items() if k != "start_token"]
            tok = base64.urlsafe_b64encode(json.dumps({"offset": off + args.page_size}).encode()).decode()
            res["next"] = "http://%s/jobs?%s" % (state().get("next_host", self.headers.get("Host")),
                                                 urllib.parse.urlencode(keep + [("start_token", tok)]))
        self.send(200, res, rec)

    def edl(self, rec, q):
        a = self.headers.get("Authorization") or ""
        want = "Basic " + base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
        if a != want:
            return self.send(401, "<h1>Unauthorized</h1>", rec, "text/html",
                             [("WWW-Authenticate", 'Basic realm="Please enter your Earthdata Login credentials"')])
        redirect = q.get("redirect_uri", [""])[0]
        err = state().get("edl_error")
        if err:
            to = redirect + "?" + urllib.parse.urlencode(
                {"error": "access_denied", "error_msg": err,
                 "resolution_url": "https://urs.earthdata.nasa.gov/approve_app?client_id=BO_n7nTIlMljdvU6kRRB3g"})
        else:
            code = uuid.uuid4().hex
            with lock:
                codes.add(code)
            to = redirect + "?code=" + code
        self.send(302, "", rec, "text/plain", [("Location", to), ("Set-Cookie", "urs_guid_ops=edl1; Path=/")])

    def login(self, rec, q):
        code = q.get("code", [""])[0]
        if "error_msg" in q:
            return self.send(200, "<p>login failed</p>", rec, "text/html")
        with lock:
            ok = code in codes
            codes.discard(code)
        if not ok:
            return self.send(401, "bad code", rec, "text/plain")
        jwt = "eyJ" + base64.urlsafe_b64encode(os.urandom(30)).decode().rstrip("=")
        with lock:
            jwts.add(jwt)
            # for the test's search for secrets
            with open(os.path.join(args.dir, "issued"), "a") as f:
                f.write(jwt + "\n")
        self.send(200, "<p>logged in</p>", rec, "text/html",
                  [("Set-Cookie", "asf-urs=%s; Path=/; HttpOnly" % jwt)])


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--user", default="edluser")
    p.add_argument("--password", default="edl-s3cret")
    p.add_argument("--token", default="edl-t0ken-0123456789")
    p.add_argument("--page-size", type=int, default=2)
    p.add_argument("--a2synth")
    args = p.parse_args()
    os.makedirs(os.path.join(args.dir, "files"), exist_ok=True)
    srv = loopback.listen(Handler, args.log, also=["127.0.0.2"])
    args.port = srv.server_address[1]
    loopback.run(srv, args.port_file)


if __name__ == "__main__":
    main()
