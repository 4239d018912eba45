/* cmd_study.c: qarray models, gemms and amdahl (the Amdahl's-law study). */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../golden/qa_cycles.h"
#include "../golden/qa_golden.h"
#include "qa_cli.h"
#include "qa_load.h"
#include "qa_models.h"
#include "qa_npy.h"
#include "qa_rtlrun.h"
#include "qa_study.h"

/* The shipped table, plus the models of --models FILE. */
static int load_models(const char *user_path, qa_model_table *t) {
  char err[QA_ERR_LEN];
  if (qa_models_load_default(t, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  if (!user_path) return 0;
  qa_model_table u;
  if (qa_models_load(user_path, &u, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    qa_models_free(t);
    return QA_EXIT_USAGE;
  }
  qa_model *m = realloc(t->m, (size_t)(t->n + u.n) * sizeof *m);
  if (!m) {
    fprintf(stderr, "qarray: out of memory\n");
    qa_models_free(&u);
    qa_models_free(t);
    return QA_EXIT_USAGE;
  }
  t->m = m;
  for (int i = 0; i < u.n; i++) {
    if (qa_models_find(t, u.m[i].name)) {
      fprintf(stderr, "qarray: %s: model '%s' is already in the shipped table; rename it\n",
              user_path, u.m[i].name);
      qa_models_free(&u);
      qa_models_free(t);
      return QA_EXIT_USAGE;
    }
    t->m[t->n++] = u.m[i];
  }
  qa_models_free(&u);
  return 0;
}

int qa_cmd_models(int argc, char **argv) {
  const char *user = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--models") && i + 1 < argc) user = argv[++i];
    else if (!strcmp(argv[i], "--models")) return qa_usage_err("missing value for option", argv[i]);
    else return qa_usage_err("unknown option", argv[i]);
  }
  qa_model_table t;
  int rc = load_models(user, &t);
  if (rc) return rc;
  printf("%-14s %-6s %6s %7s %5s %6s %6s %4s %7s %-9s %-6s\n", "model", "family", "layers",
         "d_model", "heads", "d_head", "ffn", "mats", "max_ctx", "norm", "act");
  for (int i = 0; i < t.n; i++) {
    const qa_model *m = &t.m[i];
    printf("%-14s %-6s %6d %7d %5d %6d %6d %4d %7d %-9s %-6s\n", m->name, m->family, m->layers,
           m->d_model, m->heads, m->d_head, m->ffn, m->ffn_mats, m->max_ctx, qa_norm_name(m->norm),
           qa_act_name(m->act));
  }
  qa_models_free(&t);
  return 0;
}

static int parse_phase(const char *s, qa_phase *p) {
  if (!strcmp(s, "prefill")) *p = QA_PHASE_PREFILL;
  else if (!strcmp(s, "decode")) *p = QA_PHASE_DECODE;
  else return -1;
  return 0;
}

int qa_cmd_gemms(int argc, char **argv) {
  const char *user = NULL, *model = NULL, *array = NULL;
  qa_phase phase = QA_PHASE_PREFILL;
  uint64_t seq = 0, batch = 1, wbits = 2;
  qa_mem_opts mo;
  memset(&mo, 0, sizeof mo);
  mo.mem = -1;
  for (int i = 2; i < argc; i++) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int mr = qa_mem_opt(k, v, &mo);
    if (mr < 0) return QA_EXIT_USAGE;
    if (mr > 0) {
      i++;
      continue;
    }
    if (!v) return qa_usage_err(strncmp(k, "--", 2) ? "unexpected argument" : "missing value for option", k);
    i++;
    if (!strcmp(k, "--models")) user = v;
    else if (!strcmp(k, "--model")) model = v;
    else if (!strcmp(k, "--array")) array = v;
    else if (!strcmp(k, "--phase")) {
      if (parse_phase(v, &phase)) return qa_usage_err("--phase must be prefill or decode, got", v);
    } else if (!strcmp(k, "--seq")) {
      if (qa_parse_u64(v, 1, 1u << 20, &seq))
        return qa_usage_err("--seq must be a sequence length 1..1048576, got", v);
    } else if (!strcmp(k, "--batch")) {
      if (qa_parse_u64(v, 1, 1u << 16, &batch)) return qa_usage_err("--batch must be 1..65536, got", v);
    } else if (!strcmp(k, "--wbits")) {
      if (qa_parse_u64(v, 1, 8, &wbits) || !qa_wbits_valid((int)wbits))
        return qa_usage_err("--wbits must be 1, 2, 4 or 8, got", v);
    } else {
      return qa_usage_err("unknown option", k);
    }
  }
  if (!model) return qa_usage_err("gemms needs --model NAME", NULL);
  if (!seq) return qa_usage_err("gemms needs --seq L", NULL);
  int rows = 0, cols = 0;
  char err[QA_ERR_LEN];
  if (array && qa_parse_array(array, &rows, &cols, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  qa_mem_cfg mem;
  if (array) {
    int r = qa_mem_resolve(&mo, array, 1, &mem, NULL);
    if (r) return r;
  }
  qa_model_table t;
  int rc = load_models(user, &t);
  if (rc) return rc;
  const qa_model *m = qa_models_find(&t, model);
  if (!m) {
    fprintf(stderr, "qarray: unknown model '%s' (see 'qarray models')\n", model);
    qa_models_free(&t);
    return QA_EXIT_USAGE;
  }
  qa_block_gemm gl[QA_MAX_BLOCK_GEMMS];
  int n = qa_block_gemms(m, phase, seq, batch, gl, err);
  if (n < 0) {
    fprintf(stderr, "qarray: %s\n", err);
    qa_models_free(&t);
    return QA_EXIT_USAGE;
  }
  printf("%s, %s, L=%" PRIu64 ", batch %" PRIu64 ": GEMMs of one block (x %d layers)\n", m->name,
         qa_phase_name(phase), seq, batch, m->layers);
  printf("%-13s %-10s %8s %8s %8s %6s %15s", "gemm", "class", "M", "K", "N", "count", "MACs");
  if (array) printf(" %12s %12s", "cyc_w8a8", "cyc_quant");
  printf("\n");
  uint64_t macs[2] = {0, 0}, cyc8[2] = {0, 0}, cycq[2] = {0, 0};
  for (int i = 0; i < n; i++) {
    uint64_t mac = gl[i].m * gl[i].k * gl[i].n * gl[i].count;
    int c = gl[i].cls == QA_CLASS_PROJ ? 0 : 1;
    macs[c] += mac;
    printf("%-13s %-10s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %6" PRIu64 " %15" PRIu64, gl[i].name,
           c ? "attention" : "projection", gl[i].m, gl[i].k, gl[i].n, gl[i].count, mac);
    if (array) {
      qa_gemm_shape g = {rows, cols, (int)wbits, QA_MODE_FULL, gl[i].m, gl[i].k, gl[i].n};
      uint64_t b = qa_cycles_model(&g) * gl[i].count;
      g.mode = c ? QA_MODE_FULL : QA_MODE_PACKED;
      uint64_t q = qa_cycles_model(&g) * gl[i].count;
      cyc8[c] += b;
      cycq[c] += q;
      printf(" %12" PRIu64 " %12" PRIu64, b, q);
    }
    printf("\n");
  }
  printf("block total: projection MACs %" PRIu64 ", attention MACs %" PRIu64 "; model total %" PRIu64
         " MACs\n",
         macs[0], macs[1], (macs[0] + macs[1]) * (uint64_t)m->layers);
  if (array)
    printf("block cycles on %s (%dx%d, W%" PRIu64 "A8 vs W8A8, analytic): W8A8 %" PRIu64
           " (projection %" PRIu64 "), W%" PRIu64 "A8 %" PRIu64 " (projection %" PRIu64 ")\n",
           array, rows, cols, wbits, cyc8[0] + cyc8[1], cyc8[0], wbits, cycq[0] + cycq[1], cycq[0]);
  if (array && mem.enabled) {
    /* The memory system: each GEMM of the block as the quantized block runs it (projections
     * PACKED at wbits, attention FULL), once (not times count), then per class. */
    printf("\nmemory system (%s): SRAM %llu KiB, A/W/C buffers %llu/%llu/%llu KiB, DRAM %llu "
           "B/cycle, latency %llu cycles; W%" PRIu64 "A8 block\n",
           array, (unsigned long long)(mem.sram_bytes / 1024), (unsigned long long)(mem.a_bytes / 1024),
           (unsigned long long)(mem.w_bytes / 1024), (unsigned long long)(mem.c_bytes / 1024),
           (unsigned long long)mem.dram_bpc, (unsigned long long)mem.dram_lat, wbits);
    printf("%-13s %11s %11s %10s %11s %11s %11s %12s %12s %7s %-7s\n", "gemm", "cycles",
           "compute", "mem_stall", "dram_rd_A", "dram_rd_W", "dram_wr_C", "sram_rd_A", "sram_rd_W",
           "B/cycle", "bound");
    uint64_t cls[2][8];
    memset(cls, 0, sizeof cls);
    for (int i = 0; i < n; i++) {
      int c = gl[i].cls == QA_CLASS_PROJ ? 0 : 1;
      qa_gemm_shape g = {rows, cols, (int)wbits, c ? QA_MODE_FULL : QA_MODE_PACKED, gl[i].m,
                         gl[i].k, gl[i].n};
      qa_mem_result r;
      qa_mem_plan pl;
      char merr[QA_MEM_ERR_LEN];
      if (qa_mem_cycles(&g, 32, &mem, &r, &pl, merr)) {
        fprintf(stderr, "qarray: %s: %s\n", gl[i].name, merr);
        qa_models_free(&t);
        return QA_EXIT_USAGE;
      }
      printf("%-13s %11" PRIu64 " %11" PRIu64 " %10" PRIu64 " %11" PRIu64 " %11" PRIu64
             " %11" PRIu64 " %12" PRIu64 " %12" PRIu64 " %7.2f %-7s\n",
             gl[i].name, r.cycles, r.compute, r.mem_stall, pl.dram_rd_a, pl.dram_rd_w,
             pl.dram_wr_c, pl.sram_rd_a, pl.sram_rd_w,
             (double)(pl.dram_rd_a + pl.dram_rd_w) / (double)r.cycles,
             r.dram_busy > r.compute ? "memory" : "compute");
      const uint64_t k = gl[i].count;
      const uint64_t v[8] = {r.cycles, r.compute, r.mem_stall, pl.dram_rd_a, pl.dram_rd_w,
                             pl.dram_wr_c, r.dram_busy, pl.sram_rd_a + pl.sram_rd_w};
      for (int j = 0; j < 8; j++) cls[c][j] += v[j] * k;
    }
    printf("per class, one block (x count):\n");
    for (int c = 0; c < 2; c++)
      printf("  %-10s cycles %" PRIu64 " (compute-only %" PRIu64 "), mem_stall %" PRIu64
             ", DRAM read A %" PRIu64 " W %" PRIu64 ", written C %" PRIu64 ", SRAM read %" PRIu64
             ", %.2f B/cycle: %s-bound\n",
             c ? "attention" : "projection", cls[c][0], cls[c][1], cls[c][2], cls[c][3],
             cls[c][4], cls[c][5], cls[c][7], (double)(cls[c][3] + cls[c][4]) / (double)cls[c][0],
             cls[c][6] > cls[c][1] ? "memory" : "compute");
  }
  qa_models_free(&t);
  return 0;
}

/* ---- amdahl ---- */

typedef struct {
  qa_gemm_shape g;
  uint64_t cycles;
} memo_entry;

typedef struct {
  qa_pool pool;
  memo_entry *memo;
  size_t nmemo, cap;
  uint64_t mismatches;
} rtl_ctx;

/* The cycles callback of --rtl: each distinct GEMM runs once on the RTL (cycles do not depend
 * on the data), is golden-checked, and must equal the analytic model. */
static int rtl_cycles(void *vctx, const qa_gemm_shape *g, uint64_t *cycles, char *err) {
  rtl_ctx *c = vctx;
  for (size_t i = 0; i < c->nmemo; i++)
    if (!memcmp(&c->memo[i].g, g, sizeof *g)) {
      *cycles = c->memo[i].cycles;
      return 0;
    }
  uint64_t model = qa_cycles_model(g);
  fprintf(stderr, "qarray: rtl: %dx%d W%d %s %" PRIu64 "x%" PRIu64 "x%" PRIu64 " (%" PRIu64
                  " cycles predicted)...\n",
          g->rows, g->cols, g->wbits, g->mode ? "packed" : "full", g->m, g->k, g->n, model);
  if (qa_pool_run(&c->pool, g, cycles, err)) return -1;
  if (*cycles != model) {
    snprintf(err, QA_ERR_LEN,
             "RTL and analytic model DISAGREE on %dx%d W%d %s GEMM %" PRIu64 "x%" PRIu64 "x%" PRIu64
             ": RTL %" PRIu64 " cycles, model %" PRIu64,
             g->rows, g->cols, g->wbits, g->mode ? "packed" : "full", g->m, g->k, g->n, *cycles,
             model);
    return -1;
  }
  if (c->nmemo == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 64;
    memo_entry *nm = realloc(c->memo, c->cap * sizeof *nm);
    if (!nm) {
      snprintf(err, QA_ERR_LEN, "out of memory");
      return -1;
    }
    c->memo = nm;
  }
  c->memo[c->nmemo++] = (memo_entry){*g, *cycles};
  return 0;
}

static uint64_t rnd64(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* --rtl-sample: n random tiles of each GEMM class of point p, each run on the RTL as a one-tile
 * GEMM, golden-checked and compared with the analytic count. Returns tiles checked, or -1. */
static int sample_tiles(rtl_ctx *c, const qa_point *p, int n, uint64_t *rng, char *err) {
  qa_block_gemm gl[QA_MAX_BLOCK_GEMMS];
  int ng = qa_block_gemms(p->model, p->phase, p->seq, p->batch, gl, err);
  if (ng < 0) return -1;
  int done = 0;
  for (int cls = 0; cls < 2; cls++) {
    int idx[QA_MAX_BLOCK_GEMMS], ni = 0;
    for (int i = 0; i < ng; i++)
      if ((int)gl[i].cls == cls) idx[ni++] = i;
    for (int s = 0; s < n && ni; s++) {
      const qa_block_gemm *b = &gl[idx[rnd64(rng) % (uint64_t)ni]];
      uint64_t mt = qa_ceil_div(b->m, (uint64_t)p->rows), nt = qa_ceil_div(b->n, (uint64_t)p->cols);
      uint64_t mi = rnd64(rng) % mt, ni2 = rnd64(rng) % nt;
      uint64_t tm = b->m - mi * (uint64_t)p->rows, tn = b->n - ni2 * (uint64_t)p->cols;
      if (tm > (uint64_t)p->rows) tm = (uint64_t)p->rows;
      if (tn > (uint64_t)p->cols) tn = (uint64_t)p->cols;
      /* The weight mode of the quantized run: projections PACKED, attention FULL. */
      qa_gemm_shape g = {p->rows, p->cols, p->wbits, cls == QA_CLASS_PROJ ? QA_MODE_PACKED : QA_MODE_FULL,
                         tm, b->k, tn};
      uint64_t cyc;
      if (rtl_cycles(c, &g, &cyc, err)) return -1;
      done++;
    }
  }
  return done;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char kCsvHeader[] =
    "model,array,rows,cols,phase,seq,batch,wbits,clock_mhz,cycles_source,base_proj_cycles,"
    "base_attn_cycles,quant_proj_cycles,quant_attn_cycles,proj_macs,attn_macs,f,s,speedup,"
    "amdahl,ceiling,util_base,util_quant,tok_s_base,tok_s_quant,mem,mem_base_proj_cycles,"
    "mem_base_attn_cycles,mem_quant_proj_cycles,mem_quant_attn_cycles,mem_f,mem_s,mem_speedup,"
    "mem_ceiling,mem_stall_base,mem_stall_quant,dram_busy_base,dram_busy_quant,"
    "dram_bytes_base_proj,dram_bytes_base_attn,dram_bytes_quant_proj,dram_bytes_quant_attn,"
    "bound_base,bound_quant,mem_tok_s_base,mem_tok_s_quant\n";

static void csv_row(FILE *f, const qa_point *p, const char *src) {
  fprintf(f,
          "%s,%s,%d,%d,%s,%" PRIu64 ",%" PRIu64 ",%d,%.1f,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64
          ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.6g",
          p->model->name, p->array, p->rows, p->cols, qa_phase_name(p->phase), p->seq, p->batch,
          p->wbits, p->clock_mhz, src, p->base_proj, p->base_attn, p->q_proj, p->q_attn,
          p->macs_proj, p->macs_attn, p->f, p->s, p->speedup, p->amdahl, p->ceiling, p->util_base,
          p->util_q, p->tok_s_base, p->tok_s_q);
  if (!p->has_mem) {
    fprintf(f, ",off,,,,,,,,,,,,,,,,,,,,\n");
    return;
  }
  fprintf(f,
          ",on,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.6f,%.6f,%.6f,%.6f,%" PRIu64
          ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
          ",%s,%s,%.6g,%.6g\n",
          p->mbase_proj, p->mbase_attn, p->mq_proj, p->mq_attn, p->mf, p->ms, p->mspeedup,
          p->mceiling, p->mstall_base, p->mstall_q, p->dram_busy_base, p->dram_busy_q,
          p->bytes_base_proj, p->bytes_base_attn, p->bytes_q_proj, p->bytes_q_attn,
          p->mem_bound_base ? "memory" : "compute", p->mem_bound_q ? "memory" : "compute",
          p->mtok_s_base, p->mtok_s_q);
}

#define MAX_LIST 64

int qa_cmd_amdahl(int argc, char **argv) {
  const char *user = NULL, *csv = NULL;
  char *models_s = NULL, *arrays_s = NULL, *wbits_s = NULL, *seq_s = NULL, *phase_s = NULL,
       *clock_s = NULL;
  uint64_t batch = 1, sample = 0, seed = 1;
  int rtl = 0, build = 1, quiet = 0;
  qa_mem_opts mo;
  memset(&mo, 0, sizeof mo);
  mo.mem = -1;
  qa_trace_opts tr;
  qa_trace_defaults(&tr);
  for (int i = 2; i < argc; i++) {
    const char *k = argv[i];
    int mr = qa_mem_opt(k, i + 1 < argc ? argv[i + 1] : NULL, &mo);
    if (mr < 0) return QA_EXIT_USAGE;
    if (mr > 0) {
      i++;
      continue;
    }
    int to = qa_trace_opt(k, i + 1 < argc ? argv[i + 1] : NULL, &tr, 1);
    if (to < 0) return QA_EXIT_USAGE;
    if (to > 0) {
      i++;
      continue;
    }
    if (!strcmp(k, "--rtl")) {
      rtl = 1;
      continue;
    }
    if (!strcmp(k, "--no-build")) {
      build = 0;
      continue;
    }
    if (!strcmp(k, "--quiet")) {
      quiet = 1;
      continue;
    }
    char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return qa_usage_err(strncmp(k, "--", 2) ? "unexpected argument" : "missing value for option", k);
    i++;
    if (!strcmp(k, "--models")) user = v;
    else if (!strcmp(k, "--model")) models_s = v;
    else if (!strcmp(k, "--arrays") || !strcmp(k, "--array")) arrays_s = v;
    else if (!strcmp(k, "--wbits")) wbits_s = v;
    else if (!strcmp(k, "--seq")) seq_s = v;
    else if (!strcmp(k, "--phase")) phase_s = v;
    else if (!strcmp(k, "--clock-mhz")) clock_s = v;
    else if (!strcmp(k, "--csv")) csv = v;
    else if (!strcmp(k, "--batch")) {
      if (qa_parse_u64(v, 1, 1u << 16, &batch)) return qa_usage_err("--batch must be 1..65536, got", v);
    } else if (!strcmp(k, "--rtl-sample")) {
      if (qa_parse_u64(v, 1, 100000, &sample)) return qa_usage_err("--rtl-sample must be 1..100000, got", v);
    } else if (!strcmp(k, "--seed")) {
      if (qa_parse_u64(v, 0, UINT64_MAX, &seed)) return qa_usage_err("--seed must be an integer >= 0, got", v);
    } else {
      return qa_usage_err("unknown option", k);
    }
  }
  if (rtl && sample) return qa_usage_err("--rtl and --rtl-sample exclude each other", NULL);
  if (tr.path && !rtl && !sample) return qa_usage_err("--trace needs --rtl or --rtl-sample", NULL);

  char dflt_arrays[] = "edge,cloud", dflt_wbits[] = "1,2", dflt_seq[] = "128,256,512,1024,2048",
       dflt_phase[] = "prefill,decode";
  char *arr[MAX_LIST], *wbl[MAX_LIST], *sql[MAX_LIST], *phl[MAX_LIST], *mdl[MAX_LIST];
  int na = qa_split_list(arrays_s ? arrays_s : dflt_arrays, arr, MAX_LIST);
  int nw = qa_split_list(wbits_s ? wbits_s : dflt_wbits, wbl, MAX_LIST);
  int ns = qa_split_list(seq_s ? seq_s : dflt_seq, sql, MAX_LIST);
  int np = qa_split_list(phase_s ? phase_s : dflt_phase, phl, MAX_LIST);
  if (na < 0) return qa_usage_err("bad --arrays list", arrays_s);
  if (nw < 0) return qa_usage_err("bad --wbits list", wbits_s);
  if (ns < 0) return qa_usage_err("bad --seq list", seq_s);
  if (np < 0) return qa_usage_err("bad --phase list", phase_s);
  int rows[MAX_LIST], cols[MAX_LIST], wb[MAX_LIST];
  uint64_t seqs[MAX_LIST];
  qa_phase ph[MAX_LIST];
  double clocks[MAX_LIST];
  qa_mem_cfg mems[MAX_LIST];
  char err[QA_ERR_LEN];
  for (int i = 0; i < na; i++) {
    if (qa_parse_array(arr[i], &rows[i], &cols[i], err)) {
      fprintf(stderr, "qarray: %s\n", err);
      return QA_EXIT_USAGE;
    }
    clocks[i] = qa_default_clock_mhz(arr[i]);
    double fclock = 0;
    int r = qa_mem_resolve(&mo, arr[i], 1, &mems[i], &fclock);
    if (r) return r;
    if (fclock > 0) clocks[i] = fclock;
  }
  for (int i = 0; i < nw; i++) {
    uint64_t x;
    if (qa_parse_u64(wbl[i], 1, 4, &x) || !qa_wbits_valid((int)x))
      return qa_usage_err("--wbits takes quantized precisions 1, 2 or 4 (W8A8 is the baseline), got", wbl[i]);
    wb[i] = (int)x;
  }
  for (int i = 0; i < ns; i++)
    if (qa_parse_u64(sql[i], 1, 1u << 20, &seqs[i]))
      return qa_usage_err("--seq takes sequence lengths 1..1048576, got", sql[i]);
  for (int i = 0; i < np; i++)
    if (parse_phase(phl[i], &ph[i])) return qa_usage_err("--phase takes prefill and decode, got", phl[i]);
  if (clock_s) {
    /* Either one number for every array, or NAME=MHZ pairs. */
    char *cl[MAX_LIST];
    int nc = qa_split_list(clock_s, cl, MAX_LIST);
    if (nc < 0) return qa_usage_err("bad --clock-mhz", clock_s);
    for (int c = 0; c < nc; c++) {
      char *eq = strchr(cl[c], '=');
      const char *num = eq ? eq + 1 : cl[c];
      char *end;
      double mhz = strtod(num, &end);
      if (*num == '\0' || *end || !(mhz > 0.0) || mhz > 1e5)
        return qa_usage_err("--clock-mhz needs a frequency in MHz (> 0), got", cl[c]);
      int hit = 0;
      for (int i = 0; i < na; i++) {
        if (eq) {
          *eq = '\0';
          if (!strcmp(cl[c], arr[i])) clocks[i] = mhz, hit = 1;
          *eq = '=';
        } else {
          clocks[i] = mhz, hit = 1;
        }
      }
      if (!hit) return qa_usage_err("--clock-mhz names an array not in --arrays:", cl[c]);
    }
  }
  qa_model_table t;
  int rc = load_models(user, &t);
  if (rc) return rc;
  const qa_model *models[256];
  int nm = 0;
  if (models_s) {
    int k = qa_split_list(models_s, mdl, MAX_LIST);
    if (k < 0) {
      qa_models_free(&t);
      return qa_usage_err("bad --model list", models_s);
    }
    for (int i = 0; i < k; i++) {
      models[nm] = qa_models_find(&t, mdl[i]);
      if (!models[nm]) {
        fprintf(stderr, "qarray: unknown model '%s' (see 'qarray models')\n", mdl[i]);
        qa_models_free(&t);
        return QA_EXIT_USAGE;
      }
      nm++;
    }
  } else {
    for (int i = 0; i < t.n && i < 256; i++) models[nm++] = &t.m[i];
  }

  FILE *cf = NULL;
  char csv_tmp[4200];
  if (csv) {
    snprintf(csv_tmp, sizeof csv_tmp, "%s.tmp.%ld", csv, (long)getpid());
    cf = fopen(csv_tmp, "w");
    if (!cf) {
      fprintf(stderr, "qarray: cannot write %s\n", csv);
      qa_models_free(&t);
      return QA_EXIT_USAGE;
    }
    fputs(kCsvHeader, cf);
  }
  rtl_ctx rc_ctx;
  memset(&rc_ctx, 0, sizeof rc_ctx);
  qa_pool_init(&rc_ctx.pool, 32, build, seed);
  if (tr.path) rc_ctx.pool.trace = &tr;
  uint64_t rng = seed * 0x9e3779b97f4a7c15ull + 1;

  const uint64_t total = (uint64_t)nm * (uint64_t)na * (uint64_t)np * (uint64_t)ns * (uint64_t)nw;
  uint64_t done = 0, skipped = 0, sampled = 0;
  const double t0 = now_s(), c0 = cpu_s();
  double last_progress = t0;
  if (!quiet)
    printf("%-12s %-6s %-7s %5s %-5s %11s %11s %11s %11s %6s %7s %7s %7s %7s %6s %6s %11s %11s"
           "%s\n",
           "model", "array", "phase", "L", "quant", "w8a8_proj", "w8a8_attn", "quant_proj",
           "quant_attn", "f", "s", "speedup", "amdahl", "ceiling", "util_b", "util_q",
           "tok/s_w8a8", "tok/s_quant",
           "  | mem: f      s speedup ceiling bound(w8a8/quant) tok/s_w8a8 tok/s_quant");
  int failed = 0;
  for (int mi = 0; mi < nm && !failed; mi++)
    for (int ai = 0; ai < na && !failed; ai++)
      for (int pi = 0; pi < np && !failed; pi++)
        for (int si = 0; si < ns && !failed; si++)
          for (int wi = 0; wi < nw && !failed; wi++) {
            done++;
            if (seqs[si] > (uint64_t)models[mi]->max_ctx) {
              skipped++;
              continue;
            }
            qa_point p = {0};
            p.model = models[mi];
            p.array = arr[ai];
            p.rows = rows[ai];
            p.cols = cols[ai];
            p.wbits = wb[wi];
            p.phase = ph[pi];
            p.seq = seqs[si];
            p.batch = batch;
            p.clock_mhz = clocks[ai];
            p.mem = &mems[ai];
            if (qa_point_eval(&p, rtl ? rtl_cycles : qa_cycles_analytic, &rc_ctx, err)) {
              fprintf(stderr, "qarray: %s\n", err);
              failed = 1;
              break;
            }
            if (sample) {
              int k = sample_tiles(&rc_ctx, &p, (int)sample, &rng, err);
              if (k < 0) {
                fprintf(stderr, "qarray: %s\n", err);
                failed = 1;
                break;
              }
              sampled += (uint64_t)k;
            }
            if (!quiet)
              printf("%-12s %-6s %-7s %5" PRIu64 " W%dA8  %11" PRIu64 " %11" PRIu64 " %11" PRIu64
                     " %11" PRIu64 " %6.3f %7.2f %7.3f %7.3f %7.2f %6.3f %6.3f %11.4g %11.4g\n",
                     p.model->name, p.array, qa_phase_name(p.phase), p.seq, p.wbits, p.base_proj,
                     p.base_attn, p.q_proj, p.q_attn, p.f, p.s, p.speedup, p.amdahl, p.ceiling,
                     p.util_base, p.util_q, p.tok_s_base, p.tok_s_q);
            if (!quiet && p.has_mem)
              printf("%-12s   | mem: %6.3f %6.2f %7.3f %7.2f %-7s/%-7s %11.4g %11.4g\n", "",
                     p.mf, p.ms, p.mspeedup, p.mceiling, p.mem_bound_base ? "memory" : "compute",
                     p.mem_bound_q ? "memory" : "compute", p.mtok_s_base, p.mtok_s_q);
            if (cf) csv_row(cf, &p, rtl ? "rtl" : "analytic");
            double now = now_s();
            if ((rtl || sample) && now - last_progress > 2.0) {
              fprintf(stderr, "qarray: progress %" PRIu64 "/%" PRIu64 " points, %.0f s\n", done,
                      total, now - t0);
              last_progress = now;
            }
          }
  const double wall = now_s() - t0, cpu = cpu_s() - c0;
  if (cf) {
    int ok = fclose(cf) == 0 && !failed;
    if (ok && rename(csv_tmp, csv) != 0) ok = 0;
    if (!ok) {
      remove(csv_tmp);
      if (!failed) fprintf(stderr, "qarray: cannot write %s\n", csv);
      failed = 1;
    }
  }
  fprintf(stderr,
          "qarray: %" PRIu64 " points (%" PRIu64 " skipped: L above the model's context), %.3f s "
          "wall, %.3f s CPU, cycles from %s\n",
          total - skipped, skipped, wall, cpu, rtl ? "the RTL" : "the analytic model");
  if (rtl || sample)
    fprintf(stderr,
            "qarray: RTL: %" PRIu64 " GEMMs simulated (%" PRIu64 " cycles, %.1f s), every one "
            "bit-exact and equal to the analytic count%s\n",
            rc_ctx.pool.runs, rc_ctx.pool.sim_cycles, rc_ctx.pool.sim_wall_s,
            sample ? "" : "");
  if (sample && !failed)
    fprintf(stderr, "qarray: --rtl-sample: %" PRIu64 " tiles sampled, all matched\n", sampled);
  qa_pool_free(&rc_ctx.pool);
  free(rc_ctx.memo);
  qa_models_free(&t);
  if (failed) {
    fprintf(stderr, "qarray: amdahl FAILED\n");
    return QA_EXIT_FAIL;
  }
  return 0;
}
