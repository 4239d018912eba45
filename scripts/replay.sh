#!/bin/sh
# replay.sh DIR [MESH...]: replay what `qarray gemm --dump-stim DIR` recorded under Icarus Verilog
# (tests/icarus/tb_replay.v), on the structural mesh (0), the loop twin (1) or both (default),
# and compare every cycle with what the Verilator model did: in_ready, every output row, its row
# number and data. DIR/params.txt says the configuration; each mesh's simulator and log are left
# in DIR (simM, vvpM.log; icarus.txt holds the last mesh's cycles).
# Exit 0: every cycle equal; 1: a difference or an interface check failed (the first named);
# 2: bad input (no recording in DIR, iverilog missing).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
err() { echo "replay: $*" >&2; exit 2; }
[ $# -ge 1 ] || err "usage: scripts/replay.sh DIR [0|1 ...] (DIR from qarray gemm --dump-stim DIR)"
d=$1
shift
meshes=${*:-0 1}
[ -f "$d/params.txt" ] && [ -f "$d/expect.txt" ] || err "$d holds no recording (qarray gemm --dump-stim $d writes one)"
command -v iverilog >/dev/null || err "iverilog is not installed: apt-get install -y iverilog"
p=$(cat "$d/params.txt")
get() { echo "$p" | sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }
r=$(get ROWS) c=$(get COLS) w=$(get WBITS) a=$(get ACCW) n=$(get CYCLES)
[ -n "$r" ] && [ -n "$c" ] && [ -n "$w" ] && [ -n "$a" ] && [ -n "$n" ] || err "$d/params.txt is not qarray's: $p"
RTL="$(ls "$root"/rtl/*.v "$root"/sim/twin/*.v) $root/sim/qa_if_check.v"
for mesh in $meshes; do
  case $mesh in 0 | 1) ;; *) err "MESH must be 0 (structural) or 1 (the twin), got '$mesh'" ;; esac
  # shellcheck disable=SC2086
  dut=qa_top; [ "$mesh" = 1 ] && dut=qa_top_twin
  iverilog -g2005 -DQA_ASSERT -DQA_DUT=$dut -o "$d/sim$mesh" -I"$root/rtl" -s tb_replay -Ptb_replay.ROWS="$r" \
    -Ptb_replay.COLS="$c" -Ptb_replay.WBITS="$w" -Ptb_replay.ACCW="$a" \
    -Ptb_replay.MAXN="$n" "$root/tests/icarus/tb_replay.v" $RTL || err "iverilog could not build MESH=$mesh"
  vvp -n "$d/sim$mesh" +dir="$d" +n="$n" >"$d/vvp$mesh.log" 2>&1 || { echo "replay: vvp failed (MESH=$mesh): $d/vvp$mesh.log" >&2; exit 1; }
  if grep -q "ERROR" "$d/vvp$mesh.log"; then
    echo "replay: MESH=$mesh: an interface check failed under Icarus: $(grep -m1 ERROR "$d/vvp$mesh.log")" >&2
    exit 1
  fi
  if ! cmp -s "$d/expect.txt" "$d/icarus.txt"; then
    first=$(diff "$d/expect.txt" "$d/icarus.txt" | sed -n 2,3p | tr '\n' ' ')
    line=$(cmp "$d/expect.txt" "$d/icarus.txt" | sed -n 's/.*line \([0-9]*\).*/\1/p')
    echo "replay: MESH=$mesh under Icarus differs from Verilator at cycle $((line - 1)): $first" >&2
    exit 1
  fi
  echo "replay: $d: ${r}x$c W$w ACCW $a, MESH=$mesh under Icarus equal to Verilator in all $n cycles"
done
