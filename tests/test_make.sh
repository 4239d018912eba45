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
# every command of `qarray help` has its section in docs/cli.md (the list is the code's table)
for c in $("$Q" help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF && $1 != "help" && $1 !~ /^-/ {print $1}'); do
  grep -qx "## $c" docs/cli.md || fail "docs/cli.md has no section for the command $c"
done
# docs/study.md's column list is the code's column table (regenerate: sh docs/mkcols.sh $Q)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp docs/study.md "$tmp/study.md"
sh docs/mkcols.sh "$Q" "$tmp/study.md"
cmp -s "$tmp/study.md" docs/study.md ||
  fail "docs/study.md's column list differs from 'qarray amdahl --columns' (regenerate: sh docs/mkcols.sh $Q)"
# the CSV: every column name once, every row as many fields as the header, the list's order
"$Q" amdahl --model gpt2 --arrays edge --seq 128 --iso-area --quiet --csv "$tmp/a.csv" 2>/dev/null
dups=$(head -1 "$tmp/a.csv" | tr ',' '\n' | sort | uniq -d)
[ -z "$dups" ] || fail "amdahl --csv repeats the column(s) $dups"
awk -F, 'NR == 1 {n = NF} NF != n {print "row " NR " has " NF " fields, the header " n; bad = 1} END {exit bad}' \
  "$tmp/a.csv" || fail "amdahl --csv rows and header disagree"
[ "$(head -1 "$tmp/a.csv")" = "$("$Q" amdahl --columns | awk -F'`' 'NR > 2 {print $2}' | paste -sd,)" ] ||
  fail "amdahl --csv's header is not amdahl --columns' list"
# synth/fpga.csv (make fpga, too long for make test): the header synth/fpga.sh writes, one row
# per configuration it runs by default, an Fmax and LUTs in every row, the table in synthesis.md
[ "$(head -1 synth/fpga.csv)" = "rows,cols,wbits,luts,ffs,dsps,brams,fmax_mhz,path_from,path_to,path_cells,seconds" ] ||
  fail "synth/fpga.csv: header $(head -1 synth/fpga.csv)"
want=$(sed -n 's/^CFGS=\${FPGA_CFGS:-"\(.*\)"}$/\1/p' synth/fpga.sh | tr ' ' '\n' | sed 's/x/,/; s/:/,/' | sort)
have=$(awk -F, 'NR > 1 {print $1 "," $2 "," $3}' synth/fpga.csv | sort)
[ -n "$want" ] && [ "$want" = "$have" ] || fail "synth/fpga.csv's configurations ($have) are not synth/fpga.sh's ($want): run make fpga"
awk -F, 'NR > 1 && !($4 > 0 && $8 > 0) {bad = 1} END {exit bad}' synth/fpga.csv || fail "synth/fpga.csv: a row without LUTs or Fmax"
grep -q '<!-- fpga: begin -->' report/synthesis.md || fail "report/synthesis.md has no FPGA table (make fpga)"
# synth/array_parts.csv (make synth): every array of area.csv in six parts; the mesh within 10 %
# of its PEs synthesized alone (area.csv's PE row x ROWS x COLS: an independent figure), control
# and the macro positive, the macro's GE its bits at 0.867 GE per bit
awk -F, 'FNR == 1 { f++; next }
  f == 1 && $1 == "pe" && $5 == 32 { pe[$4] = $8 }
  f == 1 && $1 == "top" { top[$2 "," $3 "," $4] = 1; bits[$2 "," $3 "," $4] = $14 }
  f == 2 { k = $2 "," $3 "," $4; n[k]++; g[k "," $5] = $6 }
  END {
    for (k in top) {
      split(k, a, ",")
      if (n[k] != 6) { print "array_parts.csv: " k " has " n[k] + 0 " parts, not 6"; bad = 1 }
      m = a[1] * a[2] * pe[a[3]]
      if (!(g[k ",mesh"] > 0.9 * m && g[k ",mesh"] < 1.1 * m)) { print "array_parts.csv: " k " mesh " g[k ",mesh"] " GE against " m " for its PEs"; bad = 1 }
      if (!(g[k ",control"] > 0)) { print "array_parts.csv: " k " control " g[k ",control"]; bad = 1 }
      if ((g[k ",obuf_sram"] - 0.867 * bits[k]) ^ 2 > 1) { print "array_parts.csv: " k " macro " g[k ",obuf_sram"] " GE for " bits[k] " bits"; bad = 1 }
    }
    exit bad }' synth/area.csv synth/array_parts.csv || fail "synth/array_parts.csv is not make synth's (run make synth)"
# host/ by layer (docs/architecture.md): a file includes only its own layer's headers and those
# below it, api -> cmd -> report -> study -> run -> io -> golden (and sim/qa_sim.h), never one above.
layer_rank() { case $1 in host/api/*) echo -1 ;; host/cmd/*) echo 0 ;; host/report/*) echo 1 ;; host/study/*) echo 2 ;;
  host/run/*) echo 3 ;; host/io/*) echo 4 ;; golden/* | sim/*) echo 5 ;; *) echo 9 ;; esac; }
for f in host/*/*.[ch] golden/*.[ch]; do
  for h in $(sed -n 's/^#include "\([a-z_0-9]*\.h\)".*/\1/p' "$f"); do
    for d in host/api host/cmd host/report host/study host/run host/io golden sim; do
      [ -f "$d/$h" ] || continue
      [ "$(layer_rank "$d/$h")" -ge "$(layer_rank "$f")" ] || fail "$f includes $d/$h, a layer above it"
    done
  done
done
# nothing points outside the repository: a user's clone has no ../shared (issue 23)
out=$(git ls-files 2>/dev/null | grep -v '^tests/test_make.sh$' | xargs grep -ln -e '\.\./shared' -e 'REFERENCE\.md' -e 'STYLE\.md' 2>/dev/null || true)
[ -z "$out" ] || fail "these files point outside the repository (../shared, REFERENCE.md, STYLE.md): $out"
echo "test_make: the test target builds every model its programs load; host/ includes only downward; docs/cli.md and study.md's columns are current; synth/fpga.csv and synth/array_parts.csv are complete"
