/* cmd_block.c: qarray block: transformer blocks executed with numbers on the RTL array. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_block.h"
#include "qa_cli.h"
#include "qa_cmd.h"
#include "qa_load.h"
#include "qa_models.h"
#include "qa_sweep.h"
#include "qa_atomic.h"
#include "qa_blockcsv.h"
#include "qa_util.h"
#include "qa_work.h"

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

/* --layers N (the first N), all, or A:B (0-based, inclusive) of model md: [*first, *last].
 * Returns 0 or QA_EXIT_USAGE. */
static int layer_range(const char *s, const qa_model *md, uint64_t *first, uint64_t *last) {
  const uint64_t n = (uint64_t)md->layers;
  *first = 0, *last = 0;
  if (!s) return 0;
  if (!strcmp(s, "all")) return *last = n - 1, 0;
  uint64_t x;
  if (!strchr(s, ':')) {
    if (!qa_parse_u64(s, 1, n, &x)) return *last = x - 1, 0;
  } else if (!qa_parse_pair(s, ':', 0, n - 1, first, last) && *first <= *last) {
    return 0;
  }
  qa_errf("--layers must be 1..%d, all, or A:B with 0 <= A <= B <= %d for %s, got '%s'\n",
          md->layers, md->layers - 1, md->name, s);
  return QA_EXIT_USAGE;
}


/* One run of `qarray block`: what the options resolve to, and the buffers it owns. */
typedef struct {
  const qa_opts *o;
  const char *array;
  int rows, cols, wbits, jobs;
  uint64_t seq, first, last;
  qa_model_table t;
  const qa_model *md;
  qa_pool *pools; /* one per worker */
  float *x_rtl, *x_gold; /* the block input, then output, of the RTL and the golden chain */
  size_t n;
  qa_block_result rres, gres;
  qa_block_row *row;
  int identical;
  double wall;
  qa_atomic csv;
} block_run;

static void block_free(block_run *b) {
  for (int w = b->jobs - 1; b->pools && w >= 0; w--) qa_pool_free(&b->pools[w]);
  free(b->pools);
  free(b->x_rtl);
  free(b->x_gold);
  free(b->row);
  qa_models_free(&b->t);
  qa_atomic_abort(&b->csv);
}

static uint64_t fnv_floats(const float *x, size_t n) { return qa_fnv(QA_FNV0, x, n * sizeof *x); }

/* The golden chain of blocks 0..first-1 from the synthetic input: block first's input. */
static int golden_prefix(block_run *b, char *err) {
  const qa_block_cfg g = {.model = b->md, .seq = b->seq, .rows = b->rows, .cols = b->cols,
                          .wbits = b->wbits, .seed = b->o->seed, .no_ref = 1};
  qa_block_result res;
  for (uint64_t l = 0; l < b->first; l++) {
    memset(&res, 0, sizeof res);
    const int rc = qa_block_run(&g, (int)l, b->x_gold, &res, err);
    if (rc) return rc;
    qa_errf("--input golden: block %" PRIu64 " on the golden model, %" PRIu64
            " to go\n", l, b->first - l - 1);
  }
  memcpy(b->x_rtl, b->x_gold, b->n * sizeof *b->x_rtl);
  return 0;
}

/* The RTL pools: worker 0's loaded (built if missing), the others cloned from it. */
static int load_pools(block_run *b, char *err) {
  const qa_opts *o = b->o;
  b->jobs = qa_opts_jobs(o);
  if (!(b->pools = calloc((size_t)b->jobs, sizeof *b->pools)))
    return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
  qa_pool_init(&b->pools[0], 32, !o->no_build, o->seed);
  if (o->tr.path) b->pools[0].trace = &o->tr;
  b->pools[0].mutant = o->mutant;
  int rc = qa_pool_load(&b->pools[0], b->rows, b->cols, b->wbits, err);
  for (int w = 1; !rc && w < b->jobs; w++) rc = qa_pool_clone(&b->pools[w], &b->pools[0], err);
  return rc;
}

