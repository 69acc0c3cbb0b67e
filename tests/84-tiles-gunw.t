#!/bin/sh
# a2tiles on a Sentinel-1 GUNW (hyp3-gunw.md §4.2-4.3): the layers
# unwrappedPhase, coherence and amplitude, read through GDAL's netCDF
# driver.  Every tile pixel of a2synth's grids (phase 0.25x - 0.1y + 0.5
# rad, coherence 0.3 + 0.06 ((7y + 3x) mod 11), amplitude 1000 + (31y + 17x)
# mod 400) is checked by GDAL's Python bindings against the grid under it:
# the phase's colour of its wrapped value (the same index in every 2 pi
# cycle), fill transparent, coherence grey exact, a lower zoom's pixel
# across the wrap the circular mean of its four (never the mean of the
# bytes, the opposite colour), both sides of the antimeridian; tiles.json,
# the record, a2md's met.json and the URL job.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
$PY -c 'from osgeo import gdal; import numpy' 2>/dev/null || skip_all "python3-gdal (with numpy) is missing: make deps"
plan 43

# (hashes of the scenes a2synth gives these names, which a2classify checks)
N1=S1-GUNW-A-R-064-tops-20241216_20241204-015158-00120W_00038N-PP-6ea4-v3_0_1
NA=S1-GUNW-D-R-172-tops-20250110_20241229-063015-00179E_00018S-PP-52b8-v3_0_1
a2synth --gunw $N1 -o "$T/g1" >/dev/null
a2synth --gunw $NA -o "$T/ga" >/dev/null
F=$T/g1/$N1.nc

# q.py: what the PNGs hold, read by GDAL, against the grids, read by GDAL
cat >"$T/q.py" <<'PYEOF'
import sys, math, glob, os, numpy as np
from osgeo import gdal
gdal.UseExceptions()
R = 20037508.342789244
cmd, a = sys.argv[1], sys.argv[2:]

def grid(nc, name):
    ds = gdal.Open('NETCDF:"%s":/science/grids/data/%s' % (nc, name))
    return ds.GetGeoTransform(), ds.ReadAsArray().astype(np.float64)

def tile(path):
    # indices and RGBA of a paletted PNG, read by GDAL
    ds = gdal.Open(path); b = ds.GetRasterBand(1)
    ct = b.GetColorTable()
    return b.ReadAsArray(), [ct.GetColorEntry(i) for i in range(ct.GetCount())]

def phase_index(v):
    # one colour cycle per 2 pi: byte 1 + round(255 frac(v / 2 pi)) mod 255
    if v == 0: return 0
    x = v / (2 * math.pi)
    return math.floor((x - math.floor(x)) * 255 + 0.5) % 255 + 1

def colour(i):
    # the cyclic palette of a2tiles(1)
    if i == 0: return (0, 0, 0, 0)
    t = 2 * math.pi * (i - 1) / 255
    c = lambda a: math.floor(127.5 + 127.5 * math.cos(a) + 0.5)
    return (c(t), c(t - 2 * math.pi / 3), c(t + 2 * math.pi / 3), 255)

def pixels(d, layer, z):
    # (tile pixel centre lon, lat, corners lon/lat, index, rgba) of every pixel of zoom z
    for p in sorted(glob.glob('%s/%s/%d/*/*.png' % (d, layer, z))):
        x, y = int(p.split('/')[-2]), int(p.split('/')[-1][:-4])
        idx, pal = tile(p)
        span = 2 * R / 2 ** z
        for py in range(256):
            for px in range(256):
                mx = -R + x * span + (px + 0.5) * span / 256
                my = R - y * span - (py + 0.5) * span / 256
                lon = mx / R * 180
                lat = math.degrees(2 * math.atan(math.exp(my / 6378137.0)) - math.pi / 2)
                yield p, px, py, lon, lat, span / 256, idx[py, px], pal[idx[py, px]]

def src(gt, lon, lat, shape):
    c = (lon - gt[0]) / gt[1]; r = (lat - gt[3]) / gt[5]
    if c < 0: c += 360 / gt[1]
    return c, r

def inside(c, r, shape, m):
    return m < c - math.floor(c) < 1 - m and m < r - math.floor(r) < 1 - m and \
        0 <= c < shape[1] and 0 <= r < shape[0]

