/* cmd_lockstep.c: qarray lockstep. The lockstep build (sim/lockstep/qa_lockstep.v, name ending
 * in l) runs the structural array and the simulation twin on one input stream and compares
 * every architectural register after every clock edge; this command drives that stream as a
 * real producer would, at random but within the interface's rules:
 * - valid held until ready (the shim), random bubbles and back-pressure, rates changing by tile;
 * - tiles of random length, from 1 beat (well below ROWS: the drain gap and the output buffer's
 *   credits bind) to 3 x ROWS, the mode (FULL or PACKED) drawn per tile;
 * - operands random, or only each range's two ends (extreme), or ragged (rows and columns past a
 *   random edge zero, as the host pads a partial tile); every W2 code, the illegal 2'b10 too
 *   (the PE holds on it), and FULL-mode tiles with random upper lanes (ignored by FULL);
 *   with --accw 16 the extreme tiles wrap the accumulator;
 * - a reset now and then, in the middle of a tile (2..4 cycles: the interface's minimum is 2).
 * The first divergence is reported by the RTL ($error: cycle, PE, register, both values); this
 * command then exits 1. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../golden/qa_golden.h"
#include "qa_cli.h"
#include "qa_err.h"
#include "qa_load.h"
#include "qa_opts.h"
#include "qa_sweep.h"
#include "qa_util.h"

typedef struct {
  uint64_t tiles, short_tiles, full_tiles, extreme_tiles, ragged_tiles, resets;
} ls_stats;

typedef struct {
  qa_cfg cfg;
  uint8_t *a, *w;
  uint32_t kt_max;
  uint64_t rng;
} ls_gen;

static uint64_t rnd(ls_gen *g, uint64_t n) { return qa_splitmix64(&g->rng) % n; }

/* One weight byte of a beat, legal for the mode and the precision. */
static uint8_t weight_byte(ls_gen *g, int mode, int extreme) {
  const int wb = g->cfg.wbits;
  if (mode == QA_MODE_FULL || wb == 8) {
    if (extreme) return rnd(g, 2) ? 0x7f : 0x80;
    return (uint8_t)rnd(g, 256);
  }
  uint8_t b = 0;
  for (int l = 0; l < 8 / wb; l++) {
    unsigned code;
    if (wb == 1) code = (unsigned)rnd(g, 2);
    else if (wb == 2) code = (unsigned)rnd(g, 4); /* 0, +1, -1 and the illegal 2'b10, held */
    else code = extreme ? (rnd(g, 2) ? 0x7u : 0x8u) : (unsigned)rnd(g, 16);
    b |= (uint8_t)(code << (l * wb));
  }
  return b;
}

/* Fill kt beats of one tile; returns its mode. */
static int make_tile(ls_gen *g, uint32_t kt, ls_stats *st) {
  const int R = g->cfg.rows, C = g->cfg.cols, L = g->cfg.lanes;
  const int mode = rnd(g, 2) ? QA_MODE_PACKED : QA_MODE_FULL;
  const int extreme = rnd(g, 4) == 0, ragged = rnd(g, 4) == 0;
  const int rows = ragged ? 1 + (int)rnd(g, (uint64_t)R) : R;
  const int cols = ragged ? 1 + (int)rnd(g, (uint64_t)C) : C;
  for (uint32_t b = 0; b < kt; b++) {
    uint8_t *a = g->a + (size_t)b * R * L, *w = g->w + (size_t)b * C;
    for (int i = 0; i < R * L; i++) {
      const int row = i / L;
      /* FULL mode's upper lanes carry data too: both meshes must ignore it */
      const int live = row < rows;
      a[i] = !live ? 0 : extreme ? (rnd(g, 2) ? 0x7f : 0x80) : (uint8_t)rnd(g, 256);
    }
    for (int j = 0; j < C; j++) w[j] = j < cols ? weight_byte(g, mode, extreme) : 0;
  }
  st->tiles++;
  st->short_tiles += kt < (uint32_t)R;
  st->full_tiles += mode == QA_MODE_FULL;
  st->extreme_tiles += extreme;
  st->ragged_tiles += ragged;
  return mode;
}

static void progress(uint64_t done, uint64_t total, int final) {
  if (!isatty(STDERR_FILENO)) return;
  fprintf(stderr, "\rlockstep: %" PRIu64 " of %" PRIu64 " cycles%s", done, total,
          final ? "\n" : "");
}

/* Drive the stream until `cycles` cycles have run. Returns 0, or the shim's code (-3: an
 * $error, a divergence or an interface rule; -2: a beat never accepted). */
