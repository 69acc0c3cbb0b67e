#!/bin/sh
# a2tiles: tile numbering against known Web Mercator tiles, exact pixel
# values of a scene with known DN, transparency outside the swath, the
# antimeridian, resuming after damage, tiles.json for a2md, browse images,
# pipeline records, usage errors.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
$PY -c 'from osgeo import gdal; import numpy' 2>/dev/null || skip_all "python3-gdal (with numpy) is missing: make deps"
plan 128

# q.py: fixtures with known pixels, and what a PNG holds
cat >"$T/q.py" <<'EOF'
import sys, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
R = 20037508.342789244
cmd, a = sys.argv[1], sys.argv[2:]

def tif(path, epsg, gt, arr, pol='HH'):
    ds = gdal.GetDriverByName('GTiff').Create(path, arr.shape[1], arr.shape[0], 1, gdal.GDT_UInt16)
    if pol: ds.SetMetadataItem('TIFFTAG_IMAGEDESCRIPTION', pol)
    s = osr.SpatialReference(); s.ImportFromEPSG(epsg)
    ds.SetProjection(s.ExportToWkt()); ds.SetGeoTransform(gt)
    ds.GetRasterBand(1).WriteArray(arr); ds = None

def read(path):
    ds = gdal.Open(path); v = ds.ReadAsArray()
    return ds, v

