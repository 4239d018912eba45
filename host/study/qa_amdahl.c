/* qa_amdahl.c: see qa_amdahl.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_amdahl.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_area.h"
#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_columns.h"
#include "qa_load.h"
#include "qa_rtlrun.h"
#include "qa_study.h"
#include "qa_sweep.h"
#include "qa_util.h"
#include "qa_work.h"

/* ---- amdahl: the RTL as the cycle source ---- */

/* With --rtl, every distinct GEMM runs once on the RTL (cycles do not depend on the data), is
 * golden-checked and must equal the analytic model: the sweep is walked once to list them
 * (qa_work.h), the list is run on --jobs workers (or one --shard of it), and the sweep is walked
 * again with the RTL's cycles. */

/* --rtl-sample: n random tiles of each GEMM class of point p, each run on the RTL as a one-tile
 * GEMM in the quantized run's mode, golden-checked and compared with the analytic count.
 * Returns 0 or the failure's code; *done counts the tiles. */
static int sample_tiles(qa_work *w, const qa_point *p, int n, uint64_t *rng, uint64_t *done,
                        char *err) {
  qa_block_gemm gl[QA_MAX_BLOCK_GEMMS];
  const int ng = qa_block_gemms(p->model, p->phase, p->seq, p->batch, gl, err);
  if (ng < 0) return QA_EXIT_USAGE;
  for (int cls = 0; cls < 2; cls++) {
    int idx[QA_MAX_BLOCK_GEMMS], ni = 0;
    for (int i = 0; i < ng; i++)
      if ((int)gl[i].cls == cls) idx[ni++] = i;
    for (int s = 0; s < n && ni; s++) {
      const qa_block_gemm *b = &gl[idx[qa_splitmix64(rng) % (uint64_t)ni]];
      const uint64_t R = (uint64_t)p->rows, C = (uint64_t)p->cols;
      const uint64_t mi = qa_splitmix64(rng) % qa_ceil_div(b->m, R);
      const uint64_t nj = qa_splitmix64(rng) % qa_ceil_div(b->n, C);
      const uint64_t tm = b->m - mi * R < R ? b->m - mi * R : R, tn = b->n - nj * C < C ? b->n - nj * C : C;
      qa_gemm_shape g = {p->rows, p->cols, p->wbits,
                         cls == QA_CLASS_PROJ ? QA_MODE_PACKED : QA_MODE_FULL, tm, b->k, tn};
      uint64_t cyc;
      int rc = qa_work_cycles(w, &g, &cyc, err);
      if (rc) return rc;
      (*done)++;
    }
  }
  return 0;
}

/* One amdahl run: its options, sweep, RTL work list and pools, CSV and the PE areas. */
typedef struct {
  const qa_opts *o;
  qa_sweep sw;
  qa_work work;
  qa_pool pool; /* worker 0's; with --jobs N the others are cloned from it */
  int jobs;
  int emit;     /* 0: the collect pass (nothing printed) */
  qa_amdahl_fill_fn fill; /* merging: where the RTL cycles come from */
  void *fill_ctx;
  qa_atomic csv;
  uint64_t rng, total, done, skipped, sampled;
  double t0, last_progress;
  double ge8, geq[QA_MAX_LIST]; /* --iso-area: GE of the W8 PE and of each --wbits PE */
  qa_area_table area;           /* --iso-area, --clock-from: the PEs' and the arrays' parts' areas */
  double clock_ratio[QA_MAX_LIST]; /* --clock-from: each --wbits array's clock over W8A8's */
  qa_energy_setup energy;
} amdahl_run;

/* One array's iso-area shapes in the table's header. */
static void iso_head_array(const amdahl_run *r, const qa_array_cfg *a) {
  const qa_sweep *s = &r->sw;
  char err[QA_ERR_LEN];
  printf("  %s:", a->name);
  for (int w = 0; w < s->nw; w++) {
    qa_iso iso;
    if (qa_iso_of(&r->area, a->rows, a->cols, s->wbits[w], &iso, err)) continue; /* checked before */
    if (iso.whole)
      printf(" W%dA8 %dx%d by the whole-array rule (W8A8 %.0f kGE, W%dA8 of the same shape %.0f kGE), "
             "%dx%d by the PE rule;", s->wbits[w], a->rows, iso.cols, iso.total_8 / 1000.0, s->wbits[w],
             iso.total_q / 1000.0, a->rows, iso.cols_pe);
    else
      printf(" W%dA8 fits %.0f PEs, %dx%d by the rule;", s->wbits[w],
             floor((double)a->rows * a->cols * iso.ge_8 / iso.ge_q), a->rows, iso.cols);
  }
  printf("\n");
}

