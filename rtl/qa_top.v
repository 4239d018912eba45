// qa_top: the output-stationary array with its stream interfaces.
//
// Input stream (valid/ready): one beat per cycle = one k-step of a tile: in_a_i carries, for
// each row i, LANES activations (byte (i*LANES + l) is row i, k = beat*LANES + l; FULL mode
// uses lane 0 only); in_w_i carries one weight byte per column; in_last_i marks the tile's last
// beat; in_mode_i selects FULL (0) or PACKED (1) for the beat. Operands enter unskewed: this
// module registers them and skews row i by i and column j by j cycles.
// Output stream (valid/ready): one row of a finished tile per beat, COLS words of ACCW bits,
// rows in the order ROWS-1 down to 0 (out_row_o says which).
//
// Structure (one job per module): qa_skid (ready from a flop, the skid register), qa_admit (when
// a beat may enter: drain gap and output-buffer credits), the input register (here), the core
// (QA_CORE: qa_core = qa_skew, qa_mesh of qa_pe, qa_deskew), qa_obuf (the output buffer, an SRAM
// macro, with its credits), qa_counters. A simulation build may name another core with the same
// ports in QA_CORE (sim/twin/qa_top_twin.v: the loop twin); rtl/ depends on nothing outside it.
//
// Flow control. The PEs never stop: every register of the mesh, the skew and the de-skew moves
// on every clock edge. Back-pressure stops the input, never the array:
// - in_ready_o is a flip-flop. Behind it sits a one-beat skid register: a beat accepted while
//   the array cannot take it waits there (and in_ready_o drops the next cycle), so no path runs
//   from any input (out_ready_i, in_last_i) to in_ready_o.
// - Finished rows go into an output buffer of OBUF rows (out_valid_o, out_data_o and out_row_o
//   come from it; qa_obuf). A tile's last beat enters the array only when the buffer has room for its
//   ROWS rows, counting every row of every tile already admitted and not yet delivered
//   (credits), so no row can ever meet a full buffer. The default OBUF = 2*ROWS + COLS + 2 is
//   the smallest that never holds a tile while out_ready_i stays high (docs/rtl.md): the
//   stall-free cycle count is the same as without a buffer.
// - An input bubble enters the array as an invalid beat, and the input register keeps the last
//   beat's operands, so a bubble toggles nothing in the datapath. The drain chain empties a tile in ROWS
//   cycles, so a tile's last beat enters the array ROWS or more cycles after the previous
//   tile's last beat (gap hold).
//
// Interface rules (checked in simulation by sim/qa_if_check.v, both simulators): reset
// (rst_ni low, synchronous) lasts at least 2 clock cycles; a producer holds in_valid_i and its
// beat until in_ready_o (valid held until ready); the array holds a row until out_ready_i.
// Counters (64 bit, cleared by cnt_clr_i): cycles; busy (a tile open or results in flight);
// in_stall (a tile is open and no beat is there to enter); out_stall (a row is offered and
// out_ready_i is low); gap_stall (a last beat held for the drain interval); credit_stall (a last
// beat held for room in the output buffer); mem_stall (no beat offered because the input
// buffer waits for memory, in_wait_i); beats accepted; rows delivered.
`ifndef QA_TOP_NAME
`define QA_TOP_NAME qa_top
`define QA_CORE qa_core
`endif

