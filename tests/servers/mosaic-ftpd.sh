#!/bin/sh
# mosaic-ftpd.sh ROOT STATE: serves ROOT (made read-only) by anonymous FTP
# with vsftpd on a free 127.0.0.1 port, in the foreground; writes the port
# to STATE/port once the server answers.  Stop it with TERM to the
# script's PID ($! of `sh mosaic-ftpd.sh ... &`).
set -eu
root=$1 state=$2
mkdir -p "$state" /var/run/vsftpd/empty
chmod -R a+rX "$root"
chmod 555 "$root"
# a free port, and the first of 32 for passive data connections
ports=$(/usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
cat >"$state/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$1
anonymous_enable=YES
anon_root=$root
no_anon_password=YES
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$2
pasv_max_port=$(($2 + 31 > 65535 ? 65535 : $2 + 31))
secure_chroot_dir=/var/run/vsftpd/empty
seccomp_sandbox=NO
background=NO
CONF
# vsftpd must not inherit children it did not fork (its SIGCHLD handler
# crashes on them), so it runs as a child of this script, which forwards
# TERM to it.
vsftpd "$state/vsftpd.conf" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid || :; exit 0' TERM INT
# the port file appears once the server answers
/usr/bin/python3 -c '
import socket, sys, time
for _ in range(2000):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        break
    except OSError:
        time.sleep(0.01)
open(sys.argv[2] + ".tmp", "w").write(sys.argv[1] + "\n")
' "$1" "$state/port" && mv "$state/port.tmp" "$state/port"
wait $pid
