#!/usr/bin/python3
"""Loopback stand-in for the web server a publish root is served from
(standard library only): GET and HEAD of the files under --root, and of
--mount PREFIX=DIR (a test page and its scripts) under /PREFIX/.  Listens
on 127.0.0.1 port 0, writes the port to --port-file once it accepts
connections, and logs every request to --log as one JSON line
{"method", "path", "status"} written before the answer goes out, so a test
reading the log after the client is done sees every request.
"""
import argparse
import json
import mimetypes
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler

import loopback

lock = threading.Lock()
args = None
mounts = {}


def resolve(path):
    """The file a URL path names, or None (nothing outside the roots)."""
    rel = urllib.parse.unquote(path.split("?", 1)[0]).lstrip("/")
    top, _, rest = rel.partition("/")
    base, rel = (mounts[top], rest) if top in mounts else (args.root, rel)
    full = os.path.realpath(os.path.join(base, rel))
    if not (full == base or full.startswith(base + os.sep)) or not os.path.isfile(full):
        return None
    return full


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *a):
        pass

    def answer(self, body):
        f = resolve(self.path)
        status = 200 if f else 404
        with lock, open(args.log, "a") as lf:
            lf.write(json.dumps({"method": self.command, "path": self.path, "status": status}) + "\n")
        data = open(f, "rb").read() if f else b"not found\n"
        self.send_response(status)
        self.send_header("Content-Type", (mimetypes.guess_type(f)[0] if f else None) or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--mount", action="append", default=[])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    args.root = os.path.realpath(args.root)
    for m in args.mount:
        k, _, d = m.partition("=")
        mounts[k] = os.path.realpath(d)
    loopback.serve(Handler, args.port_file)


if __name__ == "__main__":
    main()
