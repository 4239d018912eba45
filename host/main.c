/* qarray: command-line front end. See `qarray help` and README.md. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../golden/qa_cycles.h"
#include "../golden/qa_golden.h"
#include "qa_cli.h"
#include "qa_gemm.h"
#include "qa_load.h"
#include "qa_npy.h"
#include "qa_rtlrun.h"
#include "qa_triage.h"

static const char *const kUsage =
    "usage: qarray <command> [options]\n"
    "\n"
    "commands:\n"
    "  gemm    run one GEMM C = A . W on the RTL array, check it bit-exact, count cycles\n"
    "  model   print the analytic and SCALE-Sim cycle counts of a GEMM (no RTL)\n"
    "  demo    GPT-2 block GEMMs (L=128) on the edge array, W2A8 vs INT8 (what `make run` runs)\n"
    "  models  list the model table [--models FILE]\n"
    "  gemms   one block's GEMMs: --model NAME --seq L [--phase prefill|decode] [--batch B]\n"
    "          [--array A --wbits B: with analytic cycles] [--models FILE]\n"
    "  amdahl  the Amdahl sweep: [--model a,b] [--arrays edge,cloud] [--wbits 1,2] [--seq L,..]\n"
    "          [--phase prefill,decode] [--batch B] [--clock-mhz X|edge=X,cloud=Y] [--csv FILE]\n"
    "          [--rtl | --rtl-sample N] [--seed S] [--models FILE] [--no-build] [--quiet]\n"
    "  report  DIR: the study's tables and plot data (make report renders the plots)\n"
    "  block   transformer blocks on the RTL: --model NAME --seq L [--array A] [--wbits B]\n"
    "          [--layers N|all] [--seed S] [--no-build]\n"
    "  help    this text, also `qarray COMMAND --help` (README.md has the details)\n"
    "\n"
    "options of gemm and model:\n"
    "  --array NAME      edge (32x32), cloud (256x256) or RxC, e.g. 16x8     [edge]\n"
    "  --wbits B         the array's packed weight precision: 1, 2, 4 or 8     [2]\n"
    "  --accw W          accumulator width in bits, 16..32                   [32]\n"
    "  --mode MODE       packed (B-bit weights, 8/B MACs per PE per cycle) or\n"
    "                    full (INT8 weights, 1 MAC per PE per cycle)          [packed]\n"
    "  --m M --k K --n N the GEMM shape (M x K) . (K x N), each >= 1\n"
    "options of gemm only:\n"
    "  --a FILE.npy      A, int8, M x K (instead of random operands)\n"
    "  --w FILE.npy      W, int8, K x N, values legal for the mode: {-1,+1} (B=1),\n"
    "                    {-1,0,+1} (B=2), -8..7 (B=4), -128..127 (B=8 or full)\n"
    "  --out FILE.npy    write the RTL's C (int32, M x N)\n"
    "  --seed S          seed of the random operands and stall injection     [1]\n"
    "  --fill KIND       random operands: random or extreme (only the range ends) [random]\n"
    "  --bubble P        withhold each input beat with probability P percent  [0]\n"
    "  --stall P         drop output ready with probability P percent (< 100) [0]\n"
    "  --mesh KIND       the RTL mesh: pe (one module per PE), loop (arrays), or auto:\n"
    "                    loop from 256 PEs up, pe below                      [auto]\n"
    "  --no-build        fail (printing the make command) instead of building a model\n"
    "                    that is missing or older than rtl/ and sim/\n"
    "  --trace F.fst     trace into F.fst (loads the debug build, name ending in t)\n"
    "  --trace-tile N    only while tile N (0-based, in run order) is in the array\n"
    "  --trace-cycles A:B  only RTL cycles A..B               --trace-depth D  D levels\n"
    "  --repro DIR       on a failed check, the reproducer directory      [qarray-repro]\n"
    "  --no-triage       on a failed check, no re-run and no reproducer\n"
    "  --mutant NAME     load a deliberate RTL fault's build (make mutants): sign, skew,\n"
    "                    acctrunc, drain, outvalid\n"
    "block and amdahl --rtl also take --trace, --trace-tile, --trace-cycles, --trace-depth\n"
    "and --trace-gemm K (only the K-th GEMM run)\n"
    "memory system (gemm, model, gemms, amdahl; README \"Memory model\"):\n"
    "  --mem on|off      model SRAM buffers and the DRAM channel (gemm/model: off unless a\n"
    "                    memory option is given; gemms/amdahl: on)\n"
    "  --sram-kib N      total SRAM, KiB                          [edge 8192, cloud 16384]\n"
    "  --internal-kib N  SRAM for internal use, KiB                              [2048]\n"
    "  --buffers-kib A,W,C  input, weight, output buffers, KiB [edge 2048,3072,1024]\n"
    "  --dram-bpc N      DRAM bytes per cycle                         [edge 34, cloud 960]\n"
    "  --dram-lat N      DRAM latency, cycles                         [edge 64, cloud 128]\n"
    "  --array-file F    key = value file: sram_kib internal_kib a_kib w_kib c_kib\n"
    "                    dram_bpc dram_lat clock_mhz (options above override it)\n"
    "\n"
    "exit status: 0 pass, 1 golden-check failure, 2 bad input or error\n";

typedef struct {
  const char *array;
  int rows, cols, wbits, accw, mode, mesh;
  uint64_t m, k, n, seed, bubble, stall;
  const char *a_path, *w_path, *out_path, *fill;
  int build;
  qa_mem_opts mo;
  qa_mem_cfg mem; /* resolved: the named array's defaults and the options */
  qa_trace_opts tr;
  const char *trace_path; /* tr.path: non-NULL loads the debug (traced) build */
  const char *repro;      /* the reproducer directory written on a failed check */
  const char *mutant;     /* a deliberate RTL fault's build (make mutants) */
  int triage;             /* 0: --no-triage */
} opts;

