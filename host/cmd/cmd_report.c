/* cmd_report.c: qarray report DIR. Runs the study's sweep (analytic cycles, the memory system
 * on) over the arrays, precisions, models and lengths the options name, and writes DIR/README.md
 * (tables), gnuplot data and scripts, and the plots when gnuplot is installed. Every file is
 * written atomically. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qa_area.h"
#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_models.h"
#include "qa_study.h"
#include "qa_sweep.h"

static const char *const kPh[2] = {"prefill", "decode"};

typedef struct {
  int valid;
  qa_point p;
} cell;

typedef struct {
  const char *dir, *area_file;
  qa_sweep sw;
  cell *c;  /* [model][array][phase][seq][wbits] */
  int head; /* the index of the headline length (512 if swept, else the middle one) */
  double ge8, geq[QA_MAX_LIST]; /* PE areas (synth/area.csv): W8 and each --wbits */
  qa_area_table area;           /* and the arrays' parts (synth/array_parts.csv) */
  qa_energy_setup energy;
  int rc;   /* the first error (QA_EXIT_USAGE) */
  int user_models; /* --model given: the roofline follows it */
} report;

static cell *at(const report *r, int m, int a, int ph, int s, int w) {
  const qa_sweep *sw = &r->sw;
  return &r->c[((((size_t)m * (size_t)sw->na + (size_t)a) * 2 + (size_t)ph) * (size_t)sw->ns +
                (size_t)s) * (size_t)sw->nw + (size_t)w];
}

static int sweep(report *r) {
  const qa_sweep *s = &r->sw;
  char err[QA_ERR_LEN];
  qa_area_table *t = &r->area;
  int bad = (r->area_file ? qa_area_load(r->area_file, t, err) : qa_area_load_default(t, err)) ||
            qa_area_pe(t, 8, 32, &r->ge8, err);
  for (int w = 0; !bad && w < s->nw; w++) bad = qa_area_pe(t, s->wbits[w], 32, &r->geq[w], err);
  if (bad) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  r->c = calloc((size_t)s->nm * (size_t)s->na * 2 * (size_t)s->ns * (size_t)s->nw, sizeof *r->c);
  if (!r->c) {
    fprintf(stderr, "qarray: out of memory\n");
    return QA_EXIT_USAGE;
  }
  for (int m = 0; m < s->nm; m++)
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++)
        for (int q = 0; q < s->ns; q++)
          for (int w = 0; w < s->nw; w++) {
            if (s->seq[q] > (uint64_t)s->model[m]->max_ctx) continue;
            const qa_array_cfg *ac = &s->arr[a];
            cell *c = at(r, m, a, ph, q, w);
            c->p = (qa_point){.model = s->model[m], .array = ac->name, .rows = ac->rows,
                              .cols = ac->cols, .wbits = s->wbits[w],
                              .phase = ph ? QA_PHASE_DECODE : QA_PHASE_PREFILL, .seq = s->seq[q],
                              .batch = 1, .clock_mhz = ac->clock_mhz, .mem = &ac->mem,
                              .energy = &r->energy};
            qa_iso iso;
            if (qa_point_eval(&c->p, qa_cycles_analytic, NULL, err) ||
                qa_iso_of(&r->area, ac->rows, ac->cols, s->wbits[w], &iso, err) ||
                qa_point_iso(&c->p, &iso, qa_cycles_analytic, NULL, err)) {
              fprintf(stderr, "qarray: %s\n", err);
              return QA_EXIT_USAGE;
            }
            c->valid = 1;
          }
  return 0;
}

/* ---- files ---- */

/* Write DIR/name atomically with fn; the first failure is kept in r->rc. */
static void write_file(report *r, const char *name, void (*fn)(const report *, FILE *)) {
  if (r->rc) return;
  char path[QA_PATH_MAX], err[QA_ERR_LEN];
  snprintf(path, sizeof path, "%.3900s/%.120s", r->dir, name);
  qa_atomic f;
  if (qa_atomic_open(&f, path, "w", err) == 0) {
    fn(r, f.f);
    if (qa_atomic_commit(&f, err) == 0) return;
  }
  fprintf(stderr, "qarray: %s\n", err);
  r->rc = QA_EXIT_USAGE;
}

/* Per array and phase, a block per model (gnuplot "index"): L f speedup_w<B>... ceiling. */
static void dat_speedup(const report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  for (int m = 0; m < s->nm; m++) {
    fprintf(f, "# %s\n# L f", s->model[m]->name);
    for (int w = 0; w < s->nw; w++) fprintf(f, " speedup_w%d", s->wbits[w]);
    fprintf(f, " ceiling\n");
    for (int q = 0; q < s->ns; q++) {
      const cell *c = at(r, m, a, ph, q, 0);
      if (!c->valid) continue;
      fprintf(f, "%" PRIu64 " %.6f", s->seq[q], c->p.f);
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.6f", at(r, m, a, ph, q, w)->p.speedup);
      fprintf(f, " %.6f\n", c->p.ceiling);
    }
    fprintf(f, "\n\n");
  }
}

static int g_a, g_ph; /* the array and phase dat_speedup_cb writes */
static void dat_speedup_cb(const report *r, FILE *f) { dat_speedup(r, f, g_a, g_ph); }

/* At the headline L: f per array and phase, then per array the prefill block's cycle split,
 * normalised to W8A8: base_proj base_attn, then q_proj q_attn per precision. */
