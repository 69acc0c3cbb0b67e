#!/usr/bin/python3
"""mosaic-synth.py: deterministic, tiny JAXA yearly-mosaic archives for the
tests (palsar-mosaic.md §1.1, §3): ENVI raw + .hdr before 2019, GeoTIFF from
2019, one .tar.gz (or .zip) per 5x5 block in the anonymous-FTP layout.

  mosaic-synth.py --root DIR --year Y --block N05E010 --tiles N04E011,N03E012
                  [--size N] [--zip] [--subdir]

Prints the archive path.  Pixel values are the function value() below, so
a test can recompute them; the same arguments give the same bytes."""
import argparse, gzip, io, os, tarfile, zipfile
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
BANDS = [("HH", "sl_HH", np.uint16), ("HV", "sl_HV", np.uint16),
         ("linci", "linci", np.uint8), ("date", "date", np.uint16),
         ("mask", "mask", np.uint8)]


def parse(name):
    lat = int(name[1:3]) * (-1 if name[0] == "S" else 1)
    lon = int(name[4:7]) * (-1 if name[3] == "W" else 1)
    return lat, lon


def era(year):
    if year > 2010:
        return "ALOS-2/ext1/PALSAR-2_MSC/25m_MSC", "_F02DAR", 5
    if year >= 2000:
        return "ALOS/ext1/PALSAR_MSC/25m_MSC", "", 5
    return "ALOS/ext1/JERS-1_MSC/25m_MSC", "", 4


def nodata(year, band):
    return 0 if band == "mask" or year < 2017 else 1


def value(band, year, lat, lon, n):
    """The pixels of one tile: a ramp unique to the tile, with no-data on
    the diagonal and water in the first columns of the mask."""
    y, x = np.mgrid[0:n, 0:n]
    seed = (lat + 90) * 37 + (lon + 180) * 11 + year % 100
    if band in ("HH", "HV"):
        v = 2000 + (seed * 13 + x * 7 + y * 3 + (500 if band == "HV" else 0)) % 6000
    elif band == "linci":
        v = 20 + (seed + x + y) % 60
    elif band == "date":
        v = 1000 + (seed + y // 10) % 300
    else:
        v = np.full((n, n), 255)
        v[:, :n // 10] = 50
    v = v.astype(np.int64)
    v[x == y] = nodata(year, band)
    return v


def envi_hdr(name, n, dtype, lat, lon):
    return ("ENVI\ndescription = {%s}\nsamples = %d\nlines = %d\nbands = 1\n"
            "header offset = 0\nfile type = ENVI Standard\ndata type = %d\n"
            "interleave = bsq\nsensor type = Unknown\nbyte order = 0\n"
            "map info = {Geographic Lat/Lon, 1.0000, 1.0000, %.8f, %.8f, %.10e, %.10e, "
            "WGS-84, units=Degrees}\n" % (name, n, n, 12 if dtype == np.uint16 else 1,
                                           lon, lat, 1.0 / n, 1.0 / n)).encode()


def tile_files(year, tile, n):
    """(name, bytes) of every file JAXA ships for one 1x1 tile."""
    lat, lon = parse(tile)
    _, sfx, nb = era(year)
    yy = "%02d" % (year % 100)
    out = []
    for band, part, dt in BANDS:
        if nb == 4 and band == "HV":
            continue
        arr = value(band, year, lat, lon, n).astype(dt)
        base = "%s_%s_%s%s" % (tile, yy, part, sfx)
        if year >= 2019:
            path = "/vsimem/%s.tif" % base
            ds = gdal.GetDriverByName("GTiff").Create(
                path, n, n, 1, gdal.GDT_UInt16 if dt == np.uint16 else gdal.GDT_Byte,
                ["COMPRESS=LZW"] if band != "mask" else [])
            ds.SetGeoTransform((lon, 1.0 / n, 0, lat, 0, -1.0 / n))
            ds.SetProjection('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]')
            ds.GetRasterBand(1).SetNoDataValue(nodata(year, band))
            ds.GetRasterBand(1).WriteArray(arr)
            ds = None
            f = gdal.VSIFOpenL(path, "rb")
            gdal.VSIFSeekL(f, 0, 2)
            size = gdal.VSIFTellL(f)
            gdal.VSIFSeekL(f, 0, 0)
            data = gdal.VSIFReadL(1, size, f)
            gdal.VSIFCloseL(f)
            gdal.Unlink(path)
            out.append((base + ".tif", data))
        else:
            out.append((base, arr.astype("<u2" if dt == np.uint16 else "u1").tobytes()))
            out.append((base + ".hdr", envi_hdr(base, n, dt, lat, lon)))
    if year >= 2019:
        out.append(("%s_%s%s.xml" % (tile, yy, sfx), b"<ZeroReferenceDate>2014-05-24</ZeroReferenceDate>\n"))
    # a stray file a substring match on "_HH" would take for a raster
    out.append(("%s_%s_sl_HH%s.notes.txt" % (tile, yy, sfx), b"not a raster\n"))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--block", required=True)
    p.add_argument("--tiles", required=True)
    p.add_argument("--size", type=int, default=100)
    p.add_argument("--zip", action="store_true")
    p.add_argument("--subdir", action="store_true", help="files in a folder of the archive")
    a = p.parse_args()
    d, sfx, _ = era(a.year)
    yy = "%02d" % (a.year % 100)
    if a.zip and 2000 <= a.year <= 2010:
        sfx = "_F__DAR"
    stem = "%s_%s_MOS%s" % (a.block, yy, sfx)
    files = []
    for t in sorted(a.tiles.split(",")):
        files += tile_files(a.year, t, a.size)
    files.sort()
    prefix = stem + "/" if a.subdir else ""
    outdir = os.path.join(a.root, "pub", d, str(a.year))
    os.makedirs(outdir, exist_ok=True)
    if a.zip:
        out = os.path.join(outdir, stem + ".zip")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                zi = zipfile.ZipInfo(prefix + name, (1980, 1, 1, 0, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, data)
        blob = buf.getvalue()
    else:
        out = os.path.join(outdir, stem + ".tar.gz")
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
            for name, data in files:
                ti = tarfile.TarInfo(prefix + name)
                ti.size, ti.mtime, ti.mode = len(data), 0, 0o644
                t.addfile(ti, io.BytesIO(data))
        blob = gzip.compress(buf.getvalue(), mtime=0)
    with open(out + ".tmp", "wb") as f:
        f.write(blob)
    os.rename(out + ".tmp", out)
    print(out)


if __name__ == "__main__":
    main()
