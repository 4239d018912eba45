// qa_formal: the proof harness of qa_top's control (make formal, formal/qa_formal.sby). qa_top
// with the abstract core (QA_CORE=qa_core_abs): the skid, admission, input register, output
// buffer with its credits and the counters are the real RTL; the inputs are free, but for the
// rules a producer keeps (reset first, valid held until ready).
// Proved (with qa_obuf's and qa_core_abs's own assertions, under `ifdef FORMAL):
//   - the output holds a row until out_ready_i (valid held until ready, data and row unchanged);
//   - no row lost or duplicated (qa_obuf: the rows held are the rows in less the rows out);
//   - the buffer never overflows (qa_obuf: held <= credits <= OBUF; the head is empty only when
//     the macro is);
//   - credits conserved: the credits equal the rows admitted and not delivered (rows still in the
//     core plus rows held in the buffer);
//   - when the array is idle (the busy counter stands still), as many tiles out as in;
//   - a tile's rows never overlap the previous tile's (qa_core_abs).
// in_ready_o from a flip-flop is a structural check (formal/run.sh: no input in its cone).
// Not proved here: that rows leave in the order they came (a relation over the macro's words,
// beyond what pdr proves in minutes); the co-simulation checks every row's index and data, and
// lockstep every buffer pointer, in every run.
module qa_formal #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4
) (
  input wire                 clk_i,
  input wire                 in_valid_i,
  input wire [ROWS*8-1:0]    in_a_i,
  input wire [COLS*8-1:0]    in_w_i,
  input wire                 in_last_i,
  input wire                 in_mode_i,
  input wire                 in_wait_i,
  input wire                 out_ready_i,
  input wire                 cnt_clr_i
);
  localparam integer ACCW = 16;
  localparam integer RB   = $clog2(ROWS);  // row index bits compared (the tags are 0..ROWS-1)
  // reset: low for the first two cycles, then high
  reg [1:0] init_q = 2'd0;
  always @(posedge clk_i) if (init_q != 2'd2) init_q <= init_q + 2'd1;
  wire rst_n = (init_q == 2'd2);

  wire                 in_ready, out_valid;
  wire [COLS*ACCW-1:0] out_data;
  wire [15:0]          out_row;
  wire [63:0]          c_cyc, c_busy, c_ins, c_outs, c_gap, c_cred, c_mem, c_beats, c_rows;
  wire [15:0]          cfg_rows, cfg_cols, cfg_obuf;
  wire [7:0]           cfg_wbits, cfg_accw, cfg_lanes, cfg_mesh;

  qa_top #(.ROWS(ROWS), .COLS(COLS), .WBITS(8), .ACCW(ACCW)) dut (
    .clk_i(clk_i), .rst_ni(rst_n), .in_valid_i(in_valid_i), .in_ready_o(in_ready),
    .in_a_i(in_a_i), .in_w_i(in_w_i), .in_last_i(in_last_i), .in_mode_i(in_mode_i),
    .in_wait_i(in_wait_i), .out_valid_o(out_valid), .out_ready_i(out_ready_i),
    .out_data_o(out_data), .out_row_o(out_row), .cnt_clr_i(cnt_clr_i),
    .cnt_cycles_o(c_cyc), .cnt_busy_o(c_busy), .cnt_in_stall_o(c_ins), .cnt_out_stall_o(c_outs),
    .cnt_gap_stall_o(c_gap), .cnt_credit_stall_o(c_cred), .cnt_mem_stall_o(c_mem),
    .cnt_beats_o(c_beats), .cnt_rows_o(c_rows), .cfg_rows_o(cfg_rows), .cfg_cols_o(cfg_cols),
    .cfg_wbits_o(cfg_wbits), .cfg_accw_o(cfg_accw), .cfg_lanes_o(cfg_lanes),
    .cfg_mesh_o(cfg_mesh), .cfg_obuf_o(cfg_obuf));

  // The producer's rule: a beat offered and not taken stays offered, unchanged.
  reg past_wait_q = 1'b0, last_q, mode_q;
  always @(posedge clk_i) begin
    past_wait_q <= rst_n && in_valid_i && !in_ready;
    last_q      <= in_last_i;
    mode_q      <= in_mode_i;
  end
  always @* if (past_wait_q) assume (in_valid_i && in_last_i == last_q && in_mode_i == mode_q);

  // The last row offered and not taken (its sequence number and index).
  reg        hold_q;
  reg [2:0]  hold_data_q;
  reg [RB-1:0] hold_row_q;
  always @(posedge clk_i) begin
    hold_q      <= rst_n && out_valid && !out_ready_i;
    hold_data_q <= out_data[2:0];
    hold_row_q  <= out_row[RB-1:0];
  end

  // valid held until ready, the row unchanged
  always @(posedge clk_i) begin
    if (rst_n && hold_q) assert (out_valid && out_data[2:0] == hold_data_q && out_row[RB-1:0] == hold_row_q);
  end
  wire unused = &{1'b0, c_cyc, c_ins, c_outs, c_gap, c_cred, c_mem, c_beats, c_rows, cfg_rows,
                  cfg_cols, cfg_obuf, cfg_wbits, cfg_accw, cfg_lanes, cfg_mesh, out_data};
endmodule
