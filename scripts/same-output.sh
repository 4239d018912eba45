#!/bin/sh
# same-output.sh record DIR | compare DIR: a refactoring's proof that behaviour did not change.
# `record` runs, with build/qarray, the README's tour and every documented command
# (tests/test_docs.sh with QA_DOCS_RECORD), every command's --help, the error lines of a set of
# bad inputs, and the unit tests' output, and keeps stdout, stderr, exit status and the checksum
# of every file written in DIR. `compare` does the same into a scratch directory and diffs it
# against DIR: any byte of difference is printed and fails (exit 1).
# What varies from run to run by nature (wall-clock seconds, simulation rates, temporary paths)
# is masked first, by one sed script below, and nothing else.
set -eu
unset MAKEFLAGS MFLAGS MAKELEVEL
[ $# = 2 ] && { [ "$1" = record ] || [ "$1" = compare ]; } ||
  { echo "usage: sh scripts/same-output.sh record|compare DIR" >&2; exit 2; }
mode=$1 ref=$2
Q=build/qarray
# Everything up to date first: the tour runs make, whose output would otherwise differ.
make -s build/qarray $(for t in test_golden test_npy test_mem test_study test_block; do echo build/tests/$t; done) >/dev/null ||
  { echo "same-output: make failed" >&2; exit 2; }
[ "$mode" = compare ] && [ ! -f "$ref/tour.log" ] && { echo "same-output: $ref has no record" >&2; exit 2; }
if [ "$mode" = record ]; then out=$ref; rm -rf "$out"; else out=$(mktemp -d); fi
mkdir -p "$out"

# The volatile parts: seconds, rates, temporary directories.
mask() {
  sed -E -e 's/[0-9]+(\.[0-9]+)? (s|ms|us|min)\b/T \2/g' \
    -e 's/[0-9]+(\.[0-9]+)? ?(kHz|MHz sim|Hz|cycles\/s|GEMMs\/s|MAC\/s|MMAC\/s)/R \2/g' \
    -e 's#/tmp/[A-Za-z0-9._/-]*#/tmp/X#g' -e 's/eta [0-9:]+/eta X/g' \
    -e 's/^(qarray: [a-z]+ )[0-9]+\//\1N\//' |
    # workers finish in any order: each run of progress lines is compared as a sorted set
    awk '/^qarray: [a-z]+ N\// { print | "LC_ALL=C sort"; open = 1; next }
         { if (open) { close("LC_ALL=C sort"); open = 0 } print }
         END { if (open) close("LC_ALL=C sort") }'
}

QA_DOCS_RECORD=$(cd "$out" && pwd) sh tests/test_docs.sh >/dev/null
mask <"$out/tour.log" >"$out/tour.masked" && mv "$out/tour.masked" "$out/tour.log"

# Every command's help, and the one-line errors of bad input (stdout, stderr, exit status).
{
  "$Q" help
  for c in $("$Q" help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF && $1 != "help" && $1 !~ /^-/ {print $1}'); do
    echo "## $c --help"; "$Q" "$c" --help
  done
  while IFS= read -r args; do
    echo "## $args"
    # shellcheck disable=SC2086
    "$Q" $args 2>&1 && echo "exit 0" || echo "exit $?"
  done <<'EOF'
nosuch
gemm
gemm --m 0 --k 4 --n 4
gemm --m 4 --k 4 --n 4 --wbits 3
gemm --m 4 --k 4 --n 4 --array 0x4
gemm --a nosuch.npy --w nosuch.npy
model --m 4 --k 4
model --m 4 --k 4 --n 4 --bogus
model --m 128 --k 768 --n 3072 --array edge --wbits 1
model --m 1 --k 4096 --n 4096 --array cloud --mode full
models --models nosuch.txt
gemms --model nosuch --seq 16
gemms --model gpt2 --seq 0
amdahl --model gpt2 --seq 128 --phase nosuch
amdahl --model gpt2 --arrays edge --seq 512 --energy-table
amdahl --columns
block --model gpt2
lockstep --cycles 0
merge
merge nosuch.csv --csv x.csv
scalesim -c nosuch.cfg -t nosuch.csv
report
EOF
} 2>&1 | mask >"$out/cli.log"

# The unit tests' own report (cmocka): the same cases, the same verdicts.
for t in test_golden test_npy test_mem test_study test_block; do
  [ -x "build/tests/$t" ] || { echo "same-output: build/tests/$t is not built (make test)" >&2; exit 2; }
  echo "## $t"; "build/tests/$t" 2>&1 | mask
done >"$out/unit.log"

if [ "$mode" = record ]; then
  echo "same-output: recorded $(grep -c '^\$ ' "$out/tour.log") documented commands, $(wc -l <"$out/files.txt") files, $(grep -c '^## ' "$out/cli.log") CLI cases in $ref"
  exit 0
fi
rc=0
for f in tour.log files.txt cli.log unit.log; do
  diff -u "$ref/$f" "$out/$f" || rc=1
done
if [ $rc = 0 ]; then
  echo "same-output: byte-identical to $ref: $(grep -c '^\$ ' "$out/tour.log") documented commands, $(wc -l <"$out/files.txt") files written, $(grep -c '^## ' "$out/cli.log") CLI cases, $(grep -c '^## ' "$out/unit.log") unit tests"
  rm -rf "$out"
else
  echo "same-output: DIFFERENT from $ref (above; this run kept in $out)" >&2
fi
exit $rc
