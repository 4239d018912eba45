/* test_cosim.c: the RTL against the golden model (bit-exact) and the analytic cycle model
 * (cycle-exact), on every configuration named on the command line (the Makefile passes its
 * TEST_CFGS), in both modes: ragged shapes, M = 1, K = 1, K not a multiple of LANES, several
 * tiles back to back, extreme operands, the numpy vectors, random input bubbles and output
 * back-pressure. Usage: test_cosim r4c4w2a32 [more configurations; NAME:light for the light set]. */
#include "qa_test.h"

#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_gemm.h"

typedef struct {
  char name[64];
  char path[1024];
  qa_lib lib;
  qa_sim *sim;
  qa_cfg cfg;
} fixture;

static int setup(void **state) {
  fixture *f = *state;
  char err[QA_ERR_LEN];
  if (qa_lib_open(f->path, &f->lib, err)) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  f->sim = f->lib.sim_new();
  if (!f->sim) return -1;
  f->lib.sim_cfg(f->sim, &f->cfg);
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  if (f->sim) f->lib.sim_free(f->sim);
  qa_lib_close(&f->lib);
  f->sim = NULL;
  return 0;
}

static uint64_t rnd(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Operands: random, or (extreme) only the two ends of each range. */
static void make_operands(int8_t *A, int8_t *W, size_t M, size_t K, size_t N, int wbits, int mode,
                          int extreme, uint64_t seed) {
  uint64_t s = seed * 2654435761u + 88172645463325252ull;
  int lo = -128, hi = 127;
  if (mode == QA_MODE_PACKED) qa_weight_range(wbits, &lo, &hi);
  for (size_t i = 0; i < M * K; i++) {
    uint64_t r = rnd(&s);
    A[i] = extreme ? ((r & 1) ? -128 : 127) : (int8_t)(r >> 8);
  }
  for (size_t i = 0; i < K * N; i++) {
    uint64_t r = rnd(&s);
    int v = (extreme || (wbits == 1 && mode == QA_MODE_PACKED)) ? ((r & 1) ? lo : hi)
                                                                 : lo + (int)(r % (uint64_t)(hi - lo + 1));
    W[i] = (int8_t)v;
  }
}

/* Run one GEMM and hold it to the golden model; with no stalls injected, hold every counter to
 * its closed form too. Returns the RTL counters. */
static qa_counters run_case(fixture *f, int mode, const int8_t *A, const int8_t *W, size_t M,
                            size_t K, size_t N, const qa_stall_opts *st, const char *what) {
  char err[QA_ERR_LEN];
  int32_t *C = malloc(M * N * sizeof *C), *ref = malloc(M * N * sizeof *ref);
  assert_non_null(C);
  assert_non_null(ref);
  memset(C, 0x55, M * N * sizeof *C);
  qa_gemm_stats gs;
  if (qa_gemm_run(&f->lib, f->sim, &(qa_gemm_io){mode, A, W, C, M, K, N}, st, &gs, err))
    fail_msg("%s %s %zux%zux%zu: %s", f->name, what, M, K, N, err);
  qa_gemm_ref(A, W, ref, M, K, N, f->cfg.accw);
  char label[256];
  snprintf(label, sizeof label, "%s %s %s %zux%zux%zu", f->name, what,
           mode == QA_MODE_PACKED ? "packed" : "full", M, K, N);
  expect_matrix(C, ref, M, N, label);
  free(C);
  free(ref);

  const qa_counters *c = &gs.cnt;
  qa_gemm_shape g = {f->cfg.rows, f->cfg.cols, f->cfg.wbits, mode, M, K, N};
  const uint64_t T = qa_tiles(&g), kt = qa_beats_per_tile(&g), R = (uint64_t)f->cfg.rows;
  const uint64_t model = qa_cycles_model(&g);
  if (c->beats != T * kt || c->rows != T * R)
    fail_msg("%s: beats %lu rows %lu, expected %lu and %lu", label, (unsigned long)c->beats,
             (unsigned long)c->rows, (unsigned long)(T * kt), (unsigned long)(T * R));
  if (st && st->mem && st->mem->enabled) {
    /* With the memory system: the analytic memory model predicts cycles, memory stalls and
     * gap stalls; the RTL's own counters must match them. */
    qa_mem_result mr;
    qa_mem_plan mp;
    char merr[QA_MEM_ERR_LEN];
    if (qa_mem_cycles(&g, f->cfg.accw, st->mem, &mr, &mp, merr)) fail_msg("%s: %s", label, merr);
    if (c->cycles != mr.cycles || c->mem_stall != mr.mem_stall || c->gap_stall != mr.gap_stall)
      fail_msg("%s: RTL %lu cycles (mem_stall %lu, gap_stall %lu), memory model %lu (%lu, %lu)",
               label, (unsigned long)c->cycles, (unsigned long)c->mem_stall,
               (unsigned long)c->gap_stall, (unsigned long)mr.cycles, (unsigned long)mr.mem_stall,
               (unsigned long)mr.gap_stall);
    assert_int_equal(c->out_stall, 0);
    assert_true(c->cycles >= model);
    assert_int_equal(gs.plan.dram_rd_a, mp.dram_rd_a);
    assert_int_equal(gs.plan.dram_rd_w, mp.dram_rd_w);
    assert_int_equal(gs.dram_busy, mr.dram_busy);
  } else if (!st || (!st->in_bubble_permille && !st->out_stall_permille)) {
    if (c->cycles != model)
      fail_msg("%s: RTL %lu cycles, analytic model %lu", label, (unsigned long)c->cycles,
               (unsigned long)model);
    assert_int_equal(c->busy, c->cycles);
    assert_int_equal(c->in_stall, 0);
    assert_int_equal(c->out_stall, 0);
    assert_int_equal(c->credit_stall, 0);
    assert_int_equal(c->bubbles, 0);
    /* Every tile after the first whose Kt < R waits R - Kt cycles for the drain chain. */
    assert_int_equal(c->gap_stall, (T - 1) * (kt < R ? R - kt : 0));
  } else {
    /* Back-pressure stops the input, never the array (docs/cycle-model.md). A beat the shim
     * withheld while the array would have taken it, and a cycle a last beat waited for room in
     * the output buffer, each delay everything after by one cycle (when Kt >= R: a shorter
     * tile's bubble may fall in its drain-gap wait and cost nothing). The buffer absorbs the
     * rest of the back-pressure: the run ends at most out_stall cycles late. */
    const uint64_t lo = model + (kt >= R ? c->bubbles + c->credit_stall : 0);
    const uint64_t hi = model + c->bubbles + c->out_stall;
    if (c->cycles < lo || c->cycles > hi)
      fail_msg("%s: RTL %lu cycles outside [model %lu + bubbles %lu + credit_stall %lu, "
               "model + bubbles + out_stall %lu]", label, (unsigned long)c->cycles,
               (unsigned long)model, (unsigned long)c->bubbles, (unsigned long)c->credit_stall,
               (unsigned long)c->out_stall);
    if (!st->out_stall_permille) {
      assert_int_equal(c->out_stall, 0);
      assert_int_equal(c->credit_stall, 0);
      if (kt >= R) assert_int_equal(c->cycles, model + c->bubbles);
    }
  }
  return *c;
}

static void run_shape(fixture *f, int mode, size_t M, size_t K, size_t N, int extreme,
                      uint64_t seed, const qa_stall_opts *st, const char *what) {
  int8_t *A = malloc(M * K), *W = malloc(K * N);
  assert_non_null(A);
  assert_non_null(W);
  make_operands(A, W, M, K, N, f->cfg.wbits, mode, extreme, seed);
  run_case(f, mode, A, W, M, K, N, st, what);
  free(A);
  free(W);
}

static void shapes(fixture *f, int mode, int extreme) {
  const size_t R = (size_t)f->cfg.rows, C = (size_t)f->cfg.cols, L = (size_t)f->cfg.lanes;
  const size_t list[][3] = {
      {R, 4 * L, C},               /* exactly one tile */
      {1, 1, 1},                   /* the smallest GEMM */
      {1, 3 * L + 1, 2 * C + 3},   /* decode: M = 1, ragged N */
      {2 * R + 1, 1, C - 1},       /* K = 1 */
      {R + 3, 2 * L + 1, C + 2},   /* ragged everywhere, K not a multiple of LANES */
      {3 * R, R * L + 5, 2 * C},   /* several tiles, Kt > R */
      {2 * R, L, 3 * C},           /* Kt = 1 < R: tile interval set by the drain */
      {R - 1, 2 * R * L, 1},       /* N = 1 */
  };
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
    run_shape(f, mode, list[i][0], list[i][1], list[i][2], extreme, 17 + i, NULL,
              extreme ? "extreme" : "shape");
}

/* A small memory for this array: buffers of a few beats, a slow or fast DRAM channel. */
static qa_mem_cfg small_mem(const fixture *f, uint64_t a_beats, uint64_t w_beats, uint64_t bpc,
                            uint64_t lat) {
  const uint64_t R = (uint64_t)f->cfg.rows, C = (uint64_t)f->cfg.cols, L = (uint64_t)f->cfg.lanes;
  qa_mem_cfg m;
  memset(&m, 0, sizeof m);
  m.enabled = 1;
  m.a_bytes = 2 * R * L * a_beats; /* double-buffers a_beats PACKED beats */
  m.w_bytes = 2 * C * w_beats;
  m.c_bytes = 2 * R * C * 4;
  m.sram_bytes = m.a_bytes + m.w_bytes + m.c_bytes;
  m.dram_bpc = bpc;
  m.dram_lat = lat;
  return m;
}

/* The memory system in the loop: the host offers a chunk only when the DRAM channel, driven by
 * the RTL's own consumption, has brought it in; cycles and memory stalls must equal the
 * analytic memory model's. Memory-bound (slow channel, decode M = 1, chunks smaller than a
 * tile), compute-bound (fast channel), and both tile orders. */
static void test_memory(void **state) {
  fixture *f = *state;
  const size_t R = (size_t)f->cfg.rows, C = (size_t)f->cfg.cols, L = (size_t)f->cfg.lanes;
  const uint64_t slow = R / 4 + 1; /* bytes per cycle: well below the array's appetite */
  const qa_mem_cfg mems[] = {
      small_mem(f, 1u << 16, 1u << 16, slow, 10),     /* big buffers, slow channel */
      small_mem(f, 3, 5, 2 * slow, 7),                /* chunks of 3 (PACKED) beats */
      small_mem(f, 1u << 16, 4 * R, 4 * slow, 5),     /* W streamed, A resident */
      small_mem(f, 1u << 16, 1u << 16, 1u << 20, 3),  /* compute-bound */
  };
  const size_t list[][3] = {
      {1, 8 * L + 3, 2 * C + 1},  /* decode */
      {2 * R + 1, 6 * L, C + 2},  /* several row blocks */
      {R, 16 * L, 3 * C},         /* several column blocks, Kt > R */
      {2 * R, L, 2 * C},          /* Kt = 1 < R */
  };
  for (size_t mi = 0; mi < sizeof mems / sizeof mems[0]; mi++) {
    qa_stall_opts st = {0, 0, 0, &mems[mi], NULL, 0};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
      for (int mode = 0; mode < 2; mode++)
        run_shape(f, mode, list[i][0], list[i][1], list[i][2], 0, 300 + 10 * mi + i, &st,
                  "memory");
  }
}

static void test_shapes_full(void **state) { shapes(*state, QA_MODE_FULL, 0); }
static void test_shapes_packed(void **state) { shapes(*state, QA_MODE_PACKED, 0); }
static void test_extreme_full(void **state) { shapes(*state, QA_MODE_FULL, 1); }
static void test_extreme_packed(void **state) { shapes(*state, QA_MODE_PACKED, 1); }

/* Random input bubbles and output back-pressure, several seeds and rates, both modes. */
static void test_stalls(void **state) {
  fixture *f = *state;
  const size_t R = (size_t)f->cfg.rows, C = (size_t)f->cfg.cols, L = (size_t)f->cfg.lanes;
  const unsigned rates[][2] = {{300, 0}, {0, 300}, {200, 200}, {500, 900}};
  for (int mode = 0; mode < 2; mode++) {
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
      qa_stall_opts st = {rates[r][0], rates[r][1], 1000 + r, NULL, NULL, 0};
      run_shape(f, mode, 2 * R + 1, (R + 2) * L, C + 1, 0, 5 + r, &st, "stalls, Kt > R");
      run_shape(f, mode, 2 * R, L + 1, 2 * C, 0, 9 + r, &st, "stalls, Kt < R");
    }
  }
}

