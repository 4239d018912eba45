#!/usr/bin/env bash
# bench/scalesim_cmp.sh: qarray scalesim against SCALE-Sim itself (make bench runs it; alone:
# bash bench/scalesim_cmp.sh, after make bench has made the scalesim venv). The same
# configuration and topology go to both, for the GEMM and the convolution topologies of
# tests/scalesim/ (gemm_small.csv on 8x16) on two array sizes, CALC bandwidth: QARRAY_REPORT's scalesim_cycles column
# must equal SCALE-Sim's Total Cycles, layer by layer. Writes its section of bench/README.md (bench/section.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/build/bench/venv/bin/python
Q=$PWD/build/qarray
OUT=$PWD/build/bench/scalesim_cmp
[ -x "$PY" ] || { echo "scalesim_cmp: no SCALE-Sim venv (make bench makes build/bench/venv)" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
rows=""
fails=0
for arr in 32x32 8x16; do
  r=${arr%x*} c=${arr#*x}
  for kind in gemm conv; do
    d=$OUT/${kind}_$arr
    mkdir -p "$d"
    sed -e "s/^ArrayHeight = .*/ArrayHeight = $r/; s/^ArrayWidth = .*/ArrayWidth = $c/; s/^run_name = .*/run_name = cmp/" \
      tests/scalesim/v3_edge.cfg >"$d/os.cfg"
    # SCALE-Sim's own run of the GPT-2 GEMMs on 8x16 takes 8 minutes: the smaller list there
    topo=tests/scalesim/$kind.csv
    [ "$kind$arr" = gemm8x16 ] && topo=tests/scalesim/gemm_small.csv
    cp "$topo" "$d/topo.csv"
    # SCALE-Sim wants a layout file with one row per layer
    { echo "Layer, a, b, c, d, e, f, g, h,"; tail -n +2 "$d/topo.csv" | cut -d, -f1 | sed 's/$/, 1, 1, 1, 1, 1, 1, 1, 1,/'; } >"$d/layout.csv"
    t0=$(date +%s.%N)
    (cd "$d" && "$PY" -m scalesim.scale -c os.cfg -t topo.csv -l layout.csv -p ss -i "$kind" -s N >ss.log 2>&1) ||
      { echo "scalesim_cmp: SCALE-Sim failed: $d/ss.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    "$Q" scalesim -c "$d/os.cfg" -t "$d/topo.csv" -i "$kind" -p "$d/qa" >"$d/qa.log" 2>&1 ||
      { echo "scalesim_cmp: qarray scalesim failed: $d/qa.log" >&2; exit 1; }
    t2=$(date +%s.%N)
    theirs=$(awk -F', ' 'NR > 1 {printf "%s ", $3}' "$d/ss/cmp/COMPUTE_REPORT.csv")
    ours=$(awk -F', ' 'NR > 1 {printf "%s ", $10}' "$d/qa/cmp/QARRAY_REPORT.csv")
    n=$(($(wc -l <"$d/topo.csv") - 1))
    eq=yes
    [ "$theirs" = "$ours" ] || { eq="NO: SCALE-Sim $theirs, ours $ours"; fails=1; }
    rows+="| $arr | $kind ($n layers) | ${theirs% } | ${ours% } | $eq | $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') | $(awk -v a="$t1" -v b="$t2" 'BEGIN {printf "%.3f", b - a}') |"$'\n'
  done
done
{
  echo "Written by bench/scalesim_cmp.sh on $(date -u +%Y-%m-%d): the same .cfg (CALC) and topology to"
  echo "SCALE-Sim $("$PY" -c 'import importlib.metadata as m; print(m.version("scalesim"))') (PyPI) and to \`qarray scalesim\`."
  echo
  echo "| array | topology | SCALE-Sim Total Cycles per layer | qarray scalesim_cycles | equal | SCALE-Sim s | qarray s |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
} | sh bench/section.sh put scalesim
sh bench/section.sh get scalesim
exit $fails
