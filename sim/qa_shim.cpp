// qa_shim.cpp: the only C++ in qarray. Wraps the Verilated qa_top behind the C API of qa_sim.h
// and runs the clock loop, so the C side calls once per tile, not once per signal per cycle.
#include "qa_sim.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <new>

#include "Vqa_top.h"
#include "verilated.h"
#ifdef QA_TRACE
// The debug build only (configuration name ending in t): FST tracing. The fast build has no
// trace code at all.
#include "verilated_fst_c.h"
#endif

namespace {

// Write n bytes (little-endian) into a Verilated port of any width.
template <typename T>
inline void set_port(T &port, const uint8_t *src, size_t n) {
  T v = 0;
  std::memcpy(&v, src, n);
  port = v;
}
template <std::size_t W>
inline void set_port(VlWide<W> &port, const uint8_t *src, size_t n) {
  std::memcpy(port.data(), src, n);
}

// The 32-bit word of a port of any width that holds bit offset off (the caller shifts and
// sign-extends the field).
inline uint32_t word_at(const uint32_t *words, unsigned off) {
  return words[off / 32];
}
// Copy a port of any width into 32-bit words (dst has room for nwords; the rest is zeroed).
template <typename T>
inline void port_words(const T &port, uint32_t *dst, size_t nwords) {
  uint64_t v = static_cast<uint64_t>(port);
  for (size_t i = 0; i < nwords; i++) dst[i] = i < 2 ? static_cast<uint32_t>(v >> (32 * i)) : 0;
}
template <std::size_t W>
inline void port_words(const VlWide<W> &port, uint32_t *dst, size_t nwords) {
  size_t n = nwords < W ? nwords : W;
  std::memcpy(dst, port.data(), n * sizeof(uint32_t));
  for (size_t i = n; i < nwords; i++) dst[i] = 0;
}

inline uint64_t xorshift(uint64_t &s) {
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return s;
}

}  // namespace

// No beat waits longer than this unless the RTL is broken: a last beat waits at most for the
// drain gap and for room for its rows in the output buffer, i.e. for the buffer and the array to
// empty, one row per cycle that out_ready is high (injected stalls stay below 100 %: at 99.9 %
// a row leaves every 1000 cycles on average, and this allows twice that for every row).
static uint64_t hang_cycles(const qa_cfg &c) {
  return 100000ull + 2000ull * static_cast<uint64_t>(c.obuf + c.rows + c.cols);
}

struct qa_sim {
  VerilatedContext ctx;
  Vqa_top *top = nullptr;
  qa_cfg cfg{};
  unsigned bubble_pm = 0, stall_pm = 0;
  uint64_t rng = 0x9e3779b97f4a7c15ull;
  uint64_t bubbles = 0;
  uint64_t tiles_in = 0, tiles_out = 0;
  bool offering = false;  // a beat is offered and not yet accepted: it stays offered
  size_t a_bytes = 0, w_bytes = 0, out_words = 0;
  uint32_t *out_buf = nullptr;
  int32_t *row_buf = nullptr;
  FILE *dump[4] = {nullptr, nullptr, nullptr, nullptr}; // ctl, a, w, expect (qa_sim_dump_open)
  uint64_t dumped = 0;
  uint32_t *dump_buf = nullptr;
  size_t dump_words = 0;
#ifdef QA_TRACE
  VerilatedFstC *tfp = nullptr;
  uint64_t tick = 0;                     // cycles run by the shim since the model was made
  uint64_t win_lo = 0, win_hi = ~0ull;   // dump the RTL counter's cycles in [win_lo, win_hi]
  bool win_on = true;
#endif
};