if cmd == 'phase':
    # every tile pixel of zoom z against the grid under its centre
    d, nc, z = a[0], a[1], int(a[2])
    gt, g = grid(nc, 'unwrappedPhase')
    n = bad = fill = 0; cycles = set(); byidx = {}; side = [0, 0]
    for p, px, py, lon, lat, _, i, rgba in pixels(d, 'unwrappedPhase', z):
        c, r = src(gt, lon, lat, g.shape)
        if not inside(c, r, g.shape, 0.2):
            continue
        v = g[int(r), int(c)]; want = phase_index(v)
        n += 1
        if want == 0: fill += 1
        else:
            cycles.add(math.floor(v / (2 * math.pi))); side[lon > 0] += 1
        if i != want or tuple(rgba) != colour(want): bad += 1
        if want: byidx.setdefault(want, set()).add(math.floor(v / (2 * math.pi)))
    # phi and phi + 2 pi k: the same index, whatever the cycle
    multi = sum(1 for s in byidx.values() if len(s) > 1)
    print('checked %d mismatched %d fill %d cycles %s indices-in-several-cycles %s west-east %s' %
          (n, bad, fill, ','.join(str(k) for k in sorted(cycles)), 'yes' if multi > 20 else 'no',
           'both' if min(side) > 0 else 'one'))
elif cmd == 'at':
    # the tile pixel of zoom z over the centre of grid pixel (col, row): value, index, RGBA
    d, nc, layer, z, col, row = a[0], a[1], a[2], int(a[3]), int(a[4]), int(a[5])
    gt, g = grid(nc, layer)
    lon = gt[0] + (col + 0.5) * gt[1]; lat = gt[3] + (row + 0.5) * gt[5]
    lon = lon - 360 if lon > 180 else lon
    n = 2 ** z; mx = lon / 180 * R; my = 6378137.0 * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    fx = (mx + R) / (2 * R) * n; fy = (R - my) / (2 * R) * n
    p = '%s/%s/%d/%d/%d.png' % (d, layer, z, int(fx), int(fy))
    idx, pal = tile(p)
    px, py = int((fx % 1) * 256), int((fy % 1) * 256)
    print('%.7g %d %s' % (g[row, col], idx[py, px], ','.join(str(v) for v in pal[idx[py, px]])))
elif cmd == 'coh':
    # tile pixels wholly inside one grid pixel (the area average is that
    # pixel): grey 1 + round(254 c)
    d, nc, z = a[0], a[1], int(a[2])
    gt, g = grid(nc, 'coherence')
    n = bad = 0
    for p, px, py, lon, lat, m, i, rgba in pixels(d, 'coherence', z):
        c, r = src(gt, lon, lat, g.shape)
        # the tile pixel's half-width, in grid pixels
        h = m / R * 180 / min(gt[1], abs(gt[5])) / 2 + 0.05
        if not inside(c, r, g.shape, h):
            continue
        v = g[int(r), int(c)]
        want = 0 if v <= 0 else 1 + math.floor(254 * min(v, 1) + 0.5)
        n += 1
        if i != want or (want and tuple(rgba) != (want, want, want, 255)): bad += 1
    print('checked %d mismatched %d' % (n, bad))
elif cmd == 'wrap':
    # zoom z from zoom z+1: where the four children straddle the wrap, the
    # parent is their circular mean, not their mean
    d, z = a[0], int(a[1])
    n = bad = opposite = amean = 0
    th = lambda i: 2 * math.pi * (i - 1) / 255
    for p in sorted(glob.glob('%s/unwrappedPhase/%d/*/*.png' % (d, z))):
        x, y = int(p.split('/')[-2]), int(p.split('/')[-1][:-4])
        par, _ = tile(p)
        kids = np.zeros((512, 512), np.int64)
        for cy in range(2):
            for cx in range(2):
                q = '%s/unwrappedPhase/%d/%d/%d.png' % (d, z + 1, 2 * x + cx, 2 * y + cy)
                if os.path.exists(q):
                    kids[cy * 256:(cy + 1) * 256, cx * 256:(cx + 1) * 256] = tile(q)[0]
        for py in range(256):
            for px in range(256):
                k = [kids[2 * py, 2 * px], kids[2 * py, 2 * px + 1], kids[2 * py + 1, 2 * px], kids[2 * py + 1, 2 * px + 1]]
                if 0 in k or not (min(k) <= 20 and max(k) >= 236):
                    continue
                s = sum(math.sin(th(i)) for i in k); c = sum(math.cos(th(i)) for i in k)
                want = math.floor(math.atan2(s, c) / (2 * math.pi) * 255 + 0.5) % 255 + 1
                n += 1
                bad += par[py, px] != want
                opposite += 64 < par[py, px] < 192
                amean += 64 < (sum(k) + 2) // 4 < 192
    print('straddling %d not-circular-mean %d near-opposite %d (%d by the mean of the bytes)' % (n, bad, opposite, amean))
