#!/usr/bin/env bash
# bench/run.sh: the qarray benchmarks (make bench). Not part of make test.
#
#  1. builds each benchmark configuration from scratch (edge 32x32 and cloud 256x256 at WBITS
#     1, 2, 8) under /usr/bin/time -v: build seconds and peak memory;
#  2. runs fixed GEMMs on each REPS times, in interleaved rounds: RTL cycles, simulated kHz,
#     MACs per second (medians, with min and max);
#  3. runs GPT-2 on the RTL: the whole model (12 blocks, L=128, W2A8) on edge, then one block
#     in every configuration (edge and cloud), REPS times (wall time, kHz in the model);
#  4. times the analytic model per GEMM;
#  5. runs SCALE-Sim (PyPI package scalesim, in a virtual environment under build/bench) on the
#     GPT-2 block GEMM list on edge and on 128x768x3072 on cloud: its cycles beside our
#     SCALE-Sim-formula cycles, its wall time beside ours.
# Writes bench/README.md (tables, machine, date) and the raw log build/bench/bench.log.
#
# Environment: REPS (5), SKIP_BUILD=1 (reuse built models), SKIP_SCALESIM=1, SKIP_GPT2=1,
# SKIP_SYNTH=1 (no make synth timing), SKIP_STRUCT=1 (no structural 32x32 build and runs),
# SKIP_SCALING=1 (no bench/scaling.sh: --jobs 1 vs 2, the Slurm shards). SKIP_PYTHON=1 (no
# bench/python.sh: the Python package's GEMMs on threads).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
OUT=build/bench
mkdir -p "$OUT"
LOG=$OUT/bench.log
: >"$LOG"
Q=build/qarray
say() { echo "bench: $*" >&2; }

command -v /usr/bin/time >/dev/null || sh scripts/need-apt.sh bench time
make -s build/qarray >&2
gcc -O2 -std=c11 -Wall -Wextra -Igolden -o "$OUT/bench_model" bench/bench_model.c golden/qa_cycles.c

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%s %s %s", m, a[1], a[NR]}'; }

CONFIGS="edge:1 edge:2 edge:8 cloud:1 cloud:2 cloud:8"
declare -A BUILD_S BUILD_MB
# ---- 1. builds from scratch ----
for c in $CONFIGS; do
  arr=${c%%:*}; w=${c##*:}
  if [ "$arr" = edge ]; then r=32; name=r32c32w${w}a32m1; else r=256; name=r256c256w${w}a32m1; fi
  if [ "${SKIP_BUILD:-0}" = 1 ] && [ -f build/cfg/$name/libqa.so ]; then
    BUILD_S[$c]="-"; BUILD_MB[$c]="-"; continue
  fi
  say "building $name from scratch"
  rm -rf build/cfg/$name
  rm -f "$OUT/build_$name.log"
  /usr/bin/time -v make -s sim ARRAY=$arr WBITS=$w JOBS=2 >"$OUT/build_$name.log" 2>&1
  # The last report in the log is this build's (a killed earlier run can leave one above it).
  BUILD_S[$c]=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; v=s} END {print v}' "$OUT/build_$name.log")
  BUILD_MB[$c]=$(awk -F': ' '/Maximum resident set size/ {v=$2} END {printf "%.0f", v/1024}' "$OUT/build_$name.log")
  echo "build $name ${BUILD_S[$c]} s ${BUILD_MB[$c]} MB" >>"$LOG"
done

