/* qa_par.c: see qa_par.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_par.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qa_err.h"

typedef struct {
  qa_task_fn fn;
  void *ctx;
  size_t n, next;     /* the next task to take */
  int stop;           /* a task failed: take no more */
  size_t fail_task;   /* the first failing task in list order, n if none */
  int fail_rc;
  char fail_err[QA_ERR_LEN];
  pthread_mutex_t mu;
} par_state;

typedef struct {
  par_state *st;
  int worker;
} par_worker;

static void *work(void *arg) {
  par_worker *w = arg;
  par_state *st = w->st;
  char err[QA_ERR_LEN];
  for (;;) {
    pthread_mutex_lock(&st->mu);
    const size_t t = st->stop ? st->n : st->next++;
    pthread_mutex_unlock(&st->mu);
    if (t >= st->n) break;
    err[0] = '\0';
    const int rc = st->fn(st->ctx, t, w->worker, err);
    if (!rc) continue;
    pthread_mutex_lock(&st->mu);
    st->stop = 1;
    if (t < st->fail_task) {
      st->fail_task = t;
      st->fail_rc = rc;
      memcpy(st->fail_err, err, sizeof err);
    }
    pthread_mutex_unlock(&st->mu);
  }
  return NULL;
}

int qa_par_run(int jobs, size_t n, qa_task_fn fn, void *ctx, char *err) {
  par_state st = {.fn = fn, .ctx = ctx, .n = n, .fail_task = n};
  pthread_mutex_init(&st.mu, NULL);
  if (jobs < 1) jobs = 1;
  if ((size_t)jobs > n) jobs = n ? (int)n : 1;
  if (jobs > QA_MAX_JOBS) jobs = QA_MAX_JOBS;
  pthread_t th[QA_MAX_JOBS];
  par_worker w[QA_MAX_JOBS];
  int started = 1;
  for (int i = 0; i < jobs; i++) w[i] = (par_worker){&st, i};
  /* A thread that cannot be created leaves its share to the others. */
  while (started < jobs && pthread_create(&th[started], NULL, work, &w[started]) == 0) started++;
  work(&w[0]);
  for (int i = 1; i < started; i++) pthread_join(th[i], NULL);
  pthread_mutex_destroy(&st.mu);
  if (st.fail_task == n) return 0;
  memcpy(err, st.fail_err, QA_ERR_LEN);
  return st.fail_rc;
}