static void dat_per_model(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, f per array (%d) and phase (prefill, decode), then per array: base_proj "
             "base_attn, then per precision (%d) q_proj q_attn, of the prefill block over the W8A8 "
             "block; L = %" PRIu64 "\n", s->na, s->nw, s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++) fprintf(f, " %.6f", at(r, m, a, ph, r->head, 0)->p.f);
    for (int a = 0; a < s->na; a++) {
      const qa_point *p = &at(r, m, a, 0, r->head, 0)->p;
      const double b = (double)(p->base_proj + p->base_attn);
      fprintf(f, " %.6f %.6f", p->base_proj / b, p->base_attn / b);
      for (int w = 0; w < s->nw; w++) {
        const qa_point *q = &at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.6f %.6f", q->q_proj / b, q->q_attn / b);
      }
    }
    fprintf(f, "\n");
  }
}

/* Per model: the share (%) of the block's cycles in memory stalls, per array and phase: W8A8,
 * then each precision; headline L. */
static void dat_bound(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, then per array and phase: memory-stall %% of the W8A8 block, then of the "
             "block at each precision (%d); L = %" PRIu64 "\n", s->nw, s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++)
        for (int w = -1; w < s->nw; w++) {
          const qa_point *p = &at(r, m, a, ph, r->head, w < 0 ? 0 : w)->p;
          const uint64_t st = w < 0 ? p->mstall_base : p->mstall_q;
          const uint64_t cy = w < 0 ? p->mbase_proj + p->mbase_attn : p->mq_proj + p->mq_attn;
          fprintf(f, " %.4f", 100.0 * (double)st / (double)cy);
        }
    fprintf(f, "\n");
  }
}

/* At the headline L, prefill: per model, for each array and precision, the iso-PE and the
 * iso-area speedup. */
static void dat_iso(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, then per array and precision: speedup iso-PE, speedup iso-area; prefill, L = %"
             PRIu64 "\n", s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int w = 0; w < s->nw; w++) {
        const qa_point *p = &at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.6f %.6f", p->speedup, p->speedup_iso);
      }
    fprintf(f, "\n");
  }
}

/* Energy per token at the headline L, per model: for each array and phase, W8A8 then each
 * precision, compute SRAM DRAM normalised to the W8A8 total. */
/* The report's energy parts: compute, registers (clock and data), SRAM, DRAM, leakage, summed
 * over the two classes, of the W8A8 run or (quant) the quantized one. Returns their total. */
enum { E_PARTS = 5 };
static const char *const kEPart[E_PARTS] = {"compute", "registers", "SRAM", "DRAM", "leakage"};
static double e_parts(const qa_point *p, int quant, double v[E_PARTS]) {
  double t = 0;
  for (int i = 0; i < E_PARTS; i++) v[i] = 0;
  for (int c = 0; c < 2; c++)
    for (int i = 0; i < QA_ENERGY_NSPLIT; i++) {
      const double x = quant ? p->e_q[c][i] : p->e_base[c][i];
      v[i < 2 ? i : i - 1] += x, t += x;
    }
  return t;
}

static void dat_energy(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, per array and phase: W8A8 compute registers sram dram leakage, then per "
             "precision (%d) the same (share of the W8A8 energy per token); L = %" PRIu64 "\n", s->nw,
          s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++) {
        const qa_point *p = &at(r, m, a, ph, r->head, 0)->p;
        double v[E_PARTS];
        const double tb = e_parts(p, 0, v);
        for (int i = 0; i < E_PARTS; i++) fprintf(f, " %.6f", v[i] / tb);
        for (int w = 0; w < s->nw; w++) {
          e_parts(&at(r, m, a, ph, r->head, w)->p, 1, v);
          for (int i = 0; i < E_PARTS; i++) fprintf(f, " %.6f", v[i] / tb);
        }
      }
    fprintf(f, "\n");
  }
}

/* The roofline's models: the ones the user named (--model), else one per family of the shipped
 * table (gpt2, opt-6.7b, llama-7b); at most kRoofMax, each with its own symbol, and only those
 * with a point at the headline L. Returns the count; idx[] their sweep indices. */
#define kRoofMax 6
static int roof_models(const report *r, int *idx) {
  static const char *const kDefault[3] = {"gpt2", "opt-6.7b", "llama-7b"};
  const qa_sweep *s = &r->sw;
  int n = 0;
  for (int m = 0; m < s->nm && n < kRoofMax; m++) {
    int pick = r->user_models;
    for (int k = 0; k < 3 && !pick; k++) pick = !strcmp(s->model[m]->name, kDefault[k]);
    if (pick && at(r, m, 0, 0, r->head, 0)->valid) idx[n++] = m;
  }
  return n;
}

/* Roofline points: intensity (MACs per DRAM byte read) and achieved MACs per cycle with the
 * memory system, per array, model, phase, class and precision. */
static void dat_roofline(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  int idx[kRoofMax];
  const int nm = roof_models(r, idx);
  for (int a = 0; a < s->na; a++) {
    fprintf(f, "# %s: model phase class precision intensity macs_per_cycle\n", s->arr[a].name);
    for (int k = 0; k < nm; k++) {
      const int m = idx[k];
      for (int ph = 0; ph < 2; ph++)
        for (int w = -1; w < s->nw; w++) {
          const qa_point *p = &at(r, m, a, ph, r->head, w < 0 ? 0 : w)->p;
          const int q = w >= 0;
          const struct {
            const char *cls;
            uint64_t macs, bytes, cyc;
          } pts[2] = {{"projection", p->macs_proj, q ? p->bytes_q_proj : p->bytes_base_proj,
                       q ? p->mq_proj : p->mbase_proj},
                      {"attention", p->macs_attn, q ? p->bytes_q_attn : p->bytes_base_attn,
                       q ? p->mq_attn : p->mbase_attn}};
          for (int i = 0; i < 2; i++)
            fprintf(f, "%s %s %s W%dA8 %.6g %.6g\n", s->model[m]->name, kPh[ph], pts[i].cls,
                    q ? s->wbits[w] : 8, (double)pts[i].macs / (double)pts[i].bytes,
                    (double)pts[i].macs / (double)pts[i].cyc);
        }
    }
    fprintf(f, "\n\n");
  }
}