# ---- 2. fixed GEMMs ----
# This machine's speed drifts over minutes (one build measured 146 and 258 kHz ten minutes
# apart), so the REPS runs of a GEMM are spread over REPS rounds that each run every GEMM once:
# a slow spell then costs every configuration one sample instead of one configuration all.
GEMMS=()
for c in $CONFIGS; do
  arr=${c%%:*}; w=${c##*:}
  if [ "$arr" = edge ]; then set -- "full 128 768 768" "packed 128 768 768"
  else set -- "full 128 768 3072" "packed 128 768 3072"; fi
  for g in "$@"; do
    set -- $g
    [ "$w" = 8 ] && [ "$1" = packed ] && continue
    GEMMS+=("$arr $w $g")
  done
done
declare -A G_KHZ G_CYC
for i in $(seq "$REPS"); do
  say "GEMMs, round $i of $REPS (${#GEMMS[@]} GEMMs)"
  for g in "${GEMMS[@]}"; do
    set -- $g  # arr wbits mode m k n
    o=$($Q gemm --array "$1" --wbits "$2" --mode "$3" --m "$4" --k "$5" --n "$6" --seed "$i")
    echo "$o" | grep -q "golden check     PASS" || { say "FAIL: $g"; echo "$o" >&2; exit 1; }
    G_CYC[$g]=$(echo "$o" | awk '/^rtl cycles/ {print $3}')
    G_KHZ[$g]+="$(echo "$o" | awk '/^simulated/ {print $2}') "
  done
done
GEMM_ROWS=""
for g in "${GEMMS[@]}"; do
  set -- $g
  arr=$1 w=$2 mode=$3 m=$4 k=$5 n=$6 cyc=${G_CYC[$g]}
  set -- $(printf '%s\n' ${G_KHZ[$g]} | median)
  macs=$(awk -v c="$1" -v m="$m" -v k="$k" -v n="$n" -v cy="$cyc" 'BEGIN {printf "%.3g", m*k*n/(cy/(c*1000))}')
  GEMM_ROWS+="| $arr | $w | $mode | ${m}x${k}x${n} | $cyc | $1 | $2 .. $3 | $macs |"$'\n'
  echo "gemm $g: $cyc cycles, $1 ($2..$3) kHz [${G_KHZ[$g]}], $macs MACs/s" >>"$LOG"
done

# ---- 2b. the structural array (MESH=0, one qa_pe per PE) at the edge size, beside the twin ----
STRUCT_ROWS=""
if [ "${SKIP_STRUCT:-0}" != 1 ]; then
  for w in 1 2 8; do
    name=r32c32w${w}a32
    say "building the structural $name from scratch"
    rm -rf build/cfg/$name
    /usr/bin/time -v make -s sim ARRAY=edge WBITS=$w MESH=0 JOBS=2 >"$OUT/build_$name.log" 2>&1
    bs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; v=s} END {print v}' "$OUT/build_$name.log")
    mb=$(awk -F': ' '/Maximum resident set size/ {v=$2} END {printf "%.0f", v/1024}' "$OUT/build_$name.log")
    for mode in full packed; do
      [ "$w" = 8 ] && [ "$mode" = packed ] && continue
      khz=""
      for i in $(seq "$REPS"); do
        o=$($Q gemm --array edge --wbits $w --mode $mode --mesh pe --no-build --m 128 --k 768 --n 768 --seed "$i")
        echo "$o" | grep -q "golden check     PASS" || { say "FAIL: structural $name $mode"; echo "$o" >&2; exit 1; }
        cyc=$(echo "$o" | awk '/^rtl cycles/ {print $3}')
        khz+="$(echo "$o" | awk '/^simulated/ {print $2}') "
      done
      twin="edge $w $mode 128 768 768"
      [ "$cyc" = "${G_CYC[$twin]}" ] || { say "FAIL: structural $name $mode: $cyc cycles, the twin ${G_CYC[$twin]}"; exit 1; }
      set -- $(printf '%s\n' $khz | median) $(printf '%s\n' ${G_KHZ[$twin]} | median)
      STRUCT_ROWS+="| $w | $mode | $bs | $mb | $cyc (equal) | $1 ($2 .. $3) | $4 |"$'\n'
      echo "structural $name $mode: build $bs s $mb MB, $cyc cycles, $1 kHz (twin $4)" >>"$LOG"
    done
  done
fi

