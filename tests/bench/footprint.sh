# tests/bench/footprint.sh (sourced by tests/bench/run): a2footprint on a
# 10000x10000 dual-pol L2.1 GeoTIFF scene (two lakes inside the swath)
# against what the original job did (mask band 1 != 0 with gdal_calc.py,
# gdal_polygonize.py, ogr2ogr -simplify; the baseline), plus the quality of
# the result (intersection over union with the full-resolution valid-data
# polygon, vertex count) and L1.1 footprints of a tiny and a bench-sized
# scene, which read two records each and so take the same time.
src=$BENCH_DIR/footprint-src
out=$BENCH_DIR/footprint-out
PY=/usr/bin/python3 # Debian's, with the GDAL bindings
mkdir -p "$src" "$out" || return 1
gen() { # NAME ARGS...
	_n=$1; shift
	[ -n "$(ls "$src/$_n" 2>/dev/null)" ] && return 0
	echo "bench: footprint: generating $_n in $src" >&2
	a2synth --package dir "$@" -o "$src/$_n" >/dev/null ||
		{ echo "bench: footprint: a2synth $* failed" >&2; rm -rf "$src/$_n"; return 1; }
}
gen l21 --size bench --level 2.1 --mode FBD --pols HH,HV --mask holes || return 1
gen l11tiny --size tiny --level 1.1 --mode FBD || return 1
gen l11bench --size bench --level 1.1 --mode FBD --pols HH || return 1
scene=$(ls -d "$src"/l21/*/ | head -n 1)
tif=$(ls "$scene"IMG-HH-*.tif | head -n 1)

# the original: 1-bit mask, polygonize every full-resolution pixel, simplify
orig="rm -f '$out/mask.tif' '$out/poly.json' '$out/simple.json' &&
	gdal_calc.py --quiet -A '$tif' --calc='A!=0' --type=Byte --NoDataValue=0 \
	    --co NBITS=1 --co COMPRESS=PACKBITS --outfile='$out/mask.tif' &&
	gdal_polygonize.py -q '$out/mask.tif' -f GeoJSON '$out/poly.json' &&
	ogr2ogr -f GeoJSON -simplify 0.001 '$out/simple.json' '$out/poly.json'"
if command -v gdal_polygonize.py >/dev/null && command -v gdal_calc.py >/dev/null; then
	# minutes per run: one timed run is enough to see the ratio
	t=$(BENCH_RUNS=1; bench_median : "$orig")
	bench_row footprint "polygonize+ogr2ogr" "$t" base
fi
bench_row footprint "a2footprint L2.1" "$(bench_median : "a2footprint '$scene'")"
bench_row footprint "a2footprint L1.1 tiny" \
	"$(bench_median : "a2footprint '$(ls -d "$src"/l11tiny/*/ | head -n 1)'")"
bench_row footprint "a2footprint L1.1 bench" \
	"$(bench_median : "a2footprint '$(ls -d "$src"/l11bench/*/ | head -n 1)'")"

# quality: IoU against the union of the full-resolution polygons (holes
# filled: a footprint has none), computed in the raster's CRS
a2footprint "$scene" >"$out/a2.json" || return 1
if [ -s "$out/poly.json" ] && [ -x "$PY" ]; then
	"$PY" - "$tif" "$out/poly.json" "$out/a2.json" <<'EOF' >&2
import json, sys
from osgeo import gdal, ogr, osr
ds = gdal.Open(sys.argv[1])
srs = osr.SpatialReference(wkt=ds.GetProjection())
wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
for s in (srs, wgs):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
full = ogr.Geometry(ogr.wkbMultiPolygon)
for f in json.load(open(sys.argv[2]))["features"]:
    g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
    p = ogr.Geometry(ogr.wkbPolygon); p.AddGeometry(g.GetGeometryRef(0))
    full.AddGeometry(p)
full = full.UnionCascaded()
a2 = json.load(open(sys.argv[3]))
g = ogr.CreateGeometryFromJson(json.dumps(a2["geometry"]))
g.Transform(osr.CoordinateTransformation(wgs, srs))
iou = g.Intersection(full).GetArea() / g.Union(full).GetArea()
n = len(a2["geometry"]["coordinates"][0]) - 1
print("bench: footprint: a2footprint IoU with the full-resolution polygon %.5f "
      "(want >= 0.995), %d vertices (want <= 100), data outside %.6f%%"
      % (iou, n, 100 * full.Difference(g).GetArea() / full.GetArea()))
EOF
fi
