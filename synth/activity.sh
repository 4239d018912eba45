#!/usr/bin/env bash
# synth/activity.sh: register toggles of the structural array, measured (docs/energy.md).
#
#   synth/activity.sh all      make activity: every configuration of the table (4x4 and 8x8, WBITS
#                              1, 2, 4, 8, PACKED and FULL, operands random, llm and zero), and
#                              4x4 PACKED without operand isolation (iso 0); writes
#                              build/activity/activity.csv and copies it to synth/activity.csv
#   synth/activity.sh row R C W MODE KIND ISO [M K N BUBBLE SEED]
#                              one row (no header) on stdout; the table's shape by default
#
# How: `qarray gemm --mesh activity` runs the structural mesh (MESH=0) with a counter of its
# register toggles beside it (sim/activity/qa_activity.v, configuration name ending in v; vn
# without operand isolation), on one GEMM with input bubbles, and prints the counts; this script
# divides them by the events they are charged to. Columns:
#   rows, cols, wbits, mode, operands, iso   the configuration (iso 1: operand isolation on)
#   flops          the array's flip-flops (synth/array_parts.csv, make synth)
#   m, k, n, beats, cycles, pe_beats, pe_bubbles, pe_idle, outputs   the run (outputs: tiles x R x C)
#   aw, acc, ctl, drain   toggles per PE-beat: activation and weight pipeline, accumulator,
#                  control (in beats), drain chain (all its toggles over the PE-beats)
#   drain_out      drain toggles per output (per tile and PE): what the model charges them to
#   idle, bubble   toggles (a/w, accumulator, control) per idle PE-cycle and per bubble PE-cycle
#   what the model charges (golden/qa_energy.c), the rest of the rates:
#   ctl_out        first, last and mode toggles per output (they pulse once per tile)
#   v_bubble       the valids' toggles per bubble PE-cycle (a bubble breaks a run of beats)
#   data_idle, data_bubble   a/w and accumulator toggles per idle and per bubble PE-cycle
#   mul_beat, mul_bubble   the FULL multiplier's nets, per PE-beat and per bubble PE-cycle
#   w              of aw, the weight registers' toggles per PE-beat
#   skew_a_bit, skew_w_bit   skew data-line toggles per beat per flip-flop: the activation lines
#                  (AW R(R-1)/2 flops), the weight lines (8 C(C-1)/2); its control lines (4 (C-1)
#                  flops) carry what every PE's control registers do, so the model charges them
#                  (C-1)/(R C) of the PEs' control toggles
#   deskew_bit     de-skew toggles per output row per de-skew flip-flop (32 C(C-1)/2 + 17(C-1))
#   edge_bit       toggles outside the core (input, skid, buffer registers) per beat per input
#                  bit (R AW + 8 C)
#   counters       the nine 64-bit counters' toggles per cycle (the model: 2 per increment)
set -euo pipefail
cd "$(dirname "$0")/.."
QARRAY=${QARRAY:-build/qarray}
OUT=build/activity
HEADER="rows,cols,wbits,mode,operands,iso,flops,m,k,n,beats,cycles,pe_beats,pe_bubbles,pe_idle,outputs,aw,acc,ctl,drain,drain_out,idle,bubble,ctl_out,v_bubble,data_idle,data_bubble,w,mul_beat,mul_bubble,skew_a_bit,skew_w_bit,deskew_bit,edge_bit,counters"

# The table's GEMM per array: M and N four tiles each way, K 128 (ragged at no precision).
shape() { echo "$(( $1 * 4 )) 128 $(( $2 * 4 ))"; }

flops() {  # the array's flip-flops, summed over its parts in synth/array_parts.csv
  awk -F, -v r="$1" -v c="$2" -v w="$3" '$2 == r && $3 == c && $4 == w { s += $7 } END { print s + 0 }' \
    synth/array_parts.csv
}

