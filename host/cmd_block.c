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

int qa_cmd_block(const qa_opts *o) {
  uint64_t seq, layers;
  int wbits, rows, cols, rc;
  char err[QA_ERR_LEN];
  if ((rc = qa_one_seq(o, 1, &seq)) || (rc = qa_one_wbits(o, &wbits))) return rc;
  const char *array = o->arrays ? o->arrays : "edge";
  if (qa_parse_array(array, &rows, &cols, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  qa_model_table t;
  if ((rc = qa_load_models(o->models_file, &t))) return rc;
  const qa_model *md = qa_one_model(o, &t, seq);
  if (!md || layer_count(o->layers, md, &layers)) {
    qa_models_free(&t);
    return QA_EXIT_USAGE;
  }
  const size_t n = (size_t)seq * (size_t)md->d_model;
  float *x_rtl = malloc(n * sizeof *x_rtl), *x_gold = malloc(n * sizeof *x_gold);
  if (!x_rtl || !x_gold) {
    fprintf(stderr, "qarray: out of memory\n");
    free(x_rtl);
    free(x_gold);
    qa_models_free(&t);
    return QA_EXIT_USAGE;
  }
  synth_input(x_rtl, n, o->seed);
  memcpy(x_gold, x_rtl, n * sizeof *x_rtl);

  qa_pool pool;
  qa_pool_init(&pool, 32, !o->no_build, o->seed);
  if (o->tr.path) pool.trace = &o->tr;
  pool.mutant = o->mutant;
  if ((rc = qa_pool_load(&pool, rows, cols, wbits, err))) {
    fprintf(stderr, "qarray: %s\n", err);
    qa_pool_free(&pool);
    free(x_rtl);
    free(x_gold);
    qa_models_free(&t);
    return rc;
  }
  /* The RTL run skips the float64 reference: the golden run (on the other thread) computes it,
   * and the two runs' outputs must be bit-identical anyway. */
  qa_block_cfg rc_cfg = {md, seq, rows, cols, wbits, o->seed, &pool, 1};
  qa_block_cfg gd_cfg = rc_cfg;
  gd_cfg.pool = NULL;
  gd_cfg.no_ref = 0;
  qa_block_result rres, gres;
  memset(&rres, 0, sizeof rres);
  memset(&gres, 0, sizeof gres);
  int identical = 1;
  const double t0 = qa_now_s();
  printf("qarray block: %s, L=%" PRIu64 ", %" PRIu64 " of %d layers, %s array (%dx%d), W%d"
         "A8 projections, INT8 attention\n",
         md->name, seq, layers, md->layers, array, rows, cols, wbits);
  for (uint64_t l = 0; l < layers; l++) {
    /* The golden block (host GEMMs) runs on a second thread while this one drives the RTL: the
     * two are independent until their outputs are compared, and the machine has two cores.
     * Each RTL model stays single-threaded. */
    block_job gj = {&gd_cfg, (int)l, x_gold, &gres, 0, ""};
    pthread_t th;
    const int threaded = pthread_create(&th, NULL, run_block_job, &gj) == 0;
    int r1 = qa_block_run(&rc_cfg, (int)l, x_rtl, &rres, err);
    if (threaded) pthread_join(th, NULL);
    else run_block_job(&gj);
    if (r1 || gj.rc) {
      fprintf(stderr, "qarray: block %" PRIu64 ": %s\n", l, r1 ? err : gj.err);
      rc = r1 ? r1 : gj.rc;
      break;
    }
    if (memcmp(x_rtl, x_gold, n * sizeof *x_rtl) != 0) identical = 0;
    fprintf(stderr, "qarray: block %" PRIu64 "/%" PRIu64 " done, %.1f s, %" PRIu64 " RTL cycles so far\n",
            l + 1, layers, qa_now_s() - t0, pool.sim_cycles);
  }
  const double wall = qa_now_s() - t0;
  if (rc == 0) {
    printf("\n%-13s %-10s %-6s %6s %6s %6s %6s %12s %12s %12s\n", "gemm", "class", "mode", "M", "K",
           "N", "count", "rtl_cycles", "model", "w8a8_model");
    uint64_t q[2] = {0, 0}, b[2] = {0, 0};
    for (int i = 0; i < rres.nst; i++) {
      const qa_block_stat *s = &rres.st[i];
      qa_gemm_shape g = {rows, cols, wbits, QA_MODE_FULL, s->m, s->k, s->n};
      uint64_t base = qa_cycles_model(&g) * s->count;
      int c = s->cls == QA_CLASS_PROJ ? 0 : 1;
      q[c] += s->cycles;
      b[c] += base;
      printf("%-13s %-10s %-6s %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %12" PRIu64
             " %12" PRIu64 " %12" PRIu64 "%s\n",
             s->name, c ? "attention" : "projection", s->mode ? "packed" : "full", s->m, s->k, s->n,
             s->count, s->cycles, s->predicted, base, s->cycles == s->predicted ? "" : "  MISMATCH");
    }
    double f = (double)b[0] / (double)(b[0] + b[1]), sp = (double)b[0] / (double)q[0];
    printf("\ncycles           W%dA8 on the RTL: projection %" PRIu64 ", attention %" PRIu64
           ", total %" PRIu64 "\n", wbits, q[0], q[1], q[0] + q[1]);
    printf("                 W8A8 (analytic): projection %" PRIu64 ", attention %" PRIu64 ", total %" PRIu64 "\n",
           b[0], b[1], b[0] + b[1]);
    printf("amdahl           f = %.3f, s = %.2fx, speedup %.2fx (1/((1-f)+f/s) = %.2fx), ceiling %.2fx\n", f,
           sp, (double)(b[0] + b[1]) / (double)(q[0] + q[1]), qa_amdahl(f, sp), qa_amdahl_ceiling(f));
    printf("rtl vs golden    %s\n", identical ? "bit-identical block outputs (every GEMM also checked)"
                                             : "OUTPUTS DIFFER");
    printf("vs float64 ref   worst relative L2 error of a block's update %.4f (bound %.2f)\n",
           gres.rel_err, QA_BLOCK_ERR_BOUND);
    printf("wall time        %.1f s (%" PRIu64 " RTL cycles simulated, %.1f kHz in the model)\n", wall,
           pool.sim_cycles, pool.sim_wall_s > 0 ? (double)pool.sim_cycles / pool.sim_wall_s / 1e3 : 0.0);
    if (!identical || gres.rel_err > QA_BLOCK_ERR_BOUND) rc = QA_EXIT_FAIL;
    printf("%s\n", rc ? "block: FAIL" : "block: PASS");
  }
  qa_pool_free(&pool);
  free(x_rtl);
  free(x_gold);
  qa_models_free(&t);
  return rc;
}
