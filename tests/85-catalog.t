#!/bin/sh
# a2catalog on a GeoPackage and on a real PostgreSQL 15 + PostGIS started
# here on loopback: idempotent adds, has, exact queries over known
# footprints and times, remove, twenty concurrent adds on each store, the
# conversion of a catalog whose times are text and whose footprint column
# takes Polygons only, and a scene cut at the antimeridian (a MultiPolygon)
# found by boxes on either side of 180 and across it.
. "$(dirname "$0")/lib.sh"
. "$A2_TOP/tests/servers/catalog-products.sh"

A=ALOS2015976960-140909-FBDR1.5GUA
B=ALOS2235320010-181219-WBDR1.1__D
C=ALOS2100002900-160301-UBSL2.1GUD
P=$T/products
mkprod "$P" $A 10 0 11 1 2014-09-09T04:33:42.052000 2014-09-09T04:33:52.052000
mkprod "$P" $B 20 5 22 7 2018-12-19T01:00:00.000000 2018-12-19T01:00:10.500000 '"HH"'
mkprod "$P" $C 10.5 0.5 12 2 2016-03-01T12:00:00.000000 2016-03-01T12:00:05.000000 '"HH","HV","VH","VV"'
for i in $(seq 10 29); do
	mkprod "$T/many" ALOS20500030$i-170505-FBDR1.5GUA $i 30 $((i + 1)) 31 2017-05-05T00:00:$i.000000 2017-05-05T00:00:$i.500000
done
E=ALOS2060006000-170606-FBDR1.5GUA
mkprod "$T/same" $E 0 0 1 1 2017-06-06T00:00:00.000000 2017-06-06T00:00:10.000000
# the triangle's envelope overlaps A and C; the triangle itself only C
TRI='POLYGON((10.9 -0.5,12 -0.5,12 1.5,10.9 -0.5))'
printf '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[21,6],[30,6],[30,8],[21,8],[21,6]]]}}\n' > "$T/near-b.geojson"
# the location a2md writes for a2synth --lon-shift 242.53 --date 150101
# (tests/71-antimeridian.t): cut at 180 into two parts
M=ALOS2015976960-150101-FBDR1.5GUA
MLOC='{"type":"MultiPolygon","coordinates":[[[[179.72,-11.345],[180,-11.2869458],[180,-10.6406486],[179.589,-10.726],[179.72,-11.345]]],[[[-179.785,-10.596],[-180,-10.6406486],[-180,-11.2869458],[-179.653,-11.215],[-179.785,-10.596]]]]}'
MKPROD_LOC=$MLOC mkprod "$T/am" $M 0 0 0 0 2015-01-01T12:23:57.261000 2015-01-01T12:24:07.261000

# an add of DIR to $CAT in the background, its exit status in $T/rc.NAME
bg_add() { (a2catalog -c "$CAT" add "$2" >/dev/null 2>>"$T/conc.err"; echo $? > "$T/rc.$1") & }
# waits for them all; their statuses counted ("40 0") in $BG; messages to diag
bg_wait() {
	wait
	BG=$(cat "$T"/rc.* | sort | uniq -c | sed 's/^ *//')
	rm -f "$T"/rc.*
	[ -s "$T/conc.err" ] && diag "$(cat "$T/conc.err")"
	rm -f "$T/conc.err"
}
ids() { jq -r .id "$T/.out" | tr '\n' ' ' | sed 's/ $//'; }
q() { exits 0 "$1: query $2" -- a2catalog -c "$CAT" query $2; is "$(ids)" "$3" "$1: query $2: ids"; }