static void table_head(const amdahl_run *r, const char *src) {
  const qa_sweep *s = &r->sw;
  const int wide = r->o->wide, iso = r->o->iso_area;
  printf("cycles per block from %s; f: projection share of the W8A8 block's cycles; s: the "
         "projections' speedup;\nspeedup: the block's = 1/((1-f)+f/s); ceiling: 1/(1-f); stall: "
         "share of the quantized block's cycles in memory stalls;\nbound: what bounds the "
         "quantized block (docs/memory.md); tok/s: tokens per second of the whole model\n"
         "(prefill: L per pass; decode: 1) at the array's clock. Arrays:\n", src);
  for (int i = 0; i < s->na; i++) printf("  "), qa_array_describe(&s->arr[i], 4, stdout);
  if (r->o->clock_from) {
    printf("Each precision at its own clock (--clock-from %s, docs/study.md: an estimate): ",
           r->o->clock_from == 1 ? "fpga: the ratio of ECP5 Fmax, synth/fpga.csv"
                                 : "levels: W8's PE logic levels over the precision's, synth/area.csv");
    for (int w = 0; w < s->nw; w++)
      printf("%sW%dA8 x%.3f of W8A8's", w ? ", " : "", s->wbits[w], r->clock_ratio[w]);
    printf("; t-spdup: the speedup in time (compute-only tokens per second) beside the speedup in cycles.\n");
  }
  if (iso) {
    const int whole = r->area.has_parts;
    printf("Iso-area (compute-only; docs/synthesis.md): the quantized array keeps ROWS and gets "
           "the columns whose %s\nthe W8A8 array's%s. GE per PE: W8 %.0f",
           whole ? "whole array (PEs, skew, de-skew, output buffer and its SRAM, control) fits" :
                   "PEs fit", whole ? " total" : " PE area (no array_parts.csv: the PE-only rule)", r->ge8);
    for (int w = 0; w < s->nw; w++) printf(", W%d %.0f", s->wbits[w], r->geq[w]);
    printf(". At the W8A8 area:\n");
    for (int a = 0; a < s->na; a++) iso_head_array(r, &s->arr[a]);
    printf("mpk: MACs per cycle per kGE of PE area (the block), W8A8, the quantized array of the "
           "same PE count, and at iso-area.\n");
  }
  const qa_columns_layout l = {.wide = wide, .energy = r->o->energy_table, .iso = iso,
                               .mem = s->arr[0].mem.enabled, .clock = r->o->clock_from != 0};
  if (l.wide) {
    printf("\n");
  } else if (l.energy) {
    printf("energy per token of the whole model (docs/energy.md); ");
    qa_energy_describe(&r->energy.e, stdout);
    printf("untouched: the W8A8 energy share of attention, which quantization cannot touch\n");
    printf("\n%-38s | %-7s | %-47s | %s\n", "", "cycles", "energy per token (uJ), tokens per joule",
           "quantized split");
  } else if (l.iso) {
    printf("\n%-38s | %-26s | %-23s | %s\n", "", "iso-PE (same PE count)", "iso-area", "mpk (block)");
  } else {
    printf("\n%-38s | %-26s |%s\n", "", "compute-only", l.mem ? " with the memory system" : "");
  }
  qa_columns_table(NULL, &l);
}

/* ---- amdahl: the sweep ---- */

/* A point's place in the sweep: its model, array, phase, length and precision. */
typedef struct {
  int m, a, p, s, w;
} point_at;

