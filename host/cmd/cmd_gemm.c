/* cmd_gemm.c: qarray gemm, one GEMM on the RTL array, checked bit-exact, cycles counted. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_atomic.h"
#include "qa_checked.h"
#include "qa_cmd.h"
#include "qa_npy.h"
#include "qa_print.h"
#include "qa_rtlrun.h"

static void print_gemm(const qa_check_cfg *rc, size_t M, size_t K, size_t N, const qa_check_result *res) {
  const qa_array_cfg *a = rc->a;
  qa_gemm_shape g = {a->rows, a->cols, rc->wbits, rc->mode, M, K, N};
  const qa_counters *c = &res->st.cnt;
  uint64_t model = qa_cycles_model(&g);
  qa_mem_result mr;
  char merr[QA_MEM_ERR_LEN];
  if (a->mem.enabled && !qa_mem_cycles(&g, rc->accw, &a->mem, &mr, NULL, merr)) model = mr.cycles;
  const int lanes = rc->mode == QA_MODE_PACKED ? qa_lanes(rc->wbits) : 1;
  printf("array            %dx%d WBITS=%d ACCW=%d, %s mode (%d MAC/PE/cycle)\n", a->rows, a->cols,
         rc->wbits, rc->accw, qa_mode_name(rc->mode), lanes);
  printf("gemm             (%zu x %zu) . (%zu x %zu), %" PRIu64 " tiles x %" PRIu64 " beats\n",
         M, K, K, N, res->st.tiles, res->st.kt);
  printf("rtl cycles       %" PRIu64 "\n", c->cycles);
  printf("analytic cycles  %" PRIu64 "%s%s\n", model, a->mem.enabled ? " with the memory system" : "",
         (rc->bubble || rc->stall) ? " (stall-free prediction)"
                                   : (c->cycles == model ? " (exact)" : " (DIFFERS)"));
  printf("scalesim cycles  %" PRIu64 "\n", qa_cycles_scalesim(&g));
  if (a->mem.enabled) qa_print_mem(a, &res->st.plan, &mr, c);
  qa_print_util((double)M * (double)K * (double)N, c->cycles, a->rows * a->cols, lanes);
  qa_print_energy(rc->energy, a, &g, rc->accw, c, rc->kind);
  printf("counters         busy %" PRIu64 ", in_stall %" PRIu64 ", out_stall %" PRIu64
         ", gap_stall %" PRIu64 ", credit_stall %" PRIu64 ", mem_stall %" PRIu64
         ", beats %" PRIu64 ", rows %" PRIu64 ", bubbles %" PRIu64 "\n",
         c->busy, c->in_stall, c->out_stall, c->gap_stall, c->credit_stall, c->mem_stall,
         c->beats, c->rows, c->bubbles);
  printf("wall time        %.3f s\n", res->st.wall_s);
  printf("simulated        %.1f kHz\n",
         res->st.wall_s > 0 ? (double)c->cycles / res->st.wall_s / 1e3 : 0.0);
  printf("golden check     %s", res->bad ? "FAIL" : "PASS");
  if (res->bad) printf(" (%zu of %zu elements differ)", res->bad, M * N);
  printf("\n");
}

/* An activity build's register toggles (qa_sim.h QA_ACT_*), one line of name=count, and the
 * energy model's prediction of their sum from the run's events and synth/activity.csv. */
static void print_activity(const qa_loaded *m, const qa_check_cfg *rc, const qa_gemm_shape *g,
                           const qa_counters *c) {
#define QA_ACT_NAME(id, name) name,
  static const char *const kNames[] = {QA_ACT_LIST(QA_ACT_NAME)};
#undef QA_ACT_NAME
  uint64_t v[QA_ACT_N];
  if (m->lib.activity(m->s, v) != QA_ACT_N) return;
  printf("activity        ");
  for (int k = 0; k < QA_ACT_N; k++) printf(" %s=%" PRIu64, kNames[k], v[k]);
  printf("\n");
  double got = 0;
  for (int k = QA_ACT_AW_BEAT; k <= QA_ACT_DRAIN; k++) got += (double)v[k];
  got += (double)(v[QA_ACT_SKEW] + v[QA_ACT_SKEW_CTL] + v[QA_ACT_DESKEW] + v[QA_ACT_EDGE] + v[QA_ACT_CNT]);
  qa_energy_events ev;
  qa_energy_hw hw;
  char err[QA_ERR_LEN];
  const qa_mem_plan none = {0};
  qa_run_events(g, c, &none, &ev);
  if (!rc->energy->has_hw ||
      qa_hw_of(&rc->energy->hw, g, rc->kind, 1.0, &hw, err)) {
    printf("toggles          measured %.0f; no model: %s\n", got,
           rc->energy->has_hw ? err : rc->energy->hw_err);
    return;
  }
  const double want = qa_energy_toggles(&hw, &ev);
  printf("toggles          measured %.0f, model %.0f (%+.2f %%; synth/activity.csv)\n", got, want,
         100.0 * (want - got) / got);
}

