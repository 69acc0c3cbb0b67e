#!/usr/bin/python3
"""Loopback stand-in for the GEODES STAC API (standard library only).

  POST /api/stac/search   STAC item search: collections, query operators
      contains / gte / lte / eq on grid:code, end_datetime, start_datetime,
      sat:relative_orbit; page and limit (at most --max-limit per page),
      numberMatched and a "next" link while more remain.
  GET /download/<name>    a data file; needs the header X-API-Key: --key
      (none: 401, another key: 403).  "Range: bytes=N-" gets a 206 with
      the rest (logged as "range").
  GET /moved/<name>       (key checked) 302 to /download/<name>, same host
  GET /away/<name>        (key checked) 302 to /storage/<name> on 127.0.0.2,
      same port: another host, as a presigned storage URL is
  GET /storage/<name>     a data file, no key needed

Items come from DIR/items.json: a list of {"id","tile","start","end",
"orbit","file"}; the file is DIR/files/<file>.  Each item has a data asset
(zip, file:size) and an XML metadata asset.  Every request is logged to
--log as a JSON line (with the search body and the Host header) before the
answer.  The server listens on 127.0.0.1 and, on the same port, 127.0.0.2.
"""
import argparse
import json
import os

import loopback

args = None


def base():
    return "http://127.0.0.1:%d" % args.port


def match(item, body):
    if body.get("collections") != ["THEIA_REFLECTANCE_SENTINEL2_L2A"]:
        return False
    props = {"grid:code": "T" + item["tile"], "start_datetime": item["start"],
             "end_datetime": item["end"], "sat:relative_orbit": item["orbit"]}
    for key, ops in body.get("query", {}).items():
        v = props.get(key)
        for op, want in ops.items():
            if op == "contains" and want not in v:
                return False
            if op == "eq" and v != want:
                return False
            if op == "gte" and not v >= want:
                return False
            if op == "lte" and not v <= want:
                return False
    return True


def feature(item):
    path = os.path.join(args.dir, "files", item["file"])
    size = os.path.getsize(path) if os.path.exists(path) else 0
    return {
        "type": "Feature", "stac_version": "1.0.0", "id": item["id"],
        "collection": "THEIA_REFLECTANCE_SENTINEL2_L2A",
        "properties": {"datetime": item["start"], "start_datetime": item["start"],
                       "end_datetime": item["end"], "grid:code": "T" + item["tile"],
                       "sat:relative_orbit": item["orbit"]},
        "assets": {
            "metadata": {"href": "%s/download/%s.xml" % (base(), item["id"]),
                         "type": "application/xml", "roles": ["metadata"]},
            "data": {"href": "%s/download/%s" % (base(), item["file"]),
                     "type": "application/zip", "roles": ["data"], "file:size": size},
        },
    }


class Handler(loopback.Handler):
    send = loopback.Handler.reply

    def do_POST(self):
        rec = {"method": "POST", "path": self.path,
               "ctype": self.headers.get("Content-Type")}
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        if self.path != "/api/stac/search":
            return self.send(404, "not found\n", "text/plain", rec)
        try:
            body = json.loads(raw)
        except ValueError:
            return self.send(400, '{"description":"bad JSON"}', "application/json", rec)
        rec["body"] = body
        with open(os.path.join(args.dir, "items.json")) as f:
            items = [i for i in json.load(f) if match(i, body)]
        page = int(body.get("page", 1))
        limit = min(int(body.get("limit", 10)), args.max_limit)
        chunk = items[(page - 1) * limit:page * limit]
        out = {"type": "FeatureCollection", "features": [feature(i) for i in chunk],
               "numberMatched": len(items), "numberReturned": len(chunk), "links": []}
        if page * limit < len(items):
            nb = dict(body, page=page + 1)
            out["links"].append({"rel": "next", "href": base() + "/api/stac/search",
                                 "method": "POST", "body": nb})
        self.send(200, json.dumps(out), "application/geo+json", rec)

    def do_GET(self):
        rec = {"method": "GET", "path": self.path, "host": self.headers.get("Host")}
        key = self.headers.get("X-API-Key")
        rec["key_sent"] = key is not None
        rng = self.headers.get("Range")
        if rng is not None:
            rec["range"] = rng
        top, _, name = self.path[1:].partition("/")
        if top not in ("download", "moved", "away", "storage"):
            return self.send(404, "not found\n", "text/plain", rec)
        if top != "storage" and key is None:
            return self.send(401, '{"error":"API key required"}', "application/json", rec)
        if top != "storage" and key != args.key:
            return self.send(403, '{"error":"invalid API key"}', "application/json", rec)
        if top in ("moved", "away"):
            to = ("%s/download/%s" % (base(), name) if top == "moved" else
                  "http://127.0.0.2:%d/storage/%s" % (args.port, name))
            return self.send(302, "", "text/plain", rec, [("Location", to)])
        p = os.path.join(args.dir, "files", os.path.basename(name))
        if not os.path.isfile(p):
            return self.send(404, "not found\n", "text/plain", rec)
        with open(p, "rb") as f:
            data = f.read()
        start = -1
        if rng and rng.startswith("bytes=") and rng.endswith("-") and rng[6:-1].isdigit():
            start = int(rng[6:-1])
        if 0 <= start < len(data):
            cr = "bytes %d-%d/%d" % (start, len(data) - 1, len(data))
            return self.send(206, data[start:], "application/zip", rec, [("Content-Range", cr)])
        self.send(200, data, "application/zip", rec)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--key", default="k3y-0123456789")
    p.add_argument("--max-limit", type=int, default=80)
    args = p.parse_args()
    srv = loopback.listen(Handler, args.log, also=["127.0.0.2"])
    args.port = srv.server_address[1]
    loopback.run(srv, args.port_file)


if __name__ == "__main__":
    main()
