# tests/bench/archive.sh (sourced by tests/bench/run): a2scan over a
# 100 000-file archive tree (P###/F####, 7 files a product, summaries
# renamed as alos2-scraper did; generated once into $BENCH_DIR), with
# find(1) listing the same tree as the base; then 1 000 scene jobs through
# a one-node Slurm cluster started for the bench (root only): one job
# array (sbatch --array --wait, as examples/archive.mk sends a large
# batch) and one srun per job under make -j2 (DISPATCH=slurm's default).
# The jobs run "true": this measures submission and completion, not a2md.
tree=$BENCH_DIR/archive-tree
N=100000
if [ ! -f "$tree/.done" ]; then
	echo "bench: archive: generating $N files in $tree" >&2
	rm -rf "$tree"
	/usr/bin/python3 - "$tree" $N <<'EOP' || { echo "bench: archive: generator failed" >&2; return 1; }
import os, sys
top, n = sys.argv[1], int(sys.argv[2])
made = i = 0
while made < n:
    orbit, frame = 1000 + i // 40, (i * 10) % 7200
    yy, mm, dd = 15 + i % 9, 1 + i % 12, 1 + i % 28
    scene = "ALOS2%05d%04d-%02d%02d%02d" % (orbit, frame, yy, mm, dd)
    pid = scene + "-FBDR1.1__A"
    d = os.path.join(top, "P%03d" % ((14 * orbit + 24) % 207), "F%04d" % frame)
    os.makedirs(d, exist_ok=True)
    names = ["VOL-" + pid, "LED-" + pid, "TRL-" + pid, "IMG-HH-" + pid, "IMG-HV-" + pid,
             scene + "_FBDR1.1__A.kml", "00000%05d_001001_%s.summary.txt" % (i % 100000, scene)]
    for nm in names:
        with open(os.path.join(d, nm), "w") as f:
            if nm.endswith(".summary.txt"):
                f.write('Scs_SceneID="%s"\nPds_ProductID="FBDR1.1__A"\n' % scene)
    made += len(names)
    i += 1
open(os.path.join(top, ".done"), "w").close()
EOP
fi
bench_row archive "find (list the tree)" "$(bench_median true "find '$tree' -type f > /dev/null")" base
bench_row archive "a2scan $N files" "$(bench_median true "a2scan -q '$tree' > /dev/null")"

work=$BENCH_DIR/archive-slurm
rm -rf "$work"
mkdir -p "$work"
if [ "$(id -u)" = 0 ] && sh "$A2_TOP/tests/servers/slurm-cluster.sh" start "$work" 2>"$work/slurm.err"; then
	. "$work/slurm.env"
	J=1000
	printf '#!/bin/sh\ntrue\n' > "$work/job.sh"
	bench_row archive "sbatch --array $J jobs" \
		"$(BENCH_RUNS=1 bench_median true "sbatch --wait --quiet --array=0-$((J - 1)) -o /dev/null -e /dev/null '$work/job.sh'")"
	{
		printf 'all:'
		i=0; while [ $i -lt $J ]; do printf ' j%d' $i; i=$((i + 1)); done
		printf '\nj%%:\n\t@srun --quiet --ntasks=1 true\n.PHONY: all\n'
	} > "$work/jobs.mk"
	bench_row archive "srun $J jobs (make -j2)" \
		"$(BENCH_RUNS=1 bench_median true "make -s -j2 -f '$work/jobs.mk'")"
	sh "$A2_TOP/tests/servers/slurm-cluster.sh" stop "$work"
else
	echo "bench: archive: no Slurm cluster (root, slurm-wlm and munge needed): $(cat "$work/slurm.err" 2>/dev/null)" >&2
fi
rm -rf "$work"
