/* qa_api.h: the C interface of libqarray.so, the core of the Python package (python/qarray,
 * docs/python.md). It is the top layer of host/ (api -> cmd -> report -> ...).
 *
 * Each call takes a command's options as the CLI takes them (argv: the words after the command
 * name), parsed by the one options table (host/io/qa_opts.c): a name, a range and a message are
 * the CLI's. What the CLI prints on stderr (errors, warnings, notes: "qarray: ..." lines) goes
 * into msgs instead, whole lines, as many as fit in len. Calls from several threads at once are
 * safe: a model is loaded (built on first use, as the CLI does) under a lock, and each GEMM runs
 * on its own instance, without the lock. Returns are the CLI's exit codes (qa_err.h): 0, 1 (a
 * check failed), 2 (bad input). */
#ifndef QA_API_H
#define QA_API_H

#include <stddef.h>
#include <stdint.h>

#define QA_API_ABI 1

/* The figures of one GEMM (qa_api_gemm, qa_api_cycles), by name: the Python package reads the
 * names from qa_api_info_name, so this list is the one place they are written. */
#define QA_API_INFO(X)                                                                            \
  X(rtl_cycles)          /* the RTL's (gemm; 0 for cycles) */                                     \
  X(analytic_cycles)     /* the cycle model's, with the memory system when it is on */            \
  X(compute_cycles)      /* the cycle model's, compute-only */                                    \
  X(scalesim_cycles)     /* SCALE-Sim's OS formula */                                             \
  X(tiles) X(beats_per_tile) X(macs)                                                              \
  X(mismatches)          /* elements of C that differ from the golden model (gemm) */            \
  X(busy) X(in_stall) X(out_stall) X(gap_stall) X(credit_stall) X(mem_stall) X(beats) X(rows)    \
  X(bubbles)             /* the RTL's counters (gemm) */                                          \
  X(mem)                 /* 1: the memory system is on */                                         \
  X(predicted_mem_stall) X(lat_stall) X(dram_busy)                                                \
  X(dram_rd_a) X(dram_rd_w) X(dram_wr_c) X(sram_rd_a) X(sram_rd_w) X(sram_wr_c)                   \
  X(clock_mhz) X(utilization)                                                                     \
  X(energy_pj) X(energy_compute_pj) X(energy_reg_clock_pj) X(energy_reg_data_pj)                  \
  X(energy_sram_pj) X(energy_dram_pj) X(energy_leak_pj)

#define QA_API_ENUM_(n) QA_API_##n,
enum { QA_API_INFO(QA_API_ENUM_) QA_API_NINFO };
#undef QA_API_ENUM_

typedef struct {
  double v[QA_API_NINFO];
  char bound[16];      /* compute, bandwidth or latency (the memory system's verdict) */
  char triage[4096];   /* a failed check's reproducer directory ("" when none) */
} qa_api_info;

/* A GEMM's operands and result: C (m x n, int32) = A (m x k) . W (k x n), int8, row-major. */
typedef struct {
  const int8_t *A, *W;
  int32_t *C;
  size_t m, k, n;
} qa_api_operands;

int qa_api_abi(void);
/* Figure i's name (NULL past the end). */
const char *qa_api_info_name(int i);
/* The options table (qa_opts_info) and the command table (qa_opts_cmd) for the Python side. */
int qa_api_option(int i, const char **name, const char **arg, const char **help, unsigned *cmds);
int qa_api_command(const char *name);

/* x->C = x->A . x->W on the RTL, checked against the golden model; argv: gemm's options
 * (--array, --wbits, --mode, --accw, the memory options, ...). A failed check triages (unless
 * --no-triage): info->triage names the reproducer. */
int qa_api_gemm(int argc, const char *const *argv, const qa_api_operands *x, qa_api_info *info,
                char *msgs, size_t len);
/* The cycle, memory and energy models of one GEMM; argv: model's options (--m, --k, --n, ...). */
int qa_api_cycles(int argc, const char *const *argv, qa_api_info *info, char *msgs, size_t len);
/* x->C = x->A . x->W on the golden model: W checked legal for (wbits, mode) ("packed" or
 * "full"). */
int qa_api_golden(const qa_api_operands *x, int wbits, const char *mode, char *msgs, size_t len);
/* Any command: argv[0] its name, then its options (amdahl and block with --csv FILE --quiet). */
int qa_api_run(int argc, const char *const *argv, char *msgs, size_t len);

#endif /* QA_API_H */
