# qarray: RTL-co-simulated output-stationary systolic array with configurable weight precision.
# `make run` runs the default study job, `make test` the tests (README).

SHELL := /bin/bash
# The repository's root, where the Makefile really is: a copy of the tree made of links (as
# tests/test_docs.sh runs the documented commands in) builds the same binary, with the same root
# and version, as the tree itself.
ROOT := $(patsubst %/,%,$(dir $(realpath $(firstword $(MAKEFILE_LIST)))))
.DEFAULT_GOAL := all

# The configuration `make sim` builds (the CLI asks for its own on demand): ARRAY=edge (32x32),
# cloud (256x256) or RxC, or ROWS and COLS directly.
ifeq ($(ARRAY),edge)
  ROWS := 32
  COLS := 32
else ifeq ($(ARRAY),cloud)
  ROWS := 256
  COLS := 256
else ifneq ($(ARRAY),)
  ifeq ($(shell echo '$(ARRAY)' | grep -Ex '[0-9]+x[0-9]+'),)
    $(error ARRAY=$(ARRAY) is not an array: use edge, cloud or RxC (e.g. ARRAY=16x8))
  endif
  ROWS := $(word 1,$(subst x, ,$(ARRAY)))
  COLS := $(word 2,$(subst x, ,$(ARRAY)))
endif
ROWS  ?= 32
COLS  ?= 32
WBITS ?= 2
ACCW  ?= 32
# MESH=0: one qa_pe module per PE; MESH=1: the array-style mesh; MESH=2: the lockstep build of
# both (sim/lockstep/). Default: 1 from 256 PEs up
# (host/run/qa_load.c, qa_default_mesh, makes the same choice for on-demand builds).
MESH  ?= $(shell [ $$(( $(ROWS) * $(COLS) )) -ge 256 ] && echo 1 || echo 0)
# TRACE=1: the debug build with FST tracing; MUTANT=NAME: a deliberate RTL fault (make mutants).
CFG    = r$(ROWS)c$(COLS)w$(WBITS)a$(ACCW)$(if $(filter 1,$(MESH)),m1,)$(if $(filter 2,$(MESH)),l,)$(if $(filter 3,$(MESH)),v,)$(if $(filter 4,$(MESH)),vn,)$(if $(filter 1,$(TRACE)),t,)$(if $(MUTANT),-$(MUTANT),)

VERILATOR ?= verilator
CC        ?= gcc
CXX       ?= g++
# Parallel by default: `make test` builds many models. Never more than the machine's cores.
JOBS      ?= 2
MAKEFLAGS += -j$(JOBS)

# SAN=1: AddressSanitizer + UndefinedBehaviorSanitizer build of the C host and tests, in its
# own build directory so it never mixes with the normal objects. TSAN=1: ThreadSanitizer, the
# same way (make test SAN=1 also runs the threaded tests under it: make test-tsan).
ifeq ($(SAN),1)
  BUILD   := build/san
  SANFL   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
  TSAN_TEST := build/tsan/qarray
else ifeq ($(TSAN),1)
  BUILD   := build/tsan
  SANFL   := -fsanitize=thread -fno-omit-frame-pointer
else
  BUILD   := build
  SANFL   :=
endif

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -pedantic -pthread -DQA_ROOT='"$(ROOT)"' $(SANFL) $(INCS)
LDFLAGS += $(SANFL)
LDLIBS  := -ldl -lm -pthread -lcjson