/* ---- gnuplot ---- */

/* The speedup figure of one array and phase: a panel per model, the speedups and the ceiling
 * 1/(1-f) on one logarithmic scale (a ceiling on its own axis crossed the speedups it bounds),
 * the key inside the first panel, the canvas sized to the panels (at least 900 px wide, so the
 * title fits). */
static void gp_speedup(const report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  int drawn[QA_MAX_LIST], nd = 0; /* the models with a point at some L: one panel each */
  for (int m = 0; m < s->nm; m++)
    if (at(r, m, a, ph, 0, 0)->valid) drawn[nd++] = m; /* the shortest L is valid if any is */
  int cols = 1;
  while (cols * cols < nd) cols++;
  const int rows = (nd + cols - 1) / cols, width = 460 * cols > 900 ? 460 * cols : 900;
  fprintf(f, "set terminal pngcairo size %d,%d font ',10'\nset output '%s_%s_speedup.png'\n",
          width, 340 * rows + 70, s->arr[a].name, kPh[ph]);
  fprintf(f, "set multiplot layout %d,%d title \"Block speedup over W8A8 against sequence length, "
             "%s array (%dx%d), %s\\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))\" "
             "font ',12'\n", rows, cols, s->arr[a].name, s->arr[a].rows, s->arr[a].cols, kPh[ph]);
  fprintf(f, "set logscale x 2\nset xrange [%g:%g]\nset xtics (", (double)s->seq[0] * 0.8,
          (double)s->seq[s->ns - 1] * 1.25);
  for (int q = 0; q < s->ns; q++) fprintf(f, "%s%" PRIu64, q ? ", " : "", s->seq[q]);
  fprintf(f, ")\nset xlabel 'L (tokens)'\nset ylabel 'speedup (x), log scale'\nset logscale y\n"
             "set yrange [1:*]\nset grid\nset key top left opaque font ',9'\n");
  for (int d = 0; d < nd; d++) {
    const int m = drawn[d];
    fprintf(f, "set title '%s'\nplot", s->model[m]->name);
    for (int w = 0; w < s->nw; w++)
      fprintf(f, "%s '%s_%s.dat' index %d using 1:%d w lp lw 2 pt 7 ps 0.6 t 'W%dA8'", w ? "," : "",
              s->arr[a].name, kPh[ph], m, 3 + w, s->wbits[w]);
    fprintf(f, ", '' index %d using 1:%d w l lw 2 dt 2 lc rgb 'gray40' t 'ceiling'\n", m, 3 + s->nw);
    if (!d) fprintf(f, "unset key\n");
  }
  fprintf(f, "unset multiplot\nreset\n");
}

/* The canvas width of a bar chart: nm groups of nbars bars, the key outside on the right. Sized
 * to its content, so one or two models do not sit in an empty 1500 px canvas (issue 20). */
static int bar_canvas(int nm, int nbars) {
  int group = 14 * nbars + 30;
  if (group < 70) group = 70;
  const int w = 380 + nm * group;
  return w < 800 ? 800 : w > 2400 ? 2400 : w;
}

/* Shades per precision, darkest for W8A8 (k = 0), then the user's precisions in order. */
static const char *const kProj[5] = {"#203f80", "#3060c0", "#6088d8", "#90b0e8", "#c0d4f4"};
static const char *const kAttn[5] = {"#a05010", "#e08020", "#f0a050", "#f0c080", "#f8e0c0"};
#define SHADE(k) ((k) < 5 ? (k) : 4)

/* W8A8 and each precision side by side: nb bars of width bw per model, named left to right in
 * order ("W8A8, W2A8, W1A8"). */
typedef struct {
  int nb;
  double bw;
  char order[128];
} side_by_side;

static side_by_side bars_of(const qa_sweep *s) {
  side_by_side b = {.nb = s->nw + 1, .bw = 0.8 / (s->nw + 1)};
  int n = snprintf(b.order, sizeof b.order, "W8A8");
  for (int w = 0; w < s->nw && n > 0 && (size_t)n < sizeof b.order; w++)
    n += snprintf(b.order + n, sizeof b.order - (size_t)n, ", W%dA8", s->wbits[w]);
  return b;
}

static void gp_f(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "set terminal pngcairo size %d,650 font ',10'\nset output 'f_per_model.png'\n"
             "set title 'f = projection share of the W8A8 block cycles, L = %" PRIu64 "'\n"
             "set style data histograms\nset style histogram clustered gap 1\n"
             "set style fill solid 0.8 border -1\nset yrange [0:1.05]\nset ylabel 'f'\n"
             "set xtics rotate by -35\nset key outside right top\nset grid ytics\nplot",
          bar_canvas(s->nm, 2 * s->na), s->seq[r->head]);
  for (int a = 0, col = 2; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++, col++)
      fprintf(f, "%s 'per_model.dat' using %d%s t '%s %s'", col > 2 ? "," : "", col,
              col == 2 ? ":xtic(1)" : "", s->arr[a].name, kPh[ph]);
  fprintf(f, "\nreset\n");
}

/* The prefill block's cycles, W8A8 and each precision side by side, projections stacked under
 * attention, normalised to W8A8: a panel per array. */
