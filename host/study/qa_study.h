/* qa_study.h: the Amdahl's-law study. One point = a model, an array, a quantized weight
 * precision, a phase and a sequence length; its cycles per transformer block come from the
 * analytic model or from the RTL (through a cycles callback).
 *
 * Baseline (W8A8): every GEMM in FULL mode. Quantized (W<B>A8): projections in PACKED mode on
 * an array built for B-bit weights, attention unchanged in FULL mode.
 *   f        = baseline projection cycles / baseline block cycles
 *   s        = baseline projection cycles / quantized projection cycles
 *   speedup  = baseline block cycles / quantized block cycles  (= 1/((1-f)+f/s), since attention
 *              cycles do not change)
 *   ceiling  = 1/(1-f)
 */
#ifndef QA_STUDY_H
#define QA_STUDY_H

#include <stdint.h>

#include "qa_cycles.h"
#include "qa_energy.h"
#include "qa_hw.h"
#include "qa_mem.h"
#include "qa_area.h"
#include "qa_models.h"

/* Cycles of one GEMM; returns 0, or QA_EXIT_FAIL / QA_EXIT_USAGE (qa_err.h) with err filled by
 * the callee: a check that failed, or a run that could not be made. */
typedef int (*qa_cycles_fn)(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err);
/* The analytic model as a qa_cycles_fn (ctx unused). */
int qa_cycles_analytic(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err);

typedef struct {
  const qa_model *model;
  const char *array;
  int rows, cols, wbits;
  qa_phase phase;
  uint64_t seq, batch;
  double clock_mhz;
  double clock_ratio; /* the quantized array's clock over clock_mhz (0: the same clock) */
  const qa_mem_cfg *mem; /* the array's memory system; NULL or disabled: no memory columns */
  /* per block */
  uint64_t base_proj, base_attn, q_proj, q_attn;
  uint64_t macs_proj, macs_attn;
  /* derived */
  double f, s, speedup, amdahl, ceiling;
  double util_base, util_q;     /* MACs per PE per cycle (PACKED mode may exceed 1) */
  double tok_s_base, tok_s_q;   /* tokens per second for the whole model at clock_mhz (the
                                 * quantized array's at clock_mhz x clock_ratio) */
  double speedup_time;          /* tok_s_q / tok_s_base: the speedup in time */
  /* With the memory system (analytic, golden/qa_mem.h; each GEMM starts with empty buffers):
   * the same per-block cycles and derived numbers, DRAM bytes read per class, memory-stall
   * cycles and the cycles the DRAM channel was busy. */
  int has_mem;
  uint64_t mbase_proj, mbase_attn, mq_proj, mq_attn;
  uint64_t mstall_base, mstall_q, dram_busy_base, dram_busy_q;
  uint64_t mlat_base, mlat_q; /* of the stalls, cycles waiting for the DRAM latency */
  uint64_t bytes_base_proj, bytes_base_attn, bytes_q_proj, bytes_q_attn;
  double mf, ms, mspeedup, mceiling, mtok_s_base, mtok_s_q;
  qa_mem_bound bound_base, bound_q; /* compute-, bandwidth- or latency-bound (qa_mem.h) */
  /* Set by the caller: 1 evaluates only the quantized run (projections PACKED, attention FULL;
   * compute-only), as the iso-area array needs; the derived fields are then not filled. */
  int quant_only;
  /* Set by the caller: 1 adds the LM head (qa_lm_head_gemm) once per model to the whole-model
   * figures (tok_s_*, mtok_s_*, pj_tok_*, tok_j_*, speedup_time); the per-block ones (f, s,
   * speedup, ...) stay the block's. Its cycles (FULL in both runs), memory-aware cycles and
   * energy (pJ, every part): */
  int lm_head;
  uint64_t head_cyc, mhead_base, mhead_q;
  double ehead_base, ehead_q;
  /* Energy (golden/qa_energy.h), when energy and mem are set: pJ per block by class [0]
   * projections, [1] attention and by part (qa_energy_split_names: compute, registers' clock
   * and data, SRAM, DRAM, leakage; the W8A8 run on W8 hardware, the quantized on W<B>'s, with
   * LLM-like operands' toggles); DRAM bytes (read
   * and written) per block by class; per token and tokens per joule of the whole model; and the
   * share of the W8A8 energy that quantization cannot touch (attention's: the energy form of
   * 1 - f). */
  const qa_energy_setup *energy;
  int has_energy;
  double e_base[2][QA_ENERGY_NSPLIT], e_q[2][QA_ENERGY_NSPLIT];
  uint64_t dram_b_base[2], dram_b_q[2];
  double pj_tok_base, pj_tok_q, tok_j_base, tok_j_q, e_untouched;
  /* Iso-area (qa_point_iso, compute-only): the quantized array with rows x iso_cols PEs whose
   * area fits the W8A8 array's (host/io/qa_area.h: the whole array's when iso_whole, else the
   * PEs'), its cycles per block, and throughput per area: MACs per cycle per kGE of PE area,
   * [0] projections, [1] attention, [2] the block, for W8A8 on rows x cols (base), the quantized
   * PE on rows x cols (q, iso-PE) and on rows x iso_cols. The PE-only rule's columns and block
   * speedup beside (iso_cols_pe, speedup_iso_pe, analytic); the arrays' total GE (whole rule). */
  int has_iso, iso_cols, iso_whole, iso_cols_pe;
  double ge_base, ge_q; /* GE of one W8 and one W<B> PE */
  double total_base, total_q, speedup_iso_pe;
  uint64_t iso_q_proj, iso_q_attn;
  double s_iso, speedup_iso;
  double mpk_base[3], mpk_q[3], mpk_iso[3];
} qa_point;

/* Fill the cycle and derived fields of p (model, array, wbits, phase, seq, batch, clock set).
 * Returns 0 or the callback's code (or QA_EXIT_USAGE) with err. */
int qa_point_eval(qa_point *p, qa_cycles_fn fn, void *ctx, char *err);
/* The iso-area fields of an evaluated point, given its shape (qa_iso_of): the quantized block is
 * evaluated again (fn) on rows x iso->cols, and analytically on rows x iso->cols_pe. */
int qa_point_iso(qa_point *p, const qa_iso *iso, qa_cycles_fn fn, void *ctx, char *err);

#endif /* QA_STUDY_H */