/* Resolve the options, load the RTL models and make the input. Returns 0, 1 or 2. */
static int block_setup(block_run *b, char *err) {
  const qa_opts *o = b->o;
  int rc;
  if ((rc = qa_one_seq(o, 1, &b->seq)) || (rc = qa_one_wbits(o, &b->wbits)))
    return rc;
  b->array = o->arrays ? o->arrays : "edge";
  if (qa_parse_array(b->array, &b->rows, &b->cols, err)) return QA_EXIT_USAGE;
  if ((rc = qa_models_open(o->models_file, o->model_name, &b->t))) return rc;
  b->md = qa_one_model(o, &b->t, b->seq);
  if (!b->md || layer_range(o->layers, b->md, &b->first, &b->last)) return QA_EXIT_USAGE;
  if (b->first > 0 && !(o->input && !strcmp(o->input, "golden")))
    return qa_usage_err("--layers A:B with A > 0 needs --input golden (block A's input from the golden chain)", NULL);
  b->n = (size_t)b->seq * (size_t)b->md->d_model;
  b->x_rtl = malloc(b->n * sizeof *b->x_rtl);
  b->x_gold = malloc(b->n * sizeof *b->x_gold);
  b->row = calloc(b->last - b->first + 1, sizeof *b->row);
  if (!b->x_rtl || !b->x_gold || !b->row) return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
  synth_input(b->x_rtl, b->n, o->seed);
  memcpy(b->x_gold, b->x_rtl, b->n * sizeof *b->x_rtl);
  if (o->csv && qa_atomic_open(&b->csv, o->csv, "w", err)) return QA_EXIT_USAGE;
  if ((rc = load_pools(b, err))) return rc;
  return golden_prefix(b, err);
}

static uint64_t stat_sum(const qa_block_result *r, int predicted) {
  uint64_t s = 0;
  for (int i = 0; i < r->nst; i++) s += predicted ? r->st[i].predicted : r->st[i].cycles;
  return s;
}

/* Every layer on the RTL and, on a second thread, on the golden model. Returns 0, 1 or 2. */
static int block_layers(block_run *b) {
  /* The RTL run skips the float64 reference: the golden run computes it, and the two runs'
   * outputs must be bit-identical anyway. */
  const qa_block_cfg rc_cfg = {.model = b->md, .seq = b->seq, .rows = b->rows, .cols = b->cols,
                               .wbits = b->wbits, .seed = b->o->seed, .pool = b->pools, .no_ref = 1,
                               .jobs = b->jobs,
                               .progress = b->o->progress || isatty(STDERR_FILENO)};
  qa_block_cfg gd_cfg = rc_cfg;
  gd_cfg.pool = NULL;
  gd_cfg.progress = 0;
  gd_cfg.no_ref = 0;
  char err[QA_ERR_LEN];
  const double t0 = qa_now_s();
  b->identical = 1;
  for (uint64_t l = b->first; l <= b->last; l++) {
    qa_block_row *row = &b->row[l - b->first];
    row->layer = l;
    row->in_fnv = fnv_floats(b->x_rtl, b->n);
    const uint64_t c0 = stat_sum(&b->rres, 0), p0 = stat_sum(&b->rres, 1);
    b->gres.rel_err = 0.0;
    /* The golden block (host GEMMs) runs on its own thread while this one drives the RTL: the
     * two are independent until their outputs are compared. Each RTL model stays
     * single-threaded; --jobs runs a block's independent GEMMs on several models. */
    block_job gj = {.cfg = &gd_cfg, .layer = (int)l, .x = b->x_gold, .res = &b->gres};
    pthread_t th;
    const int threaded = pthread_create(&th, NULL, run_block_job, &gj) == 0;
    int r1 = qa_block_run(&rc_cfg, (int)l, b->x_rtl, &b->rres, err);
    if (threaded) pthread_join(th, NULL);
    else run_block_job(&gj);
    if (r1 || gj.rc) {
      qa_errf("block %" PRIu64 ": %s\n", l, r1 ? err : gj.err);
      return r1 ? r1 : gj.rc;
    }
    row->identical = memcmp(b->x_rtl, b->x_gold, b->n * sizeof *b->x_rtl) == 0;
    row->out_fnv = fnv_floats(b->x_rtl, b->n);
    row->rtl_cycles = stat_sum(&b->rres, 0) - c0;
    row->model_cycles = stat_sum(&b->rres, 1) - p0;
    row->rel_err = b->gres.rel_err;
    b->identical &= row->identical;
    qa_errf("block %" PRIu64 " (%" PRIu64 "/%" PRIu64 ") done, %.1f s, %" PRIu64
            " RTL cycles so far\n", l, l - b->first + 1, b->last - b->first + 1, qa_now_s() - t0,
            stat_sum(&b->rres, 0));
  }
  b->gres.rel_err = 0.0;
  for (uint64_t l = b->first; l <= b->last; l++)
    if (b->row[l - b->first].rel_err > b->gres.rel_err) b->gres.rel_err = b->row[l - b->first].rel_err;
  b->wall = qa_now_s() - t0;
  return 0;
}

