/* cmd_block.c: qarray block: transformer blocks executed with numbers on the RTL array. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../golden/qa_cycles.h"
#include "../golden/qa_golden.h"
#include "qa_block.h"
#include "qa_cli.h"
#include "qa_load.h"
#include "qa_models.h"
#include "qa_sweep.h"
#include "qa_util.h"

/* The bound on the relative L2 error of a block's update against the float64 reference of the
 * same block (docs/study.md); INT8 activations measure about 1-3 % here. */
#define QA_BLOCK_ERR_BOUND 0.08

static void synth_input(float *x, size_t n, uint64_t seed) {
  uint64_t s = seed ^ 0x5bd1e995u;
  for (size_t i = 0; i < n; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x[i] = ((float)(s >> 40) / (float)(1 << 24) - 0.5f) * 3.4641016f; /* uniform, unit variance */
  }
}

typedef struct {
  const qa_block_cfg *cfg;
  int layer;
  float *x;
  qa_block_result *res;
  int rc;
  char err[QA_ERR_LEN];
} block_job;

static void *run_block_job(void *arg) {
  block_job *j = arg;
  j->rc = qa_block_run(j->cfg, j->layer, j->x, j->res, j->err);
  return NULL;
}

/* --layers N|all of model md. Returns 0 or QA_EXIT_USAGE. */
static int layer_count(const char *s, const qa_model *md, uint64_t *layers) {
  if (!s) return *layers = 1, 0;
  if (!strcmp(s, "all")) return *layers = (uint64_t)md->layers, 0;
  if (!qa_parse_u64(s, 1, (uint64_t)md->layers, layers)) return 0;
  fprintf(stderr, "qarray: --layers must be 1..%d or all for %s, got '%s'\n", md->layers, md->name, s);
  return QA_EXIT_USAGE;
}

/* One run of `qarray block`: what the options resolve to, and the buffers it owns. */
typedef struct {
  const qa_opts *o;
  const char *array;
  int rows, cols, wbits;
  uint64_t seq, layers;
  qa_model_table t;
  const qa_model *md;
  qa_pool pool;
  float *x_rtl, *x_gold; /* the block input, then output, of the RTL and the golden chain */
  size_t n;
  qa_block_result rres, gres;
  int identical;
  double wall;
} block_run;

static void block_free(block_run *b) {
  qa_pool_free(&b->pool);
  free(b->x_rtl);
  free(b->x_gold);
  qa_models_free(&b->t);
}

/* Resolve the options, load the RTL model and make the input. Returns 0, 1 or 2. */
static int block_setup(block_run *b, char *err) {
  const qa_opts *o = b->o;
  int rc;
  if ((rc = qa_one_seq(o, 1, &b->seq)) || (rc = qa_one_wbits(o, &b->wbits))) return rc;
  b->array = o->arrays ? o->arrays : "edge";
  if (qa_parse_array(b->array, &b->rows, &b->cols, err)) return QA_EXIT_USAGE;
  if ((rc = qa_load_models(o->models_file, &b->t))) return rc;
  b->md = qa_one_model(o, &b->t, b->seq);
  if (!b->md || layer_count(o->layers, b->md, &b->layers)) return QA_EXIT_USAGE;
  b->n = (size_t)b->seq * (size_t)b->md->d_model;
  b->x_rtl = malloc(b->n * sizeof *b->x_rtl);
  b->x_gold = malloc(b->n * sizeof *b->x_gold);
  if (!b->x_rtl || !b->x_gold) return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
  synth_input(b->x_rtl, b->n, o->seed);
  memcpy(b->x_gold, b->x_rtl, b->n * sizeof *b->x_rtl);
  qa_pool_init(&b->pool, 32, !o->no_build, o->seed);
  if (o->tr.path) b->pool.trace = &o->tr;
  b->pool.mutant = o->mutant;
  return qa_pool_load(&b->pool, b->rows, b->cols, b->wbits, err);
}

