/* qa_api.c: see qa_api.h. */
#include "qa_api.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_checked.h"
#include "qa_cmd.h"
#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_print.h"
#include "qa_sweep.h"

/* Loading (and building) a model is serialised: two threads asking for the same configuration
 * build it once. Each configuration is loaded once per process (checked against its sources and
 * built on its first use, as the CLI does) and kept; a GEMM makes and frees its own instance,
 * under the lock, and runs it without. */
static pthread_mutex_t g_load = PTHREAD_MUTEX_INITIALIZER;
#define QA_API_MAX_LIBS 64
static struct {
  char name[64];
  qa_lib lib;
} g_libs[QA_API_MAX_LIBS];
static int g_nlibs;

/* A new instance of req's model into m. Returns 0 or QA_EXIT_USAGE with the error printed. */
static int model_open(const qa_cfg_req *req, int build, qa_loaded *m) {
  char name[64], err[QA_ERR_LEN];
  qa_cfg_name(req, name, sizeof name);
  int rc = 0, i = 0;
  pthread_mutex_lock(&g_load);
  while (i < g_nlibs && strcmp(g_libs[i].name, name)) i++;
  if (i == QA_API_MAX_LIBS) {
    rc = qa_usage_err("more configurations in one process than the library keeps:", name);
  } else if (i == g_nlibs) {
    if (qa_lib_get(req, build, &g_libs[i].lib, err)) qa_errf("%s\n", err), rc = QA_EXIT_USAGE;
    else snprintf(g_libs[g_nlibs++].name, sizeof g_libs[i].name, "%s", name);
  }
  if (!rc) m->lib = g_libs[i].lib;
  if (!rc && !(m->s = m->lib.sim_new())) qa_errf("out of memory creating the model\n"), rc = QA_EXIT_USAGE;
  pthread_mutex_unlock(&g_load);
  return rc;
}

static void model_close(qa_loaded *m) {
  pthread_mutex_lock(&g_load);
  m->lib.sim_free(m->s);
  pthread_mutex_unlock(&g_load);
}

int qa_api_abi(void) { return QA_API_ABI; }

const char *qa_api_info_name(int i) {
#define QA_API_NAME_(n) #n,
  static const char *const kNames[QA_API_NINFO] = {QA_API_INFO(QA_API_NAME_)};
#undef QA_API_NAME_
  return i >= 0 && i < QA_API_NINFO ? kNames[i] : NULL;
}

int qa_api_option(int i, const char **name, const char **arg, const char **help, unsigned *cmds) {
  return qa_opts_info(i, name, arg, help, cmds);
}

int qa_api_command(const char *name) { return qa_opts_cmd(name); }

/* argv (the words after the command) as command cmd's options into o. */
static int parse(const char *cmd, int argc, const char *const *argv, qa_opts *o) {
  char *v[260];
  const int pos = qa_opts_cmd(cmd);
  if (pos < 0) return qa_usage_err("unknown command", cmd);
  if (argc < 0 || argc > 256) return qa_usage_err("more than 256 option words", NULL);
  v[0] = "qarray", v[1] = (char *)cmd;
  for (int i = 0; i < argc; i++) v[2 + i] = (char *)argv[i];
  v[argc + 2] = NULL;
  return qa_opts_parse(1u << pos, argc + 2, v, o);
}

/* The RTL's counters of a run. */
static void fill_counters(qa_api_info *info, const qa_counters *c) {
  const uint64_t cnt[9] = {c->busy, c->in_stall, c->out_stall, c->gap_stall, c->credit_stall,
                           c->mem_stall, c->beats, c->rows, c->bubbles};
  info->v[QA_API_rtl_cycles] = (double)c->cycles;
  for (int i = 0; i < 9; i++) info->v[QA_API_busy + i] = (double)cnt[i];
}

/* The figures of g on array a from the cycle and memory models (the utilization at the RTL's
 * cycles when fill_counters gave them, else at the model's). */
