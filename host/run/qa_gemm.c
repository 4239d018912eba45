/* qa_gemm.c: see qa_gemm.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_gemm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qa_golden.h"
#include "qa_err.h"
#include "qa_util.h"

typedef struct {
  int32_t *C;
  size_t M, N;
  int rows, cols;
  const qa_tile *tiles; /* the plan's tile order: each tile's origin in C */
  size_t T;
  size_t done;       /* tiles fully received */
  int next_row;      /* row expected next */
  int protocol_err;  /* rows out of order */
  /* the first protocol error: tile, row expected and got, RTL cycle */
  size_t err_tile;
  int err_want, err_got;
  uint64_t err_cycle;
  const qa_lib *lib;
  const qa_sim *sim;
  uint64_t last_cycle; /* RTL cycle of the last row delivered */
  uint64_t rows_seen;  /* rows delivered */
} collect_ctx;

/* One GEMM's run: the model, the operands, the plan, the beat buffers of one tile, what has
 * come back. */
typedef struct {
  const qa_lib *lib;
  qa_sim *s;
  qa_cfg cfg;
  const qa_gemm_io *io;
  const qa_stall_opts *so;
  const qa_mem_cfg *mem; /* the memory system, or mem_off (compute-only) */
  qa_mem_cfg mem_off;
  qa_mem_plan plan;
  size_t abeat;   /* bytes of one A beat: rows x lanes */
  uint8_t *a, *w; /* one tile's beats */
  collect_ctx cc;
  qa_mem_chan ch;
  double t0;
  char *err;
} gemm_ctx;

/* What the RTL failed to deliver, in err: rows out of order, none, or some; `after` says what
 * happened next (the drain timed out, or a last beat waited for credits that never came). */
static void lost_rows(char *err, const collect_ctx *cc, const char *after) {
  const unsigned long long want = (unsigned long long)cc->T * (unsigned long long)cc->rows;
  if (cc->protocol_err)
    snprintf(err, QA_ERR_LEN,
             "RTL output protocol error: tile %zu: expected row %d, got row %d at cycle %llu; "
             "then %s", cc->err_tile, cc->err_want, cc->err_got,
             (unsigned long long)cc->err_cycle, after);
  else if (cc->rows_seen == 0)
    snprintf(err, QA_ERR_LEN, "RTL lost output rows: none of %llu rows delivered (row %d of tile "
             "0 expected first); then %s", want, cc->next_row, after);
  else
    snprintf(err, QA_ERR_LEN,
             "RTL lost output rows: %llu of %llu rows delivered, the last at cycle %llu (tile "
             "%zu, row %d expected next); then %s", (unsigned long long)cc->rows_seen, want,
             (unsigned long long)cc->last_cycle, cc->done, cc->next_row, after);
}

static void on_row(void *user, int row, const int32_t *vals) {
  collect_ctx *c = user;
  if (row != c->next_row && !c->protocol_err) {
    c->protocol_err = 1;
    c->err_tile = c->done;
    c->err_want = c->next_row;
    c->err_got = row;
    c->err_cycle = c->lib->now(c->sim);
  }
  c->last_cycle = c->lib->now(c->sim);
  c->rows_seen++;
  if (c->done >= c->T) return; /* more tiles than were fed: already an error */
  const qa_tile *t = &c->tiles[c->done];
  size_t m = t->mt + (size_t)row;
  if (m < c->M) {
    for (int j = 0; j < c->cols; j++) {
      size_t n = t->nt + (size_t)j;
      if (n < c->N) c->C[m * c->N + n] = vals[j];
    }
  }
  if (row == 0) {
    c->done++;
    c->next_row = c->rows - 1;
  } else {
    c->next_row = row - 1;
  }
}


/* Fill tile t's beats into x->a (kt x rows*lanes) and x->w (kt x cols). */
static void build_tile(const gemm_ctx *x, size_t t) {
  const qa_gemm_io *io = x->io;
  const size_t M = io->M, K = io->K, N = io->N, mt = x->plan.tiles[t].mt, nt = x->plan.tiles[t].nt;
  const int lanes = x->cfg.lanes, rows = x->cfg.rows, cols = x->cfg.cols;
  const int per = io->mode == QA_MODE_PACKED ? lanes : 1;
  memset(x->a, 0, (size_t)x->plan.kt * x->abeat);
  for (uint64_t b = 0; b < x->plan.kt; b++) {
    uint8_t *ab = x->a + b * x->abeat;
    for (int i = 0; i < rows; i++) {
      size_t m = mt + (size_t)i;
      if (m >= M) continue;
      for (int l = 0; l < per; l++) {
        size_t k = (size_t)b * (size_t)per + (size_t)l;
        if (k < K) ab[(size_t)i * (size_t)lanes + (size_t)l] = (uint8_t)io->A[m * K + k];
      }
    }
    uint8_t *wb = x->w + b * (size_t)cols;
    for (int j = 0; j < cols; j++) {
      size_t n = nt + (size_t)j;
      int8_t v[8];
      int cnt = 0;
      for (int l = 0; l < per; l++) {
        size_t k = (size_t)b * (size_t)per + (size_t)l;
        if (k < K && n < N) v[cnt++] = io->W[k * N + n];
        else break;
      }
      /* Packed: legal by check_input; missing lanes are padded by the packer. */
      wb[j] = io->mode == QA_MODE_PACKED ? qa_pack_byte_legal(x->cfg.wbits, v, cnt)
                                         : (cnt ? (uint8_t)v[0] : 0);
    }
  }
}

