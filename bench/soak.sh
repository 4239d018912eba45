#!/bin/sh
# soak.sh (make soak): the lockstep of the structural array and the twin (qarray lockstep) for
# SOAK_CYCLES (default 10 million) cycles per configuration: 4x4, 8x4, 4x8 and 16x16 at every
# WBITS, 32x32 at W1, W2 and W8; SOAK_BIG=1 adds the largest structural array built here, 64x64
# W2, for SOAK_BIG_CYCLES (default 1 million; bench/README.md has its build);
# SOAK_CFGS="ARRAY:WBITS ..." runs only those. Prints a markdown table (cycles, registers
# compared, seconds, verdict), writes it to build/soak/table.md and, with the machine and date,
# to its section of bench/README.md (bench/section.sh); exits 1 if any configuration
# diverges or fails.
set -u
Q=${QARRAY:-build/qarray}
N=${SOAK_CYCLES:-10000000}
out=build/soak
mkdir -p "$out"
table="$out/table.md"
cfgs="4x4:1 4x4:2 4x4:4 4x4:8 8x4:1 8x4:2 8x4:4 8x4:8 4x8:1 4x8:2 4x8:4 4x8:8
      16x16:1 16x16:2 16x16:4 16x16:8 32x32:1 32x32:2 32x32:8"
[ "${SOAK_BIG:-0}" = 1 ] && cfgs="$cfgs 64x64:2"
# SOAK_CFGS="ARRAY:WBITS ...": only these (for example SOAK_CFGS="32x32:2 64x64:2")
[ -n "${SOAK_CFGS:-}" ] && cfgs=$SOAK_CFGS
# build every model first (make runs the builds in parallel), then run them one at a time
targets=""
for c in $cfgs; do
  a=${c%:*} w=${c#*:}
  targets="$targets build/cfg/r${a%x*}c${a#*x}w${w}a32l/libqa.so"
done
# shellcheck disable=SC2086
make -s $targets || exit 1
printf '| array | WBITS | cycles | registers per cycle | register comparisons | seconds | kHz | result |\n|---|---|---|---|---|---|---|---|\n' >"$table"
bad=0
seed=1
for c in $cfgs; do
  a=${c%:*} w=${c#*:}
  log="$out/$a-w$w.log"
  echo "soak: $a W$w" >&2
  n=$N; [ "$a" = 64x64 ] && n=${SOAK_BIG_CYCLES:-1000000}
  "$Q" lockstep --array "$a" --wbits "$w" --cycles "$n" --seed $seed --no-build --repro "$(dirname "$log")/repro-$a-w$w" >"$log" 2>&1
  rc=$?
  seed=$((seed + 1))
  # "compared  C cycles x R registers = N register comparisons"
  set -- $(sed -n 's/^compared *\([0-9]*\) cycles x \([0-9]*\) registers = \([0-9]*\).*/\1 \2 \3/p' "$log")
  cyc=${1:-} regs=${2:-} cmp=${3:-}
  secs=$(sed -n 's/.* resets, \([0-9.]*\) s$/\1/p' "$log")
  res=equal
  [ $rc = 0 ] || { res="FAILED (exit $rc, $log)"; bad=1; }
  khz=$(awk -v c="${cyc:-0}" -v s="${secs:-0}" 'BEGIN { if (s > 0) printf "%.0f", c / s / 1000; else print "-" }')
  echo "| $a | $w | ${cyc:--} | ${regs:--} | ${cmp:--} | ${secs:--} | $khz | $res |" >>"$table"
done
cat "$table"
{
  echo "Written by \`make soak\` (bench/soak.sh) on $(date +%Y-%m-%d), $(nproc) cores,"
  echo "$(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo); $(verilator --version | cut -d' ' -f1-2)."
  echo "One configuration at a time, single-threaded; the lockstep model holds both meshes and compares"
  echo "every register listed in docs/tests.md after every clock edge, on qarray lockstep's random stream."
  echo
  cat "$table"
  echo
  if [ $bad = 0 ]; then echo "Nothing diverged."; else echo "FAILED: see build/soak/."; fi
} | sh bench/section.sh put soak
if [ $bad = 0 ]; then echo "soak: every configuration equal, every register, every cycle"; else echo "soak: FAILED"; exit 1; fi