module `QA_TOP_NAME #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  // Output buffer depth in rows (>= ROWS). Smaller than the default, tiles shorter than the
  // drain interval wait for room (credit_stall) even when out_ready_i stays high.
  parameter integer OBUF  = 2 * ROWS + COLS + 2
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,

  input  wire                    in_valid_i,
  output wire                    in_ready_o,
  input  wire [ROWS*(64/WBITS)-1:0] in_a_i,
  input  wire [COLS*8-1:0]       in_w_i,
  input  wire                    in_last_i,
  input  wire                    in_mode_i,
  // The input buffer is waiting for memory (the next beat's operands are not in SRAM yet), so
  // no beat is offered: only counted (cnt_mem_stall_o), the array does not need it.
  input  wire                    in_wait_i,

  output wire                    out_valid_o,
  input  wire                    out_ready_i,
  output wire [COLS*ACCW-1:0]    out_data_o,
  output wire [15:0]             out_row_o,

  input  wire                    cnt_clr_i,
  output wire [63:0]             cnt_cycles_o,
  output wire [63:0]             cnt_busy_o,
  output wire [63:0]             cnt_in_stall_o,
  output wire [63:0]             cnt_out_stall_o,
  output wire [63:0]             cnt_gap_stall_o,
  output wire [63:0]             cnt_credit_stall_o,
  output wire [63:0]             cnt_mem_stall_o,
  output wire [63:0]             cnt_beats_o,
  output wire [63:0]             cnt_rows_o,

  // The build's parameters, read by the host: the one source of truth for the C side.
  output wire [15:0]             cfg_rows_o,
  output wire [15:0]             cfg_cols_o,
  output wire [7:0]              cfg_wbits_o,
  output wire [7:0]              cfg_accw_o,
  output wire [7:0]              cfg_lanes_o,
  output wire [7:0]              cfg_mesh_o,
  output wire [15:0]             cfg_obuf_o
);
  localparam integer LANES = 8 / WBITS;  // weights per byte in PACKED mode (not overridable)
  localparam integer AW    = LANES * 8;
  localparam integer BW    = ROWS * AW + COLS * 8 + 2;  // a beat: activations, weights, last, mode

  // Elaboration-time checks of the parameters (reported by both Verilator and Icarus).
  if (!(WBITS == 1 || WBITS == 2 || WBITS == 4 || WBITS == 8)) begin : g_bad_wbits
    initial $fatal(1, "qa_top: WBITS must be 1, 2, 4 or 8");
  end
  if (ACCW < 16 || ACCW > 32) begin : g_bad_accw
    initial $fatal(1, "qa_top: ACCW must be 16..32");
  end
  if (ROWS < 2 || COLS < 2 || ROWS > 1024 || COLS > 1024) begin : g_bad_dims
    initial $fatal(1, "qa_top: ROWS and COLS must be 2..1024");
  end
  if (OBUF < ROWS || OBUF > 65535) begin : g_bad_obuf
    initial $fatal(1, "qa_top: OBUF must be ROWS..65535");
  end

  // ---- input: skid, admission --------------------------------------------------------------
  wire          in_acc, hd_v, in_fire, first, gap_hold, cred_hold, room;
  wire [BW-1:0] hd;
  qa_skid #(.W(BW)) u_skid (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .in_valid_i(in_valid_i),
    .in_ready_o(in_ready_o),
    .in_data_i ({in_mode_i, in_last_i, in_w_i, in_a_i}),
    .acc_o     (in_acc),
    .hd_v_o    (hd_v),
    .hd_data_o (hd),
    .take_i    (in_fire)
  );
  wire hd_last = hd[BW-2];

  qa_admit #(.ROWS(ROWS)) u_admit (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .hd_v_i     (hd_v),
    .hd_last_i  (hd_last),
    .room_i     (room),
    .fire_o     (in_fire),
    .first_o    (first),
    .gap_hold_o (gap_hold),
    .cred_hold_o(cred_hold)
  );

  // ---- the input register: the beat that entered, held through bubbles ---------------------
  reg [BW:0] beat_q;  // {mode, last, weights, activations} and first on top
  reg        beat_v_q;
  always @(posedge clk_i) begin
`ifdef QA_NO_ISOLATION
    beat_q <= {first, hd};  // make activity's "before": loaded in every cycle, bubbles too
