/* qarray: command-line front end. See `qarray help`, `qarray COMMAND --help` and README.md. */
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
#include "qa_cli.h"
#include "qa_gemm.h"
#include "qa_load.h"
#include "qa_npy.h"
#include "qa_par.h"
#include "qa_rtlrun.h"
#include "qa_sweep.h"
#include "qa_triage.h"

/* ---- the memory section of gemm and model ---- */

static void print_mem(const qa_array_cfg *a, const qa_mem_plan *p, const qa_mem_result *r,
                      const qa_counters *rtl) {
  printf("memory           ");
  qa_array_describe(a, 17, stdout);
  printf("plan             %s outer, A %s, W %s, %" PRIu64 " chunks of <= %" PRIu64 " beats\n",
         p->a_outer ? "A row blocks" : "W column blocks", p->a_resident ? "resident" : "streamed",
         p->w_resident ? "resident" : "streamed", p->nchunks, p->kc);
  printf("dram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64 "\n",
         p->dram_rd_a, p->dram_rd_w, p->dram_wr_c);
  printf("sram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64
         " (plus the DRAM loads written in)\n", p->sram_rd_a, p->sram_rd_w, p->sram_wr_c);
  printf("memory stalls    predicted %" PRIu64 " cycles (%.1f %% of the run; %" PRIu64
         " of them waiting for the latency)", r->mem_stall,
         100.0 * (double)r->mem_stall / (double)r->cycles, r->lat_stall);
  if (rtl) printf(", RTL counter %" PRIu64 "%s", rtl->mem_stall,
                  rtl->mem_stall == r->mem_stall ? " (exact)" : " (DIFFERS)");
  printf("\n");
  printf("dram channel     busy %" PRIu64 " cycles (%.1f %% of the run), %.2f of %.2f B/cycle "
         "drawn on average; compute-only %" PRIu64 " cycles\n",
         r->dram_busy, 100.0 * (double)r->dram_busy / (double)r->cycles,
         (double)(p->dram_rd_a + p->dram_rd_w) / (double)r->cycles, a->mem.dram_bpc, r->compute);
  printf("bound            %s-bound (docs/memory.md: the channel busy >= %.0f %% of the "
         "compute-only time, or stalls >= %.0f %% of the run, is memory-bound)\n",
         qa_mem_bound_name(qa_mem_bound_of(r->cycles, r->compute, r->mem_stall, r->lat_stall, r->dram_busy)),
         100 * QA_BOUND_BUSY_SHARE, 100 * QA_BOUND_STALL_SHARE);
}

static const char *mode_name(int mode) { return mode == QA_MODE_PACKED ? "packed" : "full"; }

/* The events of a run for the energy model: its beats, cycles and bubbles (cycles a tile was
 * open and no beat entered: in_stall + gap_stall + credit_stall). */
static void run_events(const qa_gemm_shape *g, const qa_counters *c, const qa_mem_plan *t,
                       qa_energy_events *ev) {
  qa_energy_events_of(g, c->beats, c->cycles, c->in_stall + c->gap_stall + c->credit_stall, t, ev);
}

/* The energy line of gemm and model (golden/qa_energy.h): beats, cycles and bubbles of the run
 * (c), bytes from the plan with the array's memory (planned even when the timing is
 * compute-only, since the operands move all the same), the hardware measured for operands of
 * kind (host/study/qa_hw.h). */
