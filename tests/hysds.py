#!/usr/bin/python3
# tests/hysds.py: what HySDS does with a2's kit (share/hysds), written from
# HySDS's documented rules for tests/89-hysds-kit.t:
#   check DIR                 job-spec/hysds-io files as hysds_commons' schemas
#                             require them, and their params paired
#   submit DIR NAME KW WORK   the params a submission of job NAME with the
#                             form values KW (JSON) gives: WORK/_context.json,
#                             and the command line on stdout
#   recognize DATASETS WORK   every product dir of WORK (NAME/NAME.dataset.json)
#                             against every datasets.json entry: one JSON line each
import json
import os
import re
import subprocess
import sys


def fail(msg):
    print("hysds.py: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path) as f:
        return json.load(f)


# job-spec: the required keys and their types, the param destinations
SPEC_KEYS = {"command": str, "params": list, "disk_usage": str,
             "soft_time_limit": int, "time_limit": int}
IO_TYPES = {"text", "number", "datetime", "date", "boolean", "enum", "email",
            "textarea", "region", "container_version", "jobspec_version",
            "hysdsio_version", "object"}


def check(d):
    bad = []
    names = sorted(f[len("job-spec.json."):] for f in os.listdir(d) if f.startswith("job-spec.json."))
    ios = sorted(f[len("hysds-io.json."):] for f in os.listdir(d) if f.startswith("hysds-io.json."))
    if names != ios:
        bad.append("job-specs %s but hysds-ios %s" % (names, ios))
    for n in names:
        spec = load(os.path.join(d, "job-spec.json." + n))
        io = load(os.path.join(d, "hysds-io.json." + n))
        for k, t in SPEC_KEYS.items():
            if not isinstance(spec.get(k), t) or (t is int and isinstance(spec.get(k), bool)):
                bad.append("%s: job-spec %s missing or not %s" % (n, k, t.__name__))
        if not re.match(r"[0-9]+(GB|MB|KB)", spec.get("disk_usage", "")):
            bad.append("%s: disk_usage %r" % (n, spec.get("disk_usage")))
        if spec.get("time_limit", 0) < spec.get("soft_time_limit", 0) + 60:
            bad.append("%s: time_limit not 60 s past soft_time_limit" % n)
        for p in spec.get("params", []):
            if p.get("destination") not in ("positional", "localize", "context") or not isinstance(p.get("name"), str):
                bad.append("%s: job-spec param %r" % (n, p))
        if not isinstance(io.get("params"), list):
            bad.append("%s: hysds-io has no params" % n)
            continue
        if io.get("submission_type", "iteration") not in ("individual", "iteration"):
            bad.append("%s: submission_type" % n)
        for p in io["params"]:
            nm = p.get("name")
            if not isinstance(nm, str) or not re.match(r"(passthrough|value|submitter|dataset_jpath:.*)", p.get("from", "")):
                bad.append("%s: hysds-io param %r" % (n, p))
            if p.get("from") == "value" and "value" not in p:
                bad.append("%s: %s: from value without value" % (n, nm))
            if "type" in p and p["type"] not in IO_TYPES:
                bad.append("%s: %s: type %r" % (n, nm, p["type"]))
            if p.get("type") == "enum" and not p.get("enumerables"):
                bad.append("%s: %s: enum without enumerables" % (n, nm))
            if "default" in p and p.get("type") != "object" and not isinstance(p["default"], str):
                bad.append("%s: %s: default not a string" % (n, nm))
            if "lambda" in p and not re.match(r"lambda .+:.+", p["lambda"]):
                bad.append("%s: %s: lambda %r" % (n, nm, p["lambda"]))
        sn = sorted(p["name"] for p in spec.get("params", []))
        inn = sorted(p.get("name", "") for p in io["params"])
        if sn != inn:
            bad.append("%s: job-spec params %s, hysds-io params %s" % (n, sn, inn))
    for b in bad:
        print(b)
    return 1 if bad else 0


def param_value(wire, kwargs):
    # hysds_commons' order: a fixed value, else the form's value or the
    # default; an empty optional one is ""; then the type, then the lambda
    if "value" in wire:
        val = wire["value"]
    else:
        val = kwargs.get(wire["name"], wire.get("default"))
        if wire.get("optional") and val is None:
            val = ""
    if val is None:
        fail("%s: no value" % wire["name"])
    t = wire.get("type", "text")
    if isinstance(val, str) and wire.get("optional") and val.strip() == "":
        val = ""
    elif t == "number":
        val = float(val)
    elif t == "boolean":
        val = str(val).lower() == "true"
    elif t == "region":
        val = json.loads(val)
    if "lambda" in wire:
        val = eval(wire["lambda"], {}, {})(val)
    return val


def submit(d, name, kwargs_json, work):
    spec = load(os.path.join(d, "job-spec.json." + name))
    io = load(os.path.join(d, "hysds-io.json." + name))
    kwargs = json.loads(kwargs_json)
    params = {w["name"]: param_value(w, kwargs) for w in io["params"]}
    context, positional = {}, []
    for p in spec["params"]:
        v = params.get(p["name"], "")
        if p["destination"] == "positional":
            context[p["name"]] = v
            positional.append(v)
        elif p["destination"] == "context":
            context[p["name"]] = v
    context["job_specification"] = spec
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "_context.json"), "w") as f:
        json.dump(context, f, indent=2, sort_keys=True)
    words = [spec["command"]]
    for v in positional:
        if not isinstance(v, str):
            v = json.dumps(v)
        words.append("'" + v.replace("'", "'\"'\"'") + "'")
    print(" ".join(words))
    return 0


