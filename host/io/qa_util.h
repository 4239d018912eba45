/* qa_util.h: small helpers the host shares: clocks and the one pseudo-random generator. */
#ifndef QA_UTIL_H
#define QA_UTIL_H

#include <stdint.h>
#include <time.h>

/* Wall-clock seconds (monotonic) and this process's CPU seconds. */
static inline double qa_now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
static inline double qa_cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* splitmix64: the host's pseudo-random numbers (operands, weights, sampling), seeded by *s. */
static inline uint64_t qa_splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

#endif /* QA_UTIL_H */