namespace {

// Make s's context this thread's before anything that evaluates, builds or destroys the model:
// Verilator reports $error and erases scopes through the calling thread's context
// (Verilated::threadContextp), which is otherwise the last context made anywhere. With one
// model per thread (--jobs) or several models in one thread, that would be another model's, or
// one already freed.
void use(const qa_sim *s) { Verilated::threadContextp(const_cast<VerilatedContext *>(&s->ctx)); }

// The low nbits of a port as hex digits, most significant first (as Verilog's %h prints them).
template <typename T>
void put_hex(FILE *f, const T &port, unsigned nbits, uint32_t *buf, size_t nwords) {
  port_words(port, buf, nwords);
  for (int d = static_cast<int>((nbits + 3) / 4) - 1; d >= 0; d--)
    fputc("0123456789abcdef"[(buf[d / 8] >> ((d % 8) * 4)) & 0xf], f);
}

// One cycle of the stimulus and of what the model did (qa_sim_dump_open).
void dump_cycle(qa_sim *s, bool fire_out) {
  Vqa_top *t = s->top;
  fprintf(s->dump[0], "%x\n", (t->in_valid_i << 4) | (t->in_wait_i << 3) | (t->in_last_i << 2) |
                                   (t->in_mode_i << 1) | t->out_ready_i);
  put_hex(s->dump[1], t->in_a_i, s->cfg.rows * s->cfg.lanes * 8, s->dump_buf, s->dump_words);
  fputc('\n', s->dump[1]);
  put_hex(s->dump[2], t->in_w_i, s->cfg.cols * 8, s->dump_buf, s->dump_words);
  fputc('\n', s->dump[2]);
  fprintf(s->dump[3], "%d %d ", t->in_ready_o, fire_out);
  if (fire_out) {
    fprintf(s->dump[3], "%d ", t->out_row_o);
    put_hex(s->dump[3], t->out_data_o, s->cfg.cols * s->cfg.accw, s->dump_buf, s->dump_words);
  } else {
    fputs("- -", s->dump[3]);
  }
  fputc('\n', s->dump[3]);
  s->dumped++;
}

// One clock cycle. The beat (if any) is presented; returns true if it was accepted.
bool cycle(qa_sim *s, bool have_beat, qa_row_fn fn, void *user) {
  Vqa_top *t = s->top;
  // A bubble is a beat offered late, never one withdrawn: once offered, a beat stays offered
  // until the array accepts it (valid held until ready, sim/qa_if_check.v).
  bool bubble = have_beat && !s->offering && s->bubble_pm && (xorshift(s->rng) % 1000) < s->bubble_pm;
  bool ready = !(s->stall_pm && (xorshift(s->rng) % 1000) < s->stall_pm);
  t->in_valid_i = have_beat && !bubble;
  t->out_ready_i = ready;
  t->clk_i = 0;
  t->eval();
#ifdef QA_TRACE
  const uint64_t now = t->cnt_cycles_o;
  const bool dump = s->tfp && s->win_on && now >= s->win_lo && now <= s->win_hi;
  if (dump) s->tfp->dump(2 * s->tick);
#endif
  bool fired = t->in_valid_i && t->in_ready_o;
  s->offering = t->in_valid_i && !fired;
  if (s->dump[0]) dump_cycle(s, t->out_valid_o && ready);
  if (bubble && t->in_ready_o) s->bubbles++;
  if (t->out_valid_o && ready) {
    port_words(t->out_data_o, s->out_buf, s->out_words);
    const int accw = s->cfg.accw;
    for (int j = 0; j < s->cfg.cols; j++) {
      unsigned off = static_cast<unsigned>(j * accw);
      uint64_t lo = word_at(s->out_buf, off);
      uint64_t hi = (off % 32 + accw > 32) ? word_at(s->out_buf, off + 32) : 0;
      uint64_t raw = ((hi << 32) | lo) >> (off % 32);
      uint64_t mask = (accw == 64) ? ~0ull : ((1ull << accw) - 1);
      raw &= mask;
      int64_t v = (raw & (1ull << (accw - 1))) ? static_cast<int64_t>(raw | ~mask)
                                                  : static_cast<int64_t>(raw);
      s->row_buf[j] = static_cast<int32_t>(v);
    }
    int row = t->out_row_o;
    if (row == 0) s->tiles_out++;
    if (fn) fn(user, row, s->row_buf);
  }
  t->clk_i = 1;
  t->eval();
#ifdef QA_TRACE
  if (dump) s->tfp->dump(2 * s->tick + 1);
  s->tick++;
#endif
  return fired;
}

void reset(qa_sim *s, unsigned cycles = 4) {
  Vqa_top *t = s->top;
  t->rst_ni = 0;
  t->in_valid_i = 0;
  t->in_wait_i = 0;
  t->out_ready_i = 1;
  t->cnt_clr_i = 0;
  s->offering = false;
  s->tiles_in = s->tiles_out = 0;
  for (unsigned i = 0; i < cycles; i++) {
    t->clk_i = 0;
    t->eval();
    t->clk_i = 1;
    t->eval();
  }
  t->rst_ni = 1;
  t->clk_i = 0;
  t->eval();
}

}  // namespace

