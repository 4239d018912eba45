/* test_mem.c: the memory model (golden/qa_mem.c) against cases worked by hand; the arithmetic
 * is in the comments. No RTL here: test_cosim holds the RTL to this model. */
#include "qa_test.h"

#include <math.h>
#include <string.h>

#include "qa_cycles.h"
#include "qa_energy.h"
#include "qa_mem.h"

/* A small memory: no internal part, buffers in bytes. */
static qa_mem_cfg small(uint64_t a, uint64_t w, uint64_t c, uint64_t bpc, uint64_t lat) {
  qa_mem_cfg m;
  memset(&m, 0, sizeof m);
  m.enabled = 1;
  m.sram_bytes = a + w + c;
  m.a_bytes = a;
  m.w_bytes = w;
  m.c_bytes = c;
  m.dram_bpc = bpc;
  m.dram_lat = lat;
  return m;
}

/* Decode-like GEMM on 4x4 W2 (4 lanes): (1 x 64) . (64 x 16), 2 B/cycle, latency 10.
 * Kt = 64/4 = 16 beats; T = 4 tiles (one row block, four column blocks); both operands fit
 * (A 64 B, W 16 cols x 16 B = 256 B <= 1 KiB), so one 16-beat chunk per tile.
 *   chunk 0: A 64 + W 4x16 = 128 B, 64 cycles on the channel from 0: ready 64 + 10 = 74;
 *            beats 74..89.
 *   chunk 1: W 64 B (A resident), requested at 0, channel free at 64: 64..96, ready 106;
 *            waits 106 - 90 = 16; beats 106..121 (gap rule: 121 >= 89 + 4).
 *   chunk 2: requested when chunk 0 is consumed (90), channel free at 96: 96..128, ready 138;
 *            waits 16; beats 138..153.
 *   chunk 3: requested at 122, channel free at 128: 128..160, ready 170; waits 16; beats
 *            170..185.
 *   cycles = 185 + 2R + C + 2 = 185 + 8 + 4 + 2 = 199; memory stalls 74 + 3 * 16 = 122.
 *   DRAM: A 64, W 256 B read; C 1 x 16 x 4 = 64 B written. DRAM busy 64 + 3 * 32 = 160. */
static void test_decode_by_hand(void **state) {
  (void)state;
  qa_gemm_shape g = {4, 4, 2, QA_MODE_PACKED, 1, 64, 16};
  qa_mem_cfg m = small(1024, 1024, 1024, 2, 10);
  qa_mem_result r;
  qa_mem_plan p;
  char err[QA_MEM_ERR_LEN];
  assert_int_equal(qa_mem_cycles(&g, 32, &m, &r, &p, err), 0);
  assert_int_equal(r.cycles, 199);
  assert_int_equal(r.mem_stall, 122);
  assert_int_equal(r.gap_stall, 0);
  assert_int_equal(r.dram_busy, 160);
  /* Of the stalls, each chunk's last 10 cycles wait for the latency (its last byte left the
   * channel at 64, 96, 128, 160; ready 10 later): 4 x 10 = 40; the other 82 wait for the
   * channel. The channel is busy 160 cycles against 77 of compute (the cycle model: Kt + (T-1)P
   * + 2R + C + 1 = 16 + 3 x 16 + 8 + 4 + 1): bandwidth-bound. */
  assert_int_equal(r.lat_stall, 40);
  assert_int_equal(r.compute, 77);
  assert_int_equal(qa_mem_bound_of(r.cycles, r.compute, r.mem_stall, r.lat_stall, r.dram_busy),
                   QA_BOUND_BANDWIDTH);
  assert_int_equal(p.dram_rd_a, 64);
  assert_int_equal(p.dram_rd_w, 256);
  assert_int_equal(p.dram_wr_c, 64);
  assert_int_equal(p.nchunks, 4);
  assert_int_equal(p.kc, 16);
  assert_true(p.a_resident && p.w_resident);
  assert_null(p.tiles);
  assert_null(p.chunks);
}

