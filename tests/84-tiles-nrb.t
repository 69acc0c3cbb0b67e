#!/bin/sh
# a2tiles on L2.2 NRB scenes (palsar2-scansar-nrb.md; a2synth --level
# 2.2): the _SLP.tif of each polarisation is a layer, with the HH/HV/ratio
# composite where both exist; wherever the _MSK.tif code is not 1 (0 no
# data, 2 layover, 3 shadow, 4 ocean, 5 invalid) a tile pixel is
# transparent in every layer, and a valid one holds exactly the
# dB-stretched byte of its DN; browse images byte for byte as the mask
# and stretch say; a single-polarisation scene without composite; the
# antimeridian; a mask on another grid refused (exit 1, one line); the
# same tiles from a bare _SLP.tif (its mask found beside it) and from the
# pipeline. PNGs are read with GDAL, not a2's own code.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
$PY -c 'from osgeo import gdal; import numpy' 2>/dev/null || skip_all "python3-gdal (with numpy) is missing: make deps"
command -v jq >/dev/null || skip_all "jq needed"
command -v gdal_translate >/dev/null || skip_all "gdal_translate needed"

ID=ALOS2015976960-140909-WWDR2.2GUA
P=ALOS2015976960-140909_WWDR2.2GUA

# chk.py TILES SCENEDIR Z: for each mask code, the source pixels whose
# zoom Z tile pixel lies wholly inside them (its four corners mapped back
# into the source pixel); per code "code n transparent-HH -HV -RGB exact",
# exact counting the pixels whose HH and HV bytes are the stretch's byte
# of their DN (tiles.json's range) and whose RGB is (HH, HV, blue > 0).
cat >"$T/chk.py" <<'PYEOF'
import json, math, os, sys, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
R = 20037508.342789244
tiles, sdir, z = sys.argv[1], sys.argv[2], int(sys.argv[3])
tj = json.load(open(f'{tiles}/tiles.json'))
rng = {l['name']: l['range'] for l in tj['layers']}
def rd(f):
    ds = gdal.Open(f); return ds, ds.ReadAsArray()
pre = [f for f in os.listdir(sdir) if f.endswith('_MSK.tif')][0][:-8]
mds, msk = rd(f'{sdir}/{pre}_MSK.tif')
dn = {p: rd(f'{sdir}/{pre}_{p}_SLP.tif')[1] for p in ('HH', 'HV')}
gt = mds.GetGeoTransform()
src = osr.SpatialReference(wkt=mds.GetProjection()); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
mer = osr.SpatialReference(); mer.ImportFromEPSG(3857); mer.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
fwd = osr.CoordinateTransformation(src, mer); back = osr.CoordinateTransformation(mer, src)
def lut(p, d):
    lo, hi = rng[p]
    if d == 0: return 0
    b = 1 + math.floor(254 * ((20 * math.log10(d) - 83) - lo) / (hi - lo) + 0.5)
    return min(255, max(1, b))
span = 2 * R / 2 ** z; px = span / 256
cache = {}
def tile(layer, tx, ty):
    k = (layer, tx, ty)
    if k not in cache:
        f = f'{tiles}/{layer}/{z}/{tx}/{ty}.png'
        cache[k] = rd(f)[1] if os.path.exists(f) else None
    return cache[k]
res = {c: [0, 0, 0, 0, 0] for c in range(6)}
for y in range(msk.shape[0]):
    for x in range(msk.shape[1]):
        e, n = gt[0] + (x + .5) * gt[1], gt[3] + (y + .5) * gt[5]
        mx, my, _ = fwd.TransformPoint(e, n)
        gx, gy = (mx + R) / px, (R - my) / px
        ix, iy = int(gx), int(gy)
        inside = True
        for cx, cy in ((ix, iy), (ix + 1, iy), (ix, iy + 1), (ix + 1, iy + 1)):
            u, v, _ = back.TransformPoint(cx * px - R, R - cy * px)
            if int((u - gt[0]) / gt[1]) != x or int((v - gt[3]) / gt[5]) != y: inside = False
        if not inside: continue
        tx, ty, ox, oy = ix // 256, iy // 256, ix % 256, iy % 256
        c = int(msk[y, x]); r = res[c]; r[0] += 1
        hh, hv, rgb = tile('HH', tx, ty), tile('HV', tx, ty), tile('RGB', tx, ty)
        vh = 0 if hh is None else int(hh[oy, ox]); vv = 0 if hv is None else int(hv[oy, ox])
        vr = (0, 0, 0) if rgb is None else tuple(int(b[oy, ox]) for b in rgb)
        r[1] += vh == 0; r[2] += vv == 0; r[3] += vr == (0, 0, 0)
        eh, ev = lut('HH', int(dn['HH'][y, x])), lut('HV', int(dn['HV'][y, x]))
        r[4] += vh == eh and vv == ev and vr[:2] == (eh, ev) and vr[2] > 0
