/* cmd_scalesim.c: qarray scalesim: SCALE-Sim's configuration and topology in, SCALE-Sim's
 * reports out, with ours beside them (docs/scalesim.md). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qa_cycles.h"
#include "qa_mem.h"
#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_cmd.h"
#include "qa_scalesim.h"
#include "qa_sweep.h"
#include "qa_work.h"

/* One layer's figures. */
typedef struct {
  qa_gemm_shape g;
  uint64_t analytic, scalesim, rtl, macs, total, stall;
  qa_mem_result mr;
  uint64_t sram_rd_a, sram_rd_w, sram_wr_c, dram_rd_a, dram_rd_w, dram_wr_c;
  uint64_t dram_rd_a_lowered; /* a convolution's DRAM ifmap bytes were the im2col-lowered A read */
} ss_row;

typedef struct {
  const qa_opts *o;
  qa_ss_cfg cfg;
  qa_ss_topo topo;
  qa_mem_cfg mem;
  int wbits;
  ss_row *row;
  qa_work work;
  qa_pool pool;
  char dir[QA_PATH_MAX];
} ss_run;

static void ss_free(ss_run *r) {
  qa_ss_topo_free(&r->topo);
  free(r->row);
  qa_work_free(&r->work);
  qa_pool_free(&r->pool);
}

/* The configuration's memory: the three SRAMs are our A, W and C buffers (no internal share),
 * Bandwidth (words = bytes per cycle) the DRAM channel; CALC turns the memory system off. The
 * DRAM latency is the edge array's (docs/memory.md). */
static int map_memory(ss_run *r, char *err) {
  const qa_ss_cfg *c = &r->cfg;
  qa_mem_defaults("edge", &r->mem);
  r->mem.enabled = c->user_bw;
  r->mem.a_bytes = c->ifmap_kb * 1024, r->mem.w_bytes = c->filter_kb * 1024, r->mem.c_bytes = c->ofmap_kb * 1024;
  r->mem.internal_bytes = 0;
  r->mem.sram_bytes = r->mem.a_bytes + r->mem.w_bytes + r->mem.c_bytes;
  r->mem.dram_bpc = c->bandwidth;
  char merr[QA_MEM_ERR_LEN];
  if (qa_mem_check(&r->mem, merr)) return snprintf(err, QA_ERR_LEN, "%s: %s", r->o->ss_cfg, merr), -1;
  printf("qarray scalesim: %s (%d layers, %s format) on %s\n", r->o->ss_topo, r->topo.n,
         r->o->ss_conv ? "convolution" : "GEMM", r->o->ss_cfg);
  printf("  ArrayHeight x ArrayWidth %d x %d -> a %dx%d output-stationary array, W%dA8 for PACKED layers\n",
         c->rows, c->cols, c->rows, c->cols, r->wbits);
  printf("  IfmapSramSzkB %" PRIu64 ", FilterSramSzkB %" PRIu64 ", OfmapSramSzkB %" PRIu64
         " -> A, W, C buffers of %" PRIu64 ", %" PRIu64 ", %" PRIu64 " KiB (no internal share)\n",
         c->ifmap_kb, c->filter_kb, c->ofmap_kb, c->ifmap_kb, c->filter_kb, c->ofmap_kb);
  if (c->user_bw)
    printf("  InterfaceBandwidth USER, Bandwidth %g words/cycle -> DRAM %g B/cycle, latency %" PRIu64
           " cycles (edge's): the memory system on\n", c->bandwidth, c->bandwidth, r->mem.dram_lat);
  else
    printf("  InterfaceBandwidth CALC -> compute-only (the memory system off: the interface keeps up)\n");
  return 0;
}

/* Layer i's mode: its extra column, else --packed REGEX on its name, else FULL. */
static int layer_mode(const qa_ss_layer *l, const regex_t *re) {
  if (l->packed >= 0) return l->packed ? QA_MODE_PACKED : QA_MODE_FULL;
  return re && !regexec(re, l->name, 0, NULL, 0) ? QA_MODE_PACKED : QA_MODE_FULL;
}

