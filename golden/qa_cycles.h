/* qa_cycles.h: the analytic cycle model of the qarray RTL, and SCALE-Sim v2's OS formula.
 *
 * Closed form, derived from the microarchitecture (docs/cycle-model.md), not from the RTL
 * code; the co-simulation tests hold the RTL to it exactly for stall-free runs:
 *   T      = ceil(M/R) * ceil(N/C)                       tiles
 *   Kt     = K (FULL) or ceil(K / LANES) (PACKED)         beats per tile
 *   P      = max(Kt, R)                                  tile interval (drain chain needs R)
 *   cycles = Kt + (T-1)*P + 2R + C + 1
 */
#ifndef QA_CYCLES_H
#define QA_CYCLES_H

#include <stdint.h>

#include "qa_arch.h" /* qa_os_drain */

enum { QA_MODE_FULL = 0, QA_MODE_PACKED = 1 };

typedef struct {
  int rows, cols, wbits; /* the array */
  int mode;              /* QA_MODE_FULL or QA_MODE_PACKED */
  uint64_t m, k, n;      /* the GEMM: (m x k) . (k x n) */
} qa_gemm_shape;

uint64_t qa_ceil_div(uint64_t a, uint64_t b);
uint64_t qa_tiles(const qa_gemm_shape *g);            /* T */
uint64_t qa_beats_per_tile(const qa_gemm_shape *g);   /* Kt */
/* Total cycles of the RTL from the first beat offered to the last result row delivered. */
uint64_t qa_cycles_model(const qa_gemm_shape *g);
/* SCALE-Sim v2 OS "Total Cycles": ceil(M/R)*ceil(N/C)*(K + R + C - 2) - 1 (precision-blind). */
uint64_t qa_cycles_scalesim(const qa_gemm_shape *g);

/* Amdahl's law: the overall speedup when a share f of the baseline time is sped up s times,
 * 1 / ((1 - f) + f / s), and its ceiling as s grows without bound, 1 / (1 - f) (infinite for
 * f = 1). */
double qa_amdahl(double f, double s);
double qa_amdahl_ceiling(double f);

#endif /* QA_CYCLES_H */