/* The same GEMM through a wide channel with a long latency (1e6 B/cycle, 50 cycles): every
 * load takes 1 cycle on the channel.
 *   chunk 0: 0..1, ready 51; waits 51 (50 for the latency); beats 51..66.
 *   chunk 1: requested at 0, 1..2, ready 52: no wait; beats 67..82.
 *   chunk 2: requested at 67 (chunk 0 consumed), 67..68, ready 118; waits 118 - 83 = 35, all
 *            of them after its last byte (68 < 83): latency; beats 118..133.
 *   chunk 3: requested at 83, 83..84, ready 134 = the next beat's cycle: no wait; 134..149.
 *   cycles 149 + 14 = 163; stalls 86, of them 85 for the latency; the channel busy 4 cycles:
 *   latency-bound. */
static void test_latency_bound_by_hand(void **state) {
  (void)state;
  qa_gemm_shape g = {4, 4, 2, QA_MODE_PACKED, 1, 64, 16};
  qa_mem_cfg m = small(1024, 1024, 1024, 1000000, 50);
  qa_mem_result r;
  char err[QA_MEM_ERR_LEN];
  assert_int_equal(qa_mem_cycles(&g, 32, &m, &r, NULL, err), 0);
  assert_int_equal(r.cycles, 163);
  assert_int_equal(r.mem_stall, 86);
  assert_int_equal(r.lat_stall, 85);
  assert_int_equal(r.dram_busy, 4);
  assert_int_equal(qa_mem_bound_of(r.cycles, r.compute, r.mem_stall, r.lat_stall, r.dram_busy),
                   QA_BOUND_LATENCY);
}

/* The bound rule on numbers (docs/memory.md): a channel busy for 90 % of the compute-only time
 * or more is bandwidth-bound, stalls or not; below that, under 10 % stalls is compute-bound,
 * and otherwise the larger half of the stalls decides. Transfers at a fractional rate round up. */
static void test_bound_rule_and_rates(void **state) {
  (void)state;
  assert_int_equal(qa_mem_bound_of(1000, 901, 99, 0, 810), QA_BOUND_COMPUTE);   /* 810 < 0.9 x 901 */
  assert_int_equal(qa_mem_bound_of(1000, 950, 50, 0, 855), QA_BOUND_BANDWIDTH); /* = 0.9 x 950 */
  assert_int_equal(qa_mem_bound_of(1300, 1000, 300, 290, 950), QA_BOUND_BANDWIDTH); /* saturated */
  assert_int_equal(qa_mem_bound_of(1000, 800, 100, 49, 100), QA_BOUND_BANDWIDTH);
  assert_int_equal(qa_mem_bound_of(1000, 800, 200, 150, 100), QA_BOUND_LATENCY);
  assert_int_equal(qa_mem_bound_of(0, 0, 0, 0, 0), QA_BOUND_COMPUTE);
  assert_string_equal(qa_mem_bound_name(QA_BOUND_LATENCY), "latency");
  assert_int_equal(qa_mem_xfer_cycles(100, 2.5), 40);
  assert_int_equal(qa_mem_xfer_cycles(101, 2.5), 41);
  assert_int_equal(qa_mem_xfer_cycles(7, 1.0), 7);
  assert_int_equal(qa_mem_xfer_cycles(1, 960.0), 1);
  assert_int_equal(qa_mem_xfer_cycles(147456, 34.0), 4337); /* ceil(4336.9) */
}

/* The edge array's memory plan of g (ACCW 32). */
static void plan_edge(const qa_gemm_shape *g, qa_mem_plan *t) {
  qa_mem_cfg m;
  qa_mem_result r;
  char err[QA_MEM_ERR_LEN];
  assert_int_equal(qa_mem_defaults("edge", &m), 0);
  assert_int_equal(qa_mem_cycles(g, 32, &m, &r, t, err), 0);
}