/* A convolution's unique ifmap (IFMAP Height x Width x Channels bytes, what SCALE-Sim reads from
 * DRAM) over its im2col-lowered A (M x K): the share of A's bytes DRAM carries when the lowering
 * is done on chip. 0 (all of them) for a GEMM layer, or when the lowering does not repeat. */
static double unique_share(const qa_ss_layer *l) {
  const double unique = (double)l->ih * (double)l->iw * (double)l->ch, lowered = (double)l->m * (double)l->k;
  return l->conv && unique < lowered ? unique / lowered : 0.0;
}

/* The lowered A's DRAM bytes of a convolution layer planned with m (planned again with the share
 * 1 when m's is less; else the plan's own, in pl). */
static int lowered_traffic(const ss_row *x, const qa_mem_cfg *m, const qa_mem_plan *pl, uint64_t *bytes,
                           char *err) {
  if (!(m->a_dram_share > 0.0)) return *bytes = pl->dram_rd_a, 0;
  qa_mem_cfg all = *m;
  all.a_dram_share = 0;
  qa_mem_plan lowered;
  if (qa_mem_plan_make(&x->g, 32, &all, &lowered, err)) return -1;
  *bytes = lowered.dram_rd_a;
  qa_mem_plan_free(&lowered);
  return 0;
}

/* Every layer's analytic, SCALE-Sim and memory figures (traffic always: with the memory on for
 * the plan even when the timing is CALC). A convolution's DRAM ifmap traffic is its unique
 * ifmap (unique_share); the lowered count goes beside it. */
static int eval_layers(ss_run *r, const regex_t *re, char *err) {
  if (!(r->row = calloc((size_t)r->topo.n, sizeof *r->row))) return snprintf(err, QA_ERR_LEN, "out of memory"), -1;
  for (int i = 0; i < r->topo.n; i++) {
    const qa_ss_layer *l = &r->topo.l[i];
    ss_row *x = &r->row[i];
    x->g = (qa_gemm_shape){r->cfg.rows, r->cfg.cols, r->wbits, layer_mode(l, re), l->m, l->k, l->n};
    x->analytic = qa_cycles_model(&x->g);
    x->scalesim = qa_cycles_scalesim(&x->g);
    x->macs = l->m * l->k * l->n;
    qa_mem_cfg m = r->mem;
    m.enabled = 1;
    m.a_dram_share = unique_share(l);
    qa_mem_plan pl;
    char merr[QA_MEM_ERR_LEN];
    if (qa_mem_cycles(&x->g, 32, &m, &x->mr, &pl, merr) || lowered_traffic(x, &m, &pl, &x->dram_rd_a_lowered, merr))
      return snprintf(err, QA_ERR_LEN, "layer %s: %s", l->name, merr), -1;
    x->sram_rd_a = pl.sram_rd_a, x->sram_rd_w = pl.sram_rd_w, x->sram_wr_c = pl.sram_wr_c;
    x->dram_rd_a = pl.dram_rd_a, x->dram_rd_w = pl.dram_rd_w, x->dram_wr_c = pl.dram_wr_c;
    x->total = r->mem.enabled ? x->mr.cycles : x->analytic;
    x->stall = r->mem.enabled ? x->mr.cycles - x->mr.compute : 0;
  }
  return 0;
}

/* --rtl: every distinct layer GEMM once on the RTL (--jobs workers), golden-checked and equal
 * to the analytic count. */
