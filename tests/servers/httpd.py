#!/usr/bin/python3
"""Loopback HTTP(S) stand-in for a2fetch's tests (standard library only).

Serves files under --root with Range / If-Range / ETag / HEAD, optional
Basic or Digest auth, and injected faults, so tests can prove what a2fetch
does when downloads go wrong.  Listens on 127.0.0.1 port 0 and writes the
port to --port-file once it accepts connections.

Per request, the query string may ask for:
  fault=MODE     apply MODE to every GET of this URL
  cd=VALUE       send "Content-Disposition: attachment; filename=VALUE"
  cdraw=VALUE    send "Content-Disposition: VALUE"
  auth=basic|digest  require credentials (--user/--password)
  nochallenge=1  with auth=: refuse with a 401 that has no WWW-Authenticate
  html=1         answer 200 text/html with a login form instead of the file
  type=CT        Content-Type of the answer
The --faults file queues one MODE per line; each GET takes the first line
(consumed), so "503 then success" is a file holding "status:503".
MODEs: status:CODE[:RETRY_AFTER], reset:N (send N body bytes then RST),
stall:N (send N bytes, then nothing until the client gives up), short:N (claim
the full length, send N bytes, close), slow:MS (send the body in 64 KiB pieces
MS milliseconds apart: a transfer that takes a while), norange (ignore Range),
noifrange (ignore If-Range).

Every request is logged to --log as one JSON line written *before* the body
goes out, with the number of body bytes the server sends ("sent"), so a test
that reads the log after the client exits sees every request.
"""
import argparse
import base64
import email.utils
import hashlib
import json
import os
import secrets
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Login</title></head><body>"
              b"<form method=post><input name=user><input type=password name=pw>"
              b"</form></body></html>\n")
REALM = "a2-test"
lock = threading.Lock()
args = None


def take_fault():
    """Pops the first queued fault (or returns None)."""
    if not args.faults:
        return None
    with lock:
        try:
            with open(args.faults) as f:
                lines = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            return None
        if not lines:
            return None
        tmp = args.faults + ".tmp"
        with open(tmp, "w") as f:
            f.write("".join(l + "\n" for l in lines[1:]))
        os.replace(tmp, args.faults)
        return lines[0]


