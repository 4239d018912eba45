/* qa_block.h: one transformer block executed with numbers (qarray block).
 *
 * Pre-norm block (GPT-2, OPT, LLaMA): x1 = x + O(attn(norm1(x))), out = x1 + FFN(norm2(x1)).
 * Synthetic float weights from a seed (N(0, 0.02), GPT-2's init); norm gains 1, biases 0 and no
 * linear biases. Projection weights are quantized per tensor (ternary absmean, binary sign with
 * beta, INT4/INT8 absmax) and run in PACKED mode; activations are quantized to INT8 per token
 * (absmax). Per head, Q.K^T runs in FULL mode (Q per token, K per token = per column of K^T),
 * softmax (causal) on the host, P quantized per row, P.V in FULL mode (V per channel). Every
 * scale factors out of its GEMM's sum, so each GEMM is an exact integer GEMM followed by a float
 * rescale. The same code runs with the GEMMs on the RTL or on the golden model: outputs are
 * bit-identical. A float64 reference of the same block (the same quantized weights, but float
 * activations and no INT8 anywhere) measures the error of INT8 activations.
 */
#ifndef QA_BLOCK_H
#define QA_BLOCK_H

#include <stdint.h>

#include "qa_models.h"
#include "qa_rtlrun.h"

/* Per-GEMM accounting of one run. */
typedef struct {
  const char *name;
  int mode;
  uint64_t m, k, n, count;
  uint64_t cycles;    /* summed over count (RTL counters, or the analytic model on golden runs) */
  uint64_t predicted; /* analytic, summed over count */
  qa_class cls;
} qa_block_stat;

typedef struct {
  const qa_model *model;
  uint64_t seq;
  int rows, cols, wbits;
  uint64_t seed;
  qa_pool *pool; /* NULL: GEMMs on the golden model; else one pool per worker (jobs) */
  int no_ref;    /* 1: skip the float64 reference (rel_err stays 0); `qarray block` takes it from
                  * the golden run, whose outputs it requires to be bit-identical */
  int jobs;      /* workers (0: 1): a block's independent GEMMs (Q, K, V; FFN up and gate; the
                  * heads' attention) run on pool[0..jobs-1] at once, with the same results */
  int progress;  /* 1: a line on stderr at most once a second with the GEMMs done (RTL runs) */
} qa_block_cfg;

typedef struct {
  qa_block_stat st[QA_MAX_BLOCK_GEMMS];
  int nst;
  double rel_err; /* ||d - d_ref|| / ||d_ref||, d = block output - block input */
  uint64_t gemms_done; /* GEMMs run so far (progress) */
  double shown;        /* when the last progress line was printed (qa_now_s) */
} qa_block_result;

/* Run block `layer` (weights seeded by seed and layer) on x (seq x d_model, row-major),
 * replacing x with the block's output. Stats accumulate into res (zero it before the first
 * layer). Returns 0, or with err QA_EXIT_FAIL (an RTL GEMM failed its check) or QA_EXIT_USAGE
 * (a model could not be loaded, out of memory). */
int qa_block_run(const qa_block_cfg *c, int layer, float *x, qa_block_result *res, char *err);

#endif /* QA_BLOCK_H */
