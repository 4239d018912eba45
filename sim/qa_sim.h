/* qa_sim.h: the extern "C" API of one Verilated array configuration.
 *
 * Each configuration (ROWS x COLS x WBITS x ACCW) is built into its own shared library
 * (build/cfg/<name>/libqa.so) exporting these functions; the host loads the one it needs
 * (host/run/qa_load.h). The array's parameters come from the RTL itself (qa_sim_cfg), never from
 * a second copy on the C side.
 *
 * Calls are coarse: the shim runs the clock loop itself; the C side hands it whole tiles.
 */
#ifndef QA_SIM_H
#define QA_SIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QA_SIM_ABI 10 /* bumped whenever these declarations change */

typedef struct qa_sim qa_sim;

typedef struct {
  int rows, cols, wbits, accw, lanes;
  int mesh; /* 0: one qa_pe per PE (qa_mesh); 1: array-style qa_mesh_loop with ring skews */
  int obuf; /* output buffer depth in rows (qa_top OBUF) */
} qa_cfg;

/* RTL event counters (qa_top), plus what the shim injected. */
typedef struct {
  uint64_t cycles;    /* clock cycles since the last qa_sim_clear_counters */
  uint64_t busy;      /* cycles with a tile open or results in flight */
  uint64_t in_stall;  /* cycles a tile was open and no input beat was offered */
  uint64_t out_stall; /* cycles a row was offered and out_ready was low */
  uint64_t gap_stall; /* cycles a tile's last beat waited for the drain interval (ROWS) */
  uint64_t credit_stall; /* cycles a tile's last beat waited for room in the output buffer */
  uint64_t mem_stall; /* cycles no beat was offered because its operands were not in SRAM */
  uint64_t beats;     /* input beats accepted */
  uint64_t rows;      /* output rows delivered */
  uint64_t bubbles;   /* shim: cycles it withheld a beat the array would have accepted */
} qa_counters;

/* Called once per output row: row is the row index inside its tile (rows leave in the order
 * ROWS-1 .. 0, so row == 0 closes a tile); vals holds COLS results, sign-extended from ACCW. */
typedef void (*qa_row_fn)(void *user, int row, const int32_t *vals);

int qa_sim_abi(void);
/* A new model, reset and idle. NULL if out of memory. */
qa_sim *qa_sim_new(void);
void qa_sim_free(qa_sim *s);
void qa_sim_cfg(const qa_sim *s, qa_cfg *cfg);
/* Random stall injection, per cycle, in parts per thousand (0 = never); deterministic per seed.
 * in_bubble: withhold an available input beat; out_stall: drop out_ready. */
void qa_sim_set_stalls(qa_sim *s, unsigned in_bubble_permille, unsigned out_stall_permille,
                       uint64_t seed);
/* Clear the RTL counters (one idle clock cycle that is not counted). */
void qa_sim_clear_counters(qa_sim *s);
void qa_sim_counters(const qa_sim *s, qa_counters *c);
/* Beats [first, first + n) of a tile of kt beats: a holds n * rows * lanes bytes, beat-major
 * (byte i*lanes + l of a beat is row i, lane l), w n * cols bytes, one (packed) weight byte per
 * column, both from beat first on; the tile's last beat is flagged when first + n == kt. mode:
 * 0 FULL, 1 PACKED. The first beat is offered no earlier than counter cycle not_before: until
 * then the input waits for memory (in_wait_i, counted as mem_stall). */
typedef struct {
  const uint8_t *a, *w;
  uint32_t first, n, kt;
  int mode;
  uint64_t not_before;
} qa_beats;

/* Stream the beats b. Runs the clock until every beat is accepted; rows that leave the array
 * meanwhile go to fn. Returns 0, -1 on bad arguments, -2 if a beat was never accepted (a hang:
 * a bug in the RTL), -3 if an interface rule of the RTL's own checks failed
 * (sim/qa_if_check.v; the simulator printed which). */
int qa_sim_feed(qa_sim *s, const qa_beats *b, qa_row_fn fn, void *user);
/* The RTL's cycle counter now: the cycle the next beat would be offered in. */
uint64_t qa_sim_now(const qa_sim *s);
/* Tracing (the debug build, configuration name ending in t; qa_sim_traceable() says which).
 * qa_sim_trace_open starts an FST file of the whole design, depth levels of hierarchy (<= 0:
 * all); returns 0, -1 if this build has no tracing, -2 if the file cannot be written. Cycles
 * are dumped only while the window is on and the RTL counter is within [from, to]
 * (qa_sim_trace_window; default: on, every cycle). The FST time is 2 per cycle, counted from
 * the model's creation. qa_sim_trace_close finishes the file (qa_sim_free does too). */
