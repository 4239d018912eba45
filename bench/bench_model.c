/* bench_model.c: time of the analytic cycle model per GEMM (make bench). Evaluates the GPT-2
 * block GEMM list on the edge and cloud arrays in both modes many times and prints the median
 * of 7 runs in nanoseconds per GEMM. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "qa_cycles.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return 1e9 * (double)ts.tv_sec + (double)ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  const uint64_t shapes[][3] = {{128, 768, 768}, {128, 768, 3072}, {128, 3072, 768},
                                {128, 64, 128},  {128, 128, 64},   {1, 768, 768}};
  const int arrays[2] = {32, 256};
  enum { NS = 6, REPS = 7, ITERS = 2000000 };
  double runs[REPS];
  volatile uint64_t sink = 0;
  for (int r = 0; r < REPS; r++) {
    double t0 = now_ns();
    for (int it = 0; it < ITERS; it++) {
      const uint64_t *s = shapes[it % NS];
      qa_gemm_shape g = {arrays[it & 1], arrays[it & 1], 2, (it >> 1) & 1, s[0] + (uint64_t)(it & 7),
                         s[1], s[2]};
      sink += qa_cycles_model(&g);
    }
    runs[r] = (now_ns() - t0) / ITERS;
  }
  qsort(runs, REPS, sizeof runs[0], cmp);
  printf("analytic model: median %.1f ns per GEMM (min %.1f, max %.1f; %d runs of %d GEMMs)\n",
         runs[REPS / 2], runs[0], runs[REPS - 1], REPS, ITERS);
  return sink == 0;
}
