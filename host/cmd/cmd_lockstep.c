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
 * command then exits 1, after re-running the same stream (same seed) on the traced lockstep build
 * over the cycles just before the divergence: the reproducer directory (--repro, default
 * qarray-repro) gets trace.fst, view.gtkw (both meshes side by side, the diverging PE first,
 * waves/mkgtkw.sh) and replay.sh. --trace F.fst [--trace-cycles A:B] traces a run directly. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qa_golden.h"
#include "qa_cli.h"
#include "qa_cmd.h"
#include "qa_err.h"
#include "qa_load.h"
#include "qa_opts.h"
#include "qa_repro.h"
#include "qa_sweep.h"
#include "qa_util.h"

typedef struct {
  uint64_t tiles, short_tiles, full_tiles, extreme_tiles, ragged_tiles, resets;
  uint64_t illegal_codes; /* W2 PACKED lanes with the code 2'b10 */
  uint64_t upper_bytes;   /* FULL beats' activation bytes in lanes 1 and up that are not zero */
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
  for (int l = 0; l < qa_lanes(wb); l++) {
    unsigned code;
    if (wb == 1) code = (unsigned)rnd(g, 2);
    else if (wb == 2) code = (unsigned)rnd(g, 4); /* 0, +1, -1 and the illegal 2'b10, held */
    else code = extreme ? (rnd(g, 2) ? 0x7u : 0x8u) : (unsigned)rnd(g, 16);
    b |= (uint8_t)(code << (l * wb));
  }
  return b;
}

/* What the two meshes must agree on beyond legal data: illegal codes and FULL's upper lanes. */
static void count_tile(const ls_gen *g, uint32_t kt, int mode, ls_stats *st) {
  const int R = g->cfg.rows, C = g->cfg.cols, L = g->cfg.lanes;
  for (size_t i = 0; mode == QA_MODE_FULL && i < (size_t)kt * R * L; i++)
    st->upper_bytes += i % L && g->a[i];
  for (size_t i = 0; mode == QA_MODE_PACKED && g->cfg.wbits == 2 && i < (size_t)kt * C; i++)
    for (int l = 0; l < 4; l++) st->illegal_codes += ((g->w[i] >> (2 * l)) & 3u) == QA_CODE_TER_BAD;
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
  count_tile(g, kt, mode, st);
  return mode;
}

static void progress(uint64_t done, uint64_t total, int final) {
  if (!isatty(STDERR_FILENO)) return;
  fprintf(stderr, "\rlockstep: %" PRIu64 " of %" PRIu64 " cycles%s", done, total,
          final ? "\n" : "");
}

/* The trace window [tr->from, tr->to], in cycles out of reset over the whole run, in the RTL
 * counter's cycles of the segment that started after `base` such cycles (the counter restarts
 * at each reset). */
static void window(const qa_lib *lib, qa_sim *s, const qa_trace_opts *tr, uint64_t base) {
  if (!tr) return;
  if (tr->to < base) lib->trace_window(s, 0, 0, 0);
  else lib->trace_window(s, 1, tr->from > base ? tr->from - base : 0, tr->to - base);
}

/* One lockstep run and what it found. */
typedef struct {
  qa_cfg cfg;
  ls_stats st;
  uint64_t ran, cmp, regs;
  int drive_rc, div;
  int64_t pe; /* the first divergence's PE (row * cols + col), -1: none or outside the mesh */
  double secs;
} ls_result;

/* Drive the stream until `cycles` cycles have run (tracing the window tr, if any), counting into
 * res->st and res->ran. Returns 0,
 * or the shim's code (-3: an $error, a divergence or an interface rule; -2: a beat never
 * accepted). */
