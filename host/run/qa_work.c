/* qa_work.c: see qa_work.h. */
#include "qa_work.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"
#include "qa_par.h"
#include "qa_util.h"

static pthread_mutex_t progress_mu = PTHREAD_MUTEX_INITIALIZER;

uint64_t qa_fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t shape_hash(const qa_gemm_shape *g) {
  const uint64_t v[7] = {(uint64_t)g->rows, (uint64_t)g->cols, (uint64_t)g->wbits,
                         (uint64_t)g->mode, g->m, g->k, g->n};
  return qa_fnv(QA_FNV0, v, sizeof v);
}

static int same(const qa_gemm_shape *a, const qa_gemm_shape *b) {
  return a->rows == b->rows && a->cols == b->cols && a->wbits == b->wbits && a->mode == b->mode &&
         a->m == b->m && a->k == b->k && a->n == b->n;
}

void qa_work_free(qa_work *w) {
  free(w->it);
  free(w->index);
  memset(w, 0, sizeof *w);
}

qa_work_item *qa_work_find(const qa_work *w, const qa_gemm_shape *g) {
  if (!w->icap) return NULL;
  for (size_t h = shape_hash(g) & (w->icap - 1);; h = (h + 1) & (w->icap - 1)) {
    if (!w->index[h]) return NULL;
    if (same(&w->it[w->index[h] - 1].g, g)) return &w->it[w->index[h] - 1];
  }
}

static void index_put(size_t *index, size_t icap, const qa_gemm_shape *g, size_t item) {
  size_t h = shape_hash(g) & (icap - 1);
  while (index[h]) h = (h + 1) & (icap - 1);
  index[h] = item + 1;
}

/* Room for one more item, the index at most half full. Returns 0 or -1. */
static int grow(qa_work *w) {
  if (w->n == w->cap) {
    const size_t cap = w->cap ? 2 * w->cap : 64;
    qa_work_item *it = realloc(w->it, cap * sizeof *it);
    if (!it) return -1;
    w->it = it, w->cap = cap;
  }
  if (2 * (w->n + 1) <= w->icap) return 0;
  const size_t icap = w->icap ? 2 * w->icap : 128;
  size_t *index = calloc(icap, sizeof *index);
  if (!index) return -1;
  for (size_t i = 0; i < w->n; i++) index_put(index, icap, &w->it[i].g, i);
  free(w->index);
  w->index = index, w->icap = icap;
  return 0;
}

int qa_work_cycles(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err) {
  qa_work *w = ctx;
  const qa_work_item *e = qa_work_find(w, g);
  if (e && (w->collect || e->done)) {
    *cycles = w->collect ? e->model : e->cycles;
    return 0;
  }
  if (!w->collect) {
    snprintf(err, QA_ERR_LEN, "%dx%d W%d %s GEMM %" PRIu64 "x%" PRIu64 "x%" PRIu64
             " was not run on the RTL", g->rows, g->cols, g->wbits, g->mode ? "packed" : "full",
             g->m, g->k, g->n);
    return QA_EXIT_USAGE;
  }
  if (grow(w)) {
    snprintf(err, QA_ERR_LEN, "out of memory for the work list");
    return QA_EXIT_USAGE;
  }
  w->it[w->n] = (qa_work_item){.g = *g, .model = qa_cycles_model(g)};
  index_put(w->index, w->icap, g, w->n);
  *cycles = w->it[w->n++].model;
  return 0;
}

/* Items by predicted cycles, longest first; ties in list order. */
typedef struct {
  uint64_t model;
  size_t i;
} ranked;
static int by_model(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  return x->model != y->model ? (x->model < y->model ? 1 : -1) : (x->i > y->i) - (x->i < y->i);
}

/* A min-heap of parts by (load, index): the part the next item goes to is at the top. */
typedef struct {
  uint64_t load;
  int part;
} part;
static int before(const part *a, const part *b) {
  return a->load != b->load ? a->load < b->load : a->part < b->part;
}
static void sift_down(part *h, int n, int i) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && before(&h[l], &h[m])) m = l;
    if (r < n && before(&h[r], &h[m])) m = r;
    if (m == i) return;
    const part t = h[i];
    h[i] = h[m], h[m] = t, i = m;
  }
}

