#!/bin/sh
# mutants.sh (make mutants): proof that the verification catches RTL bugs. Each deliberate fault
# of rtl/qa_mutants.vh is built into both meshes of a small array (configuration NAME-MUTANT),
# the regular co-simulation tests run against it, and one failing `qarray gemm` is triaged.
# A mutant is killed when at least one test fails; the triage must name the right place (the
# skewed row's PEs for skew; a tile and a cycle for the dropped or overwritten row of outvalid,
# drain, rowtag and credit; a PE and its
# cycle window otherwise, reproduced by the re-run of the tile alone). The lockstep build with the
# fault in that mesh only (qarray lockstep --mutant-in pe|twin) must diverge and name the cycle,
# the place (PE and register, or signal) and both values. Prints a table (also
# written to build/mutants/table.md); exits 1 if any mutant survives or is mis-triaged.
set -u
Q=${QARRAY:-build/qarray}
out=build/mutants
mkdir -p "$out"
table="$out/table.md"
printf '| mutant | mesh | build | killed | failing tests | triage | lockstep, the fault in this mesh only |\n|---|---|---|---|---|---|---|\n' >"$table"
bad=0
for m in $(sh tests/arch.sh mutants); do  # QA_MUTANTS, golden/qa_arch.h
  ls="--wbits 2"  # the lockstep run's precision
  case $m in
    acctrunc) base=r4c4w8a16; gemm="--wbits 8 --accw 16 --mode full --fill extreme --m 4 --k 64 --n 4"
              ls="--wbits 8 --accw 16" ;;
    outvalid) base=r4c4w2a32; gemm="--wbits 2 --m 9 --k 37 --n 13 --stall 40" ;;
    credit)   base=r4c4w2a32; gemm="--wbits 2 --m 20 --k 3 --n 20 --stall 90" ;;
    *)        base=r4c4w2a32; gemm="--wbits 2 --m 9 --k 37 --n 13" ;;
  esac
  for mesh in pe loop; do
    sfx=""; [ $mesh = loop ] && sfx=m1
    name=$base$sfx-$m
    echo "mutants: $name" >&2
    if ! make -s "build/cfg/$name/libqa.so" >"$out/$name.build.log" 2>&1; then
      echo "| $m | $mesh | FAILED | - | - | - | - |" >>"$table"; bad=1; continue
    fi
    build/tests/test_cosim "$name" >"$out/$name.tests.log" 2>&1
    names=$(grep '^\[  FAILED  \] [^0-9]' "$out/$name.tests.log" | sed 's/.*\///' | sort -u | tr '\n' ' ' | sed 's/ $//')
    failed=$(echo "$names" | wc -w)
    killed=no; [ "$failed" -gt 0 ] && killed=yes
    [ $killed = yes ] || bad=1
    rm -rf "$out/repro-$name"
    # shellcheck disable=SC2086
    $Q gemm --array 4x4 --mesh $mesh $gemm --mutant $m --repro "$out/repro-$name" \
      >"$out/$name.gemm.log" 2>&1
    rc=$?
    log="$out/$name.gemm.log"
    case $m in
      outvalid|drain|rowtag|credit)
        # rows lost or out of order (an RTL failure: exit 1): the message names the tile, the
        # row and the cycle
        line=$(grep -o -e 'protocol error: tile [0-9]*: expected row [0-9]*, got row [0-9]* at cycle [0-9]*' \
                       -e 'lost output rows: [0-9]* of [0-9]* rows delivered, the last at cycle [0-9]* (tile [0-9]*, row [0-9]* expected next)' \
                       -e 'lost output rows: none of [0-9]* rows delivered (row [0-9]* of tile 0 expected first)' \
                       -e 'cycle [0-9]*: output row [0-9]* [a-z]* before out_ready_i' \
                       -e 'cycle [0-9]*: output buffer overflow' "$log" | head -1)
        if [ $rc = 1 ] && [ -n "$line" ]; then tri="$line"; else tri="NOT NAMED (exit $rc)"; bad=1; fi ;;
      *)
        pe=$(grep -o 'PE row [0-9]* col [0-9]*; that PE accumulated it in cycles [0-9]*\.\.[0-9]*' "$log" | head -1)
        rep=$(grep -c 'the tile alone .* reproduces it' "$log" || true)
        ok=yes
        [ $rc = 1 ] && [ -n "$pe" ] && [ "$rep" -ge 1 ] && [ -f "$out/repro-$name/trace.fst" ] || ok=no
        [ $m = skew ] && { echo "$pe" | grep -q '^PE row 1 ' || ok=no; }
        if [ $ok = yes ]; then tri="$pe; reproduced alone, trace written"; else tri="NOT NAMED (exit $rc)"; bad=1; fi ;;
    esac
    side=twin; [ $mesh = pe ] && side=pe
    # shellcheck disable=SC2086
    $Q lockstep --array 4x4 $ls --cycles 300000 --mutant $m --mutant-in $side --no-triage >"$out/$name.lockstep.log" 2>&1
    lrc=$?
    first=$(grep -m1 -o 'lockstep: cycle [0-9]*: .*' "$out/$name.lockstep.log" | sed 's/^lockstep: //')
    if [ $lrc = 1 ] && [ -n "$first" ]; then lst="$first"; else lst="NOT CAUGHT (exit $lrc)"; bad=1; fi
    echo "| $m | $mesh | $name | $killed | $failed: $names | $tri | $lst |" >>"$table"
  done
done
cat "$table"
if [ $bad = 0 ]; then echo "mutants: every mutant killed and triaged"; else echo "mutants: FAILED (see $out/)"; exit 1; fi