/* Energy of (3 x 5) . (5 x 7) FULL on 4x4 with the default table (Horowitz 45 nm), every event
 * counted by hand:
 *   PE beats: T = 1 x 2 tiles of Kt = 5 beats on 16 PEs = 160, each an 8x8 multiply (0.2) and
 *   a 32-bit add (0.1): 48 pJ. Idle PE-cycles: 23 cycles x 16 - 160 = 208 (0 pJ by default).
 *   Both operands fit their buffers: DRAM reads A 15 B, W 35 B (7 columns of 5 bytes), writes C
 *   3 x 7 x 4 = 84 B: 134 B x 162.5 = 21775 pJ. SRAM reads: A once per column block (2 x 15)
 *   and W once per row block (35) = 65 B, and C's 84 B read for the write-back; writes: C 84 B
 *   and the 50 B loaded: 283 B x 12.5 = 3537.5 pJ. Total 25360.5 pJ.
 * PACKED beats: W2 4 x 0.03 + 3 x 0.05 + 0.1 = 0.37; W1 8 x 0.03 + 7 x 0.05 + 0.1 = 0.69;
 * W4 2 x 0.1 + 0.05 + 0.1 = 0.35; W8 = FULL = 0.3 pJ. */
static void test_energy_by_hand(void **state) {
  (void)state;
  qa_energy_cfg e;
  qa_energy_defaults(&e);
  assert_true(fabs(qa_energy_beat(&e, QA_MODE_FULL, 2) - 0.3) < 1e-12);
  assert_true(fabs(qa_energy_beat(&e, QA_MODE_PACKED, 2) - 0.37) < 1e-12);
  assert_true(fabs(qa_energy_beat(&e, QA_MODE_PACKED, 1) - 0.69) < 1e-12);
  assert_true(fabs(qa_energy_beat(&e, QA_MODE_PACKED, 4) - 0.35) < 1e-12);
  assert_true(fabs(qa_energy_beat(&e, QA_MODE_PACKED, 8) - 0.3) < 1e-12);
  qa_gemm_shape g = {4, 4, 8, QA_MODE_FULL, 3, 5, 7};
  qa_mem_plan t;
  plan_edge(&g, &t);
  qa_energy_events ev;
  qa_energy_events_of(&g, 10, 23, 0, &t, &ev);
  assert_int_equal(ev.pe_beats, 160);
  assert_int_equal(ev.pe_idle, 208);
  assert_int_equal(ev.dram, 134);
  assert_int_equal(ev.sram_read, 149); /* and C's 84 B read for its write-back */
  assert_int_equal(ev.sram_write, 134);
  qa_energy en;
  qa_energy_of(&e, &g, NULL, &ev, &en); /* no hardware: registers and leakage not counted */
  assert_true(fabs(en.compute - 48.0) < 1e-9);
  assert_true(fabs(en.dram - 21775.0) < 1e-9);
  assert_true(fabs(en.sram - 3537.5) < 1e-9);
  assert_true(fabs(en.total - 25360.5) < 1e-9);
  assert_true(en.reg_clock == 0 && en.reg_data == 0 && en.leak == 0);
}

/* The registers, leakage and the output buffer, by hand, on the same GEMM with 2 bubbles and a
 * made-up hardware: 100 flops per PE, 50 outside; 1,000 GE of logic and 200 of macro (100 B);
 * 500 MHz; toggles per PE-beat 6 (activations), 3 (weights), 1 (accumulator), 2 per bubble
 * PE-cycle, 1 per idle PE-cycle, 50 per output (drain), control 4 per output and 1.5 per bubble
 * PE-cycle, skew 20 activation flops x 0.5 and 10 weight flops x 0.4 per beat, input 40 bits x
 * 1.0 per beat, de-skew 30 flops x 0.4 per output row.
 * Events: 160 PE-beats, 32 bubble PE-cycles, 23 x 16 - 192 = 176 idle; 2 tiles (3x7 on 4x4),
 * 32 outputs, 8 output rows; live rows 3/4, live columns 7/8. Toggles: data 160 x (6 x 0.75 +
 * 3 x 0.875 + 0.75 x 0.875) + 32 x 50 x 0.65625 = 1245 + 1050; bubbles 64, idle 176; control
 * 32 x 4 + 32 x 1.5 = 176 and its skew lines 176 x 3 / 16 = 33; lines 10 x (7.5 + 3.5 + 40) +
 * 8 x 12 = 606; the counters 2 x (2 x 23 + 10 + 8 + 2) = 132: 3482 x 0.00106 = 3.69092 pJ.
 * Clock: 23 x 50 x 0.00794 + 368 x 100 x 0.00794 = 9.131 + 292.192 = 301.323 pJ; gated
 * (pe_idle 0.01): 9.131 + 192 x 100 x 0.00794 + 176 x 0.01 = 163.339. Leakage: 23 x 1200 GE x
 * 10 nW / 500 MHz = 0.552 pJ. Output buffer: 8 rows x 4 columns x 4 B in and out = 256 B x 1.25
 * (<= 8 KB) = 320 pJ. */
