#!/usr/bin/python3
"""Loopback stand-in for the PEPS MAJA services (standard library only).

  GET /wps?...identifier=FULL_MAJA|MAJA   Execute (KVP): creates a job and
      answers a WPS 1.0.0 ExecuteResponse (ProcessAccepted) whose
      statusLocation is /outputs/pywps-<uuid>.xml (pywps 3.x style).
  GET /wps?...identifier=PROCESSING_STATUS  the "update status" call
  GET /outputs/pywps-<uuid>.xml   status document of the job's state
  GET /reports/<uuid>.json        execution report (USER_INFO)
  GET /results/<name>             a result file (Basic auth on challenge)
  GET /moved/<name>               (Basic auth) 302 to /storage/<name> on
      127.0.0.2, same port: another host, as a presigned storage URL is
  GET /storage/<name>             a result file, no auth needed
  GET /resto/api/collections/S2ST/search.json   resto search, paginated

Everything under /wps, /outputs and /reports needs Basic auth (--user,
--password); a missing or wrong one gets 401 with resto's JSON error, and a
"WWW-Authenticate: Basic" challenge unless the file DIR/nochallenge exists.
A job's state is the file DIR/jobs/<uuid>, which tests rewrite:
  accepted | pending | stalled N | finished [UNPROCESSED] |
  error MESSAGE | canceled MESSAGE | failed MESSAGE | noref
"finished" lists DIR/jobs/<uuid>.results (one name per line) if present,
else every file in DIR/results; a line starting with / is a path on this
server instead of a name under /results/, one starting with http a URL.  A missing state file gives 404.
The --faults file queues one mode per line for Execute requests:
status:CODE, exception, garbage.  The resto catalogue is DIR/catalogue.txt
(one productIdentifier per line); a page holds at most --max-records.
Every request is logged to --log as a JSON line before the answer, with
its Host header and whether it carried an Authorization header ("auth").
The server listens on 127.0.0.1 and, on the same port, 127.0.0.2.
"""
import argparse
import base64
import json
import os
import re
import threading
import urllib.parse

import loopback

lock = threading.Lock()
args = None
counter = [0]


def take_fault():
    with lock:
        try:
            with open(args.faults) as f:
                lines = [l.strip() for l in f if l.strip()]
        except (FileNotFoundError, TypeError):
            return None
        if not lines:
            return None
        with open(args.faults + ".tmp", "w") as f:
            f.write("".join(l + "\n" for l in lines[1:]))
        os.replace(args.faults + ".tmp", args.faults)
        return lines[0]


def execute_response(ident, loc, status_xml, outputs=""):
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<wps:ExecuteResponse xmlns:wps="http://www.opengis.net/wps/1.0.0" '
        'xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" service="WPS" version="1.0.0" '
        'xml:lang="en-CA" serviceInstance="%s" statusLocation="%s">\n'
        '    <wps:Process wps:processVersion="1.0">\n'
        '        <ows:Identifier>%s</ows:Identifier>\n'
        '        <ows:Title>%s</ows:Title>\n'
        '    </wps:Process>\n'
        '    <wps:Status creationTime="2019-03-05T10:00:00Z">\n'
        '        %s\n'
        '    </wps:Status>\n%s'
        '</wps:ExecuteResponse>\n' % (base() + "/wps?service=WPS&amp;request=GetCapabilities",
                                     loc, ident, ident, status_xml, outputs))


def base():
    return "http://127.0.0.1:%d" % args.port