if cmd == 'checker':
    # tile 10/511/340 (London) at zoom 12's pixel: 4x4 cells of DN 100 and
    # 1000, fill (0) from column 768 on, two clamped pixels
    span = 2 * R / 1024; x0 = -R + 511 * span; y1 = R - 340 * span
    yy, xx = np.mgrid[0:1024, 0:1024]
    arr = np.where(((xx // 4) + (yy // 4)) % 2 == 0, 100, 1000).astype(np.uint16)
    arr[:, 768:] = 0
    arr[500, 500] = 65535; arr[500, 501] = 5
    tif(a[0], 3857, (x0, span / 1024, 0, y1, 0, -span / 1024), arr)
elif cmd == 'dateline':
    # UTM 60S across 180 degrees at 17 S, DN 1000 everywhere
    s = osr.SpatialReference(); s.ImportFromEPSG(4326); s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    u = osr.SpatialReference(); u.ImportFromEPSG(32760)
    x, y, _ = osr.CoordinateTransformation(s, u).TransformPoint(179.7, -16.8)
    tif(a[0], 32760, (x, 200, 0, y, 0, -200), np.full((300, 300), 1000, np.uint16))
elif cmd == 'plain':
    tif(a[0], 3857, (0, 10, 0, 0, 0, -10), np.ones((8, 8), np.uint16), None)
elif cmd == 'jpg':
    w, h = int(a[1]), int(a[2])
    m = gdal.GetDriverByName('MEM').Create('', w, h, 1)
    m.GetRasterBand(1).WriteArray((np.arange(w * h).reshape(h, w) % 200 + 20).astype(np.uint8))
    gdal.GetDriverByName('JPEG').CreateCopy(a[0], m)
elif cmd == 'px':
    ds, v = read(a[0]); x, y = int(a[1]), int(a[2])
    print(v[y, x] if v.ndim == 2 else ','.join(str(int(b[y, x])) for b in v))
elif cmd == 'count':
    # opaque and transparent pixels
    ds, v = read(a[0]); t = (v == 0) if v.ndim == 2 else (v.sum(axis=0) == 0)
    print(int((~t).sum()), int(t.sum()))
elif cmd == 'cols':
    # transparent or not, in each of columns a[1..] (any row)
    ds, v = read(a[0]); o = v > 0 if v.ndim == 2 else v.sum(axis=0) > 0
    print(' '.join(str(int(o[:, int(c)].any())) for c in a[1:]))
elif cmd == 'kind':
    ds, v = read(a[0]); b = ds.GetRasterBand(1); ct = b.GetColorTable()
    e = ct.GetColorEntry(0) if ct else None
    print(ds.RasterCount, ds.RasterXSize, ds.RasterYSize, gdal.GetColorInterpretationName(b.GetColorInterpretation()),
          'alpha0=%d' % e[3] if e else '-', 'grey' if ct and all(ct.GetColorEntry(i)[:3] == (i, i, i) for i in range(256)) else '-')
EOF
q() { $PY "$T/q.py" "$@"; }
# the tiles of zoom $2 under $1 as sorted "x/y" lines
tiles_at() { (cd "$1/$2" 2>/dev/null && find . -name '*.png' | sed 's|^\./||; s|\.png$||' | sort | tr '\n' ' '); }

# ---- tile numbering: one known tile ----
q checker "$T/lon.tif"
exits 0 "checker: tiles zoom 8-12" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
A=$T/a/tiles/HH
is "$(tiles_at "$A" 10)" "511/340 " "London is tile 10/511/340: the only one at zoom 10"
is "$(tiles_at "$A" 8)" "127/85 " "zoom 8: its ancestor 127/85"
is "$(tiles_at "$A" 9)" "255/170 " "zoom 9: 255/170"
is "$(tiles_at "$A" 11)" "1022/680 1022/681 1023/680 1023/681 " "zoom 11: its four children"
is "$(tiles_at "$A" 12)" "2044/1360 2044/1361 2044/1362 2044/1363 2045/1360 2045/1361 2045/1362 2045/1363 2046/1360 2046/1361 2046/1362 2046/1363 " \
    "zoom 12: 12 of 16 children (column 2047 is fill: not written)"
is "$(ls "$A")" "10
11
12
8
9" "no other zoom"
J=$T/a/tiles/tiles.json
# the tile's bounds from the Web Mercator formulas, independently
WANT=$(awk 'BEGIN { pi = atan2(0, -1); n = 1024;
	w = 511 / n * 360 - 180; e = 512 / n * 360 - 180;
	a = pi * (1 - 2 * 340 / n); b = pi * (1 - 2 * 341 / n);
	printf "%.7f %.7f %.7f %.7f", w, atan2((exp(b) - exp(-b)) / 2, 1) * 180 / pi, e, atan2((exp(a) - exp(-a)) / 2, 1) * 180 / pi }')
is "$(jq -r '.bounds | map(. * 1e7 | round / 1e7 | tostring) | join(" ")' "$J" | awk '{ printf "%.7f %.7f %.7f %.7f", $1, $2, $3, $4 }')" "$WANT" \
    "tiles.json bounds are tile 10/511/340's"
is "$(jq -c '[.tilejson, .scheme, .minzoom, .maxzoom, .tiles, .tile_layers, .tile_max_zoom]' "$J")" \
    '["3.0.0","xyz",8,12,["HH/{z}/{x}/{y}.png"],["HH"],[12]]' "tiles.json: TileJSON 3.0.0, zooms built, met.json keys"
is "$(jq -c '.layers[0] | [.name, .minzoom, .maxzoom, .stretch, .range]' "$J")" '["HH",8,12,"db",[-63,-3]]' "tiles.json layer entry"
is "$(jq -r '.center[2]' "$J")" 11 "centre zoom fits the bounds"

# ---- exact pixels: dB stretch -63..-3, DN 100 -> 86, DN 1000 -> 170 ----
is "$(q kind "$A/12/2044/1360.png")" "1 256 256 Palette alpha0=0 grey" "palette PNG: grey levels, index 0 transparent"
is "$(q px "$A/12/2044/1360.png" 0 0) $(q px "$A/12/2044/1360.png" 4 0) $(q px "$A/12/2044/1360.png" 4 4) $(q px "$A/12/2044/1360.png" 7 3)" \
    "86 170 86 170" "zoom 12 is the source: 86 and 170 in 4-pixel cells"
is "$(q px "$A/12/2045/1361.png" 244 244) $(q px "$A/12/2045/1361.png" 245 244)" "255 1" "above and below the range clamp to 255 and 1"
is "$(q px "$A/11/1022/680.png" 0 0) $(q px "$A/11/1022/680.png" 2 0) $(q px "$A/11/1022/680.png" 2 2)" "86 170 86" "zoom 11: 2x2 averages"
is "$(q px "$A/10/511/340.png" 0 0) $(q px "$A/10/511/340.png" 1 0) $(q px "$A/10/511/340.png" 191 0) $(q px "$A/10/511/340.png" 192 0)" \
    "86 170 170 0" "zoom 10: one cell a pixel, fill transparent from column 192"
is "$(q count "$A/10/511/340.png")" "49152 16384" "zoom 10: a quarter transparent"
is "$(q px "$A/9/255/170.png" 128 0) $(q px "$A/9/255/170.png" 223 1) $(q px "$A/9/255/170.png" 224 0) $(q px "$A/9/255/170.png" 127 0)" \
    "128 128 0 0" "zoom 9: (86+170+170+86)/4 = 128; outside transparent"
is "$(q px "$A/8/127/85.png" 192 0) $(q px "$A/8/127/85.png" 191 0)" "128 0" "zoom 8"
no_temps "$T/a"
ok 'no_temps "$T/a"' "no temporary files left"

# the same through GDAL's warper (nearest): the same pixels at zoom 12
exits 0 "checker: --resampling near" -- a2tiles -z 12-12 --db-range -63,-3 --resampling near --no-browse --no-viewer -o "$T/n" "$T/lon.tif"
same_file "$T/n/tiles/HH/12/2044/1360.png" "$A/12/2044/1360.png" "GDAL warper (near) gives the same zoom-12 tile"

# linear DN stretch, as gdal_translate -scale 0 2000 0 255
exits 0 "checker: --dn-range" -- a2tiles -z 12-12 --dn-range 0,2000 --no-browse --no-viewer -o "$T/d" "$T/lon.tif"
is "$(q px "$T/d/tiles/HH/12/2044/1360.png" 0 0) $(q px "$T/d/tiles/HH/12/2044/1360.png" 4 0)" "14 128" \
    "DN 100 -> 1+round(254*100/2000) = 14, DN 1000 -> 128"
is "$(jq -c '.layers[0] | [.stretch, .range]' "$T/d/tiles/tiles.json")" '["dn",[0,2000]]' "tiles.json says dn"

# ---- --scheme tms: the same tiles, rows counted from the south ----
exits 0 "checker: --scheme tms" -- a2tiles -z 8-12 --scheme tms --db-range -63,-3 --no-browse --no-viewer --state "$T/tms.state" -o "$T/tms" "$T/lon.tif"
M=$T/tms/tiles/HH
is "$(tiles_at "$M" 10)" "511/683 " "TMS: London is 10/511/683 (1023 - 340)"
is "$(tiles_at "$M" 12)" "2044/2732 2044/2733 2044/2734 2044/2735 2045/2732 2045/2733 2045/2734 2045/2735 2046/2732 2046/2733 2046/2734 2046/2735 " \
    "TMS zoom 12: rows 4095 - 1363 .. 4095 - 1360"
# every XYZ tile z/x/y is the TMS tile z/x/(2^z - 1 - y), byte for byte
flipped=$(cd "$A" && find . -name '*.png' | sed 's|^\./||; s|\.png$||' | while IFS=/ read -r z x y; do
	cmp -s "$z/$x/$y.png" "$M/$z/$x/$(( (1 << z) - 1 - y )).png" && echo same || echo "differs: $z/$x/$y"
done | sort | uniq -c | tr -s ' ')
is "$flipped $(find "$M" -name '*.png' | wc -l)" " 19 same 19" "all 19 tiles: the same bytes at the flipped row, no other"
is "$(jq -S -c 'del(.scheme)' "$T/tms/tiles/tiles.json")" "$(jq -S -c 'del(.scheme)' "$J")" "tiles.json: all but the scheme as with xyz"
is "$(jq -r .scheme "$T/tms/tiles/tiles.json")" tms "tiles.json says tms"
# a re-run with the other scheme rebuilds: no tile of the old numbering left
exits 0 "re-run of the TMS tree with --scheme xyz" -- a2tiles -z 8-12 --scheme xyz --db-range -63,-3 --no-browse --no-viewer --state "$T/tms.state" -o "$T/tms" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[19,0]" "every tile rewritten, none kept"
ok 'diff -r "$T/a/tiles" "$T/tms/tiles" >/dev/null' "the tree is now the XYZ one, file for file"
is "$(head -1 "$T/tms.state")" "$(head -1 "$T/a.state")" "and so is its journal's header"
exits 2 "--scheme other: usage" -- a2tiles --scheme google -o "$T/bad" "$T/lon.tif"
ok 'err | grep -q "^a2tiles: --scheme google: want xyz or tms"' "says what it wants"

# ---- resume ----
cp -a "$T/a" "$T/ref"
exits 0 "re-run: nothing to do" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[0,0]" "re-run writes nothing (journal: all whole)"
is "$(find "$T/a" -name '.*' | wc -l)" 0 "no dot file in the product directory: the journal is the --state file"
ok '[ -s "$T/a.state" ]' "the journal is the --state file"
# the journal an older a2tiles kept in the tile directory is taken over
mv "$T/a.state" "$A/../.a2tiles-state"
exits 0 "re-run with the journal of an older a2tiles" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[0,0]" "the old journal is used: nothing written"
ok '[ -s "$T/a.state" ] && [ ! -e "$A/../.a2tiles-state" ]' "the old journal moved to the --state file"
exits 2 "--state with records on stdin: usage" -- a2tiles --state "$T/x.state" </dev/null
ls -i "$A/12/2046/1363.png" >"$T/ino"
truncate -s 100 "$A/12/2045/1362.png"
rm "$A/11/1023/681.png"
printf 'x' >>"$A/10/511/340.png"
# temporary tiles: a killed run's go, a running one's and another host's stay
host=$(tmp_host) dead=$(dead_pid)
for t in ".1360.png.tmp.$dead@$host.AbC123" ".1361.png.tmp.$$@$host.DeF456" ".1361.png.tmp.$dead@elsewhere.example.GhI789"; do
	: >"$A/12/2044/$t"
done
exits 0 "re-run after damage" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written]')" "[3]" "writes the 3 broken tiles only"
is "$(cd "$A/12/2044" && ls -A | grep tmp | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".1361.png.tmp.$$@$host.DeF456" ".1361.png.tmp.$dead@elsewhere.example.GhI789" | LC_ALL=C sort | tr '\n' ' ')" \
    "a killed run's temporary file is removed, a running one's and another host's kept"
rm "$A/12/2044/.1361.png.tmp."*
ok 'diff -r "$T/ref/tiles" "$T/a/tiles" >/dev/null' "the tree is as before, byte for byte"
is "$(ls -i "$A/12/2046/1363.png")" "$(cat "$T/ino")" "an untouched tile is the same file (inode)"
# a tile above the metatiles: rebuilt from its children's tiles on disk
rm "$A/8/127/85.png"
exits 0 "re-run without the zoom-8 tile" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[1,0]" "writes it alone, from zoom 9 read back"
same_file "$A/8/127/85.png" "$T/ref/tiles/HH/8/127/85.png" "the same bytes as when made from memory"
# a run killed before its journal lines: tiles on disk are checked and kept
head -n 1 "$T/a.state" >"$T/st" && cp "$T/st" "$T/a.state"
rm "$A/9/255/170.png" "$A/12/2044/1360.png"
exits 0 "re-run with no journal lines" -- a2tiles -z 8-12 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[2,17]" "writes the 2 missing tiles, keeps the 17 whole ones"
ok 'diff -r "$T/ref/tiles" "$T/a/tiles" >/dev/null' "the tree is as before"
# other options, another fingerprint: old tiles go
exits 0 "re-run with another zoom range" -- a2tiles -z 10-11 --db-range -63,-3 --no-browse --no-viewer --state "$T/a.state" -o "$T/a" "$T/lon.tif"
is "$(ls "$A")" "10
11" "another fingerprint: the old zooms are removed"
is "$(jq -c '[.minzoom, .maxzoom]' "$J")" "[10,11]" "tiles.json tells the new range"

# ---- determinism and threads ----
exits 0 "one thread" -- a2tiles -j 1 -z 8-12 --db-range -63,-3 --no-browse --no-viewer -o "$T/j1" "$T/lon.tif"
ok 'diff -r "$T/ref/tiles" "$T/j1/tiles" >/dev/null' "1 and 2 threads: the same bytes"
n=$(find "$T/j1/tiles/HH" -name '*.png' | wc -l)
exits 0 "re-run without --state" -- a2tiles -j 1 -z 8-12 --db-range -63,-3 --no-browse --no-viewer -o "$T/j1" "$T/lon.tif"
is "$(out | jq -c '.tiles | [.written, .kept]')" "[$n,0]" "no journal kept: every tile is built again"
is "$(find "$T/j1" -name '.*' | wc -l)" 0 "no dot file, no journal in the product directory"
ok 'diff -r "$T/ref/tiles" "$T/j1/tiles" >/dev/null' "the same bytes again"
exits 0 "one level per metatile" -- a2tiles --metatile 1 -z 8-12 --db-range -63,-3 --no-browse --no-viewer -o "$T/m1" "$T/lon.tif"
ok 'diff -r "$T/ref/tiles" "$T/m1/tiles" >/dev/null' "metatiles of 2x2 or 8x8: the same bytes"

# ---- antimeridian ----
q dateline "$T/fiji.tif"
exits 0 "across 180 degrees" -- a2tiles -z 0-9 --db-range -50,0 --no-browse --no-viewer -o "$T/f" "$T/fiji.tif"
F=$T/f/tiles/HH
is "$(jq -r '.bounds | (.[0] == -180 and .[2] == 180)' "$T/f/tiles/tiles.json")" true \
    "bounds: every longitude (TileJSON's do not wrap round 180)"
is "$(jq -r '.center[0] | (. > 179.9 or . < -179.9)' "$T/f/tiles/tiles.json")" true "centre on the antimeridian"
is "$(tiles_at "$F" 1)" "0/1 1/1 " "zoom 1: both sides of 180"
is "$(ls "$F/9")" "0
511" "zoom 9: columns 511 and 0"
is "$(q cols "$F/0/0/0.png" 0 1 128 254 255)" "1 0 0 0 1" "zoom 0: data at both edges of the world tile"
is "$(q cols "$F/9/511/$(ls "$F/9/511" | head -n 1 | sed 's/.png//').png" 254 255) $(q cols "$F/9/0/$(ls "$F/9/0" | head -n 1 | sed 's/.png//').png" 0 1)" \
    "1 1 1 1" "zoom 9: the swath meets at the seam"

# ---- a synthetic scene: transparency outside the swath, browse, composite ----
a2synth --size small --level 2.1 --package dir -o "$T/s" >"$T/s.json"
SD=$(jq -r .path "$T/s.json")
SID=$(jq -r .id "$T/s.json")
a2classify "$SD" >"$T/scene.json"
a2footprint "$SD" >"$T/fp.json"
exits 0 "scene.json: tiles, composite, browse" -- a2tiles -z 0-9 --composite --footprint "$T/fp.json" -o "$T/p" "$T/scene.json"
out >"$T/p.json"
P=$T/p
is "$(jq -r '.tiles.tile_layers | join(" ")' "$T/p.json")" "HH HV RGB" "layers HH, HV and the composite"
is "$(jq -r '.tiles.dir' "$T/p.json")" "$(cd "$P" && pwd)/tiles" "record: absolute tile dir"
is "$(jq -r '.name' "$P/tiles/tiles.json")" "$SID" "tiles.json name is the scene ID"
is "$(jq -r '.tiles.browse | map(sub(".*/"; "")) | join(" ")' "$T/p.json")" \
    "IMG-HH-${SID}_disp.browse.png IMG-HH-${SID}_disp.browse_small.png IMG-HV-${SID}_disp.browse.png IMG-HV-${SID}_disp.browse_small.png" \
    "browse images named as the original job named them"
is "$(q kind "$P/IMG-HH-${SID}_disp.browse.png")" "1 100 100 Palette alpha0=0 grey" "browse: a tenth of 1000x1000, fill transparent"
is "$(q kind "$P/IMG-HV-${SID}_disp.browse_small.png")" "1 250 250 Palette alpha0=0 grey" "browse_small: fits 250x250"
# without --state the journal is a temporary file of this run alone: it is
# gone from TMPDIR while the run goes on, so a run killed leaves nothing
mkdir "$T/jtmp"
TMPDIR=$T/jtmp a2tiles -j 1 -z 0-12 --no-browse --no-viewer -o "$T/jk" "$T/scene.json" >/dev/null 2>&1 &
jk=$!
i=0
until [ -n "$(find "$T/jk" -name '*.png' 2>/dev/null | head -n 1)" ] || [ $i -ge 6000 ]; do
	i=$((i + 1)); kill -0 $jk 2>/dev/null || break
done
kill -STOP $jk 2>/dev/null && alive=running || alive=ended
is "$alive:$(ls -A "$T/jtmp")" "running:" "without --state, while tiles are written: no journal left in TMPDIR"
kill -KILL $jk 2>/dev/null; wait $jk 2>/dev/null
is "$(ls -A "$T/jtmp")" "" "killed with SIGKILL: nothing left in TMPDIR"
# the frame's corner is fill, the swath's centre is not
C=$(jq -r '.geometry.coordinates[0][:-1] | [map(.[0]), map(.[1])] | map(add / length) | join(" ")' "$T/fp.json")
set -- $(echo "$C" | awk -v z=9 '{ pi = atan2(0, -1); n = 2 ^ z; x = ($1 + 180) / 360 * n;
	l = $2 * pi / 180; y = (1 - log(sin(l) / cos(l) + 1 / cos(l)) / pi) / 2 * n;
	printf "%d %d %d %d", int(x), int(y), int((x - int(x)) * 256), int((y - int(y)) * 256) }')
is "$(q px "$P/tiles/HH/9/$1/$2.png" "$3" "$4" | awk '{ print ($1 > 0) }')" 1 "footprint centre: opaque"
is "$(for f in "$P"/tiles/HH/9/*/*.png; do q count "$f"; done | awk '$2 > 0 { n++ } END { print (n > 0) }')" 1 \
    "zoom 9 tiles at the frame's corners hold transparent pixels (fill around the swath)"
is "$(gdallocationinfo -valonly "$SD/IMG-HH-$SID.tif" 0 0)" 0 "(the frame's corner pixel is DN 0)"
is "$(q kind "$P/tiles/RGB/9/$1/$2.png" | cut -d' ' -f1-3)" "3 256 256" "composite: RGB PNG"
RGB=$(q px "$P/tiles/RGB/9/$1/$2.png" "$3" "$4")
is "${RGB%,*}" "$(q px "$P/tiles/HH/9/$1/$2.png" "$3" "$4"),$(q px "$P/tiles/HV/9/$1/$2.png" "$3" "$4")" "composite red is HH, green is HV"
ok '[ "${RGB##*,}" -ge 1 ]' "composite blue (HH/HV) is set"
ok '[ -s "$P/tiles/index.html" ] && [ -s "$P/tiles/leaflet/leaflet.js" ] && [ -s "$P/tiles/leaflet/leaflet.css" ] && [ -s "$P/tiles/leaflet/images/layers.png" ]' \
    "index.html with Leaflet beside it"
ok 'grep -q "\"footprint\":{\"type\":\"Feature\"" "$P/tiles/index.html"' "the footprint is in the page"
ok '! grep -q "A2TILES_CONFIG" "$P/tiles/index.html"' "the template's marker is replaced"
ok '! grep -Eq "(src|href)=\"(https?:)?//" "$P/tiles/index.html"' "the page loads nothing from the network"

# ---- a2md reads tiles.json ----
exits 0 "a2md --tiles" -- a2md -o "$P" --tiles "$P/tiles/tiles.json" "$T/scene.json" "$T/fp.json"
M=$P/$SID.met.json
is "$(jq -c '[.tiles, .tile_layers, .tile_max_zoom]' "$M")" '[true,["HH","HV","RGB"],[9,9,9]]' "met.json tells the truth"
is "$(jq -r '.assets | [.tiles.href, ."browse-HH".href, ."thumbnail-HV".href] | join(" ")' "$P/$SID.stac.json")" \
    "tiles/tiles.json IMG-HH-${SID}_disp.browse.png IMG-HV-${SID}_disp.browse_small.png" "STAC assets: tiles and browse"

# ---- browse only; BRS jpgs of L1.1 ----
exits 0 "--browse-only" -- a2tiles --browse-only -o "$T/b" "$SD/IMG-HV-$SID.tif"
ok '[ ! -e "$T/b/tiles" ] && [ -s "$T/b/IMG-HV-${SID}_disp.browse.png" ]' "browse images, no tiles"
same_file "$T/b/IMG-HV-${SID}_disp.browse.png" "$P/IMG-HV-${SID}_disp.browse.png" "the same stretch as with tiles"
q jpg "$T/BRS-HH-ALOS2015976960-140909-FBDR1.1__A.jpg" 300 400
q jpg "$T/BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.jpg" 200 1000
exits 0 "BRS jpgs" -- a2tiles -o "$T/j" "$T/BRS-HH-ALOS2015976960-140909-FBDR1.1__A.jpg" "$T/BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.jpg"
is "$(out | jq -r '.tiles.browse | map(sub(".*/"; "")) | join(" ")')" \
    "BRS-HH-ALOS2015976960-140909-FBDR1.1__A.browse.png BRS-HH-ALOS2015976960-140909-FBDR1.1__A.browse_small.png BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.browse.png BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.browse_small.png" \
    "jpg -> NAME.browse.png and NAME.browse_small.png"
is "$(q kind "$T/j/BRS-HH-ALOS2015976960-140909-FBDR1.1__A.browse.png" | cut -d' ' -f1-3) $(q kind "$T/j/BRS-HH-ALOS2015976960-140909-FBDR1.1__A.browse_small.png" | cut -d' ' -f2-3)" \
    "1 300 400 188 250" "stripmap: full size, small fits 250x250"
is "$(q kind "$T/j/BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.browse.png" | cut -d' ' -f2-3) $(q kind "$T/j/BRS-HV-ALOS2041113750-150226-WBDR1.1__D-F1.browse_small.png" | cut -d' ' -f2-3)" \
    "200 400 125 250" "ScanSAR (WBD): 40% of the height, as the original"
# an L1.1 scene: its BRS jpgs are what there is
a2synth --level 1.1 --package dir -o "$T/l11" >"$T/l11.json"
LD=$(jq -r .path "$T/l11.json")
LID=$(jq -r .id "$T/l11.json")
q jpg "$LD/BRS-HH-$LID.jpg" 64 80
exits 0 "L1.1 scene dir" -- a2tiles -o "$T/l" "$LD"
is "$(out | jq -r '.tiles | [(.browse | map(sub(".*/"; "")) | join(" ")), (has("tilejson") | tostring)] | join(" ")')" \
    "BRS-HH-$LID.browse.png BRS-HH-$LID.browse_small.png false" "L1.1: browse images from the BRS jpg, no tiles"

# ---- pipeline records ----
a2synth --level 2.1 -o "$T/o" >/dev/null
exits 0 "records on stdin" -- sh -c 'a2unpack -d "$1/w" "$1"/o/*.zip | a2classify | a2footprint | a2tiles -z 0-6 -o "$1/r"' sh "$T"
out >"$T/r.json"
RID=$(jq -r .scene.id "$T/r.json")
is "$(jq -r '[.tiles.tilejson, (.footprint.type)] | join(" ")' "$T/r.json")" "$T/r/tiles/$RID/tiles.json Feature" \
    "record: tiles in DIR/tiles/ID, the other keys passed on"
ok '[ -s "$T/r/IMG-HH-${RID}_disp.browse.png" ]' "record: browse images in DIR"

# ---- usage and errors ----
exits 2 "bad zoom range" -- a2tiles -z 9-3 "$T/lon.tif"
exits 2 "zoom beyond 22" -- a2tiles -z 0-23 "$T/lon.tif"
exits 2 "bad --db-range" -- a2tiles --db-range -3,-63 "$T/lon.tif"
exits 2 "unknown resampling" -- a2tiles --resampling fancy "$T/lon.tif"
exits 2 "--no-browse with --browse-only" -- a2tiles --no-browse --browse-only "$T/lon.tif"
exits 1 "missing file" -- a2tiles -o "$T/x" "$T/nonesuch.tif"
q plain "$T/plain.tif"
exits 1 "no polarisation in name or tags" -- a2tiles -o "$T/x" "$T/plain.tif"
ok 'err | grep -q "plain.tif: cannot tell its polarisation"' "the message names the file"
# where the page template and Leaflet come from
mkdir -p "$T/pfx/bin" "$T/pfx/share/a2/viewer"
cp "$A2_BIN/a2tiles" "$T/pfx/bin/" && cp "$A2_TOP/share/viewer/index.html" "$T/pfx/share/a2/viewer/"
exits 0 "installed: the template from PREFIX/share/a2/viewer" -- "$T/pfx/bin/a2tiles" -z 8-9 --no-browse -o "$T/i" "$T/lon.tif"
ok 'grep -q "a2tiles viewer" "$T/i/tiles/index.html"' "installed: index.html written"
exits 1 "A2_SHARE without the template" -- env A2_SHARE="$T/pfx" a2tiles -z 8-9 -o "$T/x" "$T/lon.tif"
ok 'err | grep -q "viewer template not found" && [ ! -e "$T/x/tiles" ]' "says so before any tile is made"
exits 1 "A2_LEAFLET without Leaflet" -- env A2_LEAFLET="$T" a2tiles -z 8-9 -o "$T/x" "$T/lon.tif"
ok 'err | grep -q "Leaflet not found"' "says what to install"
exits 0 "--no-viewer needs neither" -- env A2_SHARE="$T/pfx" A2_LEAFLET="$T" a2tiles -z 8-9 --no-viewer -o "$T/x" "$T/lon.tif"
exits 0 "-z MIN-auto" -- a2tiles -z 0-auto --no-browse --no-viewer -o "$T/z" "$SD/IMG-HH-$SID.tif"
is "$(jq -r .maxzoom "$T/z/tiles/tiles.json")" 11 "auto: 85 m pixels near 11 S are zoom 11"

# temporaries beside tiles.json, index.html, Leaflet's files and the browse
# images: a killed run's go, a running one's and another host's stay
exits 0 "viewer and browse images" -- a2tiles -z 8-9 -o "$T/v" "$SD/IMG-HH-$SID.tif"
host=$(tmp_host) dead=$(dead_pid)
for d in "$T/v" "$T/v/tiles" "$T/v/tiles/leaflet" "$T/v/tiles/leaflet/images"; do
	for t in ".x.tmp.$dead@$host.AbC123" ".x.tmp.$$@$host.DeF456" ".x.tmp.$dead@elsewhere.example.GhI789"; do
		: >"$d/$t"
	done
done
exits 0 "viewer and browse images: re-run" -- a2tiles -z 8-9 -o "$T/v" "$SD/IMG-HH-$SID.tif"
left=$(cd "$T/v" && find . -name '.x.tmp.*' | LC_ALL=C sort | tr '\n' ' ')
want=$(for d in . ./tiles ./tiles/leaflet ./tiles/leaflet/images; do
	echo "$d/.x.tmp.$$@$host.DeF456"; echo "$d/.x.tmp.$dead@elsewhere.example.GhI789"
done | LC_ALL=C sort | tr '\n' ' ')
is "$left" "$want" "a killed run's temporaries removed everywhere a2tiles writes, the others kept"
done_testing