row() {
  local r=$1 c=$2 w=$3 mode=$4 kind=$5 iso=$6
  local m k n
  read -r m k n <<<"${7:+$7 $8 $9}"
  [ -n "$m" ] || read -r m k n <<<"$(shape "$r" "$c")"
  local bubble=${10:-10} seed=${11:-1}
  local mesh=activity
  [ "$iso" = 1 ] || mesh=activity-noiso
  local out
  out=$(unset MAKEFLAGS; "$QARRAY" gemm --array "${r}x${c}" --wbits "$w" --mode "$mode" --mesh "$mesh" \
        --fill "$kind" --m "$m" --k "$k" --n "$n" --bubble "$bubble" --seed "$seed") || {
    echo "activity: qarray gemm failed for ${r}x${c} W$w $mode $kind iso=$iso" >&2; return 1; }
  local act beats cyc tiles
  act=$(echo "$out" | sed -n 's/^activity *//p')
  beats=$(echo "$out" | sed -n 's/^counters .* beats \([0-9]*\),.*/\1/p')
  tiles=$(echo "$out" | sed -n 's/^gemm .*, \([0-9]*\) tiles x.*/\1/p')
  echo "$act" | tr ' ' '\n' | awk -F= -v r="$r" -v c="$c" -v w="$w" -v mode="$mode" -v kind="$kind" \
    -v iso="$iso" -v fl="$(flops "$r" "$c" "$w")" -v m="$m" -v k="$k" -v n="$n" -v beats="$beats" \
    -v tiles="$tiles" '
    NF == 2 { v[$1] = $2 }
    function d(a, b) { return b > 0 ? a / b : 0 }
    END {
      aw = 64 / w
      ska = aw * r * (r - 1) / 2
      skw = 8 * c * (c - 1) / 2
      dsb = 32 * c * (c - 1) / 2 + 17 * (c - 1)
      outs = tiles * r * c
      printf "%d,%d,%d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", r, c, w, mode, kind, iso, fl, m, k, n,
             beats, v["cycles"], v["pe_beat"], v["pe_bubble"], v["pe_idle"], outs
      printf ",%.4f,%.4f,%.4f,%.4f,%.4f", d(v["aw_beat"], v["pe_beat"]), d(v["acc_beat"], v["pe_beat"]),
             d(v["ctl_beat"], v["pe_beat"]), d(v["drain"], v["pe_beat"]), d(v["drain"], outs)
      printf ",%.4f,%.4f", d(v["aw_idle"] + v["acc_idle"] + v["ctl_idle"], v["pe_idle"]),
             d(v["aw_bubble"] + v["acc_bubble"] + v["ctl_bubble"], v["pe_bubble"])
      ctl = v["ctl_beat"] + v["ctl_bubble"] + v["ctl_idle"]
      printf ",%.4f,%.4f,%.4f,%.4f", d(ctl - v["ctl_v"], outs), d(v["ctl_v"], v["pe_bubble"]),
             d(v["aw_idle"] + v["acc_idle"], v["pe_idle"]), d(v["aw_bubble"] + v["acc_bubble"], v["pe_bubble"])
      printf ",%.4f", d(v["w_beat"], v["pe_beat"])
      printf ",%.4f,%.4f", d(v["mul_beat"], v["pe_beat"]), d(v["mul_bubble"], v["pe_bubble"])
      printf ",%.6f,%.6f,%.6f,%.6f,%.4f\n", d(v["skew"] - v["skew_w"], beats * ska), d(v["skew_w"], beats * skw),
             d(v["deskew"], tiles * r * dsb),
             d(v["edge"], beats * (r * aw + 8 * c)), d(v["counters"], v["cycles"])
    }'
}

all() {
  mkdir -p "$OUT"
  local tmp="$OUT/activity.csv.tmp" n=0 t0
  t0=$(date +%s)
  echo "$HEADER" >"$tmp"
  for rc in "4 4" "8 8"; do
    for w in 1 2 4 8; do
      for mode in packed full; do
        for kind in random llm zero; do
          # shellcheck disable=SC2086
          row $rc "$w" "$mode" "$kind" 1 >>"$tmp"
          n=$((n + 1))
          echo "activity: $n rows, $(( $(date +%s) - t0 )) s" >&2
        done
      done
    done
  done
  for w in 1 2 4; do  # before issue 17's operand isolation
    for kind in random llm; do
      row 4 4 "$w" packed "$kind" 0 >>"$tmp"
    done
  done
  mv "$tmp" "$OUT/activity.csv"
  cp "$OUT/activity.csv" synth/activity.csv
  echo "activity: wrote $OUT/activity.csv and synth/activity.csv ($(( $(date +%s) - t0 )) s)" >&2
}

case "${1:-}" in
  all) all ;;
  row) shift; row "$@" ;;
  header) echo "$HEADER" ;;
  *) echo "usage: synth/activity.sh all | row R C W MODE KIND ISO [M K N BUBBLE SEED] | header" >&2; exit 2 ;;
esac
