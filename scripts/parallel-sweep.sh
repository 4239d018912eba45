#!/bin/bash
# parallel-sweep.sh [-S HOSTS] [-j J] N OUT.csv AMDAHL-OPTIONS...: an `amdahl --rtl` sweep as N
# shards run by GNU parallel (Debian: apt-get install parallel), J at a time (default: the
# cores), on this machine or on the hosts of -S (parallel's --sshlogin list; they must share
# OUT.csv's directory and the qarray tree at the same path), then merged into OUT.csv: the CSV
# one unsharded `qarray amdahl --rtl AMDAHL-OPTIONS --csv OUT.csv` writes, byte for byte. The
# first failing shard stops the rest (--halt now,fail=1).
#   scripts/parallel-sweep.sh -S 4/host1,4/host2 8 study.csv --model gpt2 --array cloud --wbits 1,2
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QARRAY=${QARRAY:-$here/../build/qarray}
hosts="" jobs=""
while [ $# -gt 0 ]; do
  case "$1" in
    -S) hosts=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: parallel-sweep.sh [-S HOSTS] [-j J] N OUT.csv AMDAHL-OPTIONS..." >&2; exit 2; }
N=$1 OUT=$2
shift 2
case "$N" in '' | *[!0-9]* | 0) echo "parallel-sweep.sh: N must be a positive integer, got '$N'" >&2; exit 2 ;; esac
command -v parallel >/dev/null || { echo "parallel-sweep.sh: GNU parallel not found (apt-get install parallel)" >&2; exit 2; }
[ -x "$QARRAY" ] || { echo "parallel-sweep.sh: no qarray at $QARRAY (make, or set QARRAY)" >&2; exit 2; }
OUT=$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")
# Check the options here first (--plan runs nothing): a typo fails now, not in N shards.
"$QARRAY" amdahl --rtl --plan --jobs 1 "$@" >/dev/null # --jobs: the shards set it
opts=(--halt now,fail=1 -q)
[ -n "$jobs" ] && opts+=(-j "$jobs")
[ -n "$hosts" ] && opts+=(-S "$hosts" --workdir "$(pwd)")
# each shard on one core: parallel runs J of them at once
parallel "${opts[@]}" "$QARRAY" amdahl --rtl "$@" --shard {}/"$N" --jobs 1 --csv "$OUT.shard-{}.csv" \
  ::: $(seq 0 $((N - 1)))
shards=()
for ((i = 0; i < N; i++)); do shards+=("$OUT.shard-$i.csv"); done
"$QARRAY" merge "${shards[@]}" --csv "$OUT"