/* The verdict is the RTL's: bit-identical to the golden chain (and every GEMM cycle-exact, or
 * the run stopped with a failure before this). The error is accuracy, failed on only when asked
 * (--max-error). Returns 0, or QA_EXIT_FAIL. */
static int block_verdict(const block_run *b) {
  const double me = b->o->max_error;
  return (!b->identical || (me >= 0.0 && b->gres.rel_err > me)) ? QA_EXIT_FAIL : 0;
}

/* The per-GEMM table and the block's Amdahl figures (none with --quiet). Returns
 * block_verdict. */
static int block_print(const block_run *b) {
  if (b->o->quiet) return block_verdict(b);
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
  const double me = b->o->max_error;
  const int too_far = me >= 0.0 && b->gres.rel_err > me;
  printf("vs float64 ref   worst relative L2 error of a block's update %.4f (accuracy of INT8 "
         "activations; ", b->gres.rel_err);
  if (me >= 0.0) printf("--max-error %g: %s)\n", me, too_far ? "EXCEEDED" : "within");
  else printf("not part of the verdict without --max-error)\n");
  qa_pool all;
  qa_pool_init(&all, 32, 0, 0);
  for (int w = 0; w < b->jobs; w++) qa_pool_add_counts(&all, &b->pools[w]);
  printf("wall time        %.1f s (%" PRIu64 " RTL cycles simulated on %d worker%s, %.1f kHz per "
         "model)\n", b->wall, all.sim_cycles, b->jobs, b->jobs > 1 ? "s" : "",
         all.sim_wall_s > 0 ? (double)all.sim_cycles / all.sim_wall_s / 1e3 : 0.0);
  const int rc = block_verdict(b);
  printf("%s\n", rc ? "block: FAIL" : "block: PASS");
  return rc;
}

int qa_cmd_block(const qa_opts *o) {
  block_run b = {.o = o, .csv = {.slot = -1}};
  char err[QA_ERR_LEN] = "";
  int rc = block_setup(&b, err);
  if (rc && *err) qa_errf("%s\n", err);
  if (!rc) {
    if (!o->quiet)
      printf("qarray block: %s, L=%" PRIu64 ", blocks %" PRIu64 "..%" PRIu64 " of %d, %s array "
           "(%dx%d), W%dA8 projections, INT8 attention\n", b.md->name, b.seq, b.first, b.last,
           b.md->layers, b.array, b.rows, b.cols, b.wbits);
    rc = block_layers(&b);
  }
  const int all_ran = !rc;
  if (!rc) rc = block_print(&b);
  if (all_ran && b.csv.f) {
    qa_block_part part = {.first = b.first, .last = b.last, .layers = (uint64_t)b.md->layers, .row = b.row};
    snprintf(part.title, sizeof part.title, "# qarray block %s L=%" PRIu64 " %dx%d W%dA8 seed %" PRIu64 "%s%s",
             b.md->name, b.seq, b.rows, b.cols, b.wbits, o->seed, o->mutant ? " mutant " : "",
             o->mutant ? o->mutant : "");
    qa_blockcsv_write(b.csv.f, &part);
    if (qa_atomic_commit(&b.csv, err)) qa_errf("%s\n", err), rc = QA_EXIT_USAGE;
  }
  block_free(&b);
  return rc;
}
