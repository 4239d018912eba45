// tb_replay: replays, under Icarus Verilog, the stimulus a Verilator run recorded
// (qarray gemm --dump-stim DIR, sim/qa_sim.h) on qa_top, cycle for cycle, and writes what this
// simulation did in each cycle to DIR/icarus.txt in the format of DIR/expect.txt, so the two
// simulators can be compared bit-exact and cycle-exact (tests/test_icarus.sh). Plain Verilog:
// no VPI, no SystemC. Registers start at X here (Verilator's run started them at 0), so a
// result that depends on an initial value instead of the reset shows as x.
//   vvp SIM +dir=DIR [+n=CYCLES] [+reset=N] [+check]  (parameters ROWS, COLS, WBITS, ACCW, MAXN by
//   -P; the top by -DQA_DUT=qa_top, the default, or qa_top_twin, the loop twin). Without +n the
//   cycles come from DIR/params.txt, whose shape must then be this build's.
// +check: also compare each cycle with DIR/expect.txt here, and end with $fatal (exit status 1)
// on the first cycle that differs: the self-checking form qarray.core's sim target runs.
// Built with -DQA_ASSERT, qa_top's interface checks (sim/qa_if_check.v) run here too.
`timescale 1ns / 1ps
module tb_replay;
  parameter integer ROWS = 4, COLS = 4, WBITS = 2, ACCW = 32, MAXN = 1024;
  localparam integer LANES = 8 / WBITS, AW = ROWS * LANES * 8, WW = COLS * 8, OW = COLS * ACCW;

  reg clk = 1'b0, rst_n = 1'b0, cnt_clr = 1'b0;
  reg in_valid = 1'b0, in_wait = 1'b0, in_last = 1'b0, in_mode = 1'b0, out_ready = 1'b1;
  reg [AW-1:0] in_a = {AW{1'b0}};
  reg [WW-1:0] in_w = {WW{1'b0}};
  wire in_ready, out_valid;
  wire [OW-1:0] out_data;
  wire [15:0] out_row;
  wire [63:0] cnt_cycles, cnt_busy, cnt_in_stall, cnt_out_stall, cnt_gap_stall, cnt_mem_stall;
  wire [63:0] cnt_beats, cnt_rows, cnt_credit_stall;
  wire [15:0] cfg_rows, cfg_cols, cfg_obuf;
  wire [7:0] cfg_wbits, cfg_accw, cfg_lanes, cfg_mesh;

`ifndef QA_DUT
`define QA_DUT qa_top
`endif
  `QA_DUT #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) dut (
    .clk_i(clk), .rst_ni(rst_n), .in_valid_i(in_valid), .in_ready_o(in_ready), .in_a_i(in_a),
    .in_w_i(in_w), .in_last_i(in_last), .in_mode_i(in_mode), .in_wait_i(in_wait),
    .out_valid_o(out_valid), .out_ready_i(out_ready), .out_data_o(out_data), .out_row_o(out_row),
    .cnt_clr_i(cnt_clr), .cnt_cycles_o(cnt_cycles), .cnt_busy_o(cnt_busy),
    .cnt_in_stall_o(cnt_in_stall), .cnt_out_stall_o(cnt_out_stall),
    .cnt_gap_stall_o(cnt_gap_stall), .cnt_credit_stall_o(cnt_credit_stall),
    .cnt_mem_stall_o(cnt_mem_stall), .cnt_beats_o(cnt_beats),
    .cnt_rows_o(cnt_rows), .cfg_rows_o(cfg_rows), .cfg_cols_o(cfg_cols), .cfg_wbits_o(cfg_wbits),
    .cfg_accw_o(cfg_accw), .cfg_lanes_o(cfg_lanes), .cfg_mesh_o(cfg_mesh), .cfg_obuf_o(cfg_obuf));

  reg [4:0] ctl[0:MAXN-1];
  reg [AW-1:0] am[0:MAXN-1];
  reg [WW-1:0] wm[0:MAXN-1];
  reg [8*4096-1:0] dir, fname;
  integer n, i, fo, nreset, fe, fp, pr, pc, pw, pa, pm;
  reg check;
  // one line of expect.txt, token by token, and this simulation's
  reg [8*8-1:0] e_rdy, e_v, e_row, g_rdy, g_v, g_row;
  reg [8*(OW/4+1)-1:0] e_data, g_data;

  // This cycle's line as tokens (the format icarus.txt is written in).
  task tokens_;
    begin
      $sformat(g_rdy, "%0d", in_ready);
      if (out_valid === 1'b1 && out_ready) begin
        $sformat(g_v, "%0s", "1");
        $sformat(g_row, "%0d", out_row);
        $sformat(g_data, "%h", out_data);
      end else begin
        $sformat(g_v, "%0s", (out_valid === 1'b0 || !out_ready) ? "0" : "x");
        $sformat(g_row, "%0s", "-");
        $sformat(g_data, "%0s", "-");
      end
    end
  endtask

  // +check: the recorded line of cycle c against this simulation's.
  task compare_(input integer c);
    integer r;
    begin
      r = $fscanf(fe, "%s %s %s %s\n", e_rdy, e_v, e_row, e_data);
      tokens_;
      if (r != 4 || e_rdy != g_rdy || e_v != g_v || e_row != g_row || e_data != g_data)
        $fatal(1, "tb_replay: cycle %0d differs from expect.txt: recorded %0s %0s %0s %0s, here %0s %0s %0s %0s",
               c, e_rdy, e_v, e_row, e_data, g_rdy, g_v, g_row, g_data);
    end
  endtask

  // One clock edge, as the shim runs it: inputs settle with the clock low, then it rises.
  task edge_;
    begin
      #1 clk = 1'b1;
      #1 clk = 1'b0;
    end
  endtask

  initial begin
    if (!$value$plusargs("dir=%s", dir)) $fatal(1, "tb_replay: need +dir=DIR");
    if (!$value$plusargs("n=%d", n)) begin
      $sformat(fname, "%0s/params.txt", dir);
      fp = $fopen(fname, "r");
      if (fp == 0 || $fscanf(fp, "ROWS=%d COLS=%d WBITS=%d ACCW=%d MESH=%d CYCLES=%d", pr, pc, pw, pa, pm, n) != 6)
        $fatal(1, "tb_replay: no +n=CYCLES, and %0s does not say them", fname);
      if (pr != ROWS || pc != COLS || pw != WBITS || pa != ACCW)
        $fatal(1, "tb_replay: %0s was recorded on a %0dx%0d WBITS=%0d ACCW=%0d array; this one is %0dx%0d WBITS=%0d ACCW=%0d",
               fname, pr, pc, pw, pa, ROWS, COLS, WBITS, ACCW);
    end
    if (n > MAXN) $fatal(1, "tb_replay: %0d cycles, more than MAXN = %0d", n, MAXN);
    $sformat(fname, "%0s/ctl.hex", dir);
    $readmemh(fname, ctl, 0, n - 1);
    $sformat(fname, "%0s/a.hex", dir);
    $readmemh(fname, am, 0, n - 1);
    $sformat(fname, "%0s/w.hex", dir);
    $readmemh(fname, wm, 0, n - 1);
    $sformat(fname, "%0s/icarus.txt", dir);
    fo = $fopen(fname, "w");
    check = $test$plusargs("check");
    if (check) begin
      $sformat(fname, "%0s/expect.txt", dir);
      fe = $fopen(fname, "r");
      if (fe == 0) $fatal(1, "tb_replay: +check needs %0s", fname);
    end
    // The shim's start: 4 cycles of reset (+reset=N to try another), then one cycle clearing
    // the counters.
    if (!$value$plusargs("reset=%d", nreset)) nreset = 4;
    repeat (nreset) edge_;
    rst_n = 1'b1;
    cnt_clr = 1'b1;
    edge_;
    cnt_clr = 1'b0;
    for (i = 0; i < n; i = i + 1) begin
      {in_valid, in_wait, in_last, in_mode, out_ready} = ctl[i];
      in_a = am[i];
      in_w = wm[i];
      #0.5;
      if (out_valid === 1'b1 && out_ready)
        $fwrite(fo, "%0d 1 %0d %h\n", in_ready, out_row, out_data);
      else if (out_valid === 1'b0 || !out_ready)
        $fwrite(fo, "%0d 0 - -\n", in_ready);
      else
        $fwrite(fo, "%0d x - -\n", in_ready);
      if (check) compare_(i);
      #0.5 clk = 1'b1;
      #1 clk = 1'b0;
    end
    $fclose(fo);
    if (check) $display("tb_replay: %0d cycles equal to expect.txt", n);
    $finish;
  end
endmodule
