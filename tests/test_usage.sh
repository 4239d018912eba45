#!/bin/sh
# test_usage.sh (make test): what a new user hit (issue 20), each a regression test that failed
# before its fix. Expectations are written out by hand: exit codes, the one error line, what is
# (not) written, the report's data naming the user's models.
set -u
# qarray's staleness check runs make: keep the test target's jobserver flags from it
unset MAKEFLAGS MFLAGS MAKELEVEL
Q=${QARRAY:-build/qarray}
T=tests/models_tiny.txt
fail() { echo "test_usage: FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
# expect2 NEEDLE ARGS...: exit 2, one line on stderr containing NEEDLE, nothing new in $out/w
expect2() {
  needle=$1
  shift
  mkdir -p "$out/w"
  before=$(ls -A "$out/w" | wc -l)
  "$Q" "$@" >"$out/o" 2>"$out/e"
  rc=$?
  [ $rc = 2 ] || fail "'$*': exit $rc, want 2; stderr: $(cat "$out/e")"
  [ "$(grep -vc '^qarray: \(warning\|note\)' "$out/e")" = 1 ] || fail "'$*': not one error line: $(cat "$out/e")"
  grep -qF -- "$needle" "$out/e" || fail "'$*': stderr lacks '$needle': $(cat "$out/e")"
  [ "$(ls -A "$out/w" | wc -l)" = "$before" ] || fail "'$*' wrote into $out/w: $(ls -A "$out/w")"
  n=$((n + 1))
}

# ---- 1. block's verdict is the RTL's; the error against float64 is reported, failed on only
# with --max-error (tiny-llama-wide: d_head 128 > L = 8, where the transpose overwrote K) ----
"$Q" block --no-build --models $T --model tiny-llama-wide --seq 8 --array 4x4 --wbits 2 --jobs 2 \
  --csv "$out/b.csv" >"$out/o" 2>"$out/e" || fail "block tiny-llama-wide: exit $?: $(cat "$out/e")"
grep -q "^block: PASS" "$out/o" || fail "block: no PASS line"
err=$(sed -n 's/.*error of a block.s update \([0-9.]*\).*/\1/p' "$out/o")
# the hand-derived bound of test_block.c: 8 INT8 quantizers in sequence, 0.75 % each: < 0.02
awk -v e="$err" 'BEGIN {exit !(e > 0 && e < 0.02)}' || fail "tiny-llama-wide L=8 error $err, bound 0.02"
awk -F, 'NR == 3 {exit !($6 == 1 && $7 > 0)}' "$out/b.csv" || fail "block CSV lacks the error: $(cat "$out/b.csv")"
"$Q" block --no-build --models $T --model tiny-llama-wide --seq 8 --array 4x4 --wbits 2 \
  --max-error 0.001 >"$out/o" 2>"$out/e"
[ $? = 1 ] || fail "block --max-error 0.001: want exit 1"
grep -q "max-error 0.001: EXCEEDED" "$out/o" || fail "block --max-error: not said: $(cat "$out/o")"
n=$((n + 3))

# ---- 3. amdahl's CSV: unique names (test_make.sh checks the header against --columns) ----
"$Q" amdahl --model gpt2 --arrays edge --seq 128 --quiet --csv "$out/a.csv" 2>/dev/null || fail "amdahl --csv"
[ -z "$(head -1 "$out/a.csv" | tr ',' '\n' | sort | uniq -d)" ] || fail "amdahl --csv repeats a column"
head -1 "$out/a.csv" | grep -q "dram_read_bytes_quant_proj.*e_dram_bytes_quant_proj" ||
  fail "amdahl --csv: the two DRAM byte counts are not named apart"
n=$((n + 1))

# ---- 4. silent and late ----
printf '{"model_type": "llama", "hidden_size": 2048, "intermediate_size": 88, "num_attention_heads": 30, "num_hidden_layers": 2, "max_position_embeddings": 64}\n' >"$out/odd.json"
expect2 "hidden_size 2048 is not divisible by num_attention_heads 30" gemms --models "$out/odd.json" --model odd --seq 8
mkdir -p "$out/w/dir"
expect2 "it is a directory" amdahl --model gpt2 --arrays edge --seq 128 --csv "$out/w/dir"
expect2 "it is a directory" block --no-build --models $T --model tiny-gpt --seq 8 --array 4x4 --csv "$out/w/dir"
expect2 "it is a directory" gemm --no-build --array 4x4 --m 4 --k 8 --n 4 --out "$out/w/dir"
expect2 "cannot write .: it is a directory" gemm --no-build --array 4x4 --m 4 --k 8 --n 4 --out .
expect2 "--dram-bpc and --dram-gbs say the same thing two ways" model --m 4 --k 4 --n 4 --dram-bpc 3 --dram-gbs 5
expect2 "--array and --arrays say the same thing two ways" amdahl --array edge --arrays cloud
expect2 "--m is given twice" model --m 4 --m 5 --k 4 --n 4
printf '[architecture_presets]\nArrayHeight: 1\nArrayWidth: 32\nDataflow: os\n' >"$out/h1.cfg"
expect2 "ArrayHeight must be an integer 2..1024" scalesim -c "$out/h1.cfg" -t tests/scalesim/gemm.csv -i gemm -p "$out/w"
expect2 "this looks like a GEMM topology: give -i gemm" scalesim -c tests/scalesim/v2_8x16.cfg -t tests/scalesim/gemm.csv -p "$out/w"
expect2 "--trace-tile 99 is outside the run: it has 1 tile (0..0)" gemm --no-build --array 4x4 --m 4 --k 8 --n 4 --trace "$out/w/t.fst" --trace-tile 99
# K = 3, W8 at ACCW 16: |C| up to 3 x 128 x 128 = 49152 > 32767 (by hand): a warning, the run goes on
"$Q" gemm --no-build --array 4x4 --accw 16 --wbits 8 --mode packed --m 4 --k 3 --n 4 >/dev/null 2>"$out/e" || true
grep -q "K=3 can overflow the 16-bit accumulator (|C| up to 3 x 128 x 128 = 49152 > 32767)" "$out/e" ||
  fail "no accumulator warning: $(cat "$out/e")"
# a signal: one line naming it, nothing written, 128 + its number
"$Q" lockstep --no-build --array 4x4 --cycles 1000000000 >/dev/null 2>"$out/e" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid 2>/dev/null
rc=$?
[ $rc = 143 ] || fail "SIGTERM: exit $rc, want 143"
grep -q "^qarray: interrupted by SIGTERM; no output was written" "$out/e" || fail "SIGTERM not named: $(cat "$out/e")"
n=$((n + 2))

# ---- 6. messages ----
expect2 "did you mean 'llama-7b'?" gemms --model LLaMA-7b --seq 8
expect2 "cannot read --models $out/none.txt" models --models "$out/none.txt"
# a W2 weight of 2: the error lists the legal values (int8 .npy files written by hand)
npy() { # FILE ROWS COLS VALUE...: an int8 .npy, version 1.0, header padded to 64 bytes
  f=$1 r=$2 c=$3
  shift 3
  h="{'descr': '|i1', 'fortran_order': False, 'shape': ($r, $c), }"
  printf '\223NUMPY\001\000\166\000%-117s\n' "$h" >"$f" # 10 + 118 = 128 bytes
  for v in "$@"; do printf "$(printf '\\%03o' $(( (v + 256) % 256 )))" >>"$f"; done
}
npy "$out/a.npy" 1 2 1 1
npy "$out/w.npy" 2 1 1 2
expect2 "is not a legal 2-bit weight in packed mode (legal: {-1, 0, +1})" gemm --no-build --array 4x4 --a "$out/a.npy" --w "$out/w.npy"
"$Q" --version | grep -Eq '^qarray [0-9a-f]{7}' || fail "--version: $("$Q" --version)"
make -s sim ARRAY=foo 2>&1 | grep -q "ARRAY=foo is not an array: use edge, cloud or RxC" || fail "make sim ARRAY=foo"
"$Q" model --array 64x64 --m 4 --k 4 --n 4 --dram-gbs 8 | grep -q "64x64 at 500 MHz" || fail "custom array"
"$Q" model --array 64x64 --m 4 --k 4 --n 4 --dram-gbs 8 | grep -q "64x64 64x64" && fail "custom array named twice"
n=$((n + 4))

# progress: --progress prints tiles, rate and time left on stderr at least once a second; a
# GEMM of 16,384 tiles on 4x4 takes longer than that here; without it (stderr not a terminal) none
"$Q" gemm --no-build --array 4x4 --m 512 --k 2048 --n 512 --progress 2>"$out/e" >/dev/null || fail "gemm --progress"
grep -q "^qarray: gemm: [0-9]* of 16384 tiles, [0-9]* kHz, [0-9]* s so far, about [0-9]* s left" "$out/e" ||
  fail "gemm --progress: no progress line: $(cat "$out/e")"
"$Q" gemm --no-build --array 4x4 --m 64 --k 64 --n 64 2>"$out/e" >/dev/null
[ ! -s "$out/e" ] || fail "gemm without --progress wrote to stderr: $(cat "$out/e")"
"$Q" amdahl --rtl --plan --model gpt2 --arrays edge --seq 128 | grep -q "est_wall_s" || fail "--plan: no wall time"
# block --progress: tiny-llama-wide has 4 + 3 + 2 x 4 = 15 GEMMs per block (counted by hand)
"$Q" block --no-build --models $T --model tiny-llama-wide --seq 8 --array 4x4 --progress --jobs 1 2>"$out/e" >/dev/null ||
  fail "block --progress"
grep -q "^qarray: block: 1 GEMMs done (15 per block), the last q_proj (8 x 512 x 512" "$out/e" ||
  fail "block --progress: $(cat "$out/e")"
n=$((n + 3))

# ---- 2. the report follows the user's models (needs gnuplot for the plots; the data and the
# scripts do not) ----
"$Q" report "$out/r" --models tests/hf/tiny-gqa.json --model tiny-gqa,llama-7b --seq 16,32 >/dev/null 2>&1 ||
  fail "report on a user's model"
grep -q "^tiny-gqa prefill projection" "$out/r/roofline.dat" || fail "roofline.dat lacks tiny-gqa"
grep -q "^tiny-gqa decode attention" "$out/r/roofline.dat" || fail "roofline.dat lacks tiny-gqa's decode"
grep -q "^gpt2 " "$out/r/roofline.dat" && fail "roofline.dat has gpt2, which was not asked for"
grep -q "t 'tiny-gqa (filled: prefill, open: decode)'" "$out/r/plots_mem.gp" || fail "the roofline's legend lacks tiny-gqa"
grep -q "t 'gpt2" "$out/r/plots_mem.gp" && fail "the roofline's legend lists gpt2"
# one symbol per model: tiny-gqa filled 7 / open 6, llama-7b filled 5 / open 4
grep -q "eq 'tiny-gqa' && strcol(2) eq 'decode' && strcol(3) eq 'projection' && strcol(4) eq 'W8A8' ? \$6 : 1/0) w p pt 6 " "$out/r/plots_mem.gp" ||
  fail "tiny-gqa's decode symbol"
grep -q "eq 'llama-7b' && strcol(2) eq 'prefill' && strcol(3) eq 'attention' && strcol(4) eq 'W1A8' ? \$6 : 1/0) w p pt 5 " "$out/r/plots_mem.gp" ||
  fail "llama-7b's prefill symbol"
# the speedup figure: no second axis, at least 900 px wide for one or two models
grep -q "y2" "$out/r/plots.gp" && fail "the speedup plots still use a second axis"
grep -q "size 920,410" "$out/r/plots.gp" || fail "speedup canvas: $(grep -m1 'size' "$out/r/plots.gp")"
# every precision given (the default --wbits 2,1), in every plot: the roofline's points and roofs,
# the bars of the cycle split, the energy and the memory stalls; bar canvases sized to 2 models
for p in W8A8 W2A8 W1A8; do
  [ "$(grep -c "^tiny-gqa prefill projection $p " "$out/r/roofline.dat")" = "$(grep -c '^#' "$out/r/roofline.dat")" ] ||
    fail "roofline.dat: tiny-gqa's $p point missing for an array"
  grep -q "t 'roof $p" "$out/r/plots_mem.gp" || fail "no $p roof"
  grep -q "t '$p projections'" "$out/r/plots.gp" || fail "cycle_breakdown has no $p bars"
  grep -q "t 'decode $p'" "$out/r/plots_mem.gp" || fail "bound.png has no $p bars"
done
grep -q "bars left to right: W8A8, W2A8, W1A8\"" "$out/r/plots.gp" || fail "energy/cycle split: the bars' order is not named"
# columns: model + per array (2) and phase (2): 5 energy parts (compute, registers, SRAM, DRAM,
# leakage) x (W8A8 + 2 precisions); bound:
# 1 per (W8A8 + 2); per_model: f (2 x 2) + per array 2 + 2 x 2
[ "$(awk 'NR == 2 {print NF}' "$out/r/energy.dat")" = $((1 + 4 * 15)) ] || fail "energy.dat columns: $(sed -n 2p "$out/r/energy.dat")"
[ "$(awk 'NR == 2 {print NF}' "$out/r/bound.dat")" = $((1 + 4 * 3)) ] || fail "bound.dat columns: $(sed -n 2p "$out/r/bound.dat")"
[ "$(awk 'NR == 2 {print NF}' "$out/r/per_model.dat")" = $((1 + 4 + 2 * 6)) ] || fail "per_model.dat columns"
grep -A1 "size 800,650" "$out/r/plots.gp" | grep -q "f_per_model.png" || fail "f_per_model canvas: not sized to two models"
if command -v gnuplot >/dev/null; then
  for f in f_per_model cycle_breakdown bound iso_area energy roofline_edge roofline_cloud edge_prefill_speedup; do
    [ -s "$out/r/$f.png" ] || fail "no $f.png"
  done
fi
n=$((n + 10))
echo "test_usage: $n checks passed"
