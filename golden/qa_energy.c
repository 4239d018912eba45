/* qa_energy.c: see qa_energy.h. */
#include "qa_energy.h"

#include <string.h>

#include "qa_golden.h"

void qa_energy_defaults(qa_energy_cfg *e) {
  memset(e, 0, sizeof *e);
  e->mul8 = 0.2;   /* 8-bit multiply */
  e->add8 = 0.03;  /* 8-bit add */
  e->add32 = 0.1;  /* 32-bit add */
  e->add16 = 0.05; /* between the 8- and 32-bit adds (our interpolation) */
  e->mul4 = 0.1;   /* a 4x8 multiply: half the partial products of an 8x8 (our estimate) */
  e->pe_idle = -1; /* the RTL gates no clock */
  e->flop_clock = 0.00794; /* Aladdin's register bit: internal power, 40 nm at 1 GHz */
  e->flop_toggle = 0.00106; /* the same register's switching power */
  e->leak_nw_ge = 10.0;     /* Aladdin's 40 nm multiplier: 80 uW over 6,350 um^2, per GE */
  e->obuf = -1;             /* by the macro's size */
  e->sram_read = e->sram_write = 12.5; /* 100 pJ per 64-bit access of a 1 MB SRAM */
  e->dram = 162.5;                     /* 1.3 nJ per 64-bit access (the low end of 1.3-2.6) */
}

double qa_energy_beat(const qa_energy_cfg *e, int mode, int wbits) {
  if (mode != QA_MODE_PACKED || wbits == 8) return e->mul8 + e->add32;
  const int lanes = qa_lanes(wbits);
  const double lane = wbits == 4 ? e->mul4 : e->add8;
  return lanes * lane + (lanes - 1) * e->add16 + e->add32;
}

void qa_energy_events_of(const qa_gemm_shape *g, uint64_t beats, uint64_t cycles, uint64_t bubbles,
                         const qa_mem_plan *t, qa_energy_events *ev) {
  const uint64_t pes = (uint64_t)g->rows * (uint64_t)g->cols;
  memset(ev, 0, sizeof *ev);
  ev->rows = g->rows;
  ev->cols = g->cols;
  ev->live_r = (double)g->m / (double)(qa_ceil_div(g->m, (uint64_t)g->rows) * (uint64_t)g->rows);
  ev->live_c = (double)g->n / (double)(qa_ceil_div(g->n, (uint64_t)g->cols) * (uint64_t)g->cols);
  ev->beats = beats;
  ev->cycles = cycles;
  ev->bubbles = bubbles;
  ev->tiles = qa_tiles(g);
  ev->pe_beats = beats * pes;
  ev->pe_bubbles = bubbles * pes;
  const uint64_t busy = ev->pe_beats + ev->pe_bubbles;
  ev->pe_idle = cycles * pes > busy ? cycles * pes - busy : 0;
  ev->outputs = ev->tiles * pes;
  ev->rows_out = ev->tiles * (uint64_t)g->rows;
  ev->sram_read = t->sram_rd_a + t->sram_rd_w + t->dram_wr_c; /* C read for its write-back */
  ev->sram_write = t->sram_wr_c + t->dram_rd_a + t->dram_rd_w;
  ev->dram = t->dram_rd_a + t->dram_rd_w + t->dram_wr_c;
  ev->obuf = 2 * ev->rows_out * (uint64_t)g->cols * 4; /* every 32-bit result in and out once */
}

double qa_energy_toggles(const qa_energy_hw *hw, const qa_energy_events *ev) {
  if (!hw || !hw->has) return 0.0;
  const double ctl = (double)ev->outputs * hw->t_ctl_out + (double)ev->pe_bubbles * hw->t_v_bubble;
  const double skew_ctl = ctl * (ev->cols - 1) / ((double)ev->rows * ev->cols);
  const double lr = ev->live_r, lc = ev->live_c;
  const double data = (double)ev->pe_beats * (hw->t_a * lr + hw->t_w * lc + hw->t_acc * lr * lc) +
                      (double)ev->outputs * hw->t_out * lr * lc;
  const double lines = (double)ev->beats * (hw->skew_a_bits * hw->t_skew_a * lr +
                                            hw->skew_w_bits * hw->t_skew_w * lc + hw->in_bits * hw->t_edge) +
                       (double)ev->rows_out * hw->deskew_bits * hw->t_deskew;
  return data + (double)ev->pe_bubbles * hw->t_bubble + (double)ev->pe_idle * hw->t_idle + ctl +
         skew_ctl + lines + qa_energy_counter_toggles(ev);
}

double qa_energy_counter_toggles(const qa_energy_events *ev) {
  /* A binary counter flips 2 bits per increment on average; cycles and busy count every cycle
   * (busy: nearly), beats, rows and stalls (the bubbles) their events. */
  return 2.0 * (2.0 * (double)ev->cycles + (double)ev->beats + (double)ev->rows_out + (double)ev->bubbles);
}

double qa_energy_obuf_pj(const qa_energy_cfg *e, double bytes) {
  if (e->obuf >= 0) return e->obuf;
  return bytes <= 8192 ? 1.25 : (bytes <= 32768 ? 2.5 : 12.5);
}

/* pJ of the flops' clock: every flop every cycle, or with the PEs gated, the PEs' only in their
 * busy cycles (and pe_idle in each idle PE-cycle). */
static double clock_pj(const qa_energy_cfg *e, const qa_energy_hw *hw, const qa_energy_events *ev) {
  const double edge = (double)ev->cycles * hw->flops_edge * e->flop_clock;
  if (e->pe_idle < 0)
    return edge + (double)(ev->pe_beats + ev->pe_bubbles + ev->pe_idle) * hw->flops_pe * e->flop_clock;
  return edge + (double)(ev->pe_beats + ev->pe_bubbles) * hw->flops_pe * e->flop_clock +
         (double)ev->pe_idle * e->pe_idle;
}

void qa_energy_of(const qa_energy_cfg *e, const qa_gemm_shape *g, const qa_energy_hw *hw,
                  const qa_energy_events *ev, qa_energy *out) {
  memset(out, 0, sizeof *out);
  out->compute = (double)ev->pe_beats * qa_energy_beat(e, g->mode, g->wbits);
  out->sram = (double)ev->sram_read * e->sram_read + (double)ev->sram_write * e->sram_write;
  if (hw && hw->has) {
    out->reg_clock = clock_pj(e, hw, ev);
    out->reg_data = qa_energy_toggles(hw, ev) * e->flop_toggle;
    /* nW x (1 / MHz) us = 1e-9 W x 1e-6 s / f = 1e-3 pJ per nW per cycle at 1 MHz */
    out->leak = (double)ev->cycles * (hw->ge_logic + hw->ge_sram) * e->leak_nw_ge * 1e-3 /
                hw->clock_mhz;
    out->sram += (double)ev->obuf * qa_energy_obuf_pj(e, hw->obuf_bytes);
  } else if (e->pe_idle > 0) {
    out->compute += (double)ev->pe_idle * e->pe_idle;
  }
  out->dram = (double)ev->dram * e->dram;
  out->total = out->compute + out->reg_clock + out->reg_data + out->sram + out->dram + out->leak;
}

const char *const qa_energy_split_names[QA_ENERGY_NSPLIT] = {"compute", "reg_clock", "reg_data",
                                                             "sram", "dram", "leak"};

void qa_energy_split(const qa_energy *en, double v[QA_ENERGY_NSPLIT]) {
  v[0] = en->compute, v[1] = en->reg_clock, v[2] = en->reg_data;
  v[3] = en->sram, v[4] = en->dram, v[5] = en->leak;
}
