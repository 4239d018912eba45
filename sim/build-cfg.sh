#!/bin/sh
# build-cfg.sh NAME OUT: build the Verilated model of configuration NAME (r<R>c<C>w<W>a<A>, and
# m1 at the end for the loop-style mesh qa_mesh_loop; without it, one qa_pe instance per PE)
# into the shared library OUT, linked with the shim and the prebuilt Verilator runtime.
# Called by the Makefile (make sim ROWS=.. COLS=.. WBITS=.. ACCW=..).
set -eu
name=$1
out=$2
# NAME = r<R>c<C>w<W>a<A>[m1][x][l][v[n]][t][-MUTANT[-pe]]: v the activity build (register
# toggles counted, sim/activity/), vn the same without operand isolation; m1 the loop mesh; x every register starts
# at a random value (--x-initial unique, the shim seeds it: a register that relies on its
# initial value fails there); l the lockstep build (sim/lockstep/qa_lockstep.v: both meshes on
# one stream, every register compared every cycle); t the debug build with FST tracing; -MUTANT
# a deliberate RTL fault for `make mutants` (rtl/*.v, `ifdef QA_MUT_<MUTANT>`). In a lockstep
# build the fault goes into the twin only, or with -pe into the structural mesh only.
mutant=""
case "$name" in *-*) mutant=${name#*-} ;; esac
base=${name%%-*}
mutside=twin
case "$mutant" in *-pe) mutant=${mutant%-pe}; mutside=pe ;; esac
trace=0
case "$base" in *t) trace=1; base=${base%t} ;; esac
# v: the activity build; vn: the same without issue 17's operand isolation (make activity's
# "before")
activity=0
case "$base" in *vn) activity=2; base=${base%vn} ;; *v) activity=1; base=${base%v} ;; esac
lockstep=0
case "$base" in *l) lockstep=1; base=${base%l} ;; esac
xrand=0
case "$base" in *x) xrand=1; base=${base%x} ;; esac
mesh=0
case "$base" in *m1) mesh=1; base=${base%m1} ;; esac
defines=""
if [ -n "$mutant" ]; then
  case "$mutant" in
    sign|skew|outvalid|acctrunc|drain|rowtag|credit) ;;
    *) echo "build-cfg: unknown mutant '$mutant' (sign, skew, outvalid, acctrunc, drain, rowtag, credit)" >&2; exit 2 ;;
  esac
  defines="+define+QA_MUT_$(echo "$mutant" | tr a-z A-Z)"
fi
[ "$mutside" = pe ] && [ "$lockstep" = 0 ] && {
  echo "build-cfg: '$name': a mutant in one mesh only (-pe) needs a lockstep build (l)" >&2; exit 2; }
rows=$(echo "$base" | sed -n 's/^r\([0-9]*\)c[0-9]*w[0-9]*a[0-9]*$/\1/p')
cols=$(echo "$base" | sed -n 's/^r[0-9]*c\([0-9]*\)w[0-9]*a[0-9]*$/\1/p')
wbits=$(echo "$base" | sed -n 's/^r[0-9]*c[0-9]*w\([0-9]*\)a[0-9]*$/\1/p')
accw=$(echo "$base" | sed -n 's/^r[0-9]*c[0-9]*w[0-9]*a\([0-9]*\)$/\1/p')
if [ -z "$rows" ] || [ -z "$cols" ] || [ -z "$wbits" ] || [ -z "$accw" ]; then
  echo "build-cfg: bad configuration name '$name' (want r<ROWS>c<COLS>w<WBITS>a<ACCW>[m1][x][l][t][-MUTANT[-pe]])" >&2
  exit 2
fi
case "$wbits" in 1|2|4|8) ;; *) echo "build-cfg: WBITS must be 1, 2, 4 or 8 (got $wbits)" >&2; exit 2;; esac
if [ "$accw" -lt 16 ] || [ "$accw" -gt 32 ]; then
  echo "build-cfg: ACCW must be 16..32 (got $accw)" >&2; exit 2
fi
if [ "$rows" -lt 2 ] || [ "$cols" -lt 2 ] || [ "$rows" -gt 1024 ] || [ "$cols" -gt 1024 ]; then
  echo "build-cfg: ROWS and COLS must be 2..1024 (got ${rows}x${cols})" >&2; exit 2
fi
# The loop mesh stays a loop: unroll only the lane loop (<= 8), never the rows and columns.
unroll=""
[ "$mesh" = 1 ] && unroll="--unroll-count 8"
: "${VERILATOR:=verilator}"
: "${CXX:=g++}"
: "${VLT_RT:=build/verilated}"
dir=$(dirname "$out")
obj="$dir/obj"
rm -rf "$obj"
mkdir -p "$obj"
start=$(date +%s)
[ "$lockstep" = 1 ] && [ "$mesh" = 1 ] && { echo "build-cfg: '$name': a lockstep build has both meshes (no m1)" >&2; exit 2; }
extra=""
[ "$trace" = 1 ] && extra=" TRACE=1"
[ -n "$mutant" ] && extra="$extra MUTANT=$mutant"
[ "$xrand" = 1 ] && extra="$extra, registers start random"
[ "$activity" = 1 ] && extra="$extra, register toggles counted"
[ "$activity" = 2 ] && extra="$extra, register toggles counted, no operand isolation"
[ "$lockstep" = 1 ] && extra="$extra, LOCKSTEP of both meshes${mutant:+ (the fault in the $mutside mesh only)}"
echo "build-cfg: $name: verilating ${rows}x${cols} WBITS=$wbits ACCW=$accw MESH=$mesh$extra" >&2
# Fast build: no tracing; -O3 and fast X handling (the guide's measured best for this design).
# The debug build adds FST tracing (--trace-fst) and compiles the shim's trace code (QA_TRACE).
tracefl=""
shimfl=""
tracert=""
if [ "$trace" = 1 ]; then
  # The loop mesh's PE views are arrays of ROWS*COLS (Verilator traces only 32 elements by
  # default): traced up to 4096 PEs (64x64), the rings (2*ROWS*COLS) not; beyond 64x64 the
  # trace code would outgrow the build, and the trace holds the mesh's ports and what is around.
  maxarr=$((rows * cols)); [ "$maxarr" -gt 4096 ] && maxarr=32
  tracefl="--trace-fst --trace-structs --trace-max-array $maxarr +define+QA_TRACE_VIEW"
  shimfl="-DQA_TRACE -DVM_TRACE=1 -DVM_TRACE_FST=1"
  tracert="$VLT_RT/verilated_fst_c.o -lz"