static void test_energy_hw_by_hand(void **state) {
  (void)state;
  qa_energy_cfg e;
  qa_energy_defaults(&e);
  qa_gemm_shape g = {4, 4, 8, QA_MODE_FULL, 3, 5, 7};
  qa_mem_plan t;
  plan_edge(&g, &t);
  const qa_energy_hw hw = {.has = 1, .clock_mhz = 500, .flops_pe = 100, .flops_edge = 50,
                           .ge_logic = 1000, .ge_sram = 200, .obuf_bytes = 100, .t_a = 6, .t_w = 3,
                           .t_acc = 1, .t_bubble = 2, .t_idle = 1, .t_out = 50, .t_ctl_out = 4,
                           .t_v_bubble = 1.5, .skew_a_bits = 20, .t_skew_a = 0.5,
                           .skew_w_bits = 10, .t_skew_w = 0.4, .deskew_bits = 30, .t_deskew = 0.4,
                           .in_bits = 40, .t_edge = 1.0};
  qa_energy_events ev;
  qa_energy_events_of(&g, 10, 23, 2, &t, &ev);
  assert_int_equal(ev.pe_bubbles, 32);
  assert_int_equal(ev.pe_idle, 176);
  assert_int_equal(ev.outputs, 32);
  assert_int_equal(ev.rows_out, 8);
  assert_true(fabs(ev.live_r - 0.75) < 1e-12 && fabs(ev.live_c - 0.875) < 1e-12);
  assert_true(fabs(qa_energy_toggles(&hw, &ev) - 3482.0) < 1e-9);
  qa_energy en;
  qa_energy_of(&e, &g, &hw, &ev, &en);
  assert_true(fabs(en.reg_data - 3.69092) < 1e-9);
  assert_true(fabs(en.reg_clock - 301.323) < 1e-9);
  assert_true(fabs(en.leak - 0.552) < 1e-12);
  assert_true(fabs(en.sram - 3857.5) < 1e-9);
  assert_true(fabs(en.total - (48 + 301.323 + 3.69092 + 3857.5 + 21775 + 0.552)) < 1e-9);
  e.pe_idle = 0.01;
  qa_energy_of(&e, &g, &hw, &ev, &en);
  assert_true(fabs(en.reg_clock - 163.339) < 1e-9);
  double v[QA_ENERGY_NSPLIT];
  qa_energy_split(&en, v);
  assert_true(v[1] == en.reg_clock && v[5] == en.leak);
}

/* Compute-only (disabled) and a channel too fast to matter both give the closed-form cycles
 * of qa_cycles_model; the fast channel adds exactly the first chunk's load: with latency 0 and
 * 1e9 B/cycle every chunk takes 1 cycle, so the first beat waits 1 cycle and no other does
 * (later chunks are ready long before the array wants them). */
