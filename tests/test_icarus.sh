#!/bin/sh
# test_icarus.sh (make test): a second simulator. The structural RTL (MESH=0) and the loop twin
# (MESH=1) run under Icarus Verilog 11 on the stimulus a Verilator run of `qarray gemm` recorded
# (--dump-stim: every cycle's inputs, bubbles and back-pressure included), and must do exactly
# what the Verilator model did in every cycle: in_ready, every output row, its row number and
# its data (tests/icarus/tb_replay.v). Icarus starts every register at X, Verilator's run at 0.
# Cases: 4x4, 8x4 and 4x8 at every WBITS, both modes, 20 % input bubbles and 20 % output
# back-pressure; and the ACCW=16 wrap (4x4 INT8, extreme operands, K=600).
set -eu
Q=${QARRAY:-build/qarray}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "test_icarus: FAIL: $*" >&2; exit 1; }
command -v iverilog >/dev/null || fail "iverilog is not installed (make deps installs it)"
n=0
# replay NAME ROWS COLS WBITS ACCW GEMM-OPTIONS...: the Verilator run, then Icarus on both meshes.
replay() {
  name=$1 r=$2 c=$3 w=$4 a=$5
  shift 5
  d="$out/$name"
  # shellcheck disable=SC2068
  $Q gemm --array "${r}x$c" --wbits "$w" --accw "$a" --mesh pe --no-build --no-triage \
    --dump-stim "$d" $@ >"$d.log" 2>&1 || fail "$name: qarray gemm failed (see below)
$(cat "$d.log")"
  grep -q "golden check     PASS" "$d.log" || fail "$name: the Verilator run did not pass"
  cycles=$(sed -n 's/.*CYCLES=\([0-9]*\).*/\1/p' "$d/params.txt")
  # the user's replay command (docs/debugging.md), both meshes
  sh scripts/replay.sh "$d" >"$d/replay.log" 2>&1 || fail "$name: $(cat "$d/replay.log")"
  rows=$(grep -c ' 1 ' "$d/expect.txt" || true)
  n=$((n + 1))
  echo "test_icarus: $name: $cycles cycles, $rows rows, both meshes equal to Verilator" >&2
}
for a in 4x4 8x4 4x8; do
  r=${a%x*} c=${a#*x}
  for w in 1 2 4 8; do
    for mode in packed full; do
      replay "r${r}c${c}w${w}_$mode" "$r" "$c" "$w" 32 --mode $mode --m 9 --k 37 --n 13 --bubble 20 --stall 20 --seed $w
    done
  done
done
replay r4c4w8a16_wrap 4 4 8 16 --mode full --fill extreme --m 4 --k 600 --n 5 --stall 20
# Tiles of one beat under heavy back-pressure: last beats wait in the skid register for the
# drain interval and for room in the output buffer (credits), so in_ready_o drops.
replay r4c4w2_short 4 4 2 32 --m 9 --k 3 --n 13 --stall 60 --bubble 10 --seed 7
# The interface checks can fail, under Icarus: a recorded run whose producer withdraws a beat
# before in_ready (the cycle after the first beat offered and not accepted, its valid bit
# cleared), and a reset of one cycle, must each be reported.
d="$out/r4c4w2_short"
line=$(paste -d ' ' "$d/ctl.hex" "$d/expect.txt" |
  awk '{ v = index("0123456789abcdef", substr($1, 1, 1)) - 1; if (length($1) == 2 && v >= 1 && $2 == 0) { print NR + 1; exit } }')
[ -n "$line" ] || fail "no beat waited for in_ready in r4c4w2_short"
hex=$(sed -n "${line}p" "$d/ctl.hex")
[ $((0x$hex & 16)) -ne 0 ] || fail "the beat is not offered again after in_ready was low in r4c4w2_short (line $line: $hex)"
cp "$d/ctl.hex" "$d/ctl.orig"
{ head -n $((line - 1)) "$d/ctl.orig"; printf '%x\n' $((0x$hex - 16)); tail -n +$((line + 1)) "$d/ctl.orig"; } >"$d/ctl.hex"
vvp -n "$d/sim0" +dir="$d" +n=$(wc -l <"$d/ctl.hex") >"$d/rude.log" 2>&1 || true
grep -q "in_valid_i dropped before in_ready_o" "$d/rude.log" ||
  fail "a withdrawn beat was not reported: $(head -3 "$d/rude.log")"
cp "$d/ctl.orig" "$d/ctl.hex"
vvp -n "$d/sim0" +dir="$d" +n=$(wc -l <"$d/ctl.hex") +reset=1 >"$d/reset.log" 2>&1 || true
grep -q "rst_ni was low for 1 clock cycle" "$d/reset.log" || fail "a 1-cycle reset was not reported"
# replay.sh can fail: a recording whose expected outputs were edited (one row's data) differs
d="$out/r4c4w2a32_edit"
cp -r "$out/r4c4w2_short" "$d"
line=$(grep -n ' 1 ' "$d/expect.txt" | head -1 | cut -d: -f1)
sed -i "${line}s/ 1 \([0-9]*\) \([0-9a-f]\)/ 1 \1 X\2/" "$d/expect.txt"
sh scripts/replay.sh "$d" 0 >"$d/replay.log" 2>&1 && fail "replay.sh passed an edited recording"
grep -q "MESH=0 under Icarus differs from Verilator at cycle $((line - 1))" "$d/replay.log" ||
  fail "replay.sh on an edited recording: $(cat "$d/replay.log")"
# The recording qarray.core's sim target replays (tests/fusesoc/stim/), checked by tb_replay
# itself (+check, its cycles from params.txt): a change to the RTL's timing fails here until it
# is recorded again (sh tests/fusesoc/record.sh). And +check fails on an edited recording.
d="$out/fusesoc-stim"
cp -r tests/fusesoc/stim "$d"
iverilog -g2005 -DQA_ASSERT -o "$d/sim" -Irtl -s tb_replay -Ptb_replay.ROWS=4 -Ptb_replay.COLS=4 \
  -Ptb_replay.WBITS=2 -Ptb_replay.ACCW=32 tests/icarus/tb_replay.v rtl/*.v sim/qa_if_check.v ||
  fail "iverilog could not build tb_replay for tests/fusesoc/stim"
vvp -n "$d/sim" +dir="$d" +check >"$d/check.log" 2>&1 ||
  fail "tests/fusesoc/stim no longer replays (re-record it: sh tests/fusesoc/record.sh): $(grep -m1 FATAL "$d/check.log")"
line=$(grep -n ' 1 ' "$d/expect.txt" | sed -n 3p | cut -d: -f1)
sed -i "${line}s/ 1 \([0-9]*\) \([0-9a-f]\)/ 1 \1 f\2/" "$d/expect.txt"
vvp -n "$d/sim" +dir="$d" +check >"$d/edit.log" 2>&1 && fail "tb_replay +check passed an edited recording"
grep -q "cycle $((line - 1)) differs from expect.txt" "$d/edit.log" || fail "tb_replay +check: $(cat "$d/edit.log")"
rc=0
sh scripts/replay.sh "$out/none" >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "replay.sh on no recording: exit $rc, want 2"
echo "test_icarus: $n Verilator runs replayed under Icarus on both meshes, every cycle equal, no interface check failed; a withdrawn beat and a 1-cycle reset are reported; the FuseSoC recording checks itself"