/* The dimensions, and the weights legal for the build's precision in packed mode. */
static int check_input(const gemm_ctx *x) {
  const qa_gemm_io *io = x->io;
  if (io->M == 0 || io->K == 0 || io->N == 0) {
    snprintf(x->err, QA_ERR_LEN, "GEMM dimensions must be >= 1 (got M=%zu K=%zu N=%zu)", io->M,
             io->K, io->N);
    return QA_EXIT_USAGE;
  }
  const long bad = io->mode == QA_MODE_PACKED ? qa_weights_check(io->W, io->K * io->N, x->cfg.wbits) : -1;
  if (bad < 0) return 0;
  snprintf(x->err, QA_ERR_LEN, "weight W[%ld][%ld] = %d is not a legal %d-bit weight for PACKED mode",
           bad / (long)io->N, bad % (long)io->N, io->W[bad], x->cfg.wbits);
  return QA_EXIT_USAGE;
}

/* The plan (tile order, chunks: golden/qa_mem.h), one tile's beat buffers, the collector. */
static int plan(gemm_ctx *x) {
  const qa_gemm_io *io = x->io;
  const qa_gemm_shape g = {x->cfg.rows, x->cfg.cols, x->cfg.wbits, io->mode, io->M, io->K, io->N};
  x->mem = (x->so->mem && x->so->mem->enabled) ? x->so->mem : &x->mem_off;
  char merr[QA_MEM_ERR_LEN];
  if (qa_mem_plan_make(&g, x->cfg.accw, x->mem, &x->plan, merr)) {
    snprintf(x->err, QA_ERR_LEN, "%s", merr);
    return QA_EXIT_USAGE;
  }
  x->abeat = (size_t)x->cfg.rows * (size_t)x->cfg.lanes;
  x->a = malloc((size_t)x->plan.kt * x->abeat);
  x->w = malloc((size_t)x->plan.kt * (size_t)x->cfg.cols);
  if (!x->a || !x->w) {
    snprintf(x->err, QA_ERR_LEN, "out of memory for a %zux%zux%zu GEMM", io->M, io->K, io->N);
    return QA_EXIT_USAGE;
  }
  x->cc = (collect_ctx){.C = io->C, .M = io->M, .N = io->N, .rows = x->cfg.rows,
                        .cols = x->cfg.cols, .tiles = x->plan.tiles, .T = x->plan.ntiles,
                        .next_row = x->cfg.rows - 1, .lib = x->lib, .sim = x->s};
  return 0;
}

/* One progress line: tiles delivered of T, the simulation rate and the time left at that rate. */
static void progress(const gemm_ctx *x) {
  const collect_ctx *cc = &x->cc;
  const double el = qa_now_s() - x->t0, left = cc->done ? el * (double)(cc->T - cc->done) / (double)cc->done : 0;
  qa_errf("gemm: %zu of %zu tiles, %.0f kHz, %.0f s so far, about %.0f s left\n",
          cc->done, cc->T, el > 0 ? (double)x->lib->now(x->s) / el / 1e3 : 0.0, el, left);
}

/* Trace window for chunk k: with --trace-tile N, only while tile N is in the array (from its
 * first beat until the chunk boundary after its last row has left). */
static void trace_chunk(const gemm_ctx *x, const qa_chunk *k) {
  const qa_trace_opts *tr = x->so->trace;
  if (!tr || tr->tile < 0) return;
  if (k->tile == (uint64_t)tr->tile && k->first == 0) x->lib->trace_window(x->s, 1, tr->from, tr->to);
  else if (x->cc.done > (size_t)tr->tile) x->lib->trace_window(x->s, 0, 0, 0);
}

/* A chunk the model refused: an interface check, or a last beat never taken. */
static int feed_failed(gemm_ctx *x, int r, const qa_chunk *k) {
  if (r == -3) {
    snprintf(x->err, QA_ERR_LEN, "RTL interface check failed in tile %u (the %%Error line above "
             "names it; sim/qa_if_check.v)", k->tile);
    return QA_EXIT_FAIL;
  }
  /* The array holds a last beat only until its rows have room: a beat never taken means the
   * output buffer's credits never came back, rows that never left. */
  char after[160];
  snprintf(after, sizeof after, "the array never took tile %u's last beat (no room "
           "for its rows: the output buffer's credits never came back)", k->tile);
  lost_rows(x->err, &x->cc, after);
  return QA_EXIT_FAIL;
}