static int parse_opts(int argc, char **argv, opts *o, int allow_run_opts) {
  memset(o, 0, sizeof *o);
  o->array = "edge";
  o->wbits = 2;
  o->accw = 32;
  o->mode = QA_MODE_PACKED;
  o->seed = 1;
  o->fill = "random";
  o->build = 1;
  o->mesh = -1;
  o->mo.mem = -1;
  o->repro = "qarray-repro";
  o->triage = 1;
  qa_trace_defaults(&o->tr);
  for (int i = 2; i < argc; i++) {
    const char *k = argv[i];
    const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
    uint64_t x;
    int tr = allow_run_opts ? qa_trace_opt(k, v, &o->tr, 0) : 0;
    if (tr < 0) return QA_EXIT_USAGE;
    if (tr > 0) {
      i++;
      continue;
    }
    int mr = qa_mem_opt(k, v, &o->mo);
    if (mr < 0) return QA_EXIT_USAGE;
    if (mr > 0) {
      i++;
      continue;
    }
#define NEED_VALUE()                                        \
  do {                                                      \
    if (!v) return qa_usage_err("missing value for option", k); \
    i++;                                                    \
  } while (0)
    if (!strcmp(k, "--array")) {
      NEED_VALUE();
      o->array = v;
    } else if (!strcmp(k, "--wbits")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 1, 8, &x) || !qa_wbits_valid((int)x))
        return qa_usage_err("--wbits must be 1, 2, 4 or 8, got", v);
      o->wbits = (int)x;
    } else if (!strcmp(k, "--accw")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 16, 32, &x)) return qa_usage_err("--accw must be 16..32, got", v);
      o->accw = (int)x;
    } else if (!strcmp(k, "--mode")) {
      NEED_VALUE();
      if (!strcmp(v, "packed")) o->mode = QA_MODE_PACKED;
      else if (!strcmp(v, "full")) o->mode = QA_MODE_FULL;
      else return qa_usage_err("--mode must be packed or full, got", v);
    } else if (!strcmp(k, "--m") || !strcmp(k, "--k") || !strcmp(k, "--n")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 1, 1u << 24, &x))
        return qa_usage_err("GEMM dimensions must be integers 1..16777216, got", v);
      if (k[2] == 'm') o->m = x;
      else if (k[2] == 'k') o->k = x;
      else o->n = x;
    } else if (allow_run_opts && !strcmp(k, "--seed")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 0, UINT64_MAX, &x)) return qa_usage_err("--seed must be an integer >= 0, got", v);
      o->seed = x;
    } else if (allow_run_opts && !strcmp(k, "--bubble")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 0, 100, &x)) return qa_usage_err("--bubble must be a percentage 0..100, got", v);
      o->bubble = x;
    } else if (allow_run_opts && !strcmp(k, "--stall")) {
      NEED_VALUE();
      if (qa_parse_u64(v, 0, 99, &x)) return qa_usage_err("--stall must be a percentage 0..99, got", v);
      o->stall = x;
    } else if (allow_run_opts && !strcmp(k, "--a")) {
      NEED_VALUE();
      o->a_path = v;
    } else if (allow_run_opts && !strcmp(k, "--w")) {
      NEED_VALUE();
      o->w_path = v;
    } else if (allow_run_opts && !strcmp(k, "--out")) {
      NEED_VALUE();
      o->out_path = v;
    } else if (allow_run_opts && !strcmp(k, "--fill")) {
      NEED_VALUE();
      if (strcmp(v, "random") && strcmp(v, "extreme"))
        return qa_usage_err("--fill must be random or extreme, got", v);
      o->fill = v;
    } else if (allow_run_opts && !strcmp(k, "--mesh")) {
      NEED_VALUE();
      if (!strcmp(v, "auto")) o->mesh = -1;
      else if (!strcmp(v, "pe")) o->mesh = 0;
      else if (!strcmp(v, "loop")) o->mesh = 1;
      else return qa_usage_err("--mesh must be auto, pe or loop, got", v);
    } else if (allow_run_opts && !strcmp(k, "--no-build")) {
      o->build = 0;
    } else if (allow_run_opts && !strcmp(k, "--no-triage")) {
      o->triage = 0;
    } else if (allow_run_opts && !strcmp(k, "--repro")) {
      NEED_VALUE();
      if (!*v) return qa_usage_err("--repro needs a directory name", NULL);
      o->repro = v;
    } else if (allow_run_opts && !strcmp(k, "--mutant")) {
      NEED_VALUE();
      if (strcmp(v, "sign") && strcmp(v, "skew") && strcmp(v, "acctrunc") && strcmp(v, "drain") &&
          strcmp(v, "outvalid"))
        return qa_usage_err("--mutant must be sign, skew, acctrunc, drain or outvalid, got", v);
      o->mutant = v;
    } else {
      return qa_usage_err("unknown option", k);
    }
