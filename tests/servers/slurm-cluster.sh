#!/bin/sh
# A throwaway one-node Slurm cluster on loopback for the archive job's tests
# and bench (TESTING-NOTES.md "Slurm"):
#   slurm-cluster.sh start DIR   munged, slurmctld and slurmd with their
#                                own socket, ports, state and logs in a new
#                                directory; waits (bounded) until the node is
#                                idle; writes DIR/slurm.env (". DIR/slurm.env"
#                                points the clients at it) and DIR/slurm.dir
#   slurm-cluster.sh stop DIR    stops the three daemons by PID and removes
#                                their directory
# Needs root (slurmd runs jobs as their users) and slurm-wlm, munge.
set -u
cmd=${1:?start or stop} dir=${2:?directory}
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Polls CMD (a shell command) until it succeeds, at most about 30 s.
poll() {
	_i=0
	until eval "$1" >/dev/null 2>&1; do
		_i=$((_i + 1))
		[ $_i -gt 300 ] && return 1
		sleep 0.1
	done
}
stop_pid() {
	[ -s "$1" ] || return 0
	_p=$(cat "$1")
	kill "$_p" 2>/dev/null || return 0
	_i=0
	while kill -0 "$_p" 2>/dev/null && [ $_i -lt 100 ]; do _i=$((_i + 1)); sleep 0.1; done
	kill -9 "$_p" 2>/dev/null
	:
}
case $cmd in
start)
	[ "$(id -u)" = 0 ] || { echo "slurm-cluster.sh: needs root" >&2; exit 1; }
	for b in munged slurmctld slurmd sinfo; do
		command -v $b >/dev/null || { echo "slurm-cluster.sh: $b missing" >&2; exit 1; }
	done
	D=$(mktemp -d /tmp/a2slurm.XXXXXX) || exit 1
	chmod 755 "$D"
	echo "$D" > "$dir/slurm.dir"
	mkdir -p "$D/munge" "$D/state" "$D/spool" "$D/log"
	chown munge:munge "$D/munge"
	chmod 755 "$D/munge"
	runuser -u munge -- munged --socket="$D/munge/munge.sock" --pid-file="$D/munge/munged.pid" \
	    --log-file="$D/munge/munged.log" --seed-file="$D/munge/munged.seed" \
	    --key-file=/etc/munge/munge.key --num-threads=2 ||
		{ cat "$D/munge/munged.log" >&2; exit 1; }
	cp "$D/munge/munged.pid" "$D/munged.pid"
	host=$(hostname)
	node=a2n$$
	cport=$(free_port)
	dport=$(free_port)
	cat > "$D/slurm.conf" <<EOC
ClusterName=a2test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$cport
SlurmdPort=$dport
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.sock
SlurmUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
# 8 job slots on a 2-core machine: the jobs are small, and slurmd must
# not drain the node for having fewer cores than that
SlurmdParameters=config_overrides
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool/%n
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=30
MaxArraySize=10001
MaxJobCount=20000
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=$node NodeHostname=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=2000 State=UNKNOWN
PartitionName=a2 Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOC
	echo "SLURM_CONF=$D/slurm.conf; export SLURM_CONF" > "$dir/slurm.env"
	export SLURM_CONF="$D/slurm.conf"
	slurmctld -i >"$D/log/slurmctld.out" 2>&1 || { cat "$D/log/slurmctld.out" "$D/log/slurmctld.log" >&2; exit 1; }
	slurmd -N "$node" >"$D/log/slurmd.out" 2>&1 || { cat "$D/log/slurmd.out" "$D/log/slurmd.log" >&2; exit 1; }
	if ! poll "sinfo -h -n $node -o %t | grep -qx idle"; then
		echo "slurm-cluster.sh: node $node not idle:" >&2
		sinfo -N >&2
		tail -n 20 "$D/log/slurmctld.log" "$D/log/slurmd.log" >&2
		exit 1
	fi
	;;
stop)
	[ -s "$dir/slurm.dir" ] || exit 0
	D=$(cat "$dir/slurm.dir")
	stop_pid "$D/slurmd.pid"
	stop_pid "$D/slurmctld.pid"
	stop_pid "$D/munged.pid"
	rm -rf "$D" "$dir/slurm.dir" "$dir/slurm.env"
	;;
*)
	echo "usage: slurm-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
