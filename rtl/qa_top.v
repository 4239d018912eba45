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
// Flow control. The PEs never stop: every register of the mesh, the skew and the de-skew moves
// on every clock edge. Back-pressure stops the input, never the array:
// - in_ready_o is a flip-flop. Behind it sits a one-beat skid register: a beat accepted while
//   the array cannot take it waits there (and in_ready_o drops the next cycle), so no path runs
//   from any input (out_ready_i, in_last_i) to in_ready_o.
// - Finished rows go into an output buffer of OBUF rows (out_valid_o, out_data_o and out_row_o
//   come from it). A tile's last beat enters the array only when the buffer has room for its
//   ROWS rows, counting every row of every tile already admitted and not yet delivered
//   (credits), so no row can ever meet a full buffer. The default OBUF = 2*ROWS + COLS + 2 is
//   the smallest that never holds a tile while out_ready_i stays high (docs/rtl.md): the
//   stall-free cycle count is the same as without a buffer.
// - An input bubble enters the array as an invalid beat. The drain chain empties a tile in ROWS
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
  localparam integer AW  = LANES * 8;
  localparam integer GW  = $clog2(ROWS + 1);
  localparam integer CW  = 10;  // weight byte + last + mode
  localparam integer NW  = $clog2(OBUF + 1);  // rows counted in the output buffer
  localparam integer PB  = $clog2(OBUF);      // output buffer pointers
  // A last beat enters when the rows already promised leave room for its ROWS (the credit
  // mutant promises one row too many, rtl/qa_mutants.vh).
  localparam integer ROOM = `QA_OBUF_ROOM(OBUF - ROWS);

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

  // ---- input: skid register, ready from a flip-flop ---------------------------------------
  reg                 rdy_q;   // in_ready_o
  reg                 sk_v_q;  // a beat waits in the skid register
  reg [ROWS*AW-1:0]   sk_a_q;
  reg [COLS*8-1:0]    sk_w_q;
  reg                 sk_last_q, sk_mode_q;
  reg [GW-1:0]        gap_q, gap_d;  // cycles since the last "last" beat entered, saturating
  reg [NW-1:0]        cred_q;        // rows admitted (by their tile's last beat), not delivered
  wire                out_fire;

  // The head: the beat that may enter the array this cycle (the skid's, else the offered one).
  wire                in_acc  = in_valid_i && rdy_q;  // the interface's handshake
  wire                hd_v    = sk_v_q || in_acc;
  wire [ROWS*AW-1:0]  hd_a    = sk_v_q ? sk_a_q : in_a_i;
  wire [COLS*8-1:0]   hd_w    = sk_v_q ? sk_w_q : in_w_i;
  wire                hd_last = sk_v_q ? sk_last_q : in_last_i;
  wire                hd_mode = sk_v_q ? sk_mode_q : in_mode_i;
  // A last beat waits for the drain interval, then for room for its rows in the output buffer.
  wire                gap_hold  = hd_v && hd_last && (gap_q < ROWS[GW-1:0]);
  wire                cred_hold = hd_v && hd_last && !gap_hold &&
                                  (cred_q > ROOM[NW-1:0]);
  wire                in_fire   = hd_v && !gap_hold && !cred_hold;  // the beat enters the array
  wire                hd_wait   = hd_v && !in_fire;                 // it stays in the skid

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      rdy_q  <= 1'b0;
      sk_v_q <= 1'b0;
    end else begin
      rdy_q  <= !hd_wait;
      sk_v_q <= hd_wait;
    end
  end

  // The skid's data: loaded whenever it is empty (its valid qualifies it).
  always @(posedge clk_i) begin
    if (!sk_v_q) begin
      sk_a_q    <= in_a_i;
      sk_w_q    <= in_w_i;
      sk_last_q <= in_last_i;
      sk_mode_q <= in_mode_i;
    end
  end

  always @* begin
    if (in_fire && hd_last)        gap_d = {{(GW-1){1'b0}}, 1'b1};
    else if (gap_q < ROWS[GW-1:0]) gap_d = gap_q + 1'b1;
    else                           gap_d = gap_q;
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      gap_q  <= ROWS[GW-1:0];
      cred_q <= {NW{1'b0}};
    end else begin
      gap_q  <= gap_d;
      cred_q <= cred_q + ((in_fire && hd_last) ? ROWS[NW-1:0] : {NW{1'b0}})
                       - {{(NW-1){1'b0}}, out_fire};
    end
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
        .d_i   (hd_a[i*AW +: AW]),
        .q_o   (mesh_a[i*AW +: AW])
      );
    end

    for (genvar j = 0; j < COLS; j = j + 1) begin : g_skew_w
      wire [CW-1:0] ctl_out;
      qa_delay #(.WIDTH(CW), .DEPTH(j + 1), .RESET(0)) u_dly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .d_i   ({hd_mode, hd_last, hd_w[j*8 +: 8]}),
        .q_o   (ctl_out)
      );
      qa_delay #(.WIDTH(1), .DEPTH(j + 1), .RESET(1)) u_vdly (
        .clk_i (clk_i),
        .rst_ni(rst_ni),
        .d_i   (in_fire),
        .q_o   (mesh_v[j])
      );
      assign mesh_w[j*8 +: 8] = ctl_out[7:0];
      assign mesh_last[j]     = ctl_out[8];
      assign mesh_mode[j]     = ctl_out[9];
    end
  end else begin : g_skew_ring
    // The same delays from ring buffers: every cycle writes the whole beat once, and row i
    // (column j) reads the beat of i+1 (j+1) cycles ago. Nothing shifts, so the
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
      end else begin
        wpa_q <= (wpa_q == DA[PA-1:0] - 1'b1) ? {PA{1'b0}} : wpa_q + 1'b1;
        wpw_q <= (wpw_q == DW[PW2-1:0] - 1'b1) ? {PW2{1'b0}} : wpw_q + 1'b1;
        v0_q  <= in_fire;
      end
    end
    // One ring per row (column), so a read is one element, not a copy of the whole beat.
    // Row i: written i+1 cycles ago, at wpa_q - (i+1) modulo DA.
    reg [ROWS*AW-1:0] sk_a;
    reg [COLS*10-1:0] sk_w;
    for (genvar i = 0; i < ROWS; i = i + 1) begin : g_ra
      localparam integer OFF = i + 1 + `QA_SKEW_EXTRA(i);
      reg [AW-1:0] ring [0:DA-1];
      reg [PA:0]   ia;
      always @(posedge clk_i) if (rst_ni) ring[wpa_q] <= hd_a[i*AW +: AW];
      always @* begin
        ia = {1'b0, wpa_q} + DA[PA:0] - OFF[PA:0];
        if (ia >= DA[PA:0]) ia = ia - DA[PA:0];
        sk_a[i*AW +: AW] = ring[ia[PA-1:0]];
      end
    end
    // Column j: its weight byte, last and mode, written j+1 cycles ago.
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_rw
      localparam integer OFF = j + 1;
      reg [9:0]    ring [0:DW-1];
      reg [PW2:0]  iw;
      always @(posedge clk_i)
        if (rst_ni) ring[wpw_q] <= {hd_mode, hd_last, hd_w[j*8 +: 8]};
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
      .ACCW (ACCW)
    ) u_mesh (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
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
      .ACCW (ACCW)
    ) u_mesh (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
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
        .d_i   (mesh_c[j*ACCW +: ACCW]),
        .q_o   (row_data[j*ACCW +: ACCW])
      );
    end
  end else begin : g_deskew_ring
    // Column j waits COLS-1-j cycles: a ring of bottom rows, read per column.
    localparam integer DD = COLS;
    localparam integer PD = $clog2(DD);
    reg [PD-1:0]        wpc_q;
    always @(posedge clk_i) begin
      if (!rst_ni) begin
        wpc_q <= {PD{1'b0}};
      end else begin
        wpc_q <= (wpc_q == DD[PD-1:0] - 1'b1) ? {PD{1'b0}} : wpc_q + 1'b1;
      end
    end
    reg [COLS*ACCW-1:0] ds;
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_rc
      if (j == COLS - 1) begin : g_last
        always @* ds[j*ACCW +: ACCW] = mesh_c[j*ACCW +: ACCW];
      end else begin : g_ring
        // one ring per column: written COLS-1-j cycles ago
        localparam integer OFF = COLS - 1 - j;
        reg [ACCW-1:0] ring [0:DD-1];
        reg [PD:0]     ic;
        always @(posedge clk_i) if (rst_ni) ring[wpc_q] <= mesh_c[j*ACCW +: ACCW];
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
    .d_i   (mesh_ct),
    .q_o   (row_tag)
  );

  qa_delay #(.WIDTH(1), .DEPTH(COLS - 1), .RESET(1)) u_vdeskew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .d_i   (mesh_cv),
    .q_o   (row_valid)
  );

  // ---- output buffer: OBUF rows, a FIFO; the credits above keep it from overflowing --------
  // The row number is the index the result carried from its PE (qa_mesh's tag chain), not a
  // count of rows handed over: a row that arrives out of place says so.
  reg [COLS*ACCW-1:0] ob_data [0:OBUF-1];
  reg [15:0]          ob_row  [0:OBUF-1];
  reg [PB-1:0]        ob_wr_q, ob_rd_q;
  reg [NW-1:0]        ob_n_q;
  wire                ob_v   = (ob_n_q != {NW{1'b0}});
  assign              out_fire = ob_v && out_ready_i;
  // The mutant drops a row held by back-pressure instead of keeping it (rtl/qa_mutants.vh).
  wire                ob_pop = out_fire `QA_OUT_DROP(ob_v && !out_ready_i);

  always @(posedge clk_i) begin
    if (row_valid) begin
      ob_data[ob_wr_q] <= row_data;
      ob_row[ob_wr_q]  <= row_tag;
    end
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      ob_wr_q <= {PB{1'b0}};
      ob_rd_q <= {PB{1'b0}};
      ob_n_q  <= {NW{1'b0}};
    end else begin
      if (row_valid) ob_wr_q <= (ob_wr_q == OBUF[PB-1:0] - 1'b1) ? {PB{1'b0}} : ob_wr_q + 1'b1;
      if (ob_pop)    ob_rd_q <= (ob_rd_q == OBUF[PB-1:0] - 1'b1) ? {PB{1'b0}} : ob_rd_q + 1'b1;
      ob_n_q <= ob_n_q + {{(NW-1){1'b0}}, row_valid} - {{(NW-1){1'b0}}, ob_pop};
    end
  end

  // ---- tile bookkeeping and counters -------------------------------------------------------
  reg        tile_open_q;
  reg [15:0] inflight_q;
  wire       tile_done = out_fire && (out_row_o == 16'd0);
  wire       busy      = hd_v || tile_open_q || (inflight_q != 16'd0);

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      tile_open_q <= 1'b0;
      inflight_q  <= 16'd0;
    end else begin
      if (in_fire) tile_open_q <= !hd_last;
      inflight_q <= inflight_q + {15'd0, in_fire && hd_last} - {15'd0, tile_done};
    end
  end

  reg [63:0] cyc_q, busy_q, in_stall_q, out_stall_q, gap_stall_q, cred_stall_q, mem_stall_q;
  reg [63:0] beats_q, rows_q;
  always @(posedge clk_i) begin
    if (!rst_ni || cnt_clr_i) begin
      cyc_q       <= 64'd0;
      busy_q      <= 64'd0;
      in_stall_q  <= 64'd0;
      out_stall_q <= 64'd0;
      gap_stall_q <= 64'd0;
      cred_stall_q <= 64'd0;
      mem_stall_q <= 64'd0;
      beats_q     <= 64'd0;
      rows_q      <= 64'd0;
    end else begin
      cyc_q       <= cyc_q + 64'd1;
      busy_q      <= busy_q + {63'd0, busy};
      in_stall_q  <= in_stall_q + {63'd0, tile_open_q && !hd_v};
      out_stall_q <= out_stall_q + {63'd0, ob_v && !out_ready_i};
      gap_stall_q <= gap_stall_q + {63'd0, gap_hold};
      cred_stall_q <= cred_stall_q + {63'd0, cred_hold};
      mem_stall_q <= mem_stall_q + {63'd0, in_wait_i && !hd_v};
      beats_q     <= beats_q + {63'd0, in_acc};
      rows_q      <= rows_q + {63'd0, out_fire};
    end
  end

`ifdef QA_ASSERT
  // The credits' promise, checked in simulation: a row never arrives at a full output buffer.
  always @(posedge clk_i) begin
    if (rst_ni && row_valid && ob_n_q == OBUF[NW-1:0] && !ob_pop)
      $error("qa_top: cycle %0d: output buffer overflow: a row arrived with all %0d rows full",
             cyc_q, OBUF);
  end

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
    .tile_in_i  (in_fire && hd_last),
    .tile_out_i (tile_done),
    .busy_i     (busy)
  );
`endif

  assign in_ready_o      = rdy_q;
  assign out_valid_o     = ob_v;
  assign out_data_o      = ob_data[ob_rd_q];
  assign out_row_o       = ob_row[ob_rd_q];
  assign cnt_cycles_o    = cyc_q;
  assign cnt_busy_o      = busy_q;
  assign cnt_in_stall_o  = in_stall_q;
  assign cnt_out_stall_o = out_stall_q;
  assign cnt_gap_stall_o = gap_stall_q;
  assign cnt_credit_stall_o = cred_stall_q;
  assign cnt_mem_stall_o = mem_stall_q;
  assign cnt_beats_o     = beats_q;
  assign cnt_rows_o      = rows_q;
  assign cfg_rows_o      = ROWS[15:0];
  assign cfg_cols_o      = COLS[15:0];
  assign cfg_wbits_o     = WBITS[7:0];
  assign cfg_accw_o      = ACCW[7:0];
  assign cfg_lanes_o     = LANES[7:0];
  assign cfg_mesh_o      = MESH[7:0];
  assign cfg_obuf_o      = OBUF[15:0];
endmodule