static int amdahl_point(amdahl_run *r, const point_at *at, char *err) {
  const qa_sweep *s = &r->sw;
  const qa_array_cfg *a = &s->arr[at->a];
  const int wi = at->w, wbits = s->wbits[wi];
  const qa_opts *o = r->o;
  qa_point p = {.model = s->model[at->m], .array = a->name, .rows = a->rows, .cols = a->cols,
                .wbits = wbits, .phase = s->phase[at->p], .seq = s->seq[at->s], .batch = o->batch, .clock_mhz = a->clock_mhz,
                .mem = &a->mem, .energy = &r->energy,
                .clock_ratio = o->clock_from ? r->clock_ratio[wi] : 0, .lm_head = o->lm_head};
  const qa_cycles_fn fn = o->rtl ? qa_work_cycles : qa_cycles_analytic;
  int rc = qa_point_eval(&p, fn, &r->work, err);
  qa_iso iso;
  if (!rc && o->iso_area) rc = qa_iso_of(&r->area, a->rows, a->cols, wbits, &iso, err) ? QA_EXIT_USAGE : 0;
  if (!rc && o->iso_area) rc = qa_point_iso(&p, &iso, fn, &r->work, err);
  if (!rc && o->sample) rc = sample_tiles(&r->work, &p, (int)o->sample, &r->rng, &r->sampled, err);
  if (rc || !r->emit) return rc;
  if (!o->quiet) qa_columns_row(&p, o->wide, o->energy_table);
  if (r->csv.f) qa_columns_csv_row(r->csv.f, &p, a, o->rtl ? "rtl" : "analytic", o->iso_area);
  const double now = qa_now_s();
  if ((o->rtl || o->sample) && !r->fill && now - r->last_progress > 2.0) {
    qa_errf("progress %" PRIu64 "/%" PRIu64 " points, %.0f s\n", r->done, r->total,
            now - r->t0);
    r->last_progress = now;
  }
  return 0;
}

/* Every point of the sweep, in the order model, array, phase, L, precision. */
static int amdahl_sweep(amdahl_run *r, char *err) {
  const qa_sweep *s = &r->sw;
  for (int mi = 0; mi < s->nm; mi++)
    for (int ai = 0; ai < s->na; ai++)
      for (int pi = 0; pi < s->np; pi++)
        for (int si = 0; si < s->ns; si++)
          for (int wi = 0; wi < s->nw; wi++) {
            r->done++;
            if (s->seq[si] > (uint64_t)s->model[mi]->max_ctx) {
              r->skipped++;
              continue;
            }
            int rc = amdahl_point(r, &(point_at){mi, ai, pi, si, wi}, err);
            if (rc) return rc;
          }
  return 0;
}

/* Nothing left after the context filter: say why. */
static int nothing_to_do(const qa_sweep *s) {
  int ctx = 0;
  for (int i = 0; i < s->nm; i++) ctx = s->model[i]->max_ctx > ctx ? s->model[i]->max_ctx : ctx;
  qa_errf("nothing to do: every --seq length is beyond the context of the models "
                  "chosen (the longest is %d tokens)\n", ctx);
  return QA_EXIT_USAGE;
}

static int amdahl_check(const qa_opts *o) {
  if (o->rtl && o->sample) return qa_usage_err("--rtl and --rtl-sample exclude each other", NULL);
  if (o->tr.path && !o->rtl && !o->sample) return qa_usage_err("--trace needs --rtl or --rtl-sample", NULL);
  if (o->mutant && !o->rtl && !o->sample) return qa_usage_err("--mutant needs --rtl or --rtl-sample", NULL);
  if (o->quiet && !o->csv) return qa_usage_err("--quiet prints nothing: give --csv FILE", NULL);
  if (o->jobs && !o->rtl && !o->sample) return qa_usage_err("--jobs needs --rtl or --rtl-sample", NULL);
  if (o->shard_n && !o->rtl) return qa_usage_err("--shard needs --rtl (it splits the RTL's work list)", NULL);
  if (o->shard_n && !o->csv) return qa_usage_err("--shard writes a shard file: give --csv FILE", NULL);
  if (o->plan && (!o->rtl || o->csv || o->shard_n))
    return qa_usage_err("--plan takes --rtl and neither --csv nor --shard (it runs nothing)", NULL);
  return 0;
}

