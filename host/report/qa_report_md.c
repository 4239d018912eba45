/* qa_report_md.c: the report's README.md, its tables and the plots' list (qa_report.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "qa_atomic.h"
#include "qa_report.h"

static void md_head_table(const qa_report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "| model | f |");
  for (int w = 0; w < s->nw; w++) fprintf(f, " s W%dA8 | speedup W%dA8 |", s->wbits[w], s->wbits[w]);
  fprintf(f, " ceiling 1/(1-f) |\n|---|---|");
  for (int w = 0; w < s->nw; w++) fprintf(f, "---|---|");
  fprintf(f, "---|\n");
  for (int m = 0; m < s->nm; m++) {
    const qa_report_cell *c = qa_report_at(r, m, a, ph, r->head, 0);
    if (!c->valid) continue;
    fprintf(f, "| %s | %.3f |", s->model[m]->name, c->p.f);
    for (int w = 0; w < s->nw; w++) {
      const qa_point *p = &qa_report_at(r, m, a, ph, r->head, w)->p;
      fprintf(f, " %.2fx | %.2fx |", p->s, p->speedup);
    }
    fprintf(f, " %.2fx |\n", c->p.ceiling);
  }
  fprintf(f, "\n");
}

static void md_mem_table(const qa_report *r, FILE *f, int a) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "### %s array\n\n| model | phase | f | f mem | s mem | speedup | speedup mem | "
             "ceiling mem | stalls W8A8 / W%dA8 | bound W8A8 / W%dA8 |\n"
             "|---|---|---|---|---|---|---|---|---|---|\n", s->arr[a].name, s->wbits[0], s->wbits[0]);
  for (int m = 0; m < s->nm; m++)
    for (int ph = 0; ph < 2; ph++) {
      const qa_report_cell *c = qa_report_at(r, m, a, ph, r->head, 0);
      if (!c->valid) continue;
      const qa_point *p = &c->p;
      fprintf(f, "| %s | %s | %.3f | %.3f | %.2fx | %.2fx | %.2fx | %.2fx | %.1f %% / %.1f %% | "
                 "%s / %s |\n", s->model[m]->name, qa_report_ph[ph], p->f, p->mf, p->ms, p->speedup,
              p->mspeedup, p->mceiling,
              100.0 * (double)p->mstall_base / (double)(p->mbase_proj + p->mbase_attn),
              100.0 * (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn),
              qa_mem_bound_name(p->bound_base), qa_mem_bound_name(p->bound_q));
    }
  fprintf(f, "\n");
}

static void md_iso_table(const qa_report *r, FILE *f) {
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
      const qa_iso iso = qa_report_iso_shape(r, a, w);
      fprintf(f, " W%dA8 iso-PE | W%dA8 iso-area (%dx%d) | PE rule (%dx%d) |", s->wbits[w], s->wbits[w],
              s->arr[a].rows, iso.cols, s->arr[a].rows, iso.cols_pe);
    }
    fprintf(f, " mpk W8A8 |");
    for (int w = 0; w < s->nw; w++) fprintf(f, " mpk W%dA8 iso-area |", s->wbits[w]);
    fprintf(f, "\n|---|---|");
    for (int w = 0; w < 4 * s->nw + 1; w++) fprintf(f, "---|");
    fprintf(f, "\n");
    for (int m = 0; m < s->nm; m++) {
      const qa_report_cell *c = qa_report_at(r, m, a, 0, r->head, 0);
      if (!c->valid) continue;
      fprintf(f, "| %s | %.3f |", s->model[m]->name, c->p.f);
      for (int w = 0; w < s->nw; w++) {
        const qa_point *p = &qa_report_at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.2fx | %.2fx | %.2fx |", p->speedup, p->speedup_iso, p->speedup_iso_pe);
      }
      fprintf(f, " %.3f |", c->p.mpk_base[2]);
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.3f |", qa_report_at(r, m, a, 0, r->head, w)->p.mpk_iso[2]);
      fprintf(f, "\n");
    }
    fprintf(f, "\n");
  }
}

/* "T (a/b/c/d/e)": uJ per token and its split in percent. */
static void md_split(FILE *f, const qa_point *p, int quant) {
  double v[QA_REPORT_EPARTS];
  const double t = qa_report_e_parts(p, quant, v);
  fprintf(f, " %.4g (", (quant ? p->pj_tok_q : p->pj_tok_base) / 1e6);
  for (int i = 0; i < QA_REPORT_EPARTS; i++) fprintf(f, "%s%.0f", i ? "/" : "", 100 * v[i] / t);
  fprintf(f, ") |");
}