# ---- 3. GPT-2 on the RTL ----
GPT2_EDGE="-"; BLOCK_ROWS=""
if [ "${SKIP_GPT2:-0}" != 1 ]; then
  say "GPT-2, 12 blocks, L=128, W2A8, edge RTL"
  o=$($Q block --model gpt2 --seq 128 --array edge --wbits 2 --layers all --jobs 1 2>/dev/null)
  echo "$o" | grep -q "block: PASS" || { say "GPT-2 edge run failed"; echo "$o" >&2; exit 1; }
  GPT2_EDGE=$(echo "$o" | awk '/^wall time/ {print $3}')
  GPT2_EDGE_CYC=$(echo "$o" | awk '/^wall time/ {print $5}' | tr -d '(')
  echo "gpt2 edge 12 blocks: $GPT2_EDGE s, $GPT2_EDGE_CYC cycles" >>"$LOG"
  # one block (L=128) in every configuration, REPS interleaved rounds: wall s and the model's kHz
  declare -A B_WALL B_KHZ B_CYC
  for i in $(seq "$REPS"); do
    say "GPT-2, 1 block, L=128, round $i of $REPS (edge and cloud, W1, W2, W8)"
    for c in $CONFIGS; do
      arr=${c%%:*}; w=${c##*:}
      o=$($Q block --model gpt2 --seq 128 --array "$arr" --wbits "$w" --layers 1 --jobs 1 --seed "$i" 2>/dev/null)
      echo "$o" | grep -q "block: PASS" || { say "GPT-2 block $arr W$w failed"; echo "$o" >&2; exit 1; }
      B_WALL[$c]+="$(echo "$o" | awk '/^wall time/ {print $3}') "
      B_CYC[$c]=$(echo "$o" | awk '/^wall time/ {print $5}' | tr -d '(')
      B_KHZ[$c]+="$(echo "$o" | awk '/^wall time/ {for (f = 1; f <= NF; f++) if ($f == "kHz") print $(f-1)}') "
    done
  done
  for c in $CONFIGS; do
    arr=${c%%:*}; w=${c##*:}
    set -- $(printf '%s\n' ${B_WALL[$c]} | median) $(printf '%s\n' ${B_KHZ[$c]} | median)
    BLOCK_ROWS+="| $arr | $w | ${B_CYC[$c]} | $1 | $2 .. $3 | $4 | $5 .. $6 |"$'\n'
    echo "gpt2 block $arr w$w: ${B_CYC[$c]} cycles, wall $1 ($2..$3) s, $4 ($5..$6) kHz" >>"$LOG"
  done
fi

# ---- 3b. scaling out: --jobs, and shards on Slurm (bench/scaling.sh writes its README section) ----
if [ "${SKIP_SCALING:-0}" != 1 ]; then
  say "scaling: --jobs 1 and 2, and a 3-shard Slurm run (about 2 minutes)"
  REPS=$REPS bash bench/scaling.sh >>"$LOG" 2>&1 || { say "bench/scaling.sh failed (see $LOG)"; exit 1; }
fi

# ---- 4. the analytic model ----
MODEL_NS=$("$OUT/bench_model")
echo "$MODEL_NS" >>"$LOG"

# ---- 3c. the Python package's threads (bench/python.sh writes its README section) ----
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
  say "Python: GEMMs on threads"
  REPS=$REPS bash bench/python.sh >>"$LOG" 2>&1 || { say "bench/python.sh failed (see $LOG)"; exit 1; }
fi

# ---- 5. SCALE-Sim ----
SS_ROWS=""
SS_WALL_ROWS=""
if [ "${SKIP_SCALESIM:-0}" != 1 ]; then
  VENV=$OUT/venv
  VENV_ABS=$(pwd)/$VENV
  # SCALE-Sim 3.0.0 fails under numpy 2 (TypeError in double_buffered_scratchpad_mem).
  sh scripts/pyvenv.sh bench "$VENV" scalesim "numpy<2" || {
    say "pip could not install scalesim from PyPI (network?); SKIP_SCALESIM=1 runs the rest"
    exit 1; }
  ss_run() {  # name R C "layer,M,N,K;..." -> writes $OUT/ss_<name>/ and prints wall seconds
    local name=$1 r=$2 c=$3 list=$4 d=$OUT/ss_$1
    rm -rf "$d"; mkdir -p "$d"
    printf 'Layer, M, N, K,\n' >"$d/gemm.csv"; printf 'Layer, a, b, c, d, e, f, g, h,\n' >"$d/layout.csv"
    IFS=';' read -ra L <<<"$list"
    for e in "${L[@]}"; do
      IFS=',' read -r ln m n k <<<"$e"
      printf '%s, %s, %s, %s,\n' "$ln" "$m" "$n" "$k" >>"$d/gemm.csv"
      printf '%s, 1, 1, 1, 1, 1, 1, 1, 1,\n' "$ln" >>"$d/layout.csv"
    done
    cat >"$d/os.cfg" <<EOF
[general]
run_name = qarray_$name
[run_presets]
InterfaceBandwidth = CALC
UseRamulatorTrace = False
[architecture_presets]
ArrayHeight = $r
ArrayWidth = $c
IfmapSramSzkB = 2048
FilterSramSzkB = 2048
OfmapSramSzkB = 2048
IfmapOffset = 0
FilterOffset = 10000000
OfmapOffset = 20000000
Dataflow = os
Bandwidth = 10
ReadRequestBuffer = 32
WriteRequestBuffer = 32
[layout]
IfmapCustomLayout = False
FilterCustomLayout = False
IfmapSRAMBankBandwidth = 10
IfmapSRAMBankNum = 10
IfmapSRAMBankPort = 2
FilterSRAMBankBandwidth = 10
FilterSRAMBankNum = 10
FilterSRAMBankPort = 2
[sparsity]
SparsitySupport = false
SparseRep = ellpack_block
OptimizedMapping = false
BlockSize = 8
RandomNumberGeneratorSeed = 40
EOF
    local t0 t1
    t0=$(date +%s.%N)
    (cd "$d" && "$VENV_ABS/bin/python" -m scalesim.scale -c os.cfg -t gemm.csv -l layout.csv \
       -p out -i gemm -s N >run.log 2>&1) || { say "SCALE-Sim failed, see $d/run.log"; exit 1; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b-a}'
  }
  # GPT-2 block GEMMs at L=128 (distinct shapes; SCALE-Sim rows are M, N, K)
  EDGE_LIST="q_proj,128,768,768;ffn_up,128,3072,768;ffn_down,128,768,3072;attn_scores,128,128,64;attn_context,128,64,128"
  CLOUD_LIST="ffn_up,128,3072,768"
  for job in "edge 32 $EDGE_LIST" "cloud 256 $CLOUD_LIST"; do
    set -- $job
    name=$1; r=$2; list=$3
    say "SCALE-Sim on $name"
    ss_wall=$(ss_run "$name" "$r" "$r" "$list")
    rep=$(find "$OUT/ss_$name" -name COMPUTE_REPORT.csv | head -1)
    IFS=';' read -ra L <<<"$list"
    i=0; ours_rtl_wall=0; ours_model_total=0
    for e in "${L[@]}"; do
      IFS=',' read -r ln m n k <<<"$e"
      ss_cyc=$(awk -F', *' -v id="$i" 'NR>1 && $1==id {print $3}' "$rep")
      ours=$($Q model --array "$name" --mode full --m "$m" --k "$k" --n "$n" | awk '/^scalesim cycles/ {print $3}')
      rtl=$($Q gemm --array "$name" --wbits 2 --mode full --m "$m" --k "$k" --n "$n")
      rtl_cyc=$(echo "$rtl" | awk '/^rtl cycles/ {print $3}')
      rtl_wall=$(echo "$rtl" | awk '/^wall time/ {print $3}')
      ours_rtl_wall=$(awk -v a="$ours_rtl_wall" -v b="$rtl_wall" 'BEGIN {print a+b}')
      match=$([ "$ss_cyc" = "$ours" ] && echo yes || echo "NO")
      SS_ROWS+="| $name | $ln ${m}x${k}x${n} | $ss_cyc | $ours | $match | $rtl_cyc |"$'\n'
      echo "scalesim $name $ln: scalesim $ss_cyc ours-formula $ours rtl $rtl_cyc ($rtl_wall s)" >>"$LOG"
      i=$((i + 1))
    done
    model_ns=$(echo "$MODEL_NS" | awk '{print $4}')
    model_wall=$(awk -v n="${#L[@]}" -v ns="$model_ns" 'BEGIN {printf "%.3g", n*ns*1e-9}')
    SS_WALL_ROWS+="| $name | ${#L[@]} | $ss_wall | $ours_rtl_wall | $(awk -v a="$ours_rtl_wall" -v b="$ss_wall" 'BEGIN {printf "%.2f", a/b}') | $model_wall | $(awk -v a="$model_wall" -v b="$ss_wall" 'BEGIN {printf "%.2g", a/b}') |"$'\n'
  done
fi

# ---- 5b. qarray scalesim against SCALE-Sim (bench/scalesim_cmp.sh writes its README section) ----
if [ "${SKIP_SCALESIM:-0}" != 1 ]; then
  say "qarray scalesim against SCALE-Sim: GEMM and conv topologies on 32x32 and 8x16 (about 2 minutes)"
  bash bench/scalesim_cmp.sh >>"$LOG" 2>&1 || { say "bench/scalesim_cmp.sh failed (see $LOG)"; exit 1; }
fi

# ---- synthesis (make synth, docs/synthesis.md): its wall time ----
SYNTH_LINE=""
if [ "${SKIP_SYNTH:-0}" != 1 ]; then
  say "make synth (about 5 minutes)"
  t0=$(date +%s.%N)
  if bash synth/run.sh all >build/bench/synth.log 2>&1; then
    SYNTH_LINE="make synth: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.0f", b-a}') s wall (qa_pe at 4 precisions x 2 accumulators, the PE's parts, qa_top 4x4 and 8x8 at 4 precisions; Yosys $(yosys -V | awk '{print $2}'))"
  else
    SYNTH_LINE="make synth: FAILED (build/bench/synth.log)"
  fi