store_tests() {
	S=$1 CAT=$2
	exits 0 "$S: add three" -- a2catalog -c "$CAT" add "$P/$A" "$P/$B" "$P/$C"
	is "$(out | jq -r '.catalog | "\(.id) \(.action)"' | tr '\n' ';')" \
		"$A added;$B added;$C added;" "$S: each added"
	exits 0 "$S: add again" -- a2catalog -c "$CAT" add "$P/$A" "$P/$B" "$P/$C"
	is "$(out | jq -r .catalog.action | sort -u)" unchanged "$S: nothing changes on a second add"
	exits 0 "$S: has A" -- a2catalog -c "$CAT" has $A
	exits 1 "$S: has an unknown ID" -- a2catalog -c "$CAT" has ALOS2000000000-000000-FBDR1.5GUA

	exits 0 "$S: query by id" -- a2catalog -c "$CAT" query --id $A
	is "$(out | jq -c 'del(.ingest_time)')" \
		"{\"id\":\"$A\",\"dataset\":\"ALOS2_GeoTIFF\",\"type\":\"L1.5_geotiff\",\"level\":\"1.5\",\"version\":\"v0.2.4\",\"platform\":\"ALOS2\",\"mode\":\"FBD\",\"polarisations\":[\"HH\",\"HV\"],\"orbit\":1597,\"path\":26,\"frame\":6960,\"look_side\":\"R\",\"direction\":\"ascending\",\"start_time\":\"2014-09-09T04:33:42.052Z\",\"end_time\":\"2014-09-09T04:33:52.052Z\",\"footprint\":{\"type\":\"Polygon\",\"coordinates\":[[[10,0],[11,0],[11,1],[10,1],[10,0]]]},\"product\":\"$P/$A\",\"publish\":null,\"met_sha256\":\"$(sha256sum < "$P/$A/$A.met.json" | cut -c1-64)\"}" \
		"$S: the whole record of A"
	ok 'out | jq -e ".ingest_time | test(\"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$\")" >/dev/null' \
		"$S: ingest_time is UTC with milliseconds"
	q "$S" "" "$A $C $B"
	q "$S" "--bbox 10.9,0.9,11.1,1.1" "$A $C"
	q "$S" "--bbox 11.5,0,12,0.4" ""
	exits 0 "$S: query --intersects WKT triangle" -- a2catalog -c "$CAT" query --intersects "$TRI"
	is "$(ids)" "$C" "$S: envelope overlap is not enough: only C"
	q "$S" "--intersects @$T/near-b.geojson" "$B"
	q "$S" "--start 2016-01-01" "$C $B"
	q "$S" "--start 2014-09-09T04:33:52.052Z --end 2014-09-09T04:33:52.052" "$A"
	q "$S" "--start 2014-09-09T04:33:52.053 --end 2016-02-29" ""
	q "$S" "--end 2016-03-01" "$A $C"
	q "$S" "--type alos2_slc" "$B"
	q "$S" "--level L2.1" "$C"
	q "$S" "--level 1.5" "$A"
	q "$S" "--mode WBD" "$B"
	q "$S" "--path 26" "$A"
	q "$S" "--frame 2900" "$C"
	q "$S" "--direction D" "$C $B"
	q "$S" "--direction ascending --bbox 10,0,12,2" "$A"
	exits 0 "$S: query --geojson" -- a2catalog -c "$CAT" query --geojson --mode UBS
	is "$(out | jq -c '[.type, (.features | length), .features[0].type, .features[0].id, .features[0].geometry, .features[0].properties.polarisations, (.features[0].properties | has("footprint"))]')" \
		"[\"FeatureCollection\",1,\"Feature\",\"$C\",{\"type\":\"Polygon\",\"coordinates\":[[[10.5,0.5],[12,0.5],[12,2],[10.5,2],[10.5,0.5]]]},[\"HH\",\"HV\",\"VH\",\"VV\"],false]" \
		"$S: a FeatureCollection"

	# a changed met.json updates the row
	cp -R "$P/$A" "$T/upd-$S" && mkdir -p "$T/upd-$S.d" && mv "$T/upd-$S" "$T/upd-$S.d/$A"
	sed -i 's/"source":"jaxa"/"source":"jaxa","x":1/' "$T/upd-$S.d/$A/$A.met.json"
	exits 0 "$S: add a changed product" -- a2catalog -c "$CAT" add "$T/upd-$S.d/$A"
	is "$(out | jq -r .catalog.action)" updated "$S: updated"
	a2catalog -c "$CAT" query --id $A > "$T/upd.json"
	is "$(jq -r '[.product, .met_sha256] | join(" ")' "$T/upd.json")" \
		"$T/upd-$S.d/$A $(sha256sum < "$T/upd-$S.d/$A/$A.met.json" | cut -c1-64)" "$S: new path and checksum"
	is "$(a2catalog -c "$CAT" query | jq -r .id | grep -c $A)" 1 "$S: still one row for A"

	# pipeline records from a2md
	printf '{"md":{"id":"%s","met":"%s"},"k":1}\n' $A "$P/$A/$A.met.json" |
		a2catalog -c "$CAT" add > "$T/pipe.json"
	is "$(jq -c . "$T/pipe.json")" "{\"md\":{\"id\":\"$A\",\"met\":\"$P/$A/$A.met.json\"},\"k\":1,\"catalog\":{\"id\":\"$A\",\"action\":\"updated\"}}" \
		"$S: stdin records passed on with \"catalog\""

	# twenty concurrent adds of different products, twenty of the same one
	for d in "$T"/many/*; do
		bg_add "$(basename "$d")" "$d"
	done
	for i in $(seq 1 20); do
		bg_add same$i "$T/same/$E"
	done
	bg_wait
	is "$BG" "40 0" "$S: forty concurrent adds exit 0"
	a2catalog -c "$CAT" query > "$T/all.json"
	is "$(jq -r .id "$T/all.json" | sort | uniq | wc -l) $(wc -l < "$T/all.json")" "24 24" \
		"$S: 24 rows, no duplicates"
	is "$(a2catalog -c "$CAT" query --bbox 9.5,29.5,29.5,31.5 | jq -r .id | tr '\n' ' ')" \
		"$(for i in $(seq 10 29); do printf 'ALOS20500030%s-170505-FBDR1.5GUA ' $i; done)" \
		"$S: every concurrent product there, in start order"

	exits 0 "$S: remove" -- a2catalog -c "$CAT" remove $B
	exits 1 "$S: has B after remove" -- a2catalog -c "$CAT" has $B
	exits 1 "$S: remove it again" -- a2catalog -c "$CAT" remove $B
	ok 'err | grep -q "$B: not in the catalog"' "$S: says it is not there"
}

# The footprint column's OGR type ("Polygon", "Unknown (any)").
geom_type() { ogrinfo -ro -so "$1" products | sed -n 's/^Geometry: //p'; }

# The antimeridian scene M: stored as the MultiPolygon it is, found by a
# box on either side of 180 and by one across it (west > east), missed by
# boxes beside either part; then removed again.
antimeridian_tests() {
	S=$1 CAT=$2
	exits 0 "$S: add the antimeridian scene" -- a2catalog -c "$CAT" add "$T/am/$M"
	is "$(out | jq -r .catalog.action)" added "$S: antimeridian scene added"
	is "$(ogrinfo -ro -q -where "id = '$M'" "$CAT" products | sed -n 's/^ *\(MULTIPOLYGON.*\)/\1/p')" \
		"MULTIPOLYGON (((179.72 -11.345,180.0 -11.2869458,180.0 -10.6406486,179.589 -10.726,179.72 -11.345)),((-179.785 -10.596,-180 -10.6406486,-180 -11.2869458,-179.653 -11.215,-179.785 -10.596)))" \
		"$S: stored as a MultiPolygon (ogrinfo)"
	exits 0 "$S: query the antimeridian scene" -- a2catalog -c "$CAT" query --id $M
	is "$(out | jq -c .footprint)" "$MLOC" "$S: its footprint read back as met.json has it"
	q "$S" "--bbox 179,-12,180,-10" "$M"
	q "$S" "--bbox -180,-12,-179,-10" "$M"
	q "$S" "--bbox 179.7,-11,179.8,-10.9" "$M"
	q "$S" "--bbox -179.7,-11,-179.66,-10.9" "$M"
	q "$S" "--bbox 179,-12,179.58,-10" ""
	q "$S" "--bbox -179.64,-12,-179,-10" ""
	q "$S" "--bbox 179,-10.5,180,-10" ""
	q "$S" "--bbox 179,-12,-179,-10" "$M"
	q "$S" "--bbox 170,-1,-170,2" ""
	q "$S" "--bbox 9,-1,12,2" "$A $C"
	exits 0 "$S: query --geojson across 180" -- a2catalog -c "$CAT" query --geojson --bbox 179.9,-11,-179.9,-10.9
	is "$(out | jq -c '[.features[] | [.id, .geometry.type, (.geometry.coordinates | length)]]')" \
		"[[\"$M\",\"MultiPolygon\",2]]" "$S: a MultiPolygon Feature"
	exits 0 "$S: remove the antimeridian scene" -- a2catalog -c "$CAT" remove $M
}

# The time columns' OGR types, "start_time TYPE end_time TYPE ingest_time TYPE".
time_types() {
	ogrinfo -ro -so "$1" products | sed -n 's/^\(start_time\|end_time\|ingest_time\): \([A-Za-z]*\).*/\1 \2/p' | tr '\n' ' ' | sed 's/ $//'
}
TEXT_TIMES="start_time String end_time String ingest_time String"
DATE_TIMES="start_time DateTime end_time DateTime ingest_time DateTime"
# C's start_time as OGR reads it (what ogr2ogr, QGIS and OGR SQL see)
ogr_time() {
	ogrinfo -ro -q -where "id = '$C'" "$1" products | sed -n 's/^ *start_time (\(.*\)$/\1/p'
}

