#!/usr/bin/python3
"""odc-check.py: checks ODC product definitions and eo3 dataset documents
by the rules `eo3-validate --thorough` (eodatasets3) applies, so the tests
need no datacube install: product structure (datacube's product schema),
nodata that fits the dtype, unique names and aliases; dataset structure
(the eo3 dataset schema), grids and crs, the product it matches, missing
measurements, and (--thorough) each measurement's file: band, dtype and
nodata.  Beyond eo3-validate it compares the file's unit with the product's
units (different_units) and its size, transform and CRS with the dataset's
grid and crs (different_grid, different_crs).

  odc-check.py [--thorough] [-W] FILE...

Products first, then datasets, as eo3-validate takes them.  Prints
"ok FILE" or "invalid FILE", each followed by its errors (E) and warnings
(W), one a line, tab-indented.  Exit 1 when a file is invalid (with -W,
also on warnings), 2 when a file cannot be read."""
import os
import re
import sys
import uuid
from datetime import datetime

import yaml
from osgeo import gdal, osr

gdal.UseExceptions()

EO3 = "https://schemas.opendatacube.org/dataset"
DTYPES = ("float16", "float32", "float64", "int8", "int16", "int32", "int64",
          "uint8", "uint16", "uint32", "uint64", "complex64", "complex128")
# numpy's name of a GDAL data type (what rasterio reports)
NUMPY = {"Byte": "uint8", "Int8": "int8", "UInt16": "uint16", "Int16": "int16",
         "UInt32": "uint32", "Int32": "int32", "UInt64": "uint64", "Int64": "int64",
         "Float32": "float32", "Float64": "float64",
         "CFloat32": "complex64", "CFloat64": "complex128"}
RANGES = {"uint8": (0, 255), "int8": (-128, 127), "uint16": (0, 65535),
          "int16": (-32768, 32767), "uint32": (0, 2**32 - 1),
          "int32": (-2**31, 2**31 - 1), "uint64": (0, 2**64 - 1),
          "int64": (-2**63, 2**63 - 1)}
PRODUCT_KEYS = {"name", "description", "metadata_type", "license", "metadata",
                "extra_dimensions", "storage", "load", "measurements", "managed"}
MEASUREMENT_KEYS = {"name", "dtype", "nodata", "scale_factor", "add_offset", "units",
                    "aliases", "spectral_definition", "flags_definition",
                    "extra_dim", "dims"}
DATASET_KEYS = {"$schema", "id", "label", "product", "location", "locations", "crs",
                "geometry", "grids", "properties", "measurements", "accessories",
                "lineage"}
WORD = re.compile(r"^\w+$")


class Report:
    def __init__(self):
        self.errors, self.warnings = [], []

    def e(self, code, text):
        self.errors.append("E %s %s" % (code, text))

    def w(self, code, text):
        self.warnings.append("W %s %s" % (code, text))


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fits(value, dtype):
    """Can a measurement of dtype hold value exactly?"""
    if isinstance(value, str):          # NaN, Inf, -Inf
        return dtype.startswith(("float", "complex"))
    if dtype in RANGES:
        lo, hi = RANGES[dtype]
        return float(value).is_integer() and lo <= value <= hi
    return True