fi

# ---- report ----
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
# The sections other runs write (bench/section.sh), kept from the README being replaced: a
# heading, then the section with its markers; sections_kept: the markers and text alone.
section() {
  body=$(sh bench/section.sh get "$1")
  [ -n "$body" ] || return 0
  printf '%s\n\n<!-- bench:%s -->\n%s\n<!-- /bench:%s -->\n\n' "$2" "$1" "$body" "$1"
}
sections_kept() {
  printf '<!-- bench:%s -->\n%s\n<!-- /bench:%s -->\n' "$1" "$(sh bench/section.sh get "$1")" "$1"
}
{
  echo "# qarray benchmarks"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), $CPU, $(nproc) cores,"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB; Verilator $(verilator --version | awk '{print $2}'), gcc $(gcc -dumpversion)."
  echo "Each RTL model single-threaded (--jobs 1 unless a row says otherwise). Medians of $REPS runs, with min .. max; the runs of each GEMM and"
  echo "block are spread over $REPS rounds (this virtual machine's speed drifts over minutes)."
  echo
  echo "## Builds from scratch (make sim; the Verilator runtime is compiled once beforehand)"
  echo
  echo "| array | WBITS | mesh | build s | peak MB |"
  echo "|---|---|---|---|---|"
  for c in $CONFIGS; do
    arr=${c%%:*}; w=${c##*:}
    echo "| $arr | $w | loop (the default from 256 PEs) | ${BUILD_S[$c]} | ${BUILD_MB[$c]} |"
  done
  echo
  echo "## Fixed GEMMs on the RTL"
  echo
  echo "| array | WBITS | mode | GEMM | RTL cycles | kHz (median) | kHz min .. max | MACs/s |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s' "$GEMM_ROWS"
  echo
  if [ -n "$STRUCT_ROWS" ]; then
    echo "## The structural array at the edge size, beside the twin (128x768x768, bit-exact, equal cycles)"
    echo
    echo "| WBITS | mode | structural build s | peak MB | RTL cycles | structural kHz (median, min .. max) | twin kHz (median) |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s' "$STRUCT_ROWS"
    echo
  fi
  echo "## GPT-2 on the RTL (W2A8, L=128, bit-exact against the golden model)"
  echo
  echo "- edge, whole model (12 blocks): ${GPT2_EDGE} s wall, ${GPT2_EDGE_CYC:-} RTL cycles"
  if [ -n "$BLOCK_ROWS" ]; then
    echo
    echo "One block (L=128, W<WBITS>A8 projections, INT8 attention) in every configuration:"
    echo
    echo "| array | WBITS | RTL cycles | wall s (median) | wall s min .. max | kHz in the model (median) | kHz min .. max |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s' "$BLOCK_ROWS"
  fi
  echo
  if [ -n "$SYNTH_LINE" ]; then
    echo "## Synthesis"
    echo
    echo "- $SYNTH_LINE"
    echo
  fi
  section scaling "## Scaling out (--jobs N threads; shards on Slurm; docs/scaling.md)"
  section python "## The Python package on threads (docs/python.md)"
  section soak "## Lockstep soak (make soak: structural array and twin, every register, every cycle)"
  echo "## The analytic model"
  echo
  echo "$MODEL_NS"
  if [ -n "$SS_ROWS" ]; then
    echo
    echo "## SCALE-Sim (PyPI scalesim 3.0.0, OS dataflow, CALC bandwidth)"
    echo
    echo "| array | GEMM (MxKxN) | SCALE-Sim cycles | our SCALE-Sim formula | equal | qarray RTL cycles |"
    echo "|---|---|---|---|---|---|"
    printf '%s' "$SS_ROWS"
    echo
    echo "| array | GEMMs | SCALE-Sim wall s | qarray RTL wall s | RTL / SCALE-Sim | analytic wall s | analytic / SCALE-Sim |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s' "$SS_WALL_ROWS"
  fi
  echo
  section scalesim "## qarray scalesim beside SCALE-Sim (docs/scalesim.md)"
  sections_kept history
} >bench/README.md.new
mv bench/README.md.new bench/README.md
say "wrote bench/README.md"
cat bench/README.md
