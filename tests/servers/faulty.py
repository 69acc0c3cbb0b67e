#!/usr/bin/python3
"""Loopback HTTP server that fails requests on purpose (standard library).

Serves the files under --root (GET and HEAD, single "bytes=N-" or
"bytes=N-M" ranges) on 127.0.0.1, port 0, writing the port to --port-file
once it listens.  Every --every'th GET (counted over the whole server, 0 =
never) fails, taking the next fault of a cycle:
  503    answers 503 with Retry-After: 0
  reset  sends a third of the body, then a TCP reset
  stall  sends a third of the body, then nothing until the client leaves
  short  claims the whole length, sends half, closes
With --user/--password-file (the secret not on
the command line: tests/99-secrets.t greps every argv) every request needs Basic credentials (401 otherwise).
--slow MS sends bodies in 16 KiB pieces MS milliseconds apart.  --log gets one
JSON line per request: {"n", "method", "path", "fault", "status"}.
"""
import argparse
import base64
import json
import os
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler

import loopback

FAULTS = ["reset", "stall", "503", "short"]
lock = threading.Lock()
count = {"get": 0, "fault": 0}
args = None


def log(rec):
    if args.log:
        with lock, open(args.log, "a") as f:
            f.write(json.dumps(rec) + "\n")


def next_fault():
    with lock:
        count["get"] += 1
        n = count["get"]
        if args.every and n % args.every == 0:
            f = FAULTS[count["fault"] % len(FAULTS)]
            count["fault"] += 1
            return n, f
        return n, None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def authorized(self):
        if not args.user:
            return True
        want = base64.b64encode(("%s:%s" % (args.user, args.password)).encode()).decode()
        return self.headers.get("Authorization", "") == "Basic " + want

    def simple(self, code, text, extra=()):
        body = text.encode()
        self.send_response(code)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        n, fault = next_fault() if self.command == "GET" else (0, None)
        rec = {"n": n, "method": self.command, "path": self.path, "fault": fault}
        if not self.authorized():
            rec["status"] = 401
            log(rec)
            return self.simple(401, "authentication required\n",
                               [("WWW-Authenticate", 'Basic realm="a2"')])
        path = os.path.join(args.root, self.path.split("?")[0].lstrip("/"))
        if ".." in self.path or not os.path.isfile(path):
            rec["status"] = 404
            log(rec)
            return self.simple(404, "not found\n")
        if fault == "503":
            rec["status"] = 503
            log(rec)
            return self.simple(503, "busy\n", [("Retry-After", "0")])
        with open(path, "rb") as f:
            data = f.read()
        start, end = 0, len(data) - 1
        rng = self.headers.get("Range", "")
        status = 200
        if rng.startswith("bytes="):
            a, _, b = rng[6:].partition("-")
            if a.isdigit() and int(a) < len(data):
                start = int(a)
                if b.isdigit():
                    end = min(int(b), len(data) - 1)
                status = 206
        body = data[start:end + 1]
        rec["status"] = status
        log(rec)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/zip")
        st = os.stat(path)
        self.send_header("ETag", '"%x-%x"' % (st.st_size, int(st.st_mtime)))
        self.send_header("Last-Modified", self.date_time_string(int(st.st_mtime)))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, len(data)))
        self.end_headers()
        if self.command == "HEAD":
            return
        if fault in ("reset", "stall"):
            self.wfile.write(body[:len(body) // 3])
            self.wfile.flush()
            if fault == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.close_connection = True
                return
            # stall: hold the connection until the client gives up
            try:
                while self.connection.recv(1):
                    pass
            except OSError:
                pass
            self.close_connection = True
            return
        if fault == "short":
            self.wfile.write(body[:len(body) // 2])
            self.close_connection = True
            return
        for i in range(0, len(body), 16384):
            self.wfile.write(body[i:i + 16384])
            if args.slow:
                self.wfile.flush()
                time.sleep(args.slow / 1000.0)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--every", type=int, default=5)
    p.add_argument("--user")
    p.add_argument("--password-file")
    p.add_argument("--slow", type=int, default=0)
    args = p.parse_args()
    args.password = None
    if args.password_file:
        with open(args.password_file) as f:
            args.password = f.read().strip("\n")
    loopback.serve(Handler, args.port_file)


if __name__ == "__main__":
    main()
