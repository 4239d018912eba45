/* qa_sweep.h: what the options name, resolved: the lists a sweep runs over (arrays, precisions,
 * lengths, phases), the model table and the models chosen, the energy with its hardware tables.
 * The arrays themselves are resolved by qa_config.h. */
#ifndef QA_SWEEP_H
#define QA_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include "qa_config.h"
#include "qa_energy.h"
#include "qa_err.h"
#include "qa_hw.h"
#include "qa_mem.h"
#include "qa_models.h"
#include "qa_opts.h"

/* qa_energy_resolve, then the hardware tables (host/study/qa_hw.h). Returns 0 or QA_EXIT_USAGE (a bad
 * --energy). */
int qa_energy_setup_load(const qa_opts *o, qa_energy_setup *s);

typedef struct {
  qa_array_cfg arr[QA_MAX_LIST];
  int na;
  int wbits[QA_MAX_LIST], nw;
  uint64_t seq[QA_MAX_LIST];
  int ns;
  qa_phase phase[QA_MAX_LIST];
  int np;
  qa_model_table table;         /* shipped models plus --models FILE */
  const qa_model *model[256];
  int nm;
  char *keep[5]; /* the lists' copies, which the names above point into */
} qa_sweep;

/* The sweep of amdahl and report: lists from the options or the defaults given (NULL: the
 * built-in defaults), the models (all, or --model's list). Returns 0 or QA_EXIT_USAGE. */
int qa_sweep_resolve(const qa_opts *o, const char *dflt_wbits, qa_sweep *s);
void qa_sweep_free(qa_sweep *s);

/* The shipped model table plus --models FILE: a model table, or a Hugging Face config.json whose
 * model is named name (--name; NULL: the file's stem). A name already shipped is an error. */
int qa_models_open(const char *user_path, const char *name, qa_model_table *t);
/* The one model of --model NAME in t, with seq checked against its context: NULL after printing
 * the error. */
const qa_model *qa_one_model(const qa_opts *o, const qa_model_table *t, uint64_t seq);

/* The single values of a single-GEMM command: --wbits (1, 2, 4, 8; default 2) and --seq
 * (1..2^20, required when need_seq). Return 0 or QA_EXIT_USAGE. */
int qa_one_wbits(const qa_opts *o, int *wbits);
/* The one array of a single-array command (--array, else dflt; a list is an error) and its
 * --wbits. Returns 0 or QA_EXIT_USAGE. */
int qa_one_array(const qa_opts *o, const char *dflt, qa_array_cfg *a, int *wbits);
int qa_one_seq(const qa_opts *o, int need_seq, uint64_t *seq);

#endif /* QA_SWEEP_H */
