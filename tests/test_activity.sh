#!/bin/sh
# test_activity.sh (make test): the register toggles of the structural RTL (make activity,
# sim/activity/qa_activity.v) and the energy model's use of them (docs/energy.md).
# 1. The committed table is what the RTL measures now: every row is measured again and must equal
#    synth/activity.csv's line exactly (an edited table fails).
# 2. Held out: GEMMs of shapes, seeds and bubble rates the table was not made from, at 4x4 and
#    8x8, every precision and both modes, every operand kind: the model's toggles (the table's
#    rates times the run's events, golden/qa_energy.c) within 10 % of the measured ones.
# 3. Hand-made expectations the counter must meet: all-zero operands toggle no activation,
#    weight or accumulator bit in a beat; the FULL multiplier's nets are still in PACKED mode;
#    without operand isolation (vn) they are not.
set -u
Q=${QARRAY:-build/qarray}
unset MAKEFLAGS
fail() { echo "test_activity: FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# 1. the table, re-measured: every row of synth/activity.csv again, from its own configuration
tail -n +2 synth/activity.csv | while IFS=, read -r r c w mode kind iso rest; do
  got=$(QARRAY=$Q bash synth/activity.sh row "$r" "$c" "$w" "$mode" "$kind" "$iso" 2>"$out/err") ||
    { echo "measuring ${r}x$c W$w $mode $kind iso=$iso: $(tail -1 "$out/err")" >"$out/bad"; break; }
  grep -qx "$got" synth/activity.csv ||
    { echo "synth/activity.csv's ${r}x$c W$w $mode $kind iso=$iso row is not what the RTL measures: $got (make activity)" >"$out/bad"; break; }
done
[ -s "$out/bad" ] && fail "$(cat "$out/bad")"
rows=$(($(wc -l <synth/activity.csv) - 1))
[ "$rows" -ge 54 ] || fail "synth/activity.csv has $rows rows, make activity writes 54"
echo "test_activity: the $rows rows of synth/activity.csv measured again, equal"

# 2. held out: ARRAY WBITS MODE KIND M K N BUBBLE SEED
worst=0
n=0
held() {
  "$Q" gemm --array "$1" --wbits "$2" --mode "$3" --fill "$4" --m "$5" --k "$6" --n "$7" \
    --bubble "$8" --seed "$9" --mesh activity >"$out/g.log" 2>&1 || fail "$*: exit $? ($(tail -1 "$out/g.log"))"
  line=$(grep '^toggles' "$out/g.log") || fail "$*: no toggles line"
  pct=$(echo "$line" | sed -n 's/.*(\([-+][0-9.]*\) %.*/\1/p')
  [ -n "$pct" ] || fail "$*: $line"
  a=$(echo "$pct" | tr -d '+-')
  awk -v a="$a" 'BEGIN { exit !(a <= 10) }' || fail "$*: model off by $pct % ($line)"
  echo "test_activity: held out $*: model $pct %"
  worst=$(awk -v a="$a" -v w="$worst" 'BEGIN { print (a > w ? a : w) }')
  n=$((n + 1))
}
held 4x4 1 packed random 12 200 20 25 7
held 4x4 2 packed llm 20 96 12 5 9
held 4x4 4 packed zero 28 64 8 20 11
held 4x4 8 full llm 8 40 24 0 13
held 4x4 2 full random 6 70 10 30 15
held 8x8 1 packed llm 24 160 40 15 3
held 8x8 2 packed random 40 64 16 0 5
held 8x8 4 full zero 16 48 24 10 17
held 8x8 8 packed random 20 90 36 35 19
echo "test_activity: held-out toggles: $n GEMMs, worst model error $worst %"

# 3. expectations by hand
"$Q" gemm --array 4x4 --wbits 2 --fill zero --m 8 --k 64 --n 8 --mesh activity >"$out/z.log" 2>&1 ||
  fail "zero operands: $(tail -1 "$out/z.log")"
act=$(grep '^activity' "$out/z.log")
for k in aw_beat acc_beat mul_beat; do
  echo "$act" | grep -q " $k=0 " || fail "all-zero operands toggled $k: $act"
done
"$Q" gemm --array 4x4 --wbits 2 --fill random --m 8 --k 64 --n 8 --bubble 20 --mesh activity-noiso >"$out/n.log" 2>&1 ||
  fail "no isolation: $(tail -1 "$out/n.log")"
grep '^activity' "$out/n.log" | grep -q ' mul_beat=0 ' && fail "without operand isolation the FULL multiplier stayed still"
"$Q" gemm --array 4x4 --wbits 2 --fill random --m 8 --k 64 --n 8 --bubble 20 --mesh activity >"$out/i.log" 2>&1 ||
  fail "isolation: $(tail -1 "$out/i.log")"
grep '^activity' "$out/i.log" | grep -q ' mul_beat=0 mul_bubble=0 ' || fail "with operand isolation the FULL multiplier toggled in PACKED mode: $(grep '^activity' "$out/i.log")"
echo "test_activity: PASS"