/* Every layer on the RTL and, on a second thread, on the golden model. Returns 0, 1 or 2. */
static int block_layers(block_run *b) {
  /* The RTL run skips the float64 reference: the golden run computes it, and the two runs'
   * outputs must be bit-identical anyway. */
  const qa_block_cfg rc_cfg = {.model = b->md, .seq = b->seq, .rows = b->rows, .cols = b->cols,
                               .wbits = b->wbits, .seed = b->o->seed, .pool = &b->pool, .no_ref = 1};
  qa_block_cfg gd_cfg = rc_cfg;
  gd_cfg.pool = NULL;
  gd_cfg.no_ref = 0;
  char err[QA_ERR_LEN];
  const double t0 = qa_now_s();
  b->identical = 1;
  for (uint64_t l = 0; l < b->layers; l++) {
    /* The golden block (host GEMMs) runs on a second thread while this one drives the RTL: the
     * two are independent until their outputs are compared, and the machine has two cores.
     * Each RTL model stays single-threaded. */
    block_job gj = {.cfg = &gd_cfg, .layer = (int)l, .x = b->x_gold, .res = &b->gres};
    pthread_t th;
    const int threaded = pthread_create(&th, NULL, run_block_job, &gj) == 0;
    int r1 = qa_block_run(&rc_cfg, (int)l, b->x_rtl, &b->rres, err);
    if (threaded) pthread_join(th, NULL);
    else run_block_job(&gj);
    if (r1 || gj.rc) {
      fprintf(stderr, "qarray: block %" PRIu64 ": %s\n", l, r1 ? err : gj.err);
      return r1 ? r1 : gj.rc;
    }
    if (memcmp(b->x_rtl, b->x_gold, b->n * sizeof *b->x_rtl) != 0) b->identical = 0;
    fprintf(stderr, "qarray: block %" PRIu64 "/%" PRIu64 " done, %.1f s, %" PRIu64 " RTL cycles so far\n",
            l + 1, b->layers, qa_now_s() - t0, b->pool.sim_cycles);
  }
  b->wall = qa_now_s() - t0;
  return 0;
}

/* The per-GEMM table and the block's Amdahl figures. Returns 0, or 1 if a check failed. */
static int block_print(const block_run *b) {
  printf("\n%-13s %-10s %-6s %6s %6s %6s %6s %12s %12s %12s\n", "gemm", "class", "mode", "M", "K",
         "N", "count", "rtl_cycles", "model", "w8a8_model");
  uint64_t q[2] = {0, 0}, w8[2] = {0, 0};
  for (int i = 0; i < b->rres.nst; i++) {
    const qa_block_stat *s = &b->rres.st[i];
    qa_gemm_shape g = {b->rows, b->cols, b->wbits, QA_MODE_FULL, s->m, s->k, s->n};
    const uint64_t base = qa_cycles_model(&g) * s->count;
    const int c = s->cls == QA_CLASS_PROJ ? 0 : 1;
    q[c] += s->cycles;
    w8[c] += base;
    printf("%-13s %-10s %-6s %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %12" PRIu64
           " %12" PRIu64 " %12" PRIu64 "%s\n", s->name, c ? "attention" : "projection",
           s->mode ? "packed" : "full", s->m, s->k, s->n, s->count, s->cycles, s->predicted, base,
           s->cycles == s->predicted ? "" : "  MISMATCH");
  }
  const double f = (double)w8[0] / (double)(w8[0] + w8[1]), sp = (double)w8[0] / (double)q[0];
  printf("\ncycles           W%dA8 on the RTL: projection %" PRIu64 ", attention %" PRIu64
         ", total %" PRIu64 "\n", b->wbits, q[0], q[1], q[0] + q[1]);
  printf("                 W8A8 (analytic): projection %" PRIu64 ", attention %" PRIu64
         ", total %" PRIu64 "\n", w8[0], w8[1], w8[0] + w8[1]);
  printf("amdahl           f = %.3f, s = %.2fx, speedup %.2fx (1/((1-f)+f/s) = %.2fx), ceiling "
         "%.2fx\n", f, sp, (double)(w8[0] + w8[1]) / (double)(q[0] + q[1]), qa_amdahl(f, sp),
         qa_amdahl_ceiling(f));
  printf("rtl vs golden    %s\n", b->identical ? "bit-identical block outputs (every GEMM also "
                                                  "checked)" : "OUTPUTS DIFFER");
  printf("vs float64 ref   worst relative L2 error of a block's update %.4f (bound %.2f)\n",
         b->gres.rel_err, QA_BLOCK_ERR_BOUND);
  printf("wall time        %.1f s (%" PRIu64 " RTL cycles simulated, %.1f kHz in the model)\n",
         b->wall, b->pool.sim_cycles,
         b->pool.sim_wall_s > 0 ? (double)b->pool.sim_cycles / b->pool.sim_wall_s / 1e3 : 0.0);
  const int rc = (!b->identical || b->gres.rel_err > QA_BLOCK_ERR_BOUND) ? QA_EXIT_FAIL : 0;
  printf("%s\n", rc ? "block: FAIL" : "block: PASS");
  return rc;
}

int qa_cmd_block(const qa_opts *o) {
  block_run b = {.o = o};
  char err[QA_ERR_LEN] = "";
  int rc = block_setup(&b, err);
  if (rc && *err) fprintf(stderr, "qarray: %s\n", err);
  if (!rc) {
    printf("qarray block: %s, L=%" PRIu64 ", %" PRIu64 " of %d layers, %s array (%dx%d), W%dA8 "
           "projections, INT8 attention\n", b.md->name, b.seq, b.layers, b.md->layers, b.array,
           b.rows, b.cols, b.wbits);
    rc = block_layers(&b);
  }
  if (!rc) rc = block_print(&b);
  block_free(&b);
  return rc;
}