static int run_rtl(ss_run *r, char *err) {
  r->work.collect = 1;
  uint64_t c;
  for (int i = 0; i < r->topo.n; i++)
    if (qa_work_cycles(&r->work, &r->row[i].g, &c, err)) return QA_EXIT_USAGE;
  r->work.collect = 0;
  qa_pool_init(&r->pool, 32, !r->o->no_build, r->o->seed);
  int rc = qa_pool_load(&r->pool, r->cfg.rows, r->cfg.cols, r->wbits, err);
  size_t *items = rc ? NULL : malloc(r->work.n * sizeof *items);
  if (!rc && !items) rc = QA_EXIT_USAGE, snprintf(err, QA_ERR_LEN, "out of memory");
  for (size_t i = 0; !rc && i < r->work.n; i++) items[i] = i;
  const int jobs = qa_opts_jobs(r->o);
  if (!rc) rc = qa_work_run_cloned(&r->work, items, r->work.n, &r->pool, jobs, err);
  free(items);
  for (int i = 0; !rc && i < r->topo.n; i++) rc = qa_work_cycles(&r->work, &r->row[i].g, &r->row[i].rtl, err);
  return rc;
}

static double pct(double a, double b) { return b > 0 ? 100.0 * a / b : 0.0; }

/* SCALE-Sim v2's 6 columns, or v3's 7 for a v3 configuration: "Total Cycles (incl. prefetch)"
 * second. Our layers start with empty buffers and count their first fill as stall from cycle
 * 0: there is no prefetch before cycle 0 to add, and both v3 totals are the same number. */
static void compute_report(FILE *f, const ss_run *r) {
  fprintf(f, "LayerID, %sTotal Cycles, Stall Cycles, Overall Util %%, Mapping Efficiency %%, Compute Util %%,\n",
          r->cfg.v3 ? "Total Cycles (incl. prefetch), " : "");
  const double pes = (double)r->cfg.rows * r->cfg.cols;
  for (int i = 0; i < r->topo.n; i++) {
    const ss_row *x = &r->row[i];
    const double mapped = (double)(qa_ceil_div(x->g.m, (uint64_t)x->g.rows) * (uint64_t)x->g.rows) *
                          (double)(qa_ceil_div(x->g.n, (uint64_t)x->g.cols) * (uint64_t)x->g.cols);
    fprintf(f, "%d, ", i);
    if (r->cfg.v3) fprintf(f, "%" PRIu64 ", ", x->total);
    fprintf(f, "%" PRIu64 ", %" PRIu64 ", %.10g, %.10g, %.10g,\n", x->total, x->stall,
            pct((double)x->macs, (double)x->total * pes), pct((double)x->g.m * (double)x->g.n, mapped),
            pct((double)x->macs, (double)(x->total - x->stall) * pes));
  }
}

static void bandwidth_report(FILE *f, const ss_run *r) {
  fprintf(f, "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, "
             "Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n");
  for (int i = 0; i < r->topo.n; i++) {
    const ss_row *x = &r->row[i];
    const double t = (double)x->total;
    fprintf(f, "%d, %.10g, %.10g, %.10g, %.10g, %.10g, %.10g,\n", i, x->sram_rd_a / t, x->sram_rd_w / t,
            x->sram_wr_c / t, x->dram_rd_a / t, x->dram_rd_w / t, x->dram_wr_c / t);
  }
}

static void detail_report(FILE *f, const ss_run *r) {
  fprintf(f, "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start "
             "Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop "
             "Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
             "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, "
             "DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,\n");
  for (int i = 0; i < r->topo.n; i++) {
    const ss_row *x = &r->row[i];
    const uint64_t v[6] = {x->sram_rd_a, x->sram_rd_w, x->sram_wr_c, x->dram_rd_a, x->dram_rd_w, x->dram_wr_c};
    fprintf(f, "%d", i);
    for (int j = 0; j < 6; j++) fprintf(f, ", 0, %" PRIu64 ", %" PRIu64, x->total, v[j]);
    fprintf(f, ",\n");
  }
}

/* A layer's N:M as given ("" when not). */
static const char *sparsity_of(const qa_ss_layer *l, char *buf, size_t len) {
  if (l->sp_m) snprintf(buf, len, "%d:%d", l->sp_n, l->sp_m);
  else *buf = '\0';
  return buf;
}