static void gp_breakdown(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  const side_by_side b = bars_of(s);
  const int nb = b.nb;
  const double bw = b.bw;
  fprintf(f, "set terminal pngcairo size %d,%d font ',10'\nset output 'cycle_breakdown.png'\n"
             "set multiplot layout %d,1 title \"Block cycles, projections (blue) under attention "
             "(orange), prefill L = %" PRIu64 ", normalised to W8A8\\nbars left to right: %s\"\n"
             "set style fill solid 0.9 border -1\nset yrange [0:1.05]\nset boxwidth %g\n"
             "set xtics rotate by -35\nset ylabel 'share of W8A8 cycles'\nset key outside right top\n"
             "set grid ytics\n", bar_canvas(s->nm, 2 * nb), 120 + 420 * s->na, s->na,
          s->seq[r->head], b.order, bw);
  for (int a = 0; a < s->na; a++) {
    const int c0 = 2 + 2 * s->na + (2 + 2 * s->nw) * a;
    fprintf(f, "set title '%s array'\nplot", s->arr[a].name);
    for (int k = 0; k < nb; k++) {
      const double x = (k - (nb - 1) / 2.0) * bw;
      const int c = c0 + 2 * k;
      char prec[16];
      snprintf(prec, sizeof prec, "W%dA8", k ? s->wbits[k - 1] : 8);
      fprintf(f, "%s 'per_model.dat' using ($0%+g):($%d+$%d):(%g)%s w boxes lc rgb '%s' "
                 "t '%s attention', '' using ($0%+g):%d:(%g) w boxes lc rgb '%s' t '%s projections'",
              k ? "," : "", x, c, c + 1, bw, k == nb / 2 ? ":xtic(1)" : "", kAttn[SHADE(k)], prec,
              x, c, bw, kProj[SHADE(k)], prec);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "unset multiplot\nreset\n");
}

/* The iso-area shape of array a at precision index w (zeroed if the table lacks a PE, which
 * sweep() has refused already). */
static qa_iso iso_shape(const report *r, int a, int w) {
  qa_iso iso;
  char err[QA_ERR_LEN];
  const qa_array_cfg *ac = &r->sw.arr[a];
  if (qa_iso_of(&r->area, ac->rows, ac->cols, r->sw.wbits[w], &iso, err)) memset(&iso, 0, sizeof iso);
  return iso;
}

/* Iso-PE against iso-area speedup per model: a panel per array, a bar pair per precision. */
static void gp_iso(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "set terminal pngcairo size %d,%d font ',10'\nset output 'iso_area.png'\n"
             "set multiplot layout %d,1 title \"Block speedup over W8A8 at the same PE count (iso-PE) "
             "and at the same area (iso-area)\\nprefill L = %" PRIu64 ", compute-only\"\n"
             "set style data histograms\nset style histogram clustered gap 1\n"
             "set style fill solid 0.85 border -1\nset yrange [0:*]\nset ylabel 'speedup (x)'\n"
             "set xtics rotate by -35\nset key outside right top\nset grid ytics\n",
          bar_canvas(s->nm, 2 * s->nw), 120 + 420 * s->na, s->na, s->seq[r->head]);
  for (int a = 0; a < s->na; a++) {
    fprintf(f, "set title '%s array'\nplot", s->arr[a].name);
    for (int w = 0; w < s->nw; w++) {
      const int col = 2 + 2 * (a * s->nw + w);
      fprintf(f, "%s 'iso.dat' using %d%s lc rgb '%s' t 'W%dA8 iso-PE', '' using %d lc rgb '%s' "
                 "t 'W%dA8 iso-area (%dx%d)'", w ? "," : "", col, w ? "" : ":xtic(1)",
              kProj[SHADE(w + 1)], s->wbits[w], col + 1, kAttn[SHADE(w + 1)], s->wbits[w],
              s->arr[a].rows, iso_shape(r, a, w).cols);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "unset multiplot\nreset\n");
}

/* Energy per token, W8A8 and each precision side by side, stacked compute / registers / SRAM /
 * DRAM / leakage: a panel
 * per array and phase. */
static void gp_energy(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  const side_by_side b = bars_of(s);
  const int nb = b.nb;
  const double bw = b.bw;
  fprintf(f, "set terminal pngcairo size %d,%d font ',10'\nset output 'energy.png'\n"
             "set multiplot layout %d,1 title \"Energy per token, L = %" PRIu64 ", normalised to "
             "W8A8 (docs/energy.md)\\nbars left to right: %s\"\nset style fill solid 0.9 border -1\n"
             "set yrange [0:*]\nset boxwidth %g\nset xtics rotate by -35\n"
             "set ylabel 'share of W8A8 energy'\nset key outside right top\nset grid ytics\n",
          bar_canvas(s->nm, nb), 120 + 380 * 2 * s->na, 2 * s->na, s->seq[r->head], b.order, bw);
  static const char *const col[E_PARTS] = {"#3060c0", "#e0a020", "#40a040", "#d04040", "#808080"};
  for (int a = 0; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++) {
      const int c0 = 2 + E_PARTS * nb * (2 * a + ph);
      fprintf(f, "set title '%s array, %s'\nplot", s->arr[a].name, kPh[ph]);
      for (int q = 0; q < nb; q++)
        for (int i = E_PARTS - 1; i >= 0; i--) {
          /* a stack drawn top first: each box is the sum of its part and the parts below it */
          fprintf(f, "%s 'energy.dat' using ($0%+g):(", q || i < E_PARTS - 1 ? "," : "",
                  (q - (nb - 1) / 2.0) * bw);
          for (int k = 0; k <= i; k++) fprintf(f, "%s$%d", k ? "+" : "", c0 + E_PARTS * q + k);
          fprintf(f, "):(%g)%s w boxes lc rgb '%s' ", bw, q == nb / 2 && i == E_PARTS - 1 ? ":xtic(1)" : "",
                  col[i]);
          if (q) fprintf(f, "notitle");
          else fprintf(f, "t '%s'", kEPart[i]);
        }
      fprintf(f, "\n");
    }
  fprintf(f, "unset multiplot\nreset\n");
}

static void gp_plots(const report *r, FILE *f) {
  fprintf(f, "# Rendered by gnuplot in this directory (qarray report runs it); data from qarray "
             "report.\nset datafile commentschars '#'\n");
  for (int a = 0; a < r->sw.na; a++)
    for (int ph = 0; ph < 2; ph++) gp_speedup(r, f, a, ph);
  gp_f(r, f);
  gp_breakdown(r, f);
  gp_iso(r, f);
  gp_energy(r, f);
}

/* One array's roofline: a symbol per model (filled: prefill, open: decode), a colour per class
 * and precision (W8A8 darkest), a roof per precision. */
static void gp_roofline(const report *r, FILE *f, int a) {
  static const int kFilled[kRoofMax] = {7, 5, 9, 11, 13, 15}; /* pt N-1 is N's open shape */
  const qa_sweep *s = &r->sw;
  const qa_array_cfg *ac = &s->arr[a];
  const double pe = (double)ac->rows * ac->cols, bpc = ac->mem.dram_bpc;
  int idx[kRoofMax];
  const int nm = roof_models(r, idx);
  fprintf(f,
          "set terminal pngcairo size 1100,750 font ',10'\nset output 'roofline_%s.png'\n"
          "set title \"Roofline, %s array (%.0f PEs, DRAM %.4g GB/s = %.4g B/cycle), L = %" PRIu64
          ", one block per point (projections, attention)\"\n"
          "set logscale xy\nset xlabel 'MACs per DRAM byte read'\nset ylabel 'MACs per cycle'\n"
          "set format x '10^{%%T}'\nset format y '10^{%%T}'\nset xrange [0.1:100000]\n"
          "set rmargin 6\nset key top left box opaque font ',9'\nset grid\n"
          "roof(x, l) = (x * %g < l * %g) ? x * %g : l * %g\nplot",
          ac->name, ac->name, pe, ac->gbs, bpc, s->seq[r->head], bpc, pe, bpc, pe);
  for (int k = 0; k <= s->nw; k++) {
    const int wb = k ? s->wbits[k - 1] : 8;
    fprintf(f, "%s roof(x, %d) w l lw 2 dt %d lc rgb '#404040' t 'roof W%dA8 (%d MAC%s/PE/cycle)'",
            k ? "," : "", 8 / wb, k + 1, wb, 8 / wb, wb == 8 ? "" : "s");
  }
  for (int m = 0; m < nm; m++)
    for (int ph = 0; ph < 2; ph++)
      for (int k = 0; k <= s->nw; k++)
        for (int c = 0; c < 2; c++)
          fprintf(f, ", 'roofline.dat' index %d using 5:(strcol(1) eq '%s' && strcol(2) eq '%s' && "
                     "strcol(3) eq '%s' && strcol(4) eq 'W%dA8' ? $6 : 1/0) w p pt %d ps 2 "
                     "lc rgb '%s' notitle",
                  a, s->model[idx[m]]->name, kPh[ph], c ? "attention" : "projection",
                  k ? s->wbits[k - 1] : 8, kFilled[m] - ph,
                  c ? kAttn[SHADE(k)] : kProj[SHADE(k)]);
  for (int k = 0; k <= s->nw; k++)
    for (int c = 0; c < 2; c++)
      fprintf(f, ", NaN w p pt 5 ps 2 lc rgb '%s' t 'W%dA8 %s'", c ? kAttn[SHADE(k)] : kProj[SHADE(k)],
              k ? s->wbits[k - 1] : 8, c ? "attention" : "projections");
  for (int m = 0; m < nm; m++)
    fprintf(f, ", NaN w p pt %d ps 2 lc rgb 'black' t '%s%s'", kFilled[m], s->model[idx[m]]->name,
            m ? "" : " (filled: prefill, open: decode)");
  fprintf(f, "\nreset\n");
}

/* The share of the block's cycles in memory stalls: a panel per array, per model a bar per phase
 * (prefill blue, decode orange) and precision (W8A8 darkest). */
static void gp_mem(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  const int nb = s->nw + 1;
  fprintf(f, "set datafile commentschars '#'\n"
             "set terminal pngcairo size %d,%d font ',10'\nset output 'bound.png'\n"
             "set multiplot layout %d,1 title \"Share of the block cycles spent in memory stalls, "
             "L = %" PRIu64 "\\n(above the dashed line: memory-bound)\"\nset style data histograms\n"
             "set style histogram clustered gap 1\nset style fill solid 0.9 border -1\n"
             "set yrange [0:105]\nset ylabel 'memory stalls (%% of cycles)'\n"
             "set xtics rotate by -35\nset key outside right top\nset grid ytics\n",
          bar_canvas(s->nm, 2 * nb), 120 + 420 * s->na, s->na, s->seq[r->head]);
  for (int a = 0, col = 2; a < s->na; a++) {
    fprintf(f, "set title '%s array'\nplot", s->arr[a].name);
    for (int ph = 0; ph < 2; ph++)
      for (int k = 0; k < nb; k++, col++)
        fprintf(f, "%s 'bound.dat' using %d%s lc rgb '%s' t '%s W%dA8'", ph || k ? "," : "", col,
                ph || k ? "" : ":xtic(1)", ph ? kAttn[SHADE(k)] : kProj[SHADE(k)], kPh[ph],
                k ? s->wbits[k - 1] : 8);
    fprintf(f, ", %g w l lw 2 dt 2 lc rgb 'black' t 'memory-bound (%g %%)'\n",
            100 * QA_BOUND_STALL_SHARE, 100 * QA_BOUND_STALL_SHARE);
  }
  fprintf(f, "unset multiplot\nreset\n");
  int idx[kRoofMax];
  if (roof_models(r, idx))
    for (int a = 0; a < s->na; a++) gp_roofline(r, f, a);
}

/* ---- README ---- */

static void md_head_table(const report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "| model | f |");
  for (int w = 0; w < s->nw; w++) fprintf(f, " s W%dA8 | speedup W%dA8 |", s->wbits[w], s->wbits[w]);
  fprintf(f, " ceiling 1/(1-f) |\n|---|---|");
  for (int w = 0; w < s->nw; w++) fprintf(f, "---|---|");
  fprintf(f, "---|\n");
  for (int m = 0; m < s->nm; m++) {
    const cell *c = at(r, m, a, ph, r->head, 0);
    if (!c->valid) continue;
    fprintf(f, "| %s | %.3f |", s->model[m]->name, c->p.f);
    for (int w = 0; w < s->nw; w++) {
      const qa_point *p = &at(r, m, a, ph, r->head, w)->p;
      fprintf(f, " %.2fx | %.2fx |", p->s, p->speedup);
    }
    fprintf(f, " %.2fx |\n", c->p.ceiling);
  }
  fprintf(f, "\n");
}

