/* qa_study.c: see qa_study.h. */
#include "qa_study.h"

#include "qa_area.h"
#include "qa_err.h"
#include "qa_opts.h"

#include <stdio.h>
#include <string.h>

int qa_cycles_analytic(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err) {
  (void)ctx;
  (void)err;
  *cycles = qa_cycles_model(g);
  return 0;
}

/* One run of a block GEMM (g's mode) through the memory model, with the memory on (its traffic
 * is real even when the point's timing is compute-only). */
static int plan_run(const qa_point *p, const qa_block_gemm *b, const qa_gemm_shape *g,
                    qa_mem_result *r, qa_mem_plan *t, char *err) {
  qa_mem_cfg m = *p->mem;
  m.enabled = 1;
  char merr[QA_MEM_ERR_LEN];
  if (!qa_mem_cycles(g, 32, &m, r, t, merr)) return 0;
  snprintf(err, QA_ERR_LEN, "memory model, %s: %s", b->name, merr);
  return QA_EXIT_USAGE;
}

/* Add one block GEMM's memory-aware and energy figures (32-bit results): the W8A8 run FULL and
 * the quantized one in g's mode (PACKED for projections), each planned once for both. cycles
 * [0] and [1] are the runs' compute-only cycles, for the idle PE-cycles when the timing is. */
static int add_runs(qa_point *p, const qa_block_gemm *b, const qa_gemm_shape *g,
                    const uint64_t cycles[2], char *err) {
  const uint64_t n = b->count;
  const int c = b->cls == QA_CLASS_PROJ ? 0 : 1;
  for (int q = 0; q < 2; q++) {
    qa_gemm_shape gq = *g;
    if (!q) gq.mode = QA_MODE_FULL;
    qa_mem_result r;
    qa_mem_plan t;
    int rc = plan_run(p, b, &gq, &r, &t, err);
    if (rc) return rc;
    if (p->has_mem) {
      *(q ? (c ? &p->mq_attn : &p->mq_proj) : (c ? &p->mbase_attn : &p->mbase_proj)) += r.cycles * n;
      *(q ? (c ? &p->bytes_q_attn : &p->bytes_q_proj) : (c ? &p->bytes_base_attn : &p->bytes_base_proj)) +=
          (t.dram_rd_a + t.dram_rd_w) * n;
      *(q ? &p->mstall_q : &p->mstall_base) += r.mem_stall * n;
      *(q ? &p->mlat_q : &p->mlat_base) += r.lat_stall * n;
      *(q ? &p->dram_busy_q : &p->dram_busy_base) += r.dram_busy * n;
    }
    if (p->has_energy) {
      qa_energy_events ev;
      qa_energy en;
      qa_gemm_shape ge = gq;
      if (!q) ge.wbits = 8; /* W8A8 runs on W8 hardware */
      qa_energy_events_of(&ge, qa_tiles(&gq) * qa_beats_per_tile(&gq),
                          p->has_mem ? r.cycles : cycles[q], 0, &t, &ev);
      qa_energy_gemm(p->energy, &ge, p->clock_mhz * (q && p->clock_ratio > 0 ? p->clock_ratio : 1.0),
                     QA_FILL_LLM, &ev, &en);
      double *e = q ? p->e_q[c] : p->e_base[c], v[QA_ENERGY_NSPLIT];
      qa_energy_split(&en, v);
      for (int k = 0; k < QA_ENERGY_NSPLIT; k++) e[k] += v[k] * (double)n;
      *(q ? &p->dram_b_q[c] : &p->dram_b_base[c]) += ev.dram * n;
    }
  }
  return 0;
}

