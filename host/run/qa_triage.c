/* qa_triage.c: see qa_triage.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_triage.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_gemm.h"
#include "qa_npy.h"
#include "qa_repro.h"
#include "qa_util.h"

/* One triage: the failed GEMM, where it first went wrong, that tile's operands and re-run. */
typedef struct {
  const qa_triage_opts *o;
  const qa_gemm_io *run; /* the failed GEMM; run->C is what the RTL gave */
  const int32_t *ref;    /* the golden model's C */
  size_t m, n;           /* the first wrong element */
  size_t tile, i, j;     /* its tile (in run order) and the PE (row, col) in it */
  size_t tm, tn, rows, cols; /* the tile's origin in C and its real size */
  uint64_t kt;           /* beats per tile */
  int8_t *a, *w;         /* the tile's operands: its rows of A, its columns of W, all of K */
  int32_t *want, *got;   /* the golden model's and the re-run's result */
  qa_repro rp;
  qa_lib lib;
  qa_sim *s;
  qa_cfg cfg;            /* the debug build's */
  char cfgname[96];
  char *err;
} triage_ctx;

/* The first wrong element, its tile and PE, and when that PE worked on it; printed. Returns 0,
 * or -1 if C matches. */
static int locate(triage_ctx *t) {
  const qa_gemm_io *g = t->run;
  const size_t R = (size_t)t->o->req.rows, Cc = (size_t)t->o->req.cols, MN = g->M * g->N;
  size_t x = 0;
  while (x < MN && g->C[x] == t->ref[x]) x++;
  if (x == MN) return snprintf(t->err, QA_ERR_LEN, "nothing to triage: C matches the golden model"), -1;
  t->m = x / g->N, t->n = x % g->N, t->i = t->m % R, t->j = t->n % Cc;
  const size_t mi = t->m / R, ni = t->n / Cc, mt = qa_ceil_div(g->M, R), nt = qa_ceil_div(g->N, Cc);
  t->tile = t->o->a_outer ? mi * nt + ni : ni * mt + mi;
  const qa_gemm_shape sh = {(int)R, (int)Cc, t->o->req.wbits, g->mode, g->M, g->K, g->N};
  t->kt = qa_beats_per_tile(&sh);
  /* Stall-free timing (docs/cycle-model.md): beat b of tile t is offered at t*P + b; it reaches
   * PE (i,j) i + j + 1 cycles later (input register, row skew, j hops); the tile's rows leave
   * by its last beat + the drain (qa_os_drain). */
  const uint64_t P = t->kt > R ? t->kt : R, s0 = (uint64_t)t->tile * P;
  qa_errf(
          "triage: first wrong element C[%zu][%zu] = %" PRId32 ", expected %" PRId32
          "; tile %zu (rows %zu.., columns %zu..), PE row %zu col %zu; that PE accumulated it in "
          "cycles %" PRIu64 "..%" PRIu64 " and the tile left the array by cycle %" PRIu64
          " (stall-free timing)\n", t->m, t->n, g->C[x], t->ref[x], t->tile, mi * R, ni * Cc, t->i,
          t->j, s0 + t->i + t->j + 1, s0 + t->kt + t->i + t->j,
          s0 + t->kt - 1 + qa_os_drain(sh.rows, sh.cols));
  t->tm = mi * R, t->tn = ni * Cc;
  t->rows = g->M - t->tm < R ? g->M - t->tm : R, t->cols = g->N - t->tn < Cc ? g->N - t->tn : Cc;
  return 0;
}

/* The tile's operands and the golden model's result for them. */
static int extract(triage_ctx *t) {
  const qa_gemm_io *g = t->run;
  const size_t K = g->K, rows = t->rows, cols = t->cols;
  t->a = malloc(rows * K), t->w = malloc(K * cols);
  t->want = malloc(rows * cols * sizeof *t->want), t->got = malloc(rows * cols * sizeof *t->got);
  if (!t->a || !t->w || !t->want || !t->got) return snprintf(t->err, QA_ERR_LEN, "out of memory"), -1;
  for (size_t r = 0; r < rows; r++) memcpy(t->a + r * K, g->A + (t->tm + r) * K, K);
  for (size_t k = 0; k < K; k++) memcpy(t->w + k * cols, g->W + k * g->N + t->tn, cols);
  qa_gemm_ref(t->a, t->w, t->want, rows, K, cols, t->o->req.accw);
  return 0;
}

/* The reproducer's operands and expected C (its directory under a temporary name). */
static int write_operands(triage_ctx *t) {
  const size_t sa[2] = {t->rows, t->run->K}, sw[2] = {t->run->K, t->cols}, sc[2] = {t->rows, t->cols};
  char path[4200];
  if (qa_repro_open(&t->rp, t->o->dir, t->err)) return -1;
  qa_repro_path(&t->rp, "A.npy", path, sizeof path);
  if (qa_npy_write(path, QA_NPY_I1, 2, sa, t->a, t->err)) return -1;
  qa_repro_path(&t->rp, "W.npy", path, sizeof path);
  if (qa_npy_write(path, QA_NPY_I1, 2, sw, t->w, t->err)) return -1;
  qa_repro_path(&t->rp, "C_expected.npy", path, sizeof path);
  return qa_npy_write(path, QA_NPY_I4, 2, sc, t->want, t->err) ? -1 : 0;
}

