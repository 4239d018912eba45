#!/bin/sh
# test_arch.sh (make test): the array's constants have one home, golden/qa_arch.h; the copies
# that cannot include it (the RTL's parameter checks, sim/build-cfg.sh, the RTL's mutants, the
# Makefile's presets and default mesh) must say the same. Each value is taken from the header
# through the C preprocessor (tests/arch.sh) and looked for, as the code that uses it writes it,
# in each copy; a change in one place fails here until the others follow (issue 23).
set -u
fail() { echo "test_arch: FAIL: $*" >&2; exit 1; }
a() { sh tests/arch.sh "$1"; }
lo=$(a QA_DIM_MIN) hi=$(a QA_DIM_MAX) amin=$(a QA_ACCW_MIN) amax=$(a QA_ACCW_MAX)
wb=$(a QA_WBITS_LIST) pes=$(a QA_LOOP_MESH_PES)
[ -n "$lo" ] && [ -n "$hi" ] && [ -n "$amin" ] && [ -n "$amax" ] && [ -n "$wb" ] && [ -n "$pes" ] ||
  fail "golden/qa_arch.h lacks a constant (QA_DIM_MIN/MAX, QA_ACCW_MIN/MAX, QA_WBITS_LIST, QA_LOOP_MESH_PES)"
has() { grep -qF -- "$2" "$1" || fail "$1 does not say '$2' (golden/qa_arch.h: $3)"; }
# the RTL's elaboration checks
wv=$(echo "$wb" | tr ',' '\n' | sed 's/^/WBITS == /' | paste -sd'|' | sed 's/|/ || /g')
has rtl/qa_top.v "if (!($wv))" "QA_WBITS_LIST $wb"
has rtl/qa_top.v "if (ACCW < $amin || ACCW > $amax)" "QA_ACCW $amin..$amax"
has rtl/qa_top.v "ACCW must be $amin..$amax" "QA_ACCW $amin..$amax"
has rtl/qa_top.v "if (ROWS < $lo || COLS < $lo || ROWS > $hi || COLS > $hi)" "QA_DIM $lo..$hi"
has rtl/qa_top.v "ROWS and COLS must be $lo..$hi" "QA_DIM $lo..$hi"
# the build script's
has sim/build-cfg.sh "case \"\$wbits\" in $(echo "$wb" | tr ',' '|')) ;;" "QA_WBITS_LIST $wb"
has sim/build-cfg.sh "if [ \"\$accw\" -lt $amin ] || [ \"\$accw\" -gt $amax ]" "QA_ACCW $amin..$amax"
has sim/build-cfg.sh "[ \"\$rows\" -lt $lo ] || [ \"\$cols\" -lt $lo ] || [ \"\$rows\" -gt $hi ] || [ \"\$cols\" -gt $hi ]" "QA_DIM $lo..$hi"
# the mutants: the RTL defines exactly the faults of QA_MUTANTS
want=$(a mutants | LC_ALL=C sort | paste -sd' ')
got=$(sed -n 's/^`ifdef QA_MUT_\([A-Z_]*\).*/\1/p' rtl/*.v rtl/*.vh sim/twin/*.v | tr 'A-Z' 'a-z' | LC_ALL=C sort -u | paste -sd' ')
[ "$want" = "$got" ] || fail "rtl/ defines the mutants '$got', golden/qa_arch.h QA_MUTANTS '$want'"
# the Makefile's presets and default mesh
for p in EDGE CLOUD; do
  v=$(a QA_PRESET_$p); name=$(echo "$v" | cut -d, -f1 | tr -d '{"'); r=$(echo "$v" | cut -d, -f2); c=$(echo "$v" | cut -d, -f3)
  awk -v n="$name" -v r="$r" -v c="$c" '
    $0 ~ "ifeq \\(\\$\\(ARRAY\\)," n "\\)" { s = 1; next }
    s && /ROWS :=/ { rr = $3 } s && /COLS :=/ { cc = $3; s = 0 }
    END { exit !(rr == r && cc == c) }' Makefile || fail "Makefile's ARRAY=$name is not ${r}x$c (golden/qa_arch.h QA_PRESET_$p)"
done
has Makefile "[ \$\$(( \$(ROWS) * \$(COLS) )) -ge $pes ]" "QA_LOOP_MESH_PES $pes"
echo "test_arch: rtl/qa_top.v, sim/build-cfg.sh, rtl/'s mutants and the Makefile agree with golden/qa_arch.h (dims $lo..$hi, WBITS $wb, ACCW $amin..$amax, $(echo "$want" | wc -w) mutants, edge and cloud presets, loop mesh from $pes PEs)"
