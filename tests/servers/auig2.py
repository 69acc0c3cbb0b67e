#!/usr/bin/python3
"""Loopback stand-in for JAXA AUIG2 (ingest-jobs.md 3.1), standard library only.

  GET  /openam/UI/Login   the login form; sets AMAuthCookie
  POST /openam/UI/Login   IDToken1=user&IDToken2=password with AMAuthCookie:
                          right: 302 to /auig2/ and an iPlanetDirectoryPro cookie;
                          wrong: the login form again, 200 text/html
  GET  /pp/service/download?downloadurl=/start/download/file&itemname=ORDER&itemtype=1
                          ROOT/ORDER.zip (Range, faults: see httpd.py) with
                          Content-Disposition: attachment; filename="ORDER.zip"
                          (--cd bare: no quotes); without a session, by --unauth:
                          redirect (302 back to the login form, the default),
                          html (200 text/html) or nocd (200 zip bytes, no
                          Content-Disposition)
  --control FILE          JSON {"cd", "unauth", "expire"} read on every request,
                          overriding --cd, --unauth and (expire: true) letting
                          no session reach the download, as when it lapsed

Every request is logged to --log as one JSON line (method, path, query, the
cookie names sent, the login user; never a password).  Listens on 127.0.0.1
port 0 and writes the port to --port-file.
"""
import argparse
import json
import os
import secrets
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import httpd  # noqa: E402  (file serving with Range, ETag and faults)

sessions = set()
auth_cookies = set()


class Handler(httpd.Handler):
    server_version = "a2-test-auig2"

    def cookies(self):
        out = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            k, _, v = part.strip().partition("=")
            if k:
                out[k] = v
        return out

    def page(self, code, body, rec, extra=()):
        self.simple(code, body, "text/html; charset=utf-8", extra=extra, rec=rec)

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(n).decode()))
        c = self.cookies()
        rec = {"method": "POST", "path": u.path, "query": u.query,
               "cookies": sorted(c), "user": form.get("IDToken1")}
        if u.path != "/openam/UI/Login":
            return self.simple(404, b"not found\n", rec=rec)
        if (c.get("AMAuthCookie") in auth_cookies and form.get("IDToken1") == httpd.args.user
                and form.get("IDToken2") == httpd.args.password):
            tok = secrets.token_hex(16)
            sessions.add(tok)
            rec["login"] = "ok"
            return self.page(302, b"", rec, extra=[
                ("Location", "/auig2/"),
                ("Set-Cookie", f"iPlanetDirectoryPro={tok}; Path=/; HttpOnly")])
        rec["login"] = "refused"
        self.page(200, httpd.LOGIN_PAGE, rec)

    def serve(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        c = self.cookies()
        rec = {"method": self.command, "path": u.path, "query": u.query, "cookies": sorted(c)}
        if u.path == "/openam/UI/Login":
            tok = secrets.token_hex(8)
            auth_cookies.add(tok)
            return self.page(200, httpd.LOGIN_PAGE, rec,
                             extra=[("Set-Cookie", f"AMAuthCookie={tok}; Path=/")])
        if u.path == "/auig2/":
            return self.page(200, b"<html><body>Welcome</body></html>\n", rec)
        if u.path != "/pp/service/download" or q.get("downloadurl") != "/start/download/file" \
                or q.get("itemtype") != "1" or not q.get("itemname", "").isalnum():
            return self.simple(404, b"not found\n", rec=rec)
        order = q["itemname"]
        ctl = {"cd": args.cd, "unauth": args.unauth, "expire": False}
        if args.control and os.path.exists(args.control):
            with open(args.control) as f:
                ctl.update(json.load(f))
        if c.get("iPlanetDirectoryPro") not in sessions or ctl["expire"]:
            rec["session"] = False
            if ctl["unauth"] == "html":
                return self.page(200, httpd.LOGIN_PAGE, rec)
            if ctl["unauth"] == "nocd":
                return self.simple(200, b"PK\x03\x04 not really\n", "application/zip", rec=rec)
            return self.page(302, b"", rec, extra=[
                ("Location", "/openam/UI/Login?goto=" + urllib.parse.quote(self.path, safe=""))])
        name = f"{order}.zip"
        cd = f'"{name}"' if ctl["cd"] == "quoted" else name
        # the file server below reads the path and its cd= parameter
        self.path = "/" + urllib.parse.quote(name) + "?" + urllib.parse.urlencode({"cd": cd})
        httpd.Handler.serve(self)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--faults")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="")
    ap.add_argument("--cd", choices=("quoted", "bare"), default="quoted")
    ap.add_argument("--unauth", choices=("redirect", "html", "nocd"), default="redirect")
    ap.add_argument("--control")
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
