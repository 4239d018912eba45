/* qa_energy.h: a first-order energy model of a GEMM on the array (docs/energy.md). Independent
 * of the RTL: events come from the RTL's counters (qarray gemm) or the cycle and memory models;
 * what the array is made of and how its registers switch (qa_energy_hw) is measured elsewhere
 * (make synth, make activity) and handed in as numbers.
 *
 * Events of a GEMM on an R x C array:
 * - PE beats: every PE processes every beat of its tile (zero padding included), T x Kt x R x C
 *   (the RTL's accepted beats x R x C). A beat costs, per PE: FULL mode (and PACKED at WBITS 8)
 *   an 8x8 multiply and a 32-bit accumulate; PACKED WBITS 4: 2 4x8 multiplies, one 16-bit add
 *   of the lane sums and the accumulate; WBITS 2 and 1: LANES 8-bit add/subtract/hold lane
 *   operations, LANES-1 16-bit adds of the lane sums and the accumulate.
 * - Registers: every flip-flop of the array is clocked every cycle (the RTL gates no clock):
 *   flop_clock per flop-cycle; and every bit that toggles costs flop_toggle. Toggles are the
 *   measured rates (qa_energy_hw) times the events they are charged to: PE-beats, bubble and idle
 *   PE-cycles, outputs (the drain), beats (skew lines, the input side), output rows (de-skew);
 *   the data registers' rates are for live operands: a padded row (column) of a ragged or M = 1
 *   tile holds zeros, so activation toggles scale with the live rows, weight toggles with the
 *   live columns, the accumulator's and the results' with both.
 *   With pe_idle >= 0 the PEs' clock is gated instead: an idle PE-cycle costs pe_idle and none
 *   of its flops' clock.
 * - Leakage: the array's logic and its output buffer macro, in GE, for every cycle, at the
 *   clock's cycle time.
 * - SRAM bytes read (A and W by the array; C before its DRAM write-back) and written (C, and
 *   every DRAM load written in); the output buffer's row writes and reads (per byte, by its size).
 * - DRAM bytes read (A, W) and written (C).
 */
#ifndef QA_ENERGY_H
#define QA_ENERGY_H

#include <stdint.h>

#include "qa_cycles.h"
#include "qa_mem.h"

typedef struct {
  double mul8, mul4, add8, add16, add32; /* pJ per operation */
  double pe_idle;    /* pJ per idle PE-cycle with the PEs' clock gated; < 0: not gated (default) */
  double flop_clock; /* pJ per flip-flop per cycle */
  double flop_toggle; /* pJ per flip-flop bit that toggles */
  double leak_nw_ge; /* nW of leakage per GE */
  double obuf;       /* pJ per byte written or read in the output buffer; < 0: by its size */
  double sram_read, sram_write; /* pJ per byte */
  double dram;                  /* pJ per byte read or written */
} qa_energy_cfg;

/* The 45 nm figures of Horowitz (ISSCC 2014) and Aladdin's 40 nm register (Shao et al., ISCA
 * 2014) (docs/energy.md). */
void qa_energy_defaults(qa_energy_cfg *e);

/* What the array is made of and how its registers switch: measured (synth/area.csv,
 * synth/array_parts.csv, synth/activity.csv; the host fills it). has 0: none is known, and
 * registers and leakage are not counted. Toggle rates are bits that change: */
typedef struct {
  int has;
  double clock_mhz;            /* the array's clock, for leakage per cycle */
  double flops_pe, flops_edge; /* per PE; everything outside the PEs */
  double ge_logic, ge_sram;    /* the whole array's logic; its output buffer macro */
  double obuf_bytes;           /* the output buffer macro's size */
  double t_a, t_w, t_acc;          /* a PE's activation, weight and accumulator registers per
                                      PE-beat of live operands (padding toggles nothing) */
  double t_bubble, t_idle;         /* its data registers per bubble and per idle PE-cycle */
  double t_out;                    /* the drain's, per output (per tile and PE) */
  double t_ctl_out, t_v_bubble;    /* a PE's control: first, last, mode per output; the valid per
                                      bubble PE-cycle. The skew's control lines carry the same:
                                      (C-1)/(R C) of the PEs' */
  double skew_a_bits, t_skew_a;    /* skew activation-line flip-flops, toggles per flop per beat */
  double skew_w_bits, t_skew_w;    /* skew weight-line flip-flops, the same */
  double deskew_bits, t_deskew;    /* de-skew flip-flops, toggles per flop per output row */
  double in_bits, t_edge;          /* input bits per beat (R AW + 8 C), toggles outside the core
                                      (the counters apart) per input bit per beat */
} qa_energy_hw;

typedef struct {
  int rows, cols;                             /* the array */
  double live_r, live_c; /* the share of the tiles' rows and columns that are not padding */
  uint64_t beats, cycles, bubbles, tiles;     /* the array's */
  uint64_t pe_beats, pe_bubbles, pe_idle, outputs, rows_out;
  uint64_t sram_read, sram_write, dram, obuf; /* bytes */
} qa_energy_events;

typedef struct {
  double compute, reg_clock, reg_data, sram, dram, leak; /* pJ */
  double total;
} qa_energy;

/* The split, in this order everywhere (CSV, tables, report): compute, registers' clock,
 * registers' data, SRAM, DRAM, leakage. */
#define QA_ENERGY_NSPLIT 6
extern const char *const qa_energy_split_names[QA_ENERGY_NSPLIT];
void qa_energy_split(const qa_energy *en, double v[QA_ENERGY_NSPLIT]);

/* pJ of one PE beat in a mode at a precision. */
double qa_energy_beat(const qa_energy_cfg *e, int mode, int wbits);
/* The events of a GEMM: beats (accepted beats, T x Kt), the run's cycles, its bubbles (cycles a
 * tile was open and no beat entered) and its plan's traffic. */
void qa_energy_events_of(const qa_gemm_shape *g, uint64_t beats, uint64_t cycles, uint64_t bubbles,
                         const qa_mem_plan *traffic, qa_energy_events *ev);
/* The register bits that toggle in those events (hw's rates, and the counters'). */
double qa_energy_toggles(const qa_energy_hw *hw, const qa_energy_events *ev);
/* The nine event counters' toggles: 2 bits per increment (cycles, busy, beats, rows, stalls). */
double qa_energy_counter_toggles(const qa_energy_events *ev);
/* The output buffer's pJ per byte: e->obuf, or by the macro's size (Horowitz's 8 KB, 32 KB and
 * 1 MB SRAMs: 1.25, 2.5, 12.5 pJ per byte). */
double qa_energy_obuf_pj(const qa_energy_cfg *e, double bytes);
void qa_energy_of(const qa_energy_cfg *e, const qa_gemm_shape *g, const qa_energy_hw *hw,
                  const qa_energy_events *ev, qa_energy *out);

#endif /* QA_ENERGY_H */