static void print_energy(const qa_energy_setup *es, const qa_array_cfg *a, const qa_gemm_shape *g,
                         int accw, const qa_counters *c, int kind) {
  qa_mem_cfg m = a->mem;
  m.enabled = 1;
  qa_mem_plan t;
  qa_mem_result r;
  char merr[QA_MEM_ERR_LEN];
  if (qa_mem_cycles(g, accw, &m, &r, &t, merr)) {
    printf("energy           not counted: %s\n", merr);
    return;
  }
  qa_energy_events ev;
  qa_energy en;
  run_events(g, c, &t, &ev);
  qa_energy_gemm(es, g, a->clock_mhz, kind, &ev, &en);
  printf("energy           %.6g pJ: compute %.6g, registers %.6g (clock %.6g, data %.6g), SRAM %.6g, "
         "DRAM %.6g, leakage %.6g (%.4g pJ per MAC; docs/energy.md)\n",
         en.total, en.compute, en.reg_clock + en.reg_data, en.reg_clock, en.reg_data, en.sram,
         en.dram, en.leak, en.total / ((double)g->m * (double)g->k * (double)g->n));
  if (!es->has_hw) printf("                 registers and leakage not counted: %s\n", es->hw_err);
}

/* One array and one precision, as gemm and model take them. */
static void print_util(double macs, uint64_t cycles, int pes, int lanes) {
  printf("MACs/cycle       %.2f\n", macs / (double)cycles);
  printf("utilisation      %.2f %% of %d MACs/cycle\n",
         100.0 * macs / ((double)cycles * pes * lanes), pes * lanes);
}

int qa_cmd_model(const qa_opts *o) {
  qa_array_cfg a;
  static qa_energy_setup e;
  int wbits, rc = qa_one_array(o, "edge", &a, &wbits);
  if (rc || (rc = qa_energy_setup_load(o, &e))) return rc;
  if (!o->m || !o->k || !o->n) return qa_usage_err("model needs --m, --k and --n", NULL);
  qa_gemm_shape g = {a.rows, a.cols, wbits, o->mode, o->m, o->k, o->n};
  uint64_t cyc = qa_cycles_model(&g);
  qa_mem_plan plan;
  qa_mem_result mr;
  char merr[QA_MEM_ERR_LEN];
  if (a.mem.enabled && qa_mem_cycles(&g, o->accw, &a.mem, &mr, &plan, merr)) {
    fprintf(stderr, "qarray: %s\n", merr);
    return QA_EXIT_USAGE;
  }
  const int lanes = o->mode == QA_MODE_PACKED ? qa_lanes(wbits) : 1;
  printf("array            %dx%d WBITS=%d, %s mode (%d MAC/PE/cycle)\n", a.rows, a.cols, wbits,
         mode_name(o->mode), lanes);
  printf("gemm             (%" PRIu64 " x %" PRIu64 ") . (%" PRIu64 " x %" PRIu64 ")\n", o->m,
         o->k, o->k, o->n);
  printf("tiles            %" PRIu64 " x %" PRIu64 " beats\n", qa_tiles(&g), qa_beats_per_tile(&g));
  if (a.mem.enabled)
    printf("analytic cycles  %" PRIu64 " with the memory system (compute-only %" PRIu64 ")\n",
           mr.cycles, cyc);
  else
    printf("analytic cycles  %" PRIu64 "\n", cyc);
  printf("scalesim cycles  %" PRIu64 "\n", qa_cycles_scalesim(&g));
  if (a.mem.enabled) {
    print_mem(&a, &plan, &mr, NULL);
    cyc = mr.cycles;
  }
  print_util((double)o->m * (double)o->k * (double)o->n, cyc, a.rows * a.cols, lanes);
  const qa_counters c = {.cycles = cyc, .beats = qa_tiles(&g) * qa_beats_per_tile(&g)};
  print_energy(&e, &a, &g, o->accw, &c, QA_FILL_LLM);
  return 0;
}

/* ---- gemm ---- */

typedef struct {
  const qa_array_cfg *a;
  int wbits, accw, mode;
  uint64_t bubble, stall, seed;
  const qa_trace_opts *tr; /* NULL: no tracing */
  const qa_energy_setup *energy;
  int kind;     /* the operands' kind (QA_FILL_*), for the energy's toggle rates */
  int progress; /* progress lines on stderr (--progress, or stderr a terminal) */
} run_cfg;

typedef struct {
  int32_t *C, *ref;
  qa_gemm_stats st;
  size_t bad;
} gemm_result;

