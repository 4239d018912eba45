/* qa_mem.h: the memory system of the array (SRAM buffers, one DRAM channel) and the analytic
 * model of a GEMM's cycles with it. Independent of the RTL: the co-simulation is held to it.
 *
 * The model (docs/memory.md):
 * - SRAM: sram_bytes in all, internal_bytes of it for internal use, the rest split into an
 *   input (A, ifmap) buffer, a weight (W, filter) buffer and an output (C, ofmap) buffer.
 * - Operands live in DRAM: A as INT8, W packed at its precision (WBITS bits per weight in PACKED
 *   mode, 8 in FULL mode), C written back at the accumulator's width (ceil(ACCW/8) bytes).
 * - The GEMM runs as the RTL runs it: T output tiles of ROWS x COLS, each Kt beats. Each tile is
 *   cut into chunks of at most kc beats, kc chosen so that two chunks (double buffering) fit in
 *   the A buffer and in the W buffer. A chunk's operands must be in SRAM before its first beat
 *   is offered; the next chunk loads while the current one computes.
 * - Reuse: an operand that fits whole in its buffer is loaded once (each piece on first use);
 *   otherwise a chunk reuses the previous chunk's piece when it is the same piece (one chunk per
 *   tile, same row block of A or same column block of W). Tile order (row blocks of A outer, or
 *   column blocks of W outer) is chosen per GEMM for the fewer DRAM bytes (ties: A outer).
 * - DRAM: one channel of dram_bpc bytes per cycle and dram_lat cycles latency, serving loads in
 *   order. Chunk c's load is requested when the half of the buffers it goes to is free, i.e.
 *   when chunk c-2 has been consumed (cycle after its last beat was accepted), at cycle 0 for
 *   the first two; it starts when the channel is free, takes ceil(bytes/dram_bpc) cycles on the
 *   channel, and the chunk is ready dram_lat cycles after its last byte left the channel. A
 *   chunk whose operands are all in SRAM already is ready at once.
 * - Output write-back is counted (bytes) but takes its own path: it does not delay loads.
 * - Compute-only mode (enabled = 0): every chunk is ready at once (infinite bandwidth); cycles
 *   are then those of qa_cycles_model.
 */
#ifndef QA_MEM_H
#define QA_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "qa_cycles.h"

typedef struct {
  int enabled;             /* 0: compute-only */
  uint64_t sram_bytes;     /* total on-chip SRAM */
  uint64_t internal_bytes; /* reserved for internal use */
  uint64_t a_bytes, w_bytes, c_bytes; /* the three buffers (sum <= sram - internal) */
  double dram_bpc;         /* DRAM bytes per cycle, > 0 (a fraction is allowed) */
  uint64_t dram_lat;       /* DRAM latency in cycles */
  /* The share of A's bytes a DRAM load carries: 0 or 1, all of them; a convolution's unique
   * ifmap over its im2col-lowered A (< 1) when the lowering happens on chip (qarray scalesim):
   * each chunk of A then loads that share of its lowered bytes, rounded up. */
  double a_dram_share;
} qa_mem_cfg;

/* Defaults of a named array ("edge", "cloud"; anything else gets edge's memory). Returns 0, or
 * -1 if the name is NULL. */
int qa_mem_defaults(const char *array, qa_mem_cfg *m);
/* Check a configuration; returns 0 or -1 with err (QA_MEM_ERR_LEN bytes) naming the problem. */
#define QA_MEM_ERR_LEN 256
int qa_mem_check(const qa_mem_cfg *m, char *err);

typedef struct {
  uint32_t tile;     /* index in the plan's tile order */
  uint32_t first;    /* first beat (of the tile's Kt) */
  uint32_t beats;    /* beats in this chunk */
  int last;          /* 1: holds the tile's last beat */
  uint64_t a_load, w_load; /* DRAM bytes loaded for this chunk (0: already in SRAM) */
} qa_chunk;

typedef struct {
  uint64_t mt, nt;   /* tile origin in C */
  uint64_t rows, cols; /* real (unpadded) rows and columns */
} qa_tile;