static void test_compute_only_and_fast_channel(void **state) {
  (void)state;
  const qa_gemm_shape shapes[] = {
      {4, 4, 2, QA_MODE_PACKED, 9, 37, 13}, {4, 4, 8, QA_MODE_FULL, 1, 3, 4},
      {8, 4, 1, QA_MODE_PACKED, 17, 100, 9}, {32, 32, 2, QA_MODE_FULL, 128, 768, 768},
      {4, 8, 4, QA_MODE_PACKED, 3, 2, 20},
  };
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    const qa_gemm_shape *g = &shapes[i];
    qa_mem_cfg off = small(1 << 20, 1 << 20, 1 << 20, 1, 0);
    off.enabled = 0;
    qa_mem_result r;
    char err[QA_MEM_ERR_LEN];
    assert_int_equal(qa_mem_cycles(g, 32, &off, &r, NULL, err), 0);
    assert_int_equal(r.cycles, qa_cycles_model(g));
    assert_int_equal(r.mem_stall, 0);
    qa_mem_cfg fast = small(1 << 20, 1 << 20, 1 << 20, 1000000000ull, 0);
    assert_int_equal(qa_mem_cycles(g, 32, &fast, &r, NULL, err), 0);
    assert_int_equal(r.cycles, qa_cycles_model(g) + 1);
    assert_int_equal(r.mem_stall, 1);
  }
}

/* Tile order and reuse, FULL mode on 4x4 (1 byte per element, Kt = K = 64).
 * (a) (16 x 64) . (64 x 8), A buffer 512 B: A (1024 B) is not resident; a 64-beat chunk needs
 *     2 x 4 x 64 = 512 B, so one chunk per tile. W (512 B) fits its 4 KiB buffer. A row blocks
 *     outer reuses each A block across both column tiles: A 1024 + W 512 = 1536 B; W outer
 *     would re-read A per column block: 2048 + 512. Expect A outer, 1536 B.
 * (b) (8 x 64) . (64 x 16), A 4 KiB (A 512 B resident), W buffer 512 B (W 1024 B streamed,
 *     one 64-beat chunk = 2 x 4 x 64 = 512 B). A outer re-reads W per row block: 512 + 2048;
 *     W outer reuses each W block across both row blocks: 512 + 1024. Expect W outer. */
static void test_order_and_reuse(void **state) {
  (void)state;
  char err[QA_MEM_ERR_LEN];
  qa_mem_plan p;
  qa_gemm_shape ga = {4, 4, 8, QA_MODE_FULL, 16, 64, 8};
  qa_mem_cfg ma = small(512, 4096, 1024, 4, 0);
  assert_int_equal(qa_mem_plan_make(&ga, 32, &ma, &p, err), 0);
  assert_int_equal(p.a_outer, 1);
  assert_false(p.a_resident);
  assert_true(p.w_resident);
  assert_int_equal(p.kc, 64);
  assert_int_equal(p.dram_rd_a, 1024);
  assert_int_equal(p.dram_rd_w, 512);
  /* the array still reads every operand once per tile that uses it */
  assert_int_equal(p.sram_rd_a, 2 * 1024);
  assert_int_equal(p.sram_rd_w, 4 * 512);
  qa_mem_plan_free(&p);

  qa_gemm_shape gb = {4, 4, 8, QA_MODE_FULL, 8, 64, 16};
  qa_mem_cfg mb = small(4096, 512, 1024, 4, 0);
  assert_int_equal(qa_mem_plan_make(&gb, 32, &mb, &p, err), 0);
  assert_int_equal(p.a_outer, 0);
  assert_true(p.a_resident);
  assert_false(p.w_resident);
  assert_int_equal(p.dram_rd_a, 512);
  assert_int_equal(p.dram_rd_w, 1024);
  /* W outer: tiles go down column block 0 first */
  assert_int_equal(p.tiles[0].nt, 0);
  assert_int_equal(p.tiles[1].mt, 4);
  assert_int_equal(p.tiles[1].nt, 0);
  qa_mem_plan_free(&p);
}