/* Compare; print the first mismatch. Returns the number of mismatches. */
static size_t check(const int32_t *got, const int32_t *ref, size_t M, size_t N, int rows, int cols) {
  size_t bad = 0;
  for (size_t i = 0; i < M * N; i++) {
    if (got[i] == ref[i]) continue;
    if (bad++ == 0)
      fprintf(stderr,
              "qarray: first mismatch at C[%zu][%zu]: expected %" PRId32 ", RTL gave %" PRId32
              " (PE row %zu col %zu of its tile)\n",
              i / N, i % N, ref[i], got[i], (i / N) % (size_t)rows, (i % N) % (size_t)cols);
  }
  return bad;
}

/* Run one GEMM on a loaded model and check it. Returns 0 (res->bad counts mismatches), or the
 * run's code with the error printed. */
static int run_and_check(const qa_lib *lib, qa_sim *s, const run_cfg *rc, const int8_t *A,
                         const int8_t *W, size_t M, size_t K, size_t N, gemm_result *res) {
  char err[QA_ERR_LEN];
  res->C = calloc(M * N, sizeof *res->C);
  res->ref = calloc(M * N, sizeof *res->ref);
  if (!res->C || !res->ref) {
    fprintf(stderr, "qarray: out of memory for C (%zu x %zu)\n", M, N);
    return QA_EXIT_USAGE;
  }
  qa_stall_opts so = {.in_bubble_permille = (unsigned)rc->bubble * 10u,
                      .out_stall_permille = (unsigned)rc->stall * 10u, .seed = rc->seed,
                      .mem = rc->a->mem.enabled ? &rc->a->mem : NULL, .trace = rc->tr,
                      .progress = rc->progress};
  int r = qa_gemm_run(lib, s, rc->mode, A, W, res->C, M, K, N, &so, &res->st, err);
  if (r) {
    fprintf(stderr, "qarray: %s\n", err);
    return r;
  }
  qa_gemm_ref(A, W, res->ref, M, K, N, rc->accw);
  res->bad = check(res->C, res->ref, M, N, rc->a->rows, rc->a->cols);
  return 0;
}

