"""What the Python stand-ins in tests/servers/ share: listening on
127.0.0.1 (and, for tests of redirects to another host, the same port on
other loopback addresses), telling the test the port once connections are
accepted (the port file is written whole, through a rename), a request log
of one JSON line per request, and a quiet HTTP/1.1 handler whose reply()
logs the request with its status before the body goes out."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonLog:
    """Appends one JSON line per record to path, one writer at a time."""

    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, rec):
        with self.lock:
            with open(self.path, "a") as f:
                f.write(json.dumps(rec) + "\n")


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with Content-Length on every answer, nothing on stderr."""
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def reply(self, code, body, ctype, rec, extra=()):
        """Logs rec with its status (server.log), then answers."""
        if isinstance(body, str):
            body = body.encode()
        rec["status"] = code
        self.server.log(rec)
        self.send_response(code)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def listen(handler, log=None, port=0, also=()):
    """A server on 127.0.0.1:port (0: a free one), the same port also on
    each address of also, every one logging to the JsonLog of path log."""
    srv = ThreadingHTTPServer(("127.0.0.1", port), handler)
    srv.daemon_threads = True
    srv.log = JsonLog(log) if log else None
    for addr in also:
        other = ThreadingHTTPServer((addr, srv.server_address[1]), handler)
        other.daemon_threads = True
        other.log = srv.log
        threading.Thread(target=other.serve_forever, daemon=True).start()
    return srv


def run(srv, port_file):
    """Writes srv's port to port_file and serves forever."""
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)
    srv.serve_forever()


def serve(handler, port_file):
    """Serves handler on a free loopback port, written to port_file, forever."""
    run(listen(handler), port_file)
