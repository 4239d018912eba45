/* qa_energy.c: see qa_energy.h. */
#include "qa_energy.h"

#include <string.h>

void qa_energy_defaults(qa_energy_cfg *e) {
  memset(e, 0, sizeof *e);
  e->mul8 = 0.2;   /* 8-bit multiply */
  e->add8 = 0.03;  /* 8-bit add */
  e->add32 = 0.1;  /* 32-bit add */
  e->add16 = 0.05; /* between the 8- and 32-bit adds (our interpolation) */
  e->mul4 = 0.1;   /* a 4x8 multiply: half the partial products of an 8x8 (our estimate) */
  e->pe_idle = 0.0;
  e->sram_read = e->sram_write = 12.5; /* 100 pJ per 64-bit access of a 1 MB SRAM */
  e->dram = 162.5;                     /* 1.3 nJ per 64-bit access (the low end of 1.3-2.6) */
}

double qa_energy_beat(const qa_energy_cfg *e, int mode, int wbits) {
  if (mode != QA_MODE_PACKED || wbits == 8) return e->mul8 + e->add32;
  const int lanes = 8 / wbits;
  const double lane = wbits == 4 ? e->mul4 : e->add8;
  return lanes * lane + (lanes - 1) * e->add16 + e->add32;
}

void qa_energy_events_of(const qa_gemm_shape *g, uint64_t beats, uint64_t cycles,
                         const qa_mem_plan *t, qa_energy_events *ev) {
  const uint64_t pes = (uint64_t)g->rows * (uint64_t)g->cols;
  ev->pe_beats = beats * pes;
  ev->pe_idle = cycles * pes > ev->pe_beats ? cycles * pes - ev->pe_beats : 0;
  ev->sram_read = t->sram_rd_a + t->sram_rd_w;
  ev->sram_write = t->sram_wr_c + t->dram_rd_a + t->dram_rd_w;
  ev->dram = t->dram_rd_a + t->dram_rd_w + t->dram_wr_c;
}

void qa_energy_of(const qa_energy_cfg *e, const qa_gemm_shape *g, const qa_energy_events *ev,
                  qa_energy *out) {
  out->compute = (double)ev->pe_beats * qa_energy_beat(e, g->mode, g->wbits) +
                 (double)ev->pe_idle * e->pe_idle;
  out->sram = (double)ev->sram_read * e->sram_read + (double)ev->sram_write * e->sram_write;
  out->dram = (double)ev->dram * e->dram;
  out->total = out->compute + out->sram + out->dram;
}