static void qarray_report(FILE *f, const ss_run *r) {
  fprintf(f, "layer_id, layer, m, k, n, mode, wbits, analytic_cycles, rtl_cycles, scalesim_cycles, macs, "
             "mem, mem_cycles, mem_stall, dram_rd_a, dram_rd_w, dram_wr_c, bound, dram_rd_a_lowered, sparsity,\n");
  for (int i = 0; i < r->topo.n; i++) {
    const ss_row *x = &r->row[i];
    char rtl[32] = "", mc[32] = "", ms[32] = "", sp[32];
    if (r->o->rtl) snprintf(rtl, sizeof rtl, "%" PRIu64, x->rtl);
    if (r->mem.enabled) snprintf(mc, sizeof mc, "%" PRIu64, x->mr.cycles), snprintf(ms, sizeof ms, "%" PRIu64, x->mr.mem_stall);
    const qa_mem_bound b = qa_mem_bound_of(x->mr.cycles, x->mr.compute, x->mr.mem_stall, x->mr.lat_stall,
                                           x->mr.dram_busy);
    fprintf(f, "%d, %s, %" PRIu64 ", %" PRIu64 ", %" PRIu64 ", %s, %d, %" PRIu64 ", %s, %" PRIu64 ", %" PRIu64
            ", %s, %s, %s, %" PRIu64 ", %" PRIu64 ", %" PRIu64 ", %s, %" PRIu64 ", %s,\n",
            i, r->topo.l[i].name, x->g.m, x->g.k, x->g.n, x->g.mode ? "packed" : "full", x->g.wbits,
            x->analytic, rtl, x->scalesim, x->macs, r->mem.enabled ? "on" : "off", mc, ms, x->dram_rd_a,
            x->dram_rd_w, x->dram_wr_c, r->mem.enabled ? qa_mem_bound_name(b) : "compute",
            x->dram_rd_a_lowered, sparsity_of(&r->topo.l[i], sp, sizeof sp));
  }
}

/* The four reports into OUTDIR/<run_name>/, each written atomically; on any failure none is
 * left. */
static int write_reports(ss_run *r, char *err) {
  const char *out = r->o->ss_out ? r->o->ss_out : ".";
  snprintf(r->dir, sizeof r->dir, "%s/%s", out, r->cfg.run_name);
  /* OUTDIR itself, then OUTDIR/<run_name>, as SCALE-Sim makes them; OUTDIR's parent must exist */
  if ((mkdir(out, 0777) && errno != EEXIST) || (mkdir(r->dir, 0777) && errno != EEXIST))
    return snprintf(err, QA_ERR_LEN, "cannot make the report directory %s: %s", r->dir, strerror(errno)), -1;
  static const char *const names[4] = {"COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv",
                                       "DETAILED_ACCESS_REPORT.csv", "QARRAY_REPORT.csv"};
  void (*const writers[4])(FILE *, const ss_run *) = {compute_report, bandwidth_report, detail_report,
                                                      qarray_report};
  qa_atomic a[4];
  int rc = 0, open = 0;
  for (; !rc && open < 4; open++) {
    char path[QA_PATH_MAX + 64];
    a[open] = (qa_atomic){.slot = -1};
    snprintf(path, sizeof path, "%s/%s", r->dir, names[open]);
    if (qa_atomic_open(&a[open], path, "w", err)) rc = -1;
    else writers[open](a[open].f, r);
  }
  for (int i = 0; !rc && i < 4; i++) rc = qa_atomic_commit(&a[i], err);
  for (int i = 0; i < open; i++) qa_atomic_abort(&a[i]);
  return rc;
}