static void md_mem_table(const report *r, FILE *f, int a) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "### %s array\n\n| model | phase | f | f mem | s mem | speedup | speedup mem | "
             "ceiling mem | stalls W8A8 / W%dA8 | bound W8A8 / W%dA8 |\n"
             "|---|---|---|---|---|---|---|---|---|---|\n", s->arr[a].name, s->wbits[0], s->wbits[0]);
  for (int m = 0; m < s->nm; m++)
    for (int ph = 0; ph < 2; ph++) {
      const cell *c = at(r, m, a, ph, r->head, 0);
      if (!c->valid) continue;
      const qa_point *p = &c->p;
      fprintf(f, "| %s | %s | %.3f | %.3f | %.2fx | %.2fx | %.2fx | %.2fx | %.1f %% / %.1f %% | "
                 "%s / %s |\n", s->model[m]->name, kPh[ph], p->f, p->mf, p->ms, p->speedup,
              p->mspeedup, p->mceiling,
              100.0 * (double)p->mstall_base / (double)(p->mbase_proj + p->mbase_attn),
              100.0 * (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn),
              qa_mem_bound_name(p->bound_base), qa_mem_bound_name(p->bound_q));
    }
  fprintf(f, "\n");
}

static void md_iso_table(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "## At equal silicon area (prefill, L = %" PRIu64 ", compute-only)\n\n"
             "A W<B>A8 PE is larger than a W8A8 one (GE per PE from `make synth`, report/synthesis.md: "
             "W8 %.0f", s->seq[r->head], r->ge8);
  for (int w = 0; w < s->nw; w++) fprintf(f, ", W%d %.0f", s->wbits[w], r->geq[w]);
  if (r->area.has_parts)
    fprintf(f, "), so at the W8A8 array's area the quantized array has fewer PEs: it keeps ROWS and "
               "gets the most columns whose whole array (PEs, skew, de-skew, output buffer and its "
               "SRAM macro, control; synth/array_parts.csv) fits the W8A8 array's (docs/synthesis.md). "
               "The PE-only rule (floor(COLS x GE8 / GEB) columns, the skew, buffer and control "
               "left out) is beside it. Iso-PE: the same PE count. mpk: MACs per cycle per kGE of "
               "PE area, the whole block.\n\n");
  else
    fprintf(f, "), so at the W8A8 array's PE area the quantized array has fewer PEs: it keeps ROWS "
               "and gets floor(COLS x GE8 / GEB) columns (docs/synthesis.md; no array_parts.csv, so "
               "the PE-only rule). Iso-PE: the same PE count; iso-area: the same PE area. mpk: MACs "
               "per cycle per kGE of PE area, the whole block.\n\n");
  for (int a = 0; a < s->na; a++) {
    fprintf(f, "### %s array (%dx%d)\n\n| model | f |", s->arr[a].name, s->arr[a].rows, s->arr[a].cols);
    for (int w = 0; w < s->nw; w++) {
      const qa_iso iso = iso_shape(r, a, w);
      fprintf(f, " W%dA8 iso-PE | W%dA8 iso-area (%dx%d) | PE rule (%dx%d) |", s->wbits[w], s->wbits[w],
              s->arr[a].rows, iso.cols, s->arr[a].rows, iso.cols_pe);
    }
    fprintf(f, " mpk W8A8 |");
    for (int w = 0; w < s->nw; w++) fprintf(f, " mpk W%dA8 iso-area |", s->wbits[w]);
    fprintf(f, "\n|---|---|");
    for (int w = 0; w < 4 * s->nw + 1; w++) fprintf(f, "---|");
    fprintf(f, "\n");
    for (int m = 0; m < s->nm; m++) {
      const cell *c = at(r, m, a, 0, r->head, 0);
      if (!c->valid) continue;
      fprintf(f, "| %s | %.3f |", s->model[m]->name, c->p.f);
      for (int w = 0; w < s->nw; w++) {
        const qa_point *p = &at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.2fx | %.2fx | %.2fx |", p->speedup, p->speedup_iso, p->speedup_iso_pe);
      }
      fprintf(f, " %.3f |", c->p.mpk_base[2]);
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.3f |", at(r, m, a, 0, r->head, w)->p.mpk_iso[2]);
      fprintf(f, "\n");
    }
    fprintf(f, "\n");
  }
}

