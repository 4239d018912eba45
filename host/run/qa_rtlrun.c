/* qa_rtlrun.c: see qa_rtlrun.h. */
#include "qa_rtlrun.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_golden.h"
#include "qa_gemm.h"
#include "qa_err.h"
#include "qa_opts.h"
#include "qa_util.h"


/* A standard normal from two uniforms (Box-Muller). */
static double gauss(uint64_t *s) {
  const double u1 = ((double)(qa_splitmix64(s) >> 11) + 1.0) / 9007199254740993.0;
  const double u2 = (double)(qa_splitmix64(s) >> 11) / 9007199254740992.0;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static int clampi(double x, int lo, int hi) {
  const long v = lround(x);
  return v < lo ? lo : (v > hi ? hi : (int)v);
}

/* One LLM-like weight of precision wbits (8: INT8, FULL mode too). */
static int llm_weight(uint64_t *s, int wbits) {
  const double w = gauss(s);
  switch (wbits) {
    case 1: return w < 0 ? -1 : 1;
    case 2: return clampi(w / 0.7978845608028654, -1, 1); /* E|w| = sqrt(2/pi) */
    case 4: return clampi(w * 7.0 / 3.0, -8, 7);
    default: return clampi(w * 127.0 / 3.0, -128, 127);
  }
}

void qa_random_operands(int8_t *A, int8_t *W, const qa_gemm_shape *g, int fill, uint64_t seed) {
  const uint64_t M = g->m, K = g->k, N = g->n;
  const int wbits = g->wbits, mode = g->mode;
  uint64_t s = seed;
  int lo = -128, hi = 127;
  if (mode == QA_MODE_PACKED) qa_weight_range(wbits, &lo, &hi);
  const int binary = mode == QA_MODE_PACKED && wbits == 1, extreme = fill == QA_FILL_EXTREME;
  const int wq = mode == QA_MODE_PACKED ? wbits : 8;
  for (uint64_t i = 0; i < M * K; i++) {
    if (fill == QA_FILL_ZERO) A[i] = 0;
    else if (fill == QA_FILL_LLM) A[i] = (int8_t)clampi(32.0 * gauss(&s), -128, 127);
    else {
      const uint64_t r = qa_splitmix64(&s);
      A[i] = extreme ? ((r & 1) ? 127 : -128) : (int8_t)(int)(r & 0xff);
    }
  }
  for (uint64_t i = 0; i < K * N; i++) {
    if (fill == QA_FILL_ZERO) W[i] = (int8_t)(binary ? 1 : 0); /* binary has no 0: +1 */
    else if (fill == QA_FILL_LLM) W[i] = (int8_t)llm_weight(&s, wq);
    else {
      const uint64_t r = qa_splitmix64(&s);
      const int v = (extreme || binary) ? ((r & 1) ? hi : lo) : lo + (int)(r % (uint64_t)(hi - lo + 1));
      W[i] = (int8_t)v;
    }
  }
}

void qa_pool_init(qa_pool *p, int accw, int build, uint64_t seed) {
  memset(p, 0, sizeof *p);
  p->accw = accw;
  p->build = build;
  p->seed = seed;
}

void qa_pool_free(qa_pool *p) {
  for (int i = 0; i < p->n; i++) {
    p->slot[i].lib.sim_free(p->slot[i].sim);
    if (!p->slot[i].borrowed) qa_lib_close(&p->slot[i].lib);
  }
  p->n = 0;
}

static qa_pool_slot *get_slot(qa_pool *p, int rows, int cols, int wbits, char *err);

int qa_pool_load(qa_pool *p, int rows, int cols, int wbits, char *err) {
  return get_slot(p, rows, cols, wbits, err) ? 0 : QA_EXIT_USAGE;
}

static qa_pool_slot *get_slot(qa_pool *p, int rows, int cols, int wbits, char *err) {
  for (int i = 0; i < p->n; i++)
    if (p->slot[i].rows == rows && p->slot[i].cols == cols && p->slot[i].wbits == wbits)
      return &p->slot[i];
  if (p->n == (int)(sizeof p->slot / sizeof p->slot[0])) {
    snprintf(err, QA_ERR_LEN, "too many array configurations in one run (at most 16)");
    return NULL;
  }
  qa_pool_slot *s = &p->slot[p->n];
  qa_cfg_req req = {.rows = rows, .cols = cols, .wbits = wbits, .accw = p->accw, .mesh = -1,
                    .trace = p->trace != NULL, .mutant = p->mutant};
  if (qa_lib_get(&req, p->build, &s->lib, err)) return NULL;
  s->sim = s->lib.sim_new();
  if (!s->sim) {
    snprintf(err, QA_ERR_LEN, "out of memory creating a %dx%d model", rows, cols);
    qa_lib_close(&s->lib);
    return NULL;
  }
  if (p->trace) {
    char path[4200], name[64];
    qa_cfg_name(&req, name, sizeof name);
    if (p->n == 0) snprintf(path, sizeof path, "%s", p->trace->path);
    else snprintf(path, sizeof path, "%.*s-%s.fst", (int)(strlen(p->trace->path) - 4),
                  p->trace->path, name);
    if (s->lib.trace_open(s->sim, path, p->trace->depth)) {
      snprintf(err, QA_ERR_LEN, "cannot write the trace file %s", path);
      s->lib.sim_free(s->sim);
      qa_lib_close(&s->lib);
      return NULL;
    }
    qa_errf("tracing %s into %s\n", name, path);
  }
  s->rows = rows;
  s->cols = cols;
  s->wbits = wbits;
  p->n++;
  return s;
}

int qa_pool_gemm(qa_pool *p, const qa_gemm_shape *g, const qa_operands *x, uint64_t *cycles,
                 char *err) {
  const int8_t *A = x->A, *W = x->W;
  int32_t *C = x->C;
  qa_pool_slot *s = get_slot(p, g->rows, g->cols, g->wbits, err);
  if (!s) return QA_EXIT_USAGE;
  const size_t M = (size_t)g->m, K = (size_t)g->k, N = (size_t)g->n;
  int32_t *ref = malloc(M * N * sizeof *ref);
  if (!ref) {
    snprintf(err, QA_ERR_LEN, "out of memory for a %zux%zux%zu GEMM", M, K, N);
    return QA_EXIT_USAGE;
  }
  int rc;
  qa_gemm_stats st;
  /* Trace this GEMM if every GEMM is traced or it is the chosen one (1-based, run order). */
  const int traced = p->trace && (p->trace->gemm < 0 || (uint64_t)p->trace->gemm == p->runs + 1);
  qa_stall_opts so = {.trace = traced ? p->trace : NULL};
  rc = qa_gemm_run(&s->lib, s->sim, &(qa_gemm_io){g->mode, A, W, C, M, K, N}, &so, &st, err);
  if (rc) goto done;
  rc = QA_EXIT_FAIL;
  p->runs++;
  p->sim_cycles += st.cnt.cycles;
  p->sim_wall_s += st.wall_s;
  qa_gemm_ref(A, W, ref, M, K, N, p->accw);
  for (size_t i = 0; i < M * N; i++) {
    if (C[i] != ref[i]) {
      snprintf(err, QA_ERR_LEN,
               "RTL result mismatch on %dx%d W%d %s GEMM %zux%zux%zu: C[%zu][%zu] = %" PRId32
               ", golden %" PRId32,
               g->rows, g->cols, g->wbits, g->mode ? "packed" : "full", M, K, N, i / N, i % N,
               C[i], ref[i]);
      goto done;
    }
  }
  *cycles = st.cnt.cycles;
  rc = 0;
done:
  free(ref);
  return rc;
}

int qa_pool_clone(qa_pool *dst, const qa_pool *src, char *err) {
  qa_pool_init(dst, src->accw, 0, src->seed);
  dst->mutant = src->mutant;
  for (int i = 0; i < src->n; i++) {
    qa_pool_slot *s = &dst->slot[i];
    *s = src->slot[i];
    s->borrowed = 1;
    if (!(s->sim = s->lib.sim_new())) {
      snprintf(err, QA_ERR_LEN, "out of memory creating a %dx%d model", s->rows, s->cols);
      return QA_EXIT_USAGE;
    }
    dst->n++;
  }
  return 0;
}

void qa_pool_add_counts(qa_pool *dst, const qa_pool *src) {
  dst->runs += src->runs;
  dst->sim_cycles += src->sim_cycles;
  dst->sim_wall_s += src->sim_wall_s;
}

int qa_pool_run(qa_pool *p, const qa_gemm_shape *g, uint64_t seed, uint64_t *cycles, char *err) {
  const size_t M = (size_t)g->m, K = (size_t)g->k, N = (size_t)g->n;
  int8_t *A = malloc(M * K), *W = malloc(K * N);
  int32_t *C = malloc(M * N * sizeof *C);
  int rc = QA_EXIT_USAGE;
  if (!A || !W || !C) {
    snprintf(err, QA_ERR_LEN, "out of memory for a %zux%zux%zu GEMM", M, K, N);
  } else {
    qa_random_operands(A, W, g, 0, seed);
    rc = qa_pool_gemm(p, g, &(qa_operands){A, W, C}, cycles, err);
  }
  free(A);
  free(W);
  free(C);
  return rc;
}
