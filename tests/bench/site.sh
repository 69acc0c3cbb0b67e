# tests/bench/site.sh (sourced by tests/bench/run): a2site over a catalog of
# 10 000 products of every level, mode, look side and direction spread over
# the globe, then the page in headless Chromium (Debian's, through
# playwright-core): load time (navigation to the footprints drawn) and the
# time of a filter (the input event to the next frames drawn), measured in
# the browser.  Products and catalog are generated once into $BENCH_DIR.
src=$BENCH_DIR/site-src
work=$BENCH_DIR/site-work
N=10000
if [ "$(ls "$src" 2>/dev/null | wc -l)" != $N ] || [ ! -s "$work/catalog.gpkg" ]; then
	echo "bench: site: generating $N products in $src" >&2
	rm -rf "$src" "$work"
	/usr/bin/python3 - "$src" $N <<'EOP' || { echo "bench: site: generator failed" >&2; return 1; }
import json, os, sys
top, n = sys.argv[1], int(sys.argv[2])
levels, modes = ["1.1", "1.5", "2.1", "3.1"], ["FBD", "FBS", "HBQ", "UBS", "WBD"]
pols = {"FBD": ["HH", "HV"], "FBS": ["HH"], "HBQ": ["HH", "HV", "VH", "VV"], "UBS": ["HH"],
        "WBD": ["HH", "HV"]}
for i in range(n):
    orbit, frame = 10000 + i, (i * 7) % 7200
    yy, mm, dd = 15 + i % 10, 1 + i % 12, 1 + i % 28
    lvl, mode, look, d = levels[i % 4], modes[i % 5], "RL"[i % 7 == 0], "AD"[i % 3 == 0]
    tail = "__" + d if lvl == "1.1" else "GU" + d
    pid = "ALOS2%05d%04d-%02d%02d%02d-%s%s%s%s" % (orbit, frame, yy, mm, dd, mode, look, lvl, tail)
    w, s = -180 + (i * 37 % 3500) / 10.0, -60 + (i * 13 % 1200) / 10.0
    ring = [[w, s], [w + 0.7, s], [w + 0.7, s + 0.6], [w, s + 0.6], [w, s]]
    loc = {"type": "Polygon", "coordinates": [ring]}
    t0 = "20%02d-%02d-%02dT01:02:03.456000" % (yy, mm, dd)
    t1 = "20%02d-%02d-%02dT01:02:13.456000" % (yy, mm, dd)
    met = {"prod_name": pid, "spacecraftName": "ALOS2", "platform": "ALOS2",
           "dataset_type": "ALOS2", "orbitNumber": orbit, "frameID": frame,
           "trackNumber": (14 * orbit + 24) % 207, "prod_date": t0[:10],
           "dfdn": {"AcquistionMode": mode, "LookSide": look},
           "lookDirection": "right" if look == "R" else "left", "level": "L" + lvl,
           "processingOption": "G", "mapProjection": "U",
           "direction": "ascending" if d == "A" else "descending", "alos2md": {},
           "dataset": "ALOS2-L1.1_SLC" if lvl == "1.1" else "ALOS2_GeoTIFF",
           "source": "jaxa", "location": loc, "starttime": t0, "endtime": t1}
    p = os.path.join(top, pid)
    os.makedirs(p)
    for name, doc in ((".met.json", met),
                      (".dataset.json", {"version": "v0.1" if lvl == "1.1" else "v0.2.4",
                                         "label": pid, "starttime": t0, "endtime": t1,
                                         "location": loc}),
                      (".stac.json", {"type": "Feature", "id": pid,
                                      "properties": {"sar:polarizations": pols[mode]}})):
        with open(os.path.join(p, pid + name), "w") as f:
            json.dump(doc, f)
EOP
	mkdir -p "$work"
	a2catalog -c "$work/catalog.gpkg" add "$src"/* >/dev/null ||
		{ echo "bench: site: a2catalog add failed" >&2; return 1; }
fi
G=$work/catalog.gpkg
bench_row site "a2site $N (write)" "$(bench_median "rm -rf '$work/site'" "a2site -c '$G' -o '$work/site'")" base
bench_row site "a2site $N (refresh)" "$(bench_median true "a2site -c '$G' -o '$work/site'")"
a2site -c "$G" -o "$work/site" >/dev/null
echo "bench: site: data.js $(du -k "$work/site/data.js" | cut -f1) KiB" >&2

export NODE_PATH=$A2_TOP/tests/node_modules
if [ -d "$NODE_PATH/playwright-core" ] && [ -x /usr/bin/chromium ]; then
	cat >"$work/filters.json" <<'EOJ'
[{"name": "level", "value": "1.5"}, {"name": "direction", "value": "descending"},
 {"name": "path", "value": "20-40"}, {"name": "level", "value": ""},
 {"name": "from", "value": "2020-01-01"}]
EOJ
	_i=0
	while [ $_i -lt "$BENCH_RUNS" ]; do
		node "$A2_TOP/tests/servers/site-check.js" --dir "$work/site" --bench "$work/filters.json" \
			>"$work/run.$_i.json" 2>"$work/run.err" ||
			{ echo "bench: site: browser run failed: $(cat "$work/run.err")" >&2; return 1; }
		_i=$((_i + 1))
	done
	# median over runs of each measure (ms), reported in seconds
	med() { jq -r "$1" "$work"/run.*.json | sort -n |
		awk '{ v[NR] = $1 } END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1000 }'; }
	bench_row site "page load $N (browser)" "$(med .bench.load_ms)"
	bench_row site "page init $N (script)" "$(med .bench.init_ms)"
	_k=0
	for _f in "level=1.5" "+direction=desc" "+path=20-40" "-level" "+from=2020-01-01"; do
		bench_row site "filter $_f (browser)" "$(med ".bench.filters[$_k].ms")"
		_k=$((_k + 1))
	done
	jq -r '.errors[]' "$work/run.0.json" | sed 's/^/bench: site: page: /' >&2
	jq -r '.bench.filters[] | "bench: site: \(.name)=\(.value): \(.count) in \(.ms | floor) ms"' \
		"$work/run.0.json" >&2
else
	echo "bench: site: no playwright-core or chromium: browser timings skipped" >&2
fi
rm -rf "$work/site" "$work"/run.*