static void amdahl_summary(const amdahl_run *r, double wall, double cpu) {
  qa_errf("%" PRIu64 " points (%" PRIu64 " skipped: L above the model's context), "
                  "%.3f s wall, %.3f s CPU, cycles from %s\n", r->total - r->skipped, r->skipped,
          wall, cpu, r->o->rtl ? (r->fill ? "the RTL (the shards merged)" : "the RTL")
                               : "the analytic model");
  if ((r->o->rtl || r->o->sample) && !r->fill)
    qa_errf("RTL: %" PRIu64 " GEMMs simulated (%" PRIu64 " cycles, %.1f s) on %d "
                    "worker%s, every one bit-exact and equal to the analytic count\n", r->pool.runs,
            r->pool.sim_cycles, r->pool.sim_wall_s, r->jobs, r->jobs > 1 ? "s" : "");
  if (r->o->sample) qa_errf("--rtl-sample: %" PRIu64 " tiles sampled, all matched\n",
                            r->sampled);
}

/* --iso-area: the PE areas of W8 and of every swept precision (ACCW 32). */
static int load_areas(amdahl_run *r, char *err) {
  qa_area_table *t = &r->area;
  if ((r->o->area_file ? qa_area_load(r->o->area_file, t, err) : qa_area_load_default(t, err)) ||
      qa_area_pe(t, 8, 32, &r->ge8, err))
    return QA_EXIT_USAGE;
  for (int w = 0; w < r->sw.nw; w++)
    if (qa_area_pe(t, r->sw.wbits[w], 32, &r->geq[w], err)) return QA_EXIT_USAGE;
  return 0;
}

/* --clock-from: each precision's clock against W8A8's (synth/fpga.csv or the PEs' levels). */
static int load_clocks(amdahl_run *r, char *err) {
  char fpga[4200];
  snprintf(fpga, sizeof fpga, "%s/synth/fpga.csv", qa_root());
  for (int w = 0; w < r->sw.nw; w++)
    if (qa_clock_ratio(&r->area, fpga, r->o->clock_from, r->sw.wbits[w], &r->clock_ratio[w], err))
      return QA_EXIT_USAGE;
  return 0;
}

/* Every RTL model the sweep needs, loaded (built if missing) before any work. */
static int load_models(amdahl_run *r, char *err) {
  const qa_sweep *s = &r->sw;
  int rc = 0;
  for (int a = 0; !rc && a < s->na; a++)
    for (int w = 0; !rc && w < s->nw; w++) {
      const qa_array_cfg *ac = &s->arr[a];
      rc = qa_pool_load(&r->pool, ac->rows, ac->cols, s->wbits[w], err);
      qa_iso iso;
      if (!rc && r->o->iso_area && qa_iso_of(&r->area, ac->rows, ac->cols, s->wbits[w], &iso, err))
        rc = QA_EXIT_USAGE;
      if (!rc && r->o->iso_area) rc = qa_pool_load(&r->pool, ac->rows, iso.cols, s->wbits[w], err);
    }
  return rc;
}

/* Before any work: something to do, the CSV's location, every RTL model the sweep needs. */
static int amdahl_prepare(amdahl_run *r, char *err) {
  const qa_opts *o = r->o;
  const qa_sweep *s = &r->sw;
  r->total = (uint64_t)s->nm * (uint64_t)s->na * (uint64_t)s->np * (uint64_t)s->ns * (uint64_t)s->nw;
  uint64_t live = 0;
  for (int mi = 0; mi < s->nm; mi++)
    for (int si = 0; si < s->ns; si++) live += s->seq[si] <= (uint64_t)s->model[mi]->max_ctx;
  if (!live) return nothing_to_do(s);
  qa_pool_init(&r->pool, 32, !o->no_build, o->seed);
  if (o->tr.path) r->pool.trace = &o->tr;
  r->pool.mutant = o->mutant;
  r->jobs = qa_opts_jobs(o);
  if (qa_energy_setup_load(o, &r->energy)) return QA_EXIT_USAGE; /* it printed the error */
  int rc = o->iso_area || o->clock_from ? load_areas(r, err) : 0;
  if (!rc && o->clock_from) rc = load_clocks(r, err);
  if (!rc && o->csv && qa_atomic_open(&r->csv, o->csv, "w", err)) rc = QA_EXIT_USAGE;
  if (!rc && (o->rtl || o->sample) && !r->fill && !o->plan) rc = load_models(r, err);
  if (rc) qa_errf("%s\n", err);
  else if (r->csv.f && !o->shard_n)
    qa_columns_csv_head(r->csv.f, o->iso_area);
  return rc;
}

