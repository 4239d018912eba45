/* cmd_demo.c: qarray demo (what `make run` runs): GPT-2 block GEMMs on the edge array, W2A8 vs
 * INT8, on the RTL, checked, with the Amdahl summary. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_checked.h"
#include "qa_cmd.h"
#include "qa_par.h"
#include "qa_print.h"
#include "qa_rtlrun.h"

typedef struct {
  const char *name;
  size_t m, k, n, count;
  int proj;
} demo_gemm;

/* One GEMM of the demo: its place, and once run, its table row, cycles and status. */
typedef struct {
  const demo_gemm *d;
  int variant, mode;
  uint64_t seed, cycles;
  int rc;
  char line[256];
} demo_item;

typedef struct {
  qa_loaded *md; /* one per worker */
  const qa_array_cfg *a;
  demo_item *it;
  uint64_t seed;
} demo_run;

/* One GEMM of the demo on worker w's model: its row and cycles. Returns 2 (which stops the
 * others) or 0; a failed check is the item's rc. */
static int demo_task(void *v, size_t t, int w, char *err) {
  demo_run *dr = v;
  demo_item *it = &dr->it[t];
  const demo_gemm *d = it->d;
  const qa_check_cfg rc = {.a = dr->a, .wbits = 2, .accw = 32, .seed = dr->seed, .mode = it->mode};
  const size_t M = d->m, K = d->k, N = d->n;
  int8_t *A = malloc(M * K), *W = malloc(K * N);
  qa_check_result res = {0};
  it->rc = QA_EXIT_USAGE;
  if (!A || !W) snprintf(err, QA_ERR_LEN, "out of memory");
  else {
    qa_random_operands(A, W, &(qa_gemm_shape){.wbits = rc.wbits, .mode = rc.mode, .m = M, .k = K, .n = N}, 0,
                       it->seed);
    it->rc = qa_check_gemm(&dr->md[w], &rc, &(qa_gemm_io){.A = A, .W = W, .M = M, .K = K, .N = N}, &res);
    if (it->rc == QA_EXIT_USAGE) snprintf(err, QA_ERR_LEN, "%s: the RTL run failed", d->name);
  }
  if (!it->rc) {
    qa_gemm_shape g = {dr->a->rows, dr->a->cols, rc.wbits, rc.mode, M, K, N};
    const uint64_t cyc = res.st.cnt.cycles, model = qa_cycles_model(&g);
    const int lanes = rc.mode == QA_MODE_PACKED ? qa_lanes(rc.wbits) : 1;
    const double util = 100.0 * (double)M * (double)K * (double)N /
                        ((double)cyc * dr->a->rows * dr->a->cols * lanes);
    snprintf(it->line, sizeof it->line,
             "%-13s %-6s %5zu %5zu %5zu %4zu %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %6.1f %8.1f %s\n",
             d->name, qa_mode_name(rc.mode), M, K, N, d->count, cyc, model, qa_cycles_scalesim(&g), util,
             (double)cyc / res.st.wall_s / 1e3,
             res.bad ? "FAIL (result)" : (cyc != model ? "FAIL (cycles)" : "PASS"));
    it->cycles = cyc * d->count;
    if (res.bad || cyc != model) it->rc = QA_EXIT_FAIL;
  }
  free(res.C);
  free(res.ref);
  free(A);
  free(W);
  return it->rc == QA_EXIT_USAGE ? QA_EXIT_USAGE : 0;
}

