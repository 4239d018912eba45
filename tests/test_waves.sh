#!/bin/sh
# test_waves.sh: the waveform side (issue 6), run by make test.
#  1. the committed views (waves/*.gtkw) are what waves/mkgtkw.sh makes (no drift);
#  2. traces of the 4x4 debug builds, per-PE and loop mesh, hold every signal their views name;
#  3. windows: --trace-cycles A:B dumps exactly cycles A..B (FST times 2A .. 2B+1), and
#     --trace-tile N starts at tile N's first beat.
# (That the fast builds have no tracing compiled in is test_cosim's no_trace.)
set -eu
Q=${QARRAY:-build/qarray}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "test_waves: FAIL: $*" >&2; exit 1; }
for m in pe loop; do
  mesh=0; [ $m = loop ] && mesh=1
  sh waves/mkgtkw.sh 4 4 4 32 $mesh | cmp -s - waves/qa_4x4_$m.gtkw ||
    fail "waves/qa_4x4_$m.gtkw differs from waves/mkgtkw.sh 4 4 4 32 $mesh"
  $Q gemm --array 4x4 --wbits 2 --mesh $m --m 9 --k 37 --n 13 --trace "$out/$m.fst" >"$out/$m.txt" ||
    fail "traced gemm ($m mesh)"
  grep -q "golden check     PASS" "$out/$m.txt" || fail "traced gemm ($m mesh) did not pass"
  sh tests/check_gtkw.sh waves/qa_4x4_$m.gtkw "$out/$m.fst" || fail "view $m"
done
# timestamps of a trace: the first and last "#T" of its VCD
span() { fst2vcd "$1" 2>/dev/null | awk '/^#[0-9]+$/ {t = substr($0, 2) + 0; if (n++ == 0) lo = t; hi = t} END {print lo, hi}'; }
$Q gemm --array 4x4 --wbits 2 --mesh pe --m 9 --k 37 --n 13 --trace "$out/w.fst" --trace-cycles 10:20 >/dev/null
set -- $(span "$out/w.fst")
[ "$1" = 20 ] && [ "$2" = 41 ] || fail "--trace-cycles 10:20 dumped times $1..$2, expected 20..41"
# 9x37x13 on 4x4 W2: Kt = 10 beats, 3 x 4 = 12 tiles back to back; tile 5 enters at cycle 50,
# and its last row leaves 2R + C + 2 = 14 cycles after its last beat (cycle 59): cycle 73. The
# window closes at the next chunk boundary after that (tiles are 10 cycles): before cycle 90.
$Q gemm --array 4x4 --wbits 2 --mesh pe --m 9 --k 37 --n 13 --trace "$out/t.fst" --trace-tile 5 >/dev/null
set -- $(span "$out/t.fst")
[ "$1" = 100 ] || fail "--trace-tile 5 starts at time $1, expected 100 (cycle 50)"
[ "$2" -ge 147 ] && [ "$2" -lt 180 ] || fail "--trace-tile 5 ends at time $2, expected 147..179"
# --trace-depth 1 holds qa_top's ports and nothing else: exactly the names its port list
# declares, in the one TOP scope; depth 2 adds qa_top's own scope, and no depth is deeper still.
ports=$(sed -n 's/^[[:space:]]*\(input\|output\)[^;]*[[:space:]]\([a-z_0-9]*\)[[:space:]]*,\{0,1\}[[:space:]]*\(\/\/.*\)\{0,1\}$/\2/p' rtl/qa_top.v | sort | tr '\n' ' ')
vars() { fst2vcd "$1" 2>/dev/null | awk '$1 == "$var" {print $5}' | sort | tr '\n' ' '; }
scopes() { fst2vcd "$1" 2>/dev/null | grep -c '^\$scope'; }
for d in 1 2; do
  $Q gemm --array 4x4 --wbits 2 --mesh pe --m 5 --k 9 --n 5 --trace "$out/d$d.fst" --trace-depth $d >/dev/null ||
    fail "gemm --trace-depth $d"
done
[ "$(vars "$out/d1.fst")" = "$ports" ] || fail "--trace-depth 1 traced '$(vars "$out/d1.fst")', expected the ports '$ports'"
[ "$(scopes "$out/d1.fst")" = 1 ] || fail "--trace-depth 1 has $(scopes "$out/d1.fst") scopes, expected 1"
[ "$(scopes "$out/d2.fst")" = 2 ] || fail "--trace-depth 2 has $(scopes "$out/d2.fst") scopes, expected 2"
n2=$(vars "$out/d2.fst" | wc -w); nall=$(vars "$out/pe.fst" | wc -w)
[ "$n2" -gt 28 ] && [ "$nall" -gt "$n2" ] || fail "depths: 2 has $n2 variables, all levels $nall"
echo "test_waves: views match their generator, every named signal is in the traces, windows exact"