/* "T (a/b/c/d/e)": uJ per token and its split in percent. */
static void md_split(FILE *f, const qa_point *p, int quant) {
  double v[E_PARTS];
  const double t = e_parts(p, quant, v);
  fprintf(f, " %.4g (", (quant ? p->pj_tok_q : p->pj_tok_base) / 1e6);
  for (int i = 0; i < E_PARTS; i++) fprintf(f, "%s%.0f", i ? "/" : "", 100 * v[i] / t);
  fprintf(f, ") |");
}

static void md_energy_table(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "## Energy per token (L = %" PRIu64 ")\n\nFirst-order, docs/energy.md: PE beats, "
             "every flip-flop's clock, the register toggles measured on the RTL (synth/activity.csv), "
             "leakage, SRAM (the output buffer's included) and DRAM bytes from the cycle and memory "
             "models; ", s->seq[r->head]);
  qa_energy_describe(&r->energy.e, f);
  if (!r->energy.has_hw) fprintf(f, "\nRegisters and leakage not counted: %s\n", r->energy.hw_err);
  fprintf(f, "\nuJ per token of the whole model with the split compute / registers / SRAM / DRAM / "
             "leakage (%%); projections: their share of the W8A8 block's energy and DRAM bytes (what "
             "quantization can touch; the rest is attention's).\n\n");
  for (int a = 0; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++) {
      fprintf(f, "### %s array, %s\n\n| model | W8A8 uJ/token (split %%) |", s->arr[a].name, kPh[ph]);
      for (int w = 0; w < s->nw; w++) fprintf(f, " W%dA8 uJ/token (split %%) | W%dA8 tokens/J |", s->wbits[w], s->wbits[w]);
      fprintf(f, " projections' energy | projections' DRAM bytes |\n|---|---|");
      for (int w = 0; w < s->nw; w++) fprintf(f, "---|---|");
      fprintf(f, "---|---|\n");
      for (int m = 0; m < s->nm; m++) {
        const cell *c = at(r, m, a, ph, r->head, 0);
        if (!c->valid) continue;
        const qa_point *p = &c->p;
        fprintf(f, "| %s |", s->model[m]->name);
        md_split(f, p, 0);
        for (int w = 0; w < s->nw; w++) {
          const qa_point *q = &at(r, m, a, ph, r->head, w)->p;
          md_split(f, q, 1);
          fprintf(f, " %.4g |", q->tok_j_q);
        }
        fprintf(f, " %.1f %% | %.1f %% |\n", 100 * (1 - p->e_untouched),
                100.0 * (double)p->dram_b_base[0] / (double)(p->dram_b_base[0] + p->dram_b_base[1]));
      }
      fprintf(f, "\n");
    }
}

