/* qa_amdahl.h: the Amdahl sweep (qarray amdahl): every point of models x arrays x phases x
 * lengths x precisions, its cycles from the analytic model or the RTL (--rtl: every distinct GEMM
 * once, on --jobs workers or one --shard), printed as the terminal table and written as the CSV
 * (qa_columns.h). */
#ifndef QA_AMDAHL_H
#define QA_AMDAHL_H

#include <stdint.h>

#include "qa_opts.h"

/* Where the RTL cycles come from when merging shards (cmd_merge.c): fill checks the shards
 * against the sweep's work list w and its fingerprint, and fills in the cycles. Returns 0, or
 * 1 or 2 with err. */
struct qa_work;
typedef int (*qa_amdahl_fill_fn)(void *ctx, struct qa_work *w, uint64_t fingerprint, char *err);

/* Run the sweep o asks for; fill NULL: cycles from the analytic model or the RTL as o says.
 * Returns 0, QA_EXIT_FAIL or QA_EXIT_USAGE with the error printed. */
int qa_amdahl_study(const qa_opts *o, qa_amdahl_fill_fn fill, void *fill_ctx);

#endif /* QA_AMDAHL_H */