elif cmd == 'browse':
    # pixel (x, y) of a browse PNG: index and RGBA
    idx, pal = tile(a[0]); x, y = int(a[1]), int(a[2])
    ds = gdal.Open(a[0])
    print('%dx%d %d %s' % (ds.RasterXSize, ds.RasterYSize, idx[y, x], ','.join(str(v) for v in pal[idx[y, x]])))
elif cmd == 'colour':
    # a screenshot's spread between the channels in the box around x, y: 0 for grey
    v = gdal.Open(a[0]).ReadAsArray()[:3].astype(int); x, y = int(a[1]), int(a[2])
    s = v[:, y - 40:y + 40, x - 40:x + 40]
    print('%.1f' % (s.max(axis=0) - s.min(axis=0)).mean())
elif cmd == 'alpha':
    # palette entry 0 transparent, every other opaque
    idx, pal = tile(a[0])
    print(pal[0][3], min(e[3] for e in pal[1:]), len(pal))
PYEOF
Q="$PY $T/q.py"

# ---- the .nc: three layers, zoom 0-7 ----
exits 0 "a2tiles on a GUNW .nc: exit 0" -- a2tiles -z 0-7 -j 2 -o "$T/o" "$F"
is "$(out | jq -c '.tiles | [.tile_layers, .tile_max_zoom, .minzoom, .bounds, (.browse | map(sub(".*/"; "")))]')" \
    "[[\"unwrappedPhase\",\"coherence\",\"amplitude\"],[7,7,7],0,[-119.8,38.2,-116.9,40.8],[\"${N1}_unwrappedPhase.browse.png\",\"${N1}_unwrappedPhase.browse_small.png\",\"${N1}_coherence.browse.png\",\"${N1}_coherence.browse_small.png\",\"${N1}_amplitude.browse.png\",\"${N1}_amplitude.browse_small.png\"]]" \
    "record: three layers (URL-safe names), their zooms, bounds, two browse images each"
is "$(err)" "" "nothing on stderr (no HDF5 diagnostics from the worker threads)"
is "$(jq -c '[.layers[] | [.name, .tiles[0], .stretch, .range]]' "$T/o/tiles/tiles.json")" \
    '[["unwrappedPhase","unwrappedPhase/{z}/{x}/{y}.png","cyclic",[-3.14159265358979,3.14159265358979]],["coherence","coherence/{z}/{x}/{y}.png","linear",[0,1]],["amplitude","amplitude/{z}/{x}/{y}.png","db",[60,62.9]]]' \
    "tiles.json: layers, tile URLs, stretch and range (amplitude 2%..98% of 20 log10)"
is "$(jq -c '[.tile_layers, .layers[0].title, .layers[0].cycle, .attribution]' "$T/o/tiles/tiles.json")" \
    '[["unwrappedPhase","coherence","amplitude"],"unwrapped phase, wrapped: one colour cycle per 2 pi rad",6.28318530717959,"Copernicus Sentinel-1 data, ARIA GUNW"]' \
    "tiles.json: tile_layers, the phase's title and cycle, attribution"
is "$(cd "$T/o/tiles" && ls -d */7 | tr '\n' ' ')" "amplitude/7 coherence/7 unwrappedPhase/7 " "a tree per layer"

# ---- exact pixels ----
is "$($Q at "$T/o/tiles" "$F" unwrappedPhase 7 32 24)" "6.1 249 253,46,84,255" \
    "phase 6.1 rad (grid pixel 32,24): index 249 = 1 + round(255 * 6.1 / 2pi), colour (253,46,84)"
is "$($Q phase "$T/o/tiles" "$F" 7)" \
    "checked 29760 mismatched 0 fill 8290 cycles -1,0,1,2 indices-in-several-cycles yes west-east one" \
    "every zoom-7 phase pixel: the colour of its grid value wrapped, over four 2 pi cycles; fill transparent"
is "$($Q alpha "$T/o/tiles/unwrappedPhase/7/22/48.png")" "0 255 256" \
    "phase PNG: a 256-colour palette, index 0 transparent, the others opaque"
is "$($Q at "$T/o/tiles" "$F" coherence 7 32 24)" "0.3 77 77,77,77,255" \
    "coherence 0.3: grey 77 = 1 + round(254 * 0.3)"
is "$($Q coh "$T/o/tiles" "$F" 7)" "checked 35552 mismatched 0" \
    "every zoom-7 coherence pixel within one grid pixel: grey 1 + round(254 c)"
