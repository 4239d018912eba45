# qarray: RTL-co-simulated output-stationary systolic array with configurable weight precision.
# `make run` runs the default study job, `make test` the tests (README).

SHELL := /bin/bash
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
  ROWS := $(word 1,$(subst x, ,$(ARRAY)))
  COLS := $(word 2,$(subst x, ,$(ARRAY)))
endif
ROWS  ?= 32
COLS  ?= 32
WBITS ?= 2
ACCW  ?= 32
CFG    = r$(ROWS)c$(COLS)w$(WBITS)a$(ACCW)

VERILATOR ?= verilator
CC        ?= gcc
CXX       ?= g++
# Parallel by default: `make test` builds many models. Never more than the machine's cores.
JOBS      ?= 2
MAKEFLAGS += -j$(JOBS)

# SAN=1: AddressSanitizer + UndefinedBehaviorSanitizer build of the C host and tests, in its
# own build directory so it never mixes with the normal objects.
ifeq ($(SAN),1)
  BUILD   := build/san
  SANFL   := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
  BUILD   := build
  SANFL   :=
endif

CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -pedantic -DQA_ROOT='"$(CURDIR)"' $(SANFL)
LDFLAGS += $(SANFL)
LDLIBS  := -ldl -lm

RTL      := $(wildcard rtl/*.v) rtl/lint.vlt
GOLDEN   := golden/qa_golden.c golden/qa_cycles.c
HOSTLIB  := host/qa_npy.c host/qa_load.c host/qa_gemm.c host/qa_cli.c host/qa_rtlrun.c \
            host/qa_models.c host/qa_study.c host/cmd_study.c host/cmd_report.c \
            host/qa_block.c host/cmd_block.c
HEADERS  := $(wildcard golden/*.h host/*.h sim/*.h)
LIBOBJS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(GOLDEN) $(HOSTLIB))

# Configurations the co-simulation tests use: every WBITS on 4x4, 8x4, 4x8 and 16x16, the edge
# array at WBITS 2 and 8, and a 16-bit accumulator for the wrap vector.
TEST_CFGS := $(foreach a,r4c4 r8c4 r4c8 r16c16,$(foreach w,1 2 4 8,$(a)w$(w)a32)) \
             r32c32w2a32 r32c32w8a32 r4c4w8a16
TEST_LIBS := $(patsubst %,build/cfg/%/libqa.so,$(TEST_CFGS))
TESTS     := test_golden test_npy test_study test_cli test_block test_cosim

.PHONY: all deps sim run test test-unit lint clean help report

help:
	@echo "make run        default job: GPT-2 block GEMMs on the edge array (W2A8 and INT8)"
	@echo "make test       all tests (lint, golden, npy, CLI, co-simulation); SAN=1 for ASan+UBSan"
	@echo "make sim        build one array model: ARRAY=edge|cloud|RxC (or ROWS= COLS=) WBITS= ACCW="
	@echo "make report     the Amdahl study: report/README.md with tables and PNG plots"
	@echo "make lint       verilator --lint-only -Wall and iverilog on rtl/"
	@echo "make clean      remove build/"

all: $(BUILD)/qarray

# ---- dependencies: installed when missing (as root), otherwise the exact command is printed ----
APT_PKGS := verilator libcmocka-dev g++ make iverilog
deps: build/.deps
build/.deps:
	@missing=""; \
	command -v $(VERILATOR) >/dev/null || missing="$$missing verilator"; \
	command -v iverilog >/dev/null || missing="$$missing iverilog"; \
	command -v $(CXX) >/dev/null || missing="$$missing g++"; \
	[ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "deps: installing$$missing" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >&2 \
	      || { echo "deps: apt-get failed; run: apt-get update && apt-get install -y$$missing" >&2; exit 1; }; \
	  else \
	    echo "deps: missing$$missing; run: sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi
	@mkdir -p build && touch $@

# ---- Verilator runtime, compiled once for every configuration ----
VLT_INC = $(shell $(VERILATOR) --getenv VERILATOR_ROOT)/include
build/verilated/%.o: | build/.deps
	@mkdir -p $(dir $@)
	$(CXX) -O2 -fPIC -std=c++17 -I$(VLT_INC) -I$(VLT_INC)/vltstd -c -o $@ $(VLT_INC)/$*.cpp
VLT_RT := build/verilated/verilated.o build/verilated/verilated_threads.o
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

$(BUILD)/qarray: $(BUILD)/obj/host/main.o $(LIBOBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- the main job ----
run: $(BUILD)/qarray
	./$(BUILD)/qarray demo

# ---- the study report: tables from the C sweep, plots by gnuplot (installed when missing) ----
report: $(BUILD)/qarray
	@command -v gnuplot >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "report: installing gnuplot-nox" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >&2; \
	  else echo "report: gnuplot missing; run: sudo apt-get install -y gnuplot-nox" >&2; exit 1; fi; }
	./$(BUILD)/qarray report report
	cd report && gnuplot plots.gp
	@echo "report: report/README.md and its plots"

# ---- tests ----
$(BUILD)/tests/%: tests/%.c $(LIBOBJS) $(HEADERS) | build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) -lcmocka $(LDLIBS)

lint: | build/.deps
	@for cfg in "4 4 2 32" "8 4 1 32" "4 8 4 32" "16 16 8 32" "4 4 8 16" "32 32 2 32"; do \
	  set -- $$cfg; \
	  $(VERILATOR) --lint-only -Wall -Irtl rtl/lint.vlt rtl/qa_top.v --top-module qa_top \
	    -GROWS=$$1 -GCOLS=$$2 -GWBITS=$$3 -GACCW=$$4 || exit 1; \
	  iverilog -g2005 -o /dev/null -Irtl -s qa_top -Pqa_top.ROWS=$$1 -Pqa_top.COLS=$$2 \
	    -Pqa_top.WBITS=$$3 -Pqa_top.ACCW=$$4 $(filter %.v,$(RTL)) || exit 1; \
	done; echo "lint: verilator -Wall and iverilog clean on 6 configurations"

test: lint $(TEST_LIBS) $(BUILD)/qarray $(addprefix $(BUILD)/tests/,$(TESTS))
	@fail=0; for t in $(TESTS); do \
	  args=""; [ $$t = test_cosim ] && args="$(TEST_CFGS)"; \
	  echo "=== $$t"; ./$(BUILD)/tests/$$t $$args || fail=1; \
	done; \
	if [ $$fail = 0 ]; then echo "make test: all test programs passed"; else echo "make test: FAILED"; exit 1; fi

clean:
	rm -rf build