def check_product(doc, r):
    """datacube's product schema, then eodatasets3's product rules."""
    for k in ("name", "description", "metadata_type", "metadata"):
        if k not in doc:
            r.e("document_schema", "'%s' is a required property" % k)
    for k in sorted(set(doc) - PRODUCT_KEYS):
        if not k.startswith("default_"):
            r.e("document_schema", "additional property '%s'" % k)
    if "name" in doc and not (isinstance(doc["name"], str) and WORD.match(doc["name"])):
        r.e("document_schema", "(name) %r is not a word" % (doc["name"],))
    if "metadata" in doc and not isinstance(doc["metadata"], dict):
        r.e("document_schema", "(metadata) is not an object")
    load = doc.get("load")
    if load is not None and not (isinstance(load, dict) and "crs" in load and "resolution" in load):
        r.e("document_schema", "(load) needs crs and resolution")
    ms = doc.get("measurements")
    if ms is not None and not isinstance(ms, list):
        r.e("measurements_list", "Product measurements should be a list")
        return
    for i, m in enumerate(ms or []):
        where = "(measurements.%d)" % i
        if not isinstance(m, dict):
            r.e("document_schema", "%s is not an object" % where)
            continue
        for k in ("name", "dtype", "nodata", "units"):
            if k not in m:
                r.e("document_schema", "%s '%s' is a required property" % (where, k))
        for k in sorted(set(m) - MEASUREMENT_KEYS):
            r.e("document_schema", "%s additional property '%s'" % (where, k))
        if "name" in m and not (isinstance(m["name"], str) and WORD.match(m["name"])):
            r.e("document_schema", "%s name %r is not a word" % (where, m["name"]))
        if "dtype" in m and m["dtype"] not in DTYPES:
            r.e("document_schema", "%s dtype %r is not one of ODC's" % (where, m["dtype"]))
        if "nodata" in m and not (is_number(m["nodata"]) or m["nodata"] in ("NaN", "Inf", "-Inf")):
            r.e("document_schema", "%s nodata %r is not a number" % (where, m["nodata"]))
        if "units" in m and not isinstance(m["units"], str):
            r.e("document_schema", "%s units %r is not a string" % (where, m["units"]))
    if r.errors:
        return
    if not str(doc.get("license", "")).strip():
        r.w("no_license", "Product %r has no license field" % doc["name"])
    seen = {}
    for m in ms or []:
        if not fits(m["nodata"], m["dtype"]):
            r.e("unsuitable_nodata", "Measurement %r nodata %r does not fit a %r"
                % (m["name"], m["nodata"], m["dtype"]))
        for n in [m["name"]] + list(m.get("aliases", [])):
            if n in seen and seen[n] != m["name"]:
                r.e("duplicate_measurement_name", "Name %r is used by multiple measurements" % n)
            seen[n] = m["name"]


def contains(doc, want):
    """Does doc hold every field of want (a product's metadata section)?"""
    if isinstance(want, dict):
        return isinstance(doc, dict) and all(k in doc and contains(doc[k], v) for k, v in want.items())
    return doc == want


def check_dataset_structure(doc, r):
    """The eo3 dataset schema."""
    for k in ("$schema", "id", "product", "properties"):
        if k not in doc:
            r.e("structure", "'%s' is a required property" % k)
    for k in sorted(set(doc) - DATASET_KEYS):
        r.e("structure", "additional property '%s'" % k)
    try:
        uuid.UUID(str(doc.get("id")))
    except ValueError:
        r.e("structure", "(id) %r is not a uuid" % (doc.get("id"),))
    name = (doc.get("product") or {}).get("name")
    if not (isinstance(name, str) and re.match(r"^[a-z_][a-z0-9_]*$", name)):
        r.e("structure", "(product.name) %r is not a product name" % (name,))
    if "crs" in doc and not isinstance(doc["crs"], str):
        r.e("structure", "(crs) is not a string")
    for g, grid in (doc.get("grids") or {}).items():
        shape, tr = grid.get("shape"), grid.get("transform")
        if not (isinstance(shape, list) and all(isinstance(v, int) for v in shape)):
            r.e("structure", "(grids.%s.shape) is not a list of integers" % g)
        if not (isinstance(tr, list) and 6 <= len(tr) <= 9 and all(is_number(v) for v in tr)):
            r.e("structure", "(grids.%s.transform) is not 6 to 9 numbers" % g)
    props = doc.get("properties") or {}
    for k in ("datetime", "odc:processing_datetime"):
        if k not in props:
            r.e("structure", "(properties) '%s' is a required property" % k)
        else:
            try:
                datetime.fromisoformat(str(props[k]).replace("Z", "+00:00"))
            except ValueError:
                r.e("structure", "(properties.%s) %r is not a date-time" % (k, props[k]))
    for k in props:
        if not re.match(r"^[a-z_][a-z0-9_:]*$", k):
            r.e("structure", "(properties) %r is not a property name" % k)
    for n, m in (doc.get("measurements") or {}).items():
        if not re.match(r"^[a-zA-Z0-9_]*$", n):
            r.e("structure", "(measurements) %r is not a measurement name" % n)
        if not isinstance(m, dict) or "path" not in m:
            r.e("structure", "(measurements.%s) 'path' is a required property" % n)
        elif set(m) - {"path", "band", "layer", "grid"}:
            r.e("structure", "(measurements.%s) additional property '%s'"
                % (n, sorted(set(m) - {"path", "band", "layer", "grid"})[0]))