/* The derived figures from the per-block sums. */
static void derive(qa_point *p) {
  const double bb = (double)(p->base_proj + p->base_attn), bq = (double)(p->q_proj + p->q_attn);
  const double macs = (double)(p->macs_proj + p->macs_attn), pes = (double)p->rows * p->cols;
  p->f = (double)p->base_proj / bb;
  p->s = (double)p->base_proj / (double)p->q_proj;
  p->speedup = bb / bq;
  p->amdahl = qa_amdahl(p->f, p->s);
  p->ceiling = qa_amdahl_ceiling(p->f);
  p->util_base = macs / (bb * pes);
  p->util_q = macs / (bq * pes);
  const double tokens = (double)p->batch * (p->phase == QA_PHASE_PREFILL ? (double)p->seq : 1.0);
  const double hz = p->clock_mhz * 1e6, layers = (double)p->model->layers;
  const double hz_q = hz * (p->clock_ratio > 0 ? p->clock_ratio : 1.0), head = (double)p->head_cyc;
  p->tok_s_base = tokens * hz / (bb * layers + head);
  p->tok_s_q = tokens * hz_q / (bq * layers + head);
  p->speedup_time = p->tok_s_q / p->tok_s_base;
  if (p->has_energy) {
    double eb = 0, eq = 0;
    double ua = 0;
    for (int i = 0; i < QA_ENERGY_NSPLIT; i++)
      eb += p->e_base[0][i] + p->e_base[1][i], eq += p->e_q[0][i] + p->e_q[1][i], ua += p->e_base[1][i];
    p->pj_tok_base = (eb * layers + p->ehead_base) / tokens;
    p->pj_tok_q = (eq * layers + p->ehead_q) / tokens;
    p->tok_j_base = 1e12 / p->pj_tok_base;
    p->tok_j_q = 1e12 / p->pj_tok_q;
    p->e_untouched = ua / eb;
  }
  if (!p->has_mem) return;
  const double mb = (double)(p->mbase_proj + p->mbase_attn), mq = (double)(p->mq_proj + p->mq_attn);
  p->mf = (double)p->mbase_proj / mb;
  p->ms = (double)p->mbase_proj / (double)p->mq_proj;
  p->mspeedup = mb / mq;
  p->mceiling = qa_amdahl_ceiling(p->mf);
  p->mtok_s_base = tokens * hz / (mb * layers + (double)p->mhead_base);
  p->mtok_s_q = tokens * hz_q / (mq * layers + (double)p->mhead_q);
  p->bound_base = qa_mem_bound_of((uint64_t)mb, p->base_proj + p->base_attn, p->mstall_base,
                                  p->mlat_base, p->dram_busy_base);
  p->bound_q = qa_mem_bound_of((uint64_t)mq, p->q_proj + p->q_attn, p->mstall_q, p->mlat_q,
                               p->dram_busy_q);
}

/* Add one GEMM of the block (count times) to p's sums. */
static int eval_gemm(qa_point *p, const qa_block_gemm *b, qa_cycles_fn fn, void *ctx, char *err) {
  const int proj = b->cls == QA_CLASS_PROJ;
  qa_gemm_shape g = {p->rows, p->cols, p->wbits, QA_MODE_FULL, b->m, b->k, b->n};
  uint64_t base, quant;
  int rc = p->quant_only && proj ? 0 : fn(ctx, &g, &base, err);
  if (p->quant_only && proj) base = 0;
  quant = base; /* attention runs FULL in both */
  if (!rc && proj) {
    g.mode = QA_MODE_PACKED;
    rc = fn(ctx, &g, &quant, err);
  }
  const uint64_t cycles[2] = {base, quant};
  if (!rc && (p->has_mem || p->has_energy)) rc = add_runs(p, b, &g, cycles, err);
  if (rc) return rc;
  *(proj ? &p->base_proj : &p->base_attn) += base * b->count;
  *(proj ? &p->q_proj : &p->q_attn) += quant * b->count;
  *(proj ? &p->macs_proj : &p->macs_attn) += b->m * b->k * b->n * b->count;
  return 0;
}

static void clear_sums(qa_point *p) {
  p->base_proj = p->base_attn = p->q_proj = p->q_attn = 0;
  p->macs_proj = p->macs_attn = 0;
  p->mbase_proj = p->mbase_attn = p->mq_proj = p->mq_attn = 0;
  p->mstall_base = p->mstall_q = p->dram_busy_base = p->dram_busy_q = 0;
  p->mlat_base = p->mlat_q = 0;
  p->bytes_base_proj = p->bytes_base_attn = p->bytes_q_proj = p->bytes_q_attn = 0;
  memset(p->e_base, 0, sizeof p->e_base);
  memset(p->e_q, 0, sizeof p->e_q);
  memset(p->dram_b_base, 0, sizeof p->dram_b_base);
  memset(p->dram_b_q, 0, sizeof p->dram_b_q);
}

