/* qa_cli.h: helpers shared by the qarray commands. */
#ifndef QA_CLI_H
#define QA_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "../golden/qa_mem.h"
#include "qa_gemm.h"

enum { QA_EXIT_PASS = 0, QA_EXIT_FAIL = 1, QA_EXIT_USAGE = 2 };

/* Print "qarray: msg 'arg' (see 'qarray help')" and return QA_EXIT_USAGE. */
int qa_usage_err(const char *msg, const char *arg);
/* Strict unsigned parse: digits only, within [lo, hi]. Returns 0 or -1. */
int qa_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);
/* Split a comma-separated list in place (s is modified); at most max items. Returns the count,
 * or -1 for an empty item or too many. */
int qa_split_list(char *s, char **items, int max);

/* Options of the memory system, shared by gemm, model, gemms and amdahl. */
typedef struct {
  int mem;                 /* -1 unset, 0 off, 1 on */
  const char *file;        /* --array-file */
  uint64_t sram_kib, internal_kib, a_kib, w_kib, c_kib, bpc, lat;
  unsigned set;            /* which of the above were given (bits, see qa_cli.c) */
} qa_mem_opts;

/* If k is a memory option, consume it (v is its value) and return 1; 0 if it is not one; on a
 * bad value print the error and return -1. */
int qa_mem_opt(const char *k, const char *v, qa_mem_opts *mo);
/* The memory system of a named array: its defaults, then --array-file, then the options. Any
 * option but "--mem off" turns it on; without any, it is on only if on_by_default. clock_mhz
 * (may be NULL) gets the file's clock_mhz if it has one. Returns 0, or QA_EXIT_USAGE after
 * printing the error. */
int qa_mem_resolve(const qa_mem_opts *mo, const char *array, int on_by_default, qa_mem_cfg *m,
                   double *clock_mhz);

/* Tracing options (gemm, block, amdahl --rtl): --trace FILE.fst, --trace-tile N,
 * --trace-cycles A:B, --trace-depth D, and (many_gemms) --trace-gemm K. tr is a qa_trace_opts
 * (host/qa_gemm.h); call qa_trace_defaults first. Returns 1 if k was one (consumed with v), 0
 * if not, -1 after printing the error. */
void qa_trace_defaults(qa_trace_opts *tr);
int qa_trace_opt(const char *k, const char *v, qa_trace_opts *tr, int many_gemms);

/* The commands, each given the whole argv (argv[1] is the command). */
int qa_cmd_models(int argc, char **argv);
int qa_cmd_gemms(int argc, char **argv);
int qa_cmd_amdahl(int argc, char **argv);
int qa_cmd_report(int argc, char **argv);
int qa_cmd_block(int argc, char **argv);

#endif /* QA_CLI_H */
