// qa_core: the array proper, from the input register to the de-skewed result rows: the skew
// lines (qa_skew), the ROWS x COLS mesh of qa_pe (qa_mesh) and the de-skew (qa_deskew). Every
// register in it moves on every clock edge: the mesh never stops. A row leaves it a fixed number
// of cycles after its tile's last beat entered (docs/cycle-model.md).
// qa_top instantiates it by the name in QA_CORE; a simulation build may put a model with the
// same ports in its place (the loop twin, sim/twin/qa_core_loop.v, says mesh_o = 1).
module qa_core #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32
) (
  input  wire                       clk_i,
  input  wire                       rst_ni,
  input  wire [ROWS*(64/WBITS)-1:0] a_i,    // the input register: one beat, unskewed
  input  wire [COLS*8-1:0]          w_i,
  input  wire [2:0]                 ctl_i,  // {mode, last, first}
  input  wire                       v_i,
  output wire [COLS*ACCW-1:0]       row_data_o,
  output wire                       row_valid_o,
  output wire [15:0]                row_tag_o,
  output wire [7:0]                 mesh_o  // which mesh this is: 0, one qa_pe per PE
);
  localparam integer AW = (8 / WBITS) * 8;
  wire [ROWS*AW-1:0]   mesh_a;
  wire [COLS*8-1:0]    mesh_w;
  wire [COLS-1:0]      mesh_v, mesh_last, mesh_mode, mesh_first;
  wire [COLS*ACCW-1:0] mesh_c;
  wire                 mesh_cv;  // column 0's result valid; every column's is the same, skewed
  wire [15:0]          mesh_ct;  // the row index that result carries (computed in the mesh)

  qa_skew #(.ROWS(ROWS), .COLS(COLS), .AW(AW)) u_skew (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .a_i    (a_i),
    .w_i    (w_i),
    .ctl_i  (ctl_i),
    .v_i    (v_i),
    .a_o    (mesh_a),
    .w_o    (mesh_w),
    .v_o    (mesh_v),
    .last_o (mesh_last),
    .mode_o (mesh_mode),
    .first_o(mesh_first)
  );

  qa_mesh #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) u_mesh (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .a_i    (mesh_a),
    .w_i    (mesh_w),
    .v_i    (mesh_v),
    .last_i (mesh_last),
    .mode_i (mesh_mode),
    .first_i(mesh_first),
    .c_o    (mesh_c),
    .cv0_o  (mesh_cv),
    .ct0_o  (mesh_ct)
  );

  qa_deskew #(.COLS(COLS), .ACCW(ACCW)) u_deskew (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .c_i        (mesh_c),
    .cv_i       (mesh_cv),
    .ct_i       (mesh_ct),
    .row_data_o (row_data_o),
    .row_valid_o(row_valid_o),
    .row_tag_o  (row_tag_o)
  );

  assign mesh_o = 8'd0;
endmodule
