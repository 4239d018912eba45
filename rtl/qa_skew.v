// qa_skew: the skew lines between the input register and the mesh. Row i's activations wait i
// cycles and column j's weight byte j cycles, so PE (i,j) sees the operands of one beat together.
// The beat's control {mode, last, first} and its valid are the same for every column, so they
// run down one tapped chain of COLS-1 stages, and column j takes stage j (one chain, not a copy
// per column).
`include "qa_mutants.vh"

module qa_skew #(
  parameter integer ROWS = 4,
  parameter integer COLS = 4,
  parameter integer AW   = 32  // a row's activation bits (LANES bytes)
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire [ROWS*AW-1:0] a_i,
  input  wire [COLS*8-1:0]  w_i,
  input  wire [2:0]         ctl_i,   // {mode, last, first}
  input  wire               v_i,
  output wire [ROWS*AW-1:0] a_o,
  output wire [COLS*8-1:0]  w_o,
  output wire [COLS-1:0]    v_o,
  output wire [COLS-1:0]    last_o,
  output wire [COLS-1:0]    mode_o,
  output wire [COLS-1:0]    first_o
);
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_row
    qa_delay #(.WIDTH(AW), .DEPTH(i + `QA_SKEW_EXTRA(i)), .RESET(0)) u_dly (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .d_i   (a_i[i*AW +: AW]),
      .q_o   (a_o[i*AW +: AW])
    );
  end

  for (genvar j = 0; j < COLS; j = j + 1) begin : g_col
    qa_delay #(.WIDTH(8), .DEPTH(j), .RESET(0)) u_dly (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .d_i   (w_i[j*8 +: 8]),
      .q_o   (w_o[j*8 +: 8])
    );
  end

  // The control chain: stage j-1 is column j's (column 0 takes the input register itself).
  wire [(COLS-1)*3-1:0] ctl_taps;
  wire [COLS-2:0]       v_taps;
  qa_taps #(.WIDTH(3), .DEPTH(COLS - 1), .RESET(0)) u_ctl (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (ctl_i),
    .taps_o(ctl_taps)
  );
  qa_taps #(.WIDTH(1), .DEPTH(COLS - 1), .RESET(1)) u_v (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (v_i),
    .taps_o(v_taps)
  );
  wire [COLS*3-1:0] ctl = {ctl_taps, ctl_i};
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_ctl
    assign mode_o[j]  = ctl[j*3 + 2];
    assign last_o[j]  = ctl[j*3 + 1];
    assign first_o[j] = ctl[j*3];
  end
  assign v_o = {v_taps, v_i};
endmodule
