/* qa_report.h: qarray report's sweep (analytic cycles, the memory system on, every point's
 * iso-area shape) and its writers: gnuplot data (qa_report_dat.c), gnuplot scripts
 * (qa_report_gp.c) and the README's Markdown (qa_report_md.c). Each writer is given the report
 * and the open file (and the array and phase where it writes one of them); cmd_report.c opens,
 * names and commits the files. */
#ifndef QA_REPORT_H
#define QA_REPORT_H

#include <stdio.h>

#include "qa_area.h"
#include "qa_study.h"
#include "qa_sweep.h"

typedef struct {
  int valid;
  qa_point p;
} qa_report_cell;

typedef struct {
  const char *dir, *area_file;
  qa_sweep sw;
  qa_report_cell *c;  /* [model][array][phase][seq][wbits] */
  int head; /* the index of the headline length (512 if swept, else the middle one) */
  double ge8, geq[QA_MAX_LIST]; /* PE areas (synth/area.csv): W8 and each --wbits */
  qa_area_table area;           /* and the arrays' parts (synth/array_parts.csv) */
  qa_energy_setup energy;
  int rc;   /* the first error (QA_EXIT_USAGE) */
  int user_models; /* --model given: the roofline follows it */
} qa_report;


/* "prefill", "decode": the phases by index (0, 1). */
extern const char *const qa_report_ph[2];

/* The cell of model m, array a, phase ph, length s, precision w. */
qa_report_cell *qa_report_at(const qa_report *r, int m, int a, int ph, int s, int w);
/* The PE areas and every point of the sweep. Returns 0 or QA_EXIT_USAGE with the error printed. */
int qa_report_sweep(qa_report *r);
/* The iso-area shape of array a at precision index w (zeroed if the table lacks a PE, which
 * qa_report_sweep has refused already). */
qa_iso qa_report_iso_shape(const qa_report *r, int a, int w);

/* ---- gnuplot data ---- */
void qa_report_dat_speedup(const qa_report *r, FILE *f, int a, int ph);
void qa_report_dat_per_model(const qa_report *r, FILE *f);
void qa_report_dat_bound(const qa_report *r, FILE *f);
void qa_report_dat_iso(const qa_report *r, FILE *f);
void qa_report_dat_energy(const qa_report *r, FILE *f);
void qa_report_dat_roofline(const qa_report *r, FILE *f);

/* The energy per token in QA_REPORT_EPARTS parts (qa_report_epart names them) of the W8A8 or
 * (quant) the quantized block; returns their sum. */
enum { QA_REPORT_EPARTS = 5 };
extern const char *const qa_report_epart[QA_REPORT_EPARTS];
double qa_report_e_parts(const qa_point *p, int quant, double v[QA_REPORT_EPARTS]);
/* The roofline's models (at most QA_REPORT_ROOF_MAX) as indices into the sweep; returns how many. */
#define QA_REPORT_ROOF_MAX 6
int qa_report_roof_models(const qa_report *r, int *idx);

/* ---- gnuplot scripts ---- */
void qa_report_gp_plots(const qa_report *r, FILE *f);
void qa_report_gp_mem(const qa_report *r, FILE *f);

/* ---- README.md ---- */
void qa_report_md_readme(const qa_report *r, FILE *f);

#endif /* QA_REPORT_H */
