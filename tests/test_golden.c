/* test_golden.c: the golden model and the cycle formulas against hand-computed values and the
 * independent numpy vectors in tests/vectors. */
#include "qa_test.h"

#include <math.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_golden.h"

static void test_gemm_hand(void **state) {
  (void)state;
  /* [[1,2],[3,4]] . [[5,6],[7,8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]] */
  const int8_t A[] = {1, 2, 3, 4}, W[] = {5, 6, 7, 8};
  const int32_t want[] = {19, 22, 43, 50};
  int32_t C[4];
  qa_gemm_ref(A, W, C, 2, 2, 2, 32);
  assert_memory_equal(C, want, sizeof want);
}

static void test_gemm_extremes(void **state) {
  (void)state;
  int32_t C[2];
  /* -128 * -1 = +128: does not fit in int8, must not wrap at 8 or 16 bits. */
  const int8_t a1[] = {-128}, w1[] = {-1};
  qa_gemm_ref(a1, w1, C, 1, 1, 1, 32);
  assert_int_equal(C[0], 128);
  /* (-128)*(-128) three times = 3 * 16384 = 49152; and 127*(-128) three times = -48768. */
  const int8_t a2[] = {-128, -128, -128, 127, 127, 127}, w2[] = {-128, -128, -128};
  qa_gemm_ref(a2, w2, C, 2, 3, 1, 32);
  assert_int_equal(C[0], 49152);
  assert_int_equal(C[1], -48768);
  /* All ones: 3x4 . 4x2 = 4 everywhere. */
  int8_t a3[12], w3[8];
  int32_t c3[6];
  memset(a3, 1, sizeof a3);
  memset(w3, 1, sizeof w3);
  qa_gemm_ref(a3, w3, c3, 3, 4, 2, 32);
  for (int i = 0; i < 6; i++) assert_int_equal(c3[i], 4);
}

static void test_wrap(void **state) {
  (void)state;
  assert_int_equal(qa_wrap(128, 8), -128);
  assert_int_equal(qa_wrap(300, 8), 44);         /* 300 - 256 */
  assert_int_equal(qa_wrap(-129, 8), 127);       /* -129 + 256 */
  assert_int_equal(qa_wrap(32768, 16), -32768);
  assert_int_equal(qa_wrap(2147483648ll, 32), INT32_MIN);
  assert_int_equal(qa_wrap(-5, 32), -5);
  /* 127*127 = 16129, three times 48387 > 32767: 48387 - 65536 = -17149 at ACCW = 16. */
  const int8_t A[] = {127, 127, 127}, W[] = {127, 127, 127};
  int32_t C[1];
  qa_gemm_ref(A, W, C, 1, 3, 1, 16);
  assert_int_equal(C[0], -17149);
  qa_gemm_ref(A, W, C, 1, 3, 1, 17); /* fits in 17 bits (max 65535) */
  assert_int_equal(C[0], 48387);
  /* K = 131072 products of (-128)(-128): 2^17 * 2^14 = 2^31, one past INT32_MAX: the sum must
   * be exact (int64) and wrap to -2^31 at ACCW = 32; one product fewer is 2^31 - 16384. */
  enum { KBIG = 131072 };
  int8_t *a = malloc(KBIG), *w = malloc(KBIG);
  assert_non_null(a);
  assert_non_null(w);
  memset(a, 0x80, KBIG);
  memset(w, 0x80, KBIG);
  qa_gemm_ref(a, w, C, 1, KBIG, 1, 32);
  assert_int_equal(C[0], INT32_MIN);
  qa_gemm_ref(a, w, C, 1, KBIG - 1, 1, 32);
  assert_int_equal(C[0], 2147483648ll - 16384);
  free(a);
  free(w);
}

static void test_pack_hand(void **state) {
  (void)state;
  uint8_t b;
  /* binary, lane l at bit l, +1 -> 1: lanes 1, 2, 7 set = 0b1000_0110 */
  const int8_t v1[] = {-1, 1, 1, -1, -1, -1, -1, 1};
  assert_int_equal(qa_pack_byte(1, v1, 8, &b), 0);
  assert_int_equal(b, 0x86);
  /* ternary, 2 bits a lane: +1=01, -1=11, 0=00, +1=01 -> 01 | 11<<2 | 00<<4 | 01<<6 = 0x4D */
  const int8_t v2[] = {1, -1, 0, 1};
  assert_int_equal(qa_pack_byte(2, v2, 4, &b), 0);
  assert_int_equal(b, 0x4D);
  /* INT4: -8 = 0x8 low nibble, 7 high nibble -> 0x78; -1 = 0xF, 3 -> 0x3F */
  const int8_t v4[] = {-8, 7}, v4b[] = {-1, 3};
  assert_int_equal(qa_pack_byte(4, v4, 2, &b), 0);
  assert_int_equal(b, 0x78);
  assert_int_equal(qa_pack_byte(4, v4b, 2, &b), 0);
  assert_int_equal(b, 0x3F);
  const int8_t v8[] = {-128};
  assert_int_equal(qa_pack_byte(8, v8, 1, &b), 0);
  assert_int_equal(b, 0x80);
  /* Padding of missing lanes: binary pads with +1 (bit 1), ternary with 0. */
  const int8_t one[] = {-1};
  assert_int_equal(qa_pack_byte(1, one, 1, &b), 0);
  assert_int_equal(b, 0xFE);
  assert_int_equal(qa_pack_byte(2, one, 1, &b), 0);
  assert_int_equal(b, 0x03);
}

