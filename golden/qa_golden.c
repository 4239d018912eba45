/* qa_golden.c: see qa_golden.h. */
#include "qa_golden.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int qa_wbits_valid(int wbits) { return qa_arch_wbits_ok(wbits); }

int qa_lanes(int wbits) { return qa_arch_lanes(wbits); }

void qa_weight_range(int wbits, int *lo, int *hi) {
  switch (wbits) {
  case 1: *lo = -1; *hi = 1; break;
  case 2: *lo = -1; *hi = 1; break;
  case 4: *lo = -8; *hi = 7; break;
  default: *lo = -128; *hi = 127; break;
  }
}

int qa_weight_valid(int wbits, int value) {
  if (!qa_wbits_valid(wbits)) return 0;
  if (wbits == 1) return value == -1 || value == 1;
  int lo, hi;
  qa_weight_range(wbits, &lo, &hi);
  return value >= lo && value <= hi;
}

static uint8_t encode(int wbits, int value) {
  if (wbits == 1) return value > 0 ? QA_CODE_BIN_POS : QA_CODE_BIN_NEG;
  return (uint8_t)((unsigned)value & ((1u << wbits) - 1u));
}

int qa_pack_byte(int wbits, const int8_t *vals, int n, uint8_t *out) {
  int lanes = qa_lanes(wbits);
  if (lanes == 0 || n < 0 || n > lanes) return -1;
  for (int l = 0; l < n; l++)
    if (!qa_weight_valid(wbits, vals[l])) return -1;
  *out = qa_pack_byte_legal(wbits, vals, n);
  return 0;
}

uint8_t qa_pack_byte_legal(int wbits, const int8_t *vals, int n) {
  const int lanes = qa_lanes(wbits);
  unsigned byte = 0;
  for (int l = 0; l < lanes; l++) {
    int v = l < n ? vals[l] : (wbits == 1 ? 1 : 0);
    byte |= (unsigned)encode(wbits, v) << (l * wbits);
  }
  return (uint8_t)byte;
}

int qa_unpack_byte(int wbits, uint8_t byte, int8_t *vals) {
  int lanes = qa_lanes(wbits);
  if (lanes == 0) return -1;
  int8_t tmp[8];
  for (int l = 0; l < lanes; l++) {
    unsigned code = ((unsigned)byte >> (l * wbits)) & ((1u << wbits) - 1u);
    if (wbits == 1) {
      tmp[l] = code ? 1 : -1;
    } else if (wbits == 2 && code == QA_CODE_TER_BAD) {
      return -1;
    } else {
      int v = (int)code;
      if (code & (1u << (wbits - 1))) v -= 1 << wbits;
      tmp[l] = (int8_t)v;
    }
  }
  memcpy(vals, tmp, (size_t)lanes);
  return 0;
}

int32_t qa_wrap(int64_t v, int accw) {
  uint64_t u = (uint64_t)v;
  if (accw >= 64) return (int32_t)v;
  uint64_t mask = (1ull << accw) - 1ull;
  u &= mask;
  if (u & (1ull << (accw - 1))) u |= ~mask;
  return (int32_t)(int64_t)u;
}

void qa_gemm_ref(const int8_t *A, const int8_t *W, int32_t *C, size_t M, size_t K, size_t N,
                 int accw) {
  /* |a*w| <= 128*128 = 16384, so K < 131072 products sum exactly in int32 (|sum| < 2^31).
   * Then: row by row, k outer, W read along its rows into a row of int32 sums (this
   * vectorises). Otherwise, or without memory for the row: one int64 sum per element. */
  int32_t *acc = K < 131072 ? malloc((N ? N : 1) * sizeof *acc) : NULL;
  if (!acc) {
    for (size_t m = 0; m < M; m++)
      for (size_t n = 0; n < N; n++) {
        int64_t s = 0;
        for (size_t k = 0; k < K; k++) s += (int64_t)A[m * K + k] * (int64_t)W[k * N + n];
        C[m * N + n] = qa_wrap(s, accw);
      }
    return;
  }
  for (size_t m = 0; m < M; m++) {
    memset(acc, 0, N * sizeof *acc);
    for (size_t k = 0; k < K; k++) {
      const int32_t a = A[m * K + k];
      const int8_t *w = W + k * N;
      for (size_t n = 0; n < N; n++) acc[n] += a * (int32_t)w[n];
    }
    for (size_t n = 0; n < N; n++) C[m * N + n] = qa_wrap(acc[n], accw);
  }
  free(acc);
}

long qa_weights_check(const int8_t *W, size_t count, int wbits) {
  for (size_t i = 0; i < count; i++)
    if (!qa_weight_valid(wbits, W[i])) return (long)i;
  return -1;
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

void qa_quant_ternary_g(const float *W, size_t n, float gamma, int8_t *q) {
  const float d = gamma + QA_TERNARY_EPS;
  for (size_t i = 0; i < n; i++) q[i] = (int8_t)clampf(rintf(W[i] / d), -1.0f, 1.0f);
}

float qa_quant_ternary(const float *W, size_t n, int8_t *q) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += fabs((double)W[i]);
  float gamma = n ? (float)(s / (double)n) : 0.0f;
  qa_quant_ternary_g(W, n, gamma, q);
  return gamma;
}

void qa_quant_binary_a(const float *W, size_t n, float alpha, int8_t *q) {
  for (size_t i = 0; i < n; i++) q[i] = (W[i] - alpha >= 0.0f) ? 1 : -1;
}

float qa_quant_binary(const float *W, size_t n, int8_t *q, float *beta) {
  double s = 0.0, sa = 0.0;
  for (size_t i = 0; i < n; i++) {
    s += (double)W[i];
    sa += fabs((double)W[i]);
  }
  float alpha = n ? (float)(s / (double)n) : 0.0f;
  if (beta) *beta = n ? (float)(sa / (double)n) : 0.0f;
  qa_quant_binary_a(W, n, alpha, q);
  return alpha;
}

void qa_quant_absmax(const float *X, size_t rows, size_t cols, int8_t *q, float *scales) {
  for (size_t r = 0; r < rows; r++) {
    const float *x = X + r * cols;
    float mx = 0.0f;
    for (size_t c = 0; c < cols; c++) mx = fmaxf(mx, fabsf(x[c]));
    float scale = mx > 0.0f ? 127.0f / mx : 0.0f;
    for (size_t c = 0; c < cols; c++)
      q[r * cols + c] = (int8_t)clampf(rintf(x[c] * scale), -128.0f, 127.0f);
    if (scales) scales[r] = scale;
  }
}

const char *qa_weights_legal(int wbits) {
  static const char *const legal[9] = {"", "{-1, +1}", "{-1, 0, +1}", "", "-8..7", "", "", "", "-128..127"};
  return wbits >= 0 && wbits <= 8 ? legal[wbits] : "";
}
