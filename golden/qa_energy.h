/* qa_energy.h: a first-order energy model of a GEMM on the array (docs/energy.md). Independent
 * of the RTL: events come from the RTL's counters (qarray gemm) or the cycle and memory models.
 *
 * Events of a GEMM on an R x C array:
 * - PE beats: every PE processes every beat of its tile (zero padding included), T x Kt x R x C
 *   (the RTL's accepted beats x R x C). A beat costs, per PE: FULL mode (and PACKED at WBITS 8)
 *   an 8x8 multiply and a 32-bit accumulate; PACKED WBITS 4: 2 4x8 multiplies, one 16-bit add
 *   of the lane sums and the accumulate; WBITS 2 and 1: LANES 8-bit add/subtract/hold lane
 *   operations, LANES-1 16-bit adds of the lane sums and the accumulate.
 * - Idle PE-cycles: cycles x R x C minus the PE beats, at pe_idle each (0 by default: the
 *   array's clock gated when it has no beat).
 * - SRAM bytes read (A and W by the array) and written (C, and every DRAM load written in).
 * - DRAM bytes read (A, W) and written (C).
 */
#ifndef QA_ENERGY_H
#define QA_ENERGY_H

#include <stdint.h>

#include "qa_cycles.h"
#include "qa_mem.h"

typedef struct {
  double mul8, mul4, add8, add16, add32; /* pJ per operation */
  double pe_idle;                        /* pJ per idle PE-cycle */
  double sram_read, sram_write;          /* pJ per byte */
  double dram;                           /* pJ per byte read or written */
} qa_energy_cfg;

/* The 45 nm figures of Horowitz, "Computing's energy problem", ISSCC 2014 (docs/energy.md). */
void qa_energy_defaults(qa_energy_cfg *e);

typedef struct {
  uint64_t pe_beats, pe_idle;
  uint64_t sram_read, sram_write, dram;
} qa_energy_events;

typedef struct {
  double compute, sram, dram; /* pJ */
  double total;
} qa_energy;

/* pJ of one PE beat in a mode at a precision. */
double qa_energy_beat(const qa_energy_cfg *e, int mode, int wbits);
/* The events of a GEMM: beats (accepted beats, T x Kt), the run's cycles and its plan's traffic. */
void qa_energy_events_of(const qa_gemm_shape *g, uint64_t beats, uint64_t cycles,
                         const qa_mem_plan *traffic, qa_energy_events *ev);
void qa_energy_of(const qa_energy_cfg *e, const qa_gemm_shape *g, const qa_energy_events *ev,
                  qa_energy *out);

#endif /* QA_ENERGY_H */
