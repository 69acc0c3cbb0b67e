#!/usr/bin/python3
"""Loopback stand-in for the BOS SARCAT WFS (ingest-jobs.md §7.2).

usage: sarcat.py PORTFILE LOGFILE
GET /geoserver/bos/ows?...&cql_filter=(identifier='SCENE') answers a
GeoJSON FeatureCollection: one feature (an open, clockwise ring, as the
service may send) for SCENE ending in 0, none for SCENE ending in 1, HTTP
500 for SCENE ending in 2, broken JSON for SCENE ending in 3.  Each
request's query string is appended to LOGFILE.  The port goes to PORTFILE
once the server listens.
"""
import json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        with open(sys.argv[2], "a") as f:
            f.write(u.path + "?" + u.query + "\n")
        flt = q.get("cql_filter", [""])[0]
        sid = flt.split("'")[1] if flt.count("'") == 2 else ""
        if u.path != "/geoserver/bos/ows" or q.get("typeName") != ["bos:sarcat"] or \
                q.get("outputFormat") != ["json"] or not sid:
            self.send_error(400)
            return
        if sid.endswith("2"):
            self.send_error(500)
            return
        feats = []
        if sid.endswith("0"):
            ring = [[-62.9, -10.8], [-62.3, -10.7], [-62.2, -11.3], [-62.8, -11.4]]
            feats.append({"type": "Feature", "id": "sarcat.fid-42",
                          "geometry": {"type": "Polygon", "coordinates": [ring]},
                          "geometry_name": "footprint",
                          "properties": {"identifier": sid}})
        body = json.dumps({"type": "FeatureCollection", "totalFeatures": len(feats),
                           "features": feats}).encode()
        if sid.endswith("3"):
            body = body[:20]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


s = HTTPServer(("127.0.0.1", 0), H)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()