`else
    if (in_fire) beat_q <= {first, hd};
`endif
  end
  always @(posedge clk_i) begin
    if (!rst_ni) beat_v_q <= 1'b0;
    else         beat_v_q <= in_fire;
  end

  // ---- the core: skew, mesh, de-skew ---------------------------------------------------------
  wire [COLS*ACCW-1:0] row_data;
  wire                 row_valid;
  wire [15:0]          row_tag;
  wire [7:0]           mesh;
  `QA_CORE #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) u_core (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .a_i        (beat_q[ROWS*AW-1:0]),
    .w_i        (beat_q[ROWS*AW +: COLS*8]),
    .ctl_i      ({beat_q[BW-1], beat_q[BW-2], beat_q[BW]}),
    .v_i        (beat_v_q),
    .row_data_o (row_data),
    .row_valid_o(row_valid),
    .row_tag_o  (row_tag),
    .mesh_o     (mesh)
  );

  // ---- output buffer and its credits ----------------------------------------------------------
  qa_obuf #(.ROWS(ROWS), .OBUF(OBUF), .DW(COLS * ACCW)) u_obuf (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .admit_i    (in_fire && hd_last),
    .room_o     (room),
    .row_valid_i(row_valid),
    .row_data_i (row_data),
    .row_tag_i  (row_tag),
    .out_valid_o(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_data_o (out_data_o),
    .out_row_o  (out_row_o)
  );

  // ---- tile bookkeeping and counters ---------------------------------------------------------
  wire busy, tile_done;
  qa_counters u_cnt (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .clr_i         (cnt_clr_i),
    .hd_v_i        (hd_v),
    .fire_i        (in_fire),
    .last_i        (hd_last),
    .acc_i         (in_acc),
    .gap_hold_i    (gap_hold),
    .cred_hold_i   (cred_hold),
    .wait_i        (in_wait_i),
    .out_valid_i   (out_valid_o),
    .out_ready_i   (out_ready_i),
    .out_row_i     (out_row_o),
    .busy_o        (busy),
    .tile_done_o   (tile_done),
    .cycles_o      (cnt_cycles_o),
    .busy_cnt_o    (cnt_busy_o),
    .in_stall_o    (cnt_in_stall_o),
    .out_stall_o   (cnt_out_stall_o),
    .gap_stall_o   (cnt_gap_stall_o),
    .credit_stall_o(cnt_credit_stall_o),
    .mem_stall_o   (cnt_mem_stall_o),
    .beats_o       (cnt_beats_o),
    .rows_o        (cnt_rows_o)
  );

`ifdef FORMAL
  // make formal: when the array is idle, every tile that came in (a last beat accepted at the
  // input) has gone out (its row 0 handed over), counted here at the ports.
  reg [3:0] tiles_q;  // tiles in minus tiles out
  always @(posedge clk_i) begin
    if (!rst_ni) tiles_q <= 4'd0;
    else tiles_q <= tiles_q + {3'd0, in_valid_i && in_ready_o && in_last_i} -
                    {3'd0, out_valid_o && out_ready_i && out_row_o == 16'd0};
  end
  always @(posedge clk_i) begin
    if (rst_ni && !busy) assert (tiles_q == 4'd0);
  end
`endif

`ifdef QA_ASSERT
  // The interface rules and the credits' promise, checked in simulation (sim/qa_if_check.v);
  // never synthesized.
  qa_if_check #(.AW(ROWS * AW), .WW(COLS * 8), .OW(COLS * ACCW), .OBUF(OBUF)) u_check (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (in_valid_i),
    .in_ready_i (in_ready_o),
    .in_a_i     (in_a_i),
    .in_w_i     (in_w_i),
    .in_last_i  (in_last_i),
    .in_mode_i  (in_mode_i),
    .out_valid_i(out_valid_o),
    .out_ready_i(out_ready_i),
    .out_data_i (out_data_o),
    .out_row_i  (out_row_o),
    .row_in_i   (row_valid),
    .tile_in_i  (in_fire && hd_last),
    .tile_out_i (tile_done),
    .busy_i     (busy)
  );
`else
  wire unused = &{1'b0, tile_done, busy};
`endif

  assign cfg_rows_o  = ROWS[15:0];
  assign cfg_cols_o  = COLS[15:0];
  assign cfg_wbits_o = WBITS[7:0];
  assign cfg_accw_o  = ACCW[7:0];
  assign cfg_lanes_o = LANES[7:0];
  assign cfg_mesh_o  = mesh;
  assign cfg_obuf_o  = OBUF[15:0];
endmodule

`undef QA_TOP_NAME
`undef QA_CORE
