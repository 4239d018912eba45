/* qa_cycles.c: see qa_cycles.h. */
#include "qa_cycles.h"

#include "qa_golden.h"

#include <math.h>

uint64_t qa_ceil_div(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

uint64_t qa_tiles(const qa_gemm_shape *g) {
  return qa_ceil_div(g->m, (uint64_t)g->rows) * qa_ceil_div(g->n, (uint64_t)g->cols);
}

uint64_t qa_beats_per_tile(const qa_gemm_shape *g) {
  if (g->mode == QA_MODE_PACKED) return qa_ceil_div(g->k, (uint64_t)qa_lanes(g->wbits));
  return g->k;
}

uint64_t qa_cycles_model(const qa_gemm_shape *g) {
  const uint64_t r = (uint64_t)g->rows;
  const uint64_t t = qa_tiles(g), kt = qa_beats_per_tile(g);
  const uint64_t p = kt > r ? kt : r;
  return (kt - 1) + (t - 1) * p + qa_os_drain(g->rows, g->cols);
}

uint64_t qa_cycles_scalesim(const qa_gemm_shape *g) {
  const uint64_t r = (uint64_t)g->rows, c = (uint64_t)g->cols;
  return qa_tiles(g) * (g->k + r + c - 2) - 1;
}

double qa_amdahl(double f, double s) { return 1.0 / ((1.0 - f) + f / s); }

double qa_amdahl_ceiling(double f) { return f >= 1.0 ? INFINITY : 1.0 / (1.0 - f); }