static void fill_info(qa_api_info *info, const qa_array_cfg *a, const qa_gemm_shape *g, int accw) {
  double *v = info->v;
  v[QA_API_compute_cycles] = v[QA_API_analytic_cycles] = (double)qa_cycles_model(g);
  v[QA_API_scalesim_cycles] = (double)qa_cycles_scalesim(g);
  v[QA_API_tiles] = (double)qa_tiles(g), v[QA_API_beats_per_tile] = (double)qa_beats_per_tile(g);
  v[QA_API_macs] = (double)g->m * (double)g->k * (double)g->n;
  v[QA_API_clock_mhz] = a->clock_mhz;
  qa_mem_cfg m = a->mem;
  m.enabled = 1; /* the traffic is planned even when the timing is compute-only */
  qa_mem_plan t;
  qa_mem_result r;
  char err[QA_MEM_ERR_LEN];
  snprintf(info->bound, sizeof info->bound, "compute");
  if (!qa_mem_cycles(g, accw, &m, &r, &t, err)) {
    const uint64_t bytes[6] = {t.dram_rd_a, t.dram_rd_w, t.dram_wr_c, t.sram_rd_a, t.sram_rd_w, t.sram_wr_c};
    for (int i = 0; i < 6; i++) v[QA_API_dram_rd_a + i] = (double)bytes[i];
    if (a->mem.enabled) {
      v[QA_API_mem] = 1, v[QA_API_analytic_cycles] = (double)r.cycles;
      v[QA_API_predicted_mem_stall] = (double)r.mem_stall, v[QA_API_lat_stall] = (double)r.lat_stall;
      v[QA_API_dram_busy] = (double)r.dram_busy;
      snprintf(info->bound, sizeof info->bound, "%s",
               qa_mem_bound_name(qa_mem_bound_of(r.cycles, r.compute, r.mem_stall, r.lat_stall, r.dram_busy)));
    }
  }
  const double cycles = v[QA_API_rtl_cycles] > 0 ? v[QA_API_rtl_cycles] : v[QA_API_analytic_cycles];
  const int lanes = g->mode == QA_MODE_PACKED ? qa_lanes(g->wbits) : 1;
  v[QA_API_utilization] = v[QA_API_macs] / (cycles * g->rows * g->cols * lanes);
}

/* The energy of the run with counters c (docs/energy.md); not counted (0) when the setup cannot
 * be loaded or planned, with a note. */
static void fill_energy(qa_api_info *info, const qa_opts *o, const qa_array_cfg *a,
                        const qa_gemm_shape *g, const qa_counters *c) {
  qa_energy_setup *e = malloc(sizeof *e);
  qa_energy en;
  char err[QA_MEM_ERR_LEN];
  if (!e || qa_energy_setup_load(o, e) ||
      qa_run_energy(&(qa_energy_run){e, a, g, o->accw, QA_FILL_LLM}, c, &en, err)) {
    qa_errf("note: the energy is not counted\n");
  } else {
    double *v = info->v;
    const double parts[7] = {en.total, en.compute, en.reg_clock, en.reg_data, en.sram, en.dram, en.leak};
    for (int i = 0; i < 7; i++) v[QA_API_energy_pj + i] = parts[i];
  }
  free(e);
}

/* W legal for the mode, as gemm's --w is checked. */
static int check_weights(const int8_t *W, const size_t mkn[3], int wbits, int mode) {
  const long bad = mode == QA_MODE_PACKED ? qa_weights_check(W, mkn[1] * mkn[2], wbits) : -1;
  if (bad < 0) return 0;
  qa_errf("W[%ld][%ld] = %d is not a legal %d-bit weight in packed mode (legal: %s)\n",
          bad / (long)mkn[2], bad % (long)mkn[2], W[bad], wbits, qa_weights_legal(wbits));
  return QA_EXIT_USAGE;
}

static int shape_ok(const size_t mkn[3]) {
  for (int i = 0; i < 3; i++)
    if (mkn[i] < 1 || mkn[i] > (1u << 24)) return qa_usage_err("M, K and N must be 1..16777216", NULL);
  return 0;
}

/* One GEMM on a loaded model, checked; a failure triaged. */
static int run_checked(const qa_opts *o, const qa_array_cfg *a, int wbits, const qa_gemm_io *io,
                       qa_api_info *info) {
  const qa_cfg_req req = {.rows = a->rows, .cols = a->cols, .wbits = wbits, .accw = o->accw,
                          .mesh = o->mesh, .mutant = o->mutant};
  qa_loaded m;
  int rc = model_open(&req, !o->no_build, &m);
  if (rc) return rc;
  const qa_check_cfg run = {.a = a, .wbits = wbits, .accw = o->accw, .mode = o->mode, .bubble = o->bubble,
                            .stall = o->stall, .seed = o->seed, .kind = QA_FILL_LLM};
  qa_check_result res = {0};
  rc = qa_check_gemm(&m, &run, io, &res);
  if (!rc) {
    memcpy(io->C, res.C, io->M * io->N * sizeof *io->C);
    const qa_gemm_shape g = {a->rows, a->cols, wbits, o->mode, io->M, io->K, io->N};
    info->v[QA_API_mismatches] = (double)res.bad;
    fill_counters(info, &res.st.cnt);
    fill_info(info, a, &g, o->accw);
    fill_energy(info, o, a, &g, &res.st.cnt);
  }
  if (!rc && res.bad) {
    rc = QA_EXIT_FAIL;
    const qa_gemm_io got = {o->mode, io->A, io->W, res.C, io->M, io->K, io->N};
    if (!o->no_triage) qa_check_triage(o, &req, &got, &res, info->triage, sizeof info->triage);
  }
  model_close(&m);
  free(res.C);
  free(res.ref);
  return rc;
}