# A catalog from before times were times (to_text_S turns one back into
# that layout: text columns holding what catalog_time() wrote) reads the
# same; the first write converts it in place, every value the same instant.
migrate_tests() {
	S=$1 CAT=$2
	a2catalog -c "$CAT" query > "$T/new-$S.json"
	is "$(time_types "$CAT")" "$DATE_TIMES" "$S: times are DateTime columns"
	is "$(ogr_time "$CAT")" "DateTime) = 2016/03/01 12:00:00+00" "$S: OGR reads a time"
	is "$(geom_type "$CAT")" "Unknown (any)" "$S: the footprint column takes any geometry"
	to_text_$S "$CAT"
	to_polygon_$S "$CAT"
	is "$(time_types "$CAT")" "$TEXT_TIMES" "$S: an old catalog (times as text)"
	is "$(geom_type "$CAT")" Polygon "$S: an old catalog (Polygon footprints only)"
	is "$(ogr_time "$CAT")" "String) = 2016-03-01T12:00:00.000Z" "$S: where OGR read text"
	exits 0 "$S: query an old catalog" -- a2catalog -c "$CAT" query
	ok 'out | cmp -s - "$T/new-$S.json"' "$S: the same records, byte for byte"
	q "$S" "--start 2014-09-09T04:33:52.052Z --end 2016-03-01T12:00:00" "$A $C"
	is "$(time_types "$CAT")" "$TEXT_TIMES" "$S: reading leaves it as it was"
	exits 0 "$S: first add to an old catalog" -- a2catalog -c "$CAT" add "$P/$A"
	is "$(out | jq -r .catalog.action)" unchanged "$S: nothing to change in its rows"
	is "$(time_types "$CAT")" "$DATE_TIMES" "$S: converted in place to DateTime"
	is "$(geom_type "$CAT")" "Unknown (any)" "$S: converted in place to a footprint column of any geometry"
	exits 0 "$S: query the converted catalog" -- a2catalog -c "$CAT" query
	ok 'out | cmp -s - "$T/new-$S.json"' "$S: every row and time (ingest_time too) the same, byte for byte"
	is "$(wc -l < "$T/new-$S.json")" 23 "$S: all 23 rows"
	q "$S" "--start 2014-09-09T04:33:52.052Z --end 2016-03-01T12:00:00" "$A $C"
	q "$S" "--start 2017-05-05T00:00:28.6 --end 2017-06-06" "ALOS2050003029-170505-FBDR1.5GUA $E"
	is "$(ogr_time "$CAT")" "DateTime) = 2016/03/01 12:00:00+00" "$S: OGR reads a time again"
	# writers that find it old at once: one converts, the others wait
	to_text_$S "$CAT"
	to_polygon_$S "$CAT"
	for i in $(seq 1 8); do
		bg_add old$i "$P/$A"
	done
	bg_wait
	is "$BG" "8 0" "$S: eight concurrent first adds to an old catalog exit 0"
	is "$(time_types "$CAT")" "$DATE_TIMES" "$S: converted once"
	is "$(geom_type "$CAT")" "Unknown (any)" "$S: footprint column converted once"
	ok 'a2catalog -c "$CAT" query | cmp -s - "$T/new-$S.json"' "$S: the same records after them"
}

