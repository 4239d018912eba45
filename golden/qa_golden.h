/* qa_golden.h: the golden model. Bit-exact GEMMs, weight packing, quantizers.
 *
 * Independent of the RTL: the reference GEMM multiplies plain int8 values in int64 and wraps the
 * sum once at the end (equal to wrapping after every addition, since addition modulo 2^ACCW is
 * associative); it never sees packed codes, lanes or tiles.
 */
#ifndef QA_GOLDEN_H
#define QA_GOLDEN_H

#include <stddef.h>
#include <stdint.h>

#include "qa_arch.h"

/* Weight encodings of the PACKED mode, lane l of a byte in bits [l*wbits, l*wbits + wbits):
 *   wbits 1: binary {-1,+1}, bit 0 = -1, bit 1 = +1;
 *   wbits 2: ternary {-1,0,+1}, 2-bit two's complement (01 = +1, 11 = -1, 00 = 0; 10 invalid);
 *   wbits 4: signed INT4 (-8..7), two's complement; wbits 8: signed INT8. */
int qa_wbits_valid(int wbits);                /* 1 if wbits is 1, 2, 4 or 8 */
int qa_lanes(int wbits);                      /* 8 / wbits */
int qa_weight_valid(int wbits, int value);    /* 1 if value is legal for the precision */
/* The lowest and highest legal weight values for wbits (binary: -1, +1). */
void qa_weight_range(int wbits, int *lo, int *hi);

/* Pack n <= lanes weights (lane 0 first) into one byte; lanes past n are padded with the code of
 * +1 (binary) or 0 (others). Returns 0, or -1 if a value is illegal for wbits (nothing written). */
int qa_pack_byte(int wbits, const int8_t *vals, int n, uint8_t *out);
/* qa_pack_byte without the checks, for weights already checked (qa_weights_check): wbits is
 * 1, 2, 4 or 8, 0 <= n <= lanes and every value legal. Returns the byte. */
uint8_t qa_pack_byte_legal(int wbits, const int8_t *vals, int n);
/* Unpack one byte into lanes values. Returns 0, or -1 for an invalid code (ternary 10). */
int qa_unpack_byte(int wbits, uint8_t byte, int8_t *vals);

/* v reduced to a signed accw-bit two's complement value (1 <= accw <= 32). */
int32_t qa_wrap(int64_t v, int accw);

/* C[M x N] = A[M x K] . W[K x N], row-major, wrapped to accw bits. */
void qa_gemm_ref(const int8_t *A, const int8_t *W, int32_t *C, size_t M, size_t K, size_t N,
                 int accw);

/* Index of the first value of W (K x N, row-major) illegal for wbits, or -1 if all are legal. */
long qa_weights_check(const int8_t *W, size_t count, int wbits);
/* The legal weights of wbits (1, 2, 4, 8) in words: "{-1, 0, +1}"; "" for any other. */
const char *qa_weights_legal(int wbits);

/* Quantizers of the BitNet papers (docs/references.md); float32 arithmetic, round half to even.
 * Ternary absmean: gamma = mean|W| (summed in double), q = clamp(round(W/(gamma+eps)), -1, 1).
 * Returns gamma (the output scale). */
#define QA_TERNARY_EPS 1e-5f
float qa_quant_ternary(const float *W, size_t n, int8_t *q);
/* The same with a given gamma. */
void qa_quant_ternary_g(const float *W, size_t n, float gamma, int8_t *q);
/* Binary: alpha = mean W; q = +1 where W - alpha >= 0 else -1; *beta = mean|W| (output scale).
 * Returns alpha. */
float qa_quant_binary(const float *W, size_t n, int8_t *q, float *beta);
void qa_quant_binary_a(const float *W, size_t n, float alpha, int8_t *q);
/* Activations, absmax per row (token): scale = 127 / max|x|, q = clamp(round(x*scale), -128, 127);
 * an all-zero row gives zeros and scale 0. scales (may be NULL) receives one scale per row. */
void qa_quant_absmax(const float *X, size_t rows, size_t cols, int8_t *q, float *scales);

#endif /* QA_GOLDEN_H */