def ring_ok(ring):
    return len(ring) >= 4 and ring[0] == ring[-1]


def check_geo(doc, r):
    geom = doc.get("geometry")
    if geom is not None:
        t, c = geom.get("type"), geom.get("coordinates")
        polys = [c] if t == "Polygon" else c if t == "MultiPolygon" else None
        if polys is None or not all(p and all(ring_ok(x) for x in p) for p in polys):
            r.e("invalid_geometry", "Geometry is not a valid shape")
    if not doc.get("grids"):
        r.e("incomplete_grids", "Dataset has some geo fields but no grids")
    crs = doc.get("crs")
    if not crs:
        r.e("incomplete_crs", "Dataset has some geo fields but no crs")
    elif crs.lower().startswith("epsg:"):
        if osr.SpatialReference().SetFromUserInput(crs) != 0:
            r.e("invalid_crs_epsg", "%r is not a known EPSG code" % crs)
        if crs != crs.lower():
            r.w("mixed_crs_case", "Recommend lowercase 'epsg:' prefix")
    for n, m in (doc.get("measurements") or {}).items():
        g = m.get("grid", "default")
        if (g != "default" or doc.get("grids")) and g not in (doc.get("grids") or {}):
            r.e("invalid_grid_ref", "Measurement %r refers to unknown grid %r" % (n, g))
        if re.match(r"^[a-z][a-z0-9+.-]*:", m["path"]) or m["path"].startswith("/"):
            r.w("absolute_path", "measurement %r has an absolute path: %r" % (n, m["path"]))
    if not (doc.get("properties") or {}).get("odc:file_format"):
        r.w("global_file_format", "Property 'odc:file_format' is empty")


def match_product(doc, products, r):
    """The product whose metadata section the dataset holds, as ODC matches."""
    found = [p for p in products.values() if contains(doc, p.get("metadata") or {})]
    if len(found) > 1:
        r.e("product_match_clash", "Multiple products match the given dataset: %s"
            % ", ".join(p["name"] for p in found))
        return None
    if not found:
        r.e("unknown_product", "Dataset does not match the given products")
        return None
    return found[0]


def file_epsg(ds):
    srs = ds.GetSpatialRef()
    code = srs.GetAuthorityCode(None) if srs else None
    return "epsg:%s" % code if code else None