# ---- GeoPackage ----
G=$T/a2-data/catalog.gpkg
exits 1 "gpkg: has on a catalog not made yet" -- env A2_DATA="$T/a2-data" a2catalog has $A
exits 0 "gpkg: query on a catalog not made yet" -- env A2_DATA="$T/a2-data" a2catalog query
is "$(out)" "" "gpkg: empty"
ok '[ ! -e "$G" ]' "gpkg: reading does not create it"
mkdir -p "$T/a2-data"
store_tests gpkg "$G"
to_text_gpkg() {
	sqlite3 "$1" "PRAGMA writable_schema = ON;
		UPDATE sqlite_master SET sql = replace(sql, ' DATETIME', ' TEXT') WHERE type = 'table' AND name = 'products';"
}
# a footprint column as a2 made it before: POLYGON in both places GDAL reads
to_polygon_gpkg() {
	sqlite3 "$1" "PRAGMA writable_schema = ON;
		UPDATE sqlite_master SET sql = replace(sql, '\"footprint\" GEOMETRY', '\"footprint\" POLYGON') WHERE type = 'table' AND name = 'products';
		UPDATE gpkg_geometry_columns SET geometry_type_name = 'POLYGON' WHERE table_name = 'products';"
}
migrate_tests gpkg "$G"
is "$(sqlite3 "$G" 'PRAGMA integrity_check')" ok "gpkg: converted file intact"
is "$(sqlite3 "$G" "SELECT geometry_type_name FROM gpkg_geometry_columns WHERE table_name = 'products'")" GEOMETRY \
	"gpkg: gpkg_geometry_columns says GEOMETRY"