fi
xinit="--x-initial fast"
if [ "$xrand" = 1 ]; then
  xinit="--x-initial unique"
  shimfl="$shimfl -DQA_XRAND"
fi
top=qa_top
srcs=rtl/qa_top.v
if [ "$mesh" = 1 ]; then top=qa_top_twin; srcs=sim/twin/qa_top_twin.v; fi
if [ "$activity" != 0 ]; then
  # The structural array with its register toggles counted (sim/activity/qa_activity.v).
  [ "$mesh" = 1 ] || [ "$lockstep" = 1 ] && { echo "build-cfg: '$name': an activity build is of the structural mesh alone (no m1, no l)" >&2; exit 2; }
  top=qa_activity
  srcs="sim/activity/qa_activity.v rtl/qa_top.v"
  shimfl="$shimfl -DQA_ACTIVITY"
  # Verilator 5.006's DFG pass mis-sizes the sums of \$countones (an internal error): off here.
  unroll="$unroll -fno-dfg"
  [ "$activity" = 2 ] && defines="$defines +define+QA_NO_ISOLATION"
fi
if [ "$lockstep" = 1 ]; then
  # Both meshes in one model (the twin with its register views), under qa_top's class name so
  # the shim drives it unchanged. A fault goes into a renamed, preprocessed copy of the RTL
  # that only one side instantiates.
  top=qa_lockstep
  srcs="sim/lockstep/qa_lockstep.v rtl/qa_top.v sim/twin/qa_top_twin.v"
  unroll="--unroll-count 8"
  case "$tracefl" in *QA_TRACE_VIEW*) ;; *) tracefl="$tracefl +define+QA_TRACE_VIEW" ;; esac
  shimfl="$shimfl -DQA_LOCKSTEP"
  if [ -n "$mutant" ]; then
    mkdir -p "$obj"
    # every module of rtl/ and sim/twin/ (one per file, named as it), renamed with _mut
    mods=$(ls rtl/*.v sim/twin/*.v | sed 's|.*/||; s|\.v$||' | tr '\n' '|' | sed 's/|$//; s/|/\\|/g')
    for f in rtl/*.v sim/twin/*.v; do
      "$VERILATOR" -E -P $defines +define+QA_ASSERT +define+QA_TRACE_VIEW -Irtl "$f"
    done | sed -e "s/\b\($mods\)\b/\1_mut/g" >"$obj/mutant.v"
    srcs="$srcs $obj/mutant.v"
    if [ "$mutside" = pe ]; then defines="+define+QA_LS_S=qa_top_mut"; else defines="+define+QA_LS_T=qa_top_twin_mut"; fi
  fi
fi
"$VERILATOR" --cc -O3 --x-assign fast $xinit --top-module $top --prefix Vqa_top \
  -GROWS="$rows" -GCOLS="$cols" -GWBITS="$wbits" -GACCW="$accw" \
  $unroll $tracefl $defines +define+QA_ASSERT -Irtl -Isim/twin -Isim -Isim/lockstep rtl/lint.vlt $srcs -Mdir "$obj" -CFLAGS -fPIC >"$dir/verilate.log" 2>&1 || {
  cat "$dir/verilate.log" >&2; exit 1; }
echo "build-cfg: $name: compiling the model" >&2
# Under make the jobserver shares the cores; run alone (the CLI's on-demand build), use them all.
case "${MAKEFLAGS:-}" in *jobserver*) jobs="" ;; *) jobs="-j$(nproc)" ;; esac
${MAKE:-make} -s $jobs -C "$obj" -f Vqa_top.mk OPT_FAST="${OPT_FAST:--O2}" Vqa_top__ALL.a >"$dir/compile.log" 2>&1 || {
  cat "$dir/compile.log" >&2; exit 1; }
vinc=$("$VERILATOR" --getenv VERILATOR_ROOT)/include
$CXX -O2 -fPIC -shared -std=c++17 -I"$obj" -I"$vinc" -I"$vinc/vltstd" -Isim \
  $shimfl -o "$out.tmp" sim/qa_shim.cpp "$obj/Vqa_top__ALL.a" "$VLT_RT"/verilated.o \
  "$VLT_RT"/verilated_threads.o $tracert -pthread
mv "$out.tmp" "$out"
echo "build-cfg: $name: built in $(( $(date +%s) - start )) s -> $out" >&2
