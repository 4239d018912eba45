/* qa_checked.c: see qa_checked.h. */
#include "qa_checked.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "qa_golden.h"
#include "qa_triage.h"

/* Compare; print the first mismatch. Returns the number of mismatches. */
static size_t check(const int32_t *got, const int32_t *ref, size_t M, size_t N, int rows, int cols) {
  size_t bad = 0;
  for (size_t i = 0; i < M * N; i++) {
    if (got[i] == ref[i]) continue;
    if (bad++ == 0)
      qa_errf(
              "first mismatch at C[%zu][%zu]: expected %" PRId32 ", RTL gave %" PRId32
              " (PE row %zu col %zu of its tile)\n",
              i / N, i % N, ref[i], got[i], (i / N) % (size_t)rows, (i % N) % (size_t)cols);
  }
  return bad;
}

int qa_check_gemm(const qa_loaded *m, const qa_check_cfg *rc, const qa_gemm_io *in,
                  qa_check_result *res) {
  char err[QA_ERR_LEN];
  const size_t M = in->M, N = in->N;
  res->C = calloc(M * N, sizeof *res->C);
  res->ref = calloc(M * N, sizeof *res->ref);
  if (!res->C || !res->ref) {
    qa_errf("out of memory for C (%zu x %zu)\n", M, N);
    return QA_EXIT_USAGE;
  }
  qa_stall_opts so = {.in_bubble_permille = (unsigned)rc->bubble * 10u,
                      .out_stall_permille = (unsigned)rc->stall * 10u, .seed = rc->seed,
                      .mem = rc->a->mem.enabled ? &rc->a->mem : NULL, .trace = rc->tr,
                      .progress = rc->progress};
  qa_gemm_io io = *in;
  io.mode = rc->mode;
  io.C = res->C;
  int r = qa_gemm_run(&m->lib, m->s, &io, &so, &res->st, err);
  if (r) {
    qa_errf("%s\n", err);
    return r;
  }
  qa_gemm_ref(in->A, in->W, res->ref, M, in->K, N, rc->accw);
  res->bad = check(res->C, res->ref, M, N, rc->a->rows, rc->a->cols);
  return 0;
}

int qa_loaded_open(const qa_cfg_req *req, int build, const qa_trace_opts *tr, qa_loaded *m) {
  char err[QA_ERR_LEN];
  if (qa_lib_get(req, build, &m->lib, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  m->s = m->lib.sim_new();
  if (!m->s) {
    qa_errf("out of memory creating the model\n");
    qa_lib_close(&m->lib);
    return QA_EXIT_USAGE;
  }
  if (tr && tr->path && m->lib.trace_open(m->s, tr->path, tr->depth)) {
    qa_errf("cannot write the trace file %s\n", tr->path);
    m->lib.sim_free(m->s);
    qa_lib_close(&m->lib);
    return QA_EXIT_USAGE;
  }
  return 0;
}

void qa_loaded_close(qa_loaded *m) {
  m->lib.sim_free(m->s);
  qa_lib_close(&m->lib);
}

int qa_check_triage(const qa_opts *o, const qa_cfg_req *req, const qa_gemm_io *run,
                    const qa_check_result *res, char *dir, size_t len) {
  char err[QA_ERR_LEN];
  qa_triage_opts to = {.req = *req, .a_outer = res->st.plan.a_outer, .depth = o->tr.depth,
                       .build = !o->no_build, .dir = o->repro};
  to.req.trace = 0;
  if (!qa_triage(&to, run, res->ref, dir, len, err)) return 0;
  qa_errf("triage: %s\n", err);
  return -1;
}
