#!/bin/sh
# fetch-lighttpd.sh DIR ROOT [USER PASSWORD]: starts lighttpd on 127.0.0.1 (a
# free port) serving ROOT, for a2fetch's tests and bench.  /dav/ is WebDAV
# (mod_webdav), /basic/ and /digest/ ask for HTTP Basic and Digest auth
# (realm a2, USER/PASSWORD in an htdigest file), everything else is open.
# Writes DIR/port once it answers and DIR/pid; DIR/access.log has one line
# per request: "METHOD URI STATUS BODYBYTES RANGE".  Stop it by its pid.
set -eu
dir=$1 root=$2 user=${3:-alice} pass=${4:-secret}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd) root=$(cd "$root" && pwd)
printf '%s:a2:%s\n' "$user" "$(printf '%s:a2:%s' "$user" "$pass" | md5sum | cut -c1-32)" >"$dir/htdigest"
chmod 600 "$dir/htdigest"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for try in 1 2 3 4 5; do
	port=$(free_port)
	cat >"$dir/lighttpd.conf" <<CONF
server.modules = ("mod_auth", "mod_authn_file", "mod_webdav", "mod_accesslog")
server.document-root = "$root"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$dir/lighttpd.pid"
server.errorlog = "$dir/error.log"
server.max-worker = 0
server.network-backend = "sendfile"
accesslog.filename = "$dir/access.log"
accesslog.format = "%m %U %s %b %{Range}i"
mimetype.assign = (".zip" => "application/zip", "" => "application/octet-stream")
auth.backend = "htdigest"
auth.backend.htdigest.userfile = "$dir/htdigest"
auth.require = ( "/basic/" => ("method" => "basic", "realm" => "a2", "require" => "valid-user"),
                 "/digest/" => ("method" => "digest", "realm" => "a2", "require" => "valid-user") )
\$HTTP["url"] =~ "^/dav(\$|/)" { webdav.activate = "enable" }
CONF
	rm -f "$dir/port"
	lighttpd -D -f "$dir/lighttpd.conf" >>"$dir/error.log" 2>&1 &
	pid=$!
	echo $pid >"$dir/pid"
	i=0
	while [ $i -lt 500 ] && kill -0 $pid 2>/dev/null; do
		if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
			echo $port >"$dir/port"
			exit 0
		fi
		i=$((i + 1)); sleep 0.01
	done
	kill $pid 2>/dev/null || :
done
echo "lighttpd did not start: see $dir/error.log" >&2
exit 1
