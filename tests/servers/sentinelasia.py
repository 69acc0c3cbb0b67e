#!/usr/bin/python3
"""Loopback stand-in for the JAXA Sentinel Asia portal (ingest-jobs.md 3.2),
standard library only.  Paths are under /sentinel2:

  GET  topControl.jsp     the login page; a new JSESSIONID cookie
  POST topControl.jsp     userid, passwd, request=login, submit=login, loginId=
                          with that JSESSIONID: right credentials make the
                          session a login; the answer is HTML either way
  GET  webresources/emobRequestSelect/viewList?subset_name=Emergency+Observation&...
                          the EORs: [{requestId, observeDateStr, disasterTypeStr,
                          countryStr}, ...]
  GET  webresources/thumbnailEmob/emergencyViewThumbnail?requestId=EOR&...
                          that EOR's files: [{typeStr, dataId, title}, ...]
  GET  webresources/thumbnailEmob/viewBulletinContent?requestId=EOR
                          the EOR object
  HEAD/GET webresources/thumbnailEmob/download?dataId=ID
                          ROOT/NAME (Range, faults: see httpd.py) with
                          Content-Disposition: attachment; filename="NAME"

Without a logged-in session every endpoint but the login page redirects to
topControl.jsp.  --catalog is a JSON file {"eors": [EOR with "files"],
"names": {dataId: NAME}}, re-read on every request so a test can add EORs.
Requests are logged to --log as JSON lines (never a password).
"""
import argparse
import json
import os
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import httpd  # noqa: E402

PREFIX = "/sentinel2/"
sessions = {}   # JSESSIONID -> logged in


class Handler(httpd.Handler):
    server_version = "a2-test-sentinelasia"

    def session(self):
        for part in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == "JSESSIONID":
                return v
        return None

    def json(self, obj, rec):
        self.simple(200, json.dumps(obj).encode(), "application/json", rec=rec)

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode(), keep_blank_values=True))
        sid = self.session()
        rec = {"method": "POST", "path": u.path, "session": sid is not None,
               "user": form.get("userid"), "fields": sorted(form)}
        if u.path != PREFIX + "topControl.jsp":
            return self.simple(404, b"not found\n", rec=rec)
        ok = (sid in sessions and form.get("request") == "login" and form.get("submit") == "login"
              and "loginId" in form and form.get("userid") == args.user
              and form.get("passwd") == args.password)
        if ok:
            sessions[sid] = True
        rec["login"] = "ok" if ok else "refused"
        self.simple(200, b"<html><body>portal</body></html>\n", "text/html", rec=rec)

    def serve(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query, keep_blank_values=True))
        sid = self.session()
        rec = {"method": self.command, "path": u.path, "query": u.query, "session": sid is not None}
        if u.path == PREFIX + "topControl.jsp":
            extra = []
            if sid not in sessions:
                sid = secrets.token_hex(16)
                sessions[sid] = False
                extra = [("Set-Cookie", f"JSESSIONID={sid}; Path=/sentinel2")]
            return self.simple(200, httpd.LOGIN_PAGE, "text/html", extra=extra, rec=rec)
        if not sessions.get(sid):
            rec["login"] = False
            return self.simple(302, b"", "text/html",
                               extra=[("Location", PREFIX + "topControl.jsp")], rec=rec)
        with open(args.catalog) as f:
            cat = json.load(f)
        eors = {e["requestId"]: e for e in cat["eors"]}
        path = u.path[len(PREFIX):] if u.path.startswith(PREFIX) else None
        if path == "webresources/emobRequestSelect/viewList" and \
                q.get("subset_name") == "Emergency Observation":
            return self.json([{k: v for k, v in e.items() if k != "files"} for e in cat["eors"]], rec)
        if path == "webresources/thumbnailEmob/emergencyViewThumbnail" and q.get("requestId") in eors:
            return self.json(eors[q["requestId"]].get("files", []), rec)
        if path == "webresources/thumbnailEmob/viewBulletinContent" and q.get("requestId") in eors:
            e = eors[q["requestId"]]
            return self.json({k: v for k, v in e.items() if k != "files"}, rec)
        if path == "webresources/thumbnailEmob/download" and q.get("dataId") in cat["names"]:
            name = cat["names"][q["dataId"]]
            self.path = "/" + urllib.parse.quote(name) + "?" + urllib.parse.urlencode({"cd": f'"{name}"'})
            return httpd.Handler.serve(self)
        self.simple(404, b"not found\n", rec=rec)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--catalog", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--faults")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="")
    args = ap.parse_args()
    httpd.args = args
    srv = httpd.Server(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{srv.server_address[1]}\n")
    os.replace(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


args = None
if __name__ == "__main__":
    main()
