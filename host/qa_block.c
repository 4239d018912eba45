/* qa_block.c: see qa_block.h. */
#include "qa_block.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../golden/qa_cycles.h"
#include "../golden/qa_golden.h"
#include "qa_err.h"
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

typedef struct {
  const qa_block_cfg *c;
  qa_block_result *res;
  char *err;
  int code; /* a failed GEMM's code (qa_err.h) */
} ctx;

static qa_block_stat *stat_for(ctx *x, const char *name, int mode, uint64_t m, uint64_t k,
                               uint64_t n, qa_class cls) {
  for (int i = 0; i < x->res->nst; i++)
    if (!strcmp(x->res->st[i].name, name)) return &x->res->st[i];
  qa_block_stat *s = &x->res->st[x->res->nst++];
  memset(s, 0, sizeof *s);
  s->name = name;
  s->mode = mode;
  s->m = m;
  s->k = k;
  s->n = n;
  s->cls = cls;
  return s;
}

/* C = A . W (int), on the RTL (checked) or the golden model; counted under name. */
static int gemm(ctx *x, const char *name, qa_class cls, int mode, const int8_t *A, const int8_t *W,
                int32_t *C, uint64_t m, uint64_t k, uint64_t n) {
  qa_gemm_shape g = {x->c->rows, x->c->cols, x->c->wbits, mode, m, k, n};
  uint64_t pred = qa_cycles_model(&g), cyc = pred;
  if (x->c->pool) {
    if ((x->code = qa_pool_gemm(x->c->pool, &g, A, W, C, &cyc, x->err))) return -1;
    if (cyc != pred) {
      x->code = QA_EXIT_FAIL;
      snprintf(x->err, QA_ERR_LEN, "%s: RTL %llu cycles, analytic model %llu", name,
               (unsigned long long)cyc, (unsigned long long)pred);
      return -1;
    }
  } else {
    qa_gemm_ref(A, W, C, m, k, n, 32);
  }
  qa_block_stat *s = stat_for(x, name, mode, m, k, n, cls);
  s->count++;
  s->cycles += cyc;
  s->predicted += pred;
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

/* y (rows x n) = dequant(quant(x) . Wq) with per-row activation scales and one weight scale. */
static int linear(ctx *c, const char *name, const float *x, size_t rows, size_t k, const int8_t *Wq,
                  float wscale, size_t n, float *y, int8_t *xq, float *xs, int32_t *acc) {
  qa_quant_absmax(x, rows, k, xq, xs);
  if (gemm(c, name, QA_CLASS_PROJ, QA_MODE_PACKED, xq, Wq, acc, rows, k, n)) return -1;
  for (size_t r = 0; r < rows; r++)
    for (size_t j = 0; j < n; j++)
      y[r * n + j] = xs[r] > 0.0f ? (float)acc[r * n + j] * wscale / xs[r] : 0.0f;
  return 0;
}

/* float64 reference: y = x . (Wq * wscale) */
static void linear_ref(const double *x, size_t rows, size_t k, const int8_t *Wq, float wscale,
                       size_t n, double *y) {
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

int qa_block_run(const qa_block_cfg *cfg, int layer, float *x, qa_block_result *res, char *err) {
  const qa_model *md = cfg->model;
  const size_t L = (size_t)cfg->seq, d = (size_t)md->d_model, F = (size_t)md->ffn;
  const size_t H = (size_t)md->heads, dh = (size_t)md->d_head;
  const int swiglu = md->ffn_mats == 3;
  ctx c = {cfg, res, err, 0};
  size_t wk[W_N] = {d, d, d, d, d, d, F}, wn[W_N] = {d, d, d, d, F, F, d};
  int8_t *wq[W_N] = {0};
  float ws[W_N] = {0};
  /* The largest L-row operand: the FFN activations (L x F), the residual width (L x d) or the
   * attention scores and probabilities of one head (L x L). */
  const size_t wide = F > d ? (F > L ? F : L) : (d > L ? d : L), big = L * wide;
  float *h = malloc(L * d * sizeof *h), *q = malloc(L * d * sizeof *q), *k = malloc(L * d * sizeof *k);
  float *v = malloc(L * d * sizeof *v), *ctxv = malloc(L * d * sizeof *ctxv);
  float *x1 = malloc(L * d * sizeof *x1), *u = malloc(L * F * sizeof *u), *g = malloc(L * F * sizeof *g);
  float *xs = malloc((L > d ? L : d) * sizeof *xs), *s2 = malloc((L > d ? L : d) * sizeof *s2);
  float *sc = malloc(L * L * sizeof *sc), *col = malloc(L * dh * sizeof *col);
  int8_t *aq = malloc(big), *bq = malloc(L * (L > d ? L : d) + L * dh);
  int32_t *acc = malloc(big * sizeof *acc);
  double *rx = malloc(L * d * sizeof *rx), *rh = calloc(L * d, sizeof *rh);
  double *rq = malloc(L * d * sizeof *rq), *rk = malloc(L * d * sizeof *rk);
  double *rv = malloc(L * d * sizeof *rv), *rc2 = calloc(L * d, sizeof *rc2);
  double *ru = malloc(L * F * sizeof *ru), *rg = malloc(L * F * sizeof *rg), *rs = malloc(L * sizeof *rs);
  double *r0 = malloc(L * d * sizeof *r0), *nt = malloc(2 * d * sizeof *nt);
  int rc = -1;
  if (!h || !q || !k || !v || !ctxv || !x1 || !u || !g || !xs || !s2 || !sc || !col || !aq || !bq ||
      !acc || !rx || !rh || !rq || !rk || !rv || !rc2 || !ru || !rg || !rs || !r0 || !nt) {
    snprintf(err, QA_ERR_LEN, "out of memory for a %s block at L=%zu", md->name, L);
    goto done;
  }
  /* Weights of this layer. */
  uint64_t seed = cfg->seed * 1000003ull + (uint64_t)layer * 7919ull + 17;
  for (int w = 0; w < W_N; w++) {
    if (w == W_GATE && !swiglu) continue;
    size_t n = wk[w] * wn[w];
    float *tmp = malloc(n * sizeof *tmp);
    wq[w] = malloc(n);
    if (!tmp || !wq[w]) {
      free(tmp);
      snprintf(err, QA_ERR_LEN, "out of memory for weights");
      goto done;
    }
    for (size_t i = 0; i < n; i++) tmp[i] = 0.02f * gauss(&seed);
    ws[w] = quant_weights(tmp, n, cfg->wbits, wq[w]);
    free(tmp);
  }
  for (size_t i = 0; i < L * d; i++) r0[i] = rx[i] = x[i];

  /* ---- attention ---- */
  norm_rows(x, h, L, d, md->norm, nt);
  if (linear(&c, "q_proj", h, L, d, wq[W_Q], ws[W_Q], d, q, aq, xs, acc) ||
      linear(&c, "k_proj", h, L, d, wq[W_K], ws[W_K], d, k, aq, xs, acc) ||
      linear(&c, "v_proj", h, L, d, wq[W_V], ws[W_V], d, v, aq, xs, acc))
    goto done;
  const float inv_sqrt = 1.0f / sqrtf((float)dh);
  for (size_t hd = 0; hd < H; hd++) {
    /* Q_h (L x dh) per token; K_h^T (dh x L), scale per token = per column. */
    for (size_t i = 0; i < L; i++) memcpy(col + i * dh, q + i * d + hd * dh, dh * sizeof *col);
    qa_quant_absmax(col, L, dh, aq, xs);
    for (size_t i = 0; i < L; i++) memcpy(col + i * dh, k + i * d + hd * dh, dh * sizeof *col);
    qa_quant_absmax(col, L, dh, bq + L * L, s2); /* K_h rows, int8 */
    int8_t *kt = bq;
    for (size_t i = 0; i < L; i++)
      for (size_t j = 0; j < dh; j++) kt[j * L + i] = bq[L * L + i * dh + j];
    if (gemm(&c, "attn_scores", QA_CLASS_ATTN, QA_MODE_FULL, aq, kt, acc, L, dh, L)) goto done;
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
      for (size_t j = 0; j < L; j++) mx = fmaxf(mx, fabsf(v[j * d + hd * dh + cch]));
      s2[cch] = mx > 0.0f ? 127.0f / mx : 0.0f;
      for (size_t j = 0; j < L; j++) {
        float t = rintf(v[j * d + hd * dh + cch] * s2[cch]);
        bq[j * dh + cch] = (int8_t)(t > 127.0f ? 127.0f : (t < -128.0f ? -128.0f : t));
      }
    }
    if (gemm(&c, "attn_context", QA_CLASS_ATTN, QA_MODE_FULL, aq, bq, acc, L, L, dh)) goto done;
    for (size_t i = 0; i < L; i++)
      for (size_t cch = 0; cch < dh; cch++)
        ctxv[i * d + hd * dh + cch] = (xs[i] > 0.0f && s2[cch] > 0.0f)
                                          ? (float)acc[i * dh + cch] / (xs[i] * s2[cch])
                                          : 0.0f;
  }
  if (linear(&c, "o_proj", ctxv, L, d, wq[W_O], ws[W_O], d, h, aq, xs, acc)) goto done;
  for (size_t i = 0; i < L * d; i++) x1[i] = x[i] + h[i];

  /* ---- FFN ---- */
  norm_rows(x1, h, L, d, md->norm, nt);
  if (linear(&c, "ffn_up", h, L, d, wq[W_UP], ws[W_UP], F, u, aq, xs, acc)) goto done;
  if (swiglu) {
    if (linear(&c, "ffn_gate", h, L, d, wq[W_GATE], ws[W_GATE], F, g, aq, xs, acc)) goto done;
    for (size_t i = 0; i < L * F; i++) u[i] = silu(g[i]) * u[i];
  } else {
    for (size_t i = 0; i < L * F; i++) u[i] = act_fn(u[i], md->act);
  }
  if (linear(&c, "ffn_down", u, L, F, wq[W_DOWN], ws[W_DOWN], d, h, aq, xs, acc)) goto done;
  for (size_t i = 0; i < L * d; i++) x[i] = x1[i] + h[i];

  /* ---- float64 reference of the same block (same quantized weights, no INT8 activations) ---- */
  if (cfg->no_ref) {
    rc = 0;
    goto done;
  }
  norm_ref(rx, rh, L, d, md->norm);
  linear_ref(rh, L, d, wq[W_Q], ws[W_Q], d, rq);
  linear_ref(rh, L, d, wq[W_K], ws[W_K], d, rk);
  linear_ref(rh, L, d, wq[W_V], ws[W_V], d, rv);
  for (size_t hd = 0; hd < H; hd++)
    for (size_t i = 0; i < L; i++) {
      double mx = -INFINITY, sum = 0.0;
      for (size_t j = 0; j <= i; j++) {
        double s = 0.0;
        for (size_t t = 0; t < dh; t++) s += rq[i * d + hd * dh + t] * rk[j * d + hd * dh + t];
        rs[j] = s / sqrt((double)dh);
        mx = fmax(mx, rs[j]);
      }
      for (size_t j = 0; j <= i; j++) sum += (rs[j] = exp(rs[j] - mx));
      for (size_t t = 0; t < dh; t++) {
        double s = 0.0;
        for (size_t j = 0; j <= i; j++) s += rs[j] / sum * rv[j * d + hd * dh + t];
        rc2[i * d + hd * dh + t] = s;
      }
    }
  linear_ref(rc2, L, d, wq[W_O], ws[W_O], d, rh);
  for (size_t i = 0; i < L * d; i++) rx[i] += rh[i];
  norm_ref(rx, rh, L, d, md->norm);
  linear_ref(rh, L, d, wq[W_UP], ws[W_UP], F, ru);
  if (swiglu) {
    linear_ref(rh, L, d, wq[W_GATE], ws[W_GATE], F, rg);
    for (size_t i = 0; i < L * F; i++) ru[i] = rg[i] / (1.0 + exp(-rg[i])) * ru[i];
  } else {
    for (size_t i = 0; i < L * F; i++)
      ru[i] = md->act == QA_ACT_RELU ? (ru[i] > 0.0 ? ru[i] : 0.0)
                                     : 0.5 * ru[i] * (1.0 + tanh(0.7978845608028654 *
                                                                 (ru[i] + 0.044715 * ru[i] * ru[i] * ru[i])));
  }
  linear_ref(ru, L, F, wq[W_DOWN], ws[W_DOWN], d, rh);
  /* Compare the block's update (output - input): the residual would hide errors. */
  double num = 0.0, den = 0.0;
  for (size_t i = 0; i < L * d; i++) {
    double upd = (double)x[i] - r0[i], ref = rx[i] + rh[i] - r0[i];
    num += (upd - ref) * (upd - ref);
    den += ref * ref;
  }
  {
    double e = den > 0.0 ? sqrt(num / den) : 0.0;
    if (e > res->rel_err) res->rel_err = e; /* worst block of the run */
  }
  rc = 0;
done:
  if (rc) rc = c.code ? c.code : QA_EXIT_USAGE; /* else out of memory */
  for (int w = 0; w < W_N; w++) free(wq[w]);
  free(h); free(q); free(k); free(v); free(ctxv); free(x1); free(u); free(g); free(xs); free(s2);
  free(sc); free(col); free(aq); free(bq); free(acc); free(rx); free(rh); free(rq); free(rk);
  free(rv); free(rc2); free(ru); free(rg); free(rs); free(r0); free(nt);
  return rc;
}
