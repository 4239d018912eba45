// qa_core_loop: qa_core's ports and timing, cycle for cycle, for simulation speed (the MESH=1
// build, sim/twin/qa_top_twin.v): the skew and de-skew lines are ring buffers instead of
// shifting registers, and the mesh is qa_mesh_loop. Every cycle writes the whole beat once, and
// row i (column j) reads the beat of i (j) cycles ago; nothing shifts, so the cost per cycle is
// one beat, not ROWS*ROWS/2 stage registers. The mesh reads column 0's control only (qa_mesh
// gives every column the same, skewed), which is the input register itself.
`include "qa_mutants.vh"

module qa_core_loop #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32
) (
  input  wire                       clk_i,
  input  wire                       rst_ni,
  input  wire [ROWS*(64/WBITS)-1:0] a_i,
  input  wire [COLS*8-1:0]          w_i,
  input  wire [2:0]                 ctl_i,  // {mode, last, first}
  input  wire                       v_i,
  output wire [COLS*ACCW-1:0]       row_data_o,
  output wire                       row_valid_o,
  output wire [15:0]                row_tag_o,
  output wire [7:0]                 mesh_o  // 1: the loop twin
);
  localparam integer AW  = (8 / WBITS) * 8;
  localparam integer DA  = ROWS + 1;
  localparam integer DW  = COLS;
  localparam integer PA  = $clog2(DA);
  localparam integer PW2 = $clog2(DW);
  reg [PA-1:0]  wpa_q;
  reg [PW2-1:0] wpw_q;
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      wpa_q <= {PA{1'b0}};
      wpw_q <= {PW2{1'b0}};
    end else begin
      wpa_q <= (wpa_q == DA[PA-1:0] - 1'b1) ? {PA{1'b0}} : wpa_q + 1'b1;
      wpw_q <= (wpw_q == DW[PW2-1:0] - 1'b1) ? {PW2{1'b0}} : wpw_q + 1'b1;
    end
  end

  // ---- skew: row i written OFF = i cycles ago (0: the input register itself) ----------------
  wire [ROWS*AW-1:0] mesh_a;
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_ra
    localparam integer OFF = i + `QA_SKEW_EXTRA(i);
    if (OFF == 0) begin : g_now
      assign mesh_a[i*AW +: AW] = a_i[i*AW +: AW];
    end else begin : g_ring
      reg [AW-1:0] ring [0:DA-1];
      reg [PA:0]   ia;
      reg [AW-1:0] rd;
      always @(posedge clk_i) if (rst_ni) ring[wpa_q] <= a_i[i*AW +: AW];
      always @* begin
        ia = {1'b0, wpa_q} + DA[PA:0] - OFF[PA:0];
        if (ia >= DA[PA:0]) ia = ia - DA[PA:0];
        rd = ring[ia[PA-1:0]];
      end
      assign mesh_a[i*AW +: AW] = rd;
    end
  end
  // Column j's weight byte, written j cycles ago.
  wire [COLS*8-1:0] mesh_w;
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_rw
    if (j == 0) begin : g_now
      assign mesh_w[7:0] = w_i[7:0];
    end else begin : g_ring
      reg [7:0]    ring [0:DW-1];
      reg [PW2:0]  iw;
      reg [7:0]    rd;
      always @(posedge clk_i) if (rst_ni) ring[wpw_q] <= w_i[j*8 +: 8];
      always @* begin
        iw = {1'b0, wpw_q} + DW[PW2:0] - j[PW2:0];
        if (iw >= DW[PW2:0]) iw = iw - DW[PW2:0];
        rd = ring[iw[PW2-1:0]];
      end
      assign mesh_w[j*8 +: 8] = rd;
    end
  end
  // qa_mesh_loop reads only column 0's control; the other columns' are shown as zero.
  wire [COLS-1:0] mesh_v     = {{(COLS-1){1'b0}}, v_i};
  wire [COLS-1:0] mesh_mode  = {{(COLS-1){1'b0}}, ctl_i[2]};
  wire [COLS-1:0] mesh_last  = {{(COLS-1){1'b0}}, ctl_i[1]};
  wire [COLS-1:0] mesh_first = {{(COLS-1){1'b0}}, ctl_i[0]};

  wire [COLS*ACCW-1:0] mesh_c;
  wire                 mesh_cv;
  wire [15:0]          mesh_ct;
  qa_mesh_loop #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) u_mesh (
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

  // ---- de-skew: column j waits COLS-1-j cycles, a ring of bottom rows read per column ----------
  localparam integer DD = COLS;
  localparam integer PD = $clog2(DD);
  reg [PD-1:0] wpc_q;
  always @(posedge clk_i) begin
    if (!rst_ni) wpc_q <= {PD{1'b0}};
    else         wpc_q <= (wpc_q == DD[PD-1:0] - 1'b1) ? {PD{1'b0}} : wpc_q + 1'b1;
  end
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_rc
    if (j == COLS - 1) begin : g_last
      assign row_data_o[j*ACCW +: ACCW] = mesh_c[j*ACCW +: ACCW];
    end else begin : g_ring
      localparam integer OFF = COLS - 1 - j;
      reg [ACCW-1:0] ring [0:DD-1];
      reg [PD:0]     ic;
      reg [ACCW-1:0] rd;
      always @(posedge clk_i) if (rst_ni) ring[wpc_q] <= mesh_c[j*ACCW +: ACCW];
      always @* begin
        ic = {1'b0, wpc_q} + DD[PD:0] - OFF[PD:0];
        if (ic >= DD[PD:0]) ic = ic - DD[PD:0];
        rd = ring[ic[PD-1:0]];
      end
      assign row_data_o[j*ACCW +: ACCW] = rd;
    end
  end
  // The row's valid and index wait COLS-1 cycles, as in qa_deskew.
  qa_delay #(.WIDTH(16), .DEPTH(COLS - 1), .RESET(0)) u_tag (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (mesh_ct),
    .q_o   (row_tag_o)
  );
  qa_delay #(.WIDTH(1), .DEPTH(COLS - 1), .RESET(1)) u_valid (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (mesh_cv),
    .q_o   (row_valid_o)
  );

  assign mesh_o = 8'd1;
endmodule
