# tests/bench/nrb-tiles.sh (sourced by tests/bench/run): a2tiles on an L2.2
# NRB scene of the real sample's size (a2synth --level 2.2 --size
# 16234x15916, WWD, HH and HV; 50 m pixels there, see a2synth(1)), zoom
# 0-12 (12 is the zoom nearest its pixel):
#  - tiles.inc on the HH band: a2tiles (its _MSK.tif found beside it, so
#    masked) against gdal_translate -ot Byte -scale + gdal2tiles.py
#    (unmasked: what a user would otherwise run), and both with browse
#    images;
#  - what the mask costs: a2tiles on the same HH band without its mask
#    (a link to it in a directory with no _MSK.tif), and with a mask of
#    code 1 (valid) throughout, which hides nothing: the cost of reading
#    it (the scene's own mask also saves writing the tiles it hides);
#  - the ingest's map steps end to end, as a job runs them:
#    a2classify | a2footprint | a2tiles (HH, HV, the composite, browse).
# One run of each by default (A2_BENCH_RUNS=1): the baseline takes
# minutes a run.
bench=nrb-tiles
synth_args="--size 16234x15916 --mode WWD"
synth_level=2.2
tif_glob='*_HH_SLP.tif'
zoom=0-12
min_runs=1
bench_base_runs=1
. "$A2_TOP/tests/bench/tiles.inc" || return 1

scene=$(dirname "$hh")
mkdir -p "$out/nomask" "$out/ones" && ln -sf "$hh" "$out/nomask/" && ln -sf "$hh" "$out/ones/" || return 1
[ -s "$out/ones/$(basename "$hh" _HH_SLP.tif)_MSK.tif" ] || $PY - "$hh" "$out/ones/$(basename "$hh" _HH_SLP.tif)_MSK.tif" <<'EOF' || return 1
import sys
from osgeo import gdal
gdal.UseExceptions()
s = gdal.Open(sys.argv[1])
m = gdal.GetDriverByName('MEM').Create('', s.RasterXSize, s.RasterYSize, 1, gdal.GDT_Byte)
m.SetGeoTransform(s.GetGeoTransform()); m.SetProjection(s.GetProjection()); m.GetRasterBand(1).Fill(1)
gdal.GetDriverByName('COG').CreateCopy(sys.argv[2], m, options=['COMPRESS=DEFLATE', 'BLOCKSIZE=256', 'RESAMPLING=NEAREST'])
EOF
rm -f "$out"/times.nomask "$out"/times.mask "$out"/times.ones "$out"/times.e2e
i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 1))
	once mask "$out/m" "a2tiles -z $zoom --no-browse -o \"\$d\" '$hh'" || return 1
	once nomask "$out/n" "a2tiles -z $zoom --no-browse -o \"\$d\" '$out/nomask/$(basename "$hh")'" || return 1
	once ones "$out/1" "a2tiles -z $zoom --no-browse -o \"\$d\" '$out/ones/$(basename "$hh")'" || return 1
	once e2e "$out/e" "printf '{\"unpack\":{\"dir\":\"%s\"}}\n' '$scene' | a2classify | a2footprint |
	    a2tiles -z $zoom -o \"\$d\"" || return 1
done
set -- $(median mask)
m_s=$1 m_kb=$2
set -- $(median nomask)
n_s=$1
set -- $(median ones)
o_s=$1
set -- $(median e2e)
e_s=$1 e_kb=$2
bench_row "$bench" "a2tiles HH, masked" "$m_s"
bench_row "$bench" "a2tiles HH, no mask" "$n_s"
bench_row "$bench" "a2tiles HH, mask all valid" "$o_s"
bench_row "$bench" "a2classify|a2footprint|a2tiles (HH HV RGB + browse)" "$e_s"
{
	echo "bench: $bench: reading a mask that hides nothing costs $(awk -v m="$o_s" -v n="$n_s" 'BEGIN { printf "%.2fs (%.0f%%)", m - n, 100 * (m - n) / n }') (${o_s}s against ${n_s}s unmasked); with the scene's own mask ${m_s}s, peak RSS $((m_kb / 1024)) MB"
	echo "bench: $bench: a2classify | a2footprint | a2tiles -z $zoom (HH, HV, RGB, browse images): ${e_s}s, peak RSS $((e_kb / 1024)) MB"
} >&2
rm -rf "$out"/m.* "$out"/n.* "$out"/1.* "$out"/e.* "$out/nomask" "$out/ones"
