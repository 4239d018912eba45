/* qa_rtlrun.h: running GEMMs on RTL models for the study commands: a pool of loaded models
 * (one per ROWS x COLS x WBITS), random operands, and the golden check of every run. */
#ifndef QA_RTLRUN_H
#define QA_RTLRUN_H

#include <stdint.h>

#include "qa_cycles.h"
#include "qa_gemm.h"
#include "qa_load.h"

/* Operands of GEMM g (A g->m x g->k, W g->k x g->n) for (g->wbits, g->mode) of a kind (QA_FILL_*, qa_opts.h), from seed: A int8; W legal for
 * the mode (PACKED: the precision's range, binary only -1/+1; FULL: any int8).
 * - random: uniform over each range; extreme: only its two ends; zero: all zero (binary
 *   weights, which have no 0: all +1);
 * - llm: A = round(N(0, 32)) clipped to int8 (4 sigma at full scale); W from N(0, 1) through the
 *   precision's quantizer: binary sign(w); ternary absmean (BitNet b1.58: round(w / E|w|) in
 *   -1..1); INT4 and INT8 absmax at 3 sigma (round(w x 7/3), round(w x 127/3), clipped). */
void qa_random_operands(int8_t *A, int8_t *W, const qa_gemm_shape *g, int fill, uint64_t seed);

typedef struct {
  qa_lib lib;
  qa_sim *sim;
  int rows, cols, wbits;
  int borrowed; /* lib belongs to the pool this one was cloned from (qa_pool_clone) */
} qa_pool_slot;

typedef struct {
  qa_pool_slot slot[16];
  int n;
  int accw;
  int build;           /* build missing models on demand */
  uint64_t seed;
  uint64_t runs;       /* GEMMs simulated */
  uint64_t sim_cycles; /* RTL cycles simulated */
  double sim_wall_s;
  const char *mutant;  /* NULL, or the deliberate RTL fault whose builds are loaded */
  const qa_trace_opts *trace; /* NULL, or trace with these windows (debug builds are loaded);
                               * the first model writes trace->path, any other model
                               * <path without .fst>-<configuration>.fst */
} qa_pool;

void qa_pool_init(qa_pool *p, int accw, int build, uint64_t seed);
void qa_pool_free(qa_pool *p);
/* Load the model of (rows, cols, wbits) now, so that a missing or stale one fails before any
 * work. Returns 0 or QA_EXIT_USAGE with err. */
int qa_pool_load(qa_pool *p, int rows, int cols, int wbits, char *err);
/* One GEMM's operands A (m x k) and W (k x n) and its result C (m x n). */
typedef struct {
  const int8_t *A, *W;
  int32_t *C;
} qa_operands;

/* Run g on the RTL model of (g->rows, g->cols, g->wbits) with the operands x, check x->C against
 * the golden model and return the RTL's cycles. Returns 0;
 * QA_EXIT_FAIL with err when the RTL fails (a mismatch, which names the first wrong element, or
 * a protocol error); QA_EXIT_USAGE with err when it cannot run (the model not built with
 * --no-build, out of memory). */
int qa_pool_gemm(qa_pool *p, const qa_gemm_shape *g, const qa_operands *x, uint64_t *cycles,
                 char *err);
/* The same with random operands from seed (qa_random_operands). */
int qa_pool_run(qa_pool *p, const qa_gemm_shape *g, uint64_t seed, uint64_t *cycles, char *err);
/* A worker's pool for --jobs: dst gets a model instance of its own for every configuration src
 * has loaded (sharing src's loaded library, so nothing is built or checked again), and src's
 * accumulator width, seed and mutant; no trace. Free dst before src. Returns 0 or QA_EXIT_USAGE
 * with err. */
int qa_pool_clone(qa_pool *dst, const qa_pool *src, char *err);
/* Add src's counts (runs, cycles, wall time) into dst. */
void qa_pool_add_counts(qa_pool *dst, const qa_pool *src);

#endif /* QA_RTLRUN_H */
