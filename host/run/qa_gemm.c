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
  size_t mt, nt; /* tile origin in C */
} tile_pos;

typedef struct {
  int32_t *C;
  size_t M, N;
  int rows, cols;
  const tile_pos *tiles;
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
  const tile_pos *t = &c->tiles[c->done];
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

/* One progress line: tiles delivered of T, the simulation rate and the time left at that rate. */
static void progress(const collect_ctx *cc, double t0, const qa_lib *lib, qa_sim *s) {
  const double el = qa_now_s() - t0, left = cc->done ? el * (double)(cc->T - cc->done) / (double)cc->done : 0;
  fprintf(stderr, "qarray: gemm: %zu of %zu tiles, %.0f kHz, %.0f s so far, about %.0f s left\n",
          cc->done, cc->T, el > 0 ? (double)lib->now(s) / el / 1e3 : 0.0, el, left);
}

/* Fill one tile's beats. a: kt x (rows*lanes), w: kt x cols. */
static void build_tile(const qa_cfg *cfg, int mode, const int8_t *A, const int8_t *W, size_t M,
                       size_t K, size_t N, size_t mt, size_t nt, uint64_t kt, uint8_t *a,
                       uint8_t *w) {
  const int lanes = cfg->lanes, rows = cfg->rows, cols = cfg->cols;
  const int per = mode == QA_MODE_PACKED ? lanes : 1;
  const size_t abeat = (size_t)rows * (size_t)lanes;
  memset(a, 0, (size_t)kt * abeat);
  for (uint64_t b = 0; b < kt; b++) {
    uint8_t *ab = a + b * abeat;
    for (int i = 0; i < rows; i++) {
      size_t m = mt + (size_t)i;
      if (m >= M) continue;
      for (int l = 0; l < per; l++) {
        size_t k = (size_t)b * (size_t)per + (size_t)l;
        if (k < K) ab[(size_t)i * (size_t)lanes + (size_t)l] = (uint8_t)A[m * K + k];
      }
    }
    uint8_t *wb = w + b * (size_t)cols;
    for (int j = 0; j < cols; j++) {
      size_t n = nt + (size_t)j;
      int8_t v[8];
      int cnt = 0;
      for (int l = 0; l < per; l++) {
        size_t k = (size_t)b * (size_t)per + (size_t)l;
        if (k < K && n < N) v[cnt++] = W[k * N + n];
        else break;
      }
      if (mode == QA_MODE_PACKED) {
        /* Legal by the check in qa_gemm_run; missing lanes are padded by the packer. */
        wb[j] = qa_pack_byte_legal(cfg->wbits, v, cnt);
      } else {
        wb[j] = cnt ? (uint8_t)v[0] : 0;
      }
    }
  }
}

int qa_gemm_run(const qa_lib *lib, qa_sim *s, int mode, const int8_t *A, const int8_t *W,
                int32_t *C, size_t M, size_t K, size_t N, const qa_stall_opts *stalls,
                qa_gemm_stats *st, char *err) {
  qa_cfg cfg;
  lib->sim_cfg(s, &cfg);
  if (M == 0 || K == 0 || N == 0) {
    snprintf(err, QA_ERR_LEN, "GEMM dimensions must be >= 1 (got M=%zu K=%zu N=%zu)", M, K, N);
    return QA_EXIT_USAGE;
  }
  if (mode == QA_MODE_PACKED) {
    long bad = qa_weights_check(W, K * N, cfg.wbits);
    if (bad >= 0) {
      snprintf(err, QA_ERR_LEN,
               "weight W[%ld][%ld] = %d is not a legal %d-bit weight for PACKED mode", bad / (long)N,
               bad % (long)N, W[bad], cfg.wbits);
      return QA_EXIT_USAGE;
    }
  }
  qa_gemm_shape g = {cfg.rows, cfg.cols, cfg.wbits, mode, M, K, N};
  const qa_stall_opts none = {0};
  if (!stalls) stalls = &none;
  qa_mem_cfg off;
  memset(&off, 0, sizeof off);
  const qa_mem_cfg *mem = (stalls->mem && stalls->mem->enabled) ? stalls->mem : &off;
  qa_mem_plan plan;
  char merr[QA_MEM_ERR_LEN];
  if (qa_mem_plan_make(&g, cfg.accw, mem, &plan, merr)) {
    snprintf(err, QA_ERR_LEN, "%s", merr);
    return QA_EXIT_USAGE;
  }
  const uint64_t kt = plan.kt;
  const size_t T = plan.ntiles;
  const size_t abeat = (size_t)cfg.rows * (size_t)cfg.lanes;
  tile_pos *tiles = malloc(T * sizeof *tiles);
  uint8_t *a = malloc((size_t)kt * abeat);
  uint8_t *w = malloc((size_t)kt * (size_t)cfg.cols);
  if (!tiles || !a || !w) {
    free(tiles);
    free(a);
    free(w);
    qa_mem_plan_free(&plan);
    snprintf(err, QA_ERR_LEN, "out of memory for a %zux%zux%zu GEMM", M, K, N);
    return QA_EXIT_USAGE;
  }
  for (size_t t = 0; t < T; t++) {
    tiles[t].mt = plan.tiles[t].mt;
    tiles[t].nt = plan.tiles[t].nt;
  }
  collect_ctx cc = {C, M, N, cfg.rows, cfg.cols, tiles, T, 0, cfg.rows - 1, 0, 0, 0, 0, 0, lib, s,
                    0, 0};
  lib->set_stalls(s, stalls->in_bubble_permille, stalls->out_stall_permille, stalls->seed);
  lib->clear_counters(s);

  /* The chunks in order. A chunk's load is requested when chunk c-2 has been consumed (the
   * RTL's counter just after its last beat was accepted) and the chunk is offered no earlier
   * than the channel says it is in SRAM: the same rules as qa_mem_predict, driven here by the
   * RTL's actual timing. */
  qa_mem_chan ch;
  qa_mem_chan_init(&ch, mem);
  uint64_t cons[2] = {0, 0};
  int rc = 0;
  /* Trace window: every cycle in [from, to], or only while tile N is in the array (from its
   * first beat until the chunk boundary after its last row has left). */
  const qa_trace_opts *tr = stalls->trace;
  if (tr) lib->trace_window(s, tr->tile < 0, tr->from, tr->to);
  else lib->trace_window(s, 0, 0, 0);
  double t0 = qa_now_s(), shown = t0;
  for (uint64_t c = 0; c < plan.nchunks && rc == 0; c++) {
    const qa_chunk *k = &plan.chunks[c];
    if (stalls->progress && qa_now_s() - shown >= 1.0) shown = qa_now_s(), progress(&cc, t0, lib, s);
    if (k->first == 0)
      build_tile(&cfg, mode, A, W, M, K, N, tiles[k->tile].mt, tiles[k->tile].nt, kt, a, w);
    if (tr && tr->tile >= 0) {
      if (k->tile == (uint64_t)tr->tile && k->first == 0)
        lib->trace_window(s, 1, tr->from, tr->to);
      else if (cc.done > (size_t)tr->tile)
        lib->trace_window(s, 0, 0, 0);
    }
    const uint64_t ready = qa_mem_ready(&ch, k, c >= 2 ? cons[c % 2] : 0);
    int r = lib->feed(s, a + (size_t)k->first * abeat, w + (size_t)k->first * (size_t)cfg.cols,
                      k->first, k->beats, (uint32_t)kt, mode, ready, on_row, &cc);
    if (r == -3) {
      snprintf(err, QA_ERR_LEN, "RTL interface check failed in tile %u (the %%Error line above "
               "names it; sim/qa_if_check.v)", k->tile);
      rc = QA_EXIT_FAIL;
    } else if (r) {
      /* The array holds a last beat only until its rows have room: a beat never taken means
       * the output buffer's credits never came back, rows that never left. */
      char after[160];
      snprintf(after, sizeof after, "the array never took tile %u's last beat (no room "
               "for its rows: the output buffer's credits never came back)", k->tile);
      lost_rows(err, &cc, after);
      rc = QA_EXIT_FAIL;
    }
    cons[c % 2] = lib->now(s);
  }
  /* After the last beat the array empties within 4R + C cycles; allow for heavy random
   * back-pressure (a stall rate below 100 %) and give up after that: the RTL lost a row. */
  const uint64_t drain_max = 10000ull + 200ull * (4ull * (uint64_t)cfg.rows + (uint64_t)cfg.cols);
  const int dr = rc == 0 ? lib->drain(s, on_row, &cc, drain_max) : 0;
  if (dr == -3) {
    snprintf(err, QA_ERR_LEN, "RTL interface check failed while draining (the %%Error line above "
             "names it; sim/qa_if_check.v)");
    rc = QA_EXIT_FAIL;
  } else if (dr != 0) {
    char after[160];
    if (cc.protocol_err)
      snprintf(after, sizeof after, "the array never delivered all %zu tiles (got %zu)", T,
               cc.done);
    else
      snprintf(after, sizeof after, "nothing came for %llu cycles after the last beat",
               (unsigned long long)drain_max);
    lost_rows(err, &cc, after);
    rc = QA_EXIT_FAIL;
  }
  lib->trace_window(s, 0, 0, 0);
  double t1 = qa_now_s();
  if (rc == 0 && (cc.protocol_err || cc.done != T)) {
    if (cc.protocol_err)
      snprintf(err, QA_ERR_LEN,
               "RTL output protocol error: tile %zu: expected row %d, got row %d at cycle %llu",
               cc.err_tile, cc.err_want, cc.err_got, (unsigned long long)cc.err_cycle);
    else
      snprintf(err, QA_ERR_LEN, "RTL output protocol error: %zu of %zu tiles delivered", cc.done, T);
    rc = QA_EXIT_FAIL;
  }
  if (st) {
    lib->counters(s, &st->cnt);
    st->tiles = T;
    st->kt = kt;
    st->wall_s = t1 - t0;
    st->plan = plan;
    st->plan.tiles = NULL;
    st->plan.chunks = NULL;
    st->dram_busy = ch.busy_cycles;
  }
  qa_mem_plan_free(&plan);
  free(tiles);
  free(a);
  free(w);
  return rc;
}