/* Several GEMMs on one model without a reset, switching mode between them. */
static void test_back_to_back(void **state) {
  fixture *f = *state;
  const size_t R = (size_t)f->cfg.rows, C = (size_t)f->cfg.cols, L = (size_t)f->cfg.lanes;
  run_shape(f, QA_MODE_PACKED, R + 1, 3 * L, C, 0, 41, NULL, "b2b 1");
  run_shape(f, QA_MODE_FULL, R, 5, C + 1, 0, 42, NULL, "b2b 2");
  run_shape(f, QA_MODE_PACKED, 2, 2 * L + 1, 3, 1, 43, NULL, "b2b 3");
}

/* The numpy vectors: packed on an array of the vector's precision, and every vector in FULL
 * mode (any int8 weights are legal there); only vectors of this ACCW. */
static const struct {
  const char *name;
  int wbits, accw;
} kVec[] = {
    {"gemm_w1_3x5x7", 1, 32},    {"gemm_w2_3x5x7", 2, 32},    {"gemm_w4_3x5x7", 4, 32},
    {"gemm_w8_3x5x7", 8, 32},    {"gemm_w1_33x65x17", 1, 32}, {"gemm_w2_33x65x17", 2, 32},
    {"gemm_w4_33x65x17", 4, 32}, {"gemm_w8_33x65x17", 8, 32}, {"gemm_w2_1x300x40", 2, 32},
    {"gemm_w1_1x257x9", 1, 32},  {"gemm_w8_64x64x64", 8, 32}, {"gemm_w2_70x1x35", 2, 32},
    {"gemm_w8_4x600x5_accw16", 8, 16},
};

