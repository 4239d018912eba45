#!/bin/sh
# test_scalesim.sh (make test): qarray scalesim against hand-computed SCALE-Sim figures.
# SCALE-Sim's OS Total Cycles is ceil(M/R) * ceil(N/C) * (K + R + C - 2) - 1, and a convolution
# lowers to M = output pixels, K = filter h x w x channels, N = filters, with the output height
# ceil((ifmap - filter + stride) / stride). The values below were worked out by hand from these
# rules, and equal what SCALE-Sim 3.0.0 itself printed for the same files (make bench checks that
# again). Also: the reports' exact layout, the RTL's cycles (--rtl), the memory identity of USER
# runs, and one line with exit 2 for each bad input.
set -u
Q=${QARRAY:-build/qarray}
S=tests/scalesim
fail() { echo "test_scalesim: FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
col() { # FILE COLUMN: the column (1-based) of every data row, space-separated
  awk -F', ' -v c="$2" 'NR > 1 {printf "%s ", $c}' "$1"
}

# ---- GEMM topology on a 32x32 array (a SCALE-Sim v3 configuration) ----
"$Q" scalesim -c $S/v3_edge.cfg -t $S/gemm.csv -i gemm -p "$out" --packed 'proj|ffn' >"$out/g.out" 2>"$out/g.err" ||
  fail "gemm run: exit $? ($(cat "$out/g.err"))"
R=$out/qarray_edge
# q_proj 4*24*(768+62)-1, ffn_up 4*96*830-1, ffn_down 4*24*(3072+62)-1, scores 4*4*126-1, context 4*2*190-1
[ "$(col $R/QARRAY_REPORT.csv 10)" = "79679 318719 300863 2015 1519 " ] || fail "scalesim_cycles: $(col $R/QARRAY_REPORT.csv 10)"
[ "$(col $R/QARRAY_REPORT.csv 6)" = "packed packed packed full full " ] || fail "modes: $(col $R/QARRAY_REPORT.csv 6)"
# a v3 configuration: v3's 7 columns, "Total Cycles (incl. prefetch)" second (SCALE-Sim 3.0.0's layout)
head -1 $R/COMPUTE_REPORT.csv | grep -qx 'LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,' ||
  fail "v3 COMPUTE_REPORT header: $(head -1 $R/COMPUTE_REPORT.csv)"
head -1 $R/BANDWIDTH_REPORT.csv | grep -qx 'LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,' ||
  fail "BANDWIDTH_REPORT header"
[ "$(head -1 $R/DETAILED_ACCESS_REPORT.csv | awk -F', ' '{print NF}')" = 19 ] || fail "DETAILED_ACCESS_REPORT: not 19 columns"
for f in COMPUTE BANDWIDTH DETAILED_ACCESS QARRAY; do
  [ "$(grep -cv ',$' $R/${f}_REPORT.csv)" = 0 ] || fail "${f}_REPORT: a line without the trailing comma"
  [ "$(wc -l <$R/${f}_REPORT.csv)" = 6 ] || fail "${f}_REPORT: not 5 layers"
done
# CALC: total = our analytic count, no stalls; PACKED W2 on 32x32 128x768x768 is 18529 (docs/cycle-model.md)
[ "$(col $R/COMPUTE_REPORT.csv 3 | cut -d' ' -f1)" = 18529 ] || fail "q_proj total: $(col $R/COMPUTE_REPORT.csv 3)"
[ "$(col $R/COMPUTE_REPORT.csv 2)" = "$(col $R/COMPUTE_REPORT.csv 3)" ] || fail "v3: incl. prefetch != total (no prefetch before cycle 0 here)"
[ "$(col $R/COMPUTE_REPORT.csv 4)" = "0 0 0 0 0 " ] || fail "CALC stalls"
grep -q "UseRamulatorTrace (SCALE-Sim v3) read and ignored" "$out/g.err" || fail "no v3 warning"
grep -q "\[layout\] (SCALE-Sim v3), read and ignored" "$out/g.err" || fail "no [layout] warning"

# ---- convolution topology on 8x16 (a SCALE-Sim v2 configuration, "key: value") ----
"$Q" scalesim -c $S/v2_8x16.cfg -t $S/conv.csv -i conv -p "$out" >"$out/c.out" 2>"$out/c.err" || fail "conv run: $(cat "$out/c.err")"
R=$out/conv8x16
# Conv1 30x30 -> 900x27x16: 113*1*49-1; Conv2 stride 2, 8x8 -> 64x144x32: 8*2*166-1;
# CB2a_1 196x64x24: 25*2*86-1; FC 1x256x10: 1*1*278-1
[ "$(col $R/QARRAY_REPORT.csv 3)" = "900 64 196 1 " ] || fail "lowered M: $(col $R/QARRAY_REPORT.csv 3)"
[ "$(col $R/QARRAY_REPORT.csv 4)" = "27 144 64 256 " ] || fail "lowered K: $(col $R/QARRAY_REPORT.csv 4)"
[ "$(col $R/QARRAY_REPORT.csv 10)" = "5536 2655 4299 277 " ] || fail "conv scalesim_cycles: $(col $R/QARRAY_REPORT.csv 10)"
# Mapping efficiency: 900*16 / (904*16), 1, 196*24 / (200*32), 10 / (8*16)
[ "$(col $R/COMPUTE_REPORT.csv 5)" = "99.55752212 100 73.5 7.8125 " ] || fail "mapping efficiency: $(col $R/COMPUTE_REPORT.csv 5)"
grep -q "IfmapOffset read and ignored" "$out/c.err" || fail "no note for the offsets"
head -1 $R/COMPUTE_REPORT.csv | grep -qx 'LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,' ||
  fail "v2 COMPUTE_REPORT header: $(head -1 $R/COMPUTE_REPORT.csv)"

# ---- SCALE-Sim's own rules for its shipped files (issue 24) ----
# A "DP" layer is depthwise: one layer per channel, "<name>Channel_<c>", K = 3 x 3 x 1 = 9, N = 1;
# 14x14 -> 12x12 = 144 rows; on 8x16: ceil(144/8) * 1 * (9 + 8 + 16 - 2) - 1 = 18 * 31 - 1 = 557.
# A trailing "#dw" (conv_nets/mobilnet_paper.csv) is a warning naming it, dropped.
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nDP_conv, 14, 14, 3, 3, 4, 1, 1,\nConv2_dw, 14, 14, 3, 3, 1, 1, 1,#dw\n' >"$out/dp.csv"
"$Q" scalesim -c $S/v2_8x16.cfg -t "$out/dp.csv" -p "$out/dp" >/dev/null 2>"$out/dp.err" || fail "DP run: $(cat "$out/dp.err")"
R=$out/dp/conv8x16
[ "$(col $R/QARRAY_REPORT.csv 2)" = "DP_convChannel_0 DP_convChannel_1 DP_convChannel_2 DP_convChannel_3 Conv2_dw " ] ||
  fail "DP split names: $(col $R/QARRAY_REPORT.csv 2)"
[ "$(col $R/QARRAY_REPORT.csv 4)" = "9 9 9 9 9 " ] || fail "DP K: $(col $R/QARRAY_REPORT.csv 4)"
[ "$(col $R/QARRAY_REPORT.csv 10)" = "557 557 557 557 557 " ] || fail "DP scalesim_cycles: $(col $R/QARRAY_REPORT.csv 10)"
grep -q "dp.csv:3: layer Conv2_dw: an unknown field '#dw'" "$out/dp.err" || fail "no warning naming #dw: $(cat "$out/dp.err")"
# v3's N:M column: read (QARRAY_REPORT's sparsity) and run dense without SparsitySupport; refused
# with it, one line saying what is not modelled.
printf 'Layer Name, M, N, K, Sparsity,\nGEMM_1, 3, 5, 16, 3:4,\nGEMM_2, 1, 5, 16, 1:4,\n' >"$out/sp.csv"
"$Q" scalesim -c $S/v3_edge.cfg -t "$out/sp.csv" -i gemm -p "$out/sp" >/dev/null 2>"$out/sp.err" || fail "N:M run: $(cat "$out/sp.err")"
[ "$(col $out/sp/qarray_edge/QARRAY_REPORT.csv 20)" = "3:4, 1:4, " ] || fail "sparsity column: $(col $out/sp/qarray_edge/QARRAY_REPORT.csv 20)"
# dense on 32x32: 1 * 1 * (16 + 62) - 1 = 77 for both
[ "$(col $out/sp/qarray_edge/QARRAY_REPORT.csv 10)" = "77 77 " ] || fail "N:M scalesim_cycles"
printf '[sparsity]\nSparsitySupport : true\n' | cat $S/v3_edge.cfg - >"$out/spon.cfg"
# A convolution's DRAM ifmap reads: its unique ifmap (GoogLeNet's Inc3a_5x5, 28 x 28 x 16 =
# 12544 bytes) rather than the im2col-lowered A (576 x 400 = 230400, the column beside), rounded
# up per chunk (at most one byte for each of its 18 row tiles x at most 4 chunks).
printf 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nInc3a_5x5, 28, 28, 5, 5, 16, 32, 1,\n' >"$out/inc.csv"
"$Q" scalesim -c $S/v3_edge.cfg -t "$out/inc.csv" -p "$out/inc" >/dev/null 2>&1 || fail "Inc3a_5x5 run"
R=$out/inc/qarray_edge
[ "$(col $R/QARRAY_REPORT.csv 19)" = "230400 " ] || fail "lowered ifmap: $(col $R/QARRAY_REPORT.csv 19)"
rd=$(col $R/DETAILED_ACCESS_REPORT.csv 13)
[ "$rd" -ge 12544 ] && [ "$rd" -lt $((12544 + 72)) ] || fail "DRAM IFMAP Reads $rd, not the unique 12544"
[ "$(col $R/QARRAY_REPORT.csv 15)" = "$rd" ] || fail "QARRAY_REPORT's dram_rd_a is not DETAILED_ACCESS_REPORT's"

# ---- --rtl: the RTL's cycles equal the analytic column (4x4, W2) ----
sed 's/ArrayHeight:    8/ArrayHeight: 4/; s/ArrayWidth:     16/ArrayWidth: 4/; s/run_name = conv8x16/run_name = rtl4/' \
  $S/v2_8x16.cfg >"$out/r4.cfg"
"$Q" scalesim -c "$out/r4.cfg" -t $S/conv.csv -p "$out" --rtl --jobs 2 --no-build --packed '^C' >/dev/null 2>"$out/r.err" ||
  fail "--rtl: $(tail -2 "$out/r.err")"
[ "$(col $out/rtl4/QARRAY_REPORT.csv 8)" = "$(col $out/rtl4/QARRAY_REPORT.csv 9)" ] || fail "RTL and analytic differ"
[ "$(col $out/rtl4/QARRAY_REPORT.csv 6)" = "packed packed packed full " ] || fail "--packed '^C'"

# ---- USER bandwidth: the memory system on; total = analytic + stalls ----
sed 's/InterfaceBandwidth: CALC/InterfaceBandwidth: USER/; s/Bandwidth : 10/Bandwidth : 2/; s/run_name = conv8x16/run_name = user/' \
  $S/v2_8x16.cfg >"$out/u.cfg"
"$Q" scalesim -c "$out/u.cfg" -t $S/conv.csv -p "$out" >"$out/u.out" 2>/dev/null || fail "USER run"
grep -q "DRAM 2 B/cycle" "$out/u.out" || fail "the mapping line: $(grep USER "$out/u.out")"
awk -F', ' 'NR == FNR && FNR > 1 {an[FNR] = $8} NR != FNR && FNR > 1 && $2 != an[FNR] + $3 {bad = 1}
            NR != FNR && FNR > 1 && $3 > 0 {stalled = 1} END {exit bad || !stalled}' \
  "$out/user/QARRAY_REPORT.csv" "$out/user/COMPUTE_REPORT.csv" || fail "USER: total != analytic + stall, or no stall at 2 B/cycle"

# ---- bad input: one line, exit 2, no report directory ----
err() { # WANT CFG TOPO [ARGS...]
  want=$1 c=$2 t=$3; shift 3
  rm -rf "$out/bad"; mkdir "$out/bad"
  "$Q" scalesim -c "$c" -t "$t" -p "$out/bad" "$@" >/dev/null 2>"$out/e.err"; rc=$?
  [ $rc = 2 ] || fail "'$want': exit $rc ($(cat "$out/e.err"))"
  grep -q -- "$want" "$out/e.err" || fail "stderr lacks '$want': $(cat "$out/e.err")"
  [ -z "$(ls "$out/bad")" ] || fail "'$want': wrote $(ls "$out/bad")"
}
sed 's/Dataflow : os/Dataflow : ws/' $S/v2_8x16.cfg >"$out/ws.cfg"
err "Dataflow 'ws': qarray models the output-stationary array only" "$out/ws.cfg" $S/conv.csv
sed '5a this line has no equals sign' $S/v2_8x16.cfg >"$out/mal.cfg"
err "mal.cfg:6: not 'key = value'" "$out/mal.cfg" $S/conv.csv
grep -v ArrayHeight $S/v2_8x16.cfg >"$out/noh.cfg"
err "ArrayHeight is missing" "$out/noh.cfg" $S/conv.csv
sed 's/ArrayWidth:     16/ArrayWidth: sixteen/' $S/v2_8x16.cfg >"$out/w.cfg"
err "ArrayWidth must be an integer 2..1024 (the limits of --array), got 'sixteen'" "$out/w.cfg" $S/conv.csv
sed 's/InterfaceBandwidth: CALC/InterfaceBandwidth: FAST/' $S/v2_8x16.cfg >"$out/ib.cfg"
err "InterfaceBandwidth must be CALC or USER" "$out/ib.cfg" $S/conv.csv
err "expected 4 fields (Layer, M, N, K)" $S/v2_8x16.cfg $S/conv.csv -i gemm
sed 's/Conv2, 16, 16/Conv2, 16, x16/' $S/conv.csv >"$out/badt.csv"
err "badt.csv:3: IFMAP Width must be an integer" $S/v2_8x16.cfg "$out/badt.csv"
sed 's/Conv1, 32, 32, 3, 3/Conv1, 2, 32, 3, 3/' $S/conv.csv >"$out/big.csv"
err "big.csv:2: the filter is larger than the IFMAP" $S/v2_8x16.cfg "$out/big.csv"
err "--packed is not a POSIX extended regular expression" $S/v2_8x16.cfg $S/conv.csv --packed '('
err "none.cfg: No such file or directory" "$out/none.cfg" $S/conv.csv
err "layer GEMM_1 is 3:4 sparse and $out/spon.cfg sets SparsitySupport: true: SCALE-Sim v3's compressed N:M filter operand is not modelled" "$out/spon.cfg" "$out/sp.csv" -i gemm
printf 'Layer Name, M, N, K, Sparsity,\nG, 3, 5, 16, 5:4,\n' >"$out/sp54.csv"
err "sparsity must be N:M with integers 1 <= N <= M <= 1024, got '5:4'" $S/v3_edge.cfg "$out/sp54.csv" -i gemm
"$Q" scalesim -t $S/conv.csv >/dev/null 2>"$out/e.err"; [ $? = 2 ] && grep -q "needs -c FILE.cfg" "$out/e.err" || fail "no -c"
"$Q" scalesim -c $S/v2_8x16.cfg -t $S/conv.csv -p "$out/no/such/dir" >/dev/null 2>"$out/e.err"
[ $? = 2 ] && grep -q "cannot make the report directory" "$out/e.err" || fail "a missing -p parent: $(cat "$out/e.err")"
# an unknown key is a warning, not an error
sed 's/\[run_presets\]/[run_presets]\nFancyKey = 3/' $S/v2_8x16.cfg >"$out/unk.cfg"
"$Q" scalesim -c "$out/unk.cfg" -t $S/conv.csv -p "$out" >/dev/null 2>"$out/e.err" || fail "an unknown key failed the run"
grep -q "unknown key 'FancyKey' in \[run_presets\]" "$out/e.err" || fail "no warning naming FancyKey"
echo "test_scalesim: GEMM and conv topologies, SCALE-Sim's formula and mapping efficiency as computed by hand, the RTL equal to the analytic model, v2 and v3 report layouts, the DP split, #dw and N:M fields, the unique ifmap, 14 bad inputs refused"