static void test_pack_reject(void **state) {
  (void)state;
  uint8_t b = 0x5A;
  const int8_t zero[] = {0}, two[] = {2}, mtwo[] = {-2}, eight[] = {8}, m9[] = {-9};
  assert_int_equal(qa_pack_byte(1, zero, 1, &b), -1); /* binary has no 0 */
  assert_int_equal(qa_pack_byte(2, two, 1, &b), -1);
  assert_int_equal(qa_pack_byte(2, mtwo, 1, &b), -1); /* the code 10 is never produced */
  assert_int_equal(qa_pack_byte(4, eight, 1, &b), -1);
  assert_int_equal(qa_pack_byte(4, m9, 1, &b), -1);
  const int8_t many[9] = {0};
  assert_int_equal(qa_pack_byte(8, many, 2, &b), -1); /* more values than lanes */
  assert_int_equal(qa_pack_byte(3, zero, 1, &b), -1); /* no such precision */
  assert_int_equal(b, 0x5A);                          /* nothing written on failure */
  int8_t v[8];
  assert_int_equal(qa_unpack_byte(2, 0x02, v), -1); /* lane 0 holds 10 */
  assert_int_equal(qa_unpack_byte(2, 0x80, v), -1); /* lane 3 holds 10 */
  assert_int_equal(qa_weight_valid(1, 0), 0);
  assert_int_equal(qa_weight_valid(4, -8), 1);
  assert_int_equal(qa_weight_valid(8, -128), 1);
}

static void test_pack_roundtrip(void **state) {
  (void)state;
  const int wb[] = {1, 2, 4, 8};
  for (int wi = 0; wi < 4; wi++) {
    int w = wb[wi], lanes = 8 / w, lo, hi;
    qa_weight_range(w, &lo, &hi);
    /* Every byte that unpacks must pack back to itself, and every legal tuple must survive. */
    int legal = 0;
    for (int byte = 0; byte < 256; byte++) {
      int8_t v[8];
      uint8_t back;
      if (qa_unpack_byte(w, (uint8_t)byte, v) != 0) continue;
      legal++;
      for (int l = 0; l < lanes; l++) assert_true(qa_weight_valid(w, v[l]));
      assert_int_equal(qa_pack_byte(w, v, lanes, &back), 0);
      assert_int_equal(back, byte);
    }
    /* 256 codes except ternary, whose 3^4 = 81 legal bytes exclude any lane holding 10. */
    assert_int_equal(legal, w == 2 ? 81 : 256);
  }
}

static void test_quant_hand(void **state) {
  (void)state;
  /* gamma = (0.5 + 0.5 + 0.1 + 2.0) / 4 = 0.775; W / gamma = 0.645, -0.645, 0.129, -2.58
   * -> round 1, -1, 0, -3 -> clamp 1, -1, 0, -1. */
  const float W[] = {0.5f, -0.5f, 0.1f, -2.0f};
  int8_t q[4];
  float gamma = qa_quant_ternary(W, 4, q);
  assert_true(fabsf(gamma - 0.775f) < 1e-6f);
  const int8_t tq[] = {1, -1, 0, -1};
  assert_memory_equal(q, tq, 4);
  /* alpha = (0.5 - 0.5 + 0.1 - 2.0) / 4 = -0.475; W - alpha = 0.975, -0.025, 0.575, -1.525. */
  float beta;
  float alpha = qa_quant_binary(W, 4, q, &beta);
  assert_true(fabsf(alpha + 0.475f) < 1e-6f);
  assert_true(fabsf(beta - 0.775f) < 1e-6f);
  const int8_t bq[] = {1, -1, 1, -1};
  assert_memory_equal(q, bq, 4);
  /* absmax: scale 127/2 = 63.5: 1.0 -> 63.5 -> 64 (half to even), -2 -> -127, 0.5 -> 31.75 -> 32;
   * the zero row stays zero with scale 0. */
  const float X[] = {1.0f, -2.0f, 0.5f, 0.0f, 0.0f, 0.0f};
  int8_t xq[6];
  float sc[2];
  qa_quant_absmax(X, 2, 3, xq, sc);
  const int8_t wantx[] = {64, -127, 32, 0, 0, 0};
  assert_memory_equal(xq, wantx, 6);
  assert_true(sc[0] == 63.5f && sc[1] == 0.0f);
}