static void print_table(const ss_run *r) {
  printf("\n%-16s %8s %8s %8s %-6s %12s %12s %12s %12s %10s\n", "layer", "M", "K", "N", "mode",
         "analytic", r->o->rtl ? "rtl" : "", "scalesim", r->mem.enabled ? "with_memory" : "", r->mem.enabled ? "stall" : "");
  for (int i = 0; i < r->topo.n; i++) {
    const ss_row *x = &r->row[i];
    char rtl[24] = "", mem[24] = "", st[24] = "";
    if (r->o->rtl) snprintf(rtl, sizeof rtl, "%" PRIu64, x->rtl);
    if (r->mem.enabled) snprintf(mem, sizeof mem, "%" PRIu64, x->mr.cycles), snprintf(st, sizeof st, "%" PRIu64, x->stall);
    printf("%-16s %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %-6s %12" PRIu64 " %12s %12" PRIu64 " %12s %10s\n",
           r->topo.l[i].name, x->g.m, x->g.k, x->g.n, x->g.mode ? "packed" : "full", x->analytic, rtl,
           x->scalesim, mem, st);
  }
  printf("\nreports: %s/{COMPUTE,BANDWIDTH,DETAILED_ACCESS,QARRAY}_REPORT.csv\n", r->dir);
}

/* SCALE-Sim v3's N:M column: with SparsitySupport true, refused (its compressed filter operand
 * is not modelled); without it, read and run dense, as SCALE-Sim runs it. */
static int check_sparsity(const ss_run *r, char *err) {
  for (int i = 0; i < r->topo.n; i++) {
    const qa_ss_layer *l = &r->topo.l[i];
    if (!l->sp_m || l->sp_n == l->sp_m) continue;
    if (r->cfg.sparsity)
      return snprintf(err, QA_ERR_LEN, "%s: layer %s is %d:%d sparse and %s sets SparsitySupport: true: "
                      "SCALE-Sim v3's compressed N:M filter operand is not modelled (set it false to run "
                      "the layers dense)", r->o->ss_topo, l->name, l->sp_n, l->sp_m, r->o->ss_cfg), -1;
    qa_errf("note: %s: layer %s's sparsity %d:%d is read; SparsitySupport is off, so it "
            "runs dense, as in SCALE-Sim\n", r->o->ss_topo, l->name, l->sp_n, l->sp_m);
  }
  return 0;
}

static int ss_setup(ss_run *r, regex_t *re, int *have_re, char *err) {
  const qa_opts *o = r->o;
  if (!o->ss_cfg || !o->ss_topo) return qa_usage_err("scalesim needs -c FILE.cfg and -t TOPOLOGY.csv", NULL);
  if (o->jobs && !o->rtl) return qa_usage_err("--jobs needs --rtl", NULL);
  int rc = qa_one_wbits(o, &r->wbits);
  if (rc) return rc;
  if (o->packed_re) {
    const int e = regcomp(re, o->packed_re, REG_EXTENDED | REG_NOSUB);
    if (e) return qa_usage_err("--packed is not a POSIX extended regular expression:", o->packed_re);
    *have_re = 1;
  }
  if (qa_ss_cfg_read(o->ss_cfg, &r->cfg, err) || qa_ss_topo_read(o->ss_topo, o->ss_conv, &r->topo, err) ||
      check_sparsity(r, err) || map_memory(r, err) || eval_layers(r, *have_re ? re : NULL, err))
    return QA_EXIT_USAGE;
  return 0;
}

int qa_cmd_scalesim(const qa_opts *o) {
  ss_run r = {.o = o};
  regex_t re;
  int have_re = 0;
  char err[QA_ERR_LEN] = "";
  int rc = ss_setup(&r, &re, &have_re, err);
  if (!rc && o->rtl) rc = run_rtl(&r, err);
  if (!rc && write_reports(&r, err)) rc = QA_EXIT_USAGE;
  if (rc && *err) qa_errf("%s\n", err);
  if (!rc) print_table(&r);
  if (have_re) regfree(&re);
  ss_free(&r);
  return rc;
}
