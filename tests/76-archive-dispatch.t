#!/bin/sh
# examples/archive.mk on a one-node Slurm cluster started here (munge,
# slurmctld, slurmd on loopback): DISPATCH=slurm (srun, sbatch --wait, a
# job array) and DISPATCH=pbs (ingest2aria.pbs through Debian's
# slurm-wlm-torque qsub) make the same bytes as DISPATCH=local, and a
# failing scene fails its target and leaves the others done.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (slurmd)"
for b in munged slurmctld slurmd srun sbatch qsub make jq; do
	command -v $b >/dev/null || skip_all "$b missing (slurm-wlm slurm-wlm-torque munge)"
done
cd "$T" || exit 1
S=$A2_TOP/tests/servers/slurm-cluster.sh
at_exit "sh '$S' stop '$T'"
sh "$S" start "$T" 2>"$T/slurm.err" || { echo "Bail out! slurm: $(cat "$T/slurm.err")"; exit 1; }
. "$T/slurm.env"
ok "sinfo -h -o %t | grep -qx idle" "the node is idle"

A=$T/arch
sh "$A2_TOP/tests/servers/slurm-archive-tree.sh" "$A" > ids || { echo "Bail out! archive tree"; exit 1; }
ID1=$(sed -n 1p ids)
D=$T/data
job() { make -f "$A2_TOP/examples/archive.mk" A2_BIN="$A2_BIN" A2_DATA="$D" ARCHIVE="$A" "$@"; }
# every product file (the catalog's stamp holds its ingest time)
products() { (cd "$D/products" && find . -type f | LC_ALL=C sort); }

exits 0 "DISPATCH=local" -- job -j2
products > list.local
mv "$D/products" ref
rm -rf "$D"
is "$(wc -l < list.local)" 9 "three products of three files"

# each mode in the same A2_DATA, so the products' provenance is the same
check_mode() {
	_name=$1; shift
	rm -rf "$D"
	exits 0 "$_name" -- job -j2 "$@"
	cp "$T/.out" "out.$_name"
	products > "list.$_name"
	same_file list.local "list.$_name" "$_name: the same files"
	_diff=0
	while read -r f; do cmp -s "ref/$f" "$D/products/$f" || { diag "$_name: $f differs"; _diff=1; }; done < list.local
	is $_diff 0 "$_name: every product byte for byte as DISPATCH=local"
	exits 0 "$_name: catalogued" -- env A2_CATALOG="$D/catalog.gpkg" a2catalog has "$ID1-md"
}
# jobs slurmctld saw end
ended() { grep -c '_job_complete: JobId=.* done' "$(cat "$T/slurm.dir")/log/slurmctld.log"; }
j0=$(ended)
check_mode slurm DISPATCH=slurm
j1=$(ended)
is $((j1 - j0)) 6 "srun: one job per tool call (3 a2md, 3 a2catalog)"
check_mode slurm-sbatch DISPATCH=slurm A2_SLURM_MODE=sbatch
is $(($(ended) - j1)) 6 "sbatch: one job per tool call"
check_mode slurm-array DISPATCH=slurm A2_SLURM_ARRAY=2
ok "grep -q 'sbatch .*--array of 3 scenes' out.slurm-array" "array: one job array for the batch"
check_mode pbs DISPATCH=pbs
is "$(cat "$D/work/$ID1-md/job.log")" "ingest2aria: $ID1-md from $A/P026/F6960 (6960-140909)" "pbs: ingest2aria.pbs ran with dir and fdate"
exits 0 "pbs: second run" -- job DISPATCH=pbs
ok "grep -q 'Nothing to be done' '$T/.out'" "pbs: second run does nothing"

# a scene whose leader is broken: its job fails, the others are done
truncate -s 100 "$A/P026/F6960/LED-$ID1"
for mode in "DISPATCH=slurm" "DISPATCH=slurm A2_SLURM_ARRAY=2" "DISPATCH=pbs"; do
	rm -rf "$D"
	# shellcheck disable=SC2086
	exits 2 "$mode: -k with a failing scene" -- job -k -j2 $mode
	ok "grep -q 'LED-$ID1' '$T/.err'" "$mode: the failure names the file"
	ok "[ ! -e '$D/products/$ID1-md/$ID1-md.met.json' ] && [ ! -e '$D/work/$ID1-md/catalogued' ]" "$mode: no product for it"
	ok "[ -s '$D/work/$(sed -n 2p ids)-md/catalogued' ] && [ -s '$D/work/$(sed -n 3p ids)-md/catalogued' ]" "$mode: the others are done"
done
done_testing