ok '! ogrinfo -ro -so "$G" products 2>&1 | grep -q "not consistent"' "gpkg: the table's column agrees (no GDAL warning)"
antimeridian_tests gpkg "$G"
is "$(ogr2ogr -f CSV /vsistdout/ "$G" products -where "start_time > '2015-01-01'" -select id | tail -n +2 | wc -l)" 22 \
	"gpkg: ogr2ogr -where \"start_time > '2015-01-01'\": the 22 rows from then on"
is "$(ogr2ogr -f CSV /vsistdout/ "$G" products -where "start_time < '2016-03-01T12:00:00.001Z' AND end_time >= '2014-09-09T04:33:52.052Z'" -select id | tail -n +2 | tr -d '"\r' | tr '\n' ' ')" \
	"$A $C " "gpkg: ogr2ogr -where on start_time and end_time to the millisecond"
ok '[ "$(ogrinfo -ro -q "$G" -sql "SELECT COUNT(*) FROM sqlite_master WHERE name IN (\"rtree_products_footprint\", \"products_id\")" | grep -c "= 2")" = 1 ]' \
	"gpkg: spatial index and unique id index"
exits 0 "gpkg: A2_CATALOG names it" -- env A2_CATALOG="$G" a2catalog has $A
ok 'no_temps "$T/a2-data" && [ "$(ls "$T/a2-data")" = catalog.gpkg ]' "gpkg: nothing else left in its directory"
# A first creation killed by SIGKILL leaves its temp GeoPackage (PID@HOST in
# its name): the next add removes it, and not what a live add is making.
host=$(tmp_host)
sh -c 'exit 0' & dead=$!
wait $dead
mkdir -p "$T/c2"
for t in $dead@$host.1.gpkg $dead@$host.1.gpkg-journal $$@$host.2.gpkg $dead@elsewhere.example.3.gpkg; do
	echo x >"$T/c2/.catalog.gpkg.tmp.$t"
done
exits 0 "gpkg: first add beside stale temp catalogs" -- a2catalog -c "$T/c2/catalog.gpkg" add "$P/$A"
is "$(ls -A "$T/c2" | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ".catalog.gpkg.tmp.$$@$host.2.gpkg" ".catalog.gpkg.tmp.$dead@elsewhere.example.3.gpkg" catalog.gpkg |
	LC_ALL=C sort | tr '\n' ' ')" \
    "gpkg: a dead process's temp catalog and journal removed; a live one's and another host's kept"

# ---- PostgreSQL + PostGIS ----
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "Bail out! postgresql-15 is not installed"; exit 1; }
mkdir -p "$T/pg"
at_exit sh "$A2_TOP/tests/servers/catalog-pg.sh" stop "$T/pg"
sh "$A2_TOP/tests/servers/catalog-pg.sh" start "$T/pg" 2>"$T/pg.err" ||
	{ echo "Bail out! cannot start PostgreSQL: $(cat "$T/pg.err")"; exit 1; }
PG=$(cat "$T/pg/pg.conn")
exits 1 "pg: has before the table exists" -- a2catalog -c "$PG" has $A
store_tests pg "$PG"
PORT=$(sed 's/.*port=\([0-9]*\).*/\1/' "$T/pg/pg.conn")
psql_a2() { /usr/lib/postgresql/15/bin/psql -X -A -t -q -h 127.0.0.1 -p "$PORT" -U a2 -d a2 -v ON_ERROR_STOP=1 -c "$1"; }
# the old layout: VARCHAR columns holding 2014-09-09T04:33:42.052Z
to_text_pg() {
	_c=
	for _f in start_time end_time ingest_time; do
		_c="$_c${_c:+,} ALTER $_f TYPE varchar USING to_char($_f AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
	done
	psql_a2 "ALTER TABLE products $_c"
}
to_polygon_pg() { psql_a2 "ALTER TABLE products ALTER footprint TYPE geometry(Polygon,4326)"; }
migrate_tests pg "$PG"
is "$(psql_a2 "SELECT type FROM geometry_columns WHERE f_table_name = 'products'")" GEOMETRY "pg: footprint column of any geometry"
antimeridian_tests pg "$PG"
# the URL job itself on the scene across 180, catalogued in PostGIS
a2synth --size tiny --order 0000000107 -o "$T/amsrc" --level 1.5 --format GeoTIFF --lon-shift 242.53 \
	--date 150101 >/dev/null
