/* qa_report_dat.c: the report's gnuplot data files (qa_report.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "qa_report.h"

/* Per array and phase, a block per model (gnuplot "index"): L f speedup_w<B>... ceiling. */
void qa_report_dat_speedup(const qa_report *r, FILE *f, int a, int ph) {
  const qa_sweep *s = &r->sw;
  for (int m = 0; m < s->nm; m++) {
    fprintf(f, "# %s\n# L f", s->model[m]->name);
    for (int w = 0; w < s->nw; w++) fprintf(f, " speedup_w%d", s->wbits[w]);
    fprintf(f, " ceiling\n");
    for (int q = 0; q < s->ns; q++) {
      const qa_report_cell *c = qa_report_at(r, m, a, ph, q, 0);
      if (!c->valid) continue;
      fprintf(f, "%" PRIu64 " %.6f", s->seq[q], c->p.f);
      for (int w = 0; w < s->nw; w++) fprintf(f, " %.6f", qa_report_at(r, m, a, ph, q, w)->p.speedup);
      fprintf(f, " %.6f\n", c->p.ceiling);
    }
    fprintf(f, "\n\n");
  }
}


/* At the headline L: f per array and phase, then per array the prefill block's cycle split,
 * normalised to W8A8: base_proj base_attn, then q_proj q_attn per precision. */
void qa_report_dat_per_model(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, f per array (%d) and phase (prefill, decode), then per array: base_proj "
             "base_attn, then per precision (%d) q_proj q_attn, of the prefill block over the W8A8 "
             "block; L = %" PRIu64 "\n", s->na, s->nw, s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!qa_report_at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++) fprintf(f, " %.6f", qa_report_at(r, m, a, ph, r->head, 0)->p.f);
    for (int a = 0; a < s->na; a++) {
      const qa_point *p = &qa_report_at(r, m, a, 0, r->head, 0)->p;
      const double b = (double)(p->base_proj + p->base_attn);
      fprintf(f, " %.6f %.6f", p->base_proj / b, p->base_attn / b);
      for (int w = 0; w < s->nw; w++) {
        const qa_point *q = &qa_report_at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.6f %.6f", q->q_proj / b, q->q_attn / b);
      }
    }
    fprintf(f, "\n");
  }
}

/* Per model: the share (%) of the block's cycles in memory stalls, per array and phase: W8A8,
 * then each precision; headline L. */
void qa_report_dat_bound(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, then per array and phase: memory-stall %% of the W8A8 block, then of the "
             "block at each precision (%d); L = %" PRIu64 "\n", s->nw, s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!qa_report_at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++)
        for (int w = -1; w < s->nw; w++) {
          const qa_point *p = &qa_report_at(r, m, a, ph, r->head, w < 0 ? 0 : w)->p;
          const uint64_t st = w < 0 ? p->mstall_base : p->mstall_q;
          const uint64_t cy = w < 0 ? p->mbase_proj + p->mbase_attn : p->mq_proj + p->mq_attn;
          fprintf(f, " %.4f", 100.0 * (double)st / (double)cy);
        }
    fprintf(f, "\n");
  }
}

/* At the headline L, prefill: per model, for each array and precision, the iso-PE and the
 * iso-area speedup. */
void qa_report_dat_iso(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, then per array and precision: speedup iso-PE, speedup iso-area; prefill, L = %"
             PRIu64 "\n", s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!qa_report_at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int w = 0; w < s->nw; w++) {
        const qa_point *p = &qa_report_at(r, m, a, 0, r->head, w)->p;
        fprintf(f, " %.6f %.6f", p->speedup, p->speedup_iso);
      }
    fprintf(f, "\n");
  }
}

/* Energy per token at the headline L, per model: for each array and phase, W8A8 then each
 * precision, compute SRAM DRAM normalised to the W8A8 total. */
/* The report's energy parts: compute, registers (clock and data), SRAM, DRAM, leakage, summed
 * over the two classes, of the W8A8 run or (quant) the quantized one. Returns their total. */