typedef struct {
  qa_npy a, w;    /* from --a/--w */
  int8_t *A, *W;  /* the operands (owned by a, w, or malloc'd) */
  size_t M, K, N;
  int from_npy;
} operands;

static void free_operands(operands *p) {
  if (p->from_npy) {
    qa_npy_free(&p->a);
    qa_npy_free(&p->w);
  } else {
    free(p->A);
    free(p->W);
  }
}

static int npy_operands(const qa_opts *o, int wbits, operands *p) {
  char err[QA_ERR_LEN];
  if (!o->a_path || !o->w_path) return qa_usage_err("--a and --w go together", NULL);
  if (o->m || o->k || o->n) return qa_usage_err("--m/--k/--n come from the .npy shapes; drop them", NULL);
  p->from_npy = 1;
  if (qa_npy_read_as(o->a_path, QA_NPY_I1, 2, &p->a, err) ||
      qa_npy_read_as(o->w_path, QA_NPY_I1, 2, &p->w, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  p->M = p->a.shape[0];
  p->K = p->a.shape[1];
  p->N = p->w.shape[1];
  p->A = p->a.data;
  p->W = p->w.data;
  if (p->w.shape[0] != p->K || !p->M || !p->K || !p->N) {
    qa_errf("shapes do not match: A is %zu x %zu, W is %zu x %zu (need A M x K, "
                    "W K x N, all >= 1)\n", p->a.shape[0], p->a.shape[1], p->w.shape[0], p->w.shape[1]);
    return QA_EXIT_USAGE;
  }
  long bad = o->mode == QA_MODE_PACKED ? qa_weights_check(p->W, p->K * p->N, wbits) : -1;
  if (bad >= 0) {
    qa_errf("%s: W[%ld][%ld] = %d is not a legal %d-bit weight in packed mode "
            "(legal: %s)\n", o->w_path, bad / (long)p->N, bad % (long)p->N, p->W[bad], wbits,
            qa_weights_legal(wbits));
    return QA_EXIT_USAGE;
  }
  return 0;
}

static int get_operands(const qa_opts *o, int wbits, operands *p) {
  memset(p, 0, sizeof *p);
  if (o->a_path || o->w_path) return npy_operands(o, wbits, p);
  if (!o->m || !o->k || !o->n) return qa_usage_err("gemm needs --m, --k and --n (or --a and --w)", NULL);
  p->M = o->m, p->K = o->k, p->N = o->n;
  p->A = malloc(p->M * p->K);
  p->W = malloc(p->K * p->N);
  if (!p->A || !p->W) {
    qa_errf("out of memory for operands\n");
    return QA_EXIT_USAGE;
  }
  qa_random_operands(p->A, p->W, &(qa_gemm_shape){.wbits = wbits, .mode = o->mode, .m = p->M, .k = p->K, .n = p->N},
                     o->fill, o->seed);
  return 0;
}


/* --dump-stim DIR: the model records every cycle (qa_sim.h), params.txt says what replays it. */
static int dump_open(const qa_opts *o, qa_loaded *m) {
  if (mkdir(o->dump_stim, 0755) != 0 && errno != EEXIST) {
    qa_errf("cannot create %s: %s\n", o->dump_stim, strerror(errno));
    return QA_EXIT_USAGE;
  }
  if (m->lib.dump_open(m->s, o->dump_stim)) {
    qa_errf("cannot write the stimulus files in %s\n", o->dump_stim);
    return QA_EXIT_USAGE;
  }
  return 0;
}

static void dump_close(const qa_opts *o, qa_loaded *m, const qa_array_cfg *a, int wbits) {
  const uint64_t n = m->lib.dump_close(m->s);
  char path[4200];
  snprintf(path, sizeof path, "%s/params.txt", o->dump_stim);
  FILE *f = fopen(path, "w");
  if (!f) return;
  qa_cfg cfg;
  m->lib.sim_cfg(m->s, &cfg);
  fprintf(f, "ROWS=%d COLS=%d WBITS=%d ACCW=%d MESH=%d CYCLES=%llu\n", a->rows, a->cols, wbits,
          o->accw, cfg.mesh, (unsigned long long)n);
  fclose(f);
}

/* Before the run: a trace window that the run never reaches is an error (it wrote an empty
 * trace), and a K that can overflow the accumulator gets a warning (the RTL and the golden model
 * both wrap in two's complement, so the check passes where numpy's int64 result differs). */
static int gemm_precheck(const qa_opts *o, const qa_array_cfg *a, int wbits, const operands *p) {
  const qa_gemm_shape g = {a->rows, a->cols, wbits, o->mode, p->M, p->K, p->N};
  const uint64_t tiles = qa_tiles(&g), cycles = qa_cycles_model(&g);
  char msg[200];
  if (o->tr.path && o->tr.tile >= 0 && (uint64_t)o->tr.tile >= tiles) {
    snprintf(msg, sizeof msg, "--trace-tile %lld is outside the run: it has %llu tile%s (0..%llu)",
             (long long)o->tr.tile, (unsigned long long)tiles, tiles > 1 ? "s" : "",
             (unsigned long long)(tiles - 1));
    return qa_usage_err(msg, NULL);
  }
  if (o->tr.path && !a->mem.enabled && o->tr.from >= cycles) {
    snprintf(msg, sizeof msg, "--trace-cycles starts at cycle %llu, after the run's last (%llu cycles)",
             (unsigned long long)o->tr.from, (unsigned long long)cycles);
    return qa_usage_err(msg, NULL);
  }
  /* |a| <= 128; |w| <= 128 (FULL, W8), 8 (W4), 1 (W2, W1): |C| <= K x 128 x wmax. */
  const uint64_t wmax = o->mode == QA_MODE_FULL || wbits == 8 ? 128 : wbits == 4 ? 8 : 1;
  const uint64_t peak = (uint64_t)p->K * 128u * wmax, lim = (1ull << (o->accw - 1)) - 1;
  if (peak > lim)
    qa_errf("warning: K=%zu can overflow the %d-bit accumulator (|C| up to %zu x "
            "128 x %llu = %llu > %llu); the RTL and the golden model wrap in two's complement "
            "(docs/rtl.md), numpy's result would not\n", p->K, o->accw, p->K,
            (unsigned long long)wmax, (unsigned long long)peak, (unsigned long long)lim);
  return 0;
}

/* --out: C as an int32 .npy into the output opened before the run. */
static int write_c(qa_atomic *out, const operands *p, const int32_t *C) {
  char err[QA_ERR_LEN];
  const size_t shape[2] = {p->M, p->N};
  if (!qa_npy_fwrite(out->f, QA_NPY_I4, 2, shape, C) && !qa_atomic_commit(out, err)) return 0;
  qa_errf("%s\n", out->f ? "write failed" : err);
  return QA_EXIT_USAGE;
}

int qa_cmd_gemm(const qa_opts *o) {
  qa_array_cfg a;
  static qa_energy_setup e;
  int wbits, rc = qa_one_array(o, "edge", &a, &wbits);
  if (rc || (rc = qa_energy_setup_load(o, &e))) return rc;
  char err[QA_ERR_LEN];
  operands p;
  qa_atomic out = {.slot = -1};
  qa_loaded m;
  qa_check_result res = {0};
  rc = get_operands(o, wbits, &p);
  if (!rc) rc = gemm_precheck(o, &a, wbits, &p);
  /* The output's location is checked (its temporary created) before the run. */
  if (!rc && o->out_path && qa_atomic_open(&out, o->out_path, "wb", err)) {
    qa_errf("%s\n", err);
    rc = QA_EXIT_USAGE;
  }
  const qa_cfg_req req = {.rows = a.rows, .cols = a.cols, .wbits = wbits, .accw = o->accw,
                          .mesh = o->mesh, .trace = o->tr.path != NULL, .mutant = o->mutant};
  if (!rc) rc = qa_loaded_open(&req, !o->no_build, &o->tr, &m);
  if (!rc && o->dump_stim && (rc = dump_open(o, &m))) qa_loaded_close(&m);
  if (rc) {
    qa_atomic_abort(&out);
    free_operands(&p);
    return rc;
  }
  const qa_check_cfg run = {.a = &a, .wbits = wbits, .accw = o->accw, .mode = o->mode,
                            .bubble = o->bubble, .stall = o->stall, .seed = o->seed,
                            .tr = o->tr.path ? &o->tr : NULL, .energy = &e,
                            .kind = o->a_path ? QA_FILL_LLM : o->fill,
                            .progress = o->progress || isatty(STDERR_FILENO)};
  rc = qa_check_gemm(&m, &run, &(qa_gemm_io){.A = p.A, .W = p.W, .M = p.M, .K = p.K, .N = p.N}, &res);
  if (!rc) print_gemm(&run, p.M, p.K, p.N, &res);
  if (!rc) {
    const qa_gemm_shape g = {a.rows, a.cols, wbits, o->mode, p.M, p.K, p.N};
    print_activity(&m, &run, &g, &res.st.cnt);
  }
  if (!rc && o->out_path) rc = write_c(&out, &p, res.C);
  qa_atomic_abort(&out);
  if (o->dump_stim) dump_close(o, &m, &a, wbits);
  if (!rc && res.bad) {
    rc = QA_EXIT_FAIL;
    char dir[4096];
    if (!o->no_triage) qa_check_triage(o, &req, &(qa_gemm_io){o->mode, p.A, p.W, res.C, p.M, p.K, p.N}, &res, dir, sizeof dir);
  }
  qa_loaded_close(&m);
  free(res.C);
  free(res.ref);
  free_operands(&p);
  return rc;
}