exits 0 "pg: the URL job on a scene across 180 with A2_CATALOG=PG:" -- make -f "$A2_TOP/examples/url.mk" \
	URL="file://$T/amsrc/0000000107.zip" A2_DATA="$T/amdata" A2_CATALOG="$PG"
is "$(psql_a2 "SELECT ST_AsText(footprint) FROM products WHERE id = '$M'")" \
	"MULTIPOLYGON(((179.72 -11.345,180 -11.2869458,180 -10.6406486,179.589 -10.726,179.72 -11.345)),((-179.785 -10.596,-180 -10.6406486,-180 -11.2869458,-179.653 -11.215,-179.785 -10.596)))" \
	"pg: the job stored its MultiPolygon"
is "$(a2catalog -c "$PG" query --bbox 179,-12,180,-10 | jq -r .id) $(a2catalog -c "$PG" query --bbox -180,-12,-179,-10 | jq -r .id)" \
	"$M $M" "pg: found from either side of 180"
is "$(a2catalog -c "$PG" query --id $M | jq -r .product)" "$T/amdata/products/$M" "pg: the job's product"
exits 0 "pg: remove the job's scene" -- a2catalog -c "$PG" remove $M
is "$(psql_a2 "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'products' AND column_name LIKE '%_time'")" \
	"end_time timestamp with time zone, ingest_time timestamp with time zone, start_time timestamp with time zone" "pg: timestamptz columns"
# a conversion that fails leaves the old catalog as it was
to_text_pg
psql_a2 "UPDATE products SET end_time = 'not a time' WHERE id = '$C'"
exits 1 "pg: an old catalog holding a bad time" -- a2catalog -c "$PG" add "$P/$A"
ok 'err | grep -q "^a2catalog: catalog: cannot convert its times: .*not a time"' "pg: says the times cannot be converted, and why"
is "$(time_types "$PG")" "$TEXT_TIMES" "pg: still text"
is "$(psql_a2 "SELECT count(*), count(*) FILTER (WHERE end_time = 'not a time') FROM products")" "23|1" "pg: every row kept"
is "$(/usr/lib/postgresql/15/bin/psql -X -A -t -h 127.0.0.1 -p "$PORT" -U a2 -d a2 -c \
	"SELECT indexdef FROM pg_indexes WHERE tablename = 'products' ORDER BY indexname" | sed 's/ USING / /')" \
	"CREATE INDEX products_footprint_geom_idx ON public.products gist (footprint)
CREATE UNIQUE INDEX products_id ON public.products btree (id)
CREATE UNIQUE INDEX products_pkey ON public.products btree (fid)" "pg: GiST and unique id indexes"
is "$(/usr/lib/postgresql/15/bin/psql -X -A -t -h 127.0.0.1 -p "$PORT" -U a2 -d a2 -c \
	"SELECT ST_AsText(footprint), ST_SRID(footprint) FROM products WHERE id = '$C'")" \
	"POLYGON((10.5 0.5,12 0.5,12 2,10.5 2,10.5 0.5))|4326" "pg: footprint in EPSG:4326"
exits 75 "pg: has on an unreachable server is not \"absent\"" -- \
	a2catalog -c "PG:host=127.0.0.1 port=1 user=a2 dbname=a2 connect_timeout=5" has $A

# ---- errors ----
exits 1 "a directory without met.json" -- a2catalog -c "$G" add "$T"
ok 'err | grep -q "$T/$(basename "$T").met.json: missing"' "names the missing file"
exits 2 "unknown command" -- a2catalog -c "$G" frob
exits 2 "bad bbox" -- a2catalog -c "$G" query --bbox 1,2
exits 2 "bad time" -- a2catalog -c "$G" query --start yesterday
exits 2 "query options on add" -- a2catalog -c "$G" add --mode FBD "$P/$A"
plan "$_tap_n"
done_testing
