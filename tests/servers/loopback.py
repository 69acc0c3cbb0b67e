"""What the Python stand-ins in tests/servers/ share: listening on
127.0.0.1 port 0 and telling the test the port once connections are
accepted (the port file is written whole, through a rename)."""
import os
from http.server import ThreadingHTTPServer


def serve(handler, port_file):
    """Serves handler on a free loopback port, written to port_file, forever."""
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)
    srv.serve_forever()
