#!/bin/sh
# test_scale.sh (make test): RTL runs spread over threads (--jobs), shards (--shard, merge) and
# block ranges (--layers A:B --input golden) must give what one serial run gives, byte for byte,
# and every way of getting the pieces wrong must be refused with one line.
#
# Independent expectations: the RTL's cycles equal the closed-form model, so an --rtl CSV is the
# analytic CSV with cycles_source rtl; a block's output under --jobs N is bit-identical to the
# golden model's (the CSV's bit_identical and its output hashes); the serial run is the reference
# for everything split.
set -u
Q=${QARRAY:-build/qarray}
T=tests/models_tiny.txt
fail() { echo "test_scale: FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
SWEEP="--models $T --model tiny-gpt,tiny-llama --array 4x4,8x4 --seq 16,32 --wbits 1,2 --no-build"

# ---- amdahl --rtl: --jobs 1, 2, 3 and the analytic model ----
"$Q" amdahl $SWEEP --csv "$out/an.csv" >/dev/null 2>&1 || fail "analytic sweep"
for j in 1 2 3; do
  "$Q" amdahl --rtl $SWEEP --jobs $j --csv "$out/j$j.csv" >"$out/j$j.out" 2>"$out/j$j.err" ||
    fail "amdahl --rtl --jobs $j: exit $? ($(tail -1 "$out/j$j.err"))"
done
cmp -s "$out/j1.csv" "$out/j2.csv" && cmp -s "$out/j1.csv" "$out/j3.csv" || fail "--jobs changed the CSV"
cmp -s "$out/j1.out" "$out/j2.out" && cmp -s "$out/j1.out" "$out/j3.out" || fail "--jobs changed the table"
sed 's/,analytic,/,rtl,/' "$out/an.csv" | cmp -s - "$out/j1.csv" || fail "RTL CSV differs from the analytic one"
n=$(grep -c '^qarray: rtl [0-9]*/' "$out/j2.err")
grep -q "RTL: $n GEMMs simulated .* on 2 workers" "$out/j2.err" || fail "jobs 2: $n progress lines, summary: $(tail -1 "$out/j2.err")"
[ "$n" -gt 20 ] || fail "only $n distinct GEMMs"
# --rtl-sample draws the same tiles whatever the workers
for j in 1 2; do
  "$Q" amdahl --rtl-sample 3 $SWEEP --jobs $j --csv "$out/s$j.csv" >"$out/s$j.out" 2>"$out/s$j.err" || fail "--rtl-sample --jobs $j"
done
cmp -s "$out/s1.csv" "$out/s2.csv" && cmp -s "$out/s1.out" "$out/s2.out" || fail "--rtl-sample: --jobs changed the output"
grep -h 'tiles sampled' "$out/s1.err" "$out/s2.err" | uniq | wc -l | grep -qx 1 || fail "--rtl-sample: tile counts differ"

# ---- a failure under threads is the serial run's first failure ----
MUT="--rtl --models $T --model tiny-gpt,tiny-llama --array 4x4 --seq 16,32 --wbits 2 --mutant sign --no-build"
for j in 1 2; do
  "$Q" amdahl $MUT --jobs $j >/dev/null 2>"$out/m$j.err"; rc=$?
  [ $rc = 1 ] || fail "amdahl on a mutant, --jobs $j: exit $rc"
done
a=$(grep 'RTL result mismatch' "$out/m1.err"); b=$(grep 'RTL result mismatch' "$out/m2.err")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "first failure differs: '$a' vs '$b'"

# ---- shards and merge ----
for i in 0 1 2; do
  "$Q" amdahl --rtl $SWEEP --shard $i/3 --jobs 1 --csv "$out/sh$i.csv" >"$out/sh$i.out" 2>"$out/sh$i.err" ||
    fail "shard $i/3: exit $?"
  [ -s "$out/sh$i.out" ] && fail "shard $i printed a table"
done
# together they cover the list once, balanced by predicted cycles
rows=$(cat "$out"/sh?.csv | grep -c '^[0-9]')
[ "$rows" = "$n" ] || fail "shards hold $rows GEMMs, the sweep $n"
"$Q" merge "$out/sh2.csv" "$out/sh0.csv" "$out/sh1.csv" --csv "$out/merged.csv" >"$out/merged.out" 2>"$out/merge.err" ||
  fail "merge: $(tail -1 "$out/merge.err")"
cmp -s "$out/merged.csv" "$out/j1.csv" || fail "merged CSV differs from the unsharded one"
cmp -s "$out/merged.out" "$out/j1.out" || fail "merge's table differs from the unsharded one"
err() { # WANT ARGS...: exit 2, one line naming WANT, no output file
  want=$1; shift
  rm -f "$out/x.csv"
  "$Q" "$@" >/dev/null 2>"$out/e.err"; rc=$?
  [ $rc = 2 ] || fail "'$*': exit $rc, want 2 ($(cat "$out/e.err"))"
  grep -q -- "$want" "$out/e.err" || fail "'$*': stderr lacks '$want': $(cat "$out/e.err")"
  [ -e "$out/x.csv" ] && fail "'$*' wrote its output"
  return 0
}
err "shard 1/3 is missing" merge "$out/sh0.csv" "$out/sh2.csv" --csv "$out/x.csv"
err "sh1.csv is shard 1/3 again" merge "$out/sh0.csv" "$out/sh1.csv" "$out/sh1.csv" "$out/sh2.csv" --csv "$out/x.csv"
"$Q" amdahl --rtl $(echo "$SWEEP" | sed "s/--seq 16,32/--seq 16/") --shard 0/3 --csv "$out/f0.csv" 2>/dev/null || fail "foreign shard"
err "f0.csv belongs to another sweep" merge "$out/sh0.csv" "$out/sh1.csv" "$out/f0.csv" --csv "$out/x.csv"
err "not an amdahl shard file" merge "$out/an.csv" --csv "$out/x.csv"
err "cannot read the shard file" merge "$out/none.csv" --csv "$out/x.csv"
# a shard that lost a row, and one whose RTL count was changed (exit 1: a failed check)
sed '$d' "$out/sh1.csv" >"$out/cut.csv"
err "lacks the sweep's GEMM" merge "$out/sh0.csv" "$out/cut.csv" "$out/sh2.csv" --csv "$out/x.csv"
awk -F, 'BEGIN{OFS=","} /^[0-9]/ && !d {$10 = $10 + 1; d = 1} {print}' "$out/sh1.csv" >"$out/bad.csv"
"$Q" merge "$out/sh0.csv" "$out/bad.csv" "$out/sh2.csv" --csv "$out/x.csv" >/dev/null 2>"$out/e.err"
[ $? = 1 ] && grep -q DISAGREE "$out/e.err" && [ ! -e "$out/x.csv" ] || fail "a changed RTL count was merged"
sed 's/^# arg --rtl$/# arg --rtl\n# arg --plan/' "$out/sh0.csv" >"$out/plan.csv"
err "its arguments are not those of an amdahl --rtl sweep" merge "$out/plan.csv" "$out/sh1.csv" "$out/sh2.csv" --csv "$out/x.csv"
err "--plan takes --rtl and neither --csv nor --shard" amdahl --rtl $SWEEP --plan --csv "$out/x.csv"
err "--shard writes a shard file: give --csv" amdahl --rtl $SWEEP --shard 0/2
err "--shard needs --rtl" amdahl $SWEEP --shard 0/2 --csv "$out/x.csv"
err "--shard must be I/N" amdahl --rtl $SWEEP --shard 2/2 --csv "$out/x.csv"
err "--jobs must be an integer 1..256" amdahl --rtl $SWEEP --jobs 0
err "--trace follows one model" amdahl --rtl $SWEEP --jobs 2 --trace "$out/x.fst"
err "merge writes --csv OUT" merge "$out/sh0.csv"

# ---- block: --jobs, and --layers A:B --input golden merged ----
B="block --models $T --array 4x4 --seq 16 --no-build"
for m in tiny-gpt tiny-llama; do
  "$Q" $B --model $m --layers all --jobs 1 --csv "$out/b1.csv" >"$out/b1.out" 2>"$out/b1.err" || fail "block $m --jobs 1"
  "$Q" $B --model $m --layers all --jobs 2 --csv "$out/b2.csv" >"$out/b2.out" 2>"$out/b2.err" || fail "block $m --jobs 2"
  cmp -s "$out/b1.csv" "$out/b2.csv" || fail "block $m: --jobs changed the CSV"
  diff "$out/b1.out" "$out/b2.out" | grep '^[<>]' | grep -vq 'wall time' && fail "block $m: --jobs changed the table"
  [ "$(grep -c ',1,0\.' "$out/b1.csv")" = 2 ] || fail "block $m: not every block bit-identical: $(cat "$out/b1.csv")"
  "$Q" $B --model $m --layers 1:1 --input golden --jobs 2 --csv "$out/p1.csv" >/dev/null 2>&1 || fail "block $m 1:1"
  "$Q" $B --model $m --layers 0:0 --jobs 2 --csv "$out/p0.csv" >/dev/null 2>&1 || fail "block $m 0:0"
  "$Q" merge "$out/p1.csv" "$out/p0.csv" --csv "$out/pm.csv" >"$out/pm.out" 2>&1 || fail "block merge: $(cat "$out/pm.out")"
  cmp -s "$out/pm.csv" "$out/b1.csv" || fail "block $m: merged parts differ from the serial run"
  grep -q "chained, every one bit-identical" "$out/pm.out" || fail "block merge says: $(cat "$out/pm.out")"
done
err "block 1 of 2 is in no file" merge "$out/p0.csv" --csv "$out/x.csv"
err "is in both" merge "$out/p0.csv" "$out/b1.csv" --csv "$out/x.csv"
err "needs --input golden" $B --model tiny-gpt --layers 1:1
err "A:B with 0 <= A <= B <= 1" $B --model tiny-gpt --layers 1:0
"$Q" $B --model tiny-gpt --layers 1:1 --input golden --csv "$out/g1.csv" >/dev/null 2>&1 || fail "tiny-gpt 1:1"
err "is of another run" merge "$out/p0.csv" "$out/g1.csv" --csv "$out/x.csv"
# a part that does not chain (its input is not block 0's output): a failed check
awk -F, 'BEGIN{OFS=","} NR == 3 {$2 = "0000000000000001"} {print}' "$out/p1.csv" >"$out/nc.csv"
"$Q" merge "$out/p0.csv" "$out/nc.csv" --csv "$out/x.csv" >/dev/null 2>"$out/e.err"
[ $? = 1 ] && grep -q "do not chain" "$out/e.err" || fail "an unchained part was merged: $(cat "$out/e.err")"

# ---- demo: the table but its kHz column ----
for j in 1 2; do
  "$Q" demo --no-build --jobs $j >"$out/d$j.out" 2>"$out/d$j.err" || fail "demo --jobs $j"
  awk '{ if ($NF == "PASS") $(NF - 1) = ""; print }' "$out/d$j.out" >"$out/d$j.cut"
done
cmp -s "$out/d1.cut" "$out/d2.cut" || fail "demo: --jobs changed the table: $(diff "$out/d1.cut" "$out/d2.cut")"
grep -q 'all GEMMs bit-exact and cycle-exact' "$out/d2.out" || fail "demo --jobs 2 did not pass"

echo "test_scale: $n distinct GEMMs identical on 1, 2 and 3 workers and equal to the analytic model; 3 shards merged byte for byte; block parts merged and chained; 18 bad inputs refused; $(($(date +%s) - start)) s"
