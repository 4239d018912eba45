#!/usr/bin/env bash
# bench/scaling.sh: how RTL runs scale (make bench runs it; alone: bash bench/scaling.sh). Writes
# its section of bench/README.md (bench/section.sh), which make bench keeps.
#
#  1. amdahl --rtl on a fixed sweep, --jobs 1 and --jobs 2, REPS runs each in interleaved rounds:
#     wall time (median), speedup, parallel efficiency, CPUs used (perf stat task-clock / wall);
#  2. one cloud block (gpt2, L=512, W2A8) the same way;
#  3. the same sweep as a 3-shard Slurm job array and its dependent merge on a single-node Slurm
#     started here (scripts/slurm-local.sh; needs root, slurm-wlm, munge), beside the serial run;
#  4. what 16 and 64 cores would give, from the work list (amdahl --rtl --plan) and, for the block,
#     from its GEMMs' predicted cycles and which of them run at once.
# Every run's CSV or output is compared with the --jobs 1 run's: a difference fails the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
Q=$PWD/build/qarray
OUT=build/bench/scaling
mkdir -p "$OUT"
say() { echo "scaling: $*" >&2; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s", m}'; }
make -s build/qarray >&2
SWEEP=(--model gpt2 --array edge --seq 128,256 --wbits 1,2)
BLOCK=(--model gpt2 --seq 512 --array cloud --wbits 2 --layers 1)
PERF=""
command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1 && PERF=1

# run NAME CMD...: wall seconds and CPUs used (task-clock / wall) into $OUT/NAME.time
run() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  if [ -n "$PERF" ]; then
    perf stat -x, -e task-clock -o "$OUT/$name.perf" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  else
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  fi
  t1=$(date +%s.%N)
  local ms=0
  [ -n "$PERF" ] && ms=$(awk -F, '/task-clock/ {print $1}' "$OUT/$name.perf")
  awk -v a="$t0" -v b="$t1" -v ms="$ms" 'BEGIN {printf "%.3f %.2f\n", b - a, ms / 1000 / (b - a)}' >"$OUT/$name.time"
}

# make sure the models exist before anything is timed
"$Q" amdahl --rtl "${SWEEP[@]}" --jobs 1 --csv "$OUT/ref.csv" >/dev/null 2>&1
"$Q" block "${BLOCK[@]}" --jobs 1 --csv "$OUT/ref-block.csv" >/dev/null 2>&1
declare -A W C
for i in $(seq "$REPS"); do
  for j in 1 2; do
    say "round $i of $REPS: amdahl --rtl --jobs $j"
    run "a$j-$i" "$Q" amdahl --rtl "${SWEEP[@]}" --jobs $j --csv "$OUT/a$j-$i.csv"
    cmp -s "$OUT/a$j-$i.csv" "$OUT/ref.csv" || { say "amdahl --jobs $j changed the CSV"; exit 1; }
    read -r w c <"$OUT/a$j-$i.time"; W[a$j]+="$w "; C[a$j]+="$c "
    say "round $i of $REPS: block --jobs $j"
    run "b$j-$i" "$Q" block "${BLOCK[@]}" --jobs $j --csv "$OUT/b$j-$i.csv"
    cmp -s "$OUT/b$j-$i.csv" "$OUT/ref-block.csv" || { say "block --jobs $j changed the CSV"; exit 1; }
    read -r w c <"$OUT/b$j-$i.time"; W[b$j]+="$w "; C[b$j]+="$c "
  done
done
med() { printf '%s\n' ${W[$1]} | median; }
cpus() { printf '%s\n' ${C[$1]} | median; }
GEMMS=$(grep -c '^qarray: rtl [0-9]*/' "$OUT/a1-1.err")
CYC=$(sed -n "s/.*simulated (\([0-9]*\) cycles.*/\1/p" "$OUT/a1-1.err")

