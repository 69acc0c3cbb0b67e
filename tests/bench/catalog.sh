# tests/bench/catalog.sh (sourced by tests/bench/run): a2catalog adding
# 10 000 products in one run to a GeoPackage and to PostGIS (a server
# started on loopback for the bench), and bbox queries over them.  The
# products (met.json, dataset.json, stac.json with known boxes spread over
# the globe) are generated once into $BENCH_DIR.  The base row is
# "a2catalog has" on the full catalog: the start-up cost every run pays
# (loading GDAL), so a query's ratio shows what the query itself costs.
src=$BENCH_DIR/catalog-src
work=$BENCH_DIR/catalog-work
N=10000
if [ "$(ls "$src" 2>/dev/null | wc -l)" != $N ]; then
	echo "bench: catalog: generating $N products in $src" >&2
	rm -rf "$src"
	/usr/bin/python3 - "$src" $N <<'EOP' || { echo "bench: catalog: generator failed" >&2; return 1; }
import json, os, sys
top, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    orbit, frame = 10000 + i, (i * 7) % 7200
    yy, mm, dd = 15 + i % 10, 1 + i % 12, 1 + i % 28
    pid = "ALOS2%05d%04d-%02d%02d%02d-FBDR1.5GUA" % (orbit, frame, yy, mm, dd)
    w, s = -180 + (i * 37 % 3500) / 10.0, -60 + (i * 13 % 1200) / 10.0
    ring = [[w, s], [w + 0.7, s], [w + 0.7, s + 0.6], [w, s + 0.6], [w, s]]
    loc = {"type": "Polygon", "coordinates": [ring]}
    t0 = "20%02d-%02d-%02dT01:02:03.456000" % (yy, mm, dd)
    t1 = "20%02d-%02d-%02dT01:02:13.456000" % (yy, mm, dd)
    met = {"prod_name": pid, "spacecraftName": "ALOS2", "platform": "ALOS2",
           "dataset_type": "ALOS2", "orbitNumber": orbit, "frameID": frame,
           "trackNumber": (14 * orbit + 24) % 207, "prod_date": t0[:10],
           "dfdn": {"AcquistionMode": "FBD", "LookSide": "R"}, "lookDirection": "right",
           "level": "L1.5", "processingOption": "G", "mapProjection": "U",
           "direction": "ascending", "alos2md": {}, "dataset": "ALOS2_GeoTIFF",
           "source": "jaxa", "location": loc, "starttime": t0, "endtime": t1}
    d = os.path.join(top, pid)
    os.makedirs(d)
    for name, doc in ((".met.json", met),
                      (".dataset.json", {"version": "v0.2.4", "label": pid, "starttime": t0,
                                         "endtime": t1, "location": loc}),
                      (".stac.json", {"type": "Feature", "id": pid,
                                      "properties": {"sar:polarizations": ["HH", "HV"]}})):
        with open(os.path.join(d, pid + name), "w") as f:
            json.dump(doc, f)
EOP
fi
rm -rf "$work"
mkdir -p "$work"
G=$work/catalog.gpkg

# adds: one run, all products, from an empty catalog
t=$(bench_median "rm -f '$G'" "a2catalog -c '$G' add '$src'/* >/dev/null")
bench_row catalog "add $N (gpkg)" "$t"
echo "bench: catalog: gpkg: $(awk -v t="$t" -v n=$N 'BEGIN { printf "%.0f", n / t }') products/s" >&2
a2catalog -c "$G" add "$src"/* >/dev/null
ID1=$(ls "$src" | head -n 1)
bench_row catalog "has (gpkg, start-up)" "$(bench_median true "a2catalog -c '$G' has $ID1")" base
bench_row catalog "query 1x1 deg (gpkg)" "$(bench_median true "a2catalog -c '$G' query --bbox 10,10,11,11")"
bench_row catalog "query 20x20 deg (gpkg)" "$(bench_median true "a2catalog -c '$G' query --bbox 0,0,20,20")"
bench_row catalog "query all (gpkg)" "$(bench_median true "a2catalog -c '$G' query")"

if [ -x /usr/lib/postgresql/15/bin/initdb ] && sh "$A2_TOP/tests/servers/catalog-pg.sh" start "$work" 2>"$work/pg.err"; then
	PG=$(cat "$work/pg.conn")
	port=$(sed 's/.*port=\([0-9]*\).*/\1/' "$work/pg.conn")
	drop="/usr/lib/postgresql/15/bin/psql -X -q -h 127.0.0.1 -p $port -U a2 -d a2 -c 'DROP TABLE IF EXISTS products' 2>/dev/null"
	t=$(bench_median "$drop" "a2catalog -c '$PG' add '$src'/* >/dev/null")
	bench_row catalog "add $N (PostGIS)" "$t"
	echo "bench: catalog: PostGIS: $(awk -v t="$t" -v n=$N 'BEGIN { printf "%.0f", n / t }') products/s" >&2
	a2catalog -c "$PG" add "$src"/* >/dev/null
	bench_row catalog "has (PostGIS)" "$(bench_median true "a2catalog -c '$PG' has $ID1")"
	bench_row catalog "query 1x1 deg (PostGIS)" "$(bench_median true "a2catalog -c '$PG' query --bbox 10,10,11,11")"
	bench_row catalog "query 20x20 deg (PostGIS)" "$(bench_median true "a2catalog -c '$PG' query --bbox 0,0,20,20")"
	bench_row catalog "query all (PostGIS)" "$(bench_median true "a2catalog -c '$PG' query")"
	sh "$A2_TOP/tests/servers/catalog-pg.sh" stop "$work"
else
	echo "bench: catalog: no PostgreSQL: $(cat "$work/pg.err" 2>/dev/null)" >&2
fi
rm -rf "$work"