static void md_energy_table(const qa_report *r, FILE *f) {
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
      fprintf(f, "### %s array, %s\n\n| model | W8A8 uJ/token (split %%) |", s->arr[a].name, qa_report_ph[ph]);
      for (int w = 0; w < s->nw; w++) fprintf(f, " W%dA8 uJ/token (split %%) | W%dA8 tokens/J |", s->wbits[w], s->wbits[w]);
      fprintf(f, " projections' energy | projections' DRAM bytes |\n|---|---|");
      for (int w = 0; w < s->nw; w++) fprintf(f, "---|---|");
      fprintf(f, "---|---|\n");
      for (int m = 0; m < s->nm; m++) {
        const qa_report_cell *c = qa_report_at(r, m, a, ph, r->head, 0);
        if (!c->valid) continue;
        const qa_point *p = &c->p;
        fprintf(f, "| %s |", s->model[m]->name);
        md_split(f, p, 0);
        for (int w = 0; w < s->nw; w++) {
          const qa_point *q = &qa_report_at(r, m, a, ph, r->head, w)->p;
          md_split(f, q, 1);
          fprintf(f, " %.4g |", q->tok_j_q);
        }
        fprintf(f, " %.1f %% | %.1f %% |\n", 100 * (1 - p->e_untouched),
                100.0 * (double)p->dram_b_base[0] / (double)(p->dram_b_base[0] + p->dram_b_base[1]));
      }
      fprintf(f, "\n");
    }
}

static void md_seq_table(const qa_report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "### %s, %s\n\n| model |", s->arr[a].name, qa_report_ph[ph]);
  for (int q = 0; q < s->ns; q++) fprintf(f, " L=%" PRIu64 " |", s->seq[q]);
  fprintf(f, "\n|---|");
  for (int q = 0; q < s->ns; q++) fprintf(f, "---|");
  fprintf(f, "\n");
  for (int m = 0; m < s->nm; m++) {
    fprintf(f, "| %s |", s->model[m]->name);
    for (int q = 0; q < s->ns; q++) {
      if (!qa_report_at(r, m, a, ph, q, 0)->valid) {
        fprintf(f, " - |");
        continue;
      }
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.2f /", qa_report_at(r, m, a, ph, q, w)->p.speedup);
      fprintf(f, " %.2f (f %.2f) |", qa_report_at(r, m, a, ph, q, 0)->p.ceiling, qa_report_at(r, m, a, ph, q, 0)->p.f);
    }
    fprintf(f, "\n");
  }
  fprintf(f, "\n");
}

static int exists_in(const qa_report *r, const char *name) {
  char path[QA_PATH_MAX + 128];
  struct stat st;
  snprintf(path, sizeof path, "%.3900s/%.120s", r->dir, name);
  return stat(path, &st) == 0;
}

static void md_plots(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  char names[80][96];
  int n = 0;
  for (int a = 0; a < s->na && a < 16; a++)
    for (int ph = 0; ph < 2; ph++) snprintf(names[n++], 96, "%s_%s_speedup.png", s->arr[a].name, qa_report_ph[ph]);
  snprintf(names[n++], 96, "f_per_model.png");
  snprintf(names[n++], 96, "cycle_breakdown.png");
  snprintf(names[n++], 96, "bound.png");
  snprintf(names[n++], 96, "iso_area.png");
  snprintf(names[n++], 96, "energy.png");
  int idx[QA_REPORT_ROOF_MAX];
  const int nroof = qa_report_roof_models(r, idx);
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
  if (nroof) fprintf(f, "%s.\n\n", r->user_models && s->nm > QA_REPORT_ROOF_MAX ? " (the first six given: "
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

void qa_report_md_readme(const qa_report *r, FILE *f) {
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
              s->arr[a].rows, s->arr[a].cols, qa_report_ph[ph], s->seq[r->head],
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