# ---- Slurm: 3 shards and the merge ----
SLURM_ROW=""
if [ "$(id -u)" = 0 ] && command -v slurmctld >/dev/null 2>&1 || [ -x /usr/sbin/slurmctld ]; then
  D=$(mktemp -d /tmp/qarray-bench-slurm.XXXXXX)
  chmod 755 "$D"
  trap 'sh scripts/slurm-local.sh stop "$D/slurm" >/dev/null 2>&1; rm -rf "$D"' EXIT
  mkdir -p "$D/slurm"
  if env=$(sh scripts/slurm-local.sh start "$D/slurm"); then
    eval "$env"
    say "Slurm: 3-shard job array and merge"
    t0=$(date +%s.%N)
    QARRAY=$Q scripts/slurm-sweep.sh --wait 3 "$D/s.csv" "${SWEEP[@]}" 2>"$OUT/slurm.err"
    t1=$(date +%s.%N)
    cmp -s "$D/s.csv" "$OUT/ref.csv" || { say "the Slurm-merged CSV differs"; exit 1; }
    sw=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
    shard_s=$(grep -h 'shard written' "$D"/s.csv.shard-*.log | sed 's/.*workers, \([0-9.]*\) s).*/\1/' | sort -g | tail -1)
    SLURM_ROW="| Slurm job array, 3 shards (1 CPU each) + dependent merge | $sw | $(med a1) | $shard_s |"
  fi
fi

# ---- predictions ----
PLAN=$("$Q" amdahl --rtl --plan "${SWEEP[@]}")
FULL=$("$Q" amdahl --rtl --plan)
pred() { echo "$1" | awk -v n="$2" '$1 == n {print $3}'; }
# block: Q/K/V at once, the heads at once, up and gate at once; o_proj and ffn_down alone. Per
# phase, ceil(tasks / N) rounds of the phase's longest task; cycles from the analytic model.
BLK=$("$Q" gemms --model gpt2 --seq 512 --array cloud --wbits 2 | awk '
  $2 == "projection" || $2 == "attention" {gsub(",", "", $NF); c[$1] = $NF / $6; n[$1] = $6}
  END {
    split("1 2 16 64", ns, " ")
    for (k = 1; k <= 4; k++) {
      N = ns[k]
      qkv = int((3 + N - 1) / N) * c["q_proj"]
      heads = int((n["attn_scores"] + N - 1) / N) * (c["attn_scores"] + c["attn_context"])
      t = qkv + heads + c["o_proj"] + c["ffn_up"] + c["ffn_down"] # gpt2: no gate beside up
      if (N == 1) t1 = 3 * c["q_proj"] + n["attn_scores"] * (c["attn_scores"] + c["attn_context"]) + c["o_proj"] + c["ffn_up"] + c["ffn_down"]
      printf "%d %.2f\n", N, (N == 1 ? 1 : t1 / t)
    }
  }')
bpred() { echo "$BLK" | awk -v n="$1" '$1 == n {print $2}'; }
sp() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
eff() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f %%", 50 * a / b}'; }
{
  echo "Written by bench/scaling.sh on $(date -u +%Y-%m-%d), $(nproc) cores; medians of $REPS runs in"
  echo "interleaved rounds. Every run's CSV equals the --jobs 1 run's byte for byte (checked)."
  echo
  echo "| run | --jobs 1 wall s | --jobs 2 wall s | speedup | efficiency | CPUs used, 1 / 2 |"
  echo "|---|---|---|---|---|---|"
  echo "| amdahl --rtl ${SWEEP[*]} ($GEMMS distinct GEMMs, $CYC RTL cycles) | $(med a1) | $(med a2) | $(sp "$(med a1)" "$(med a2)") | $(eff "$(med a1)" "$(med a2)") | $(cpus a1) / $(cpus a2) |"
  echo "| block ${BLOCK[*]} | $(med b1) | $(med b2) | $(sp "$(med b1)" "$(med b2)") | $(eff "$(med b1)" "$(med b2)") | $(cpus b1) / $(cpus b2) |"
  if [ -n "$SLURM_ROW" ]; then
    echo
    echo "| the amdahl sweep above | wall s | serial (--jobs 1) wall s | the slowest shard's own s |"
    echo "|---|---|---|---|"
    echo "$SLURM_ROW"
  fi
  echo
  echo "Predicted from the work lists (amdahl --rtl --plan: predicted cycles split longest first;"
  echo "the block: its independent GEMMs at once, phase by phase):"
  echo
  echo "| work | 2 cores | 16 cores | 64 cores |"
  echo "|---|---|---|---|"
  echo "| the sweep above | $(pred "$PLAN" 2) | $(pred "$PLAN" 16) | $(pred "$PLAN" 64) |"
  echo "| the whole default amdahl --rtl sweep ($(echo "$FULL" | awk 'NR == 1 {print $3}') GEMMs) | $(pred "$FULL" 2) | $(pred "$FULL" 16) | $(pred "$FULL" 64) |"
  echo "| the cloud block above (RTL GEMMs only) | $(bpred 2) | $(bpred 16) | $(bpred 64) |"
} | sh bench/section.sh put scaling
say "wrote bench/README.md's scaling section"
sh bench/section.sh get scaling
