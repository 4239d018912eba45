#!/usr/bin/env bash
# synth/run.sh: generic synthesis of the structural RTL with Yosys (docs/synthesis.md).
#
#   synth/run.sh all       make synth: qa_pe at WBITS 1, 2, 4, 8 (ACCW 32 and 16), its area split
#                          into parts (ACCW 32), and qa_top (MESH=0) at 4x4 and 8x8 for every
#                          WBITS; writes build/synth/{area,pe_parts}.csv, copies them to synth/
#                          (committed: the study reads synth/area.csv) and report/synthesis.md
#   synth/run.sh check     make test: the 4x4 qa_top passes the structural checks; the checks
#                          reject a latch, two drivers and a combinational loop; a hand-counted
#                          module gets its GE; and the PE rows of synth/area.csv are what
#                          synthesis makes now
#   synth/run.sh module FILE TOP   one module's row (cells, flops, GE, levels)
#
# The flow: read_verilog -sv; hierarchy -check; proc; no latch ($dlatch) and `check -assert` (no
# multiple drivers, no combinational loop, no undriven input); synth -flatten; every flip-flop
# legalised to a plain D flip-flop ($_DFF_P_: enables and synchronous resets become gates);
# abc -g cmos2 (NAND2, NOR2, NOT). Area in NAND2-equivalent gates (GE), with the cell areas of
# the Nangate 45 nm Open Cell Library (FreePDK45) over NAND2_X1's 0.798 um^2: NAND2_X1 1,
# NOR2_X1 0.798 um^2 = 1, INV_X1 0.532 um^2 = 0.667, DFF_X1 4.522 um^2 = 5.667. Levels: Yosys
# `ltp -noff`, the longest path of gates between flip-flops and ports, a relative timing figure.
# The loop mesh (MESH=1) is a simulation model and is not synthesized.
set -euo pipefail
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
OUT=build/synth
mkdir -p "$OUT"
# The structural RTL only: the loop twin (sim/twin/) is a simulation model.
RTL="rtl/qa_top.v rtl/qa_mesh.v rtl/qa_pe.v rtl/qa_delay.v"
GE_NAND=1 GE_NOR=1 GE_NOT=0.667 GE_DFF=5.667
HEADER="unit,rows,cols,wbits,accw,cells,flops,ge,levels,nand,nor,not"

need_yosys() {
  command -v "$YOSYS" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "synth: installing yosys" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq yosys >&2 && return 0
  fi
  echo "synth: yosys missing; run: sudo apt-get update && sudo apt-get install -y yosys" >&2
  exit 1
}

# The structural checks every synthesis starts with (read, elaborate, no latch, check -assert).
checks() { # TOP
  echo "hierarchy -check -top $1; proc; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH_*; check -assert"
}
MAP='dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; opt_clean'

# Run a Yosys script; on failure print where the log is and stop.
run_yosys() { # LOG SCRIPT
  if ! "$YOSYS" -q -l "$1" -p "$2" >/dev/null 2>&1; then
    echo "synth: FAILED: $(grep -m1 -E 'ERROR' "$1" || echo 'yosys failed') (log: $1)" >&2
    return 1
  fi
}

