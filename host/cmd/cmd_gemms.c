/* cmd_gemms.c: qarray gemms, one block's GEMMs, with their cycles and memory traffic. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_area.h"
#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_load.h"
#include "qa_models.h"
#include "qa_rtlrun.h"
#include "qa_study.h"
#include "qa_sweep.h"
#include "qa_util.h"
#include "qa_work.h"
#include "qa_cmd.h"

static int one_phase(const qa_opts *o, qa_phase *p) {
  *p = QA_PHASE_PREFILL;
  if (!o->phase || !strcmp(o->phase, "prefill")) return 0;
  if (!strcmp(o->phase, "decode")) return *p = QA_PHASE_DECODE, 0;
  return qa_usage_err("--phase must be prefill or decode, got", o->phase);
}

/* The memory system's view of each GEMM of the quantized block (projections PACKED, attention
 * FULL): per instance, then per class over the block (x count). */
static int gemms_memory(const qa_array_cfg *a, int wbits, const qa_block_gemm *gl, int n) {
  char buf[8][32];
  printf("\nmemory system, W%dA8 block, per instance of each GEMM (cycles, stalls, bytes of one "
         "instance; not x count):\n", wbits);
  printf("%-13s %12s %12s %10s %7s %13s %13s %13s %8s %-9s\n", "gemm", "cycles", "compute",
         "mem_stall", "stall%", "DRAM_rd_A_B", "DRAM_rd_W_B", "DRAM_wr_C_B", "B/cycle", "bound");
  uint64_t cls[2][7];
  memset(cls, 0, sizeof cls);
  for (int i = 0; i < n; i++) {
    const int c = gl[i].cls == QA_CLASS_PROJ ? 0 : 1;
    qa_gemm_shape g = {a->rows, a->cols, wbits, c ? QA_MODE_FULL : QA_MODE_PACKED, gl[i].m,
                       gl[i].k, gl[i].n};
    qa_mem_result r;
    qa_mem_plan pl;
    char merr[QA_MEM_ERR_LEN];
    if (qa_mem_cycles(&g, 32, &a->mem, &r, &pl, merr)) {
      qa_errf("%s: %s\n", gl[i].name, merr);
      return QA_EXIT_USAGE;
    }
    printf("%-13s %12s %12s %10s %7.1f %13s %13s %13s %8.2f %-9s\n", gl[i].name,
           qa_thousands(r.cycles, buf[0]), qa_thousands(r.compute, buf[1]),
           qa_thousands(r.mem_stall, buf[2]), 100.0 * (double)r.mem_stall / (double)r.cycles,
           qa_thousands(pl.dram_rd_a, buf[3]), qa_thousands(pl.dram_rd_w, buf[4]),
           qa_thousands(pl.dram_wr_c, buf[5]), (double)(pl.dram_rd_a + pl.dram_rd_w) / (double)r.cycles,
           qa_mem_bound_name(qa_mem_bound_of(r.cycles, r.compute, r.mem_stall, r.lat_stall, r.dram_busy)));
    const uint64_t v[7] = {r.cycles, r.mem_stall, r.lat_stall, r.dram_busy, pl.dram_rd_a + pl.dram_rd_w,
                           pl.dram_wr_c, r.compute};
    for (int j = 0; j < 7; j++) cls[c][j] += v[j] * gl[i].count;
  }
  printf("per class, one block (each GEMM x its count):\n");
  for (int c = 0; c < 2; c++)
    printf("  %-10s %s cycles, %.1f %% in memory stalls, DRAM read %s B, written %s B, %.2f "
           "B/cycle: %s-bound\n", c ? "attention" : "projection", qa_thousands(cls[c][0], buf[0]),
           100.0 * (double)cls[c][1] / (double)cls[c][0], qa_thousands(cls[c][4], buf[1]),
           qa_thousands(cls[c][5], buf[2]), (double)cls[c][4] / (double)cls[c][0],
           qa_mem_bound_name(qa_mem_bound_of(cls[c][0], cls[c][6], cls[c][1], cls[c][2], cls[c][3])));
  return 0;
}

