/* qa_report.c: see qa_report.h. */
#include "qa_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const qa_report_ph[2] = {"prefill", "decode"};

qa_report_cell *qa_report_at(const qa_report *r, int m, int a, int ph, int s, int w) {
  const qa_sweep *sw = &r->sw;
  return &r->c[((((size_t)m * (size_t)sw->na + (size_t)a) * 2 + (size_t)ph) * (size_t)sw->ns +
                (size_t)s) * (size_t)sw->nw + (size_t)w];
}

int qa_report_sweep(qa_report *r) {
  const qa_sweep *s = &r->sw;
  char err[QA_ERR_LEN];
  qa_area_table *t = &r->area;
  int bad = (r->area_file ? qa_area_load(r->area_file, t, err) : qa_area_load_default(t, err)) ||
            qa_area_pe(t, 8, 32, &r->ge8, err);
  for (int w = 0; !bad && w < s->nw; w++) bad = qa_area_pe(t, s->wbits[w], 32, &r->geq[w], err);
  if (bad) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  r->c = calloc((size_t)s->nm * (size_t)s->na * 2 * (size_t)s->ns * (size_t)s->nw, sizeof *r->c);
  if (!r->c) {
    qa_errf("out of memory\n");
    return QA_EXIT_USAGE;
  }
  for (int m = 0; m < s->nm; m++)
    for (int a = 0; a < s->na; a++)
      for (int ph = 0; ph < 2; ph++)
        for (int q = 0; q < s->ns; q++)
          for (int w = 0; w < s->nw; w++) {
            if (s->seq[q] > (uint64_t)s->model[m]->max_ctx) continue;
            const qa_array_cfg *ac = &s->arr[a];
            qa_report_cell *c = qa_report_at(r, m, a, ph, q, w);
            c->p = (qa_point){.model = s->model[m], .array = ac->name, .rows = ac->rows,
                              .cols = ac->cols, .wbits = s->wbits[w],
                              .phase = ph ? QA_PHASE_DECODE : QA_PHASE_PREFILL, .seq = s->seq[q],
                              .batch = 1, .clock_mhz = ac->clock_mhz, .mem = &ac->mem,
                              .energy = &r->energy};
            qa_iso iso;
            if (qa_point_eval(&c->p, qa_cycles_analytic, NULL, err) ||
                qa_iso_of(&r->area, ac->rows, ac->cols, s->wbits[w], &iso, err) ||
                qa_point_iso(&c->p, &iso, qa_cycles_analytic, NULL, err)) {
              qa_errf("%s\n", err);
              return QA_EXIT_USAGE;
            }
            c->valid = 1;
          }
  return 0;
}

qa_iso qa_report_iso_shape(const qa_report *r, int a, int w) {
  qa_iso iso;
  char err[QA_ERR_LEN];
  const qa_array_cfg *ac = &r->sw.arr[a];
  if (qa_iso_of(&r->area, ac->rows, ac->cols, r->sw.wbits[w], &iso, err)) memset(&iso, 0, sizeof iso);
  return iso;
}