# The last statistics block of a log, as "cells flops ge levels nand nor not" for MODULE; any
# cell outside the GE table is an error.
parse_stat() { # LOG MODULE
  awk -v mod="$2" -v gn=$GE_NAND -v gr=$GE_NOR -v gi=$GE_NOT -v gd=$GE_DFF '
    /Longest topological path in/ { if (match($0, /length=[0-9]+/)) lev = substr($0, RSTART + 7, RLENGTH - 7) }
    $0 ~ "^=== " { cur = $2; gsub(/[\\"]/, "", cur); if (cur == mod) { nand = nor = not = dff = 0; bad = "" } }
    cur == mod && $1 ~ /^\$_/ {
      if ($1 == "$_NAND_") nand = $2; else if ($1 == "$_NOR_") nor = $2;
      else if ($1 == "$_NOT_") not = $2; else if ($1 == "$_DFF_P_") dff = $2; else bad = $1 }
    END {
      if (bad != "") { print "unexpected cell " bad > "/dev/stderr"; exit 1 }
      printf "%d %d %.1f %d %d %d %d\n", nand + nor + not + dff, dff,
             nand * gn + nor * gr + not * gi + dff * gd, lev, nand, nor, not }' "$1"
}

# One flat synthesis; prints "cells flops ge levels nand nor not".
synth_flat() { # NAME FILES TOP CHPARAM
  local log="$OUT/$1.log"
  run_yosys "$log" "read_verilog -sv -Irtl $2; ${4:+chparam $4 $3;} $(checks "$3"); synth -flatten -top $3; $MAP; ltp -noff; stat" || return 1
  parse_stat "$log" "$3"
}

pe_row() { # WBITS ACCW
  local r
  r=$(synth_flat "pe_w$1a$2" rtl/qa_pe.v qa_pe "-set WBITS $1 -set ACCW $2") || return 1
  set -- "$1" "$2" $r
  echo "pe,1,1,$1,$2,$3,$4,$5,$6,$7,$8,$9"
}

top_row() { # ROWS COLS WBITS
  local r
  r=$(synth_flat "top_r$1c$2w$3" "$RTL" qa_top "-set ROWS $1 -set COLS $2 -set WBITS $3 -set ACCW 32 -set MESH 0") || return 1
  set -- "$1" "$2" "$3" $r
  echo "top,$1,$2,$3,32,$4,$5,$6,$7,$8,$9,${10}"
}

# The PE's area by part: the cells in the cone of each part's registers (or wires), moved into
# submodules before synthesis (hierarchy kept, so each part is mapped on its own).
pe_parts() { # WBITS ACCW
  local w=$1 a=$2 log="$OUT/parts_w$1a$2.log" lanes="w:g_packed.packed_sum %ci* w:prod %ci1 %u t:* %i"
  # At WBITS 8 there are no packed lanes (g_packed is not generated): an empty set.
  run_yosys "$log" "read_verilog -sv -Irtl rtl/qa_pe.v; chparam -set WBITS $w -set ACCW $a qa_pe; $(checks qa_pe); opt_clean;
    select -set mul w:full_prod %ci* t:* %i;
    select -set lanes $lanes;
    select -set acc w:acc_q %ci* t:* %i @mul %d @lanes %d;
    select -set drain w:c1_q w:c2_q %u w:c1v_q %u w:c2v_q %u %ci* t:* %i @acc %d @mul %d @lanes %d;
    select -set pipe t:* @mul %d @lanes %d @acc %d @drain %d;
    setattr -set submod \"\\\"int8_multiplier\\\"\" @mul; setattr -set submod \"\\\"packed_lanes\\\"\" @lanes;
    setattr -set submod \"\\\"accumulator\\\"\" @acc; setattr -set submod \"\\\"drain\\\"\" @drain;
    setattr -set submod \"\\\"pipeline\\\"\" @pipe; submod; synth -top qa_pe; $MAP; stat" || return 1
  for part in int8_multiplier packed_lanes accumulator drain pipeline; do
    local r
    r=$(parse_stat "$log" "qa_pe_$part")
    set -- $r
    echo "$w,$a,$part,$1,$2,$3"
  done
}

write_report() {
  local f=report/synthesis.md keep=""
  # make fpga's section (synth/fpga.sh) stays as it is
  [ -f "$f" ] && keep=$(sed -n '/^## FPGA: each precision/,$p' "$f")
  {
    echo "# Synthesis of the structural RTL"
    echo
    echo "Made by \`make synth\` (synth/run.sh, Yosys $("$YOSYS" -V | awk '{print $2}'), generic cells: \`synth -flatten\`,"
    echo "flip-flops as plain D flip-flops, \`abc -g cmos2\`). GE: NAND2-equivalent gates with the Nangate"
    echo "45 nm Open Cell Library's areas (NAND2 1, NOR2 1, NOT 0.667, DFF 5.667). Levels: the longest"
    echo "gate path between flip-flops and ports (\`ltp -noff\`). The loop mesh is a simulation model and"
    echo "is not synthesized. docs/synthesis.md explains the flow."
    echo
    echo "## One PE"
    echo
    echo "| WBITS | ACCW | cells | flip-flops | GE | GE / W8 PE | levels |"
    echo "|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 && $1 == "pe" { ge[$5 "," $4] = $8; row[++n] = $0 }
      END { for (i = 1; i <= n; i++) { split(row[i], c, ","); printf "| %s | %s | %s | %s | %.0f | %.2f | %s |\n", c[4], c[5], c[6], c[7], c[8], c[8] / ge[c[5] ",8"], c[9] } }' "$OUT/area.csv"
    echo
    echo "## Where a PE's area goes (ACCW 32, GE)"
    echo
    echo "| WBITS | INT8 multiplier (FULL) | packed lanes | accumulator | drain registers | pipeline registers | sum of parts | flat PE |"
    echo "|---|---|---|---|---|---|---|---|"
    for w in 1 2 4 8; do
      awk -F, -v w=$w 'NR > 1 && $1 == w && $2 == 32 { g[$3] = $6; s += $6 } END {
        printf "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |", w, g["int8_multiplier"], g["packed_lanes"],
               g["accumulator"], g["drain"], g["pipeline"], s }' "$OUT/pe_parts.csv"
      awk -F, -v w=$w 'NR > 1 && $1 == "pe" && $4 == w && $5 == 32 { printf " %.0f |\n", $8 }' "$OUT/area.csv"
    done
    echo
    echo "## Whole arrays (qa_top, MESH=0, ACCW 32: the PEs, skew and de-skew lines, flow control, counters)"
    echo
    echo "| array | WBITS | cells | flip-flops | GE | GE / W8 array | GE per PE | levels |"
    echo "|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 && $1 == "top" { ge[$2 "x" $3 "," $4] = $8; row[++n] = $0 }
      END { for (i = 1; i <= n; i++) { split(row[i], c, ","); a = c[2] "x" c[3]
        printf "| %s | %s | %s | %s | %.0f | %.2f | %.0f | %s |\n", a, c[4], c[6], c[7], c[8], c[8] / ge[a ",8"], c[8] / (c[2] * c[3]), c[9] } }' "$OUT/area.csv"
  } >"$f"
  [ -z "$keep" ] || printf '\n%s\n' "$keep" >>"$f"
  echo "synth: wrote $f" >&2
}

cmd_all() {
  local t0=$SECONDS
  echo "$HEADER" >"$OUT/area.csv.tmp"
  echo "wbits,accw,part,cells,flops,ge" >"$OUT/pe_parts.csv.tmp"
  for a in 32 16; do
    for w in 1 2 4 8; do
      echo "synth: qa_pe WBITS=$w ACCW=$a" >&2
      pe_row $w $a >>"$OUT/area.csv.tmp"
    done
  done
  for w in 1 2 4 8; do
    echo "synth: qa_pe WBITS=$w parts" >&2
    pe_parts $w 32 >>"$OUT/pe_parts.csv.tmp"
  done
  for n in 4 8; do
    for w in 1 2 4 8; do
      echo "synth: qa_top ${n}x$n WBITS=$w" >&2
      top_row $n $n $w >>"$OUT/area.csv.tmp"
    done
  done
  mv "$OUT/area.csv.tmp" "$OUT/area.csv"
  mv "$OUT/pe_parts.csv.tmp" "$OUT/pe_parts.csv"
  cp "$OUT/area.csv" synth/area.csv
  cp "$OUT/pe_parts.csv" synth/pe_parts.csv
  write_report
  echo "synth: done in $((SECONDS - t0)) s: $OUT/area.csv (copied to synth/area.csv), $OUT/pe_parts.csv, report/synthesis.md" >&2
}

# Expect the structural checks to reject FILE (a latch, two drivers, a loop).
expect_rejected() { # FILE TOP
  if run_yosys "$OUT/reject_$2.log" "read_verilog -sv $1; $(checks "$2")" 2>/dev/null; then
    echo "synth: FAIL: the checks accepted $1" >&2
    exit 1
  fi
}

cmd_check() {
  expect_rejected tests/synth/latch.v latchy
  expect_rejected tests/synth/multidrive.v multidrive
  expect_rejected tests/synth/loop.v comb_loop
  # One NAND2 and one flip-flop, counted by hand: 2 cells, 1 flop, 1 + 5.667 = 6.7 GE, 1 level.
  local r
  r=$(synth_flat tiny tests/synth/tiny.v tiny "")
  [ "$r" = "2 1 6.7 1 1 0 0" ] || { echo "synth: FAIL: tiny.v gave '$r', expected '2 1 6.7 1 1 0 0'" >&2; exit 1; }
  run_yosys "$OUT/check_top4.log" "read_verilog -sv -Irtl $RTL; chparam -set ROWS 4 -set COLS 4 -set WBITS 2 -set ACCW 32 -set MESH 0 qa_top; $(checks qa_top); synth -flatten -top qa_top -run begin:fine" ||
    { echo "synth: FAIL: the structural 4x4 qa_top does not pass the synthesis checks" >&2; exit 1; }
  local n=0
  while IFS=, read -r unit rows cols w a rest; do
    [ "$unit" = pe ] || continue
    local want="pe,$rows,$cols,$w,$a,$rest" got
    got=$(pe_row "$w" "$a")
    [ "$got" = "$want" ] || { echo "synth: FAIL: synth/area.csv has '$want', synthesis now gives '$got' (rerun make synth)" >&2; exit 1; }
    n=$((n + 1))
  done < <(tail -n +2 synth/area.csv)
  [ $n -ge 8 ] || { echo "synth: FAIL: synth/area.csv has $n PE rows, expected 8" >&2; exit 1; }
  echo "synth: checks reject a latch, two drivers and a loop; tiny.v is 6.7 GE; 4x4 qa_top passes; the $n PE rows of synth/area.csv are current"
}

need_yosys
case "${1:-all}" in
  all) cmd_all ;;
  check) cmd_check ;;
  module) synth_flat "module_$3" "$2" "$3" "" ;;
  *) echo "usage: synth/run.sh all|check|module FILE TOP" >&2; exit 2 ;;
esac