/* Chunking: PACKED W1 on 4x4 (8 lanes) with K = 1000: Kt = 125 beats. A buffer 640 B: a beat
 * needs 2 x 4 x 8 = 64 B, so kc = 10; W buffer big. (4 x 1000) . (1000 x 4): one tile, 13
 * chunks (12 of 10 beats, one of 5). A is 4000 B (not resident); W is 4 x 125 = 500 B
 * (resident). Bytes: A 4000, W 500 (the last chunk covers k 960..999: A 4 x 40 = 160 B, W
 * 4 x 5 B). With 8 B/cycle and latency 0: chunk 0 loads 320 + 40 = 360 B in 45 cycles; the
 * array eats a chunk in 10 cycles but the channel needs 45 per chunk, so the run is bound by
 * the channel: the last chunk (160 + 20 = 180 B, 23 cycles) is ready at 12 x 45 + 23 = 563;
 * beats 563..567; cycles = 567 + 8 + 4 + 2 = 581. Stalls: chunk 0 waits 45; chunk c = 1..11 is
 * ready at 45(c+1) while the array could take it at 45c + 10: 35 each, 385; chunk 12 waits
 * 563 - 550 = 13; total 443. */
static void test_chunks_bandwidth_bound(void **state) {
  (void)state;
  char err[QA_MEM_ERR_LEN];
  qa_gemm_shape g = {4, 4, 1, QA_MODE_PACKED, 4, 1000, 4};
  qa_mem_cfg m = small(640, 4096, 1024, 8, 0);
  qa_mem_plan p;
  qa_mem_result r;
  assert_int_equal(qa_mem_plan_make(&g, 32, &m, &p, err), 0);
  assert_int_equal(p.kt, 125);
  assert_int_equal(p.kc, 10);
  assert_int_equal(p.nchunks, 13);
  assert_int_equal(p.chunks[12].beats, 5);
  assert_int_equal(p.chunks[12].a_load, 160);
  assert_int_equal(p.chunks[12].w_load, 20);
  assert_int_equal(p.dram_rd_a, 4000);
  assert_int_equal(p.dram_rd_w, 500);
  qa_mem_predict(&g, &m, &p, &r);
  assert_int_equal(r.cycles, 581);
  assert_int_equal(r.mem_stall, 443);
  qa_mem_plan_free(&p);
}

/* Bad memories are rejected with a message naming the problem. */
static void test_errors(void **state) {
  (void)state;
  char err[QA_MEM_ERR_LEN];
  qa_mem_plan p;
  qa_gemm_shape g = {4, 4, 2, QA_MODE_PACKED, 64, 64, 64};
  qa_mem_cfg m = small(16, 1 << 20, 1 << 20, 1, 0); /* one beat of A needs 2 x 4 x 4 = 32 B */
  assert_int_equal(qa_mem_plan_make(&g, 32, &m, &p, err), -1);
  assert_non_null(strstr(err, "A buffer"));
  m = small(1 << 20, 1 << 20, 100, 1, 0); /* two 4x4 int32 tiles need 128 B */
  assert_int_equal(qa_mem_plan_make(&g, 32, &m, &p, err), -1);
  assert_non_null(strstr(err, "C buffer"));
  m = small(100, 100, 100, 1, 0);
  m.sram_bytes = 200;
  assert_int_equal(qa_mem_check(&m, err), -1);
  assert_non_null(strstr(err, "exceed"));
  m.sram_bytes = 300;
  m.dram_bpc = 0;
  assert_int_equal(qa_mem_check(&m, err), -1);
  assert_non_null(strstr(err, "bandwidth"));
  qa_mem_cfg d;
  assert_int_equal(qa_mem_defaults("edge", &d), 0);
  assert_int_equal(qa_mem_check(&d, err), 0);
  assert_int_equal(d.sram_bytes, 8u << 20);
  assert_int_equal(d.internal_bytes, 2u << 20);
  assert_int_equal(qa_mem_defaults("cloud", &d), 0);
  assert_int_equal(qa_mem_check(&d, err), 0);
  assert_int_equal(d.sram_bytes, 16u << 20);
  assert_int_equal(d.a_bytes + d.w_bytes + d.c_bytes, 14u << 20);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decode_by_hand),
      cmocka_unit_test(test_latency_bound_by_hand),
      cmocka_unit_test(test_bound_rule_and_rates),
      cmocka_unit_test(test_energy_by_hand),
      cmocka_unit_test(test_energy_hw_by_hand),
      cmocka_unit_test(test_compute_only_and_fast_channel),
      cmocka_unit_test(test_order_and_reuse),
      cmocka_unit_test(test_chunks_bandwidth_bound),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