static void test_vectors(void **state) {
  fixture *f = *state;
  int ran = 0;
  for (size_t v = 0; v < sizeof kVec / sizeof kVec[0]; v++) {
    if (kVec[v].accw != f->cfg.accw) continue;
    char n[128];
    qa_npy a, w, c;
    snprintf(n, sizeof n, "%s_A", kVec[v].name);
    vec_load(n, QA_NPY_I1, &a);
    snprintf(n, sizeof n, "%s_W", kVec[v].name);
    vec_load(n, QA_NPY_I1, &w);
    snprintf(n, sizeof n, "%s_C", kVec[v].name);
    vec_load(n, QA_NPY_I4, &c);
    size_t M = a.shape[0], K = a.shape[1], N = w.shape[1];
    for (int mode = 0; mode < 2; mode++) {
      if (mode == QA_MODE_PACKED && kVec[v].wbits != f->cfg.wbits) continue;
      int32_t *C = malloc(M * N * sizeof *C);
      char err[QA_ERR_LEN], label[200];
      qa_gemm_stats gs;
      if (qa_gemm_run(&f->lib, f->sim, &(qa_gemm_io){mode, a.data, w.data, C, M, K, N}, NULL, &gs, err))
        fail_msg("%s %s: %s", f->name, kVec[v].name, err);
      snprintf(label, sizeof label, "%s %s (%s)", f->name, kVec[v].name, mode ? "packed" : "full");
      expect_matrix(C, c.data, M, N, label); /* numpy's C, not ours */
      qa_gemm_shape g = {f->cfg.rows, f->cfg.cols, f->cfg.wbits, mode, M, K, N};
      assert_int_equal(gs.cnt.cycles, qa_cycles_model(&g));
      free(C);
      ran++;
    }
    qa_npy_free(&a);
    qa_npy_free(&w);
    qa_npy_free(&c);
  }
  assert_true(ran > 0);
}

