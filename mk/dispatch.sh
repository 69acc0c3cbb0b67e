#!/bin/sh
# mk/dispatch.sh: runs one command as a batch job and waits for it, for
# mk/dispatch.mk's A2_RUN; the job's stdout and stderr come back here and
# its exit status is this script's:
#   dispatch.sh sbatch CMD [ARG ...]   sbatch --wait $A2_SLURM_OPTS
#   dispatch.sh pbs CMD [ARG ...]      qsub -W block=true $A2_PBS_OPTS
# The job runs in the current directory; stdin goes with it when it is a
# regular file.  Job files live in $A2_DISPATCH_DIR (on a file system the
# nodes share; default ./.a2-dispatch) and are removed afterwards.
set -u
mode=${1:?sbatch or pbs}
shift
[ $# -gt 0 ] || { echo "usage: dispatch.sh sbatch|pbs CMD [ARG ...]" >&2; exit 2; }
base=${A2_DISPATCH_DIR:-$PWD/.a2-dispatch}
mkdir -p "$base" && jd=$(mktemp -d "$base/job.XXXXXX") || exit 75
trap 'rm -rf "$jd"' EXIT
trap 'exit 1' INT TERM
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
cmd=
for a in "$@"; do cmd="$cmd $(q "$a")"; done
in=/dev/null
if [ -f /dev/stdin ]; then cat > "$jd/in"; in=$jd/in; fi
{
	echo '#!/bin/sh'
	echo "cd $(q "$PWD") || exit 1"
	echo "$cmd <$(q "$in") >$(q "$jd/out") 2>$(q "$jd/err")"
	echo "s=\$?; echo \$s >$(q "$jd/status.tmp") && mv -f $(q "$jd/status.tmp") $(q "$jd/status"); exit \$s"
} > "$jd/job.sh"
case $mode in
sbatch)
	# shellcheck disable=SC2086 # the options are words
	sbatch --wait --quiet -o /dev/null -e "$jd/log" ${A2_SLURM_OPTS:-} "$jd/job.sh"
	;;
pbs)
	# shellcheck disable=SC2086
	qsub -W block=true -V -N a2 -j oe -o "$jd/log" ${A2_PBS_OPTS:-} "$jd/job.sh" > /dev/null
	;;
*)
	echo "dispatch.sh: $mode: sbatch or pbs" >&2; exit 2 ;;
esac
r=$?
[ -f "$jd/out" ] && cat "$jd/out"
[ -f "$jd/err" ] && cat "$jd/err" >&2
if [ ! -f "$jd/status" ]; then
	[ -s "$jd/log" ] && cat "$jd/log" >&2
	echo "dispatch.sh: $mode job of $1 did not run to its end (submit status $r)" >&2
	exit 1
fi
exit "$(cat "$jd/status")"