is "$($Q at "$T/o/tiles" "$F" amplitude 7 32 24)" "1088 65 65,65,65,255" \
    "amplitude 1088: grey 65 = 1 + round(254 * (20 log10 1088 - 60) / 2.9)"
is "$($Q wrap "$T/o/tiles" 6)" "straddling 189 not-circular-mean 0 near-opposite 0 (189 by the mean of the bytes)" \
    "zoom 6 across the wrap: the circular mean of the four zoom-7 pixels, never the opposite colour"
is "$($Q browse "$T/o/${N1}_unwrappedPhase.browse_small.png" 32 24)" "64x48 249 253,46,84,255" \
    "browse_small: the grid's size, pixel 32,24 the tile's colour"
is "$($Q browse "$T/o/${N1}_unwrappedPhase.browse.png" 0 0 | cut -d' ' -f1)" "6x5" "browse: a tenth of the size"

# --db-range: the amplitude's stretch
a2tiles -z 7-7 --no-browse --no-viewer --db-range 55,65 -o "$T/r" "$F" >/dev/null
is "$($Q at "$T/r/tiles" "$F" amplitude 7 32 24)" "1088 147 147,147,147,255" \
    "--db-range 55,65: amplitude 1088 is grey 147"
is "$(jq -c '.layers[2].range' "$T/r/tiles/tiles.json")" "[55,65]" "--db-range: tiles.json says it"

# ---- across the antimeridian ----
exits 0 "a2tiles on the GUNW across 180 degrees: exit 0" -- a2tiles -z 0-6 -o "$T/a" "$T/ga/$NA.nc"
is "$(cd "$T/a/tiles" && ls unwrappedPhase/6 coherence/6 amplitude/6 | tr '\n' ' ')" \
    "amplitude/6: 0 63  coherence/6: 0 63  unwrappedPhase/6: 0 63 " \
    "zoom 6: tiles west (x 0) and east (x 63) of the antimeridian, every layer"
is "$($Q phase "$T/a/tiles" "$T/ga/$NA.nc" 6)" \
    "checked 5846 mismatched 0 fill 1553 cycles -1,0,1,2 indices-in-several-cycles yes west-east both" \
    "every zoom-6 phase pixel on both sides: the grid's value (longitudes run on past 180)"
is "$($Q coh "$T/a/tiles" "$T/ga/$NA.nc" 6)" "checked 2862 mismatched 0" "coherence on both sides"
is "$(jq -c '.bounds' "$T/a/tiles/tiles.json")" "[-180,-17.8,180,-15.2]" \
    "tiles.json bounds across 180: every longitude"

# ---- the viewer in headless Chromium (as tests/81-tiles-viewer.t) ----
if [ -x /usr/bin/chromium ] && [ -d "$A2_TOP/tests/node_modules/playwright-core" ]; then
	a2footprint "$F" > "$T/fp.json"
	a2tiles -z 0-7 --no-browse --footprint "$T/fp.json" -o "$T/v" "$F" >/dev/null
	CHROMIUM=/usr/bin/chromium node "$A2_TOP/tests/servers/tiles-view.js" --dir "$T/v/tiles" --out "$T/shots" \
	    > "$T/view.json" 2> "$T/view.err" || diag "$(cat "$T/view.err")"
	is "$(jq -c '[.errors, [.layers[].name]]' "$T/view.json")" '[[],["unwrappedPhase","coherence","amplitude"]]' \
	    "Chromium: every layer drew its tiles, no failed request or console error"
	IN=$(jq -r '.inside | join(" ")' "$T/view.json")
	ok '[ "$($Q colour "$T/shots/unwrappedPhase.png" $IN | cut -d. -f1)" -ge 20 ]' "Chromium: the phase is in colour"
	is "$($Q colour "$T/shots/coherence.png" $IN)" "0.0" "Chromium: the coherence is grey"
	# the legend of each layer as shown: the phase's cycle from -pi to pi
	# (the colours of a2tiles' palette at -pi, -pi/2, 0, pi/2 and pi among
	# the bar's 13 stops), coherence 0..1 without a unit, amplitude in dB
	is "$(jq -r '.layers[] | [.name, (.legend.text | join("|")), (.legend.bar | if test("rgb\\(0, 191") then [scan("rgb\\([0-9, ]*\\)")] | [.[0], .[3], .[6], .[9], .[12]] | join(" ") else . end)] | join(" / ")' "$T/view.json")" \
	    "unwrappedPhase / unwrapped phase, wrapped: one colour cycle per 2 pi rad|-3.14 rad|3.14 rad / rgb(0, 191, 191) rgb(127, 17, 238) rgb(255, 64, 64) rgb(127, 238, 17) rgb(0, 191, 191)
coherence / coherence|0|1 / linear-gradient(to right, rgb(1, 1, 1), rgb(255, 255, 255))
amplitude / amplitude (20 log10)|$(jq -r '.layers[2].range | "\(.[0]) dB|\(.[1]) dB"' "$T/v/tiles/tiles.json") / linear-gradient(to right, rgb(1, 1, 1), rgb(255, 255, 255))" \
	    "Chromium: each layer's legend (the phase's colours, coherence 0..1, amplitude in dB)"