static int drive(const qa_lib *lib, qa_sim *s, ls_gen *g, uint64_t cycles, ls_stats *st,
                 uint64_t *ran) {
  const uint32_t R = (uint32_t)g->cfg.rows;
  uint64_t base = 0; /* cycles before the last reset (the RTL's counter restarts there) */
  double shown = qa_now_s();
  int rc = 0;
  while (rc == 0 && base + lib->now(s) < cycles) {
    if (st->tiles % 16 == 0) /* new rates every 16 tiles: from none to heavy */
      lib->set_stalls(s, (unsigned)rnd(g, 4) * 150, (unsigned)rnd(g, 4) * 300,
                      qa_splitmix64(&g->rng));
    const uint32_t kt = rnd(g, 8) == 0 ? 1 + (uint32_t)rnd(g, g->kt_max)
                                       : 1 + (uint32_t)rnd(g, R + 2);
    const int mode = make_tile(g, kt, st);
    if (rnd(g, 64) == 0) { /* a reset in the middle of the tile */
      const uint32_t n = (uint32_t)rnd(g, kt);
      if (n) rc = lib->feed(s, g->a, g->w, 0, n, kt, mode, 0, NULL, NULL);
      base += lib->now(s);
      lib->reset(s, 2 + (unsigned)rnd(g, 3));
      st->resets++;
    } else {
      rc = lib->feed(s, g->a, g->w, 0, kt, kt, mode, 0, NULL, NULL);
    }
    if (qa_now_s() - shown > 1.0) {
      progress(base + lib->now(s), cycles, 0);
      shown = qa_now_s();
    }
  }
  if (rc == 0 && lib->drain(s, NULL, NULL, 1000000) == -3) rc = -3;
  *ran = base + lib->now(s);
  progress(*ran, cycles, 1);
  return rc;
}

static int lockstep_req(const qa_opts *o, qa_cfg_req *req, char *mut, size_t len) {
  qa_array_cfg a;
  int wbits;
  int rc = qa_one_array(o, "4x4", &a, &wbits);
  if (rc) return rc;
  if ((long)a.rows * a.cols > 128L * 128L)
    return qa_usage_err("lockstep builds the structural mesh (one module per PE), at most 128x128 "
                        "PEs (64x64 took 17 minutes to build here), got", o->arrays);
  if (o->mutant_pe && !o->mutant) return qa_usage_err("--mutant-in needs --mutant NAME", NULL);
  if (o->mutant) snprintf(mut, len, "%s%s", o->mutant, o->mutant_pe ? "-pe" : "");
  *req = (qa_cfg_req){.rows = a.rows, .cols = a.cols, .wbits = wbits, .accw = o->accw,
                      .mesh = 2, .mutant = o->mutant ? mut : NULL};
  return 0;
}

int qa_cmd_lockstep(const qa_opts *o) {
  qa_cfg_req req;
  char mut[64], err[QA_ERR_LEN], name[64];
  int rc = lockstep_req(o, &req, mut, sizeof mut);
  if (rc) return rc;
  qa_lib lib;
  if (qa_lib_load(&req, !o->no_build, &lib, err)) {
    fprintf(stderr, "qarray: %s\n", err);
    return QA_EXIT_USAGE;
  }
  qa_sim *s = lib.sim_new();
  ls_gen g = {.rng = o->seed * 0x9e3779b97f4a7c15ull + 1};
  if (s) {
    lib.sim_cfg(s, &g.cfg);
    g.kt_max = 3u * (uint32_t)g.cfg.rows;
    g.a = malloc((size_t)g.kt_max * g.cfg.rows * g.cfg.lanes);
    g.w = malloc((size_t)g.kt_max * g.cfg.cols);
  }
  if (!s || !g.a || !g.w) {
    fprintf(stderr, "qarray: out of memory creating the model\n");
    rc = QA_EXIT_USAGE;
  } else {
    ls_stats st = {0};
    uint64_t ran = 0, cmp = 0, regs = 0;
    const double t0 = qa_now_s();
    const int r = drive(&lib, s, &g, o->cycles, &st, &ran);
    const int div = lib.lockstep(s, &cmp, &regs);
    qa_cfg_name(&req, name, sizeof name);
    printf("lockstep %s: %" PRIu64 " cycles out of reset, %" PRIu64 " tiles (%" PRIu64 " shorter than %d "
           "beats, %" PRIu64 " FULL, %" PRIu64 " extreme, %" PRIu64 " ragged), %" PRIu64
           " resets, %.1f s\n", name, ran, st.tiles, st.short_tiles, g.cfg.rows, st.full_tiles,
           st.extreme_tiles, st.ragged_tiles, st.resets, qa_now_s() - t0);
    printf("compared         %" PRIu64 " cycles x %" PRIu64 " registers = %" PRIu64
           " register comparisons\n", cmp, regs, cmp * regs);
    if (div == 1) {
      printf("lockstep: DIVERGED (the %%Error lines above name the cycle, the PE, the register and "
             "both values; their cycle counts clock edges from time 0, the reset cycles included, "
             "so it exceeds the cycles out of reset above)\n");
      rc = QA_EXIT_FAIL;
    } else if (r) {
      printf("lockstep: FAILED: %s\n", r == -3 ? "an RTL interface check failed (the %Error line "
             "above names it)" : "a beat was never accepted: the array hung");
      rc = QA_EXIT_FAIL;
    } else {
      printf("lockstep: structural and twin equal, every register, every cycle\n");
    }
  }
  free(g.a);
  free(g.w);
  if (s) lib.sim_free(s);
  qa_lib_close(&lib);
  return rc;
}