int qa_sim_traceable(void);
int qa_sim_trace_open(qa_sim *s, const char *path, int depth);
void qa_sim_trace_window(qa_sim *s, int on, uint64_t from, uint64_t to);
void qa_sim_trace_close(qa_sim *s);
/* Record the stimulus of every clock cycle from now on, for a second simulator to replay
 * (tests/icarus/tb_replay.v): DIR/ctl.hex {in_valid, in_wait, in_last, in_mode, out_ready},
 * DIR/a.hex in_a, DIR/w.hex in_w, one hex line per cycle; and DIR/expect.txt what this model
 * did in that cycle: "in_ready out_fire out_row out_data" (out_row and out_data "-" when no row
 * was handed over). Returns 0, or -1 if a file cannot be written. qa_sim_dump_close ends it and
 * returns the number of cycles recorded (qa_sim_free closes it too). */
int qa_sim_dump_open(qa_sim *s, const char *dir);
uint64_t qa_sim_dump_close(qa_sim *s);
/* Run the clock until every tile fed so far has left the array. Returns 0, -1 if the array did
 * not empty within max_cycles (a hang: a bug in the RTL), or -3 as qa_sim_feed. */
int qa_sim_drain(qa_sim *s, qa_row_fn fn, void *user, uint64_t max_cycles);
/* Hold rst_ni low for cycles clock cycles (the interface needs >= 2), wherever the stream is:
 * what was in the array is gone, the shim's tile counts restart. */
void qa_sim_reset(qa_sim *s, unsigned cycles);
/* Lockstep builds (name ending in l): the cycles compared, the registers compared per cycle and
 * the first divergence's PE (row * cols + col; -1 if none, or it was outside the mesh);
 * returns 1 if the two meshes diverged (the %Error lines name where), 0 if not, -1 if this is not
 * a lockstep build. */
int qa_sim_lockstep(const qa_sim *s, uint64_t *cycles, uint64_t *regs_per_cycle, int64_t *pe);
/* Activity builds (name ending in v; sim/activity/qa_activity.v): the register toggles counted
 * since the model was made (not cleared with the counters), QA_ACT_N values in the order below.
 * Per PE: PE-cycles that were beats, bubbles (inside a tile, no beat) and idle; toggles of the
 * activation and weight registers, the accumulator and the control, each in beats, bubbles and
 * idle cycles; of the drain chain (and the drain valids and row tags) in all cycles; of the
 * FULL multiplier's nets (W < 8) in beats and bubbles; of the PEs' valids alone (ctl_v, all
 * cycles); of the weight registers alone in beats (w_beat). Then the skew's data lines (skew),
 * of them the weights' (skew_w), its control lines, the de-skew lines, the registers outside the
 * core, the counters, and the cycles counted. Returns QA_ACT_N, or -1 if this is not an
 * activity build. */
#define QA_ACT_LIST(X)                                                            \
  X(PE_BEAT, "pe_beat") X(PE_BUBBLE, "pe_bubble") X(PE_IDLE, "pe_idle")             \
  X(AW_BEAT, "aw_beat") X(AW_BUBBLE, "aw_bubble") X(AW_IDLE, "aw_idle")             \
  X(ACC_BEAT, "acc_beat") X(ACC_BUBBLE, "acc_bubble") X(ACC_IDLE, "acc_idle")       \
  X(CTL_BEAT, "ctl_beat") X(CTL_BUBBLE, "ctl_bubble") X(CTL_IDLE, "ctl_idle")       \
  X(DRAIN, "drain") X(MUL_BEAT, "mul_beat") X(MUL_BUBBLE, "mul_bubble")             \
  X(CTL_V, "ctl_v") X(W_BEAT, "w_beat") X(SKEW, "skew") X(SKEW_W, "skew_w")        \
  X(SKEW_CTL, "skew_ctl") X(DESKEW, "deskew") X(EDGE, "edge") X(CNT, "counters")    \
  X(CYCLES, "cycles")
#define QA_ACT_ENUM(id, name) QA_ACT_##id,
enum { QA_ACT_LIST(QA_ACT_ENUM) QA_ACT_N };
#undef QA_ACT_ENUM
int qa_sim_activity(const qa_sim *s, uint64_t *vals);

#ifdef __cplusplus
}
#endif

#endif /* QA_SIM_H */