def check_file(name, m, want, doc, base, r):
    """One measurement's raster against the product and the dataset's grid."""
    path = m["path"]
    if path.startswith("file://"):
        path = path[7:]
    elif re.match(r"^[a-z][a-z0-9+.-]*://", path):
        path = "/vsicurl/" + path
    else:
        path = os.path.join(base, path)
    try:
        ds = gdal.Open(path)
    except RuntimeError as ex:
        r.e("unreadable_measurement", "%s: %s" % (name, str(ex).strip()))
        return
    band = m.get("band") or 1
    if band > ds.RasterCount:
        r.e("incorrect_band", "Measurement %r file contains no rio index %r." % (name, band))
        return
    b = ds.GetRasterBand(band)
    if want:
        dtype = NUMPY.get(gdal.GetDataTypeName(b.DataType), gdal.GetDataTypeName(b.DataType))
        if want["dtype"] != dtype:
            r.e("different_dtype", "%s dtype: product %r != dataset %r" % (name, want["dtype"], dtype))
        nd = b.GetNoDataValue()
        # a file without nodata takes the product's (ODC's fill value)
        if nd is not None and float(want["nodata"]) != nd:
            r.e("different_nodata", "%s nodata: product %r != dataset %r" % (name, want["nodata"], nd))
        unit = b.GetUnitType()
        if unit and unit != want["units"]:
            r.e("different_units", "%s units: product %r != dataset %r" % (name, want["units"], unit))
    grid = (doc.get("grids") or {}).get(m.get("grid", "default"))
    if grid:
        shape = [ds.RasterYSize, ds.RasterXSize]
        gt = ds.GetGeoTransform()
        tr = [gt[1], gt[2], gt[0], gt[4], gt[5], gt[3]]
        if grid["shape"] != shape:
            r.e("different_grid", "%s shape: dataset %r != file %r" % (name, grid["shape"], shape))
        if any(abs(a - b) > 1e-9 * max(1.0, abs(b)) for a, b in zip(grid["transform"][:6], tr)):
            r.e("different_grid", "%s transform: dataset %r != file %r" % (name, grid["transform"][:6], tr))
    crs = doc.get("crs")
    if crs and crs.lower() != (file_epsg(ds) or ""):
        r.e("different_crs", "%s crs: dataset %r != file %r" % (name, crs, file_epsg(ds)))


def check_dataset(doc, products, thorough, base, r):
    if "$schema" not in doc:
        r.e("no_schema", "No $schema field")
        return
    if doc["$schema"] != EO3:
        r.e("unknown_doc_type", "Unknown doc schema %r" % doc["$schema"])
        return
    check_dataset_structure(doc, r)
    if r.errors:
        return
    check_geo(doc, r)
    meas = doc.get("measurements") or {}
    product = match_product(doc, products, r) if products else None
    if not products and thorough:
        r.e("no_product", "No product provided: validating dataset information alone")
    want = {}
    if product:
        want = {m["name"]: m for m in product.get("measurements") or []}
        for n in want:
            if n not in meas:
                r.e("missing_measurement", "Product %s expects a measurement %r" % (product["name"], n))
        extra = sorted(set(meas) - set(want))
        if extra:
            r.w("extra_measurements", "Dataset has measurements not present in product definition for %r: %s"
                % (product["name"], ", ".join(extra)))
        load = product.get("load") or product.get("storage") or {}
        if load.get("crs") and doc.get("crs") and load["crs"].lower() != doc["crs"].lower():
            r.e("different_crs", "dataset crs %r != product %r" % (doc["crs"], load["crs"]))
    if thorough:
        for n, m in meas.items():
            check_file(n, m, want.get(n), doc, base, r)


def kind(path, doc):
    name = os.path.basename(path)
    if ".odc-product." in name:
        return "product"
    if ".odc-metadata." in name:
        return "dataset"
    if isinstance(doc, dict) and "metadata_type" in doc:
        return "product"
    if isinstance(doc, dict) and doc.get("$schema") == EO3:
        return "dataset"
    return None


def main(argv):
    thorough = strict = False
    files = []
    for a in argv:
        if a == "--thorough":
            thorough = True
        elif a == "-W":
            strict = True
        elif a.startswith("-"):
            sys.exit(__doc__)
        else:
            files.append(a)
    if not files:
        sys.exit(__doc__)
    products, status = {}, 0
    for path in files:
        try:
            with open(path) as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except (OSError, yaml.YAMLError) as ex:
            print("odc-check.py: %s: %s" % (path, ex), file=sys.stderr)
            return 2
        for doc in docs:
            r = Report()
            k = kind(path, doc)
            if k == "product":
                check_product(doc, r)
                if not r.errors:
                    products[doc["name"]] = doc
            elif k == "dataset":
                check_dataset(doc, products, thorough, os.path.dirname(os.path.abspath(path)), r)
            else:
                r.e("unknown_doc", "neither an ODC product nor an eo3 dataset")
            bad = r.errors or (strict and r.warnings)
            print("%s %s" % ("invalid" if bad else "ok", path))
            for line in r.errors + r.warnings:
                print("\t" + line)
            if bad:
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