static void md_seq_table(const report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "### %s, %s\n\n| model |", s->arr[a].name, kPh[ph]);
  for (int q = 0; q < s->ns; q++) fprintf(f, " L=%" PRIu64 " |", s->seq[q]);
  fprintf(f, "\n|---|");
  for (int q = 0; q < s->ns; q++) fprintf(f, "---|");
  fprintf(f, "\n");
  for (int m = 0; m < s->nm; m++) {
    fprintf(f, "| %s |", s->model[m]->name);
    for (int q = 0; q < s->ns; q++) {
      if (!at(r, m, a, ph, q, 0)->valid) {
        fprintf(f, " - |");
        continue;
      }
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.2f /", at(r, m, a, ph, q, w)->p.speedup);
      fprintf(f, " %.2f (f %.2f) |", at(r, m, a, ph, q, 0)->p.ceiling, at(r, m, a, ph, q, 0)->p.f);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "\n");
}

static int exists_in(const report *r, const char *name) {
  char path[QA_PATH_MAX + 128];
  struct stat st;
  snprintf(path, sizeof path, "%.3900s/%.120s", r->dir, name);
  return stat(path, &st) == 0;
}

static void md_plots(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  char names[80][96];
  int n = 0;
  for (int a = 0; a < s->na && a < 16; a++)
    for (int ph = 0; ph < 2; ph++) snprintf(names[n++], 96, "%s_%s_speedup.png", s->arr[a].name, kPh[ph]);
  snprintf(names[n++], 96, "f_per_model.png");
  snprintf(names[n++], 96, "cycle_breakdown.png");
  snprintf(names[n++], 96, "bound.png");
  snprintf(names[n++], 96, "iso_area.png");
  snprintf(names[n++], 96, "energy.png");
  int idx[kRoofMax];
  const int nroof = roof_models(r, idx);
  for (int a = 0; a < s->na && a < 16 && nroof; a++)
    snprintf(names[n++], 96, "roofline_%s.png", s->arr[a].name);
  fprintf(f, "## Plots\n\n");
  if (!nroof)
    fprintf(f, "No roofline: none of the chosen models has a point at L = %" PRIu64 ".\n\n",
            s->seq[r->head]);
  else
    fprintf(f, "The rooflines show %s%d model%s:", r->user_models ? "" : "one model per family, ",
            nroof, nroof > 1 ? "s" : "");
  for (int k = 0; k < nroof; k++) fprintf(f, "%s %s", k ? "," : "", s->model[idx[k]]->name);
  if (nroof) fprintf(f, "%s.\n\n", r->user_models && s->nm > kRoofMax ? " (the first six given: "
                                   "one symbol each)" : "");
  int missing = 0;
  for (int i = 0; i < n; i++) {
    if (exists_in(r, names[i])) fprintf(f, "![%s](%s)\n\n", names[i], names[i]);
    else missing++;
  }
  if (missing)
    fprintf(f, "%d plots are not drawn: gnuplot was not installed. Install it (`apt-get install "
               "gnuplot-nox`) and run `gnuplot plots.gp plots_mem.gp` in this directory, or "
               "`qarray report` again.\n", missing);
}