/* The sweep's identity: the arguments that say what it computes, then its work list. */
static uint64_t sweep_fingerprint(const amdahl_run *r) {
  const char *args[512];
  const int n = qa_opts_sweep_args(r->o, args, 512);
  uint64_t h = QA_FNV0;
  for (int i = 0; i < n; i++) h = qa_fnv(h, args[i], strlen(args[i]) + 1);
  return qa_work_fingerprint(&r->work, h);
}

/* --shard I/N: this shard's results, for qarray merge (docs/scaling.md has the format). */
static void write_shard(amdahl_run *r, const size_t *items, size_t n, uint64_t fp) {
  FILE *f = r->csv.f;
  const char *args[512];
  const int na = qa_opts_sweep_args(r->o, args, 512);
  uint64_t all = 0, mine = 0;
  for (size_t i = 0; i < r->work.n; i++) all += r->work.it[i].model;
  for (size_t i = 0; i < n; i++) mine += r->work.it[items[i]].model;
  fprintf(f, "# qarray amdahl shard %" PRIu64 "/%" PRIu64 "\n", r->o->shard_i, r->o->shard_n);
  fprintf(f, "# sweep %016" PRIx64 ": %zu GEMMs, %" PRIu64 " predicted cycles; this shard %zu GEMMs, "
          "%" PRIu64 "\n", fp, r->work.n, all, n, mine);
  for (int i = 0; i < na; i++) fprintf(f, "# arg %s\n", args[i]);
  fprintf(f, "index,rows,cols,wbits,mode,m,k,n,model_cycles,rtl_cycles\n");
  for (size_t i = 0; i < n; i++) {
    const qa_work_item *e = &r->work.it[items[i]];
    fprintf(f, "%zu,%d,%d,%d,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
            items[i], e->g.rows, e->g.cols, e->g.wbits, e->g.mode ? "packed" : "full", e->g.m,
            e->g.k, e->g.n, e->model, e->cycles);
  }
}

/* --plan: the work list's size and what N workers (or shards) would take, predicted. */
/* The simulation rate of one model of R x C PEs, from make bench (bench/README.md, the twin,
 * W2 PACKED): about 5.6e8 PE-cycles per second (edge 546 kHz; cloud 14.6 kHz is 9.6e8, so this
 * errs long), at most 2.5 MHz (4x4 measured 2.3-2.9 MHz, where the host's share dominates). */
static double sim_hz(int rows, int cols) {
  const double hz = 5.6e8 / ((double)rows * cols);
  return hz < 2.5e6 ? hz : 2.5e6;
}

static void print_plan(const qa_work *w) {
  uint64_t all = 0, big = 0;
  double secs = 0.0;
  char b[3][32];
  for (size_t i = 0; i < w->n; i++) {
    all += w->it[i].model;
    big = w->it[i].model > big ? w->it[i].model : big;
    secs += (double)w->it[i].model / sim_hz(w->it[i].g.rows, w->it[i].g.cols);
  }
  printf("work list: %zu distinct GEMMs, %s predicted RTL cycles, the largest %s\n", w->n,
         qa_thousands(all, b[0]), qa_thousands(big, b[1]));
  printf("%8s %16s %8s %10s %14s\n", "workers", "longest_part", "speedup", "efficiency",
         "est_wall_s");
  for (int n = 1; n <= 1024; n *= 2) {
    const uint64_t span = qa_work_makespan(w, n);
    printf("%8d %16s %8.2f %9.1f%% %14.1f\n", n, qa_thousands(span, b[2]),
           (double)all / (double)span, 100.0 * (double)all / (double)span / n,
           all ? secs * (double)span / (double)all : 0.0);
  }
  printf("est_wall_s: the longest part at about 5.6e8 PE-cycles per second per model (make bench: "
         "edge 546 kHz, cloud 14.6 kHz; bench/README.md), at most 2.5 MHz; builds not included\n");
  printf("(predicted cycles split longest first; each worker or shard's time is its part's cycles "
         "over its model's simulation rate)\n");
}