/* Longest-processing-time-first into n parts: owner[i] (may be NULL); returns the largest load. */
static uint64_t lpt(const qa_work *w, int n, int *owner) {
  ranked *ord = malloc((w->n ? w->n : 1) * sizeof *ord);
  part *h = malloc((size_t)n * sizeof *h);
  uint64_t worst = 0;
  if (!ord || !h) {
    free(ord), free(h);
    return 0;
  }
  for (size_t i = 0; i < w->n; i++) ord[i] = (ranked){w->it[i].model, i};
  qsort(ord, w->n, sizeof *ord, by_model);
  for (int s = 0; s < n; s++) h[s] = (part){0, s}; /* already a heap */
  for (size_t r = 0; r < w->n; r++) {
    h[0].load += ord[r].model;
    if (owner) owner[ord[r].i] = h[0].part;
    worst = h[0].load > worst ? h[0].load : worst;
    sift_down(h, n, 0);
  }
  free(ord);
  free(h);
  return worst;
}

void qa_work_split(const qa_work *w, int nshards, int *owner) { (void)lpt(w, nshards, owner); }
uint64_t qa_work_makespan(const qa_work *w, int n) { return lpt(w, n, NULL); }

uint64_t qa_work_fingerprint(const qa_work *w, uint64_t h) {
  for (size_t i = 0; i < w->n; i++) {
    const qa_gemm_shape *g = &w->it[i].g;
    const uint64_t v[8] = {(uint64_t)g->rows, (uint64_t)g->cols, (uint64_t)g->wbits,
                           (uint64_t)g->mode, g->m, g->k, g->n, w->it[i].model};
    h = qa_fnv(h, v, sizeof v);
  }
  return h;
}

typedef struct {
  qa_work *w;
  const size_t *items;
  qa_pool *pools;
  uint64_t seed;
} run_ctx;

static int run_one(void *vctx, size_t t, int worker, char *err) {
  run_ctx *c = vctx;
  qa_work_item *e = &c->w->it[c->items[t]];
  const qa_gemm_shape *g = &e->g;
  uint64_t cyc = 0;
  const double t0 = qa_now_s();
  int rc = qa_pool_run(&c->pools[worker], g, c->seed + c->items[t], &cyc, err);
  if (!rc && cyc != e->model) {
    snprintf(err, QA_ERR_LEN,
             "RTL and analytic model DISAGREE on %dx%d W%d %s GEMM %" PRIu64 "x%" PRIu64 "x%" PRIu64
             ": RTL %" PRIu64 " cycles, model %" PRIu64, g->rows, g->cols, g->wbits,
             g->mode ? "packed" : "full", g->m, g->k, g->n, cyc, e->model);
    rc = QA_EXIT_FAIL;
  }
  if (rc) return rc;
  e->cycles = cyc; /* each item is one task's: no other thread writes it */
  e->done = 1;
  pthread_mutex_lock(&progress_mu);
  const size_t k = ++c->w->finished;
  qa_errf("rtl %zu/%zu: %dx%d W%d %s %" PRIu64 "x%" PRIu64 "x%" PRIu64 ", %" PRIu64
          " cycles as predicted, %.1f s (%.0f s in)\n", k, c->w->total, g->rows, g->cols, g->wbits,
          g->mode ? "packed" : "full", g->m, g->k, g->n, cyc, qa_now_s() - t0,
          qa_now_s() - c->w->t0);
  pthread_mutex_unlock(&progress_mu);
  return 0;
}

int qa_work_run(qa_work *w, const size_t *items, size_t n, qa_pool *pools, int jobs, char *err) {
  run_ctx c = {w, items, pools, pools[0].seed};
  w->finished = 0;
  w->total = n;
  w->t0 = qa_now_s();
  return qa_par_run(jobs, n, run_one, &c, err);
}

int qa_work_run_cloned(qa_work *w, const size_t *items, size_t n, qa_pool *pool, int jobs,
                       char *err) {
  if ((size_t)jobs > n) jobs = n ? (int)n : 1;
  if (jobs < 1) jobs = 1;
  qa_pool *pools = calloc((size_t)jobs, sizeof *pools);
  if (!pools) return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
  pools[0] = *pool;
  int rc = 0, made = 1;
  for (; !rc && made < jobs; made++) rc = qa_pool_clone(&pools[made], pool, err);
  if (!rc) rc = qa_work_run(w, items, n, pools, jobs, err);
  *pool = pools[0];
  for (int i = 1; i < made; i++) {
    qa_pool_add_counts(pool, &pools[i]);
    qa_pool_free(&pools[i]);
  }
  free(pools);
  return rc;
}