/* The light set for large arrays (cloud): a ragged one-tile GEMM in each mode, then two tiles
 * back to back in PACKED mode (Kt < R, so the drain interval shows), and random stalls; all
 * bit-exact and, stall-free, cycle-exact. */
static void test_light(void **state) {
  fixture *f = *state;
  const size_t R = (size_t)f->cfg.rows, C = (size_t)f->cfg.cols, L = (size_t)f->cfg.lanes;
  run_shape(f, QA_MODE_FULL, 3, 5, 7, 0, 61, NULL, "light one tile");
  run_shape(f, QA_MODE_PACKED, R - 1, 2 * L + 1, C - 3, 1, 62, NULL, "light one tile extreme");
  run_shape(f, QA_MODE_PACKED, R + 1, 3 * L, 4, 0, 63, NULL, "light two tiles");
  qa_stall_opts st = {200, 200, 64, NULL, NULL, 0};
  run_shape(f, QA_MODE_FULL, 2, 9, C + 1, 0, 65, &st, "light stalls");
  /* decode through a slow memory, in chunks of 2 beats */
  qa_mem_cfg m = small_mem(f, 2, 2, 64, 20);
  qa_stall_opts sm = {0, 0, 0, &m, NULL, 0};
  run_shape(f, QA_MODE_PACKED, 1, 7 * L + 1, C + 3, 0, 66, &sm, "light memory");
}

