#!/bin/sh
# arch.sh NAME: one constant of golden/qa_arch.h as the C preprocessor expands it, for the shell
# scripts that need the array's constants (tests/test_arch.sh, tests/mutants.sh). NAME: a macro
# (QA_DIM_MAX), or "mutants" for the names in QA_MUTANTS, one per line.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cc=${CC:-cc}
case $1 in
  mutants) printf '#include "qa_arch.h"\n#define N(n) @n@\nQA_MUTANTS(N)\n' |
           $cc -E -P -I"$root/golden" -x c - | tr ' ' '\n' | sed -n 's/^@\(.*\)@$/\1/p' ;;
  *) printf '#include "qa_arch.h"\n@%s@\n' "$1" | $cc -E -P -I"$root/golden" -x c - |
     sed -n 's/^@\(.*\)@$/\1/p' | tr -d ' ' ;;
esac