/* What the re-run of the tile alone showed. */
static void report_rerun(const triage_ctx *t, int run_rc) {
  if (run_rc) {
    qa_errf("triage: the re-run of tile %zu failed too: %s\n", t->tile, t->err);
    return;
  }
  const size_t cols = t->cols;
  size_t bad = 0, fx = t->rows * cols;
  for (size_t x = 0; x < t->rows * cols; x++)
    if (t->got[x] != t->want[x] && bad++ == 0) fx = x;
  if (!bad) {
    qa_errf("triage: the tile alone (%s) computes correctly: the fault needs "
                    "the tiles around it (or stalls) to show\n", t->cfgname);
    return;
  }
  qa_errf("triage: the tile alone (%s) reproduces it: %zu wrong elements, the first "
          "C[%zu][%zu] (PE row %zu col %zu) = %" PRId32 ", expected %" PRId32 "; PE cycles %zu..%"
          PRIu64 " of the re-run\n", t->cfgname, bad, fx / cols, fx % cols, fx / cols, fx % cols,
          t->got[fx], t->want[fx], fx / cols + fx % cols + 1, t->kt + fx / cols + fx % cols);
}

/* Re-run the tile alone on the debug build, tracing from when the failing PE starts on it (its
 * first operands reach it i + j + 1 cycles after the first beat, cycle 0 of the re-run) until
 * the tile has left the array. */
static int rerun(triage_ctx *t) {
  qa_cfg_req dbg = t->o->req;
  dbg.trace = 1;
  qa_cfg_name(&dbg, t->cfgname, sizeof t->cfgname);
  if (qa_lib_get(&dbg, t->o->build, &t->lib, t->err)) return -1;
  if (!(t->s = t->lib.sim_new())) return snprintf(t->err, QA_ERR_LEN, "out of memory creating the debug model"), -1;
  t->lib.sim_cfg(t->s, &t->cfg);
  char path[4200];
  qa_repro_path(&t->rp, "trace.fst", path, sizeof path);
  if (t->lib.trace_open(t->s, path, t->o->depth))
    return snprintf(t->err, QA_ERR_LEN, "cannot open the trace %s", path), -1;
  qa_trace_opts tr = {.path = path, .depth = t->o->depth, .tile = -1, .from = t->i + t->j,
                      .to = t->kt - 1 + qa_os_drain(t->o->req.rows, t->o->req.cols), .gemm = -1};
  const qa_stall_opts so = {.trace = &tr};
  const qa_gemm_io io = {t->run->mode, t->a, t->w, t->got, t->rows, t->run->K, t->cols};
  qa_gemm_stats gs;
  const int rc = qa_gemm_run(&t->lib, t->s, &io, &so, &gs, t->err);
  t->lib.trace_close(t->s);
  report_rerun(t, rc);
  return 0;
}

/* The view and the replay command; the directory renamed into place. */
static int finish(triage_ctx *t, char *out_dir, size_t out_len) {
  const qa_cfg_req *q = &t->o->req;
  const int mesh = q->mesh < 0 ? qa_default_mesh(q->rows, q->cols) : q->mesh;
  const int dims[4] = {t->cfg.rows, t->cfg.cols, t->cfg.lanes, t->cfg.accw};
  if (qa_repro_view(&t->rp, dims, mesh, (long)t->i, (long)t->j, t->err)) return -1;
  char replay[1024];
  snprintf(replay, sizeof replay,
           "# Replays tile %zu of the failed GEMM alone, traced (run in this directory).\n"
           "'%s/build/qarray' gemm --array %dx%d --wbits %d --accw %d --mode %s --mesh %s%s%s "
           "--a A.npy --w W.npy --trace trace.fst --no-triage \"$@\"\n",
           t->tile, qa_root(), t->cfg.rows, t->cfg.cols, t->cfg.wbits, t->cfg.accw,
           t->run->mode == QA_MODE_PACKED ? "packed" : "full", mesh ? "loop" : "pe",
           q->mutant ? " --mutant " : "", q->mutant ? q->mutant : "");
  if (qa_repro_text(&t->rp, "replay.sh", replay, t->err) || qa_repro_commit(&t->rp, t->err)) return -1;
  snprintf(out_dir, out_len, "%s", t->rp.dir);
  qa_errf(
          "triage: reproducer in %s/ (operands, expected C, trace.fst, view.gtkw)\n"
          "qarray: triage: replay: cd %s && sh replay.sh\n"
          "qarray: triage: view:   gtkwave %s/trace.fst %s/view.gtkw\n",
          out_dir, out_dir, out_dir, out_dir);
  return 0;
}

int qa_triage(const qa_triage_opts *o, const qa_gemm_io *run, const int32_t *ref, char *out_dir,
              size_t out_len, char *err) {
  triage_ctx t = {.o = o, .run = run, .ref = ref, .err = err};
  int rc = locate(&t);
  if (!rc) rc = extract(&t);
  if (!rc) rc = write_operands(&t);
  if (!rc) rc = rerun(&t);
  if (!rc) rc = finish(&t, out_dir, out_len);
  if (t.s) t.lib.sim_free(t.s);
  if (t.lib.dl) qa_lib_close(&t.lib);
  qa_repro_close(&t.rp);
  free(t.a);
  free(t.w);
  free(t.want);
  free(t.got);
  return rc;
}
