# tests/bench/tiles.sh (sourced by tests/bench/run): a2tiles against what a
# user would otherwise run (the baseline): gdal_translate -ot Byte -scale
# then gdal2tiles.py --xyz --processes=2, zoom 0-14, for both polarisations
# of a realistic 10000x10000 dual-pol L2.1 scene. Medians of at least three
# runs each; wall time and peak RSS; then how far the tiles are from
# gdal2tiles' and from GDAL's own average warp (see "compare" below).
# The baseline takes some minutes a run.
src=$BENCH_DIR/tiles-src
out=$BENCH_DIR/tiles-out
PY=/usr/bin/python3 # Debian's, with the GDAL bindings
runs=$BENCH_RUNS
[ "$runs" -ge 3 ] 2>/dev/null || runs=3
base_runs=${A2_TILES_BASE_RUNS:-3}
if [ -z "$(ls "$src"/*/IMG-HV-*.tif 2>/dev/null)" ]; then
	echo "bench: tiles: generating the scene in $src" >&2
	rm -rf "$src"
	a2synth --size bench --level 2.1 --package dir -o "$src" >/dev/null ||
		{ echo "bench: tiles: a2synth failed" >&2; rm -rf "$src"; return 1; }
fi
hh=$(ls "$src"/*/IMG-HH-*.tif | head -n 1)
hv=$(ls "$src"/*/IMG-HV-*.tif | head -n 1)
mkdir -p "$out" || return 1

# once NAME DIR CMD: runs CMD with $d a new empty directory DIR.N (the
# previous run's writes on disk) and appends "seconds peak-KB" (GNU time's
# %e and %M: the largest process) to $out/times.NAME. Old trees are removed
# only at the end: ext4 creating thousands of files just after removing
# thousands spends much of its time skipping the recently freed inodes,
# for either tool.
once() {
	_k=$(($(cat "$out/times.$1" 2>/dev/null | wc -l) + 0))
	rm -rf "$2.$_k" && mkdir -p "$2.$_k" && sync
	/usr/bin/time -f '%e %M' -o "$out/time1" env d="$2.$_k" sh -c "$3" >/dev/null 2>"$out/err" ||
		{ cat "$out/err" >&2; return 1; }
	tail -n 1 "$out/time1" >>"$out/times.$1"
}
# median NAME: "median-seconds median-peak-KB" of NAME's runs
median() {
	for _k in 1 2; do
		cut -d' ' -f$_k "$out/times.$1" | sort -n |
		    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
	done | tr '\n' ' '
	echo
}
# keep NAME DIR: the last run's tree stays as DIR, the others go
keep() {
	_n=$(wc -l <"$out/times.$1")
	rm -rf "$2" && mv "$2.$((_n - 1))" "$2"
	_k=0
	while [ $_k -lt $((_n - 1)) ]; do rm -rf "$2.$_k"; _k=$((_k + 1)); done
}

g=$out/g
pipeline="gdal_translate -q -ot Byte -scale 0 7500 0 255 -a_nodata 0 '$hh' \"\$d/HH.tif\" &&
	gdal2tiles.py -q --xyz --processes=2 -r average -z 0-14 \"\$d/HH.tif\" \"\$d/tiles/HH\" &&
	gdal_translate -q -ot Byte -scale 0 7500 0 255 -a_nodata 0 '$hv' \"\$d/HV.tif\" &&
	gdal2tiles.py -q --xyz --processes=2 -r average -z 0-14 \"\$d/HV.tif\" \"\$d/tiles/HV\""
a2="a2tiles --no-browse -o \"\$d\" '$hh' '$hv'"
a2b="a2tiles -o \"\$d\" '$hh' '$hv'"

# The runs take turns, so that both tools see the same machine (others'
# work on it comes and goes).
rm -f "$out"/times.*
have_g=$(command -v gdal2tiles.py)
n=$runs
[ -n "$have_g" ] && [ "$base_runs" -gt "$n" ] && n=$base_runs
i=0
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	echo "bench: tiles: round $i of $n" >&2
	if [ $i -le "$runs" ]; then
		once a2 "$out/a" "$a2" || return 1
		once a2b "$out/b" "$a2b" || return 1
	fi
	if [ -n "$have_g" ] && [ $i -le "$base_runs" ]; then
		once g "$g" "$pipeline" || return 1
	fi
done
set -- $(median a2)
a2_s=$1 a2_kb=$2
set -- $(median a2b)
a2b_s=$1 a2b_kb=$2
keep a2 "$out/a"
keep a2b "$out/b"
if [ -n "$have_g" ]; then
	set -- $(median g)
	g_s=$1 g_kb=$2
	keep g "$g"
	bench_row tiles "gdal_translate+gdal2tiles" "$g_s" base
fi
bench_row tiles "a2tiles" "$a2_s"
bench_row tiles "a2tiles (+ browse images)" "$a2b_s"

# compare: the same linear stretch as the baseline (--dn-range 0,7500), its
# tiles against the last baseline run's, zoom by zoom, over the pixels both
# show opaque (gdal2tiles' alpha 255: not its edge pixels, which it
# averages with black); per pixel, and as means of 8x8 blocks. And zoom 14
# tiles against GDAL's own average warp onto the same tile (gdalwarp -r
# average -te <tile bounds>) from the baseline's byte image.
a2tiles --dn-range 0,7500 --no-browse --no-viewer -o "$out/c" "$hh" "$hv" >/dev/null ||
	{ echo "bench: tiles: a2tiles --dn-range failed" >&2; return 1; }