static int api_gemm(int argc, const char *const *argv, const qa_gemm_io *io, qa_api_info *info) {
  qa_opts o;
  qa_array_cfg a;
  int wbits, rc = parse("gemm", argc, argv, &o);
  if (!rc) rc = qa_one_array(&o, "edge", &a, &wbits);
  const size_t mkn[3] = {io->M, io->K, io->N};
  if (!rc) rc = shape_ok(mkn);
  if (!rc) rc = check_weights(io->W, mkn, wbits, o.mode);
  return rc ? rc : run_checked(&o, &a, wbits, io, info);
}

int qa_api_gemm(int argc, const char *const *argv, const qa_api_operands *x, qa_api_info *info,
                char *msgs, size_t len) {
  memset(info, 0, sizeof *info);
  qa_err_capture(msgs, len);
  const qa_gemm_io io = {0, x->A, x->W, x->C, x->m, x->k, x->n};
  const int rc = api_gemm(argc, argv, &io, info);
  qa_err_capture(NULL, 0);
  return rc;
}

static int api_cycles(int argc, const char *const *argv, qa_api_info *info) {
  qa_opts o;
  qa_array_cfg a;
  int wbits, rc = parse("model", argc, argv, &o);
  if (!rc) rc = qa_one_array(&o, "edge", &a, &wbits);
  if (rc) return rc;
  if (!o.m || !o.k || !o.n) return qa_usage_err("model needs --m, --k and --n", NULL);
  const qa_gemm_shape g = {a.rows, a.cols, wbits, o.mode, o.m, o.k, o.n};
  qa_mem_result r;
  char err[QA_MEM_ERR_LEN];
  if (a.mem.enabled && qa_mem_cycles(&g, o.accw, &a.mem, &r, NULL, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  const qa_counters c = {.cycles = a.mem.enabled ? r.cycles : qa_cycles_model(&g),
                         .beats = qa_tiles(&g) * qa_beats_per_tile(&g)};
  fill_info(info, &a, &g, o.accw);
  fill_energy(info, &o, &a, &g, &c);
  return 0;
}

int qa_api_cycles(int argc, const char *const *argv, qa_api_info *info, char *msgs, size_t len) {
  memset(info, 0, sizeof *info);
  qa_err_capture(msgs, len);
  const int rc = api_cycles(argc, argv, info);
  qa_err_capture(NULL, 0);
  return rc;
}

static int api_golden(const qa_api_operands *x, int wbits, const char *mode) {
  const size_t mkn[3] = {x->m, x->k, x->n};
  const int m = !mode ? -1 : !strcmp(mode, "packed") ? QA_MODE_PACKED : !strcmp(mode, "full") ? QA_MODE_FULL : -1;
  if (m < 0) return qa_usage_err("mode must be packed or full, got", mode ? mode : "(none)");
  if (wbits != 1 && wbits != 2 && wbits != 4 && wbits != 8) return qa_usage_err("wbits must be 1, 2, 4 or 8", NULL);
  int rc = shape_ok(mkn);
  if (!rc) rc = check_weights(x->W, mkn, wbits, m);
  if (!rc) qa_gemm_ref(x->A, x->W, x->C, x->m, x->k, x->n, 32);
  return rc;
}

int qa_api_golden(const qa_api_operands *x, int wbits, const char *mode, char *msgs, size_t len) {
  qa_err_capture(msgs, len);
  const int rc = api_golden(x, wbits, mode);
  qa_err_capture(NULL, 0);
  return rc;
}

int qa_api_run(int argc, const char *const *argv, char *msgs, size_t len) {
  qa_opts o;
  qa_err_capture(msgs, len);
  int rc = argc < 1 ? qa_usage_err("no command", NULL) : parse(argv[0], argc - 1, argv + 1, &o);
  if (!rc) rc = qa_cmd_run(qa_opts_cmd(argv[0]), &o);
  fflush(stdout);
  qa_err_capture(NULL, 0);
  return rc;
}
