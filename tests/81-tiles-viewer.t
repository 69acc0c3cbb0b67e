#!/bin/sh
# a2tiles' viewer in headless Chromium (Debian's, driven by playwright-core;
# never a downloaded browser), from file:// and from a loopback server: no
# failed request, no console error, tiles drawn where the footprint is,
# another picture after switching layers; a TMS tree shown the same.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || skip_all "no $CHROMIUM (Debian package chromium): make deps"
[ -d "$A2_TOP/tests/node_modules/playwright-core" ] || skip_all "no playwright-core in tests/node_modules: sh tests/npm-deps"
$PY -c 'from osgeo import gdal; import numpy' 2>/dev/null || skip_all "python3-gdal (with numpy) is missing: make deps"
export CHROMIUM
plan 29

a2synth --size small --level 2.1 --package dir -o "$T/s" >"$T/s.json"
SD=$(jq -r .path "$T/s.json")
a2footprint "$SD" >"$T/fp.json"
exits 0 "a2tiles with the composite and the footprint" -- \
    a2tiles -z 0-10 --composite --no-browse --footprint "$T/fp.json" -o "$T/p" "$SD"
D=$T/p/tiles

# the screenshot's pixel at x,y as "r g b"; the mean absolute difference of
# two screenshots inside the box x0,y0,x1,y1
cat >"$T/shot.py" <<'EOF'
import sys, numpy as np
from osgeo import gdal
def img(p): return gdal.Open(p).ReadAsArray()[:3].astype(int)
if sys.argv[1] == 'px':
    v = img(sys.argv[2]); x, y = int(sys.argv[3]), int(sys.argv[4])
    print(*v[:, y, x])
elif sys.argv[1] == 'diff':
    a, b = img(sys.argv[2]), img(sys.argv[3]); x0, y0, x1, y1 = map(int, sys.argv[4:8])
    print('%.1f' % np.abs(a[:, y0:y1, x0:x1] - b[:, y0:y1, x0:x1]).mean())
elif sys.argv[1] == 'colour':
    # spread between the channels inside the box: 0 for grey
    a = img(sys.argv[2]); x0, y0, x1, y1 = map(int, sys.argv[3:7]); s = a[:, y0:y1, x0:x1]
    print('%.1f' % (s.max(axis=0) - s.min(axis=0)).mean())
EOF
shot() { $PY "$T/shot.py" "$@"; }
BG="29 33 39"   # the map's background, #1d2127

for mode in file http; do
	exits 0 "$mode: page opened" -- node "$A2_TOP/tests/servers/tiles-view.js" --dir "$D" --out "$T/$mode" \
	    $([ $mode = http ] && echo --http)
	out >"$T/$mode.json"
	R=$T/$mode.json
	is "$(jq -r '.errors | length' "$R")" 0 "$mode: no failed request, no console error"
	[ "$(jq -r '.errors | length' "$R")" = 0 ] || jq -r '.errors[]' "$R" | diag
	is "$(jq -r '[.layers[].name] | join(" ")' "$R")" "HH HV RGB" "$mode: every layer drew its tiles"
	is "$(jq -r '.layers[] | .legend.text | join("|")' "$R")" \
	    "$(jq -r '.layers[] | if .composite then "\(.title)|B: \(.range[0])..\(.range[1]) dB" else "\(.title)|\(.range[0]) dB|\(.range[1]) dB" end' "$D/tiles.json")" \
	    "$mode: each layer's legend, its dB range"
	set -- $(jq -r '.inside | join(" ")' "$R") $(jq -r '.outside | join(" ")' "$R")
	IX=$1 IY=$2 OX=${3:-} OY=${4:-}
	HH=$T/$mode/HH.png HV=$T/$mode/HV.png RGB=$T/$mode/RGB.png
	ok '[ "$(shot px "$HH" $IX $IY)" != "$BG" ]' "$mode: the footprint's centre shows the swath"
	is "$(shot px "$HH" $OX $OY)" "$BG" "$mode: outside the bounds, the background"
	B="$((IX - 60)) $((IY - 60)) $((IX + 60)) $((IY + 60))"
	ok '[ "$(shot diff "$HH" "$HV" $B | cut -d. -f1)" -ge 5 ]' "$mode: switching to HV changes the picture"
	is "$(shot colour "$HH" $B)" "0.0" "$mode: HH is grey"
	ok '[ "$(shot colour "$RGB" $B | cut -d. -f1)" -ge 5 ]' "$mode: the composite is in colour"
	is "$(jq -r .zoom "$R")" "$(jq -r '.center[2]' "$D/tiles.json")" "$mode: the map opens at tiles.json's centre zoom"
done

# the same tiles in TMS numbering: the viewer reads the scheme from
# tiles.json and shows the very same picture
exits 0 "a2tiles --scheme tms" -- \
    a2tiles -z 0-10 --scheme tms --composite --no-browse --footprint "$T/fp.json" -o "$T/q" "$SD"
exits 0 "tms: page opened" -- node "$A2_TOP/tests/servers/tiles-view.js" --dir "$T/q/tiles" --out "$T/tms"
out >"$T/tms.json"
is "$(jq -r '.errors | length' "$T/tms.json")" 0 "tms: no failed request, no console error"
[ "$(jq -r '.errors | length' "$T/tms.json")" = 0 ] || jq -r '.errors[]' "$T/tms.json" | diag
is "$(jq -r '[.layers[].name] | join(" ")' "$T/tms.json")" "HH HV RGB" "tms: every layer drew its tiles"
for l in HH HV RGB; do
	is "$(shot diff "$T/file/$l.png" "$T/tms/$l.png" 0 0 800 600)" "0.0" "tms: $l looks as in the XYZ tree"
done
ok 'no_temps "$T/p"' "no temporary files left"
done_testing