/* The chunks in order. A chunk's load is requested when chunk c-2 has been consumed (the RTL's
 * counter just after its last beat was accepted) and the chunk is offered no earlier than the
 * channel says it is in SRAM: the same rules as qa_mem_predict, driven here by the RTL's actual
 * timing. */
static int feed(gemm_ctx *x) {
  const qa_stall_opts *so = x->so;
  const uint64_t kt = x->plan.kt;
  x->lib->set_stalls(x->s, so->in_bubble_permille, so->out_stall_permille, so->seed);
  x->lib->clear_counters(x->s);
  qa_mem_chan_init(&x->ch, x->mem);
  const qa_trace_opts *tr = so->trace;
  x->lib->trace_window(x->s, tr && tr->tile < 0, tr ? tr->from : 0, tr ? tr->to : 0);
  uint64_t cons[2] = {0, 0};
  double shown = x->t0 = qa_now_s();
  for (uint64_t c = 0; c < x->plan.nchunks; c++) {
    const qa_chunk *k = &x->plan.chunks[c];
    if (so->progress && qa_now_s() - shown >= 1.0) shown = qa_now_s(), progress(x);
    if (k->first == 0) build_tile(x, k->tile);
    trace_chunk(x, k);
    const uint64_t ready = qa_mem_ready(&x->ch, k, c >= 2 ? cons[c % 2] : 0);
    const qa_beats b = {x->a + (size_t)k->first * x->abeat, x->w + (size_t)k->first * (size_t)x->cfg.cols,
                        k->first, k->beats, (uint32_t)kt, x->io->mode, ready};
    const int r = x->lib->feed(x->s, &b, on_row, &x->cc);
    if (r) return feed_failed(x, r, k);
    cons[c % 2] = x->lib->now(x->s);
  }
  return 0;
}

/* After the last beat the array empties within 4R + C cycles; allow for heavy random
 * back-pressure (a stall rate below 100 %) and give up after that: the RTL lost a row. Then
 * every tile must have come back, its rows in order. */
static int collect(gemm_ctx *x) {
  collect_ctx *cc = &x->cc;
  const uint64_t drain_max = 10000ull + 200ull * (4ull * (uint64_t)x->cfg.rows + (uint64_t)x->cfg.cols);
  const int dr = x->lib->drain(x->s, on_row, cc, drain_max);
  char after[160];
  if (dr == -3) {
    snprintf(x->err, QA_ERR_LEN, "RTL interface check failed while draining (the %%Error line "
             "above names it; sim/qa_if_check.v)");
    return QA_EXIT_FAIL;
  }
  if (dr != 0) {
    if (cc->protocol_err)
      snprintf(after, sizeof after, "the array never delivered all %zu tiles (got %zu)", cc->T, cc->done);
    else
      snprintf(after, sizeof after, "nothing came for %llu cycles after the last beat",
               (unsigned long long)drain_max);
    lost_rows(x->err, cc, after);
    return QA_EXIT_FAIL;
  }
  if (cc->protocol_err)
    snprintf(x->err, QA_ERR_LEN, "RTL output protocol error: tile %zu: expected row %d, got row "
             "%d at cycle %llu", cc->err_tile, cc->err_want, cc->err_got, (unsigned long long)cc->err_cycle);
  else if (cc->done != cc->T)
    snprintf(x->err, QA_ERR_LEN, "RTL output protocol error: %zu of %zu tiles delivered", cc->done, cc->T);
  return cc->protocol_err || cc->done != cc->T ? QA_EXIT_FAIL : 0;
}

static void stats(const gemm_ctx *x, double wall_s, qa_gemm_stats *st) {
  x->lib->counters(x->s, &st->cnt);
  st->tiles = x->plan.ntiles;
  st->kt = x->plan.kt;
  st->wall_s = wall_s;
  st->plan = x->plan;
  st->plan.tiles = NULL;
  st->plan.chunks = NULL;
  st->dram_busy = x->ch.busy_cycles;
}

int qa_gemm_run(const qa_lib *lib, qa_sim *s, const qa_gemm_io *io, const qa_stall_opts *stalls,
                qa_gemm_stats *st, char *err) {
  static const qa_stall_opts none = {0};
  gemm_ctx x = {.lib = lib, .s = s, .io = io, .so = stalls ? stalls : &none, .err = err};
  lib->sim_cfg(s, &x.cfg);
  int rc = check_input(&x);
  if (rc) return rc;
  rc = plan(&x);
  if (!rc) rc = feed(&x);
  if (!rc) rc = collect(&x);
  if (x.a && x.w) {
    lib->trace_window(s, 0, 0, 0);
    if (st) stats(&x, qa_now_s() - x.t0, st);
  }
  qa_mem_plan_free(&x.plan);
  free(x.a);
  free(x.w);
  return rc;
}