extern "C" {

int qa_sim_abi(void) { return QA_SIM_ABI; }

qa_sim *qa_sim_new(void) {
  qa_sim *s = new (std::nothrow) qa_sim;
  if (!s) return nullptr;
#ifdef QA_XRAND
  // The X-seeded build (name ending in x): every register starts at a random value, so logic
  // that relies on an initial value instead of the reset shows (seed: $QARRAY_XSEED, else 1).
  const char *xs = getenv("QARRAY_XSEED");
  s->ctx.randReset(2);
  s->ctx.randSeed(xs ? atoi(xs) : 1);
#else
  s->ctx.randReset(0);
#endif
  s->ctx.fatalOnError(false);  // an interface check ($error) is reported, not an abort
  use(s);
  s->top = new (std::nothrow) Vqa_top{&s->ctx};
  if (!s->top) {
    delete s;
    return nullptr;
  }
  s->top->eval();
  s->cfg.rows = s->top->cfg_rows_o;
  s->cfg.cols = s->top->cfg_cols_o;
  s->cfg.wbits = s->top->cfg_wbits_o;
  s->cfg.accw = s->top->cfg_accw_o;
  s->cfg.lanes = s->top->cfg_lanes_o;
  s->cfg.mesh = s->top->cfg_mesh_o;
  s->cfg.obuf = s->top->cfg_obuf_o;
  s->a_bytes = static_cast<size_t>(s->cfg.rows) * s->cfg.lanes;
  s->w_bytes = static_cast<size_t>(s->cfg.cols);
  // One spare word so a field that straddles the last word boundary reads a zero above it.
  s->out_words = (static_cast<size_t>(s->cfg.cols) * s->cfg.accw + 31) / 32 + 1;
  s->out_buf = new (std::nothrow) uint32_t[s->out_words]();
  s->row_buf = new (std::nothrow) int32_t[s->cfg.cols]();
  if (!s->out_buf || !s->row_buf) {
    qa_sim_free(s);
    return nullptr;
  }
  reset(s);
  return s;
}

int qa_sim_dump_open(qa_sim *s, const char *dir) {
  static const char *const names[4] = {"ctl.hex", "a.hex", "w.hex", "expect.txt"};
  qa_sim_dump_close(s);
  size_t bits = static_cast<size_t>(s->cfg.rows) * s->cfg.lanes * 8;
  const size_t out_bits = static_cast<size_t>(s->cfg.cols) * s->cfg.accw;
  if (out_bits > bits) bits = out_bits;
  s->dump_words = bits / 32 + 2;
  s->dump_buf = new (std::nothrow) uint32_t[s->dump_words]();
  if (!s->dump_buf) return -1;
  for (int i = 0; i < 4; i++) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    s->dump[i] = fopen(path, "w");
    if (!s->dump[i]) {
      qa_sim_dump_close(s);
      return -1;
    }
  }
  s->dumped = 0;
  return 0;
}

uint64_t qa_sim_dump_close(qa_sim *s) {
  for (int i = 0; i < 4; i++)
    if (s->dump[i]) fclose(s->dump[i]), s->dump[i] = nullptr;
  delete[] s->dump_buf;
  s->dump_buf = nullptr;
  return s->dumped;
}

void qa_sim_free(qa_sim *s) {
  if (!s) return;
  use(s);
  qa_sim_dump_close(s);
  qa_sim_trace_close(s);
  if (s->top) s->top->final();
  delete s->top;
  delete[] s->out_buf;
  delete[] s->row_buf;
  delete s;
}

void qa_sim_cfg(const qa_sim *s, qa_cfg *cfg) { *cfg = s->cfg; }

void qa_sim_set_stalls(qa_sim *s, unsigned in_bubble_permille, unsigned out_stall_permille,
                       uint64_t seed) {
  s->bubble_pm = in_bubble_permille > 1000 ? 1000 : in_bubble_permille;
  s->stall_pm = out_stall_permille > 999 ? 999 : out_stall_permille;
  s->rng = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
  if (!s->rng) s->rng = 1;
}

void qa_sim_clear_counters(qa_sim *s) {
  use(s);
  Vqa_top *t = s->top;
  t->in_valid_i = 0;
  t->out_ready_i = 1;
  t->cnt_clr_i = 1;
  t->clk_i = 0;
  t->eval();
  t->clk_i = 1;
  t->eval();
  t->cnt_clr_i = 0;
  t->clk_i = 0;
  t->eval();
  s->bubbles = 0;
}

void qa_sim_counters(const qa_sim *s, qa_counters *c) {
  const Vqa_top *t = s->top;
  c->cycles = t->cnt_cycles_o;
  c->busy = t->cnt_busy_o;
  c->in_stall = t->cnt_in_stall_o;
  c->out_stall = t->cnt_out_stall_o;
  c->gap_stall = t->cnt_gap_stall_o;
  c->credit_stall = t->cnt_credit_stall_o;
  c->mem_stall = t->cnt_mem_stall_o;
  c->beats = t->cnt_beats_o;
  c->rows = t->cnt_rows_o;
  c->bubbles = s->bubbles;
}

