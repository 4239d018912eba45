/* qa_report_gp.c: the report's gnuplot scripts (qa_report.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "qa_report.h"

/* The speedup figure of one array and phase: a panel per model, the speedups and the ceiling
 * 1/(1-f) on one logarithmic scale (a ceiling on its own axis crossed the speedups it bounds),
 * the key inside the first panel, the canvas sized to the panels (at least 900 px wide, so the
 * title fits). */
static void gp_speedup(const qa_report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  int drawn[QA_MAX_LIST], nd = 0; /* the models with a point at some L: one panel each */
  for (int m = 0; m < s->nm; m++)
    if (qa_report_at(r, m, a, ph, 0, 0)->valid) drawn[nd++] = m; /* the shortest L is valid if any is */
  int cols = 1;
  while (cols * cols < nd) cols++;
  const int rows = (nd + cols - 1) / cols, width = 460 * cols > 900 ? 460 * cols : 900;
  fprintf(f, "set terminal pngcairo size %d,%d font ',10'\nset output '%s_%s_speedup.png'\n",
          width, 340 * rows + 70, s->arr[a].name, qa_report_ph[ph]);
  fprintf(f, "set multiplot layout %d,%d title \"Block speedup over W8A8 against sequence length, "
             "%s array (%dx%d), %s\\n(analytic cycles, memory off; dashed: the ceiling 1/(1-f))\" "
             "font ',12'\n", rows, cols, s->arr[a].name, s->arr[a].rows, s->arr[a].cols, qa_report_ph[ph]);
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
              s->arr[a].name, qa_report_ph[ph], m, 3 + w, s->wbits[w]);
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

static void gp_f(const qa_report *r, FILE *f) {
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
              col == 2 ? ":xtic(1)" : "", s->arr[a].name, qa_report_ph[ph]);
  fprintf(f, "\nreset\n");
}

/* The prefill block's cycles, W8A8 and each precision side by side, projections stacked under
 * attention, normalised to W8A8: a panel per array. */
static void gp_breakdown(const qa_report *r, FILE *f) {
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

/* Iso-PE against iso-area speedup per model: a panel per array, a bar pair per precision. */
static void gp_iso(const qa_report *r, FILE *f) {
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
              s->arr[a].rows, qa_report_iso_shape(r, a, w).cols);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "unset multiplot\nreset\n");
}

/* Energy per token, W8A8 and each precision side by side, stacked compute / registers / SRAM /
 * DRAM / leakage: a panel
 * per array and phase. */
static void gp_energy(const qa_report *r, FILE *f) {
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
  static const char *const col[QA_REPORT_EPARTS] = {"#3060c0", "#e0a020", "#40a040", "#d04040", "#808080"};
  for (int a = 0; a < s->na; a++)
    for (int ph = 0; ph < 2; ph++) {
      const int c0 = 2 + QA_REPORT_EPARTS * nb * (2 * a + ph);
      fprintf(f, "set title '%s array, %s'\nplot", s->arr[a].name, qa_report_ph[ph]);
      for (int q = 0; q < nb; q++)
        for (int i = QA_REPORT_EPARTS - 1; i >= 0; i--) {
          /* a stack drawn top first: each box is the sum of its part and the parts below it */
          fprintf(f, "%s 'energy.dat' using ($0%+g):(", q || i < QA_REPORT_EPARTS - 1 ? "," : "",
                  (q - (nb - 1) / 2.0) * bw);
          for (int k = 0; k <= i; k++) fprintf(f, "%s$%d", k ? "+" : "", c0 + QA_REPORT_EPARTS * q + k);
          fprintf(f, "):(%g)%s w boxes lc rgb '%s' ", bw, q == nb / 2 && i == QA_REPORT_EPARTS - 1 ? ":xtic(1)" : "",
                  col[i]);
          if (q) fprintf(f, "notitle");
          else fprintf(f, "t '%s'", qa_report_epart[i]);
        }
      fprintf(f, "\n");
    }
  fprintf(f, "unset multiplot\nreset\n");
}

void qa_report_gp_plots(const qa_report *r, FILE *f) {
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
static void gp_roofline(const qa_report *r, FILE *f, int a) {
  static const int kFilled[QA_REPORT_ROOF_MAX] = {7, 5, 9, 11, 13, 15}; /* pt N-1 is N's open shape */
  const qa_sweep *s = &r->sw;
  const qa_array_cfg *ac = &s->arr[a];
  const double pe = (double)ac->rows * ac->cols, bpc = ac->mem.dram_bpc;
  int idx[QA_REPORT_ROOF_MAX];
  const int nm = qa_report_roof_models(r, idx);
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
                  a, s->model[idx[m]]->name, qa_report_ph[ph], c ? "attention" : "projection",
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
void qa_report_gp_mem(const qa_report *r, FILE *f) {
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
                ph || k ? "" : ":xtic(1)", ph ? kAttn[SHADE(k)] : kProj[SHADE(k)], qa_report_ph[ph],
                k ? s->wbits[k - 1] : 8);
    fprintf(f, ", %g w l lw 2 dt 2 lc rgb 'black' t 'memory-bound (%g %%)'\n",
            100 * QA_BOUND_STALL_SHARE, 100 * QA_BOUND_STALL_SHARE);
  }
  fprintf(f, "unset multiplot\nreset\n");
  int idx[QA_REPORT_ROOF_MAX];
  if (qa_report_roof_models(r, idx))
    for (int a = 0; a < s->na; a++) gp_roofline(r, f, a);
}