/* The GEMM table; with an array, W8A8 and quantized cycles (analytic, x count). */
static void gemms_table(const qa_array_cfg *a, int wbits, const qa_block_gemm *gl, int n,
                        const qa_model *m) {
  char buf[4][32];
  printf("%-13s %-10s %8s %8s %8s %6s %17s", "gemm", "class", "M", "K", "N", "count",
         "MACs (x count)");
  if (a) printf(" %14s %14s", "W8A8 cycles", "quant cycles");
  printf("\n");
  uint64_t macs[2] = {0, 0}, cyc8[2] = {0, 0}, cycq[2] = {0, 0};
  for (int i = 0; i < n; i++) {
    const uint64_t mac = gl[i].m * gl[i].k * gl[i].n * gl[i].count;
    const int c = gl[i].cls == QA_CLASS_PROJ ? 0 : 1;
    macs[c] += mac;
    printf("%-13s %-10s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %6" PRIu64 " %17s", gl[i].name,
           c ? "attention" : "projection", gl[i].m, gl[i].k, gl[i].n, gl[i].count,
           qa_thousands(mac, buf[0]));
    if (a) {
      qa_gemm_shape g = {a->rows, a->cols, wbits, QA_MODE_FULL, gl[i].m, gl[i].k, gl[i].n};
      const uint64_t b = qa_cycles_model(&g) * gl[i].count;
      g.mode = c ? QA_MODE_FULL : QA_MODE_PACKED;
      const uint64_t q = qa_cycles_model(&g) * gl[i].count;
      cyc8[c] += b;
      cycq[c] += q;
      printf(" %14s %14s", qa_thousands(b, buf[1]), qa_thousands(q, buf[2]));
    }
    printf("\n");
  }
  printf("block total: projection MACs %s, attention MACs %s; model total %s MACs\n",
         qa_thousands(macs[0], buf[0]), qa_thousands(macs[1], buf[1]),
         qa_thousands((macs[0] + macs[1]) * (uint64_t)m->layers, buf[2]));
  if (a)
    printf("block cycles, compute-only (x count): W8A8 %s (projection %s), W%dA8 %s (projection "
           "%s)\n", qa_thousands(cyc8[0] + cyc8[1], buf[0]), qa_thousands(cyc8[0], buf[1]), wbits,
           qa_thousands(cycq[0] + cycq[1], buf[2]), qa_thousands(cycq[0], buf[3]));
}

/* --lm-head: the head's line and the model's total with it. Returns 0, or -1 with err. */
static int head_line(const qa_model *m, uint64_t batch, const qa_block_gemm *gl, int n, char *err) {
  qa_block_gemm h;
  if (qa_lm_head_gemm(m, batch, &h, err)) return -1;
  uint64_t block = 0;
  for (int i = 0; i < n; i++) block += gl[i].m * gl[i].k * gl[i].n * gl[i].count;
  char buf[2][32];
  printf("lm_head (once per model, INT8, FULL): %" PRIu64 " x %" PRIu64 " x %" PRIu64 ", %s MACs; "
         "model total with it %s MACs\n", h.m, h.k, h.n, qa_thousands(h.m * h.k * h.n, buf[0]),
         qa_thousands(block * (uint64_t)m->layers + h.m * h.k * h.n, buf[1]));
  return 0;
}

int qa_cmd_gemms(const qa_opts *o) {
  qa_phase phase;
  uint64_t seq;
  int wbits, rc;
  if ((rc = qa_one_seq(o, 1, &seq)) || (rc = one_phase(o, &phase)) || (rc = qa_one_wbits(o, &wbits)))
    return rc;
  if (o->arrays && strchr(o->arrays, ',')) return qa_usage_err("--array takes one array here, got", o->arrays);
  qa_array_cfg a;
  if (o->arrays && qa_array_resolve(o, o->arrays, 1, &a)) return QA_EXIT_USAGE;
  qa_model_table t;
  if ((rc = qa_models_open(o->models_file, o->model_name, &t))) return rc;
  const qa_model *m = qa_one_model(o, &t, seq);
  qa_block_gemm gl[QA_MAX_BLOCK_GEMMS];
  char err[QA_ERR_LEN];
  int n = m ? qa_block_gemms(m, phase, seq, o->batch, gl, err) : -1;
  if (m && n < 0) qa_errf("%s\n", err);
  if (n >= 0) {
    printf("%s, %s, L=%" PRIu64 ", batch %" PRIu64 ": the GEMMs of one block (x %d layers)\n",
           m->name, qa_phase_name(phase), seq, o->batch, m->layers);
    if (o->arrays) printf("W%dA8 on ", wbits), qa_array_describe(&a, 4, stdout);
    gemms_table(o->arrays ? &a : NULL, wbits, gl, n, m);
    if (o->lm_head && head_line(m, o->batch, gl, n, err)) n = -1, qa_errf("%s\n", err);
    rc = n >= 0 && o->arrays && a.mem.enabled ? gemms_memory(&a, wbits, gl, n) : 0;
  }
  qa_models_free(&t);
  return n < 0 ? QA_EXIT_USAGE : rc;
}
