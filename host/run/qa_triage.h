/* qa_triage.h: what `qarray gemm` does when the golden check fails.
 *
 * It names the first wrong element of C (row, column), the tile it belongs to (in the order
 * tiles ran), the PE that computed it and the cycles that PE worked on it (stall-free timing);
 * then it re-runs that one tile alone on the debug (traced) build of the same configuration and
 * writes a reproducer directory:
 *   A.npy, W.npy      the tile's operands (its rows of A, its columns of W, all of K)
 *   C_expected.npy    the golden model's result for them
 *   trace.fst         the FST trace of the re-run (every cycle of the one tile)
 *   view.gtkw         a GTKWave view of it (waves/mkgtkw.sh)
 *   replay.sh         one command that replays it: cd DIR && sh replay.sh
 * The directory is written under a temporary name and renamed when complete.
 */
#ifndef QA_TRIAGE_H
#define QA_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "qa_gemm.h"
#include "qa_load.h"

typedef struct {
  qa_cfg_req req;   /* the configuration that failed (trace is forced on for the re-run) */
  int a_outer;      /* the tile order of the run (qa_mem_plan.a_outer) */
  int depth;        /* trace depth (0: all) */
  int build;        /* build the debug model if missing */
  const char *dir;  /* the reproducer directory (a suffix -2, -3, ... if it exists) */
} qa_triage_opts;

/* Triage the failed GEMM run (run->C what the RTL gave, run->mode its mode) against the golden
 * model's ref. Returns 0 when the reproducer was written (its path in out_dir), -1 with err
 * otherwise. */
int qa_triage(const qa_triage_opts *o, const qa_gemm_io *run, const int32_t *ref, char *out_dir,
              size_t out_len, char *err);

#endif /* QA_TRIAGE_H */