/* Packed weights the array must reject: the host refuses them before any beat is sent. On an
 * INT8 array every int8 is legal: all 256 values, -128 included, must go through exactly. */
static void test_weight_legality(void **state) {
  fixture *f = *state;
  if (f->cfg.wbits == 8) {
    int8_t A[256], W[256];
    for (int i = 0; i < 256; i++) {
      A[i] = (int8_t)(i * 37 - 128);
      W[i] = (int8_t)(i - 128);
    }
    run_case(f, QA_MODE_PACKED, A, W, 2, 128, 1, NULL, "all int8 weights");
    return;
  }
  int8_t A[4] = {1, 2, 3, 4}, W[4] = {1, 1, 1, 1};
  W[2] = f->cfg.wbits == 1 ? 0 : (f->cfg.wbits == 2 ? 2 : 8);
  int32_t C[4];
  char err[QA_ERR_LEN] = "";
  /* bad input, not an RTL failure: exit status 2 */
  assert_int_equal(qa_gemm_run(&f->lib, f->sim, &(qa_gemm_io){QA_MODE_PACKED, A, W, C, 2, 2, 2}, NULL, NULL, err),
                   QA_EXIT_USAGE);
  assert_non_null(strstr(err, "W[1][0]"));
}

/* The fast build has no tracing compiled in: it says so and refuses to open a trace. */
static void test_no_trace(void **state) {
  fixture *f = *state;
  assert_int_equal(f->lib.traceable(), 0);
  assert_int_equal(f->lib.trace_open(f->sim, "/tmp/qarray-never-written.fst", 0), -1);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_cosim CONFIG... (e.g. r4c4w2a32)\n");
    return 2;
  }
  static const struct {
    const char *name;
    CMUnitTestFunction fn;
  } kTests[] = {
      {"shapes_full", test_shapes_full},     {"shapes_packed", test_shapes_packed},
      {"extreme_full", test_extreme_full},   {"extreme_packed", test_extreme_packed},
      {"stalls", test_stalls},               {"back_to_back", test_back_to_back},
      {"vectors", test_vectors},             {"weight_legality", test_weight_legality},
      {"memory", test_memory},               {"no_trace", test_no_trace},
  };
  const size_t nt = sizeof kTests / sizeof kTests[0], ncfg = (size_t)argc - 1;
  fixture *fx = calloc(ncfg, sizeof *fx);
  struct CMUnitTest *tests = calloc(ncfg * nt, sizeof *tests);
  char(*names)[128] = calloc(ncfg * nt, sizeof *names);
  if (!fx || !tests || !names) return 2;
  size_t nu = 0;
  for (size_t c = 0; c < ncfg; c++) {
    /* NAME:light runs only the light set (for arrays too large for the full one in CI). */
    char *colon = strchr(argv[c + 1], ':');
    int light = colon && !strcmp(colon, ":light");
    if (colon) *colon = '\0';
    snprintf(fx[c].name, sizeof fx[c].name, "%s", argv[c + 1]);
    /* A configuration name, or a path to a model library (make mutants). */
    if (strchr(argv[c + 1], '/'))
      snprintf(fx[c].path, sizeof fx[c].path, "%s", argv[c + 1]);
    else
      snprintf(fx[c].path, sizeof fx[c].path, "%s/build/cfg/%s/libqa.so", qa_root(), argv[c + 1]);
    for (size_t t = 0; t < (light ? 1 : nt); t++) {
      struct CMUnitTest *u = &tests[nu];
      snprintf(names[nu], sizeof names[0], "%s/%s", argv[c + 1], light ? "light" : kTests[t].name);
      u->name = names[nu];
      u->test_func = light ? test_light : kTests[t].fn;
      u->setup_func = setup;
      u->teardown_func = teardown;
      u->initial_state = &fx[c];
      nu++;
    }
  }
  int rc = _cmocka_run_group_tests("cosim", tests, nu, NULL, NULL);
  free(names);
  free(tests);
  free(fx);
  return rc;
}
