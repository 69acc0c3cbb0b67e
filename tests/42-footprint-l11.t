#!/bin/sh
# a2footprint on L1.1 CEOS: prefix corners and their range-Doppler check
# for every pass and look side, the generator's geometry verified by an
# independent zero-Doppler computation, disagreement warnings, missing
# leader, and the SARCAT method against a loopback WFS.
. "$(dirname "$0")/lib.sh"

S=$T/s
mkdir -p "$S"
synth() { # NAME ARGS...
	_n=$1; shift
	a2synth -s 3 --size tiny --package dir --level 1.1 "$@" -o "$S/$_n" >"$S/$_n.line" 2>"$S/$_n.err" ||
		{ diag "a2synth $* failed: $(cat "$S/$_n.err")"; return 1; }
}
dir_of() { jq -r .path "$S/$1.line"; }
truth_of() { jq -r .truth "$S/$1.line"; }
ring() { jq -r '.geometry.coordinates[0][:-1][] | "\(.[0]),\(.[1])"' "$1"; }
# truth l11_corners, reversed after the first if clockwise
want() {
	jq -r '.l11_corners as $c |
	    ([range(4) | $c[.][0] * $c[(. + 1) % 4][1] - $c[(. + 1) % 4][0] * $c[.][1]] | add) as $a |
	    (if $a > 0 then $c else [$c[0], $c[3], $c[2], $c[1]] end)[] | "\(.[0]),\(.[1])"' "$(truth_of "$1")"
}

