#!/bin/sh
# test_make.sh: the Makefile's own contract, run by make test.
#  The test target lists every model its programs load as a prerequisite, so make builds them
#  in parallel before any test runs (issue 11: WAVE_LIBS was used before it was defined, so the
#  debug builds expanded to nothing and were built serially inside test_waves).
set -eu
fail() { echo "test_make: FAIL: $*" >&2; exit 1; }
prereq=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -np test 2>/dev/null | grep '^test:' | head -1)
[ -n "$prereq" ] || fail "no test target in make's database"
for lib in build/cfg/r4c4w2a32t/libqa.so build/cfg/r4c4w2a32m1t/libqa.so \
           build/cfg/r4c4w2a32-sign/libqa.so build/cfg/r256c256w2a32m1/libqa.so; do
  echo "$prereq" | tr ' ' '\n' | grep -qx "$lib" || fail "the test target does not build $lib first"
done
# docs/cli.md is what the options table prints (regenerate: sh docs/mkcli.sh build/qarray > docs/cli.md)
Q=${QARRAY:-build/qarray}
sh docs/mkcli.sh "$Q" | cmp -s - docs/cli.md ||
  fail "docs/cli.md differs from 'sh docs/mkcli.sh $Q' (the options changed: regenerate it)"
echo "test_make: the test target builds every model its programs load; docs/cli.md is current"