def log(rec):
    with lock:
        with open(args.log, "a") as f:
            f.write(json.dumps(rec) + "\n")
            f.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "a2-test-httpd"

    def log_message(self, fmt, *a):
        pass

    # -- auth ---------------------------------------------------------
    def check_auth(self, kind, rec):
        h = self.headers.get("Authorization")
        if not h:
            return False
        scheme, _, rest = h.partition(" ")
        rec["auth_scheme"] = scheme
        if kind == "basic" and scheme.lower() == "basic":
            try:
                user, _, pw = base64.b64decode(rest).decode().partition(":")
            except Exception:
                return False
            rec["auth_user"] = user
            return user == args.user and pw == args.password
        if kind == "digest" and scheme.lower() == "digest":
            p = {}
            for item in split_params(rest):
                k, _, v = item.partition("=")
                p[k.strip().lower()] = v.strip().strip('"')
            rec["auth_user"] = p.get("username")
            if p.get("username") != args.user or p.get("realm") != REALM:
                return False
            ha1 = hashlib.md5(f"{args.user}:{REALM}:{args.password}".encode()).hexdigest()
            ha2 = hashlib.md5(f"{self.command}:{p.get('uri')}".encode()).hexdigest()
            if p.get("qop"):
                want = hashlib.md5(":".join([ha1, p.get("nonce", ""), p.get("nc", ""),
                                             p.get("cnonce", ""), p["qop"], ha2]).encode()).hexdigest()
            else:
                want = hashlib.md5(f"{ha1}:{p.get('nonce')}:{ha2}".encode()).hexdigest()
            return want == p.get("response")
        return False

    def challenge(self, kind, rec, bare=False):
        body = b"authentication required\n"
        self.send_response(401)
        if bare:
            pass
        elif kind == "digest":
            nonce = secrets.token_hex(16)
            self.send_header("WWW-Authenticate",
                             f'Digest realm="{REALM}", nonce="{nonce}", qop="auth", algorithm=MD5')
        else:
            self.send_header("WWW-Authenticate", f'Basic realm="{REALM}"')
        self.simple_tail(body, rec, 401)

    def simple(self, code, body=b"", ctype="text/plain", extra=(), rec=None):
        self.send_response(code)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Type", ctype)
        self.simple_tail(body, rec, code)

    def simple_tail(self, body, rec, code):
        self.send_header("Content-Length", str(len(body)))
        head = self.command == "HEAD"
        rec.update(status=code, sent=0 if head else len(body))
        # logged before the client can have the whole answer (a HEAD's is
        # its headers), so the log is in the order the client saw
        log(rec)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    # -- GET / HEAD ---------------------------------------------------
    def do_HEAD(self):
        self.serve()

    def do_GET(self):
        self.serve()

    def serve(self):
        u = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        rec = {"method": self.command, "path": u.path, "query": u.query,
               "range": self.headers.get("Range"), "if_range": self.headers.get("If-Range")}
        fault = q.get("fault")
        if self.command == "GET":
            queued = take_fault()
            if queued:
                fault = queued
        rec["fault"] = fault
        kind = q.get("auth")
        if kind:
            if not self.check_auth(kind, rec):
                if self.headers.get("Authorization"):
                    rec["auth_failed"] = True
                return self.challenge(kind, rec, q.get("nochallenge") == "1")
            rec["auth_ok"] = True
        if fault and fault.startswith("status:"):
            parts = fault.split(":")
            extra = [("Retry-After", parts[2])] if len(parts) > 2 else []
            return self.simple(int(parts[1]), f"status {parts[1]}\n".encode(), extra=extra, rec=rec)
        if q.get("html"):
            return self.simple(200, LOGIN_PAGE, "text/html; charset=utf-8", rec=rec)
        path = os.path.join(args.root, urllib.parse.unquote(u.path).lstrip("/"))
        if ".." in u.path.split("/") or not os.path.isfile(path):
            return self.simple(404, b"not found\n", rec=rec)
        with open(path, "rb") as f:
            data = f.read()
        st = os.stat(path)
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        lastmod = email.utils.formatdate(st.st_mtime, usegmt=True)
        size = len(data)
        start, code = 0, 200
        rng = self.headers.get("Range")
        ifr = self.headers.get("If-Range")
        if rng and fault != "norange" and rng.startswith("bytes="):
            if ifr and fault != "noifrange" and ifr not in (etag, lastmod):
                rng = None      # validator changed: whole new body
            if rng:
                first, _, last = rng[6:].partition("-")
                start = int(first)
                if start >= size:
                    return self.simple(416, b"", extra=[("Content-Range", f"bytes */{size}")], rec=rec)
                code = 206
        body = data[start:]
        self.send_response(code)
        self.send_header("Content-Type", q.get("type", "application/zip"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lastmod)
        self.send_header("Accept-Ranges", "bytes")
        if code == 206:
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        if "cd" in q:
            self.send_header("Content-Disposition", "attachment; filename=" + q["cd"])
        if "cdraw" in q:
            self.send_header("Content-Disposition", q["cdraw"])
        rec["status"] = code
        if self.command == "HEAD":
            rec["sent"] = 0
            log(rec)
            self.end_headers()
            return
        self.end_headers()
        mode, _, n = (fault or "").partition(":")
        if mode in ("reset", "stall", "short"):
            n = min(int(n), len(body))
            rec["sent"] = n
            log(rec)
            self.wfile.write(body[:n])
            self.wfile.flush()
            if mode == "stall":
                self.stall()
            if mode == "reset":
                # SO_LINGER 0: close() sends RST instead of FIN
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        rec["sent"] = len(body)
        log(rec)
        if mode == "slow":
            for i in range(0, len(body), 65536):
                self.wfile.write(body[i:i + 65536])
                self.wfile.flush()
                time.sleep(int(n) / 1000)
            return
        self.wfile.write(body)

    def stall(self):
        """Sends nothing until the client hangs up (or 30 s pass)."""
        self.connection.settimeout(0.2)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                if self.connection.recv(1024) == b"":
                    return
            except socket.timeout:
                continue
            except (OSError, ssl.SSLError):
                return


def split_params(s):
    """Splits a comma-separated auth parameter list, honouring quotes."""
    out, cur, quoted = [], "", False
    for ch in s:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # clients that hang up early are part of the tests
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--faults")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{srv.server_address[1]}\n")
    os.replace(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
