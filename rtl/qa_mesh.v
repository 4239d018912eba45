`include "qa_mutants.vh"
// qa_mesh: ROWS x COLS grid of qa_pe, one module instance per PE.
// Activations enter skewed at the left edge (row i, LANES bytes), weights and their control
// skewed at the top edge (column j, one byte); results leave at the bottom of each column.
module qa_mesh #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  input  wire [ROWS*(64/WBITS)-1:0] a_i,
  input  wire [COLS*8-1:0]       w_i,
  input  wire [COLS-1:0]         v_i,
  input  wire [COLS-1:0]         last_i,
  input  wire [COLS-1:0]         mode_i,
  input  wire [COLS-1:0]         first_i,
  output wire [COLS*ACCW-1:0]    c_o,
  output wire                    cv0_o,  // column 0's bottom result is valid
  output wire [15:0]             ct0_o   // the row index column 0's bottom result carries
);
  localparam integer LANES = 8 / WBITS;  // weights per byte in PACKED mode (not overridable)
  localparam integer AW = LANES * 8;

  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_row
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_col
      wire [AW-1:0]   a_in, a_out;
      wire [7:0]      w_in, w_out;
      wire            v_in, v_out, last_in, last_out, mode_in, mode_out, first_in, first_out;
      wire [ACCW-1:0] c_in, c_out;

      if (j == 0) begin : g_left
        assign a_in = a_i[i*AW +: AW];
      end else begin : g_inner_a
        assign a_in = g_row[i].g_col[j-1].a_out;
      end

      if (i == 0) begin : g_top
        assign w_in    = w_i[j*8 +: 8];
        assign v_in    = v_i[j];
        assign last_in = last_i[j];
        assign mode_in = mode_i[j];
        assign first_in = first_i[j];
        assign c_in    = {ACCW{1'b0}};
      end else begin : g_inner_w
        assign w_in    = g_row[i-1].g_col[j].w_out;
        assign v_in    = g_row[i-1].g_col[j].v_out;
        assign last_in = g_row[i-1].g_col[j].last_out;
        assign mode_in = g_row[i-1].g_col[j].mode_out;
        assign first_in = g_row[i-1].g_col[j].first_out;
        assign c_in    = g_row[i-1].g_col[j].c_out;
      end

      qa_pe #(
        .WBITS(WBITS),
        .ACCW (ACCW)
      ) u_pe (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .a_i   (a_in),
        .a_o   (a_out),
        .w_i   (w_in),
        .v_i   (v_in),
        .last_i(last_in),
        .mode_i(mode_in),
        .first_i(first_in),
        .w_o   (w_out),
        .v_o   (v_out),
        .last_o(last_out),
        .mode_o(mode_out),
        .first_o(first_out),
        .c_i   (c_in),
        .c_o   (c_out)
      );

      if (i == ROWS - 1) begin : g_bottom
        assign c_o[j*ACCW +: ACCW] = c_out;
      end
    end
  end

  // Column 0's drain chain carries, beside each result, its valid and the index of the row that
  // made it, with the same timing as the PEs' two drain registers (qa_pe: c1 takes the sum on a
  // tile's last beat, else c_i; c2 takes c1). Only column 0's are kept: every other column's
  // would be the same, a cycle per column later, and the de-skew lines them up anyway.
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_tag
    localparam integer TAG = `QA_ROW_TAG(i);
    reg  [15:0] t1_q, t2_q;
    reg         v1_q, v2_q;
    wire [15:0] t_in;
    wire        v_in;
    wire        done = g_row[i].g_col[0].v_in && g_row[i].g_col[0].last_in;
    wire [15:0] t1_d = done ? TAG[15:0] : t_in;
    wire        v1_d = done || v_in;
    if (i == 0) begin : g_top
      assign t_in = 16'd0;
      assign v_in = 1'b0;
    end else begin : g_inner
      assign t_in = g_tag[i-1].t2_q;
      assign v_in = g_tag[i-1].v2_q;
    end
    always @(posedge clk_i) begin
      t1_q <= t1_d;
      t2_q <= `QA_DRAIN_C2(t1_q, t1_d);
    end
    always @(posedge clk_i) begin
      if (!rst_ni) begin
        v1_q <= 1'b0;
        v2_q <= 1'b0;
      end else begin
        v1_q <= v1_d;
        v2_q <= `QA_DRAIN_C2(v1_q, v1_d);
      end
    end
  end
  assign ct0_o = g_tag[ROWS-1].t2_q;
  assign cv0_o = g_tag[ROWS-1].v2_q;
endmodule