static int drive(const qa_lib *lib, qa_sim *s, ls_gen *g, uint64_t cycles,
                 const qa_trace_opts *tr, ls_result *res) {
  ls_stats *st = &res->st;
  uint64_t *ran = &res->ran;
  const uint32_t R = (uint32_t)g->cfg.rows;
  uint64_t base = 0; /* cycles before the last reset (the RTL's counter restarts there) */
  double shown = qa_now_s();
  int rc = 0;
  window(lib, s, tr, base);
  while (rc == 0 && base + lib->now(s) < cycles) {
    if (st->tiles % 16 == 0) /* new rates every 16 tiles: from none to heavy */
      lib->set_stalls(s, (unsigned)rnd(g, 4) * 150, (unsigned)rnd(g, 4) * 300,
                      qa_splitmix64(&g->rng));
    const uint32_t kt = rnd(g, 8) == 0 ? 1 + (uint32_t)rnd(g, g->kt_max)
                                       : 1 + (uint32_t)rnd(g, R + 2);
    const int mode = make_tile(g, kt, st);
    if (rnd(g, 64) == 0) { /* a reset in the middle of the tile */
      const uint32_t n = (uint32_t)rnd(g, kt);
      if (n) rc = lib->feed(s, &(qa_beats){g->a, g->w, 0, n, kt, mode, 0}, NULL, NULL);
      base += lib->now(s);
      lib->reset(s, 2 + (unsigned)rnd(g, 3));
      window(lib, s, tr, base);
      st->resets++;
    } else {
      rc = lib->feed(s, &(qa_beats){g->a, g->w, 0, kt, kt, mode, 0}, NULL, NULL);
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
  if (o->tr.path && o->tr.from >= o->cycles)
    return qa_usage_err("--trace-cycles starts after the run's last cycle (--cycles)", NULL);
  if (o->mutant) snprintf(mut, len, "%s%s", o->mutant, o->mutant_pe ? "-pe" : "");
  *req = (qa_cfg_req){.rows = a.rows, .cols = a.cols, .wbits = wbits, .accw = o->accw,
                      .mesh = 2, .trace = o->tr.path != NULL, .mutant = o->mutant ? mut : NULL};
  return 0;
}

/* Run the stream of seed `seed` for `cycles` on the build req (traced into tr->path over its
 * window when tr is given). Returns 0, or QA_EXIT_USAGE with err. */
static int ls_run(const qa_cfg_req *req, const qa_opts *o, const qa_trace_opts *tr,
                  ls_result *res, char *err) {
  qa_lib lib;
  if (qa_lib_get(req, !o->no_build, &lib, err)) return QA_EXIT_USAGE;
  int rc = QA_EXIT_USAGE;
  qa_sim *s = lib.sim_new();
  ls_gen g = {.rng = o->seed * 0x9e3779b97f4a7c15ull + 1};
  memset(res, 0, sizeof *res);
  if (s) {
    lib.sim_cfg(s, &g.cfg);
    g.kt_max = 3u * (uint32_t)g.cfg.rows;
    g.a = malloc((size_t)g.kt_max * g.cfg.rows * g.cfg.lanes);
    g.w = malloc((size_t)g.kt_max * g.cfg.cols);
  }
  if (!s || !g.a || !g.w) {
    snprintf(err, QA_ERR_LEN, "out of memory creating the model");
  } else if (tr && lib.trace_open(s, tr->path, tr->depth)) {
    snprintf(err, QA_ERR_LEN, "cannot write the trace file %s", tr->path);
  } else {
    const double t0 = qa_now_s();
    res->cfg = g.cfg;
    res->drive_rc = drive(&lib, s, &g, o->cycles, tr, res);
    res->div = lib.lockstep(s, &res->cmp, &res->regs, &res->pe);
    res->secs = qa_now_s() - t0;
    if (tr) lib.trace_close(s);
    rc = 0;
  }
  free(g.a);
  free(g.w);
  if (s) lib.sim_free(s);
  qa_lib_close(&lib);
  return rc;
}

/* The lockstep command that replays this run (the same stream: same seed and length). */
static void replay_cmd(const qa_opts *o, const qa_cfg *c, char *cmd, size_t len) {
  snprintf(cmd, len,
           "'%s/build/qarray' lockstep --array %dx%d --wbits %d --accw %d --seed %" PRIu64
           " --cycles %" PRIu64 "%s%s%s", qa_root(), c->rows, c->cols, c->wbits, c->accw,
           o->seed, o->cycles, o->mutant ? " --mutant " : "", o->mutant ? o->mutant : "",
           o->mutant_pe ? " --mutant-in pe" : "");
}

/* After a divergence: re-run the same stream on the traced build over the cycles before it and
 * write DIR/trace.fst, view.gtkw (both meshes, the PE named first) and replay.sh. */
static void ls_triage(const qa_opts *o, const qa_cfg_req *req, const ls_result *first) {
  enum { BEFORE = 48, AFTER = 4 };
  char err[QA_ERR_LEN], path[4200], cmd[8192], text[8400];
  qa_repro rp = {0};
  qa_cfg_req dbg = *req;
  dbg.trace = 1;
  const uint64_t at = first->ran;
  qa_trace_opts tr = {.path = path, .depth = o->tr.depth, .tile = -1,
                      .from = at > BEFORE ? at - BEFORE : 0, .to = at + AFTER, .gemm = -1};
  ls_result again;
  if (qa_repro_open(&rp, o->repro, err)) goto fail;
  qa_repro_path(&rp, "trace.fst", path, sizeof path);
  qa_errf("lockstep: re-running the same stream traced, for the reproducer (the "
                  "%%Error lines repeat)\n");
  if (ls_run(&dbg, o, &tr, &again, err)) goto fail;
  if (again.div != 1 || again.pe != first->pe) {
    snprintf(err, QA_ERR_LEN, "the traced re-run did not diverge where the run did");
    goto fail;
  }
  const long C = first->cfg.cols, pi = first->pe >= 0 ? (long)first->pe / C : -1;
  const int dims[4] = {first->cfg.rows, first->cfg.cols, first->cfg.lanes, first->cfg.accw};
  if (qa_repro_view(&rp, dims, 2, pi, first->pe >= 0 ? (long)first->pe % C : -1, err)) goto fail;
  replay_cmd(o, &first->cfg, cmd, sizeof cmd);
  snprintf(text, sizeof text,
           "# Replays the lockstep run that diverged, traced over cycles %" PRIu64 "..%" PRIu64
           " out of reset (run in this directory).\n%s --trace trace.fst --trace-cycles %" PRIu64
           ":%" PRIu64 " --no-triage \"$@\"\n", tr.from, tr.to, cmd, tr.from, tr.to);
  if (qa_repro_text(&rp, "replay.sh", text, err) || qa_repro_commit(&rp, err)) goto fail;
  qa_errf(
          "lockstep: trace of cycles %" PRIu64 "..%" PRIu64 " (out of reset) in %s/ "
          "(trace.fst, view.gtkw: both meshes%s)\n"
          "qarray: lockstep: replay: cd %s && sh replay.sh\n"
          "qarray: lockstep: view:   gtkwave %s/trace.fst %s/view.gtkw\n",
          tr.from, tr.to, rp.dir, pi >= 0 ? ", the diverging PE first" : "", rp.dir, rp.dir,
          rp.dir);
  qa_repro_close(&rp);
  return;
fail:
  qa_errf("lockstep: no reproducer: %s\n", err);
  qa_repro_close(&rp);
}

static void report(const qa_cfg_req *req, const ls_result *r) {
  char name[64];
  qa_cfg_name(req, name, sizeof name);
  printf("lockstep %s: %" PRIu64 " cycles out of reset, %" PRIu64 " tiles (%" PRIu64 " shorter than %d "
         "beats, %" PRIu64 " FULL, %" PRIu64 " extreme, %" PRIu64 " ragged), %" PRIu64
         " resets, %.1f s\n", name, r->ran, r->st.tiles, r->st.short_tiles, r->cfg.rows,
         r->st.full_tiles, r->st.extreme_tiles, r->st.ragged_tiles, r->st.resets, r->secs);
  printf("beyond legal data %" PRIu64 " illegal W2 codes (2'b10), %" PRIu64 " non-zero bytes in "
         "FULL beats' upper lanes\n", r->st.illegal_codes, r->st.upper_bytes);
  printf("compared         %" PRIu64 " cycles x %" PRIu64 " registers = %" PRIu64
         " register comparisons\n", r->cmp, r->regs, r->cmp * r->regs);
  if (r->div == 1) {
    printf("lockstep: DIVERGED (the %%Error lines above name the cycle, the PE, the register and "
           "both values; their cycle counts clock edges from time 0, the reset cycles included, "
           "so it exceeds the cycles out of reset above)\n");
  } else if (r->drive_rc) {
    printf("lockstep: FAILED: %s\n", r->drive_rc == -3 ? "an RTL interface check failed (the "
           "%Error line above names it)" : "a beat was never accepted: the array hung");
  } else {
    printf("lockstep: structural and twin equal, every register, every cycle\n");
  }
  fflush(stdout);
}

int qa_cmd_lockstep(const qa_opts *o) {
  qa_cfg_req req;
  char mut[64], err[QA_ERR_LEN];
  ls_result r;
  int rc = lockstep_req(o, &req, mut, sizeof mut);
  if (rc) return rc;
  if (ls_run(&req, o, o->tr.path ? &o->tr : NULL, &r, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  report(&req, &r);
  if (r.div == 1 && !o->no_triage && !o->tr.path) ls_triage(o, &req, &r);
  return r.div == 1 || r.drive_rc ? QA_EXIT_FAIL : 0;
}