/* --rtl, --rtl-sample: list the distinct GEMMs (the collect pass), then run them (all, or this
 * shard's), or take their cycles from the shards being merged. */
static int amdahl_rtl(amdahl_run *r, char *err) {
  const qa_opts *o = r->o;
  const uint64_t rng0 = r->rng;
  r->work.collect = 1;
  r->emit = 0;
  int rc = amdahl_sweep(r, err);
  r->work.collect = 0;
  r->emit = 1;
  r->rng = rng0, r->done = r->skipped = r->sampled = 0;
  if (rc) return rc;
  const uint64_t fp = sweep_fingerprint(r);
  if (r->fill) return r->fill(r->fill_ctx, &r->work, fp, err);
  if (o->plan) return print_plan(&r->work), 0;
  size_t *items = malloc((r->work.n ? r->work.n : 1) * sizeof *items), n = 0;
  int *owner = o->shard_n ? malloc((r->work.n ? r->work.n : 1) * sizeof *owner) : NULL;
  if (!items || (o->shard_n && !owner)) rc = QA_EXIT_USAGE, snprintf(err, QA_ERR_LEN, "out of memory");
  if (!rc && owner) qa_work_split(&r->work, (int)o->shard_n, owner);
  for (size_t i = 0; !rc && i < r->work.n; i++)
    if (!owner || (uint64_t)owner[i] == o->shard_i) items[n++] = i;
  if (!rc && o->shard_n)
    qa_errf("shard %" PRIu64 "/%" PRIu64 ": %zu of the sweep's %zu distinct GEMMs\n",
            o->shard_i, o->shard_n, n, r->work.n);
  if (!rc) rc = qa_work_run_cloned(&r->work, items, n, &r->pool, r->jobs, err);
  if (!rc && o->shard_n) write_shard(r, items, n, fp);
  free(items);
  free(owner);
  return rc;
}

static int amdahl_run_all(amdahl_run *r, char *err) {
  const qa_opts *o = r->o;
  int rc = (o->rtl || o->sample) ? amdahl_rtl(r, err) : 0;
  if (rc || o->shard_n || o->plan) return rc;
  if (!o->quiet) table_head(r, o->rtl ? "the RTL (each distinct GEMM run once)" : "the analytic model");
  return amdahl_sweep(r, err);
}

int qa_amdahl_study(const qa_opts *o, qa_amdahl_fill_fn fill, void *fill_ctx) {
  amdahl_run r = {.o = o, .csv = {.slot = -1}, .emit = 1, .fill = fill, .fill_ctx = fill_ctx};
  char err[QA_ERR_LEN];
  int rc = amdahl_check(o);
  if (rc || (rc = qa_sweep_resolve(o, NULL, &r.sw))) return rc;
  r.rng = o->seed * 0x9e3779b97f4a7c15ull + 1;
  rc = amdahl_prepare(&r, err);
  r.t0 = r.last_progress = qa_now_s();
  const double c0 = qa_cpu_s();
  if (!rc && (rc = amdahl_run_all(&r, err))) qa_errf("%s\n", err);
  if (!rc && r.csv.f && (rc = qa_atomic_commit(&r.csv, err) ? QA_EXIT_USAGE : 0))
    qa_errf("%s\n", err);
  qa_atomic_abort(&r.csv);
  if (!rc && !o->shard_n && !o->plan) amdahl_summary(&r, qa_now_s() - r.t0, qa_cpu_s() - c0);
  if (!rc && o->shard_n) qa_errf("shard written to %s (%d workers, %.1f s)\n",
                                 o->csv, r.jobs, qa_now_s() - r.t0);
  if (rc == QA_EXIT_FAIL) qa_errf("amdahl FAILED\n");
  qa_pool_free(&r.pool);
  qa_work_free(&r.work);
  qa_sweep_free(&r.sw);
  return rc;
}