static void test_quant_properties(void **state) {
  (void)state;
  enum { n = 1000 };
  float W[n];
  int8_t q[n];
  uint64_t s = 12345;
  for (int i = 0; i < n; i++) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    W[i] = ((float)(s >> 40) / (float)(1 << 24) - 0.5f) * 0.1f;
  }
  float gamma = qa_quant_ternary(W, n, q);
  for (int i = 0; i < n; i++) {
    assert_true(q[i] >= -1 && q[i] <= 1);
    /* sign is kept, and a weight is zeroed only when |W| < (gamma+eps)/2 */
    if (q[i]) assert_true((q[i] > 0) == (W[i] > 0));
    else assert_true(fabsf(W[i]) <= 0.5f * (gamma + QA_TERNARY_EPS) * 1.0001f);
  }
  float beta;
  float alpha = qa_quant_binary(W, n, q, &beta);
  for (int i = 0; i < n; i++) assert_int_equal(q[i], W[i] - alpha >= 0.0f ? 1 : -1);
  /* absmax: the largest magnitude of a row maps to +-127 exactly. */
  int8_t xq[n];
  qa_quant_absmax(W, 10, 100, xq, NULL);
  for (int r = 0; r < 10; r++) {
    int mx = 0;
    for (int c = 0; c < 100; c++) mx = abs(xq[r * 100 + c]) > mx ? abs(xq[r * 100 + c]) : mx;
    assert_int_equal(mx, 127);
  }
}

/* The numpy vectors (tests/vectors/README.md): C = A . W computed by numpy in int64. */
static const struct {
  const char *name;
  int wbits, accw;
} kGemmVectors[] = {
    {"gemm_w1_3x5x7", 1, 32},     {"gemm_w2_3x5x7", 2, 32},       {"gemm_w4_3x5x7", 4, 32},
    {"gemm_w8_3x5x7", 8, 32},     {"gemm_w1_33x65x17", 1, 32},    {"gemm_w2_33x65x17", 2, 32},
    {"gemm_w4_33x65x17", 4, 32},  {"gemm_w8_33x65x17", 8, 32},    {"gemm_w2_1x300x40", 2, 32},
    {"gemm_w1_1x257x9", 1, 32},   {"gemm_w8_64x64x64", 8, 32},    {"gemm_w2_70x1x35", 2, 32},
    {"gemm_w8_4x600x5_accw16", 8, 16},
};

static void test_gemm_vectors(void **state) {
  (void)state;
  for (size_t v = 0; v < sizeof kGemmVectors / sizeof kGemmVectors[0]; v++) {
    char n[128];
    qa_npy a, w, c;
    snprintf(n, sizeof n, "%s_A", kGemmVectors[v].name);
    vec_load(n, QA_NPY_I1, &a);
    snprintf(n, sizeof n, "%s_W", kGemmVectors[v].name);
    vec_load(n, QA_NPY_I1, &w);
    snprintf(n, sizeof n, "%s_C", kGemmVectors[v].name);
    vec_load(n, QA_NPY_I4, &c);
    size_t M = a.shape[0], K = a.shape[1], N = w.shape[1];
    assert_int_equal(w.shape[0], K);
    assert_int_equal(qa_weights_check(w.data, K * N, kGemmVectors[v].wbits), -1);
    int32_t *C = malloc(M * N * sizeof *C);
    qa_gemm_ref(a.data, w.data, C, M, K, N, kGemmVectors[v].accw);
    expect_matrix(C, c.data, M, N, kGemmVectors[v].name);
    free(C);
    qa_npy_free(&a);
    qa_npy_free(&w);
    qa_npy_free(&c);
  }
}