/* The LM head's figures (--lm-head), evaluated on a copy of p whose sums start empty. */
static int eval_head(qa_point *p, qa_cycles_fn fn, void *ctx, char *err) {
  qa_block_gemm hg;
  if (qa_lm_head_gemm(p->model, p->batch, &hg, err)) return QA_EXIT_USAGE;
  qa_point h = *p;
  clear_sums(&h);
  const int rc = eval_gemm(&h, &hg, fn, ctx, err);
  if (rc) return rc;
  p->head_cyc = h.base_attn, p->mhead_base = h.mbase_attn, p->mhead_q = h.mq_attn;
  p->ehead_base = p->ehead_q = 0;
  for (int k = 0; k < QA_ENERGY_NSPLIT; k++) p->ehead_base += h.e_base[1][k], p->ehead_q += h.e_q[1][k];
  return 0;
}

int qa_point_eval(qa_point *p, qa_cycles_fn fn, void *ctx, char *err) {
  qa_block_gemm gl[QA_MAX_BLOCK_GEMMS];
  int n = qa_block_gemms(p->model, p->phase, p->seq, p->batch, gl, err);
  if (n < 0) return QA_EXIT_USAGE;
  p->has_mem = p->mem && p->mem->enabled && !p->quant_only;
  p->has_energy = p->energy && p->mem && !p->quant_only;
  clear_sums(p);
  p->head_cyc = p->mhead_base = p->mhead_q = 0;
  p->ehead_base = p->ehead_q = 0;
  for (int i = 0; i < n; i++) {
    const int rc = eval_gemm(p, &gl[i], fn, ctx, err);
    if (rc) return rc;
  }
  if (p->lm_head && !p->quant_only) {
    const int rc = eval_head(p, fn, ctx, err);
    if (rc) return rc;
  }
  if (!p->quant_only) derive(p);
  return 0;
}

/* The quantized block alone on rows x cols (compute-only). */
static int eval_quant(const qa_point *p, int cols, qa_cycles_fn fn, void *ctx, qa_point *q, char *err) {
  *q = (qa_point){.model = p->model, .array = p->array, .rows = p->rows, .cols = cols,
                  .wbits = p->wbits, .phase = p->phase, .seq = p->seq, .batch = p->batch,
                  .clock_mhz = p->clock_mhz, .quant_only = 1};
  return qa_point_eval(q, fn, ctx, err);
}

int qa_point_iso(qa_point *p, const qa_iso *iso, qa_cycles_fn fn, void *ctx, char *err) {
  const double ge_8 = iso->ge_8, ge_q = iso->ge_q;
  qa_point q, qp;
  int rc = eval_quant(p, iso->cols, fn, ctx, &q, err);
  if (!rc) rc = eval_quant(p, iso->cols_pe, qa_cycles_analytic, NULL, &qp, err);
  if (rc) return rc;
  p->iso_whole = iso->whole;
  p->iso_cols_pe = iso->cols_pe;
  p->total_base = iso->total_8;
  p->total_q = iso->total_q;
  p->speedup_iso_pe = (double)(p->base_proj + p->base_attn) / (double)(qp.q_proj + qp.q_attn);
  p->has_iso = 1;
  p->iso_cols = q.cols;
  p->ge_base = ge_8;
  p->ge_q = ge_q;
  p->iso_q_proj = q.q_proj;
  p->iso_q_attn = q.q_attn;
  p->s_iso = (double)p->base_proj / (double)q.q_proj;
  p->speedup_iso = (double)(p->base_proj + p->base_attn) / (double)(q.q_proj + q.q_attn);
  const double pes = (double)p->rows * p->cols, kge_8 = pes * ge_8 / 1000.0;
  const double kge_q = pes * ge_q / 1000.0, kge_iso = (double)p->rows * q.cols * ge_q / 1000.0;
  const double macs[3] = {(double)p->macs_proj, (double)p->macs_attn,
                          (double)(p->macs_proj + p->macs_attn)};
  const double cb[3] = {(double)p->base_proj, (double)p->base_attn, (double)(p->base_proj + p->base_attn)};
  const double cq[3] = {(double)p->q_proj, (double)p->q_attn, (double)(p->q_proj + p->q_attn)};
  const double ci[3] = {(double)q.q_proj, (double)q.q_attn, (double)(q.q_proj + q.q_attn)};
  for (int i = 0; i < 3; i++) {
    p->mpk_base[i] = macs[i] / cb[i] / kge_8;
    p->mpk_q[i] = macs[i] / cq[i] / kge_q;
    p->mpk_iso[i] = macs[i] / ci[i] / kge_iso;
  }
  return 0;
}