const char *const qa_report_epart[QA_REPORT_EPARTS] = {"compute", "registers", "SRAM", "DRAM", "leakage"};
double qa_report_e_parts(const qa_point *p, int quant, double v[QA_REPORT_EPARTS]) {
  double t = 0;
  for (int i = 0; i < QA_REPORT_EPARTS; i++) v[i] = 0;
  for (int c = 0; c < 2; c++)
    for (int i = 0; i < QA_ENERGY_NSPLIT; i++) {
      const double x = quant ? p->e_q[c][i] : p->e_base[c][i];
      v[i < 2 ? i : i - 1] += x, t += x;
    }
  return t;
}

void qa_report_dat_energy(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  fprintf(f, "# model, per array and phase: W8A8 compute registers sram dram leakage, then per "
             "precision (%d) the same (share of the W8A8 energy per token); L = %" PRIu64 "\n", s->nw,
          s->seq[r->head]);
  for (int m = 0; m < s->nm; m++) {
    if (!qa_report_at(r, m, 0, 0, r->head, 0)->valid) continue;
    fprintf(f, "%s", s->model[m]->name);
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++) {
        const qa_point *p = &qa_report_at(r, m, a, ph, r->head, 0)->p;
        double v[QA_REPORT_EPARTS];
        const double tb = qa_report_e_parts(p, 0, v);
        for (int i = 0; i < QA_REPORT_EPARTS; i++) fprintf(f, " %.6f", v[i] / tb);
        for (int w = 0; w < s->nw; w++) {
          qa_report_e_parts(&qa_report_at(r, m, a, ph, r->head, w)->p, 1, v);
          for (int i = 0; i < QA_REPORT_EPARTS; i++) fprintf(f, " %.6f", v[i] / tb);
        }
      }
    fprintf(f, "\n");
  }
}

/* The roofline's models: the ones the user named (--model), else one per family of the shipped
 * table (gpt2, opt-6.7b, llama-7b); at most QA_REPORT_ROOF_MAX, each with its own symbol, and only those
 * with a point at the headline L. Returns the count; idx[] their sweep indices. */
int qa_report_roof_models(const qa_report *r, int *idx) {
  static const char *const kDefault[3] = {"gpt2", "opt-6.7b", "llama-7b"};
  const qa_sweep *s = &r->sw;
  int n = 0;
  for (int m = 0; m < s->nm && n < QA_REPORT_ROOF_MAX; m++) {
    int pick = r->user_models;
    for (int k = 0; k < 3 && !pick; k++) pick = !strcmp(s->model[m]->name, kDefault[k]);
    if (pick && qa_report_at(r, m, 0, 0, r->head, 0)->valid) idx[n++] = m;
  }
  return n;
}

/* Roofline points: intensity (MACs per DRAM byte read) and achieved MACs per cycle with the
 * memory system, per array, model, phase, class and precision. */
void qa_report_dat_roofline(const qa_report *r, FILE *f) {
  const qa_sweep *s = &r->sw;
  int idx[QA_REPORT_ROOF_MAX];
  const int nm = qa_report_roof_models(r, idx);
  for (int a = 0; a < s->na; a++) {
    fprintf(f, "# %s: model phase class precision intensity macs_per_cycle\n", s->arr[a].name);
    for (int k = 0; k < nm; k++) {
      const int m = idx[k];
      for (int ph = 0; ph < 2; ph++)
        for (int w = -1; w < s->nw; w++) {
          const qa_point *p = &qa_report_at(r, m, a, ph, r->head, w < 0 ? 0 : w)->p;
          const int q = w >= 0;
          const struct {
            const char *cls;
            uint64_t macs, bytes, cyc;
          } pts[2] = {{"projection", p->macs_proj, q ? p->bytes_q_proj : p->bytes_base_proj,
                       q ? p->mq_proj : p->mbase_proj},
                      {"attention", p->macs_attn, q ? p->bytes_q_attn : p->bytes_base_attn,
                       q ? p->mq_attn : p->mbase_attn}};
          for (int i = 0; i < 2; i++)
            fprintf(f, "%s %s %s W%dA8 %.6g %.6g\n", s->model[m]->name, qa_report_ph[ph], pts[i].cls,
                    q ? s->wbits[w] : 8, (double)pts[i].macs / (double)pts[i].bytes,
                    (double)pts[i].macs / (double)pts[i].cyc);
        }
    }
    fprintf(f, "\n\n");
  }
}