class Handler(loopback.Handler):
    def send(self, code, body, ctype="text/xml", extra=(), rec=None):
        self.reply(code, body, ctype, rec, extra)

    def authorized(self, rec):
        h = self.headers.get("Authorization", "")
        if not h.startswith("Basic "):
            return False
        try:
            user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
        except Exception:
            return False
        rec["auth_user"] = user
        return user == args.user and pw == args.password

    def refuse(self, rec):
        bare = os.path.exists(os.path.join(args.dir, "nochallenge"))
        self.send(401, json.dumps({"ErrorCode": 401, "ErrorMessage": "Unauthorized"}),
                  "application/json", [] if bare else [("WWW-Authenticate", 'Basic realm="peps"')],
                  rec)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        rec = {"method": "GET", "path": u.path, "query": u.query,
               "host": self.headers.get("Host"), "auth": "Authorization" in self.headers}
        if u.path == "/resto/api/collections/S2ST/search.json":
            return self.search(u, rec)
        if u.path.startswith("/storage/"):
            return self.result(u.path[9:], rec)
        if u.path.startswith("/results/") or u.path.startswith("/moved/"):
            if not self.authorized(rec):
                return self.refuse(rec)
            if u.path.startswith("/moved/"):
                to = "http://127.0.0.2:%d/storage/%s" % (args.port, u.path[7:])
                return self.send(302, "", "text/plain", [("Location", to)], rec)
            return self.result(u.path[9:], rec)
        if not self.authorized(rec):
            return self.refuse(rec)
        if u.path == "/wps":
            return self.wps(u, rec)
        m = re.fullmatch(r"/outputs/pywps-([0-9a-f-]+)\.xml", u.path)
        if m:
            return self.status(m.group(1), rec)
        m = re.fullmatch(r"/reports/([0-9a-f-]+)\.json", u.path)
        if m:
            return self.report(m.group(1), rec)
        self.send(404, "not found\n", "text/plain", rec=rec)

    # -- WPS -----------------------------------------------------------
    def wps(self, u, rec):
        q = dict(p.partition("=")[::2] for p in u.query.split("&"))
        ident = q.get("identifier", "")
        rec["identifier"] = ident
        if ident == "PROCESSING_STATUS":
            return self.send(200, "<ok/>\n", rec=rec)
        fault = take_fault()
        rec["fault"] = fault
        if fault and fault.startswith("status:"):
            return self.send(int(fault[7:]), "Internal Server Error\n", "text/plain", rec=rec)
        if fault == "garbage":
            return self.send(200, "<html><body>maintenance</body></html>\n", "text/html", rec=rec)
        if fault == "exception" or ident not in ("FULL_MAJA", "MAJA"):
            return self.send(200,
                             '<?xml version="1.0" encoding="utf-8"?>\n'
                             '<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" '
                             'version="1.0.0"><ows:Exception exceptionCode="InvalidParameterValue" '
                             'locator="tileid"><ows:ExceptionText>tile 31TCJ is not processed '
                             'here</ows:ExceptionText></ows:Exception></ows:ExceptionReport>\n',
                             rec=rec)
        with lock:
            counter[0] += 1
            uid = "8e99b3de-3f20-11e9-81a5-%012x" % counter[0]
        os.makedirs(os.path.join(args.dir, "jobs"), exist_ok=True)
        with open(os.path.join(args.dir, "jobs", uid), "w") as f:
            f.write("accepted\n")
        with open(os.path.join(args.dir, "jobs", uid + ".inputs"), "w") as f:
            f.write(q.get("datainputs", "") + "\n")
        rec["job"] = uid
        loc = "%s/outputs/pywps-%s.xml" % (base(), uid)
        self.send(200, execute_response(ident, loc, "<wps:ProcessAccepted>Process %s accepted"
                                        "</wps:ProcessAccepted>" % ident), rec=rec)

    def state(self, uid):
        try:
            with open(os.path.join(args.dir, "jobs", uid)) as f:
                return f.read().strip().split(" ", 1)
        except FileNotFoundError:
            return None

    def status(self, uid, rec):
        st = self.state(uid)
        if st is None:
            return self.send(404, "Not Found\n", "text/plain", rec=rec)
        kind = st[0]
        loc = "%s/outputs/pywps-%s.xml" % (base(), uid)
        ref = ('    <wps:ProcessOutputs>\n        <wps:Output>\n'
               '            <ows:Identifier>logs</ows:Identifier>\n'
               '            <wps:Reference href="%s/logs/%s.txt" mimeType="text/plain"/>\n'
               '        </wps:Output>\n        <wps:Output>\n'
               '            <ows:Identifier>report</ows:Identifier>\n'
               '            <wps:Reference href="%s/reports/%s.json" mimeType="application/json"/>\n'
               '        </wps:Output>\n    </wps:ProcessOutputs>\n' % (base(), uid, base(), uid))
        if kind == "accepted":
            s, ref = "<wps:ProcessAccepted>Process FULL_MAJA accepted</wps:ProcessAccepted>", ""
        elif kind == "pending":
            s = "<wps:ProcessAccepted>Process FULL_MAJA accepted</wps:ProcessAccepted>"
        elif kind == "stalled":
            s = ('<wps:ProcessStarted percentCompleted="%s">processing</wps:ProcessStarted>'
                 % st[1])
        elif kind == "failed":
            s = ('<wps:ProcessFailed><wps:ExceptionReport><ows:Exception exceptionCode='
                 '"NoApplicableCode" locator="FULL_MAJA"><ows:ExceptionText>%s</ows:ExceptionText>'
                 '</ows:Exception></wps:ExceptionReport></wps:ProcessFailed>' % st[1])
            ref = ""
        elif kind == "noref":
            s, ref = "<wps:ProcessSucceeded>done</wps:ProcessSucceeded>", ""
        else:
            s = "<wps:ProcessSucceeded>PyWPS Process FULL_MAJA successfully calculated</wps:ProcessSucceeded>"
        self.send(200, execute_response("FULL_MAJA", loc, s, ref), rec=rec)

    def report(self, uid, rec):
        st = self.state(uid)
        if st is None:
            return self.send(404, "Not Found\n", "text/plain", rec=rec)
        kind = st[0]
        ui = {"logs": ["%s/logs/%s.txt" % (base(), uid)], "results": [], "unprocessed": "0",
              "process": "0", "message": ""}
        if kind in ("accepted", "pending"):
            ui["job_status"] = "PENDING"
        elif kind == "stalled":
            ui["job_status"] = "STALLED"
            ui["process"] = st[1]
        elif kind == "finished":
            ui["job_status"] = "FINISHED"
            ui["process"] = 100
            ui["unprocessed"] = st[1] if len(st) > 1 else "0"
            names = None
            try:
                with open(os.path.join(args.dir, "jobs", uid + ".results")) as f:
                    names = [l.strip() for l in f if l.strip()]
            except FileNotFoundError:
                names = sorted(os.listdir(os.path.join(args.dir, "results")))
            ui["results"] = [n if n.startswith("http") else
                             base() + (n if n.startswith("/") else "/results/" + n)
                             for n in names]
        elif kind in ("error", "canceled"):
            ui["job_status"] = kind.upper()
            ui["message"] = st[1] if len(st) > 1 else ""
        else:
            ui["job_status"] = "FINISHED"
        self.send(200, json.dumps({"USER_INFO": ui}, indent=4), "application/json", rec=rec)

    def result(self, name, rec):
        p = os.path.join(args.dir, "results", os.path.basename(name))
        if not os.path.isfile(p):
            return self.send(404, "Not Found\n", "text/plain", rec=rec)
        with open(p, "rb") as f:
            self.send(200, f.read(), "application/zip", rec=rec)

    # -- resto ---------------------------------------------------------
    def search(self, u, rec):
        q = dict(urllib.parse.parse_qsl(u.query))
        rec["params"] = q
        try:
            with open(os.path.join(args.dir, "catalogue.txt")) as f:
                ids = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            ids = []
        if "tileid" in q:
            ids = [i for i in ids if "_T%s_" % q["tileid"] in i]
        start = q.get("startDate", "0000-00-00").replace("-", "")
        end = q.get("completionDate", "9999-99-99").replace("-", "")
        ids = [i for i in ids if start <= i.split("_")[2][:8] < end]
        per = min(int(q.get("maxRecords", "50")), args.max_records)
        page = int(q.get("page", "1"))
        chunk = ids[(page - 1) * per:page * per]
        feats = [{"type": "Feature", "id": "uuid-%d" % n,
                  "properties": {"productIdentifier": i, "storage": {"mode": "disk"}}}
                 for n, i in enumerate(chunk)]
        body = {"type": "FeatureCollection",
                "properties": {"totalResults": len(ids), "itemsPerPage": per},
                "features": feats}
        self.send(200, json.dumps(body), "application/json", rec=rec)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--faults")
    p.add_argument("--user", default="maja@example.org")
    p.add_argument("--password", default="s3cret")
    p.add_argument("--max-records", type=int, default=500)
    p.add_argument("--port", type=int, default=0)  # 0: a free one
    args = p.parse_args()
    srv = loopback.listen(Handler, args.log, args.port, also=["127.0.0.2"])
    args.port = srv.server_address[1]
    loopback.run(srv, args.port_file)


if __name__ == "__main__":
    main()
