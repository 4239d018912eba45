/* qa_checked.h: one GEMM on a loaded RTL model, checked element by element against the golden
 * model (gemm and demo). */
#ifndef QA_CHECKED_H
#define QA_CHECKED_H

#include <stddef.h>
#include <stdint.h>

#include "qa_gemm.h"
#include "qa_hw.h"
#include "qa_load.h"
#include "qa_sweep.h"

/* How a GEMM is run and accounted: the array, its precision, stalls, tracing, energy. */
typedef struct {
  const qa_array_cfg *a;
  int wbits, accw, mode;
  uint64_t bubble, stall, seed;
  const qa_trace_opts *tr; /* NULL: no tracing */
  const qa_energy_setup *energy;
  int kind;     /* the operands' kind (QA_FILL_*), for the energy's toggle rates */
  int progress; /* progress lines on stderr (--progress, or stderr a terminal) */
} qa_check_cfg;

typedef struct {
  int32_t *C, *ref;
  qa_gemm_stats st;
  size_t bad;
} qa_check_result; /* C and ref are the caller's to free */

/* A model loaded (or built) for one configuration. */
typedef struct {
  qa_lib lib;
  qa_sim *s;
} qa_loaded;

/* Load (building if allowed) the model for req, its trace file open when tr names one. Returns
 * 0 or QA_EXIT_USAGE with the error printed. */
int qa_loaded_open(const qa_cfg_req *req, int build, const qa_trace_opts *tr, qa_loaded *m);
void qa_loaded_close(qa_loaded *m);

/* Run in->A . in->W (in->C and in->mode are ignored: rc->mode, res->C) and check it. Returns 0
 * (res->bad counts mismatches, the first printed), or the run's code with the error printed. */
int qa_check_gemm(const qa_loaded *m, const qa_check_cfg *rc, const qa_gemm_io *in,
                  qa_check_result *res);

/* A failed check's reproducer (host/run/qa_triage.h) from run (what the RTL gave in run->C) and
 * res, with o's --trace-depth, --no-build and --repro; its directory into dir. Returns 0, or -1
 * with the error printed. */
int qa_check_triage(const qa_opts *o, const qa_cfg_req *req, const qa_gemm_io *run,
                    const qa_check_result *res, char *dir, size_t len);

#endif /* QA_CHECKED_H */