else
	for i in 1 2 3 4; do ok true "# SKIP chromium or playwright-core missing"; done
fi

# ---- one grid, named as GDAL names it ----
exits 0 "a2tiles on the phase's subdataset" -- a2tiles -z 0-7 --no-browse -o "$T/one" \
    "NETCDF:\"$F\":/science/grids/data/unwrappedPhase"
is "$(out | jq -c '.tiles.tile_layers')" '["unwrappedPhase"]' "one grid: one layer"
ok 'diff -r "$T/o/tiles/unwrappedPhase" "$T/one/tiles/unwrappedPhase" >/dev/null' \
    "one grid: the same phase tiles as with the other two"

# ---- scene directory, scene.json, pipeline record ----
a2classify "$T/g1" > "$T/scene.json"
exits 0 "a2tiles on the scene directory" -- a2tiles -z 5-7 --no-browse -o "$T/d" "$T/g1"
is "$(out | jq -c '.tiles.tile_layers')" '["unwrappedPhase","coherence","amplitude"]' "scene directory: the three layers"
exits 0 "a2tiles on scene.json" -- a2tiles -z 5-7 --no-browse -o "$T/s" "$T/scene.json"
ok 'diff -r "$T/d/tiles/unwrappedPhase" "$T/s/tiles/unwrappedPhase" >/dev/null' "scene.json: the same phase tiles"
echo "{\"scene\":$(cat "$T/scene.json")}" | a2tiles -z 5-7 --no-browse -o "$T/p" > "$T/rec.json"
is "$(jq -c '[.scene.id, .tiles.dir, .tiles.tile_layers]' "$T/rec.json")" \
    "[\"$N1\",\"$T/p/tiles/$N1\",[\"unwrappedPhase\",\"coherence\",\"amplitude\"]]" \
    "pipeline record: tiles in DIR/tiles/ID, the record gains them"
ok 'diff -r "$T/d/tiles/coherence" "$T/p/tiles/$N1/coherence" >/dev/null' "pipeline record: the same coherence tiles"

# ---- a2md: tile_layers in met.json, the tiles asset ----
exits 0 "a2md --tiles of a GUNW" -- a2md -o "$T/o" --tiles "$T/o/tiles/tiles.json" "$T/scene.json"
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$T/o/$N1.met.json")" \
    '[true,["unwrappedPhase","coherence","amplitude"],[7,7,7]]' "met.json: tiles, tile_layers, tile_max_zoom"
is "$(jq -c '.assets.tiles' "$T/o/$N1.stac.json")" \
    '{"href":"tiles/tiles.json","type":"application/json","title":"map tiles (a2tiles)","roles":["tiles"]}' \
    "STAC Item: the tiles asset"
a2md -o "$T/m0" "$T/scene.json" >/dev/null
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$T/m0/$N1.met.json")" '[false,[],[]]' \
    "without --tiles: no tiles, as before"

# ---- the URL job tiles a GUNW ----
if command -v make >/dev/null; then
	exits 0 "URL job on a GUNW .nc: exit 0" -- sh -c 'cd "$1" && shift && exec "$@"' sh "$T" \
		make -s -f "$A2_TOP/examples/url.mk" A2_BIN="$A2_BIN" A2_DATA="$T/data" A2_TILES_ZOOM=0-auto \
		URL="file://$F"
	P=$T/data/products/$N1
	is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$P/$N1.met.json")" \
	    '[true,["unwrappedPhase","coherence","amplitude"],[5,5,5]]' "URL job: met.json has the tile layers (tosca's URLs)"
	is "$(cd "$P" && ls tiles/*/5/*/*.png | wc -l | tr -d ' ')" 3 "URL job: tiles/{layer}/{z}/{x}/{y}.png"
	ok '[ -s "$P/${N1}_unwrappedPhase.browse.png" ]' "URL job: the phase's browse image"
else
	for i in 1 2 3 4; do ok true "# SKIP make missing"; done
fi
done_testing