for c in range(6): print(c, *res[c])
PYEOF

# browse.py BROWSE SCENEDIR POL LO HI: the browse image (a tenth of the
# size) recomputed from DN and mask: 1 when byte-identical
cat >"$T/browse.py" <<'PYEOF'
import math, os, sys, numpy as np
from osgeo import gdal
gdal.UseExceptions()
png, sdir, pol, lo, hi = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
pre = [f for f in os.listdir(sdir) if f.endswith('_MSK.tif')][0][:-8]
m = gdal.Open(f'{sdir}/{pre}_MSK.tif').ReadAsArray()
d = gdal.Open(f'{sdir}/{pre}_{pol}_SLP.tif').ReadAsArray().astype(np.float64)
d[m != 1] = 0
with np.errstate(divide='ignore'):
    v = np.floor(254 * ((20 * np.log10(d) - 83) - lo) / (hi - lo) + 0.5) + 1
v = np.where(d > 0, np.clip(v, 1, 255), 0).astype(np.int64)
h, w = d.shape; bw, bh = max(1, int(w * .1 + .5)), max(1, int(h * .1 + .5))
s = np.zeros((bh, bw), np.int64); c = np.zeros((bh, bw), np.int64)
rows = (np.arange(h) * bh) // h; cols = (np.arange(w) * bw) // w
np.add.at(s, (rows[:, None].repeat(w, 1), cols[None, :].repeat(h, 0)), v)
np.add.at(c, (rows[:, None].repeat(w, 1), cols[None, :].repeat(h, 0)), (v > 0).astype(np.int64))
want = np.where(c > 0, (s + c // 2) // np.maximum(c, 1), 0)
ds = gdal.Open(png); got = ds.ReadAsArray().astype(np.int64)
ct = ds.GetRasterBand(1).GetColorTable()
print(int(got.shape == want.shape and (got == want).all()), int((want == 0).sum()), ct.GetColorEntry(0)[3])
PYEOF

# ---- a dual-polarisation scene (WWD, south), from its directory ----
a2synth --level 2.2 --mode WWD --package dir -o "$T/s" >/dev/null
S=$T/s/$ID
exits 0 "a2tiles on an NRB scene directory: exit 0" -- a2tiles -z 0-8 -o "$T/o" "$S"
is "$(out | jq -c '.tiles | [.tile_layers, .tile_max_zoom, [.layers[] | .name, .stretch, (.composite // [])]]')" \
	'[["HH","HV","RGB"],[8,8,8],["HH","db",[],"HV","db",[],"RGB","db",["HH","HV","ratio"]]]' \
	"layers HH, HV and the composite (by default for NRB), dB"
is "$(out | jq -r '.tiles.browse[]' | sed 's|.*/||' | tr '\n' ' ')" \
	"${P}_HH_SLP_disp.browse.png ${P}_HH_SLP_disp.browse_small.png ${P}_HV_SLP_disp.browse.png ${P}_HV_SLP_disp.browse_small.png " \
	"browse images of the SLP files only (no LIN, no MSK)"
is "$(err)" "" "nothing on stderr"
$PY "$T/chk.py" "$T/o/tiles" "$S" 8 >"$T/chk" || echo "chk.py failed" >"$T/chk"
diag "$(cat "$T/chk")"
# code n transparent-HH -HV -RGB exact
is "$(awk '$1 != 1 { print ($2 > 0 && $3 == $2 && $4 == $2 && $5 == $2 && $6 == 0) }' "$T/chk" | tr -d '\n')" "11111" \
	"codes 0, 2, 3, 4, 5 (no data, layover, shadow, ocean, invalid): transparent in HH, HV and RGB, every one"
is "$(awk '$1 == 1 { print ($2 > 1000 && $3 == 0 && $4 == 0 && $5 == 0 && $6 == $2) }' "$T/chk")" 1 \
	"code 1 (valid): opaque, HH and HV the stretch's byte of the DN exactly, RGB their pair"
# the stretch from the valid pixels only: 2%..98% of mask-1 DN (tiles.json)
hh=$(out | jq -c '.tiles.layers[0].range')
want=$($PY - "$S" <<'PYEOF'
import math, os, sys, numpy as np
from osgeo import gdal
s = sys.argv[1]; pre = [f for f in os.listdir(s) if f.endswith('_MSK.tif')][0][:-8]
m = gdal.Open(f'{s}/{pre}_MSK.tif').ReadAsArray(); d = gdal.Open(f'{s}/{pre}_HH_SLP.tif').ReadAsArray()
v = np.sort(d[m == 1]); n = len(v)
lo, hi = int(v[int(0.02 * n)]), int(v[int(0.98 * n)])
print(f'[{math.floor((20 * math.log10(lo) - 83) * 10) / 10},{math.ceil((20 * math.log10(hi) - 83) * 10) / 10}]')
PYEOF
)
is "$hh" "$want" "HH range: 2%..98% of the valid (code 1) pixels, in dB"
set -- $(echo "$hh" | tr -d '[]' | tr ',' ' ')
is "$($PY "$T/browse.py" "$T/o/${P}_HH_SLP_disp.browse.png" "$S" HH "$1" "$2")" "1 53 0" \
	"HH browse image byte for byte from DN and mask (53 pixels wholly masked: fill, alpha 0)"

# the same tiles from a scene.json, from the bare SLP files (the mask
# found beside them) and from the pipeline
tree() { (cd "$1" && find . -name '*.png' | sort | xargs md5sum) }
a2classify "$S" >"$T/scene.json"
exits 0 "a2tiles on scene.json: exit 0" -- a2tiles -z 0-8 --no-browse -o "$T/o2" "$T/scene.json"
is "$(tree "$T/o2/tiles")" "$(tree "$T/o/tiles")" "scene.json: the same tiles"
exits 0 "a2tiles on the bare _SLP.tif files: exit 0" -- a2tiles -z 0-8 --no-browse -o "$T/o3" "$S/${P}_HH_SLP.tif" "$S/${P}_HV_SLP.tif"
is "$(tree "$T/o3/tiles")" "$(tree "$T/o/tiles")" "bare _SLP.tif files: their _MSK.tif found beside them, the same tiles"
exits 0 "a2classify | a2footprint | a2tiles: exit 0" -- sh -c 'printf "{\"unpack\":{\"dir\":\"%s\"}}\n" "$1" | a2classify | a2footprint | a2tiles -z 0-8 -o "$2"' sh "$S" "$T/o4"
is "$(out | jq -c '[.scene.id, .tiles.tile_layers, (.footprint.type)]')" "[\"$ID\",[\"HH\",\"HV\",\"RGB\"],\"Feature\"]" \
	"pipeline: the record gains tiles with its layers"
is "$(tree "$T/o4/tiles/$ID")" "$(tree "$T/o/tiles")" "pipeline: the same tiles"

# ---- a single-polarisation scene (WBS) across the antimeridian ----
a2synth --level 2.2 --mode WBS --lon-shift 243 --package dir -o "$T/am" >/dev/null
AM=$T/am/ALOS2015976960-140909-WBSR2.2GUA
exits 0 "antimeridian, HH only: exit 0" -- a2tiles -z 0-8 -o "$T/oam" "$AM"
is "$(out | jq -c '[.tiles.tile_layers, .tiles.bounds[0], .tiles.bounds[2]]')" '[["HH"],-180,180]' \
	"HH only: no composite; across 180: bounds of every longitude"
is "$(err)" "" "HH only: no warning about the composite"
is "$(ls "$T/oam/tiles/HH/8" | awk '{ print ($1 < 128 ? "east" : "west") }' | sort -u | tr '\n' ' ')" "east west " \
	"antimeridian: zoom 8 tiles on both sides of 180"
is "$(ls "$T/oam" | grep -c browse)" 2 "HH only: two browse images"

# ---- a mask on another grid: exit 1, one line naming the file ----
fresh() { rm -rf "$T/x" && cp -r "$S" "$T/x"; }
fresh
gdal_translate -q -outsize 48 60 "$S/${P}_MSK.tif" "$T/x/${P}_MSK.tif"
exits 1 "mask of another size: exit 1" -- a2tiles -z 0-4 -o "$T/ox" "$T/x/${P}_HH_SLP.tif"
is "$(err)" "a2tiles: $T/x/${P}_MSK.tif: mask of 48x60 pixels, not the 96x120 of ${P}_HH_SLP.tif" \
	"mask of another size: one line naming the mask and the band"
is "$(ls "$T/ox" 2>/dev/null | wc -l | tr -d ' ')" 0 "mask of another size: nothing written"
fresh
gt=$(gdalinfo -json "$S/${P}_MSK.tif" | jq -r '.geoTransform | "\(.[0] + 25) \(.[3]) \(.[0] + 25 + 96 * .[1]) \(.[3] + 120 * .[5])"')
gdal_translate -q -a_ullr $gt "$S/${P}_MSK.tif" "$T/x/${P}_MSK.tif"
sed "s|\"dir\": *\"[^\"]*\"|\"dir\":\"$T/x\"|" "$T/scene.json" >"$T/x.json"
exits 1 "mask shifted by 25 m (scene.json): exit 1" -- a2tiles -z 0-4 -o "$T/ox" "$T/x.json"
is "$(err | sed 's/ (.*//')" "a2tiles: $T/x/${P}_MSK.tif: mask geotransform" \
	"shifted mask: names the mask and the geotransform"
is "$(err | wc -l | tr -d ' ')" 1 "shifted mask: one line"

done_testing
