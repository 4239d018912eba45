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
// Flow control: output back-pressure (out_valid_o & !out_ready_i) freezes the whole array for
// that cycle (one clock enable), so nothing is lost. An input bubble enters the array as an
// invalid beat. The drain chain empties a tile in ROWS cycles, so a tile's last beat is
// accepted only ROWS or more cycles after the previous tile's last beat (gap stall).
//
// Interface rules (checked in simulation by sim/qa_if_check.v, both simulators): reset
// (rst_ni low, synchronous) lasts at least 2 clock cycles; a producer holds in_valid_i and its
// beat until in_ready_o (valid held until ready); the array holds a row until out_ready_i.
// Counters (64 bit, cleared by cnt_clr_i): cycles; busy (a tile open or results in flight);
// in_stall (a tile is open and no input is offered); out_stall (output back-pressure);
// gap_stall (a last beat held for the drain interval); mem_stall (no beat offered because the
// input buffer waits for memory, in_wait_i); beats accepted; rows delivered.
`include "qa_mutants.vh"

module qa_top #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  // MESH = 0: one qa_pe instance per PE (qa_mesh); 1: the same PEs as arrays (qa_mesh_loop in
  // sim/twin/, a simulation model: the MESH=1 branches below are not for synthesis),
  // whose Verilated model does not grow with the array (large arrays). Same cycles and results.
  parameter integer MESH  = 0,
  parameter integer LANES = 8 / WBITS
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,

  input  wire                    in_valid_i,
  output wire                    in_ready_o,
  input  wire [ROWS*LANES*8-1:0] in_a_i,
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
  output wire [63:0]             cnt_mem_stall_o,
  output wire [63:0]             cnt_beats_o,
  output wire [63:0]             cnt_rows_o,

  // The build's parameters, read by the host: the one source of truth for the C side.
  output wire [15:0]             cfg_rows_o,
  output wire [15:0]             cfg_cols_o,
  output wire [7:0]              cfg_wbits_o,
  output wire [7:0]              cfg_accw_o,
  output wire [7:0]              cfg_lanes_o,
  output wire [7:0]              cfg_mesh_o
);
  localparam integer AW  = LANES * 8;
  localparam integer GW  = $clog2(ROWS + 1);
  localparam integer CW  = 10;  // weight byte + last + mode

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

  // ---- flow control --------------------------------------------------------------------
  reg            out_valid_q;
  reg [GW-1:0]   gap_q, gap_d;     // enabled cycles since the last "last" beat, saturating
  wire           en        = !(out_valid_q && !out_ready_i);
  // The drain-gap hold looks at in_last_i only when a beat is offered: no path from an idle
  // data field to in_ready_o.
  wire           gap_block = in_valid_i && in_last_i && (gap_q < ROWS[GW-1:0]);
  wire           in_fire   = in_valid_i && en && !gap_block;
  wire           out_fire  = out_valid_q && out_ready_i;

  always @* begin
    if (in_fire && in_last_i)      gap_d = {{(GW-1){1'b0}}, 1'b1};
    else if (gap_q < ROWS[GW-1:0]) gap_d = gap_q + 1'b1;
    else                           gap_d = gap_q;
  end

  always @(posedge clk_i) begin
    if (!rst_ni)  gap_q <= ROWS[GW-1:0];
    else if (en)  gap_q <= gap_d;
  end

  // ---- input register and skew -----------------------------------------------------------
  // Stage 0 of every skew line is the input register; row i has i+1 stages, column j j+1.
  wire [ROWS*AW-1:0] mesh_a;
  wire [COLS*8-1:0]  mesh_w;
  wire [COLS-1:0]    mesh_v, mesh_last, mesh_mode;

  if (MESH == 0) begin : g_skew_regs
    for (genvar i = 0; i < ROWS; i = i + 1) begin : g_skew_a
      qa_delay #(.WIDTH(AW), .DEPTH(i + 1 + `QA_SKEW_EXTRA(i)), .RESET(0)) u_dly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .en_i  (en),
        .d_i   (in_a_i[i*AW +: AW]),
        .q_o   (mesh_a[i*AW +: AW])
      );
    end

    for (genvar j = 0; j < COLS; j = j + 1) begin : g_skew_w
      wire [CW-1:0] ctl_out;
      qa_delay #(.WIDTH(CW), .DEPTH(j + 1), .RESET(0)) u_dly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .en_i  (en),
        .d_i   ({in_mode_i, in_last_i, in_w_i[j*8 +: 8]}),
        .q_o   (ctl_out)
      );
      qa_delay #(.WIDTH(1), .DEPTH(j + 1), .RESET(1)) u_vdly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .en_i  (en),
        .d_i   (in_fire),
        .q_o   (mesh_v[j])
      );
      assign mesh_w[j*8 +: 8] = ctl_out[7:0];
      assign mesh_last[j]     = ctl_out[8];
      assign mesh_mode[j]     = ctl_out[9];
    end
  end else begin : g_skew_ring
    // The same delays from ring buffers: every enabled cycle writes the whole beat once, and
    // row i (column j) reads the beat of i+1 (j+1) enabled cycles ago. Nothing shifts, so the
    // cost per cycle is one beat, not ROWS*ROWS/2 stage registers.
    localparam integer DA = ROWS + 1;
    localparam integer DW = COLS + 1;
    localparam integer PA = $clog2(DA);
    localparam integer PW2 = $clog2(DW);
    reg [PA-1:0]        wpa_q;
    reg [PW2-1:0]       wpw_q;
    reg                 v0_q;  // column 0's valid (its delay line of depth 1), with reset
    always @(posedge clk_i) begin
      if (!rst_ni) begin
        wpa_q <= {PA{1'b0}};
        wpw_q <= {PW2{1'b0}};
        v0_q  <= 1'b0;
      end else if (en) begin
        wpa_q <= (wpa_q == DA[PA-1:0] - 1'b1) ? {PA{1'b0}} : wpa_q + 1'b1;
        wpw_q <= (wpw_q == DW[PW2-1:0] - 1'b1) ? {PW2{1'b0}} : wpw_q + 1'b1;
        v0_q  <= in_fire;
      end
    end
    // One ring per row (column), so a read is one element, not a copy of the whole beat.
    // Row i: written i+1 enabled cycles ago, at wpa_q - (i+1) modulo DA.
    reg [ROWS*AW-1:0] sk_a;
    reg [COLS*10-1:0] sk_w;
    for (genvar i = 0; i < ROWS; i = i + 1) begin : g_ra
      localparam integer OFF = i + 1 + `QA_SKEW_EXTRA(i);
      reg [AW-1:0] ring [0:DA-1];
      reg [PA:0]   ia;
      always @(posedge clk_i) if (rst_ni && en) ring[wpa_q] <= in_a_i[i*AW +: AW];
      always @* begin
        ia = {1'b0, wpa_q} + DA[PA:0] - OFF[PA:0];
        if (ia >= DA[PA:0]) ia = ia - DA[PA:0];
        sk_a[i*AW +: AW] = ring[ia[PA-1:0]];
      end
    end
    // Column j: its weight byte, last and mode, written j+1 enabled cycles ago.
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_rw
      localparam integer OFF = j + 1;
      reg [9:0]    ring [0:DW-1];
      reg [PW2:0]  iw;
      always @(posedge clk_i)
        if (rst_ni && en) ring[wpw_q] <= {in_mode_i, in_last_i, in_w_i[j*8 +: 8]};
      always @* begin
        iw = {1'b0, wpw_q} + DW[PW2:0] - OFF[PW2:0];
        if (iw >= DW[PW2:0]) iw = iw - DW[PW2:0];
        sk_w[j*10 +: 10] = ring[iw[PW2-1:0]];
      end
    end
    assign mesh_a = sk_a;
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_wout
      assign mesh_w[j*8 +: 8] = sk_w[j*10 +: 8];
      assign mesh_last[j]     = sk_w[j*10 + 8];
      assign mesh_mode[j]     = sk_w[j*10 + 9];
      // qa_mesh_loop reads only column 0's valid; the others are its copies, shown as such.
      if (j == 0) begin : g_v0
        assign mesh_v[j] = v0_q;
      end else begin : g_vn
        assign mesh_v[j] = 1'b0;
      end
    end
  end

  // ---- the PE grid -----------------------------------------------------------------------
  wire [COLS*ACCW-1:0] mesh_c;
  wire                 mesh_cv;  // column 0's result valid; every column's is the same, skewed
  wire [15:0]          mesh_ct;  // the row index that result carries (computed in the mesh)

  if (MESH == 0) begin : g_mesh_pe
    qa_mesh #(
      .ROWS (ROWS),
      .COLS (COLS),
      .WBITS(WBITS),
      .ACCW (ACCW),
      .LANES(LANES)
    ) u_mesh (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .en_i  (en),
      .a_i   (mesh_a),
      .w_i   (mesh_w),
      .v_i   (mesh_v),
      .last_i(mesh_last),
      .mode_i(mesh_mode),
      .c_o   (mesh_c),
      .cv0_o (mesh_cv),
      .ct0_o (mesh_ct)
    );
  end else begin : g_mesh_loop
    qa_mesh_loop #(
      .ROWS (ROWS),
      .COLS (COLS),
      .WBITS(WBITS),
      .ACCW (ACCW),
      .LANES(LANES)
    ) u_mesh (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .en_i  (en),
      .a_i   (mesh_a),
      .w_i   (mesh_w),
      .v_i   (mesh_v),
      .last_i(mesh_last),
      .mode_i(mesh_mode),
      .c_o   (mesh_c),
      .cv0_o (mesh_cv),
      .ct0_o (mesh_ct)
    );
  end

  // ---- de-skew: column j waits COLS-1-j cycles so a whole row leaves at once ---------------
  wire [COLS*ACCW-1:0] row_data;
  wire                 row_valid;

  if (MESH == 0) begin : g_deskew_regs
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_deskew
      qa_delay #(.WIDTH(ACCW), .DEPTH(COLS - 1 - j), .RESET(0)) u_dly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .en_i  (en),
        .d_i   (mesh_c[j*ACCW +: ACCW]),
        .q_o   (row_data[j*ACCW +: ACCW])
      );
    end
  end else begin : g_deskew_ring
    // Column j waits COLS-1-j enabled cycles: a ring of bottom rows, read per column.
    localparam integer DD = COLS;
    localparam integer PD = $clog2(DD);
    reg [PD-1:0]        wpc_q;
    always @(posedge clk_i) begin
      if (!rst_ni) begin
        wpc_q <= {PD{1'b0}};
      end else if (en) begin
        wpc_q <= (wpc_q == DD[PD-1:0] - 1'b1) ? {PD{1'b0}} : wpc_q + 1'b1;
      end
    end
    reg [COLS*ACCW-1:0] ds;
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_rc
      if (j == COLS - 1) begin : g_last
        always @* ds[j*ACCW +: ACCW] = mesh_c[j*ACCW +: ACCW];
      end else begin : g_ring
        // one ring per column: written COLS-1-j enabled cycles ago
        localparam integer OFF = COLS - 1 - j;
        reg [ACCW-1:0] ring [0:DD-1];
        reg [PD:0]     ic;
        always @(posedge clk_i) if (rst_ni && en) ring[wpc_q] <= mesh_c[j*ACCW +: ACCW];
        always @* begin
          ic = {1'b0, wpc_q} + DD[PD:0] - OFF[PD:0];
          if (ic >= DD[PD:0]) ic = ic - DD[PD:0];
          ds[j*ACCW +: ACCW] = ring[ic[PD-1:0]];
        end
      end
    end
    assign row_data = ds;
  end

  // The row's index travels with column 0's result, de-skewed with its valid.
  wire [15:0] row_tag;
  qa_delay #(.WIDTH(16), .DEPTH(COLS - 1), .RESET(0)) u_tdeskew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .d_i   (mesh_ct),
    .q_o   (row_tag)
  );

  qa_delay #(.WIDTH(1), .DEPTH(COLS - 1), .RESET(1)) u_vdeskew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .d_i   (mesh_cv),
    .q_o   (row_valid)
  );

  // ---- output register ---------------------------------------------------------------------
  reg [COLS*ACCW-1:0] out_data_q;
  reg [15:0]          out_row_q;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      out_valid_q <= 1'b0;
    end else if (en) begin
      out_valid_q <= row_valid;
    end
`ifdef QA_MUT_OUTVALID
    else out_valid_q <= 1'b0;  // mutant: a row held by back-pressure loses its valid
`endif
  end

  always @(posedge clk_i) begin
    if (en) out_data_q <= row_data;
  end

  // The row number is the index the result carried from its PE (qa_mesh's tag chain), not a
  // count of rows handed over: a row that arrives out of place says so.
  always @(posedge clk_i) begin
    if (en) out_row_q <= row_tag;
  end

  // ---- tile bookkeeping and counters -------------------------------------------------------
  reg        tile_open_q;
  reg [15:0] inflight_q;
  wire       tile_done = out_fire && (out_row_q == 16'd0);
  wire       busy      = in_fire || tile_open_q || (inflight_q != 16'd0);

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      tile_open_q <= 1'b0;
      inflight_q  <= 16'd0;
    end else begin
      if (in_fire) tile_open_q <= !in_last_i;
      inflight_q <= inflight_q + {15'd0, in_fire && in_last_i} - {15'd0, tile_done};
    end
  end

  reg [63:0] cyc_q, busy_q, in_stall_q, out_stall_q, gap_stall_q, mem_stall_q, beats_q, rows_q;
  always @(posedge clk_i) begin
    if (!rst_ni || cnt_clr_i) begin
      cyc_q       <= 64'd0;
      busy_q      <= 64'd0;
      in_stall_q  <= 64'd0;
      out_stall_q <= 64'd0;
      gap_stall_q <= 64'd0;
      mem_stall_q <= 64'd0;
      beats_q     <= 64'd0;
      rows_q      <= 64'd0;
    end else begin
      cyc_q       <= cyc_q + 64'd1;
      busy_q      <= busy_q + {63'd0, busy};
      in_stall_q  <= in_stall_q + {63'd0, tile_open_q && !in_valid_i};
      out_stall_q <= out_stall_q + {63'd0, !en};
      gap_stall_q <= gap_stall_q + {63'd0, in_valid_i && en && gap_block};
      mem_stall_q <= mem_stall_q + {63'd0, in_wait_i && !in_valid_i};
      beats_q     <= beats_q + {63'd0, in_fire};
      rows_q      <= rows_q + {63'd0, out_fire};
    end
  end

`ifdef QA_ASSERT
  // The interface rules, checked in simulation (sim/qa_if_check.v); never synthesized.
  qa_if_check #(.AW(ROWS * AW), .WW(COLS * 8), .OW(COLS * ACCW)) u_check (
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
    .tile_in_i  (in_fire && in_last_i),
    .tile_out_i (tile_done),
    .busy_i     (busy)
  );
`endif

  assign in_ready_o      = en && !gap_block;
  assign out_valid_o     = out_valid_q;
  assign out_data_o      = out_data_q;
  assign out_row_o       = out_row_q;
  assign cnt_cycles_o    = cyc_q;
  assign cnt_busy_o      = busy_q;
  assign cnt_in_stall_o  = in_stall_q;
  assign cnt_out_stall_o = out_stall_q;
  assign cnt_gap_stall_o = gap_stall_q;
  assign cnt_mem_stall_o = mem_stall_q;
  assign cnt_beats_o     = beats_q;
  assign cnt_rows_o      = rows_q;
  assign cfg_rows_o      = ROWS[15:0];
  assign cfg_cols_o      = COLS[15:0];
  assign cfg_wbits_o     = WBITS[7:0];
  assign cfg_accw_o      = ACCW[7:0];
  assign cfg_lanes_o     = LANES[7:0];
  assign cfg_mesh_o      = MESH[7:0];
endmodule