# rtl/: what a designer synthesizes; sim/twin/: the loop twin (MESH=1), a simulation model.
RTL      := $(wildcard rtl/*.v rtl/*.vh sim/*.vh sim/twin/*.v sim/lockstep/*.v sim/activity/*.v) sim/qa_if_check.v rtl/lint.vlt
GOLDEN   := golden/qa_golden.c golden/qa_cycles.c golden/qa_mem.c golden/qa_energy.c
# host/ by layer, each using only the ones after it: cmd (one file per command) -> report ->
# study -> run -> io -> golden (docs/architecture.md). Every project header is included by its
# bare name, found through INCS.
LAYERS   := report study run io
HOSTLIB  := $(foreach l,$(LAYERS),$(sort $(wildcard host/$(l)/*.c)))
CMDSRC   := $(sort $(wildcard host/cmd/*.c))
INCS     := -Ihost/cmd $(addprefix -Ihost/,$(LAYERS)) -Igolden -Isim
HEADERS  := $(wildcard golden/*.h host/*/*.h sim/*.h)
LIBOBJS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(GOLDEN) $(HOSTLIB))

# Configurations the co-simulation tests use: per-PE mesh, every WBITS on 4x4, 8x4, 4x8 and
# 16x16, the edge array at WBITS 2, a 16-bit accumulator for the wrap vector; the loop mesh (m1)
# on the same kinds of shapes and the edge array (the default edge build) at WBITS 1, 2 and 8;
# the X-seeded builds of both meshes (x: every register starts at a random value); and the cloud
# array (256x256, loop mesh), with the light set only.
TEST_CFGS := $(foreach a,r4c4 r8c4 r4c8 r16c16,$(foreach w,1 2 4 8,$(a)w$(w)a32)) \
             r32c32w2a32 r4c4w8a16 \
             r4c4w2a32m1 r8c4w1a32m1 r4c8w4a32m1 r16c16w8a32m1 r4c4w8a16m1 \
             r32c32w1a32m1 r32c32w2a32m1 r32c32w8a32m1 \
             r4c4w2a32x r4c4w2a32m1x
TEST_LIGHT := r256c256w2a32m1
# A mutant (rtl/qa_mutants.vh) for test_cli's failing-check cases.
TEST_MUT  := r4c4w2a32-sign
# The debug (traced) 4x4 builds: test_waves and make waves use them. Defined before the test
# target, whose prerequisites are expanded where it is read.
WAVE_LIBS := build/cfg/r4c4w2a32t/libqa.so build/cfg/r4c4w2a32m1t/libqa.so
# The lockstep builds (l: both meshes, every register compared every cycle; tests/test_lockstep.sh)
# and two with a fault in one side only, also traced (the reproducer of a divergence).
TEST_LS   := $(foreach a,r4c4 r8c4,$(foreach w,1 2 4 8,$(a)w$(w)a32l)) r4c4w8a16l r16c16w2a32l \
             r4c4w2a32l-sign r4c4w2a32l-credit-pe r4c4w2a32lt-sign r4c4w2a32lt-credit-pe
# The activity builds (v: register toggles counted; vn: without operand isolation) that
# tests/test_activity.sh runs.
TEST_ACT  := $(foreach a,r4c4 r8c8,$(foreach w,1 2 4 8,$(a)w$(w)a32v)) $(foreach w,1 2 4,r4c4w$(w)a32vn)
TEST_LIBS := $(patsubst %,build/cfg/%/libqa.so,$(TEST_CFGS) $(TEST_LIGHT) $(TEST_MUT) $(TEST_LS) $(TEST_ACT))
TESTS     := test_golden test_npy test_mem test_study test_cli test_block test_cosim

.PHONY: all deps sim lib test-python test-cocotb test-fusesoc run test test-tsan test-cluster fuzz FORCE lint clean help report bench waves mutants synth fpga formal soak activity

help:
	@echo "make run        default job: GPT-2 block GEMMs on the edge array (W2A8 and INT8)"
	@echo "make test       all tests (lint, golden, npy, CLI, co-simulation); SAN=1 for ASan+UBSan"
	@echo "make sim        build one array model: ARRAY=edge|cloud|RxC (or ROWS= COLS=) WBITS= ACCW= [TRACE=1]"
	@echo "make report     the Amdahl study: report/README.md with tables and PNG plots"
	@echo "make bench      benchmarks: builds, simulation speed, GPT-2, SCALE-Sim (writes bench/README.md)"
	@echo "make lint       verilator --lint-only -Wall and iverilog on rtl/"
	@echo "make synth      Yosys: PE and 4x4/8x8 array area per precision, whole and by part (synth/area.csv, synth/array_parts.csv, report/synthesis.md)"
	@echo "make activity   register toggles of the structural RTL, 4x4/8x8, every WBITS, mode and operand kind (synth/activity.csv; about 4 min)"
	@echo "make formal     SymbiYosys: prove the control (skid, credits, output buffer) at 4x4 and 8x8; the credit and outvalid mutants must fail"
	@echo "make fpga       ECP5 place and route of 4x4/8x8 at every WBITS: LUTs, FFs, DSPs, Fmax (synth/fpga.csv; about 25 min)"
	@echo "make waves      small FST traces (debug builds) and the gtkwave command that opens each view"
	@echo "make mutants    build deliberate RTL faults, run the co-simulation tests on each, print the table"
	@echo "make test-cluster  the Slurm and GNU parallel runners on a single-node Slurm started here (root)"
	@echo "make fuzz       every parser under libFuzzer with ASan+UBSan, FUZZ_S seconds each (default 60)"
	@echo "make soak       lockstep of both meshes, 10 million cycles per configuration (about 30 min)"
	@echo "make clean      remove build/"

all: $(BUILD)/qarray

# ---- dependencies: installed when missing (as root), otherwise the exact command is printed ----
# NEED_APT WHO PKG...: install the Debian packages or print the apt-get command and fail (the one
# copy of that logic; synth/run.sh and bench/run.sh call the same script).
NEED_APT := sh scripts/need-apt.sh
deps: build/.deps
build/.deps:
	@missing=""; \
	command -v $(VERILATOR) >/dev/null || missing="$$missing verilator"; \
	command -v iverilog >/dev/null || missing="$$missing iverilog"; \
	command -v $(CXX) >/dev/null || missing="$$missing g++"; \
	[ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	[ -f /usr/include/zlib.h ] || missing="$$missing zlib1g-dev"; \
	[ -f /usr/include/cjson/cJSON.h ] || missing="$$missing libcjson-dev"; \
	command -v fst2vcd >/dev/null || missing="$$missing gtkwave"; \
	command -v yosys >/dev/null || missing="$$missing yosys"; \
	$(NEED_APT) deps $$missing
	@mkdir -p build && touch $@

# ---- Verilator runtime, compiled once for every configuration ----
VLT_INC = $(shell $(VERILATOR) --getenv VERILATOR_ROOT)/include
build/verilated/%.o: | build/.deps
	@mkdir -p $(dir $@)
	$(CXX) -O2 -fPIC -std=c++17 -I$(VLT_INC) -I$(VLT_INC)/vltstd -c -o $@ $(VLT_INC)/$*.cpp
VLT_RT := build/verilated/verilated.o build/verilated/verilated_threads.o \
          build/verilated/verilated_fst_c.o
# Built once and kept (pattern-rule outputs would otherwise be deleted as intermediates).
.SECONDARY: $(VLT_RT)

# ---- one array model per configuration ----
build/cfg/%/libqa.so: $(RTL) sim/qa_shim.cpp sim/qa_sim.h sim/build-cfg.sh $(VLT_RT) | build/.deps
	@mkdir -p $(dir $@)
	+VERILATOR=$(VERILATOR) CXX=$(CXX) VLT_RT=build/verilated MAKE=$(MAKE) sh sim/build-cfg.sh $* $@

sim: build/cfg/$(CFG)/libqa.so

# ---- C host ----
$(BUILD)/obj/%.o: %.c $(HEADERS) | build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The reference GEMM and the block's float64 reference are the host's hot loops: let gcc
# vectorise them.
$(BUILD)/obj/golden/qa_golden.o $(BUILD)/obj/host/study/qa_block.o: CFLAGS += -O3

# `qarray --version`: the commit (git describe) of the tree it was built from, in a header that
# is rewritten only when it changes, so main.o is rebuilt exactly then.
$(BUILD)/version.h: FORCE
	@mkdir -p $(dir $@)
	@v="#define QA_VERSION \"$$(git -C $(ROOT) describe --always --dirty 2>/dev/null || echo unknown)\""; \
	[ "$$(cat $@ 2>/dev/null)" = "$$v" ] || echo "$$v" > $@
$(BUILD)/obj/host/cmd/main.o: $(BUILD)/version.h
$(BUILD)/obj/host/cmd/main.o: CFLAGS += -include $(BUILD)/version.h

$(BUILD)/qarray: $(patsubst %.c,$(BUILD)/obj/%.o,$(CMDSRC)) $(LIBOBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- the shared library: the Python package's core (python/qarray, docs/python.md) ----
# Every host layer and golden/ as position-independent code, with the commands (not main) and
# host/api/, its C interface (the top layer). pip install . runs this target (setup.py).
APISRC  := $(sort $(wildcard host/api/*.c))
PICOBJS := $(patsubst %.c,$(BUILD)/pic/%.o,$(GOLDEN) $(HOSTLIB) $(filter-out host/cmd/main.c,$(CMDSRC)) $(APISRC))
$(BUILD)/pic/%.o: %.c $(HEADERS) | build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -c -o $@ $<
$(BUILD)/pic/golden/qa_golden.o $(BUILD)/pic/host/study/qa_block.o: CFLAGS += -O3
$(BUILD)/libqarray.so: $(PICOBJS)
	$(CC) $(LDFLAGS) -shared -o $@ $^ $(LDLIBS)
lib: $(BUILD)/libqarray.so

# The Python package installed (pip install .) into build/pyvenv, with numpy, pandas and pytest
# from PyPI, and its tests (tests/python) against numpy and the CLI. The CLI and the models the
# tests load are built first (make test builds them too).
PYVENV := build/pyvenv
test-python: $(BUILD)/qarray build/cfg/r4c4w1a32/libqa.so build/cfg/r4c4w2a32/libqa.so \
             build/cfg/r4c4w4a32/libqa.so build/cfg/r4c4w8a32/libqa.so
	sh scripts/pyvenv.sh test-python $(PYVENV) numpy pandas pytest
	$(PYVENV)/bin/pip install -q --force-reinstall --no-deps . >/dev/null
	cd $(PYVENV) && QARRAY=$(ROOT)/$(BUILD)/qarray bin/python -m pytest -q -p no:cacheprovider $(ROOT)/tests/python

# The cocotb testbench of qa_top (tests/cocotb, docs/fusesoc.md): both meshes at every WBITS, and
# the sign and credit mutants, which must fail it. Under Icarus with cocotb 2 (PyPI), or with
# COCOTB_SIM=verilator under cocotb 1.9.2, the last whose Verilator support builds with Debian's
# Verilator 5.006 (cocotb 2 needs 5.036).
COCOTB_SIM ?= icarus
COCOTB_PKG := $(if $(filter verilator,$(COCOTB_SIM)),cocotb==1.9.2,cocotb>=2.0$(comma)<3)
comma := ,
test-cocotb:
	@command -v iverilog >/dev/null || sh scripts/need-apt.sh test-cocotb iverilog
	sh scripts/pyvenv.sh test-cocotb build/cocotb-$(COCOTB_SIM)-venv "$(COCOTB_PKG)" numpy
	build/cocotb-$(COCOTB_SIM)-venv/bin/python tests/cocotb/run.py --sim $(COCOTB_SIM)

# The FuseSoC core (qarray.core, docs/fusesoc.md): its lint (Verilator) and sim (Icarus replays a
# recorded GEMM and checks every cycle) targets, with FuseSoC from PyPI; FUSESOC_SYNTH=1 also
# runs synth (Yosys, ECP5 cells, about 10 s). build/ holds no core (FUSESOC_IGNORE).
FUSESOC := build/fusesoc-venv/bin/fusesoc --cores-root . run --build-root build/fusesoc
test-fusesoc:
	@command -v iverilog >/dev/null || sh scripts/need-apt.sh test-fusesoc iverilog
	sh scripts/pyvenv.sh test-fusesoc build/fusesoc-venv fusesoc
	@mkdir -p build && touch build/FUSESOC_IGNORE
	$(FUSESOC) --target lint qarray:qarray:qa_top
	$(FUSESOC) --target sim qarray:qarray:qa_top
	$(if $(filter 1,$(FUSESOC_SYNTH)),$(FUSESOC) --target synth qarray:qarray:qa_top)

# ---- the main job ----
run: $(BUILD)/qarray
	./$(BUILD)/qarray demo

# ---- the study report: tables from the C sweep, plots by gnuplot (installed here when missing;
# qarray report runs it) ----
report: $(BUILD)/qarray
	@command -v gnuplot >/dev/null || $(NEED_APT) report gnuplot-nox
	rm -f report/*.png report/*.dat
	./$(BUILD)/qarray report report

# ---- synthesis of the structural RTL (docs/synthesis.md): about 5 minutes ----
synth: | build/.deps
	bash synth/run.sh all

# ---- register toggles of the structural RTL, for the energy model (docs/energy.md) ----
activity: $(BUILD)/qarray
	+bash synth/activity.sh all

# ---- each precision's clock: Yosys synth_ecp5 + nextpnr-ecp5 (PyPI, in a venv) (docs/synthesis.md) ----
fpga:
	bash synth/fpga.sh

# FORMAL_SIZES: the array sizes to prove (make test proves 4x4 alone, under a minute).
FORMAL_SIZES ?= 4x4 8x8
formal:
	sh formal/run.sh $(FORMAL_SIZES)

# ---- benchmarks (not part of the tests; see bench/README.md) ----
bench: $(BUILD)/qarray
	+bash bench/run.sh

# ---- tests ----
$(BUILD)/tests/%: tests/%.c $(LIBOBJS) $(HEADERS) | build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) -lcmocka $(LDLIBS)

lint: | build/.deps
	@n=0; for cfg in "4 4 2 32 0" "8 4 1 32 0" "4 8 4 32 0" "16 16 8 32 0" "4 4 8 16 0" "32 32 2 32 0" \
	                "4 4 2 32 1" "8 4 1 32 1" "4 8 4 32 1" "4 4 8 16 1" "256 256 2 32 1" \
	                "4 4 2 32 1 v" "8 4 1 32 1 v" "4 4 2 32 2 v" "8 4 1 16 2 v" \
	                "4 4 2 32 3" "8 8 1 32 3" "4 4 4 32 3 n" "8 8 8 32 3"; do \
	  set -- $$cfg; \
	  case $$5 in 0) top=qa_top; src=rtl/qa_top.v ;; 1) top=qa_top_twin; src=sim/twin/qa_top_twin.v ;; \
	    2) top=qa_lockstep; src=sim/lockstep/qa_lockstep.v ;; 3) top=qa_activity; src="sim/activity/qa_activity.v rtl/qa_top.v -fno-dfg" ;; esac; \
	  d="-DQA_ASSERT"; [ "$${6:-}" = v ] && d="-DQA_ASSERT -DQA_TRACE_VIEW"; [ "$${6:-}" = n ] && d="-DQA_ASSERT -DQA_NO_ISOLATION"; \
	  $(VERILATOR) --lint-only -Wall $$(echo $$d | sed 's/-D/+define+/g') -Irtl -Isim/twin -Isim -Isim/lockstep rtl/lint.vlt $$src \
	    --top-module $$top -GROWS=$$1 -GCOLS=$$2 -GWBITS=$$3 -GACCW=$$4 || exit 1; \
	  if [ $$5 != 3 ]; then \
	    iverilog -g2005 -o /dev/null $$d -Irtl -Isim -s $$top -P$$top.ROWS=$$1 -P$$top.COLS=$$2 \
	      -P$$top.WBITS=$$3 -P$$top.ACCW=$$4 $(filter-out sim/activity/%,$(filter %.v,$(RTL))) || exit 1; \
	  fi; \
	  n=$$((n + 1)); \
	done; \
	for w in 1 2 4 8; do \
	  $(VERILATOR) --lint-only -Wall -Irtl rtl/lint.vlt rtl/*.v --top-module qa_top -GWBITS=$$w || exit 1; \
	  n=$$((n + 1)); \
	done; \
	grep -o '"\*[a-z/_]*\.v" -match "[^"]*'"'"'[a-z_0-9]*'"'"'' rtl/lint.vlt | while read -r f m; do \
	  file=$$(ls rtl/*.v sim/twin/*.v | grep "$$(echo "$$f" | tr -d '"*')$$"); sig=$$(echo "$$m" | sed "s/.*'\(.*\)'.*/\1/"); \
	  grep -qw "$$sig" $$file || { echo "lint: rtl/lint.vlt waives '$$sig' in $$file, which has no such signal" >&2; exit 1; }; \
	done || exit 1; \
	echo "lint: verilator -Wall and iverilog clean on $$n configurations (both meshes; loop mesh also with its debug views; the lockstep top; the activity counter, Verilator only: it uses SystemVerilog casts; the synthesis view of rtl/ alone at every WBITS); every waiver names a signal of its file"

test: lint $(TEST_LIBS) $(WAVE_LIBS) $(BUILD)/qarray $(addprefix $(BUILD)/tests/,$(TESTS)) $(TSAN_TEST)
	@fail=0; for t in $(TESTS); do \
	  args=""; [ $$t = test_cosim ] && args="$(TEST_CFGS) $(addsuffix :light,$(TEST_LIGHT))"; \
	  echo "=== $$t"; ./$(BUILD)/tests/$$t $$args || fail=1; \
	done; \
	echo "=== test_waves"; QARRAY=$(BUILD)/qarray sh tests/test_waves.sh || fail=1; \
	echo "=== test_make"; QARRAY=$(BUILD)/qarray sh tests/test_make.sh || fail=1; \
	echo "=== test_arch"; sh tests/test_arch.sh || fail=1; \
	echo "=== test_synth"; bash synth/run.sh check || fail=1; \
	echo "=== test_formal"; sh formal/run.sh || fail=1; \
	echo "=== test_icarus"; QARRAY=$(BUILD)/qarray sh tests/test_icarus.sh || fail=1; \
	echo "=== test_lockstep"; QARRAY=$(BUILD)/qarray sh tests/test_lockstep.sh || fail=1; \
	echo "=== test_activity"; QARRAY=$(BUILD)/qarray sh tests/test_activity.sh || fail=1; \
	echo "=== test_scale"; QARRAY=$(BUILD)/qarray sh tests/test_scale.sh || fail=1; \
	echo "=== test_scalesim"; QARRAY=$(BUILD)/qarray sh tests/test_scalesim.sh || fail=1; \
	echo "=== test_usage"; QARRAY=$(BUILD)/qarray sh tests/test_usage.sh || fail=1; \
	echo "=== test_docs"; QARRAY=$(BUILD)/qarray sh tests/test_docs.sh || fail=1; \
	if [ -n "$(TSAN_TEST)" ]; then echo "=== test_scale under ThreadSanitizer"; $(TSAN_RUN) || fail=1; fi; \
	if [ $$fail = 0 ]; then echo "make test: all test programs passed"; else echo "make test: FAILED"; exit 1; fi

# The runners on real engines (tests/test_cluster.sh): a single-node Slurm started here and GNU
# parallel; .ci/run runs it. Installs slurm-wlm, munge and parallel when missing (as root).
test-cluster: $(BUILD)/qarray $(TEST_LIBS)
	@missing=""; for c in slurmctld:slurm-wlm munged:munge parallel:parallel; do \
	  b=$${c%%:*}; command -v $$b >/dev/null || [ -x /usr/sbin/$$b ] || missing="$$missing $${c#*:}"; done; \
	$(NEED_APT) test-cluster $$missing
	@QARRAY=$(CURDIR)/$(BUILD)/qarray bash tests/test_cluster.sh

# ---- fuzzing (tests/fuzz/): one libFuzzer target per parser, ASan + UBSan, FUZZ_S seconds each ----
FUZZ_S       ?= 60
FUZZ_TARGETS := npy models hf array_file energy area scalesim_cfg topology merge
FUZZ_CC      ?= $(or $(firstword $(shell command -v clang clang-16 clang-15 clang-14 2>/dev/null)),clang)
FUZZ_FL      := -g -O1 -std=c11 -pthread -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -DQA_ROOT='"$(ROOT)"' $(INCS)
# the parsers live in host/io/: the fuzzers link it and golden/, nothing above
FUZZ_OBJS    := $(patsubst %.c,build/fuzz/obj/%.o,$(GOLDEN) $(wildcard host/io/*.c))
build/fuzz/obj/%.o: %.c $(HEADERS) | build/fuzz/.deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FL) -fsanitize=fuzzer-no-link -c -o $@ $<
# Each target links from one archive, so it takes only the objects its parser needs.
build/fuzz/libqa.a: $(FUZZ_OBJS)
	rm -f $@ && ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_file.h build/fuzz/libqa.a | build/fuzz/.deps
	$(FUZZ_CC) $(FUZZ_FL) -fsanitize=fuzzer -o $@ $< build/fuzz/libqa.a -ldl -lm -lcjson
build/fuzz/.deps:
	@if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null; then \
	  $(NEED_APT) fuzz clang libclang-rt-14-dev; \
	fi
	@mkdir -p build/fuzz && touch $@
# Each target from its committed seeds (tests/fuzz/corpus/T/) into build/fuzz/corpus-T; a crash,
# leak, hang (10 s) or 2 GB input ends it with the reproducer under build/fuzz/.
fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@total=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus-$$t; \
	  ./build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_S) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -close_fd_mask=2 -artifact_prefix=build/fuzz/$$t- build/fuzz/corpus-$$t tests/fuzz/corpus/$$t \
	    >build/fuzz/$$t.log 2>&1 || { echo "fuzz: $$t FAILED: build/fuzz/$$t.log"; tail -30 build/fuzz/$$t.log; exit 1; }; \
	  n=$$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$t.log); total=$$((total + n)); \
	  echo "fuzz: $$t: $$n executions in $(FUZZ_S) s, corpus $$(ls build/fuzz/corpus-$$t | wc -l) inputs, no crash, leak or hang"; \
	done; echo "fuzz: $(words $(FUZZ_TARGETS)) targets, $$total executions, $$(( $(words $(FUZZ_TARGETS)) * $(FUZZ_S) )) s"

# The threaded commands (--jobs) under ThreadSanitizer: any data race ends the run (exit 66).
# (No $(MAKE) in the test recipe itself: test_make.sh's `make -n test` would run it.)
TSAN_RUN := TSAN_OPTIONS="halt_on_error=1 exitcode=66" QARRAY=build/tsan/qarray sh tests/test_scale.sh
test-tsan: $(TEST_LIBS) build/tsan/qarray
	@$(TSAN_RUN)
ifneq ($(TSAN),1)
build/tsan/qarray: FORCE
	@$(MAKE) --no-print-directory SAN= TSAN=1 build/tsan/qarray
endif
FORCE:

# ---- waveforms: a small trace of each debug build, the GTKWave views ----
waves: $(BUILD)/qarray $(WAVE_LIBS)
	@mkdir -p waves/trace
	@for m in pe loop; do \
	  ./$(BUILD)/qarray gemm --array 4x4 --wbits 2 --mesh $$m --m 9 --k 37 --n 13 \
	    --trace waves/trace/qa_4x4_$$m.fst >/dev/null || exit 1; \
	  sh tests/check_gtkw.sh waves/qa_4x4_$$m.gtkw waves/trace/qa_4x4_$$m.fst || exit 1; \
	done
	@echo "waves: traces in waves/trace/; open one with its view:"
	@echo "  gtkwave waves/trace/qa_4x4_pe.fst waves/qa_4x4_pe.gtkw"
	@echo "  gtkwave waves/trace/qa_4x4_loop.fst waves/qa_4x4_loop.gtkw"

# ---- the long lockstep of both meshes (bench/soak.sh; SOAK_CYCLES, SOAK_BIG=1) ----
soak: $(BUILD)/qarray
	QARRAY=$(BUILD)/qarray sh bench/soak.sh

# ---- proof that the tests catch RTL bugs: deliberate faults (rtl/qa_mutants.vh) ----
mutants: $(BUILD)/qarray $(BUILD)/tests/test_cosim
	QARRAY=$(BUILD)/qarray sh tests/mutants.sh

clean:
	rm -rf build
