# tests/bench/pairs.sh (sourced by tests/bench/run): a2pairs on ten years
# of 12-day Sentinel-1 dates (305) with ARIA's production runs, and on a
# catalog of 10 000 ALOS-2 L1.1 scenes (100 path/frame stacks of 100 dates
# each, stripmap and ScanSAR mixed).  The catalog's rows are made quickly:
# a catalog a2catalog made (for its exact schema), emptied, then
# ogr2ogr -append of a generated GeoJSON in the catalog's columns.  The
# base row is a2pairs on no dates: the start-up cost every run pays.
work=$BENCH_DIR/pairs
mkdir -p "$work"
/usr/bin/python3 -c '
import datetime
d = datetime.date(2015, 1, 1)
print("\n".join(str(d + datetime.timedelta(days=12 * k)) for k in range(305)))' >"$work/dates.txt"
G=$work/catalog.gpkg
if [ "$(ogrinfo -ro -so "$G" products 2>/dev/null | sed -n 's/^Feature Count: //p')" != 10000 ]; then
	echo "bench: pairs: generating a catalog of 10000 ALOS-2 scenes in $G" >&2
	rm -rf "$G" "$work/seed"
	. "$A2_TOP/tests/servers/catalog-products.sh"
	mkprod "$work/seed" ALOS2010002900-160301-FBDR1.1__A 10 0 11 1 2016-03-01T03:00:00.000000 2016-03-01T03:00:10.000000
	a2catalog -c "$G" add "$work/seed"/*/ >/dev/null &&
	ogrinfo -q "$G" -sql "DELETE FROM products" >/dev/null || { echo "bench: pairs: no seed catalog" >&2; return 1; }
	/usr/bin/python3 - "$work/scenes.geojson" <<'EOP' || { echo "bench: pairs: generator failed" >&2; return 1; }
import datetime, json, random, sys
random.seed(18)
t0 = datetime.datetime(2014, 8, 4, 3, 0, 0)
modes = [("FBD", "HH,HV")] * 6 + [("WBD", "HH,HV")] * 3 + [("UBS", "HH")]
feats = []
for st in range(100):
    path, frame = (st * 2) % 207 + 1, 2900 + 10 * (st % 30)
    look, d = ("R" if st % 10 else "L"), ("A" if st % 2 else "D")
    lon, lat = 100 + st % 30, (st // 30) * 2
    for c in sorted(random.sample(range(260), 100)):
        mode, pols = random.choice(modes)
        t = t0 + datetime.timedelta(days=14 * c, hours=0 if d == "A" else 12, seconds=st)
        orbit = 1000 + st + 207 * c
        pid = "ALOS2%05d%04d-%s-%s%s1.1__%s" % (orbit, frame, t.strftime("%y%m%d"), mode, look, d)
        iso = lambda x: x.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        feats.append({"type": "Feature", "properties": {
            "id": pid, "dataset": "ALOS2_CEOS", "type": "alos2_slc", "level": "1.1", "version": "v0.1",
            "platform": "ALOS2", "mode": mode, "polarisations": pols, "orbit": orbit, "path": path,
            "frame": frame, "look_side": look, "direction": "ascending" if d == "A" else "descending",
            "start_time": iso(t), "end_time": iso(t + datetime.timedelta(seconds=10)),
            "product": "/data/a2-data/products/" + pid, "publish": None,
            "ingest_time": "2026-12-06T19:00:00.000Z", "met_sha256": "0" * 64},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1],
                                                             [lon, lat + 1], [lon, lat]]]}})
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
EOP
	ogr2ogr -append -nln products "$G" "$work/scenes.geojson" || { echo "bench: pairs: ogr2ogr failed" >&2; return 1; }
fi
S1="a2pairs s1 --frame 25502 --baseline 0,90,180,365 --neighbours 4,2,2,2 --seeds 2"
echo "bench: pairs: s1, 305 dates, ARIA's production runs: $($S1 "$work/dates.txt" | wc -l) pairs" >&2
echo "bench: pairs: alos2, 10000 scenes: $(a2pairs alos2 -c "$G" | wc -l) pairs (3 neighbours)," \
    "$(a2pairs alos2 -c "$G" --neighbours 0 --max-baseline 365 | wc -l) (all within a year)" >&2
bench_row pairs "s1, no dates (start-up)" "$(bench_median true "$S1 /dev/null")" base
bench_row pairs "s1, 305 dates, ARIA runs" "$(bench_median true "$S1 '$work/dates.txt'")"
bench_row pairs "alos2, 10000 scenes" "$(bench_median true "a2pairs alos2 -c '$G'")"
bench_row pairs "alos2, 10000, all in a year" \
    "$(bench_median true "a2pairs alos2 -c '$G' --neighbours 0 --max-baseline 365")"
bench_row pairs "a2catalog query, 10000" "$(bench_median true "a2catalog -c '$G' query")"