#undef NEED_VALUE
  }
  if (o->bubble == 100) return qa_usage_err("--bubble 100 would never offer a beat", NULL);
  o->trace_path = o->tr.path;
  if (!o->trace_path && (o->tr.tile >= 0 || o->tr.depth || o->tr.to != UINT64_MAX))
    return qa_usage_err("--trace-tile, --trace-cycles and --trace-depth need --trace FILE.fst", NULL);
  char err[QA_ERR_LEN];
  if (qa_parse_array(o->array, &o->rows, &o->cols, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  return qa_mem_resolve(&o->mo, o->array, 0, &o->mem, NULL);
}

/* The memory-system section of gemm and model: the plan, its traffic and the prediction. */
static void print_mem(const qa_mem_cfg *m, const qa_mem_plan *p, const qa_mem_result *r,
                      const qa_counters *rtl) {
  printf("memory           SRAM %llu KiB (internal %llu; A %llu, W %llu, C %llu), DRAM %llu B/cycle, "
         "latency %llu cycles\n",
         (unsigned long long)(m->sram_bytes / 1024), (unsigned long long)(m->internal_bytes / 1024),
         (unsigned long long)(m->a_bytes / 1024), (unsigned long long)(m->w_bytes / 1024),
         (unsigned long long)(m->c_bytes / 1024), (unsigned long long)m->dram_bpc,
         (unsigned long long)m->dram_lat);
  printf("plan             %s outer, A %s, W %s, %" PRIu64 " chunks of <= %" PRIu64 " beats\n",
         p->a_outer ? "A row blocks" : "W column blocks", p->a_resident ? "resident" : "streamed",
         p->w_resident ? "resident" : "streamed", p->nchunks, p->kc);
  printf("dram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64 "\n",
         p->dram_rd_a, p->dram_rd_w, p->dram_wr_c);
  printf("sram bytes       read A %" PRIu64 ", read W %" PRIu64 ", write C %" PRIu64
         " (plus the DRAM loads written in)\n",
         p->sram_rd_a, p->sram_rd_w, p->sram_wr_c);
  printf("memory stalls    predicted %" PRIu64, r->mem_stall);
  if (rtl) printf(", RTL counter %" PRIu64 "%s", rtl->mem_stall,
                  rtl->mem_stall == r->mem_stall ? " (exact)" : " (DIFFERS)");
  printf("\n");
  printf("compute-only     %" PRIu64 " cycles; DRAM busy %" PRIu64 " cycles (%.1f %% of the run): "
         "%s-bound\n",
         r->compute, r->dram_busy, 100.0 * (double)r->dram_busy / (double)r->cycles,
         r->dram_busy > r->compute ? "memory" : "compute");
  printf("achieved DRAM    %.2f B/cycle\n",
         (double)(p->dram_rd_a + p->dram_rd_w) / (double)r->cycles);
}

static const char *mode_name(int mode) { return mode == QA_MODE_PACKED ? "packed" : "full"; }

/* Compare; print the first mismatch. Returns the number of mismatches. */
static size_t check(const int32_t *got, const int32_t *ref, size_t M, size_t N, int rows, int cols) {
  size_t bad = 0;
  for (size_t i = 0; i < M * N; i++) {
    if (got[i] == ref[i]) continue;
    if (bad++ == 0) {
      size_t m = i / N, n = i % N;
      fprintf(stderr,
              "qarray: first mismatch at C[%zu][%zu]: expected %" PRId32 ", RTL gave %" PRId32
              " (PE row %zu col %zu of its tile)\n",
              m, n, ref[i], got[i], m % (size_t)rows, n % (size_t)cols);
    }
  }
  return bad;
}

static int cmd_model(int argc, char **argv) {
  opts o;
  int rc = parse_opts(argc, argv, &o, 0);
  if (rc) return rc;
  if (!o.m || !o.k || !o.n) return qa_usage_err("model needs --m, --k and --n", NULL);
  qa_gemm_shape g = {o.rows, o.cols, o.wbits, o.mode, o.m, o.k, o.n};
  uint64_t cyc = qa_cycles_model(&g), ss = qa_cycles_scalesim(&g);
  double macs = (double)o.m * (double)o.k * (double)o.n;
  int lanes = o.mode == QA_MODE_PACKED ? qa_lanes(o.wbits) : 1;
  printf("array            %dx%d WBITS=%d, %s mode (%d MAC/PE/cycle)\n", o.rows, o.cols, o.wbits,
         mode_name(o.mode), lanes);
  printf("gemm             (%" PRIu64 " x %" PRIu64 ") . (%" PRIu64 " x %" PRIu64 ")\n", o.m, o.k,
         o.k, o.n);
  printf("tiles            %" PRIu64 " x %" PRIu64 " beats\n", qa_tiles(&g), qa_beats_per_tile(&g));
  qa_mem_plan plan;
  qa_mem_result mr;
  if (o.mem.enabled) {
    char merr[QA_MEM_ERR_LEN];
    if (qa_mem_plan_make(&g, o.accw, &o.mem, &plan, merr)) {
      fprintf(stderr, "qarray: %s\n", merr);
      return QA_EXIT_USAGE;
    }
    qa_mem_predict(&g, &o.mem, &plan, &mr);
    qa_mem_plan_free(&plan);
    printf("analytic cycles  %" PRIu64 " with the memory system (compute-only %" PRIu64 ")\n",
           mr.cycles, cyc);
    cyc = mr.cycles;
  } else {
    printf("analytic cycles  %" PRIu64 "\n", cyc);
  }
  printf("scalesim cycles  %" PRIu64 "\n", ss);
  if (o.mem.enabled) print_mem(&o.mem, &plan, &mr, NULL);
  printf("MACs/cycle       %.2f\n", macs / (double)cyc);
  printf("utilisation      %.2f %% of %d MACs/cycle\n",
         100.0 * macs / ((double)cyc * o.rows * o.cols * lanes), o.rows * o.cols * lanes);
  return 0;
}

typedef struct {
  int32_t *C, *ref;
  qa_gemm_stats st;
  size_t bad;
} gemm_result;

/* Run one GEMM on a loaded model, check it, and print the report unless quiet. */
static int run_and_check(const qa_lib *lib, qa_sim *s, const opts *o, const int8_t *A,
                         const int8_t *W, size_t M, size_t K, size_t N, gemm_result *res,
                         int quiet) {
  char err[QA_ERR_LEN];
  res->C = calloc(M * N, sizeof *res->C);
  res->ref = calloc(M * N, sizeof *res->ref);
  if (!res->C || !res->ref) {
    fprintf(stderr, "qarray: out of memory for C (%zu x %zu)\n", M, N);
    return QA_EXIT_USAGE;
  }
  qa_stall_opts so = {(unsigned)o->bubble * 10u, (unsigned)o->stall * 10u, o->seed,
                      o->mem.enabled ? &o->mem : NULL, o->trace_path ? &o->tr : NULL};
  if (qa_gemm_run(lib, s, o->mode, A, W, res->C, M, K, N, &so, &res->st, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  qa_gemm_ref(A, W, res->ref, M, K, N, o->accw);
  res->bad = check(res->C, res->ref, M, N, o->rows, o->cols);
  if (quiet) return 0;
  qa_gemm_shape g = {o->rows, o->cols, o->wbits, o->mode, M, K, N};
  const qa_counters *c = &res->st.cnt;
  uint64_t model = qa_cycles_model(&g);
  qa_mem_result mr;
  if (o->mem.enabled) {
    char merr[QA_MEM_ERR_LEN];
    if (qa_mem_cycles(&g, o->accw, &o->mem, &mr, NULL, merr)) {
      fprintf(stderr, "qarray: %s\n", merr);
      return QA_EXIT_USAGE;
    }
    model = mr.cycles;
  }
  double macs = (double)M * (double)K * (double)N;
  int lanes = o->mode == QA_MODE_PACKED ? qa_lanes(o->wbits) : 1;
  printf("array            %dx%d WBITS=%d ACCW=%d, %s mode (%d MAC/PE/cycle)\n", o->rows, o->cols,
         o->wbits, o->accw, mode_name(o->mode), lanes);
  printf("gemm             (%zu x %zu) . (%zu x %zu), %" PRIu64 " tiles x %" PRIu64 " beats\n",
         M, K, K, N, res->st.tiles, res->st.kt);
  printf("rtl cycles       %" PRIu64 "\n", c->cycles);
  printf("analytic cycles  %" PRIu64 "%s%s\n", model, o->mem.enabled ? " with the memory system" : "",
         (o->bubble || o->stall) ? " (stall-free prediction)"
                                 : (c->cycles == model ? " (exact)" : " (DIFFERS)"));
  printf("scalesim cycles  %" PRIu64 "\n", qa_cycles_scalesim(&g));
  if (o->mem.enabled) print_mem(&o->mem, &res->st.plan, &mr, c);
  printf("MACs/cycle       %.2f\n", macs / (double)c->cycles);
  printf("utilisation      %.2f %% of %d MACs/cycle\n",
         100.0 * macs / ((double)c->cycles * o->rows * o->cols * lanes), o->rows * o->cols * lanes);
  printf("counters         busy %" PRIu64 ", in_stall %" PRIu64 ", out_stall %" PRIu64
         ", gap_stall %" PRIu64 ", mem_stall %" PRIu64 ", beats %" PRIu64 ", rows %" PRIu64 ", bubbles %" PRIu64 "\n",
         c->busy, c->in_stall, c->out_stall, c->gap_stall, c->mem_stall, c->beats, c->rows, c->bubbles);
  printf("wall time        %.3f s\n", res->st.wall_s);
  printf("simulated        %.1f kHz\n",
         res->st.wall_s > 0 ? (double)c->cycles / res->st.wall_s / 1e3 : 0.0);
  printf("golden check     %s", res->bad ? "FAIL" : "PASS");
  if (res->bad) printf(" (%zu of %zu elements differ)", res->bad, M * N);
  printf("\n");
  return 0;
}

static int load_model(const opts *o, qa_lib *lib, qa_sim **s) {
  char err[QA_ERR_LEN];
  qa_cfg_req req = {o->rows, o->cols, o->wbits, o->accw, o->mesh, o->trace_path != NULL, o->mutant};
  if (qa_lib_load(&req, o->build, lib, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  *s = lib->sim_new();
  if (!*s) {
    fprintf(stderr, "qarray: out of memory creating the model\n");
    qa_lib_close(lib);
    return QA_EXIT_USAGE;
  }
  if (o->trace_path) {
    int r = lib->trace_open(*s, o->trace_path, o->tr.depth);
    if (r) {
      fprintf(stderr, "qarray: %s\n", r == -1 ? "this model was built without tracing"
                                               : "cannot write the trace file");
      if (r != -1) fprintf(stderr, "qarray: trace file: %s\n", o->trace_path);
      lib->sim_free(*s);
      qa_lib_close(lib);
      return QA_EXIT_USAGE;
    }
  }
  return 0;
}

static int cmd_gemm(int argc, char **argv) {
  opts o;
  int rc = parse_opts(argc, argv, &o, 1);
  if (rc) return rc;
  char err[QA_ERR_LEN];
  qa_npy a = {0}, w = {0};
  int8_t *A = NULL, *W = NULL;
  size_t M, K, N;
  if (o.a_path || o.w_path) {
    if (!o.a_path || !o.w_path) return qa_usage_err("--a and --w go together", NULL);
    if (o.m || o.k || o.n) return qa_usage_err("--m/--k/--n come from the .npy shapes; drop them", NULL);
    if (qa_npy_read_as(o.a_path, QA_NPY_I1, 2, &a, err) ||
        qa_npy_read_as(o.w_path, QA_NPY_I1, 2, &w, err)) {
      fprintf(stderr, "qarray: %s\n", err);
      qa_npy_free(&a);
      return QA_EXIT_USAGE;
    }
    M = a.shape[0];
    K = a.shape[1];
    N = w.shape[1];
    if (w.shape[0] != K || M == 0 || K == 0 || N == 0) {
      fprintf(stderr, "qarray: shapes do not match: A is %zu x %zu, W is %zu x %zu (need A M x K, W K x N, all >= 1)\n",
              a.shape[0], a.shape[1], w.shape[0], w.shape[1]);
      qa_npy_free(&a);
      qa_npy_free(&w);
      return QA_EXIT_USAGE;
    }
    A = a.data;
    W = w.data;
    if (o.mode == QA_MODE_PACKED) {
      long bad = qa_weights_check(W, K * N, o.wbits);
      if (bad >= 0) {
        fprintf(stderr, "qarray: %s: W[%ld][%ld] = %d is not a legal %d-bit weight (packed mode)\n",
                o.w_path, bad / (long)N, bad % (long)N, W[bad], o.wbits);
        qa_npy_free(&a);
        qa_npy_free(&w);
        return QA_EXIT_USAGE;
      }
    }
  } else {
    if (!o.m || !o.k || !o.n) return qa_usage_err("gemm needs --m, --k and --n (or --a and --w)", NULL);
    M = o.m;
    K = o.k;
    N = o.n;
    A = malloc(M * K);
    W = malloc(K * N);
    if (!A || !W) {
      free(A);
      free(W);
      fprintf(stderr, "qarray: out of memory for operands\n");
      return QA_EXIT_USAGE;
    }
    qa_random_operands(A, W, M, K, N, o.wbits, o.mode, !strcmp(o.fill, "extreme"), o.seed);
  }
  qa_lib lib;
  qa_sim *s = NULL;
  gemm_result res = {0};
  rc = load_model(&o, &lib, &s);
  if (rc == 0) {
    rc = run_and_check(&lib, s, &o, A, W, M, K, N, &res, 0);
    if (rc == 0 && o.out_path) {
      size_t shape[2] = {M, N};
      if (qa_npy_write(o.out_path, QA_NPY_I4, 2, shape, res.C, err)) {
        fprintf(stderr, "qarray: %s\n", err);
        rc = QA_EXIT_USAGE;
      }
    }
    if (rc == 0 && res.bad) {
      rc = QA_EXIT_FAIL;
      if (o.triage) {
        qa_triage_opts to = {{o.rows, o.cols, o.wbits, o.accw, o.mesh, 0, o.mutant},
                             o.mode, res.st.plan.a_outer, o.tr.depth, o.build, o.repro};
        char dir[4096];
        if (qa_triage(&to, A, W, res.C, res.ref, M, K, N, dir, sizeof dir, err))
          fprintf(stderr, "qarray: triage: %s\n", err);
      }
    }
    lib.sim_free(s);
    qa_lib_close(&lib);
  }
  free(res.C);
  free(res.ref);
  if (o.a_path) {
    qa_npy_free(&a);
    qa_npy_free(&w);
  } else {
    free(A);
    free(W);
  }
  return rc;
}

/* `make run`: the GEMMs of GPT-2's first block at L = 128 on the edge array, in W2A8 (projections
 * PACKED with ternary weights, attention FULL) and in INT8 (everything FULL), each run on the RTL,
 * checked bit-exact and counted; block totals use each GEMM's multiplicity. */
static int cmd_demo(int argc, char **argv) {
  (void)argv;
  if (argc > 2) return qa_usage_err("demo takes no options", NULL);
  const size_t L = 128, d = 768, F = 3072, dh = 64, heads = 12;
  struct {
    const char *name;
    size_t m, k, n, count;
    int proj;
  } gemms[] = {
      {"q/k/v/o proj", L, d, d, 4, 1},   {"ffn up", L, d, F, 1, 1},
      {"ffn down", L, F, d, 1, 1},        {"attn scores", L, dh, L, heads, 0},
      {"attn context", L, L, dh, heads, 0},
  };
  const int ng = (int)(sizeof gemms / sizeof gemms[0]);
  opts o;
  memset(&o, 0, sizeof o);
  o.array = "edge";
  o.rows = o.cols = 32;
  o.wbits = 2;
  o.accw = 32;
  o.seed = 1;
  o.build = 1;
  o.mesh = -1;
  qa_lib lib;
  qa_sim *s = NULL;
  int rc = load_model(&o, &lib, &s);
  if (rc) return rc;
  printf("qarray demo: GPT-2 block 0 GEMMs, prefill L=%zu, edge array 32x32 (WBITS=2 build)\n\n", L);
  printf("%-13s %-6s %5s %5s %5s %4s %10s %10s %10s %6s %8s %s\n", "gemm", "mode", "M", "K", "N",
         "x", "rtl_cyc", "model_cyc", "scalesim", "util%", "kHz", "check");
  uint64_t tot[2][2] = {{0, 0}, {0, 0}}; /* [w2a8/int8][proj/attn] */
  int fails = 0;
  for (int variant = 0; variant < 2 && rc == 0; variant++) {
    for (int gi = 0; gi < ng && rc == 0; gi++) {
      size_t M = gemms[gi].m, K = gemms[gi].k, N = gemms[gi].n;
      o.mode = (variant == 0 && gemms[gi].proj) ? QA_MODE_PACKED : QA_MODE_FULL;
      int8_t *A = malloc(M * K), *W = malloc(K * N);
      gemm_result res = {0};
      if (!A || !W) {
        fprintf(stderr, "qarray: out of memory\n");
        rc = QA_EXIT_USAGE;
      } else {
        qa_random_operands(A, W, M, K, N, o.wbits, o.mode, 0, (uint64_t)(gi + 1));
        rc = run_and_check(&lib, s, &o, A, W, M, K, N, &res, 1);
      }
      if (rc == 0) {
        qa_gemm_shape g = {o.rows, o.cols, o.wbits, o.mode, M, K, N};
        uint64_t cyc = res.st.cnt.cycles, model = qa_cycles_model(&g);
        int lanes = o.mode == QA_MODE_PACKED ? qa_lanes(o.wbits) : 1;
        double util = 100.0 * (double)M * (double)K * (double)N /
                      ((double)cyc * o.rows * o.cols * lanes);
        int ok = !res.bad && cyc == model;
        fails += !ok;
        printf("%-13s %-6s %5zu %5zu %5zu %4zu %10" PRIu64 " %10" PRIu64 " %10" PRIu64
               " %6.1f %8.1f %s\n",
               gemms[gi].name, mode_name(o.mode), M, K, N, gemms[gi].count, cyc, model,
               qa_cycles_scalesim(&g), util, (double)cyc / res.st.wall_s / 1e3,
               res.bad ? "FAIL (result)" : (cyc != model ? "FAIL (cycles)" : "PASS"));
        tot[variant][gemms[gi].proj ? 0 : 1] += cyc * gemms[gi].count;
      }
      free(res.C);
      free(res.ref);
      free(A);
      free(W);
    }
    if (variant == 0) printf("\n");
  }
  lib.sim_free(s);
  qa_lib_close(&lib);
  if (rc) return rc;
  uint64_t b8 = tot[1][0] + tot[1][1], b2 = tot[0][0] + tot[0][1];
  double f = (double)tot[1][0] / (double)b8, sp = (double)tot[1][0] / (double)tot[0][0];
  printf("\nblock cycles     INT8 %" PRIu64 " (projections %" PRIu64 ", attention %" PRIu64 ")\n",
         b8, tot[1][0], tot[1][1]);
  printf("                 W2A8 %" PRIu64 " (projections %" PRIu64 ", attention %" PRIu64 ")\n",
         b2, tot[0][0], tot[0][1]);
  printf("amdahl           f = %.3f (projection share of INT8 cycles), s = %.2fx (projection "
         "speedup)\n", f, sp);
  printf("                 block speedup %.2fx = 1/((1-f)+f/s) = %.2fx, ceiling 1/(1-f) = %.2fx\n",
         (double)b8 / (double)b2, 1.0 / ((1.0 - f) + f / sp), 1.0 / (1.0 - f));
  printf("%s\n", fails ? "demo: FAIL" : "demo: all GEMMs bit-exact and cycle-exact");
  return fails ? QA_EXIT_FAIL : 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(kUsage, stderr);
    return QA_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    fputs(kUsage, stdout);
    return 0;
  }
  /* `qarray CMD --help` (or -h) anywhere after the command: the usage, as `qarray help`. */
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(kUsage, stdout);
      return 0;
    }
  if (!strcmp(cmd, "gemm")) return cmd_gemm(argc, argv);
  if (!strcmp(cmd, "model")) return cmd_model(argc, argv);
  if (!strcmp(cmd, "demo")) return cmd_demo(argc, argv);
  if (!strcmp(cmd, "models")) return qa_cmd_models(argc, argv);
  if (!strcmp(cmd, "gemms")) return qa_cmd_gemms(argc, argv);
  if (!strcmp(cmd, "amdahl")) return qa_cmd_amdahl(argc, argv);
  if (!strcmp(cmd, "report")) return qa_cmd_report(argc, argv);
  if (!strcmp(cmd, "block")) return qa_cmd_block(argc, argv);
  return qa_usage_err("unknown command", cmd);
}
