#!/bin/sh
# mkgtkw.sh ROWS COLS LANES ACCW MESH [FST [I J]]: print a GTKWave save file for a qarray trace of
# that configuration (MESH 0: per-PE mesh, 1: loop mesh, 2: lockstep of both); I J: a PE to show
# first (the triage passes the PE that computed the first wrong element, lockstep the PE where the
# meshes first differ). The view, top to bottom (MESH 2: see lockstep_view below):
#   input stream handshake; admission (skid, gap, credits); the skewed operands entering row 0 / column 0 of the mesh;
#   the corner PEs (0,0), (0,C-1), (R-1,0), (R-1,C-1): valid, mode, accumulator, drain registers;
#   the drain path out of the mesh, the output buffer and stream; the event counters.
# Used by `make waves` (waves/*.gtkw are its output for the 4x4 traces) and by the failure
# triage (reproducer directories). Names follow Verilator's FST scopes.
set -eu
R=$1 C=$2 L=$3 A=$4 M=$5 F=${6:-}
FOCUS=""
[ $# -ge 8 ] && FOCUS="$7 $8"
T=TOP.qa_top
[ "$M" = 1 ] && T=TOP.qa_top_twin
AW=$((L * 8))
hi() { echo $(($1 - 1)); }
# bits of a count 0..N (Verilog $clog2(N + 1)); the output buffer counts to OBUF + 1 = 2R + C + 3 rows
clog2p1() { n=$1; b=0; while [ $n -gt 0 ]; do b=$((b + 1)); n=$((n / 2)); done; echo $b; }
NW=$(clog2p1 $((2 * R + C + 3)))
[ -n "$F" ] && echo "[dumpfile] \"$F\""
cat <<HDR
[timestart] 0
[size] 1700 1000
[pos] -1 -1
*-3.000000 0 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1
[sst_width] 260
[signals_width] 360
[sst_expanded] 1
[sst_vpaned_height] 300
HDR
comment() { printf '@200\n-%s\n' "$1"; }
# SIGNAL [ALIAS]: the name GTKWave shows is ALIAS when given (a PE's signals would otherwise all
# read acc_q, c1_q, ...).
sig() {
  alias=""
  [ -n "${3:-}" ] && alias="+{$3} "
  printf '@%s\n%s%s\n' "$1" "$alias" "$2"
}
bin() { sig 28 "$@"; }       # binary, right-justified
hex() { sig 22 "$@"; }       # hexadecimal
dec() { sig 24 "$@"; }       # unsigned decimal
sdec() { sig 424 "$@"; }     # signed decimal
# The lockstep build (qarray lockstep's reproducer): each register of both meshes side by side,
# as sim/lockstep/qa_lockstep.v compares them (s_: structural, t_: twin; d: one bit per register
# that differs, in the order v, acc, a, w, last, mode, first, c1, c2).
lockstep_view() {
  L=TOP.qa_lockstep
  comment "input stream"
  for x in clk_i rst_ni in_valid_i in_last_i in_mode_i; do bin "$L.$x"; done
  bin "$L.in_ready_o" "in_ready (structural)"
  bin "$L.t_ready" "in_ready (twin)"
  hex "$L.in_a_i[$(hi $((R * AW))):0]"
  hex "$L.in_w_i[$(hi $((C * 8))):0]"
  comment "lockstep: where the meshes first differ"
  dec "$L.cyc_q[63:0]" "cycle (as the %Error lines count)"
  bin "$L.chk" "compared this cycle"
  bin "$L.done_q" "diverged"
  dec "$L.pe_q[31:0]" "first differing PE (row*COLS+col)"
  bin "$L.pe_bad" "a PE differs"
  bin "$L.top_bad[32:0]" "outside the mesh differs (bit = signal)"
  for ij in ${FOCUS:+"$FOCUS"} "0 0"; do
    set -- $ij
    g="$L.g_r[$1].g_c[$2]"
    n="pe($1,$2):"
    comment "PE ($1,$2): structural (s_) and twin (t_)"
    bin "$g.d[9:1]" "${n}differs (v acc a w last mode first c1 c2)"
    bin "$g.s_ctl[3:0]" "${n}s_ctl (first mode last v)"
    bin "$g.t_ctl[3:0]" "${n}t_ctl (first mode last v)"
    for r in a w; do
      w=$AW; [ $r = w ] && w=8
      hex "$g.s_$r[$(hi $w):0]" "${n}s_$r"
      hex "$g.t_$r[$(hi $w):0]" "${n}t_$r"
    done
    for r in acc c1 c2; do
      sdec "$g.s_$r[$(hi $A):0]" "${n}s_$r"
      sdec "$g.t_$r[$(hi $A):0]" "${n}t_$r"
    done
  done
  comment "output stream: structural, twin"
  bin "$L.out_valid_o"; bin "$L.t_ovalid"
  dec "$L.out_row_o[15:0]"; dec "$L.t_orow[15:0]"
  hex "$L.out_data_o[$(hi $((C * A))):0]"; hex "$L.t_odata[$(hi $((C * A))):0]"
}
if [ "$M" = 2 ]; then
  lockstep_view
  exit 0
fi
comment "input stream"
bin "$T.clk_i"
bin "$T.in_valid_i"
bin "$T.in_ready_o"
bin "$T.in_last_i"
bin "$T.in_mode_i"
bin "$T.in_wait_i"
hex "$T.in_a_i[$(hi $((R * AW))):0]"
hex "$T.in_w_i[$(hi $((C * 8))):0]"
comment "admission: skid register, drain-gap and output-buffer credits"
bin "$T.u_skid.sk_v_q"
bin "$T.in_fire"
bin "$T.gap_hold"
bin "$T.cred_hold"
dec "$T.u_obuf.cred_q[$(hi $NW):0]"
comment "skewed operands entering the mesh (row i delayed i, column j delayed j)"
hex "$T.u_core.mesh_a[$(hi $((R * AW))):0]"
hex "$T.u_core.mesh_w[$(hi $((C * 8))):0]"
bin "$T.u_core.mesh_v[$(hi $C):0]"
if [ "$M" = 0 ]; then
  P=$T.u_core.u_mesh
  pe() { echo "$P.g_row[$1].g_col[$2].u_pe"; }
  for ij in ${FOCUS:+"$FOCUS"} "0 0" "0 $((C - 1))" "$((R - 1)) 0" "$((R - 1)) $((C - 1))"; do
    set -- $ij
    n="pe($1,$2):"
    comment "PE ($1,$2)"
    hex "$(pe $1 $2).a_i[$(hi $AW):0]" "${n}a_i"
    hex "$(pe $1 $2).w_i[7:0]" "${n}w_i"
    bin "$(pe $1 $2).v_i" "${n}v_i"
    bin "$(pe $1 $2).last_i" "${n}last_i"
    bin "$(pe $1 $2).mode_i" "${n}mode_i"
    bin "$(pe $1 $2).first_i" "${n}first_i"
    sdec "$(pe $1 $2).acc_q[$(hi $A):0]" "${n}acc_q"
    sdec "$(pe $1 $2).c1_q[$(hi $A):0]" "${n}c1_q"
    sdec "$(pe $1 $2).c2_q[$(hi $A):0]" "${n}c2_q"
  done
else
  P=$T.u_core.u_mesh
  hex "$P.a_i[$(hi $((R * AW))):0]"
  hex "$P.w_i[$(hi $((C * 8))):0]"
  # the debug build traces the PE views up to 64x64 (sim/build-cfg.sh, --trace-max-array)
  if [ $((R * C)) -le 4096 ]; then
    set -- ${FOCUS:+"$FOCUS"} "0 0" "0 $((C - 1))" "$((R - 1)) 0" "$((R - 1)) $((C - 1))"
  else
    comment "PE registers are traced up to 64x64 PEs; this array has $((R * C))"
    [ -z "$FOCUS" ] || comment "the first wrong element is PE ($FOCUS)"
    set --
  fi
  for ij in "$@"; do
    set -- $ij
    p=$(($1 * C + $2))
    n="pe($1,$2):"
    comment "PE ($1,$2) = element $p of the mesh arrays; its control is anti-diagonal $(($1 + $2))"
    hex "$P.a_s[$p][$(hi $AW):0]" "${n}a_s"
    hex "$P.w_s[$p][7:0]" "${n}w_s"
    sdec "$P.acc_s[$p][$(hi $A):0]" "${n}acc_s"
    sdec "$P.c1_s[$p][$(hi $A):0]" "${n}c1_s"
    sdec "$P.c2_s[$p][$(hi $A):0]" "${n}c2_s"
  done
fi
comment "drain path and output stream"
hex "$T.u_core.mesh_c[$(hi $((C * A))):0]"
bin "$T.u_core.mesh_cv"
bin "$T.row_valid" "row into the output buffer"
bin "$T.u_obuf.hd_v_q" "a row offered"
dec "$T.u_obuf.n_q[$(hi $NW):0]" "rows in the output buffer's SRAM"
bin "$T.out_valid_o"
bin "$T.out_ready_i"
dec "$T.out_row_o[15:0]"
hex "$T.out_data_o[$(hi $((C * A))):0]"
comment "event counters"
for c in cycles busy in_stall out_stall gap_stall credit_stall mem_stall beats rows; do
  dec "$T.cnt_${c}_o[63:0]"
done
