#!/bin/bash
# slurm-sweep.sh [--wait] [--cpus C] N OUT.csv AMDAHL-OPTIONS...: an `amdahl --rtl` sweep as a
# Slurm job array of N shards (each task runs shard $SLURM_ARRAY_TASK_ID of N on C CPUs) and a
# merge job that depends on all of them (afterok), which writes OUT.csv: the CSV one unsharded
# `qarray amdahl --rtl AMDAHL-OPTIONS --csv OUT.csv` writes, byte for byte. OUT.csv's directory
# must be shared by the nodes; so must the qarray tree. --wait returns when the merge has run,
# with its exit status. Logs: OUT.csv.shard-I.log, OUT.csv.merge.log.
#   scripts/slurm-sweep.sh --wait 16 study.csv --model llama2-7b --array cloud --seq 2048 --wbits 1,2
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export QARRAY=${QARRAY:-$here/../build/qarray}
wait="" cpus=1
while [ $# -gt 0 ]; do
  case "$1" in
    --wait) wait=--wait; shift ;;
    --cpus) cpus=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: slurm-sweep.sh [--wait] [--cpus C] N OUT.csv AMDAHL-OPTIONS..." >&2; exit 2; }
N=$1 OUT=$2
shift 2
case "$N" in '' | *[!0-9]* | 0) echo "slurm-sweep.sh: N must be a positive integer, got '$N'" >&2; exit 2 ;; esac
[ -x "$QARRAY" ] || { echo "slurm-sweep.sh: no qarray at $QARRAY (make, or set QARRAY)" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "slurm-sweep.sh: sbatch not found (Debian: apt-get install slurm-client)" >&2; exit 2; }
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
# Check the options here first (--plan runs nothing): a typo fails now, not in N jobs.
"$QARRAY" amdahl --rtl --plan --jobs 1 "$@" >/dev/null # --jobs: the shards set it
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
array=$(sbatch --parsable --array=0-$((N - 1)) --cpus-per-task="$cpus" --chdir="$(dirname "$OUT")" \
  --export=ALL --output="$OUT.shard-%a.log" "$here/slurm/amdahl-shard.sbatch" "$N" "$OUT" "$@")
echo "slurm-sweep.sh: shards: job array $array (0-$((N - 1)))" >&2
merge=$(sbatch --parsable $wait --dependency=afterok:"${array%%;*}" --kill-on-invalid-dep=yes \
  --chdir="$(dirname "$OUT")" --export=ALL --output="$OUT.merge.log" "$here/slurm/merge.sbatch" "$N" "$OUT") || {
  rc=$?; echo "slurm-sweep.sh: the merge job failed (exit $rc); see $OUT.merge.log and $OUT.shard-*.log" >&2; exit $rc; }
echo "slurm-sweep.sh: merge: job $merge -> $OUT" >&2
# A merge cancelled because a shard failed (its afterok can never hold) ends --wait with 0: the
# merged file, newer than the submission, is the proof it ran.
if [ -n "$wait" ] && ! [ "$OUT" -nt "$stamp" ]; then
  echo "slurm-sweep.sh: the merge did not run: a shard task failed; see $OUT.shard-*.log" >&2
  exit 1
fi
