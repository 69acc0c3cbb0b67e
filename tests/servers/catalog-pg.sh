#!/bin/sh
# A throwaway PostgreSQL 15 + PostGIS server on loopback for a2catalog's
# tests (TESTING-NOTES.md):
#   catalog-pg.sh start DIR   initdb in a new directory owned by postgres,
#                             start on 127.0.0.1 on a free port, create
#                             database a2 with PostGIS; writes DIR/pg.conn
#                             (the OGR connection string) and DIR/pg.dir
#   catalog-pg.sh stop DIR    stop it (pg_ctl -m fast) and remove its files
# The server refuses to run as root, so as root it runs as postgres.
set -u
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?start or stop} dir=${2:?directory}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
case $cmd in
start)
	D=$(mktemp -d "${TMPDIR:-/tmp}/a2pg.XXXXXX") || exit 1
	chmod 755 "$D"
	[ "$(id -u)" = 0 ] && chown postgres "$D"
	echo "$D" > "$dir/pg.dir"
	as_pg "$PGBIN/initdb" -D "$D/data" -A trust -U a2 -E UTF8 --no-sync >"$D/initdb.log" 2>&1 ||
		{ cat "$D/initdb.log" >&2; exit 1; }
	# a port found free may be taken before the server binds it: retry
	for _try in 1 2 3 4 5; do
		port=$(free_port)
		if as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -t 60 \
		    -o "-p $port -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" \
		    start >/dev/null 2>&1; then
			echo "$port" > "$D/port"
			break
		fi
	done
	[ -s "$D/port" ] || { cat "$D/log" >&2; exit 1; }
	psql() { "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U a2 -v ON_ERROR_STOP=1 "$@"; }
	psql -d postgres -c 'CREATE DATABASE a2' >&2 &&
	psql -d a2 -c 'CREATE EXTENSION postgis' >&2 || exit 1
	echo "PG:host=127.0.0.1 port=$port user=a2 dbname=a2" > "$dir/pg.conn"
	;;
stop)
	[ -s "$dir/pg.dir" ] || exit 0
	D=$(cat "$dir/pg.dir")
	as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$D" "$dir/pg.dir"
	;;
*)
	echo "usage: catalog-pg.sh start|stop DIR" >&2; exit 2 ;;
esac
