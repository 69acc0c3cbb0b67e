# tests/bench/gunw-tiles.sh (sourced by tests/bench/run): the unwrapped
# phase of a 5000x5000 Sentinel-1 GUNW (a2synth --gunw --size 5000x5000,
# 0.00058 x 0.00052 degree pixels, zoom 0-11 from their size)
# tiled by a2tiles against what a user would otherwise run for the same
# picture, a wrapped phase in a cyclic colour map with fill transparent:
#   gdal_calc.py   wrap: numpy.mod(A, 2 pi) of the netCDF subdataset
#   gdaldem color-relief -alpha   a one-cycle colour table (a2tiles'
#                  palette at 16 stops, nv transparent) to RGBA
#   gdal2tiles.py --xyz --processes=2 -r near   (averaging RGBA across the
#                  wrap would draw the opposite colour there)
# the baseline; and the cheapest grey picture, gdal_translate -ot Byte
# -scale of the subdataset then gdal2tiles -r average, which wraps nothing
# (a floor, not the same output). a2tiles makes the phase layer only (its
# subdataset as the operand), no browse images. Medians of BENCH_RUNS
# rounds (at least 1); wall time and peak RSS (GNU time).
bench=gunw-tiles
N=S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6e8f-v3_0_1
src=$BENCH_DIR/$bench-src
out=$BENCH_DIR/$bench-out
runs=$BENCH_RUNS
[ "$runs" -ge 1 ] 2>/dev/null || runs=1
if [ ! -s "$src/$N.nc" ] || [ "$(cat "$src/args" 2>/dev/null)" != "5000x5000" ]; then
	echo "bench: $bench: generating the GUNW in $src" >&2
	rm -rf "$src"
	a2synth --gunw $N --size 5000x5000 -o "$src" >/dev/null ||
		{ echo "bench: $bench: a2synth failed" >&2; rm -rf "$src"; return 1; }
	echo 5000x5000 >"$src/args"
fi
sub="NETCDF:\"$src/$N.nc\":/science/grids/data/unwrappedPhase"
rm -rf "$out" && mkdir -p "$out" || return 1
# the colour table: a2tiles' palette (a2tiles(1)) at 16 stops of one cycle
awk 'BEGIN { pi = atan2(0, -1)
	for (k = 0; k <= 16; k++) { t = 2 * pi * k / 16
		printf "%.9f %d %d %d 255\n", t, int(127.5 + 127.5 * cos(t) + 0.5),
		    int(127.5 + 127.5 * cos(t - 2 * pi / 3) + 0.5), int(127.5 + 127.5 * cos(t + 2 * pi / 3) + 0.5) }
	print "nv 0 0 0 0" }' >"$out/cyclic.txt"

# once NAME CMD: CMD with $d a new empty directory; "seconds peak-KB" to $out/times.NAME
once() {
	rm -rf "$out/d" && mkdir -p "$out/d" && sync
	/usr/bin/time -f '%e %M' -o "$out/time1" env d="$out/d" sh -c "$2" >/dev/null 2>"$out/err" ||
		{ cat "$out/err" >&2; return 1; }
	tail -n 1 "$out/time1" >>"$out/times.$1"
	rm -rf "$out/d"
}
median() {
	for _k in 1 2; do
		cut -d' ' -f$_k "$out/times.$1" | sort -n |
		    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
	done | tr '\n' ' '
	echo
}
a2="a2tiles -z 0-auto --no-browse -o \"\$d\" '$sub' > \"\$d/rec.json\" && jq -r .tiles.maxzoom \"\$d/rec.json\" > '$out/maxzoom'"
once a2 "$a2" || return 1
z=$(cat "$out/maxzoom")
colour="gdal_calc.py --quiet --type=Float32 --NoDataValue=0 -A '$sub' --outfile=\"\$d/wrapped.tif\" \
	--calc='numpy.where(A == 0, 0, numpy.mod(A, 2 * numpy.pi))' &&
	gdaldem color-relief -q -alpha \"\$d/wrapped.tif\" '$out/cyclic.txt' \"\$d/rgba.tif\" &&
	gdal2tiles.py -q --xyz --processes=2 -r near -z 0-$z \"\$d/rgba.tif\" \"\$d/tiles\""
grey="gdal_translate -q -ot Byte -scale -500 1250 1 255 -a_nodata 0 '$sub' \"\$d/grey.tif\" &&
	gdal2tiles.py -q --xyz --processes=2 -r average -z 0-$z \"\$d/grey.tif\" \"\$d/tiles\""
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	echo "bench: $bench: round $i of $runs (zoom 0-$z)" >&2
	[ $i -eq 1 ] || once a2 "$a2" || return 1
	once colour "$colour" || return 1
	once grey "$grey" || return 1
done
set -- $(median colour)
bench_row "$bench" "gdal_calc+gdaldem+gdal2tiles" "$1" base
c_s=$1 c_kb=$2
set -- $(median grey)
bench_row "$bench" "gdal_translate+gdal2tiles" "$1"
g_s=$1 g_kb=$2
set -- $(median a2)
bench_row "$bench" "a2tiles (phase layer)" "$1"
{
	echo "bench: $bench: zoom 0-$z; a2tiles ${1}s, peak RSS $(($2 / 1024)) MB"
	echo "bench: $bench: gdal_calc+gdaldem color-relief+gdal2tiles ${c_s}s, peak RSS $((c_kb / 1024)) MB"
	echo "bench: $bench: gdal_translate -scale+gdal2tiles (grey, not wrapped) ${g_s}s, peak RSS $((g_kb / 1024)) MB"
} >&2
rm -rf "$out/d"
