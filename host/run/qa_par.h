/* qa_par.h: one ordered work list on N worker threads (--jobs N).
 *
 * Tasks 0..n-1 are taken in list order by `jobs` workers: worker 0 is the calling thread, the
 * others are threads created here (jobs 1 creates none: the serial run). Each worker owns what
 * `worker` indexes (an RTL model pool, buffers), so tasks share nothing but what the caller
 * shares on purpose. A task that fails stops the others from taking more; every task already
 * taken finishes, and since tasks are taken in order, every task before the first failing one
 * ran: the failure returned is the first in list order, as a serial run would report it. */
#ifndef QA_PAR_H
#define QA_PAR_H

#include <stddef.h>

#include "qa_opts.h" /* QA_MAX_JOBS */

/* One task: returns 0, or a failure code (qa_err.h) with err (QA_ERR_LEN bytes) filled. */
typedef int (*qa_task_fn)(void *ctx, size_t task, int worker, char *err);

/* Run tasks 0..n-1 on min(jobs, n) workers (at least 1). Returns 0 or the first failure in list
 * order, its message in err. */
int qa_par_run(int jobs, size_t n, qa_task_fn fn, void *ctx, char *err);

#endif /* QA_PAR_H */