static void md_readme(const report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# The Amdahl study: quantized projections against W8A8 on the qarray OS array\n\n"
             "Made by `qarray report` (`make report`); cycles from the analytic model, which the "
             "test suite holds exact against the RTL. Batch 1. Baseline W8A8: every GEMM in FULL "
             "mode. W<B>A8: projections (Q, K, V, O, FFN) in PACKED mode with B-bit weights, "
             "attention (QK^T, softmax.V) unchanged INT8. f = projection share of W8A8 block "
             "cycles; s = projection speedup; speedup = block speedup = 1/((1-f)+f/s); ceiling = "
             "1/(1-f). Definitions: docs/study.md; the memory system: docs/memory.md.\n\nArrays:\n\n");
  for (int a = 0; a < s->na; a++) fprintf(f, "- "), qa_array_describe(&s->arr[a], 2, f);
  fprintf(f, "\n");
  for (int a = 0; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++) {
      fprintf(f, "## %s array (%dx%d), %s, L = %" PRIu64 "%s (compute-only)\n\n", s->arr[a].name,
              s->arr[a].rows, s->arr[a].cols, kPh[ph], s->seq[r->head],
              ph ? " of context, one token" : "");
      md_head_table(r, f, a, ph);
    }
  fprintf(f, "## With the memory system (W%dA8, L = %" PRIu64 ")\n\nMemory-aware cycles (SRAM "
             "buffers, one DRAM channel, double-buffered chunks, each GEMM from cold buffers) "
             "beside the compute-only ones; stalls: share of the block's cycles in memory stalls; "
             "bound: compute-, bandwidth- or latency-bound (docs/memory.md).\n\n",
          s->wbits[0], s->seq[r->head]);
  for (int a = 0; a < s->na; a++) md_mem_table(r, f, a);
  md_iso_table(r, f);
  md_energy_table(r, f);
  fprintf(f, "## Every sequence length\n\nEach cell: the speedup of");
  for (int w = 0; w < s->nw; w++) fprintf(f, "%s W%dA8", w ? "," : "", s->wbits[w]);
  fprintf(f, ", then the ceiling (f). `-`: beyond the model's context.\n\n");
  for (int a = 0; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++) md_seq_table(r, f, a, ph);
  md_plots(r, f);
}

/* ---- the command ---- */

/* gnuplot, if installed, in DIR; otherwise the command to install it. */
static void render(const report *r) {
  if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
    fprintf(stderr, "qarray: gnuplot is not installed, so the plots are not drawn; install it "
                    "(apt-get install gnuplot-nox) and run: cd %s && gnuplot plots.gp plots_mem.gp\n",
            r->dir);
    return;
  }
  char cmd[QA_PATH_MAX + 128];
  snprintf(cmd, sizeof cmd, "cd '%.3900s' && gnuplot plots.gp plots_mem.gp", r->dir);
  if (strchr(r->dir, '\'') || system(cmd) != 0)
    fprintf(stderr, "qarray: gnuplot failed on %s/plots.gp or plots_mem.gp\n", r->dir);
}

int qa_cmd_report(const qa_opts *o) {
  if (!o->pos) return qa_usage_err("report needs a directory: qarray report DIR", NULL);
  report r = {.dir = o->pos, .area_file = o->area_file, .user_models = o->model != NULL};
  if (mkdir(r.dir, 0755) != 0 && errno != EEXIST) {
    fprintf(stderr, "qarray: cannot create %s: %s\n", r.dir, strerror(errno));
    return QA_EXIT_USAGE;
  }
  int rc = qa_sweep_resolve(o, "2,1", &r.sw);
  if (rc) return rc;
  if (qa_energy_setup_load(o, &r.energy)) {
    qa_sweep_free(&r.sw);
    return QA_EXIT_USAGE;
  }
  r.head = r.sw.ns / 2;
  for (int q = 0; q < r.sw.ns; q++)
    if (r.sw.seq[q] == 512) r.head = q;
  int live = 0;
  for (int m = 0; m < r.sw.nm; m++) live += r.sw.seq[r.head] <= (uint64_t)r.sw.model[m]->max_ctx;
  if (!live) {
    fprintf(stderr, "qarray: nothing to report: L=%" PRIu64 " is beyond every chosen model's "
                    "context\n", r.sw.seq[r.head]);
    rc = QA_EXIT_USAGE;
  }
  if (!rc) rc = sweep(&r);
  for (int a = 0; !rc && a < r.sw.na; a++)
    for (g_ph = 0; g_ph < 2; g_ph++) {
      char name[96];
      g_a = a;
      snprintf(name, sizeof name, "%s_%s.dat", r.sw.arr[a].name, kPh[g_ph]);
      write_file(&r, name, dat_speedup_cb);
    }
  if (!rc) {
    write_file(&r, "per_model.dat", dat_per_model);
    write_file(&r, "bound.dat", dat_bound);
    write_file(&r, "roofline.dat", dat_roofline);
    write_file(&r, "iso.dat", dat_iso);
    write_file(&r, "energy.dat", dat_energy);
    write_file(&r, "plots.gp", gp_plots);
    write_file(&r, "plots_mem.gp", gp_mem);
    if (!r.rc) render(&r);
    write_file(&r, "README.md", md_readme);
    rc = r.rc;
  }
  if (!rc) fprintf(stderr, "qarray: report written to %s/README.md\n", r.dir);
  free(r.c);
  qa_sweep_free(&r.sw);
  return rc;
}