def product_dirs(work):
    # as hysds.utils.find_dataset_json: NAME.dataset.json in a dir named NAME
    for root, dirs, files in os.walk(work, followlinks=True):
        dirs.sort()
        for f in sorted(files):
            m = re.search(r"^(.*)\.dataset\.json$", f)
            if m and os.path.basename(root) == m.group(1):
                yield os.path.join(root, f), root


def entry_matches(ds, path):
    m = re.search(ds["match_pattern"], path)
    if not m:
        return None
    g = m.groupdict()
    alt = ds.get("alt_match_pattern")
    if alt is not None:
        a = re.search(alt, path)
        if a is None:
            for i in os.listdir(path):
                a = re.search(alt, os.path.join(path, i))
                if a:
                    break
        if a is None:
            return None
        g.update(a.groupdict())
    return g


def recognize(dsfile, work):
    cfg = load(dsfile)["datasets"]
    for dfile, pdir in product_dirs(work):
        pname = os.path.basename(pdir)
        dataset = load(dfile)
        path = os.path.abspath(pdir)
        hits, groups = [], None
        for i, ds in enumerate(cfg):
            g = entry_matches(ds, path)
            if g is not None:
                hits.append(i)
                if groups is None:
                    groups = g
        out = {"id": pname, "path": os.path.relpath(pdir, work), "matches": hits}
        if hits:
            ds = cfg[hits[0]]
            groups.setdefault("version", dataset["version"])
            groups.setdefault("level", ds["level"])
            groups.setdefault("type", ds["type"])
            metfile = os.path.join(pdir, pname + ".met.json")
            if os.path.exists(metfile):
                met = load(metfile)
            elif ds.get("extractor"):
                met = json.loads(subprocess.check_output([os.path.expandvars(ds["extractor"]), pdir]))
                met["data_product_name"] = pname
            else:
                met = {}
            groups["dataset"] = dataset
            groups["met"] = met
            ipath = ds["ipath"].format(**groups)
            out.update({"ipath": ipath, "dataset": ipath.split("/")[1],
                        "type": ds["type"].format(**groups), "level": ds["level"].format(**groups),
                        "version": dataset["version"], "met_dataset": met.get("dataset"),
                        "publish": ds["publish"]["location"].format(hostname="host", **groups),
                        "urls": [u.format(hostname="host", **groups) for u in ds["publish"]["urls"]],
                        "browse": ds["browse"]["location"].format(hostname="host", **groups)})
        print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "check":
        sys.exit(check(a[1]))
    if len(a) == 5 and a[0] == "submit":
        sys.exit(submit(*a[1:]))
    if len(a) == 3 and a[0] == "recognize":
        sys.exit(recognize(a[1], a[2]))
    fail("usage: hysds.py check DIR | submit DIR NAME KWARGS WORK | recognize DATASETS WORK")
