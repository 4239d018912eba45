// qa_deskew: the results leave the mesh's bottom row column by column, column j a cycle after
// column j-1; column j waits COLS-1-j cycles so a whole row leaves at once. The row's valid and
// its index (the tag column 0's result carries) wait COLS-1 cycles, as column 0 does.
module qa_deskew #(
  parameter integer COLS = 4,
  parameter integer ACCW = 32
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire [COLS*ACCW-1:0] c_i,
  input  wire                 cv_i,   // column 0's result valid
  input  wire [15:0]          ct_i,   // column 0's result's row index
  output wire [COLS*ACCW-1:0] row_data_o,
  output wire                 row_valid_o,
  output wire [15:0]          row_tag_o
);
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_col
    qa_delay #(.WIDTH(ACCW), .DEPTH(COLS - 1 - j), .RESET(0)) u_dly (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .d_i   (c_i[j*ACCW +: ACCW]),
      .q_o   (row_data_o[j*ACCW +: ACCW])
    );
  end
  qa_delay #(.WIDTH(16), .DEPTH(COLS - 1), .RESET(0)) u_tag (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (ct_i),
    .q_o   (row_tag_o)
  );
  qa_delay #(.WIDTH(1), .DEPTH(COLS - 1), .RESET(1)) u_valid (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (cv_i),
    .q_o   (row_valid_o)
  );
endmodule