/* gamma and alpha from tests/vectors/manifest.json. */
static void test_quant_vectors(void **state) {
  (void)state;
  qa_npy w, wq, x, xq;
  vec_load("quant_ternary_W", QA_NPY_F4, &w);
  vec_load("quant_ternary_Wq", QA_NPY_I1, &wq);
  int8_t *q = malloc(w.count);
  qa_quant_ternary_g(w.data, w.count, 0.01639781892299652f, q);
  assert_memory_equal(q, wq.data, w.count);
  float gamma = qa_quant_ternary(w.data, w.count, q); /* our own gamma gives the same codes */
  assert_true(fabsf(gamma - 0.01639781892299652f) < 1e-7f);
  assert_memory_equal(q, wq.data, w.count);
  free(q);
  qa_npy_free(&w);
  qa_npy_free(&wq);

  vec_load("quant_binary_W", QA_NPY_F4, &w);
  vec_load("quant_binary_Wq", QA_NPY_I1, &wq);
  q = malloc(w.count);
  qa_quant_binary_a(w.data, w.count, 0.00014265681966207922f, q);
  assert_memory_equal(q, wq.data, w.count);
  float beta;
  float alpha = qa_quant_binary(w.data, w.count, q, &beta);
  assert_true(fabsf(alpha - 0.00014265681966207922f) < 1e-8f);
  assert_true(fabsf(beta - 0.01639781892299652f) < 1e-7f);
  assert_memory_equal(q, wq.data, w.count);
  free(q);
  qa_npy_free(&w);
  qa_npy_free(&wq);

  vec_load("quant_absmax_X", QA_NPY_F4, &x);
  vec_load("quant_absmax_Xq", QA_NPY_I1, &xq);
  q = malloc(x.count);
  qa_quant_absmax(x.data, x.shape[0], x.shape[1], q, NULL);
  assert_memory_equal(q, xq.data, x.count);
  free(q);
  qa_npy_free(&x);
  qa_npy_free(&xq);
}

/* The cycle formulas on cases worked by hand (docs/cycle-model.md). */
static void test_cycle_model_hand(void **state) {
  (void)state;
  /* 4x4 FULL, 3x5x7: T = 1*2 = 2, Kt = 5, P = max(5,4) = 5: 5 + 5 + 2*4 + 4 + 1 = 23 */
  qa_gemm_shape g = {4, 4, 2, QA_MODE_FULL, 3, 5, 7};
  assert_int_equal(qa_cycles_model(&g), 23);
  /* SCALE-Sim: 2 * (5 + 4 + 4 - 2) - 1 = 21 */
  assert_int_equal(qa_cycles_scalesim(&g), 21);
  /* PACKED W2: Kt = ceil(5/4) = 2 < R, so P = 4: 2 + 4 + 8 + 4 + 1 = 19 */
  g.mode = QA_MODE_PACKED;
  assert_int_equal(qa_cycles_model(&g), 19);
  assert_int_equal(qa_cycles_scalesim(&g), 21); /* precision-blind */
  /* edge 32x32, 128x768x768: T = 4*24 = 96. FULL Kt = 768: 96*768 + 64 + 32 + 1 = 73825;
   * PACKED W2 Kt = 192: 96*192 + 97 = 18529; SCALE-Sim 96*(768+62) - 1 = 79679. */
  qa_gemm_shape e = {32, 32, 2, QA_MODE_FULL, 128, 768, 768};
  assert_int_equal(qa_cycles_model(&e), 73825);
  assert_int_equal(qa_cycles_scalesim(&e), 79679);
  e.mode = QA_MODE_PACKED;
  assert_int_equal(qa_cycles_model(&e), 18529);
  /* W1: Kt = 96: 96*96 + 97 = 9313 */
  e.wbits = 1;
  assert_int_equal(qa_cycles_model(&e), 9313);
  /* cloud 256x256 W2 packed, 128x768x768: T = 3, Kt = 192 < 256 = P:
   * 192 + 2*256 + 512 + 256 + 1 = 1473 */
  qa_gemm_shape c = {256, 256, 2, QA_MODE_PACKED, 128, 768, 768};
  assert_int_equal(qa_cycles_model(&c), 1473);
  /* M = K = N = 1 on 4x4: one tile, one beat: 1 + 8 + 4 + 1 = 14 */
  qa_gemm_shape one = {4, 4, 8, QA_MODE_FULL, 1, 1, 1};
  assert_int_equal(qa_cycles_model(&one), 14);
  assert_int_equal(qa_cycles_scalesim(&one), 6); /* 1*(1+4+4-2) - 1 */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gemm_hand),       cmocka_unit_test(test_gemm_extremes),
      cmocka_unit_test(test_wrap),            cmocka_unit_test(test_pack_hand),
      cmocka_unit_test(test_pack_reject),     cmocka_unit_test(test_pack_roundtrip),
      cmocka_unit_test(test_quant_hand),      cmocka_unit_test(test_quant_properties),
      cmocka_unit_test(test_gemm_vectors),    cmocka_unit_test(test_quant_vectors),
      cmocka_unit_test(test_cycle_model_hand),
  };
  return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