static void print_gemm(const run_cfg *rc, size_t M, size_t K, size_t N, const gemm_result *res) {
  const qa_array_cfg *a = rc->a;
  qa_gemm_shape g = {a->rows, a->cols, rc->wbits, rc->mode, M, K, N};
  const qa_counters *c = &res->st.cnt;
  uint64_t model = qa_cycles_model(&g);
  qa_mem_result mr;
  char merr[QA_MEM_ERR_LEN];
  if (a->mem.enabled && !qa_mem_cycles(&g, rc->accw, &a->mem, &mr, NULL, merr)) model = mr.cycles;
  const int lanes = rc->mode == QA_MODE_PACKED ? qa_lanes(rc->wbits) : 1;
  printf("array            %dx%d WBITS=%d ACCW=%d, %s mode (%d MAC/PE/cycle)\n", a->rows, a->cols,
         rc->wbits, rc->accw, mode_name(rc->mode), lanes);
  printf("gemm             (%zu x %zu) . (%zu x %zu), %" PRIu64 " tiles x %" PRIu64 " beats\n",
         M, K, K, N, res->st.tiles, res->st.kt);
  printf("rtl cycles       %" PRIu64 "\n", c->cycles);
  printf("analytic cycles  %" PRIu64 "%s%s\n", model, a->mem.enabled ? " with the memory system" : "",
         (rc->bubble || rc->stall) ? " (stall-free prediction)"
                                   : (c->cycles == model ? " (exact)" : " (DIFFERS)"));
  printf("scalesim cycles  %" PRIu64 "\n", qa_cycles_scalesim(&g));
  if (a->mem.enabled) print_mem(a, &res->st.plan, &mr, c);
  print_util((double)M * (double)K * (double)N, c->cycles, a->rows * a->cols, lanes);
  print_energy(rc->energy, a, &g, rc->accw, c, rc->kind);
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

typedef struct {
  qa_lib lib;
  qa_sim *s;
} model_t;

static int load_model(const qa_cfg_req *req, int build, const qa_trace_opts *tr, model_t *m) {
  char err[QA_ERR_LEN];
  if (qa_lib_load(req, build, &m->lib, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  m->s = m->lib.sim_new();
  if (!m->s) {
    fprintf(stderr, "qarray: out of memory creating the model\n");
    qa_lib_close(&m->lib);
    return QA_EXIT_USAGE;
  }
  if (tr && tr->path && m->lib.trace_open(m->s, tr->path, tr->depth)) {
    fprintf(stderr, "qarray: cannot write the trace file %s\n", tr->path);
    m->lib.sim_free(m->s);
    qa_lib_close(&m->lib);
    return QA_EXIT_USAGE;
  }
  return 0;
}

/* An activity build's register toggles (qa_sim.h QA_ACT_*), one line of name=count, and the
 * energy model's prediction of their sum from the run's events and synth/activity.csv. */
static void print_activity(const model_t *m, const run_cfg *rc, const qa_gemm_shape *g,
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
  run_events(g, c, &none, &ev);
  if (!rc->energy->has_hw ||
      qa_hw_of(&rc->energy->hw, g->rows, g->cols, g->wbits, g->mode, rc->kind, 1.0, &hw, err)) {
    printf("toggles          measured %.0f; no model: %s\n", got,
           rc->energy->has_hw ? err : rc->energy->hw_err);
    return;
  }
  const double want = qa_energy_toggles(&hw, &ev);
  printf("toggles          measured %.0f, model %.0f (%+.2f %%; synth/activity.csv)\n", got, want,
         100.0 * (want - got) / got);
}

static void free_model(model_t *m) {
  m->lib.sim_free(m->s);
  qa_lib_close(&m->lib);
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
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  p->M = p->a.shape[0];
  p->K = p->a.shape[1];
  p->N = p->w.shape[1];
  p->A = p->a.data;
  p->W = p->w.data;
  if (p->w.shape[0] != p->K || !p->M || !p->K || !p->N) {
    fprintf(stderr, "qarray: shapes do not match: A is %zu x %zu, W is %zu x %zu (need A M x K, "
                    "W K x N, all >= 1)\n", p->a.shape[0], p->a.shape[1], p->w.shape[0], p->w.shape[1]);
    return QA_EXIT_USAGE;
  }
  long bad = o->mode == QA_MODE_PACKED ? qa_weights_check(p->W, p->K * p->N, wbits) : -1;
  if (bad >= 0) {
    static const char *const legal[9] = {"", "{-1, +1}", "{-1, 0, +1}", "", "-8..7", "", "", "",
                                         "-128..127"};
    fprintf(stderr, "qarray: %s: W[%ld][%ld] = %d is not a legal %d-bit weight in packed mode "
            "(legal: %s)\n", o->w_path, bad / (long)p->N, bad % (long)p->N, p->W[bad], wbits,
            legal[wbits]);
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
    fprintf(stderr, "qarray: out of memory for operands\n");
    return QA_EXIT_USAGE;
  }
  qa_random_operands(p->A, p->W, p->M, p->K, p->N, wbits, o->mode, o->fill, o->seed);
  return 0;
}

/* The failed check's reproducer (host/run/qa_triage.h). */
static void triage(const qa_opts *o, const qa_cfg_req *req, const operands *p,
                   const gemm_result *res) {
  char dir[4096], err[QA_ERR_LEN];
  qa_triage_opts to = {.req = *req, .mode = o->mode, .a_outer = res->st.plan.a_outer,
                       .depth = o->tr.depth, .build = !o->no_build, .dir = o->repro};
  to.req.trace = 0;
  if (qa_triage(&to, p->A, p->W, res->C, res->ref, p->M, p->K, p->N, dir, sizeof dir, err))
    fprintf(stderr, "qarray: triage: %s\n", err);
}

/* --dump-stim DIR: the model records every cycle (qa_sim.h), params.txt says what replays it. */
static int dump_open(const qa_opts *o, model_t *m) {
  if (mkdir(o->dump_stim, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "qarray: cannot create %s: %s\n", o->dump_stim, strerror(errno));
    return QA_EXIT_USAGE;
  }
  if (m->lib.dump_open(m->s, o->dump_stim)) {
    fprintf(stderr, "qarray: cannot write the stimulus files in %s\n", o->dump_stim);
    return QA_EXIT_USAGE;
  }
  return 0;
}

static void dump_close(const qa_opts *o, model_t *m, const qa_array_cfg *a, int wbits) {
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
    fprintf(stderr, "qarray: warning: K=%zu can overflow the %d-bit accumulator (|C| up to %zu x "
            "128 x %llu = %llu > %llu); the RTL and the golden model wrap in two's complement "
            "(docs/rtl.md), numpy's result would not\n", p->K, o->accw, p->K,
            (unsigned long long)wmax, (unsigned long long)peak, (unsigned long long)lim);
  return 0;
}

int qa_cmd_gemm(const qa_opts *o) {
  qa_array_cfg a;
  static qa_energy_setup e;
  int wbits, rc = qa_one_array(o, "edge", &a, &wbits);
  if (rc || (rc = qa_energy_setup_load(o, &e))) return rc;
  char err[QA_ERR_LEN];
  operands p;
  qa_atomic out = {.slot = -1};
  model_t m;
  gemm_result res = {0};
  rc = get_operands(o, wbits, &p);
  if (!rc) rc = gemm_precheck(o, &a, wbits, &p);
  /* The output's location is checked (its temporary created) before the run. */
  if (!rc && o->out_path && qa_atomic_open(&out, o->out_path, "wb", err)) {
    fprintf(stderr, "qarray: %s\n", err);
    rc = QA_EXIT_USAGE;
  }
  const qa_cfg_req req = {.rows = a.rows, .cols = a.cols, .wbits = wbits, .accw = o->accw,
                          .mesh = o->mesh, .trace = o->tr.path != NULL, .mutant = o->mutant};
  if (!rc) rc = load_model(&req, !o->no_build, &o->tr, &m);
  if (rc) {
    qa_atomic_abort(&out);
    free_operands(&p);
    return rc;
  }
  if (o->dump_stim && (rc = dump_open(o, &m))) {
    free_model(&m);
    qa_atomic_abort(&out);
    free_operands(&p);
    return rc;
  }
  const run_cfg run = {.a = &a, .wbits = wbits, .accw = o->accw, .mode = o->mode,
                       .bubble = o->bubble, .stall = o->stall, .seed = o->seed,
                       .tr = o->tr.path ? &o->tr : NULL, .energy = &e,
                       .kind = o->a_path ? QA_FILL_LLM : o->fill,
                       .progress = o->progress || isatty(STDERR_FILENO)};
  rc = run_and_check(&m.lib, m.s, &run, p.A, p.W, p.M, p.K, p.N, &res);
  if (!rc) print_gemm(&run, p.M, p.K, p.N, &res);
  if (!rc) {
    const qa_gemm_shape g = {a.rows, a.cols, wbits, o->mode, p.M, p.K, p.N};
    print_activity(&m, &run, &g, &res.st.cnt);
  }
  if (!rc && o->out_path) {
    size_t shape[2] = {p.M, p.N};
    if (qa_npy_fwrite(out.f, QA_NPY_I4, 2, shape, res.C) || qa_atomic_commit(&out, err)) {
      fprintf(stderr, "qarray: %s\n", out.f ? "write failed" : err);
      rc = QA_EXIT_USAGE;
    }
  }
  qa_atomic_abort(&out);
  if (o->dump_stim) dump_close(o, &m, &a, wbits);
  if (!rc && res.bad) {
    rc = QA_EXIT_FAIL;
    if (!o->no_triage) triage(o, &req, &p, &res);
  }
  free_model(&m);
  free(res.C);
  free(res.ref);
  free_operands(&p);
  return rc;
}

/* ---- demo (`make run`) ---- */

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
  model_t *md; /* one per worker */
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
  const run_cfg rc = {.a = dr->a, .wbits = 2, .accw = 32, .seed = dr->seed, .mode = it->mode};
  const size_t M = d->m, K = d->k, N = d->n;
  int8_t *A = malloc(M * K), *W = malloc(K * N);
  gemm_result res = {0};
  it->rc = QA_EXIT_USAGE;
  if (!A || !W) snprintf(err, QA_ERR_LEN, "out of memory");
  else {
    qa_random_operands(A, W, M, K, N, rc.wbits, rc.mode, 0, it->seed);
    it->rc = run_and_check(&dr->md[w].lib, dr->md[w].s, &rc, A, W, M, K, N, &res);
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
             d->name, mode_name(rc.mode), M, K, N, d->count, cyc, model, qa_cycles_scalesim(&g), util,
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
  model_t md[2 * NG];
  demo_item it[2 * NG];
  /* Worker 0 loads (or builds) the model; the others get instances of the same library. */
  int rc = load_model(&req, !o->no_build, NULL, &md[0]), nmd = rc ? 0 : 1;
  for (; !rc && nmd < jobs && nmd < 2 * NG; nmd++) {
    md[nmd].lib = md[0].lib;
    if (!(md[nmd].s = md[0].lib.sim_new())) fprintf(stderr, "qarray: out of memory creating a model\n"), rc = QA_EXIT_USAGE;
  }
  if (rc && nmd) nmd--;
  for (int i = 0; i < 2 * NG; i++)
    it[i] = (demo_item){.d = &gemms[i % NG], .variant = i / NG, .seed = o->seed + (uint64_t)(i % NG),
                        .mode = (i < NG && gemms[i % NG].proj) ? QA_MODE_PACKED : QA_MODE_FULL};
  char err[QA_ERR_LEN];
  demo_run dr = {md, &a, it, o->seed};
  if (!rc && (rc = qa_par_run(nmd, 2 * NG, demo_task, &dr, err))) fprintf(stderr, "qarray: %s\n", err);
  for (int i = 1; i < nmd; i++) md[0].lib.sim_free(md[i].s);
  if (nmd) free_model(&md[0]);
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

int main(int argc, char **argv) {
  qa_atomic_signals();
  if (argc < 2) {
    qa_opts_usage(stderr);
    return QA_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    qa_opts_usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("qarray %s\n", QA_VERSION);
    return 0;
  }
  const unsigned bit = qa_opts_cmd(cmd);
  if (!bit) return qa_usage_err("unknown command", cmd);
  /* `qarray CMD --help` (or -h) anywhere after the command: that command's options. */
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      qa_opts_help(cmd, stdout);
      return 0;
    }
  qa_opts o;
  int rc = qa_opts_parse(bit, argc, argv, &o);
  if (rc) return rc;
  switch (bit) {
    case QA_CMD_GEMM: return qa_cmd_gemm(&o);
    case QA_CMD_MODEL: return qa_cmd_model(&o);
    case QA_CMD_DEMO: return qa_cmd_demo(&o);
    case QA_CMD_MODELS: return qa_cmd_models(&o);
    case QA_CMD_GEMMS: return qa_cmd_gemms(&o);
    case QA_CMD_AMDAHL: return qa_cmd_amdahl(&o);
    case QA_CMD_REPORT: return qa_cmd_report(&o);
    case QA_CMD_LOCKSTEP: return qa_cmd_lockstep(&o);
    case QA_CMD_MERGE: return qa_cmd_merge(&o);
    case QA_CMD_SCALESIM: return qa_cmd_scalesim(&o);
    default: return qa_cmd_block(&o);
  }
}
