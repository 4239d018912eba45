#!/bin/bash
# test_cluster.sh (make test-cluster, run by .ci/run): the runners on real engines. A single-node
# Slurm cluster started here (scripts/slurm-local.sh: munged, slurmctld, slurmd under a temporary
# directory) runs a 3-shard `amdahl --rtl` sweep as a job array with the merge as a dependent
# job; GNU parallel runs the same sweep in 3 shards. Both merged CSVs must equal the unsharded
# run's byte for byte, and every daemon started is stopped (by PID), also on failure.
# Needs root, slurm-wlm, munge and parallel (make test-cluster installs them with apt-get).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
export QARRAY=${QARRAY:-$here/build/qarray}
fail() { echo "test_cluster: FAIL: $*" >&2; exit 1; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { print a - b }'; }
D=$(mktemp -d /tmp/qarray-cluster.XXXXXX)
chmod 755 "$D"
cleanup() { sh "$here/scripts/slurm-local.sh" stop "$D/slurm" >/dev/null 2>&1; rm -rf "$D"; }
trap cleanup EXIT
t0=$(date +%s.%N)
SWEEP=(--models "$here/tests/models_tiny.txt" --model tiny-gpt,tiny-llama --array 4x4,8x4 --seq 16,32
       --wbits 1,2 --no-build)
"$QARRAY" amdahl --rtl "${SWEEP[@]}" --jobs 1 --csv "$D/serial.csv" >/dev/null 2>"$D/serial.err" ||
  fail "the serial run: $(tail -1 "$D/serial.err")"
t1=$(date +%s.%N)

mkdir -p "$D/slurm"
env=$(sh "$here/scripts/slurm-local.sh" start "$D/slurm") || fail "Slurm did not start"
eval "$env"
t2=$(date +%s.%N)
"$here/scripts/slurm-sweep.sh" --wait 3 "$D/slurm.csv" "${SWEEP[@]}" 2>"$D/sweep.err" ||
  fail "slurm-sweep.sh: exit $? ($(cat "$D/sweep.err"); $(cat "$D"/slurm.csv.*.log 2>/dev/null | tail -5))"
t3=$(date +%s.%N)
cmp -s "$D/slurm.csv" "$D/serial.csv" || fail "the Slurm-merged CSV differs from the serial run's"
for i in 0 1 2; do grep -q "^# qarray amdahl shard $i/3" "$D/slurm.csv.shard-$i.csv" || fail "no shard $i"; done
# the tasks ran as a job array and the merge after them
sacct_ok=$(cat "$D"/slurm.csv.shard-*.log | grep -c "shard written")
[ "$sacct_ok" = 3 ] || fail "$sacct_ok of 3 shard tasks logged their shard"
# a failing shard task: the merge job never runs (afterok), and --wait reports it
"$here/scripts/slurm-sweep.sh" --wait 3 "$D/bad.csv" "${SWEEP[@]}" --mutant sign >/dev/null 2>&1 &&
  fail "a sweep with failing shards succeeded"
[ -e "$D/bad.csv" ] && fail "a failed sweep wrote its merged CSV"
sh "$here/scripts/slurm-local.sh" stop "$D/slurm" || fail "stop"
for p in slurmd slurmctld munged; do [ -e "$D/slurm/$p.pid" ] && fail "$p still has a PID file"; done

t35=$(date +%s.%N)
"$here/scripts/parallel-sweep.sh" -j 2 3 "$D/par.csv" "${SWEEP[@]}" >/dev/null 2>"$D/par.err" ||
  fail "parallel-sweep.sh: $(tail -3 "$D/par.err")"
t4=$(date +%s.%N)
cmp -s "$D/par.csv" "$D/serial.csv" || fail "the GNU-parallel-merged CSV differs from the serial run's"
"$here/scripts/parallel-sweep.sh" 3 "$D/x.csv" "${SWEEP[@]}" --wbits 3 >/dev/null 2>&1 && fail "a bad option was run"
printf 'test_cluster: Slurm job array of 3 shards + dependent merge equal to the serial run (%.1f s; serial %.1f s; Slurm start %.1f s), GNU parallel 3 shards equal (%.1f s); a failing shard stops the merge; daemons stopped\n' \
  "$(sub "$t3" "$t2")" "$(sub "$t1" "$t0")" "$(sub "$t2" "$t1")" "$(sub "$t4" "$t35")"
