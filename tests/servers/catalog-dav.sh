#!/bin/sh
# A loopback WebDAV server (lighttpd + mod_webdav) for a2publish's tests:
#   catalog-dav.sh start DIR USER PASSWORD  serves a new writable directory
#       (its path in DIR/dav.root) at http://127.0.0.1:PORT/ with Basic auth
#       for USER; writes DIR/dav.port and DIR/dav.pid.  As root, lighttpd
#       runs as www-data, so the directory is made where it can reach it.
#   catalog-dav.sh stop DIR
set -u
cmd=${1:?start or stop} dir=${2:?directory}
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
case $cmd in
start)
	user=${3:?user} pass=${4:?password}
	D=$(mktemp -d "${TMPDIR:-/tmp}/a2dav.XXXXXX") || exit 1
	chmod 755 "$D"
	echo "$D" > "$dir/dav.dir"
	echo "$D/dav" > "$dir/dav.root"
	mkdir -p "$D/dav" "$D/lighttpd"
	printf '%s:%s\n' "$user" "$pass" > "$D/lighttpd/users"
	chmod 600 "$D/lighttpd/users"
	[ "$(id -u)" = 0 ] && chown -R www-data "$D/dav" "$D/lighttpd"
	for _try in 1 2 3 4 5; do
		port=$(free_port)
		cat > "$D/lighttpd/conf" <<EOC
server.modules = ("mod_auth", "mod_authn_file", "mod_webdav")
server.document-root = "$D/dav"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$D/lighttpd/error.log"
server.upload-dirs = ("$D/lighttpd")
$( [ "$(id -u)" = 0 ] && echo 'server.username = "www-data"
server.groupname = "www-data"' )
webdav.activate = "enable"
webdav.is-readonly = "disable"
auth.backend = "plain"
auth.backend.plain.userfile = "$D/lighttpd/users"
auth.require = ("/" => ("method" => "basic", "realm" => "a2", "require" => "valid-user"))
EOC
		lighttpd -D -f "$D/lighttpd/conf" 2>>"$D/lighttpd/stderr" &
		echo $! > "$dir/dav.pid"
		# polls until it answers (or has died: port taken)
		_i=0
		while kill -0 "$(cat "$dir/dav.pid")" 2>/dev/null && [ $_i -lt 1000 ]; do
			if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
				echo "$port" > "$dir/dav.port"
				exit 0
			fi
			_i=$((_i + 1))
			sleep 0.01
		done
		kill "$(cat "$dir/dav.pid")" 2>/dev/null
	done
	cat "$D/lighttpd/stderr" "$D/lighttpd/error.log" >&2 2>/dev/null
	exit 1
	;;
stop)
	[ -s "$dir/dav.pid" ] && kill "$(cat "$dir/dav.pid")" 2>/dev/null
	rm -f "$dir/dav.pid"
	[ -s "$dir/dav.dir" ] && rm -rf "$(cat "$dir/dav.dir")" && rm -f "$dir/dav.dir"
	;;
esac
