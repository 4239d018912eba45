/* qa_block.c: see qa_block.h. */
#include "qa_block.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_err.h"
#include "qa_par.h"
#include "qa_util.h"

/* ---- deterministic synthetic data ---- */
static float gauss(uint64_t *s) { /* Box-Muller */
  double u1 = ((double)(qa_splitmix64(s) >> 11) + 1.0) / 9007199254740993.0;
  double u2 = (double)(qa_splitmix64(s) >> 11) / 9007199254740992.0;
  return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

/* ---- weight quantization: W (k x n) -> codes and one scale ---- */
static float quant_weights(const float *W, size_t n, int wbits, int8_t *q) {
  if (wbits == 2) return qa_quant_ternary(W, n, q);
  if (wbits == 1) {
    float beta;
    qa_quant_binary(W, n, q, &beta);
    return beta;
  }
  const float qmax = wbits == 4 ? 7.0f : 127.0f;
  float mx = 0.0f;
  for (size_t i = 0; i < n; i++) mx = fmaxf(mx, fabsf(W[i]));
  float scale = mx > 0.0f ? mx / qmax : 1.0f;
  for (size_t i = 0; i < n; i++) {
    float v = rintf(W[i] / scale);
    q[i] = (int8_t)(v > qmax ? qmax : (v < -qmax ? -qmax : v));
  }
  return scale;
}

/* One worker's view of a block run: its pool (NULL: the golden model) and where a failure goes;
 * res is shared between workers, under mu. */
typedef struct {
  const qa_block_cfg *c;
  qa_block_result *res;
  char *err;
  int code; /* a failed GEMM's code (qa_err.h) */
  qa_pool *pool;
  pthread_mutex_t *mu;
} ctx;

/* One GEMM of the block: its name in the statistics, class, mode and size. */
typedef struct {
  const char *name;
  qa_class cls;
  int mode;
  uint64_t m, k, n;
} op;

static qa_block_stat *stat_for(ctx *x, const op *o) {
  for (int i = 0; i < x->res->nst; i++)
    if (!strcmp(x->res->st[i].name, o->name)) return &x->res->st[i];
  qa_block_stat *s = &x->res->st[x->res->nst++];
  *s = (qa_block_stat){.name = o->name, .mode = o->mode, .m = o->m, .k = o->k, .n = o->n, .cls = o->cls};
  return s;
}

/* C = A . W (int), on the RTL (checked) or the golden model; counted under name. */
static int gemm(ctx *x, const op *o, const qa_operands *ab) {
  const char *name = o->name;
  const uint64_t m = o->m, k = o->k, n = o->n;
  qa_gemm_shape g = {x->c->rows, x->c->cols, x->c->wbits, o->mode, m, k, n};
  uint64_t pred = qa_cycles_model(&g), cyc = pred;
  if (x->pool) {
    if ((x->code = qa_pool_gemm(x->pool, &g, ab, &cyc, x->err))) return -1;
    if (cyc != pred) {
      x->code = QA_EXIT_FAIL;
      snprintf(x->err, QA_ERR_LEN, "%s: RTL %llu cycles, analytic model %llu", name,
               (unsigned long long)cyc, (unsigned long long)pred);
      return -1;
    }
  } else {
    qa_gemm_ref(ab->A, ab->W, ab->C, m, k, n, 32);
  }
  pthread_mutex_lock(x->mu);
  qa_block_stat *s = stat_for(x, o);
  s->count++;
  s->cycles += cyc;
  s->predicted += pred;
  x->res->gemms_done++;
  if (x->c->progress && qa_now_s() - x->res->shown >= 1.0) {
    x->res->shown = qa_now_s();
    const qa_model *md = x->c->model;
    qa_errf("block: %llu GEMMs done (%d per block), the last %s (%llu x %llu x "
            "%llu, %llu cycles)\n", (unsigned long long)x->res->gemms_done,
            4 + md->ffn_mats + 2 * md->heads, name, (unsigned long long)m,
            (unsigned long long)k, (unsigned long long)n, (unsigned long long)cyc);
  }
  pthread_mutex_unlock(x->mu);
  return 0;
}

/* LayerNorm (mean and variance) or RMSNorm (no mean) of one row, gains 1 and no bias, in
 * double: the one normalisation both the INT8 pipeline and the float64 reference use. */
static void norm_row(const double *a, double *b, size_t d, qa_norm kind) {
  double mean = 0.0, var = 0.0;
  if (kind == QA_NORM_LAYER) {
    for (size_t i = 0; i < d; i++) mean += a[i];
    mean /= (double)d;
  }
  for (size_t i = 0; i < d; i++) var += (a[i] - mean) * (a[i] - mean);
  double inv = 1.0 / sqrt(var / (double)d + 1e-5);
  for (size_t i = 0; i < d; i++) b[i] = (a[i] - mean) * inv;
}

/* The float pipeline's rows through norm_row; tmp holds 2*d doubles. */
static void norm_rows(const float *x, float *y, size_t rows, size_t d, qa_norm kind, double *tmp) {
  for (size_t r = 0; r < rows; r++) {
    for (size_t i = 0; i < d; i++) tmp[i] = x[r * d + i];
    norm_row(tmp, tmp + d, d, kind);
    for (size_t i = 0; i < d; i++) y[r * d + i] = (float)tmp[d + i];
  }
}

static float act_fn(float v, qa_act a) {
  if (a == QA_ACT_RELU) return v > 0.0f ? v : 0.0f;
  /* GELU, tanh form (GPT-2) */
  return 0.5f * v * (1.0f + tanhf(0.7978845608f * (v + 0.044715f * v * v * v)));
}
static float silu(float v) { return v / (1.0f + expf(-v)); }

/* float64 reference: y = x . (Wq * wscale) */
static void linear_ref(const double *x, const size_t dim[3], const int8_t *Wq, float wscale, double *y) {
  const size_t rows = dim[0], k = dim[1], n = dim[2];
  /* k outer, so Wq is read along its rows */
  for (size_t r = 0; r < rows; r++) {
    double *yr = y + r * n;
    for (size_t j = 0; j < n; j++) yr[j] = 0.0;
    for (size_t i = 0; i < k; i++) {
      const double a = x[r * k + i];
      const int8_t *w = Wq + i * n;
      for (size_t j = 0; j < n; j++) yr[j] += a * (double)w[j];
    }
    for (size_t j = 0; j < n; j++) yr[j] *= wscale;
  }
}

static void norm_ref(const double *x, double *y, size_t rows, size_t d, qa_norm kind) {
  for (size_t r = 0; r < rows; r++) norm_row(x + r * d, y + r * d, d, kind);
}

enum { W_Q, W_K, W_V, W_O, W_GATE, W_UP, W_DOWN, W_N };

/* One worker's scratch: a projection's or one head's integer operands and results. */
typedef struct {
  float *xs, *s2, *sc, *col;
  int8_t *aq, *bq;
  int32_t *acc;
} scratch;

/* Every buffer of one block run, owned here: allocated by bufs_alloc, freed by bufs_free. */
typedef struct {
  size_t L, d, F, H, dh;
  size_t qd;         /* Q's and the context's width: heads x d_head (gemma's is not d) */
  size_t kvd, group; /* K and V width (kv_heads x d_head); query heads per K/V head */
  int8_t *wq[W_N];
  float ws[W_N];
  float *h, *q, *k, *v, *ctxv, *x1, *u, *g;
  int8_t *hq; /* a projection's input, quantized once for the projections that share it */
  float *hs;
  scratch *s; /* one per worker */
  int jobs;
  double *rx, *rh, *rq, *rk, *rv, *rc2, *ru, *rg, *rs, *r0, *nt;
} bufs;

static void bufs_free(bufs *b) {
  for (int w = 0; w < W_N; w++) free(b->wq[w]);
  for (int j = 0; b->s && j < b->jobs; j++) {
    scratch *t = &b->s[j];
    void *all[] = {t->xs, t->s2, t->sc, t->col, t->aq, t->bq, t->acc};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
  }
  free(b->s);
  void *all[] = {b->h,  b->q,  b->k,  b->v,  b->ctxv, b->x1, b->u,  b->g,  b->hq, b->hs, b->rx,
                 b->rh, b->rq, b->rk, b->rv, b->rc2,  b->ru, b->rg, b->rs, b->r0, b->nt};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
}

static size_t zmax(size_t a, size_t b) { return a > b ? a : b; }

/* F: the widest projection output (the FFN's or Q's). */
static int scratch_alloc(scratch *t, size_t L, size_t d, size_t F, size_t dh) {
  /* The largest L-row result: the FFN activations or Q (L x F), the residual width (L x d) or
   * the attention scores of one head (L x L); aq holds Q_h (L x dh) or P (L x L). xs and s2
   * hold a scale per row (L), per channel (dh) or per residual column (d). */
  const size_t wide = zmax(zmax(F, d), L), Lmax = zmax(zmax(L, d), dh);
  t->xs = malloc(Lmax * sizeof *t->xs), t->s2 = malloc(Lmax * sizeof *t->s2);
  t->sc = malloc(L * L * sizeof *t->sc), t->col = malloc(L * dh * sizeof *t->col);
  t->aq = malloc(L * zmax(L, dh)), t->bq = malloc(L * Lmax + L * dh), t->acc = malloc(L * wide * sizeof *t->acc);
  return t->xs && t->s2 && t->sc && t->col && t->aq && t->bq && t->acc ? 0 : -1;
}

static int bufs_alloc(bufs *b, const qa_model *md, size_t L, int jobs) {
  memset(b, 0, sizeof *b);
  const size_t d = (size_t)md->d_model, F = (size_t)md->ffn, dh = (size_t)md->d_head;
  b->L = L, b->d = d, b->F = F, b->H = (size_t)md->heads, b->dh = dh;
  b->kvd = (size_t)md->kv_heads * dh, b->group = (size_t)(md->heads / md->kv_heads);
  b->qd = b->H * dh;
  const size_t Ld = L * d, LF = L * F, Lkv = L * b->kvd, Lq = L * b->qd;
  const size_t wide = zmax(F, b->qd), Lw = L * zmax(wide, d);
  b->h = malloc(Ld * sizeof *b->h), b->q = malloc(Lq * sizeof *b->q), b->k = malloc(Lkv * sizeof *b->k);
  b->v = malloc(Lkv * sizeof *b->v), b->ctxv = malloc(Lq * sizeof *b->ctxv), b->x1 = malloc(Ld * sizeof *b->x1);
  b->u = malloc(LF * sizeof *b->u), b->g = malloc(LF * sizeof *b->g);
  b->hq = malloc(Lw), b->hs = malloc(L * sizeof *b->hs);
  b->rx = malloc(Ld * sizeof *b->rx), b->rh = calloc(Ld, sizeof *b->rh);
  b->rq = malloc(Lq * sizeof *b->rq), b->rk = malloc(Lkv * sizeof *b->rk);
  b->rv = malloc(Lkv * sizeof *b->rv), b->rc2 = calloc(Lq, sizeof *b->rc2);
  b->ru = malloc(LF * sizeof *b->ru), b->rg = malloc(LF * sizeof *b->rg), b->rs = malloc(L * sizeof *b->rs);
  b->r0 = malloc(Ld * sizeof *b->r0), b->nt = malloc(2 * d * sizeof *b->nt);
  b->s = calloc((size_t)jobs, sizeof *b->s);
  b->jobs = b->s ? jobs : 0;
  int rc = b->h && b->q && b->k && b->v && b->ctxv && b->x1 && b->u && b->g && b->hq && b->hs &&
                   b->rx && b->rh && b->rq && b->rk && b->rv && b->rc2 && b->ru && b->rg && b->rs &&
                   b->r0 && b->nt && b->s ? 0 : -1;
  for (int j = 0; !rc && j < jobs; j++) rc = scratch_alloc(&b->s[j], L, d, wide, dh);
  return rc;
}

/* ---- the block's GEMMs on the workers ---- */

/* Worker w's context: the run's, with worker w's pool and err (the task's). */
static ctx worker_ctx(const ctx *c, int w, char *err) {
  ctx x = *c;
  x.err = err;
  x.code = 0;
  if (c->c->pool) x.pool = &c->c->pool[w];
  return x;
}

/* Projections that share an input: y_t (rows x n_t) = dequant(quant(x) . W_t) with per-row
 * activation scales and one weight scale each. */
typedef struct {
  const char *name;
  int w;    /* W_Q.. */
  size_t n; /* output columns */
  float *y;
} proj;

typedef struct {
  const ctx *c;
  bufs *b;
  size_t rows, k;
  const proj *p;
} proj_batch;

static int proj_task(void *v, size_t t, int worker, char *err) {
  const proj_batch *pb = v;
  ctx x = worker_ctx(pb->c, worker, err);
  const proj *p = &pb->p[t];
  const int32_t *acc = pb->b->s[worker].acc;
  const float ws = pb->b->ws[p->w], *xs = pb->b->hs;
  const op o = {p->name, QA_CLASS_PROJ, QA_MODE_PACKED, pb->rows, pb->k, p->n};
  if (gemm(&x, &o, &(qa_operands){pb->b->hq, pb->b->wq[p->w], pb->b->s[worker].acc}))
    return x.code ? x.code : QA_EXIT_USAGE;
  for (size_t r = 0; r < pb->rows; r++)
    for (size_t j = 0; j < p->n; j++)
      p->y[r * p->n + j] = xs[r] > 0.0f ? (float)acc[r * p->n + j] * ws / xs[r] : 0.0f;
  return 0;
}

/* Run n tasks on the run's workers; a failure goes to c's err and code. Returns 0 or -1. */
static int on_workers(ctx *c, size_t n, qa_task_fn fn, void *arg) {
  const int jobs = c->c->pool && c->c->jobs > 1 ? c->c->jobs : 1;
  const int rc = qa_par_run(jobs, n, fn, arg, c->err);
  if (rc) c->code = rc;
  return rc ? -1 : 0;
}

/* The projections p[0..n-1] of input x (L x k), in parallel. Their statistics are entered in
 * list order first, so the table's order does not depend on which finishes first. */
static int projections(ctx *c, bufs *b, const float *x, size_t k, const proj *p, size_t n) {
  const size_t rows = b->L;
  qa_quant_absmax(x, rows, k, b->hq, b->hs);
  for (size_t i = 0; i < n; i++)
    stat_for(c, &(op){p[i].name, QA_CLASS_PROJ, QA_MODE_PACKED, rows, k, p[i].n});
  proj_batch pb = {c, b, rows, k, p};
  return on_workers(c, n, proj_task, &pb);
}

/* This layer's weights: N(0, 0.02) from the seed, quantized per tensor. */
static int make_weights(bufs *b, const qa_block_cfg *cfg, int layer) {
  const size_t d = b->d, F = b->F;
  const size_t kvd = b->kvd, qd = b->qd;
  const size_t wk[W_N] = {d, d, d, qd, d, d, F}, wn[W_N] = {qd, kvd, kvd, d, F, F, d};
  uint64_t seed = cfg->seed * 1000003ull + (uint64_t)layer * 7919ull + 17;
  for (int w = 0; w < W_N; w++) {
    if (w == W_GATE && cfg->model->ffn_mats != 3) continue;
    const size_t n = wk[w] * wn[w];
    float *tmp = malloc(n * sizeof *tmp);
    b->wq[w] = malloc(n);
    if (!tmp || !b->wq[w]) {
      free(tmp);
      return -1;
    }
    for (size_t i = 0; i < n; i++) tmp[i] = 0.02f * gauss(&seed);
    b->ws[w] = quant_weights(tmp, n, cfg->wbits, b->wq[w]);
    free(tmp);
  }
  return 0;
}

/* One head's attention on one worker's scratch t: scores (FULL), causal softmax, context (FULL)
 * into the head's columns of ctxv. */
static int attention_head(ctx *c, bufs *b, scratch *t, size_t hd) {
  const size_t L = b->L, qd = b->qd, dh = b->dh;
  float *xs = t->xs, *s2 = t->s2, *sc = t->sc, *col = t->col;
  int8_t *aq = t->aq, *bq = t->bq;
  const int32_t *acc = t->acc;
  const float inv_sqrt = 1.0f / sqrtf((float)dh);
  /* Q_h (L x dh) per token; K_h^T (dh x L), scale per token = per column. */
  for (size_t i = 0; i < L; i++) memcpy(col + i * dh, b->q + i * qd + hd * dh, dh * sizeof *col);
  qa_quant_absmax(col, L, dh, aq, xs);
  const size_t kv = (hd / b->group) * dh, kvd = b->kvd; /* this head's K/V head, its columns */
  for (size_t i = 0; i < L; i++) memcpy(col + i * dh, b->k + i * kvd + kv, dh * sizeof *col);
  /* K_h^T (dh x L) goes to bq[0, L*dh), so K_h's rows stand after it: at bq + L*L they were
   * overwritten by the transpose whenever L < d_head (issue 20: LLaMA's short-L error). */
  int8_t *kt = bq, *krows = bq + L * dh;
  qa_quant_absmax(col, L, dh, krows, s2); /* K_h rows, int8 */
  for (size_t i = 0; i < L; i++)
    for (size_t j = 0; j < dh; j++) kt[j * L + i] = krows[i * dh + j];
  if (gemm(c, &(op){"attn_scores", QA_CLASS_ATTN, QA_MODE_FULL, L, dh, L}, &(qa_operands){aq, kt, t->acc}))
    return -1;
  for (size_t i = 0; i < L; i++) {
    float mx = -INFINITY;
    for (size_t j = 0; j <= i; j++) {
      float sv = (xs[i] > 0.0f && s2[j] > 0.0f) ? (float)acc[i * L + j] / (xs[i] * s2[j]) : 0.0f;
      sc[i * L + j] = sv * inv_sqrt;
      mx = fmaxf(mx, sc[i * L + j]);
    }
    float sum = 0.0f;
    for (size_t j = 0; j < L; j++) {
      sc[i * L + j] = j <= i ? expf(sc[i * L + j] - mx) : 0.0f;
      sum += sc[i * L + j];
    }
    for (size_t j = 0; j < L; j++) sc[i * L + j] /= sum;
  }
  qa_quant_absmax(sc, L, L, aq, xs); /* P per row: 0..127 */
  /* V_h (L x dh) per channel: the scale of column c factors out of sum_j P[i][j] V[j][c]. */
  for (size_t cch = 0; cch < dh; cch++) {
    float mx = 0.0f;
    for (size_t j = 0; j < L; j++) mx = fmaxf(mx, fabsf(b->v[j * kvd + kv + cch]));
    s2[cch] = mx > 0.0f ? 127.0f / mx : 0.0f;
    for (size_t j = 0; j < L; j++) {
      float t = rintf(b->v[j * kvd + kv + cch] * s2[cch]);
      bq[j * dh + cch] = (int8_t)(t > 127.0f ? 127.0f : (t < -128.0f ? -128.0f : t));
    }
  }
  if (gemm(c, &(op){"attn_context", QA_CLASS_ATTN, QA_MODE_FULL, L, L, dh}, &(qa_operands){aq, bq, t->acc}))
    return -1;
  for (size_t i = 0; i < L; i++)
    for (size_t cch = 0; cch < dh; cch++)
      b->ctxv[i * qd + hd * dh + cch] =
          (xs[i] > 0.0f && s2[cch] > 0.0f) ? (float)acc[i * dh + cch] / (xs[i] * s2[cch]) : 0.0f;
  return 0;
}

typedef struct {
  const ctx *c;
  bufs *b;
} head_batch;

static int head_task(void *v, size_t t, int worker, char *err) {
  const head_batch *hb = v;
  ctx x = worker_ctx(hb->c, worker, err);
  if (attention_head(&x, hb->b, &hb->b->s[worker], t)) return x.code ? x.code : QA_EXIT_USAGE;
  return 0;
}

/* The gated FFN's activation: SiLU (SwiGLU) or GELU (GeGLU) of the gate. */
static float gate_fn(float v, qa_act a) { return a == QA_ACT_GEGLU ? act_fn(v, QA_ACT_GELU) : silu(v); }

/* The INT8 block: x -> x1 = x + O(attn(norm1(x))) -> x = x1 + FFN(norm2(x1)); parallel (falcon):
 * x = x + O(attn(norm(x))) + FFN(norm(x)). Q, K and V, the heads, and FFN up and gate each run
 * on the workers at once. */
static int block_int8(ctx *c, bufs *b, const qa_model *md, float *x) {
  const size_t L = b->L, d = b->d, F = b->F;
  norm_rows(x, b->h, L, d, md->norm, b->nt);
  const proj qkv[3] = {{"q_proj", W_Q, b->qd, b->q}, {"k_proj", W_K, b->kvd, b->k},
                       {"v_proj", W_V, b->kvd, b->v}};
  if (projections(c, b, b->h, d, qkv, 3)) return -1;
  stat_for(c, &(op){"attn_scores", QA_CLASS_ATTN, QA_MODE_FULL, L, b->dh, L});
  stat_for(c, &(op){"attn_context", QA_CLASS_ATTN, QA_MODE_FULL, L, L, b->dh});
  head_batch hb = {c, b};
  if (on_workers(c, b->H, head_task, &hb)) return -1;
  const proj o = {"o_proj", W_O, d, b->h};
  if (projections(c, b, b->ctxv, b->qd, &o, 1)) return -1;
  for (size_t i = 0; i < L * d; i++) b->x1[i] = x[i] + b->h[i];
  norm_rows(md->parallel ? x : b->x1, b->h, L, d, md->norm, b->nt);
  const proj ffn[2] = {{"ffn_up", W_UP, F, b->u}, {"ffn_gate", W_GATE, F, b->g}};
  if (projections(c, b, b->h, d, ffn, md->ffn_mats == 3 ? 2 : 1)) return -1;
  if (md->ffn_mats == 3)
    for (size_t i = 0; i < L * F; i++) b->u[i] = gate_fn(b->g[i], md->act) * b->u[i];
  else
    for (size_t i = 0; i < L * F; i++) b->u[i] = act_fn(b->u[i], md->act);
  const proj down = {"ffn_down", W_DOWN, d, b->h};
  if (projections(c, b, b->u, F, &down, 1)) return -1;
  for (size_t i = 0; i < L * d; i++) x[i] = b->x1[i] + b->h[i];
  return 0;
}

/* GELU, tanh form, in double. */
static double gelu_ref(double v) {
  return 0.5 * v * (1.0 + tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
}

/* The float64 reference of the same block from r0 (same quantized weights, no INT8
 * activations); returns the relative L2 error of x's update against it. */
static double block_reference(bufs *b, const qa_model *md, const float *x) {
  const size_t L = b->L, d = b->d, F = b->F, dh = b->dh;
  double *rx = b->rx, *rh = b->rh, *rs = b->rs, *ru = b->ru, *rg = b->rg;
  norm_ref(rx, rh, L, d, md->norm);
  const size_t kvd = b->kvd, qd = b->qd;
  linear_ref(rh, (size_t[3]){L, d, qd}, b->wq[W_Q], b->ws[W_Q], b->rq);
  linear_ref(rh, (size_t[3]){L, d, kvd}, b->wq[W_K], b->ws[W_K], b->rk);
  linear_ref(rh, (size_t[3]){L, d, kvd}, b->wq[W_V], b->ws[W_V], b->rv);
  for (size_t hd = 0; hd < b->H; hd++)
    for (size_t i = 0; i < L; i++) {
      double mx = -INFINITY, sum = 0.0;
      for (size_t j = 0; j <= i; j++) {
        double s = 0.0;
        for (size_t t = 0; t < dh; t++)
          s += b->rq[i * qd + hd * dh + t] * b->rk[j * kvd + (hd / b->group) * dh + t];
        rs[j] = s / sqrt((double)dh);
        mx = fmax(mx, rs[j]);
      }
      for (size_t j = 0; j <= i; j++) sum += (rs[j] = exp(rs[j] - mx));
      for (size_t t = 0; t < dh; t++) {
        double s = 0.0;
        for (size_t j = 0; j <= i; j++) s += rs[j] / sum * b->rv[j * kvd + (hd / b->group) * dh + t];
        b->rc2[i * qd + hd * dh + t] = s;
      }
    }
  linear_ref(b->rc2, (size_t[3]){L, qd, d}, b->wq[W_O], b->ws[W_O], rh);
  for (size_t i = 0; i < L * d; i++) rx[i] += rh[i];
  norm_ref(md->parallel ? b->r0 : rx, rh, L, d, md->norm);
  linear_ref(rh, (size_t[3]){L, d, F}, b->wq[W_UP], b->ws[W_UP], ru);
  if (md->ffn_mats == 3) {
    linear_ref(rh, (size_t[3]){L, d, F}, b->wq[W_GATE], b->ws[W_GATE], rg);
    for (size_t i = 0; i < L * F; i++)
      ru[i] = (md->act == QA_ACT_GEGLU ? gelu_ref(rg[i]) : rg[i] / (1.0 + exp(-rg[i]))) * ru[i];
  } else {
    for (size_t i = 0; i < L * F; i++)
      ru[i] = md->act == QA_ACT_RELU ? (ru[i] > 0.0 ? ru[i] : 0.0) : gelu_ref(ru[i]);
  }
  linear_ref(ru, (size_t[3]){L, F, d}, b->wq[W_DOWN], b->ws[W_DOWN], rh);
  /* Compare the block's update (output - input): the residual would hide errors. */
  double num = 0.0, den = 0.0;
  for (size_t i = 0; i < L * d; i++) {
    double upd = (double)x[i] - b->r0[i], ref = rx[i] + rh[i] - b->r0[i];
    num += (upd - ref) * (upd - ref);
    den += ref * ref;
  }
  return den > 0.0 ? sqrt(num / den) : 0.0;
}

int qa_block_run(const qa_block_cfg *cfg, int layer, float *x, qa_block_result *res, char *err) {
  const qa_model *md = cfg->model;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  ctx c = {cfg, res, err, 0, cfg->pool, &mu};
  bufs b;
  int rc = QA_EXIT_USAGE;
  if (bufs_alloc(&b, md, (size_t)cfg->seq, cfg->pool && cfg->jobs > 1 ? cfg->jobs : 1) ||
      make_weights(&b, cfg, layer)) {
    snprintf(err, QA_ERR_LEN, "out of memory for a %s block at L=%llu", md->name,
             (unsigned long long)cfg->seq);
  } else {
    for (size_t i = 0; i < b.L * b.d; i++) b.r0[i] = b.rx[i] = x[i];
    if (block_int8(&c, &b, md, x)) {
      rc = c.code ? c.code : QA_EXIT_USAGE;
    } else {
      rc = 0;
      if (!cfg->no_ref) {
        const double e = block_reference(&b, md, x);
        if (e > res->rel_err) res->rel_err = e; /* worst block of the run */
      }
    }
  }
  bufs_free(&b);
  return rc;
}
