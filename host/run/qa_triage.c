/* qa_triage.c: see qa_triage.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_triage.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_gemm.h"
#include "qa_npy.h"
#include "qa_repro.h"

int qa_triage(const qa_triage_opts *o, const int8_t *A, const int8_t *W, const int32_t *C,
              const int32_t *ref, size_t M, size_t K, size_t N, char *out_dir, size_t out_len,
              char *err) {
  const size_t R = (size_t)o->req.rows, Cc = (size_t)o->req.cols;
  size_t first = M * N;
  for (size_t x = 0; x < M * N; x++)
    if (C[x] != ref[x]) {
      first = x;
      break;
    }
  if (first == M * N) {
    snprintf(err, QA_ERR_LEN, "nothing to triage: C matches the golden model");
    return -1;
  }
  const size_t m = first / N, n = first % N, mi = m / R, ni = n / Cc, i = m % R, j = n % Cc;
  const size_t mt = (M + R - 1) / R, nt = (N + Cc - 1) / Cc;
  const size_t tile = o->a_outer ? mi * nt + ni : ni * mt + mi;
  qa_gemm_shape g = {o->req.rows, o->req.cols, o->req.wbits, o->mode, M, K, N};
  const uint64_t kt = qa_beats_per_tile(&g), P = kt > R ? kt : R, s0 = (uint64_t)tile * P;
  /* Stall-free timing (docs/cycle-model.md): beat b of tile t is offered at t*P + b; it reaches
   * PE (i,j) i + j + 1 cycles later (input register, row skew, j hops); the tile's rows leave
   * by its last beat + 2R + C + 2. */
  const uint64_t pe_from = s0 + i + j + 1, pe_to = s0 + kt + i + j, out_by = s0 + kt - 1 + qa_os_drain(g.rows, g.cols);
  fprintf(stderr,
          "qarray: triage: first wrong element C[%zu][%zu] = %" PRId32 ", expected %" PRId32
          "; tile %zu (rows %zu.., columns %zu..), PE row %zu col %zu; that PE accumulated it in "
          "cycles %" PRIu64 "..%" PRIu64 " and the tile left the array by cycle %" PRIu64
          " (stall-free timing)\n",
          m, n, C[first], ref[first], tile, mi * R, ni * Cc, i, j, pe_from, pe_to, out_by);

  /* The tile's operands. */
  const size_t tm = (m / R) * R, tn = (n / Cc) * Cc;
  const size_t rows = M - tm < R ? M - tm : R, cols = N - tn < Cc ? N - tn : Cc;
  int8_t *a = malloc(rows * K), *w = malloc(K * cols);
  int32_t *want = malloc(rows * cols * sizeof *want), *got = malloc(rows * cols * sizeof *got);
  int rc = -1;
  char path[4200], cfgname[96];
  qa_repro rp = {0};
  qa_lib lib;
  memset(&lib, 0, sizeof lib);
  qa_sim *s = NULL;
  if (!a || !w || !want || !got) {
    snprintf(err, QA_ERR_LEN, "out of memory");
    goto out;
  }
  for (size_t r = 0; r < rows; r++) memcpy(a + r * K, A + (tm + r) * K, K);
  for (size_t k = 0; k < K; k++) memcpy(w + k * cols, W + k * N + tn, cols);
  qa_gemm_ref(a, w, want, rows, K, cols, o->req.accw);

  if (qa_repro_open(&rp, o->dir, err)) goto out;
  size_t sa[2] = {rows, K}, sw[2] = {K, cols}, sc[2] = {rows, cols};
  qa_repro_path(&rp, "A.npy", path, sizeof path);
  if (qa_npy_write(path, QA_NPY_I1, 2, sa, a, err)) goto out;
  qa_repro_path(&rp, "W.npy", path, sizeof path);
  if (qa_npy_write(path, QA_NPY_I1, 2, sw, w, err)) goto out;
  qa_repro_path(&rp, "C_expected.npy", path, sizeof path);
  if (qa_npy_write(path, QA_NPY_I4, 2, sc, want, err)) goto out;

  /* Re-run the tile alone on the debug build, tracing every cycle. */
  qa_cfg_req dbg = o->req;
  dbg.trace = 1;
  qa_cfg_name(&dbg, cfgname, sizeof cfgname);
  if (qa_lib_load(&dbg, o->build, &lib, err)) goto out;
  s = lib.sim_new();
  if (!s) {
    snprintf(err, QA_ERR_LEN, "out of memory creating the debug model");
    goto out;
  }
  qa_cfg cfg;
  lib.sim_cfg(s, &cfg);
  qa_repro_path(&rp, "trace.fst", path, sizeof path);
  if (lib.trace_open(s, path, o->depth)) {
    snprintf(err, QA_ERR_LEN, "cannot open the trace %s", path);
    goto out;
  }
  /* Around the failing cycles: from when the failing PE starts on the tile (its first operands
   * reach it i + j + 1 cycles after the first beat, which is cycle 0 of the re-run) until the
   * tile has left the array. */
  qa_trace_opts tr = {.path = path, .depth = o->depth, .tile = -1, .from = i + j,
                      .to = kt - 1 + qa_os_drain(o->req.rows, o->req.cols), .gemm = -1};
  qa_stall_opts so = {.trace = &tr};
  qa_gemm_stats gs;
  const int replay_rc = qa_gemm_run(&lib, s, &(qa_gemm_io){o->mode, a, w, got, rows, K, cols}, &so, &gs, err);
  lib.trace_close(s);
  if (replay_rc) {
    fprintf(stderr, "qarray: triage: the re-run of tile %zu failed too: %s\n", tile, err);
  } else {
    size_t bad = 0, fx = rows * cols;
    for (size_t x = 0; x < rows * cols; x++)
      if (got[x] != want[x] && bad++ == 0) fx = x;
    if (bad)
      fprintf(stderr,
              "qarray: triage: the tile alone (%s) reproduces it: %zu wrong elements, the first "
              "C[%zu][%zu] (PE row %zu col %zu) = %" PRId32 ", expected %" PRId32
              "; PE cycles %zu..%" PRIu64 " of the re-run\n",
              cfgname, bad, fx / cols, fx % cols, fx / cols, fx % cols, got[fx], want[fx],
              fx / cols + fx % cols + 1, kt + fx / cols + fx % cols);
    else
      fprintf(stderr, "qarray: triage: the tile alone (%s) computes correctly: the fault needs "
                      "the tiles around it (or stalls) to show\n", cfgname);
  }

  /* The view and the replay command. */
  const int mesh = o->req.mesh < 0 ? qa_default_mesh(o->req.rows, o->req.cols) : o->req.mesh;
  const int dims[4] = {cfg.rows, cfg.cols, cfg.lanes, cfg.accw};
  if (qa_repro_view(&rp, dims, mesh, (long)i, (long)j, err)) goto out;
  char replay[1024];
  snprintf(replay, sizeof replay,
           "# Replays tile %zu of the failed GEMM alone, traced (run in this directory).\n"
           "'%s/build/qarray' gemm --array %dx%d --wbits %d --accw %d --mode %s --mesh %s%s%s "
           "--a A.npy --w W.npy --trace trace.fst --no-triage \"$@\"\n",
           tile, qa_root(), cfg.rows, cfg.cols, cfg.wbits, cfg.accw,
           o->mode == QA_MODE_PACKED ? "packed" : "full", mesh ? "loop" : "pe",
           o->req.mutant ? " --mutant " : "", o->req.mutant ? o->req.mutant : "");
  if (qa_repro_text(&rp, "replay.sh", replay, err) || qa_repro_commit(&rp, err)) goto out;
  snprintf(out_dir, out_len, "%s", rp.dir);
  fprintf(stderr,
          "qarray: triage: reproducer in %s/ (operands, expected C, trace.fst, view.gtkw)\n"
          "qarray: triage: replay: cd %s && sh replay.sh\n"
          "qarray: triage: view:   gtkwave %s/trace.fst %s/view.gtkw\n",
          out_dir, out_dir, out_dir, out_dir);
  rc = 0;
out:
  if (s) lib.sim_free(s);
  if (lib.dl) qa_lib_close(&lib);
  qa_repro_close(&rp);
  free(a);
  free(w);
  free(want);
  free(got);
  return rc;
}
