#!/usr/bin/env bash
# synth/run.sh: generic synthesis of the structural RTL with Yosys (docs/synthesis.md).
#
#   synth/run.sh all       make synth: qa_pe at WBITS 1, 2, 4, 8 (ACCW 32 and 16), its area split
#                          into parts (ACCW 32), and qa_top at 4x4 and 8x8 for every WBITS, whole
#                          and by part; writes build/synth/{area,pe_parts,array_parts}.csv,
#                          copies them to synth/ (committed: the study reads synth/area.csv and
#                          synth/array_parts.csv) and report/synthesis.md
#   synth/run.sh check     make test: the 4x4 qa_top passes the structural checks; the checks
#                          reject a latch, two drivers and a combinational loop; a hand-counted
#                          module gets its GE; and the PE rows of synth/area.csv are what
#                          synthesis makes now
#   synth/run.sh module FILE TOP   one module's row (cells, flops, GE, levels)
#
# The flow: read_verilog -sv; hierarchy -check; proc; no latch ($dlatch) and `check -assert` (no
# multiple drivers, no combinational loop, no undriven input); synth -flatten; every flip-flop
# legalised to a plain D flip-flop ($_DFF_P_: enables and synchronous resets become gates);
# then two mappings of the same netlist: abc -g cmos2 (NAND2, NOR2, NOT: column ge) and abc -g
# with a richer gate set (AND, NAND, OR, NOR, XOR, XNOR, MUX, AOI3, OAI3, AOI4, OAI4: column
# ge_rich). Area in NAND2-equivalent gates (GE), with the X1 cell areas of the Nangate 45 nm Open
# Cell Library (FreePDK45) over NAND2_X1's 0.798 um^2 (table GE_CELL below, docs/synthesis.md).
# The output buffer's SRAM macro (qa_sram_1r1w) is a black box: its area is counted from its bits
# (sram_bits, sram_ge at SRAM_GE_BIT GE per bit, docs/synthesis.md), not from gates. Levels: Yosys
# `ltp -noff` (cmos2), the longest path of gates between flip-flops and ports, a relative timing
# figure. The loop twin (sim/twin/) is a simulation model and is not synthesized.
set -euo pipefail
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
OUT=build/synth
mkdir -p "$OUT"
# The structural RTL only (rtl/ depends on nothing else); the SRAM macro is a black box.
RTL=$(ls rtl/*.v | tr '\n' ' ')
READ="read_verilog -sv -Irtl $RTL; blackbox qa_sram_1r1w"
# GE per cell: Nangate 45 nm X1 areas over NAND2_X1 (0.798 um^2): INV 0.532, NAND2 and NOR2 0.798,
# AND2 and OR2 1.064, XOR2 and XNOR2 1.596, MUX2 1.862, AOI21 and OAI21 1.064, AOI22 and OAI22
# 1.330, DFF 4.522 um^2.
GE_CELL='NOT=0.667 NAND=1 NOR=1 AND=1.333 OR=1.333 XOR=2 XNOR=2 MUX=2.333 AOI3=1.333 OAI3=1.333 AOI4=1.667 OAI4=1.667 DFF_P=5.667'
# The output buffer's macro: a 45 nm 6T bit cell of 0.346 um^2 (Mistry et al., IEDM 2007) at 50 %
# array efficiency, over NAND2_X1's 0.798 um^2 (docs/synthesis.md).
SRAM_GE_BIT=0.867
HEADER="unit,rows,cols,wbits,accw,cells,flops,ge,levels,nand,nor,not,ge_rich,sram_bits,sram_ge"

need_yosys() {
  command -v "$YOSYS" >/dev/null || sh scripts/need-apt.sh synth yosys
}

# The structural checks every synthesis starts with (read, elaborate, no latch, check -assert).
checks() { # TOP
  echo "hierarchy -check -top $1; proc; select -assert-none t:\$dlatch t:\$adlatch t:\$dlatchsr t:\$_DLATCH_*; check -assert"
}
MAP='dfflegalize -cell $_DFF_P_ 01; abc -g cmos2; opt_clean'
MAP_RICH='dfflegalize -cell $_DFF_P_ 01; abc -g AND,NAND,OR,NOR,XOR,XNOR,MUX,AOI3,OAI3,AOI4,OAI4; opt_clean'

# Run a Yosys script; on failure print where the log is and stop.
run_yosys() { # LOG SCRIPT
  if ! "$YOSYS" -q -l "$1" -p "$2" >/dev/null 2>&1; then
    echo "synth: FAILED: $(grep -m1 -E 'ERROR' "$1" || echo 'yosys failed') (log: $1)" >&2
    return 1
  fi
}

# The last statistics block of a log, as "cells flops ge levels nand nor not" for MODULE; any
# gate outside GE_CELL is an error (a black box is not a gate: it is counted apart).
parse_stat() { # LOG MODULE
  awk -v mod="$2" -v tab="$GE_CELL" '
    BEGIN { n = split(tab, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); ge["$_" p[1] "_"] = p[2] } }
    /Longest topological path in/ { if (match($0, /length=[0-9]+/)) lev = substr($0, RSTART + 7, RLENGTH - 7) }
    $0 ~ "^=== " { cur = $2; gsub(/[\\"]/, "", cur); if (cur == mod) { delete cnt; bad = "" } }
    cur == mod && $1 ~ /^\$_/ { if ($1 in ge) cnt[$1] = $2; else bad = $1 }
    END {
      if (bad != "") { print "unexpected cell " bad > "/dev/stderr"; exit 1 }
      cells = 0; g = 0
      for (c in cnt) { cells += cnt[c]; g += cnt[c] * ge[c] }
      printf "%d %d %.1f %d %d %d %d\n", cells, cnt["$_DFF_P_"], g, lev, cnt["$_NAND_"], cnt["$_NOR_"], cnt["$_NOT_"] }' "$1"
}

# One flat synthesis, both mappings; prints "cells flops ge levels nand nor not ge_rich" (cmos2,
# then the rich mapping's GE).
synth_flat() { # NAME FILES TOP CHPARAM
  local log="$OUT/$1.log" r rich
  run_yosys "$log" "read_verilog -sv -Irtl $2; blackbox qa_sram_1r1w; ${4:+chparam $4 $3;} $(checks "$3"); synth -flatten -top $3;
    design -save flat; $MAP_RICH; tee -q -o $OUT/$1.rich.stat stat; design -load flat; $MAP; ltp -noff; stat" || return 1
  r=$(parse_stat "$log" "$3") || return 1
  rich=$(parse_stat "$OUT/$1.rich.stat" "$3") || return 1
  echo "$r $(echo "$rich" | awk '{print $3}')"
}

pe_row() { # WBITS ACCW
  local r
  r=$(synth_flat "pe_w$1a$2" rtl/qa_pe.v qa_pe "-set WBITS $1 -set ACCW $2") || return 1
  set -- "$1" "$2" $r
  echo "pe,1,1,$1,$2,$3,$4,$5,$6,$7,$8,$9,${10},0,0"
}

# The output buffer's macro bits: OBUF words (qa_obuf) of a row and its 16-bit tag.
sram_bits() { # ROWS COLS ACCW
  echo $(( (2 * $1 + $2 + 2) * ($2 * $3 + 16) ))
}

top_row() { # ROWS COLS WBITS
  local r b
  r=$(synth_flat "top_r$1c$2w$3" "$RTL" qa_top "-set ROWS $1 -set COLS $2 -set WBITS $3 -set ACCW 32") || return 1
  b=$(sram_bits "$1" "$2" 32)
  set -- "$1" "$2" "$3" $r
  echo "top,$1,$2,$3,32,$4,$5,$6,$7,$8,$9,${10},${11},$b,$(awk -v b=$b -v g=$SRAM_GE_BIT 'BEGIN { printf "%.1f", b * g }')"
}

# The array's area by part: each part synthesized flat on its own (qa_mesh: the PEs and column
# 0's drain valids and tags; qa_skew; qa_deskew; qa_obuf's logic, its macro from its bits), and
# the control (skid, admission, input register, counters) as what the whole array has beyond
# them. Prints "unit,rows,cols,wbits,part,ge,flops" rows.
array_parts() { # ROWS COLS WBITS TOPROW
  local r=$1 c=$2 w=$3 aw=$((64 / $3)) top=$4 sum_ge=0 sum_ff=0 x
  local obuf=$((2 * $1 + $2 + 2))
  for x in "mesh qa_mesh -set ROWS $r -set COLS $c -set WBITS $w -set ACCW 32" \
           "skew qa_skew -set ROWS $r -set COLS $c -set AW $aw" \
           "deskew qa_deskew -set COLS $c -set ACCW 32" \
           "obuf_logic qa_obuf -set ROWS $r -set OBUF $obuf -set DW $((c * 32))"; do
    set -- $x
    local part=$1 mod=$2 res
    shift 2
    res=$(synth_flat "part_r${r}c${c}w${w}_$part" "$RTL" "$mod" "$*") || return 1
    set -- $res
    echo "array,$r,$c,$w,$part,$3,$2"
    sum_ge=$(awk -v a="$sum_ge" -v b="$3" 'BEGIN { print a + b }'); sum_ff=$((sum_ff + $2))
  done
  local b
  b=$(sram_bits "$r" "$c" 32)
  echo "array,$r,$c,$w,obuf_sram,$(awk -v b=$b -v g=$SRAM_GE_BIT 'BEGIN { printf "%.1f", b * g }'),0"
  echo "$top" | awk -F, -v s="$sum_ge" -v f="$sum_ff" -v r=$r -v c=$c -v w=$w '{ printf "array,%s,%s,%s,control,%.1f,%d\n", r, c, w, $8 - s, $7 - f }'
}

# The PE's area by part: the cells in the cone of each part's registers (or wires), moved into
# submodules before synthesis (hierarchy kept, so each part is mapped on its own).
pe_parts() { # WBITS ACCW
  local w=$1 a=$2 log="$OUT/parts_w$1a$2.log" lanes="w:g_packed.packed_sum %ci* w:prod %ci1 %u t:* %i"
  # At WBITS 8 there are no packed lanes (g_packed is not generated): an empty set.
  run_yosys "$log" "read_verilog -sv -Irtl rtl/qa_pe.v; chparam -set WBITS $w -set ACCW $a qa_pe; $(checks qa_pe); opt_clean;
    select -set mul w:*full_prod %ci* t:* %i;
    select -set lanes $lanes;
    select -set acc w:acc_q %ci* t:* %i @mul %d @lanes %d;
    select -set drain w:c1_q w:c2_q %u %ci* t:* %i @acc %d @mul %d @lanes %d;
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
    echo "flip-flops as plain D flip-flops, then two mappings: \`abc -g cmos2\` (NAND2, NOR2, NOT; column GE) and"
    echo "\`abc -g\` with AND, NAND, OR, NOR, XOR, XNOR, MUX, AOI3, OAI3, AOI4, OAI4 (GE rich)). GE: NAND2-equivalent"
    echo "gates with the Nangate 45 nm Open Cell Library's X1 areas (NAND2 1, NOR2 1, NOT 0.667, AND2/OR2 1.333,"
    echo "XOR2/XNOR2 2, MUX2 2.333, AOI21/OAI21 1.333, AOI22/OAI22 1.667, DFF 5.667). The output buffer's"
    echo "SRAM macro is a black box counted from its bits at $SRAM_GE_BIT GE per bit (a 45 nm 6T cell of 0.346 um^2 at"
    echo "50 % array efficiency). Levels: the longest gate path between flip-flops and ports (\`ltp -noff\`,"
    echo "cmos2). The loop twin is a simulation model and is not synthesized. docs/synthesis.md explains the flow."
    echo
    echo "## One PE"
    echo
    echo "| WBITS | ACCW | cells | flip-flops | GE | GE / W8 PE | GE rich | GE rich / W8 PE | levels |"
    echo "|---|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 && $1 == "pe" { ge[$5 "," $4] = $8; gr[$5 "," $4] = $13; row[++n] = $0 }
      END { for (i = 1; i <= n; i++) { split(row[i], c, ","); printf "| %s | %s | %s | %s | %.0f | %.2f | %.0f | %.2f | %s |\n", c[4], c[5], c[6], c[7], c[8], c[8] / ge[c[5] ",8"], c[13], c[13] / gr[c[5] ",8"], c[9] } }' "$OUT/area.csv"
    echo
    echo "## Where a PE's area goes (ACCW 32, GE, cmos2)"
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
    echo "## Whole arrays (qa_top, ACCW 32: the PEs, skew and de-skew lines, flow control, counters, the output buffer)"
    echo
    echo "GE is the logic (cmos2); the SRAM macro's GE is apart; total = GE + SRAM GE."
    echo
    echo "| array | WBITS | cells | flip-flops | GE | GE rich | SRAM bits | SRAM GE | total GE | total / W8 array | total per PE | levels |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 && $1 == "top" { t[$2 "x" $3 "," $4] = $8 + $15; row[++n] = $0 }
      END { for (i = 1; i <= n; i++) { split(row[i], c, ","); a = c[2] "x" c[3]; tot = c[8] + c[15]
        printf "| %s | %s | %s | %s | %.0f | %.0f | %s | %.0f | %.0f | %.2f | %.0f | %s |\n", a, c[4], c[6], c[7], c[8], c[13], c[14], c[15], tot, tot / t[a ",8"], tot / (c[2] * c[3]), c[9] } }' "$OUT/area.csv"
    echo
    echo "## The array by part (GE, cmos2; synth/array_parts.csv)"
    echo
    echo "Each part synthesized on its own: the mesh (PEs and column 0's drain valids and row tags), the"
    echo "skew and de-skew lines, the output buffer's logic (bypass row, head multiplexer, pointers, credits)"
    echo "and its SRAM macro (from its bits); control is what the whole array has beyond them (skid,"
    echo "admission, input register, counters). Overhead: everything but the mesh, as a share of the total."
    echo
    echo "| array | WBITS | mesh | skew | de-skew | control | buffer logic | buffer SRAM | total | overhead |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk -F, 'NR > 1 { k = $2 "x" $3 "," $4; if (!(k in seen)) { seen[k] = 1; ord[++n] = k; r[k] = $2 "x" $3; w[k] = $4 }
        g[k "," $5] = $6; tot[k] += $6 }
      END { for (i = 1; i <= n; i++) { k = ord[i]
        printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f %% |\n", r[k], w[k], g[k ",mesh"], g[k ",skew"],
          g[k ",deskew"], g[k ",control"], g[k ",obuf_logic"], g[k ",obuf_sram"], tot[k], 100 * (tot[k] - g[k ",mesh"]) / tot[k] } }' "$OUT/array_parts.csv"
  } >"$f"
  [ -z "$keep" ] || printf '\n%s\n' "$keep" >>"$f"
  echo "synth: wrote $f" >&2
}

# One array's rows (area.csv's top row, then array_parts.csv's rows) into build/synth/job_*.
array_job() { # N WBITS
  local t
  echo "synth: qa_top $1x$1 WBITS=$2, whole and by part" >&2
  t=$(top_row "$1" "$1" "$2") || return 1
  echo "$t" >"$OUT/job_r$1w$2.top"
  array_parts "$1" "$1" "$2" "$t" >"$OUT/job_r$1w$2.parts" || return 1
}

cmd_all() {
  local t0=$SECONDS
  echo "$HEADER" >"$OUT/area.csv.tmp"
  echo "wbits,accw,part,cells,flops,ge" >"$OUT/pe_parts.csv.tmp"
  echo "unit,rows,cols,wbits,part,ge,flops" >"$OUT/array_parts.csv.tmp"
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
  # The arrays, two at a time (a Yosys run is single-threaded), the largest first.
  rm -f "$OUT"/job_*
  local jobs="8 1|8 2|8 4|8 8|4 1|4 2|4 4|4 8" fail=0
  echo "$jobs" | tr '|' '\n' | xargs -P 2 -L 1 bash "$0" job || fail=1
  [ $fail = 0 ] || { echo "synth: FAILED: an array's synthesis (logs in $OUT/)" >&2; exit 1; }
  for n in 4 8; do
    for w in 1 2 4 8; do
      cat "$OUT/job_r${n}w$w.top" >>"$OUT/area.csv.tmp"
      cat "$OUT/job_r${n}w$w.parts" >>"$OUT/array_parts.csv.tmp"
    done
  done
  for f in area pe_parts array_parts; do
    mv "$OUT/$f.csv.tmp" "$OUT/$f.csv"
    cp "$OUT/$f.csv" "synth/$f.csv"
  done
  write_report
  echo "synth: done in $((SECONDS - t0)) s: $OUT/{area,pe_parts,array_parts}.csv (copied to synth/), report/synthesis.md" >&2
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
  # The rich mapping has the same NAND2 and flip-flop: 6.7 GE too.
  [ "$r" = "2 1 6.7 1 1 0 0 6.7" ] || { echo "synth: FAIL: tiny.v gave '$r', expected '2 1 6.7 1 1 0 0 6.7'" >&2; exit 1; }
  run_yosys "$OUT/check_top4.log" "$READ; chparam -set ROWS 4 -set COLS 4 -set WBITS 2 -set ACCW 32 qa_top; $(checks qa_top); synth -flatten -top qa_top -run begin:fine" ||
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
  job) array_job "$2" "$3" ;;
  check) cmd_check ;;
  module) synth_flat "module_$3" "$2" "$3" "" ;;
  *) echo "usage: synth/run.sh all|check|module FILE TOP|job N WBITS" >&2; exit 2 ;;
esac