static void demo_summary(uint64_t tot[2][2], int fails) {
  const uint64_t b8 = tot[1][0] + tot[1][1], b2 = tot[0][0] + tot[0][1];
  const double f = (double)tot[1][0] / (double)b8, sp = (double)tot[1][0] / (double)tot[0][0];
  printf("\nblock cycles     INT8 %" PRIu64 " (projections %" PRIu64 ", attention %" PRIu64 ")\n",
         b8, tot[1][0], tot[1][1]);
  printf("                 W2A8 %" PRIu64 " (projections %" PRIu64 ", attention %" PRIu64 ")\n",
         b2, tot[0][0], tot[0][1]);
  printf("amdahl           f = %.3f (projection share of INT8 cycles), s = %.2fx (projection "
         "speedup)\n", f, sp);
  printf("                 block speedup %.2fx = 1/((1-f)+f/s) = %.2fx, ceiling 1/(1-f) = %.2fx\n",
         (double)b8 / (double)b2, 1.0 / ((1.0 - f) + f / sp), 1.0 / (1.0 - f));
  printf("%s\n", fails ? "demo: FAIL" : "demo: all GEMMs bit-exact and cycle-exact");
}

int qa_cmd_demo(const qa_opts *o) {
  const size_t L = 128, d = 768, F = 3072, dh = 64, heads = 12;
  const demo_gemm gemms[] = {
      {"q/k/v/o proj", L, d, d, 4, 1},      {"ffn up", L, d, F, 1, 1},
      {"ffn down", L, F, d, 1, 1},          {"attn scores", L, dh, L, heads, 0},
      {"attn context", L, L, dh, heads, 0},
  };
  enum { NG = 5 }; /* the GEMMs above */
  qa_array_cfg a;
  if (qa_array_resolve(o, "edge", 0, &a)) return QA_EXIT_USAGE;
  const qa_cfg_req req = {.rows = a.rows, .cols = a.cols, .wbits = 2, .accw = 32, .mesh = -1};
  const int jobs = qa_opts_jobs(o);
  qa_loaded md[2 * NG];
  demo_item it[2 * NG];
  /* Worker 0 loads (or builds) the model; the others get instances of the same library. */
  int rc = qa_loaded_open(&req, !o->no_build, NULL, &md[0]), nmd = rc ? 0 : 1;
  for (; !rc && nmd < jobs && nmd < 2 * NG; nmd++) {
    md[nmd].lib = md[0].lib;
    if (!(md[nmd].s = md[0].lib.sim_new())) qa_errf("out of memory creating a model\n"), rc = QA_EXIT_USAGE;
  }
  if (rc && nmd) nmd--;
  for (int i = 0; i < 2 * NG; i++)
    it[i] = (demo_item){.d = &gemms[i % NG], .variant = i / NG, .seed = o->seed + (uint64_t)(i % NG),
                        .mode = (i < NG && gemms[i % NG].proj) ? QA_MODE_PACKED : QA_MODE_FULL};
  char err[QA_ERR_LEN];
  demo_run dr = {md, &a, it, o->seed};
  if (!rc && (rc = qa_par_run(nmd, 2 * NG, demo_task, &dr, err))) qa_errf("%s\n", err);
  for (int i = 1; i < nmd; i++) md[0].lib.sim_free(md[i].s);
  if (nmd) qa_loaded_close(&md[0]);
  if (rc) return rc;
  printf("qarray demo: GPT-2 block 0 GEMMs, prefill L=%zu, edge array 32x32 (WBITS=2 build)\n\n", L);
  printf("%-13s %-6s %5s %5s %5s %4s %10s %10s %10s %6s %8s %s\n", "gemm", "mode", "M", "K", "N",
         "x", "rtl_cyc", "model_cyc", "scalesim", "util%", "kHz", "check");
  uint64_t tot[2][2] = {{0, 0}, {0, 0}}; /* [w2a8/int8][proj/attn] */
  int fails = 0;
  for (int i = 0; i < 2 * NG; i++) {
    if (i == NG) printf("\n");
    fputs(it[i].line, stdout);
    tot[it[i].variant][it[i].d->proj ? 0 : 1] += it[i].cycles;
    fails += it[i].rc == QA_EXIT_FAIL;
  }
  demo_summary(tot, fails);
  return fails ? QA_EXIT_FAIL : 0;
}