[ -d "$g/tiles/HH" ] && $PY - "$out/c/tiles" "$g/tiles" "$g" "$out/ref.tif" <<'EOF' >"$out/compare.txt"
import os, subprocess, sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
a_root, g_root, gdir, ref = sys.argv[1:5]
R = 20037508.342789244
def rd(p):
    v = gdal.Open(p).ReadAsArray()
    return (v.astype(np.int64), v > 0) if v.ndim == 2 else (v[0].astype(np.int64), v[-1] == 255)
zs = {}
for pol in ('HH', 'HV'):
    for z in sorted((d for d in os.listdir(f'{g_root}/{pol}') if d.isdigit()), key=int):
        s = zs.setdefault(int(z), [0, 0, 0.0, 0])
        for x in os.listdir(f'{g_root}/{pol}/{z}'):
            for f in os.listdir(f'{g_root}/{pol}/{z}/{x}'):
                ap = f'{a_root}/{pol}/{z}/{x}/{f}'
                if not os.path.exists(ap):
                    continue
                gv, gm = rd(f'{g_root}/{pol}/{z}/{x}/{f}'); av, am = rd(ap)
                m = am & gm
                s[0] += int(np.abs(av[m] - gv[m]).sum()); s[1] += int(m.sum())
                full = m.reshape(32, 8, 32, 8).all(axis=(1, 3))
                d = av.reshape(32, 8, 32, 8).mean(axis=(1, 3)) - gv.reshape(32, 8, 32, 8).mean(axis=(1, 3))
                s[2] += float(np.abs(d[full]).sum()); s[3] += int(full.sum())
worst = 0.0
for z, s in sorted(zs.items()):
    b = s[2] / s[3] if s[3] else float('nan')
    if s[3] >= 100: worst = max(worst, b)
    print(f'z{z:<2} per-pixel MAD {s[0] / max(s[1], 1):6.2f} over {s[1]:9d} px; 8x8-block MAD {b:5.2f} over {s[3]} blocks')
print(f'worst 8x8-block MAD (zooms with >= 100 blocks): {worst:.2f}')
# zoom 14 against gdalwarp -r average, on 12 tiles with data throughout
tiles = sorted((x, f[:-4]) for x in os.listdir(f'{a_root}/HH/14') for f in os.listdir(f'{a_root}/HH/14/{x}'))
pick = [t for t in tiles[len(tiles) // 4::max(1, len(tiles) // 24)] if rd(f'{a_root}/HH/14/{t[0]}/{t[1]}.png')[1].all()][:12]
ta = tg = n = 0
for x, y in pick:
    x, y = int(x), int(y); span = 2 * R / 2 ** 14
    subprocess.run(['gdalwarp', '-q', '-overwrite', '-t_srs', 'EPSG:3857', '-te', str(-R + x * span), str(R - (y + 1) * span),
                    str(-R + (x + 1) * span), str(R - y * span), '-ts', '256', '256', '-r', 'average',
                    '-srcnodata', '0', '-dstnodata', '0', f'{gdir}/HH.tif', ref], check=True)
    r = gdal.Open(ref).ReadAsArray().astype(np.int64)
    av, am = rd(f'{a_root}/HH/14/{x}/{y}.png'); gv, gm = rd(f'{g_root}/HH/14/{x}/{y}.png')
    m = am & gm & (r > 0)
    ta += int(np.abs(av[m] - r[m]).sum()); tg += int(np.abs(gv[m] - r[m]).sum()); n += int(m.sum())
print(f'zoom 14 vs gdalwarp -r average ({len(pick)} tiles): a2tiles MAD {ta / max(n, 1):.2f}, gdal2tiles MAD {tg / max(n, 1):.2f}')
EOF

{
	echo "bench: tiles: a2tiles ${a2_s}s, peak RSS $((a2_kb / 1024)) MB (with browse images ${a2b_s}s, $((a2b_kb / 1024)) MB)"
	if [ -n "${g_s:-}" ]; then
		echo "bench: tiles: gdal_translate+gdal2tiles ${g_s}s, peak RSS $((g_kb / 1024)) MB"
		awk -v a="$a2_s" -v g="$g_s" -v kb="$a2_kb" 'BEGIN {
			r = g / a; s = (r >= 25) ? "ok" : "NOT MET"; m = (kb <= 300 * 1024) ? "ok" : "NOT MET"
			printf "bench: tiles: speed-up %.1fx (want >= 25): %s; peak RSS %d MB (want <= 300): %s\n",
			    r, s, kb / 1024, m }'
		sed 's/^/bench: tiles: /' "$out/compare.txt"
		awk '/^worst/ { s = ($NF + 0 <= 2) ? "ok" : "NOT MET"; printf "bench: tiles: agreement with gdal2tiles (8x8-block MAD <= 2): %s\n", s }' \
		    "$out/compare.txt"
	fi
} >&2
rm -rf "$out/a" "$out/b" "$out/c" "$out/ref.tif"