int qa_sim_feed(qa_sim *s, const qa_beats *bt, qa_row_fn fn, void *user) {
  if (!s || !bt || !bt->a || !bt->w) return -1;
  const uint8_t *a = bt->a, *w = bt->w;
  const uint32_t first = bt->first, n = bt->n, kt = bt->kt;
  const int mode = bt->mode;
  const uint64_t not_before = bt->not_before;
  if (n == 0 || kt == 0 || first >= kt || n > kt - first || (mode != 0 && mode != 1)) return -1;
  use(s);
  Vqa_top *t = s->top;
  t->in_wait_i = 1;
  while (t->cnt_cycles_o < not_before) cycle(s, false, fn, user);
  t->in_wait_i = 0;
  t->in_mode_i = static_cast<uint8_t>(mode);
  for (uint32_t b = 0; b < n; b++) {
    set_port(t->in_a_i, a + static_cast<size_t>(b) * s->a_bytes, s->a_bytes);
    set_port(t->in_w_i, w + static_cast<size_t>(b) * s->w_bytes, s->w_bytes);
    t->in_last_i = (first + b + 1 == kt);
    uint64_t waited = 0;
    while (!cycle(s, true, fn, user)) {
      if (++waited > hang_cycles(s->cfg)) return -2;
    }
    if (s->ctx.gotError()) return -3;
  }
  if (first + n == kt) s->tiles_in++;
  return s->ctx.gotError() ? -3 : 0;
}

uint64_t qa_sim_now(const qa_sim *s) { return s->top->cnt_cycles_o; }

#ifdef QA_TRACE
int qa_sim_trace_open(qa_sim *s, const char *path, int depth) {
  if (!s || !path) return -1;
  if (s->tfp) return -2;
  use(s);
  s->ctx.traceEverOn(true);
  s->tfp = new (std::nothrow) VerilatedFstC;
  if (!s->tfp) return -2;
  /* The depth selects by hierarchy ($dumpvars semantics): the trace() levels argument is
   * ignored by Verilator 5, so every depth used to give the same file. Level 1 is the TOP
   * scope (qa_top's ports), 2 adds qa_top's own signals, and so on down the mesh. */
  if (depth > 0) s->tfp->dumpvars(depth, "TOP");
  s->top->trace(s->tfp, 99);
  s->tfp->open(path);
  if (!s->tfp->isOpen()) {
    delete s->tfp;
    s->tfp = nullptr;
    return -2;
  }
  return 0;
}
void qa_sim_trace_window(qa_sim *s, int on, uint64_t from, uint64_t to) {
  s->win_on = on != 0;
  s->win_lo = from;
  s->win_hi = to;
}
void qa_sim_trace_close(qa_sim *s) {
  if (!s || !s->tfp) return;
  s->tfp->close();
  delete s->tfp;
  s->tfp = nullptr;
}
int qa_sim_traceable(void) { return 1; }
#else
int qa_sim_trace_open(qa_sim *, const char *, int) { return -1; }
void qa_sim_trace_window(qa_sim *, int, uint64_t, uint64_t) {}
void qa_sim_trace_close(qa_sim *) {}
int qa_sim_traceable(void) { return 0; }
#endif

void qa_sim_reset(qa_sim *s, unsigned cycles) {
  use(s);
  reset(s, cycles);
}

int qa_sim_lockstep(const qa_sim *s, uint64_t *cycles, uint64_t *regs_per_cycle, int64_t *pe) {
#ifdef QA_LOCKSTEP
  *cycles = s->top->ls_cycles_o;
  *regs_per_cycle = s->top->ls_regs_o;
  *pe = s->top->ls_pe_o == 0xffffffffu ? -1 : static_cast<int64_t>(s->top->ls_pe_o);
  return s->top->ls_diverged_o ? 1 : 0;
#else
  (void)s;
  *cycles = *regs_per_cycle = 0;
  *pe = -1;
  return -1;
#endif
}

int qa_sim_activity(const qa_sim *s, uint64_t *vals) {
#ifdef QA_ACTIVITY
  for (int k = 0; k < QA_ACT_N; k++)
    vals[k] = (static_cast<uint64_t>(s->top->act_o[2 * k + 1]) << 32) | s->top->act_o[2 * k];
  return QA_ACT_N;
#else
  (void)s;
  (void)vals;
  return -1;
#endif
}

int qa_sim_drain(qa_sim *s, qa_row_fn fn, void *user, uint64_t max_cycles) {
  uint64_t n = 0;
  use(s);
  s->top->in_last_i = 0;
  while (s->tiles_out < s->tiles_in) {
    if (n++ >= max_cycles) return -1;
    cycle(s, false, fn, user);
    if (s->ctx.gotError()) return -3;
  }
  return 0;
}

}  // extern "C"
