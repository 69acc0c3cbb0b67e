#!/bin/sh
# fetch-vsftpd.sh DIR ROOT: starts vsftpd on 127.0.0.1 (a free port) serving
# ROOT to anonymous users (read only, passive mode), for a2fetch's tests.
# Writes DIR/port once it answers and DIR/pid; DIR/vsftpd.log logs each
# transfer with its byte count.  Stop it by its pid.
set -eu
dir=$1 root=$2
mkdir -p "$dir" /var/run/vsftpd/empty
dir=$(cd "$dir" && pwd) root=$(cd "$root" && pwd)
chmod 555 "$root"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for try in 1 2 3 4 5; do
	port=$(free_port)
	pasv=$(free_port)
	cat >"$dir/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=YES
anon_root=$root
no_anon_password=YES
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$pasv
pasv_max_port=$((pasv + 20))
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
xferlog_enable=YES
xferlog_std_format=NO
vsftpd_log_file=$dir/vsftpd.log
CONF
	rm -f "$dir/port"
	vsftpd "$dir/vsftpd.conf" >>"$dir/error.log" 2>&1 &
	pid=$!
	echo $pid >"$dir/pid"
	i=0
	while [ $i -lt 500 ] && kill -0 $pid 2>/dev/null; do
		if curl -s -o /dev/null "ftp://127.0.0.1:$port/"; then
			echo $port >"$dir/port"
			exit 0
		fi
		i=$((i + 1)); sleep 0.01
	done
	kill $pid 2>/dev/null || :
done
echo "vsftpd did not start: see $dir/error.log" >&2
exit 1