typedef struct {
  int a_outer;           /* 1: row blocks of A outer (tiles in row-major order) */
  int a_resident, w_resident;
  uint64_t kt, kc;       /* beats per tile, beats per chunk */
  uint64_t ntiles, nchunks;
  qa_tile *tiles;
  qa_chunk *chunks;
  /* traffic of the whole GEMM, bytes */
  uint64_t dram_rd_a, dram_rd_w, dram_wr_c;
  uint64_t sram_rd_a, sram_rd_w, sram_wr_c; /* the array's reads of A and W; results written */
} qa_mem_plan;

/* Plan a GEMM (g with its array) for an array of lanes per PE and accw-bit results. Returns 0,
 * or -1 with err (out of memory; a buffer too small for one beat of double buffering). */
int qa_mem_plan_make(const qa_gemm_shape *g, int accw, const qa_mem_cfg *m, qa_mem_plan *p,
                     char *err);
void qa_mem_plan_free(qa_mem_plan *p);

/* The DRAM channel: the state both the analytic model and the co-simulation's host use. */
typedef struct {
  const qa_mem_cfg *m;
  uint64_t chan_free;   /* cycle the channel is next free */
  uint64_t busy_cycles; /* cycles the channel transferred */
  uint64_t last_xfer_end; /* cycle the last transfer left the channel */
} qa_mem_chan;

/* Cycles the channel needs for bytes at bpc bytes per cycle: ceil(bytes / bpc). */
uint64_t qa_mem_xfer_cycles(uint64_t bytes, double bpc);

void qa_mem_chan_init(qa_mem_chan *ch, const qa_mem_cfg *m);
/* Cycle at which chunk c's operands are in SRAM, its load requested at cycle req. */
uint64_t qa_mem_ready(qa_mem_chan *ch, const qa_chunk *c, uint64_t req);

typedef struct {
  uint64_t cycles;     /* first beat offered (cycle 0) .. last result row delivered */
  uint64_t mem_stall;  /* cycles no beat could be offered because its chunk was not ready */
  uint64_t lat_stall;  /* of those, the cycles after the chunk's last byte had left the channel
                        * (waiting for the DRAM latency, the channel idle for that chunk) */
  uint64_t gap_stall;  /* cycles a tile's last beat waited for the drain interval */
  uint64_t dram_busy;  /* cycles the DRAM channel transferred */
  uint64_t compute;    /* the same GEMM compute-only (qa_cycles_model) */
} qa_mem_result;

/* What bounds a run (docs/memory.md), from its cycles, its compute-only cycles, its memory
 * stalls (lat_stall of them waiting for the latency) and the channel's busy cycles:
 * bandwidth-bound when the channel needs QA_BOUND_BUSY_SHARE or more of the compute-only time
 * (the roofline's ridge, with a margin: the DRAM nearly or fully saturates); otherwise
 * compute-bound when the stalls are under QA_BOUND_STALL_SHARE of the cycles; otherwise
 * latency-bound when more than half the stall cycles wait for the latency, bandwidth-bound
 * when they wait for the channel (bursts queueing on it). */
typedef enum { QA_BOUND_COMPUTE, QA_BOUND_BANDWIDTH, QA_BOUND_LATENCY } qa_mem_bound;
#define QA_BOUND_STALL_SHARE 0.10
#define QA_BOUND_BUSY_SHARE 0.90
qa_mem_bound qa_mem_bound_of(uint64_t cycles, uint64_t compute, uint64_t mem_stall,
                             uint64_t lat_stall, uint64_t dram_busy);
const char *qa_mem_bound_name(qa_mem_bound b); /* "compute", "bandwidth", "latency" */

/* Predict a planned GEMM's cycles. */
void qa_mem_predict(const qa_gemm_shape *g, const qa_mem_cfg *m, const qa_mem_plan *p,
                    qa_mem_result *r);
/* Plan and predict in one call; returns 0 or -1 with err. Traffic goes to *traffic if not NULL
 * (its tiles and chunks are freed and set to NULL). */
int qa_mem_cycles(const qa_gemm_shape *g, int accw, const qa_mem_cfg *m, qa_mem_result *r,
                  qa_mem_plan *traffic, char *err);

#endif /* QA_MEM_H */
