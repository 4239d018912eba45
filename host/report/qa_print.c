/* qa_print.c: see qa_print.h. */
#include "qa_print.h"

#include <inttypes.h>
#include <stdio.h>

void qa_print_mem(const qa_array_cfg *a, const qa_mem_plan *p, const qa_mem_result *r,
                  const qa_counters *rtl) {
  printf("memory           ");
  qa_array_describe(a, 17, stdout);
  printf("plan             %s outer, A %s, W %s, %" PRIu64 " chunks of <= %" PRIu64 " beats\n",
         p->a_outer ? "A row blocks" : "W column blocks", p->a_resident ? "resident" : "streamed",
         p->w_resident ? "resident" : "streamed", p->nchunks, p->kc);
  printf("dram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64 "\n",
         p->dram_rd_a, p->dram_rd_w, p->dram_wr_c);
  printf("sram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64
         " (plus the DRAM loads written in)\n", p->sram_rd_a, p->sram_rd_w, p->sram_wr_c);
  printf("memory stalls    predicted %" PRIu64 " cycles (%.1f %% of the run; %" PRIu64
         " of them waiting for the latency)", r->mem_stall,
         100.0 * (double)r->mem_stall / (double)r->cycles, r->lat_stall);
  if (rtl) printf(", RTL counter %" PRIu64 "%s", rtl->mem_stall,
                  rtl->mem_stall == r->mem_stall ? " (exact)" : " (DIFFERS)");
  printf("\n");
  printf("dram channel     busy %" PRIu64 " cycles (%.1f %% of the run), %.2f of %.2f B/cycle "
         "drawn on average; compute-only %" PRIu64 " cycles\n",
         r->dram_busy, 100.0 * (double)r->dram_busy / (double)r->cycles,
         (double)(p->dram_rd_a + p->dram_rd_w) / (double)r->cycles, a->mem.dram_bpc, r->compute);
  printf("bound            %s-bound (docs/memory.md: the channel busy >= %.0f %% of the "
         "compute-only time, or stalls >= %.0f %% of the run, is memory-bound)\n",
         qa_mem_bound_name(qa_mem_bound_of(r->cycles, r->compute, r->mem_stall, r->lat_stall, r->dram_busy)),
         100 * QA_BOUND_BUSY_SHARE, 100 * QA_BOUND_STALL_SHARE);
}

const char *qa_mode_name(int mode) { return mode == QA_MODE_PACKED ? "packed" : "full"; }

void qa_run_events(const qa_gemm_shape *g, const qa_counters *c, const qa_mem_plan *t,
                   qa_energy_events *ev) {
  qa_energy_events_of(g, c->beats, c->cycles, c->in_stall + c->gap_stall + c->credit_stall, t, ev);
}


int qa_run_energy(const qa_energy_run *x, const qa_counters *c, qa_energy *en, char *err) {
  qa_mem_cfg m = x->a->mem;
  m.enabled = 1;
  qa_mem_plan t;
  qa_mem_result r;
  if (qa_mem_cycles(x->g, x->accw, &m, &r, &t, err)) return -1;
  qa_energy_events ev;
  qa_run_events(x->g, c, &t, &ev);
  qa_energy_gemm(x->es, x->g, x->a->clock_mhz, x->kind, &ev, en);
  return 0;
}

/* The energy line of gemm and model (qa_run_energy). */
void qa_print_energy(const qa_energy_setup *es, const qa_array_cfg *a, const qa_gemm_shape *g,
                     int accw, const qa_counters *c, int kind) {
  qa_energy en;
  char merr[QA_MEM_ERR_LEN];
  if (qa_run_energy(&(qa_energy_run){es, a, g, accw, kind}, c, &en, merr)) {
    printf("energy           not counted: %s\n", merr);
    return;
  }
  printf("energy           %.6g pJ: compute %.6g, registers %.6g (clock %.6g, data %.6g), SRAM %.6g, "
         "DRAM %.6g, leakage %.6g (%.4g pJ per MAC; docs/energy.md)\n",
         en.total, en.compute, en.reg_clock + en.reg_data, en.reg_clock, en.reg_data, en.sram,
         en.dram, en.leak, en.total / ((double)g->m * (double)g->k * (double)g->n));
  if (!es->has_hw) printf("                 registers and leakage not counted: %s\n", es->hw_err);
}

/* One array and one precision, as gemm and model take them. */
void qa_print_util(double macs, uint64_t cycles, int pes, int lanes) {
  printf("MACs/cycle       %.2f\n", macs / (double)cycles);
  printf("utilisation      %.2f %% of %d MACs/cycle\n",
         100.0 * macs / ((double)cycles * pes * lanes), pes * lanes);
}
