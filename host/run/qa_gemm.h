/* qa_gemm.h: running one GEMM on the RTL array.
 *
 * C[M x N] = A[M x K] . W[K x N]: A int8; W int8 holding weights legal for the array's WBITS in
 * PACKED mode, or any int8 in FULL mode. The GEMM is cut into ROWS x COLS output tiles (M rows
 * by N columns, zero-padded at ragged edges), each streamed as Kt beats (K, or K / LANES packed,
 * zero-padded), tiles back to back; results are collected as int32 (ACCW wrap).
 */
#ifndef QA_GEMM_H
#define QA_GEMM_H

#include <stddef.h>
#include <stdint.h>

#include "qa_cycles.h"
#include "qa_mem.h"
#include "qa_err.h"
#include "qa_load.h"
#include "qa_opts.h" /* qa_trace_opts */


typedef struct {
  unsigned in_bubble_permille; /* random input bubbles (0 = none) */
  unsigned out_stall_permille; /* random output back-pressure (0 = none) */
  uint64_t seed;
  /* The memory system (golden/qa_mem.h): NULL or disabled = compute-only. With it, the GEMM
   * runs in the plan's tile order and chunks, and each chunk's first beat is offered only when
   * the DRAM channel (driven by the RTL's own consumption times) has brought it into SRAM. */
  const qa_mem_cfg *mem;
  /* NULL: the model traces nothing for this GEMM; else the windows to dump. */
  const qa_trace_opts *trace;
  int progress; /* 1: a progress line on stderr about every second (tiles, rate, time left) */
} qa_stall_opts;

typedef struct {
  qa_counters cnt;  /* RTL counters for this GEMM (cnt.cycles = RTL cycles) */
  uint64_t tiles;   /* T */
  uint64_t kt;      /* beats per tile */
  double wall_s;    /* wall time of the simulation */
  qa_mem_plan plan; /* tile order, chunking and DRAM/SRAM traffic (tiles, chunks: NULL) */
  uint64_t dram_busy; /* cycles the DRAM channel transferred */
} qa_gemm_stats;

/* One GEMM's operands and result: C[M x N] = A[M x K] . W[K x N] in mode (QA_MODE_*). */
typedef struct {
  int mode;
  const int8_t *A, *W;
  int32_t *C;
  size_t M, K, N;
} qa_gemm_io;

/* Run the GEMM on a model (lib, s); stalls may be NULL (none), st NULL. Returns 0; QA_EXIT_USAGE
 * (qa_err.h) with err for bad input (weights illegal for the mode, a memory too small) or out of
 * memory; QA_EXIT_FAIL with err for an RTL protocol error (rows lost or out of order, a hang). */
int qa_gemm_run(const qa_lib *lib, qa_sim *s, const qa_gemm_io *io, const qa_stall_opts *stalls,
                qa_gemm_stats *st, char *err);

#endif /* QA_GEMM_H */
