/* qa_work.h: the distinct GEMMs of an RTL sweep as one work list (docs/scaling.md).
 *
 * amdahl --rtl first walks its sweep with the analytic model, recording every distinct GEMM in
 * the order a serial run meets it (the collect pass). The list is then run on N workers, or only
 * one shard of it (--shard I/N), and the sweep walked again with the RTL's cycles looked up.
 * Item i's operands are seeded with seed + i, so every split of the list runs the same GEMMs on
 * the same numbers as the serial run. */
#ifndef QA_WORK_H
#define QA_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "qa_cycles.h"
#include "qa_rtlrun.h"

typedef struct {
  qa_gemm_shape g;
  uint64_t model;  /* the analytic cycles */
  uint64_t cycles; /* the RTL's, once done */
  int done;
} qa_work_item;

typedef struct qa_work {
  qa_work_item *it;
  size_t n, cap;
  size_t *index, icap; /* open addressing over it (1 + item), 0 empty */
  int collect;         /* 1: the collect pass; 0: every GEMM asked for must be done */
  /* the run's progress line */
  size_t finished, total;
  double t0;
} qa_work;

void qa_work_free(qa_work *w);
/* A qa_cycles_fn (ctx: qa_work). Collecting: records g if new and answers the analytic count.
 * Otherwise: the RTL's cycles of g, which must have been run (or merged). */
int qa_work_cycles(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err);
/* The item of g, or NULL. */
qa_work_item *qa_work_find(const qa_work *w, const qa_gemm_shape *g);

/* The shard (0..nshards-1) of every item, balanced by predicted cycles: longest first, each to
 * the shard with the least so far (ties: the lower index). The same on every machine. */
void qa_work_split(const qa_work *w, int nshards, int *owner);
/* The largest predicted finish time of the split into n parts (what N workers or shards would
 * take, in predicted cycles). */
uint64_t qa_work_makespan(const qa_work *w, int n);

/* Run items[0..n-1] on jobs workers, pools[0..jobs-1] (pools[1..] cloned from pools[0]; item
 * i's operands from pools[0].seed + i): each golden-checked and compared with the analytic
 * count. One stderr line per finished GEMM. Returns 0 or the first failure in list order with
 * err. */
int qa_work_run(qa_work *w, const size_t *items, size_t n, qa_pool *pools, int jobs, char *err);

/* The same with pool for worker 0 and clones of it (qa_pool_clone) for the others, their counts
 * added into pool at the end. */
int qa_work_run_cloned(qa_work *w, const size_t *items, size_t n, qa_pool *pool, int jobs,
                       char *err);

/* FNV-1a 64 over bytes, continued from h (start: QA_FNV0). */
#define QA_FNV0 0xcbf29ce484222325ull
uint64_t qa_fnv(uint64_t h, const void *p, size_t n);
/* The list's fingerprint: its shapes and predicted cycles in order, continued from h. */
uint64_t qa_work_fingerprint(const qa_work *w, uint64_t h);

#endif /* QA_WORK_H */