# Independent check of the generator: for each truth corner, the satellite
# position at the line's prefix time (Lagrange interpolation of the LED
# state vectors) lies at the prefix slant range from the corner (WGS84,
# height 0) and the corner is at zero Doppler and on the look side.
GEO=$T/geo.py
cat >"$GEO" <<'EOF'
import json, math, struct, sys
scene, truth = sys.argv[1], json.load(open(sys.argv[2]))
led = open([scene + "/" + f for f in __import__("os").listdir(scene) if f.startswith("LED-")][0], "rb").read()
imgs = sorted(f for f in __import__("os").listdir(scene) if f.startswith("IMG-HH-"))
p = 720 + 4096                     # platform position record (no map projection at L1.1)
n = int(led[p + 140:p + 144]); sod0 = float(led[p + 160:p + 182]); dt = float(led[p + 182:p + 204])
doy0 = int(led[p + 156:p + 160])
sv = [[float(led[p + 386 + 132 * i + 22 * j:p + 386 + 132 * i + 22 * j + 22]) for j in range(6)] for i in range(n)]
fs = float(led[720 + 710:720 + 726]) * 1e6
side = 1 if float(led[720 + 476:720 + 484]) > 0 else -1
dr = 299792458.0 / 2 / fs
a, f = 6378137.0, 1 / 298.257223563
e2 = f * (2 - f)
def xyz(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    N = a / math.sqrt(1 - e2 * math.sin(la) ** 2)
    return [N * math.cos(la) * math.cos(lo), N * math.cos(la) * math.sin(lo), N * (1 - e2) * math.sin(la)]
def orbit(t):
    x = (t - sod0) / dt
    i0 = min(max(int(math.floor(x)) - 3, 0), n - 8)
    out = [0.0] * 6
    for i in range(i0, i0 + 8):
        w = 1.0
        for k in range(i0, i0 + 8):
            if k != i:
                w *= (x - k) / (i - k)
        for j in range(6):
            out[j] += w * sv[i][j]
    return out
worst = [0, 0, 0]
for s, name in enumerate(imgs):
    im = open(scene + "/" + name, "rb").read()
    reclen = int(im[186:192]); nrec = int(im[180:186])
    for c, (rec, last) in enumerate(((0, 0), (0, 1), (nrec - 1, 1), (nrec - 1, 0))):
        o = 720 + rec * reclen
        doy, us, r0, npx = struct.unpack(">i", im[o + 40:o + 44])[0], struct.unpack(">q", im[o + 84:o + 92])[0], \
            struct.unpack(">i", im[o + 116:o + 120])[0], struct.unpack(">i", im[o + 24:o + 28])[0]
        t = (doy - doy0) * 86400 + us / 1e6
        r = r0 + (npx - 1) * dr * last
        lon, lat = truth["l11_scan_corners"][s][c]
        P, S = xyz(lat, lon), orbit(t)
        D = [P[j] - S[j] for j in range(3)]
        rng = math.sqrt(sum(d * d for d in D))
        V = S[3:]
        cosd = sum(D[j] * V[j] for j in range(3)) / rng / math.sqrt(sum(v * v for v in V))
        right = [V[1] * S[2] - V[2] * S[1], V[2] * S[0] - V[0] * S[2], V[0] * S[1] - V[1] * S[0]]
        worst = [max(worst[0], abs(rng - r)), max(worst[1], abs(cosd)), worst[2] + (side * sum(D[j] * right[j] for j in range(3)) <= 0)]
print("%d %d %d" % (worst[0] < 1.0, worst[1] < 1e-6, worst[2]))
EOF

for c in RA LA RD LD; do
	look=${c%?} dir=${c#?}
	synth "$c" --look "$look" --direction "$dir" || continue
	d=$(dir_of "$c")
	exits 0 "$c: footprint" -- a2footprint "$d"
	out >"$T/$c.json"
	is "$(jqf .properties.method "$T/$c.json")" ceos-img "$c: method ceos-img"
	is "$(ring "$T/$c.json")" "$(want "$c")" "$c: ring = truth corners, L0P0 first, counter-clockwise"
	is "$(jq -r '.properties.geolocation | "\(.method) \(.points) \(.agreement_m < 0.5)"' "$T/$c.json")" \
		"range-doppler 6 true" "$c: range-Doppler check agrees within 0.5 m"
	is "$(/usr/bin/python3 "$GEO" "$d" "$(truth_of "$c")")" "1 1 0" \
		"$c: truth corners at the prefix slant range, zero Doppler, on the look side"
	exits 0 "$c: -m range-doppler" -- a2footprint -m range-doppler "$d"
	out >"$T/$c-rd.json"
	is "$(jqf .properties.method "$T/$c-rd.json")" range-doppler "$c: method range-doppler"
	# same corners within 1e-5 degree (about 1 m)
	ok "paste -d, '$T/$c.ring' '$T/$c-rd.ring' 2>/dev/null ||
		{ ring '$T/$c.json' >'$T/$c.ring'; ring '$T/$c-rd.json' >'$T/$c-rd.ring'; } ;
		paste -d, '$T/$c.ring' '$T/$c-rd.ring' | awk -F, '{ if ((\$1-\$3)^2 > 1e-10 || (\$2-\$4)^2 > 1e-10) bad = 1 } END { exit bad + (NR != 4) }'" \
		"$c: range-Doppler corners = prefix corners within 1e-5 degree"
done
# pass and look side put the far edge and the later lines where physics says
tj() { jq -r "$2" "$(truth_of "$1")"; }
is "$(tj RA '.l11_corners | [(.[1][0] > .[0][0]), (.[3][1] > .[0][1])] | @csv')" "true,true" \
	"ascending right: far range east, later lines north"
is "$(tj LA '.l11_corners | [(.[1][0] < .[0][0]), (.[3][1] > .[0][1])] | @csv')" "true,true" \
	"ascending left: far range west, later lines north"
is "$(tj RD '.l11_corners | [(.[1][0] < .[0][0]), (.[3][1] < .[0][1])] | @csv')" "true,true" \
	"descending right: far range west, later lines south"
is "$(tj LD '.l11_corners | [(.[1][0] > .[0][0]), (.[3][1] < .[0][1])] | @csv')" "true,true" \
	"descending left: far range east, later lines south"

# ---- a prefix that disagrees with the orbit: a warning naming the scene ----
d=$(dir_of RA)
cp -r "$d" "$T/bad"
img=$(ls "$T/bad"/IMG-HH-*)
# latitude of the first pixel of the first record + 0.01 degree (~1.1 km)
/usr/bin/python3 -c 'import struct, sys
f = open(sys.argv[1], "r+b"); f.seek(720 + 192); v = struct.unpack(">i", f.read(4))[0]
f.seek(720 + 192); f.write(struct.pack(">i", v + 10000))' "$img"
id=$(jq -r .id "$S/RA.line")
exits 0 "tampered prefix: still a footprint" -- a2footprint "$T/bad"
ok 'grep -q "$id: prefix corners and range-Doppler geolocation disagree by 11[0-9][0-9]\.[0-9] m" "$T/.err"' \
	"tampered prefix: warning names the scene and the distance"
is "$(out | jq '.properties.geolocation.agreement_m | . > 1100 and . < 1120')" true \
	"tampered prefix: agreement_m recorded"
exits 0 "tampered prefix, -d 2000: no warning" -- a2footprint -d 2000 "$T/bad"
is "$(err)" "" "-d raises the threshold"

# ---- no leader: prefix corners alone, range-Doppler impossible ----
cp -r "$d" "$T/noled"
rm "$T/noled"/LED-*
exits 0 "no LED: ceos-img still works" -- a2footprint "$T/noled"
is "$(out | jq -c '[.properties.method, .properties.geolocation.agreement_m]')" '["ceos-img",null]' \
	"no LED: agreement null"
ok 'grep -q "no range-Doppler check" "$T/.err"' "no LED: warning"
exits 1 "no LED: -m range-doppler fails" -- a2footprint -m range-doppler "$T/noled"

# ---- a bad state vector or interval in the leader: the orbit is lost,
# the rest of the leader and the prefix corners are not ----
cp -r "$d" "$T/badsv"
led=$(ls "$T/badsv"/LED-*)
ppr=$((720 + 4096)) # platform position record (record 3 at L1.1)
printf '%22s' "not-a-number" | dd of="$led" bs=1 seek=$((ppr + 386 + 132 * 2)) conv=notrunc 2>/dev/null
exits 0 "bad state vector: ceos-img still works" -- a2footprint "$T/badsv"
is "$(out | jq -c '[.properties.method, .properties.geolocation.agreement_m]')" '["ceos-img",null]' \
	"bad state vector: no agreement"
is "$(err)" "a2footprint: $id: no range-Doppler check: $led: record 3 (platform position): state vector 3, position (offset 650): not a number" \
	"bad state vector: warning names file, record, vector and offset"
exits 1 "bad state vector: -m range-doppler fails" -- a2footprint -m range-doppler "$T/badsv"
is "$(err)" "a2footprint: $led: record 3 (platform position): state vector 3, position (offset 650): not a number" \
	"bad state vector: -m range-doppler error"
cp -r "$d" "$T/baddt"
led=$(ls "$T/baddt"/LED-*)
printf '%22s' "0.0" | dd of="$led" bs=1 seek=$((ppr + 182)) conv=notrunc 2>/dev/null
exits 1 "zero state vector interval: -m range-doppler fails" -- a2footprint -m range-doppler "$T/baddt"
is "$(err)" "a2footprint: $led: record 3 (platform position): field state vector interval (offset 182): not between 0 and 3600 s: \"0.0\"" \
	"zero interval: error names the field"
exits 0 "zero state vector interval: a2classify still reads the leader" -- a2classify "$T/baddt"

# ---- the values come from the scene record, not the files again ----
a2classify "$d" >"$T/kept.json"
is "$(jq -c '[.ceos.state_vectors.points | length, (.[0] | length)], (.img_prefixes | keys | length),
    (.img_prefixes[] | [.pixels > 0, (.lines | length), (.lines[0].lat_microdeg | length)])' "$T/kept.json" | sort -u | tr '\n' ' ')" \
	"$(ls "$d"/IMG-* | wc -l | tr -d ' ') [28,6] [true,2,3] " "scene record: 28 state vectors, prefixes of the first and last line per IMG file"
mkdir "$T/gone" && cp "$T/kept.json" "$T/gone/scene.json"
jq --arg d "$T/gone" '.dir = $d' "$T/kept.json" >"$T/gone.json"
exits 0 "IMG and LED files gone: the record still gives the footprint" -- a2footprint "$T/gone.json"
is "$(out | jq -c '[.properties.method, .properties.sources, (.properties.geolocation.agreement_m < 0.5)]')" \
	"[\"ceos-img\",[\"$(basename "$(ls "$d"/IMG-HH-*)")\",\"$(basename "$(ls "$d"/LED-*)")\"],true]" \
	"IMG and LED files gone: same method, files named, range-Doppler checked"
jq 'del(.img_prefixes)' "$T/kept.json" >"$T/old.json"
exits 1 "scene record of an older a2classify: exit 1" -- a2footprint -m ceos-img "$T/old.json"
is "$(err)" "a2footprint: $id: scene record without img_prefixes: it comes from an older a2classify; run a2classify again" \
	"older scene record: the missing key named"

# ---- antimeridian: an orbit shifted so the scene straddles 180 ----
synth am --lon-shift 242.53
exits 0 "antimeridian L1.1: footprint" -- a2footprint "$(dir_of am)"
out >"$T/am.json"
is "$(jq -r '[.geometry.type, (.geometry.coordinates | length), (.bbox[0] > .bbox[2]),
    (.properties.geolocation.agreement_m < 0.5)] | @csv' "$T/am.json")" '"MultiPolygon",2,true,true' \
	"antimeridian L1.1: cut in two, bbox west > east, methods agree"
is "$(jq '[.geometry.coordinates[][0][][0] | select(. == 180 or . == -180)] | length' "$T/am.json")" 4 \
	"antimeridian L1.1: two points on each side of the cut"

# ---- SARCAT (loopback WFS) ----
/usr/bin/python3 "$A2_TOP/tests/servers/sarcat.py" "$T/port" "$T/wfs.log" 2>"$T/wfs.err" &
pid=$!
at_exit "kill $pid 2>/dev/null"
wait_file "$T/port" || { diag "sarcat.py did not start: $(cat "$T/wfs.err")"; }
url="http://127.0.0.1:$(cat "$T/port")/geoserver/bos/ows"
a2classify "$d" >"$T/scene.json"
sid=$(jq -r .scene_id "$T/scene.json")
mk() { jq --arg s "$1" '.scene_id = $s' "$T/scene.json" >"$T/scene-$1.json"; }
for x in 0 1 2 3; do mk "${sid%?}$x"; done
exits 0 "sarcat: one feature" -- env A2_SARCAT_URL="$url" a2footprint "$T/scene-${sid%?}0.json"
out >"$T/sc.json"
is "$(jq -c '[.properties.method, .properties.sarcat_id, .geometry.coordinates]' "$T/sc.json")" \
	'["sarcat","sarcat.fid-42",[[[-62.9,-10.8],[-62.8,-11.4],[-62.2,-11.3],[-62.3,-10.7],[-62.9,-10.8]]]]' \
	"sarcat: feature polygon closed and turned counter-clockwise"
is "$(jq -c .properties.sources "$T/sc.json")" '[]' "sarcat: sources empty (no file read)"
is "$(tail -n 1 "$T/wfs.log")" \
	"/geoserver/bos/ows?service=WFS&version=1.0.0&request=GetFeature&typeName=bos:sarcat&maxFeatures=50&outputFormat=json&cql_filter=%28identifier%3D%27${sid%?}0%27%29" \
	"sarcat: the WFS query of the original job"
exits 0 "sarcat: no feature falls through" -- a2footprint -s "$url" "$T/scene-${sid%?}1.json"
is "$(out | jq -r .properties.method)" ceos-img "sarcat: no feature -> ceos-img"
ok 'grep -q "sarcat failed, trying ceos-img: .*no feature" "$T/.err"' "sarcat: fall-through warning"
exits 0 "sarcat: HTTP 500 falls through" -- a2footprint -s "$url" "$T/scene-${sid%?}2.json"
ok 'grep -q "HTTP 500" "$T/.err"' "sarcat: HTTP 500 named"
exits 1 "sarcat forced, broken JSON: exit 1" -- a2footprint -m sarcat -s "$url" "$T/scene-${sid%?}3.json"
ok 'grep -q "SARCAT answer" "$T/.err"' "sarcat: broken answer named"
exits 1 "sarcat forced, no URL: exit 1" -- env -u A2_SARCAT_URL a2footprint -m sarcat "$T/scene.json"

plan "$_tap_n"
done_testing
