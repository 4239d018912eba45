// qa_lockstep: the structural array (qa_top, one qa_pe per PE) and the simulation twin
// (qa_top_twin, sim/twin/: qa_core_loop, qa_mesh_loop) on the same input stream and the same out_ready, with
// every architectural register compared after every clock edge (on the falling edge, when both
// have settled). The ports are qa_top's (the outputs are the structural array's), so the shim
// and the host drive it like any build (sim/build-cfg.sh, configuration name ending in l).
//
// Compared, per PE (the twin's registers from its QA_TRACE_VIEW views, under qa_pe's names):
// v_q, c1_q and c2_q always (the drain chain shifts zeros in from the top: defined from the first
// cycles on); acc_q, a_q, w_q, last_q, mode_q, first_q when v_q is set (registers without reset
// are qualified by their valid bit, as the RTL reads them; the accumulator is written exactly on
// valid beats). Beside column 0 (qa_mesh g_tag): the drain valids v1, v2 always and the row tags
// t1, t2 under them. Outside the mesh: the skewed operands at the mesh edge (under the valid
// entering that row or column), the de-skewed row and its tag (under its valid), the skid,
// admission, input register, output buffer and credit registers, every output (data and row
// under out_valid) and every counter. Nothing is compared during reset and
// in the cycle it starts (the twin takes reset one cycle late: hold it >= 2 cycles), nor ahead
// the first reset. The first divergence ends the checks: one $error per differing register of the
// first differing PE (row-major) and of each differing signal outside the mesh, naming the cycle,
// the PE (row, col), the register and both values.
//
// A mutant goes into one side only: the build preprocesses a faulty copy of the RTL with its
// modules renamed (qa_top_mut ...) and selects it with QA_LS_S (structural) or QA_LS_T (twin).
`ifndef QA_LS_S
`define QA_LS_S qa_top
`endif
`ifndef QA_LS_T
`define QA_LS_T qa_top_twin
`endif

module qa_lockstep #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  parameter integer MESH  = 2   // reported as cfg_mesh_o: 2 = lockstep
) (
`include "qa_top_ports.vh"
  // lockstep only: cycles compared, registers compared per cycle, a divergence seen
  output wire [63:0]             ls_cycles_o,
  output wire [31:0]             ls_regs_o,
  output wire                    ls_diverged_o,
  // the first divergence's PE, row * COLS + col (all ones: it was outside the mesh)
  output wire [31:0]             ls_pe_o
);
  localparam integer LANES = 8 / WBITS;  // weights per byte in PACKED mode (not overridable)
  localparam integer AW = LANES * 8;
  localparam integer N  = ROWS * COLS;
  localparam integer NTOP = 33;  // signals compared outside the mesh (below)
  // registers compared per cycle: 9 per PE, 2 valids and 2 tags per row, the skew edge, the rest
  localparam integer NREG = N * 9 + 4 * ROWS + ROWS + COLS + NTOP;

  wire [63:0] t_cyc, t_busy, t_ins, t_outs, t_gap, t_cred, t_mem, t_beats, t_rows;
  wire        t_ready, t_ovalid;
  wire [COLS*ACCW-1:0] t_odata;
  wire [15:0] t_orow;
  wire [15:0] s_obuf, t_rows_cfg, t_cols_cfg, t_obuf;
  wire [7:0]  s_mesh, t_wbits_cfg, t_accw_cfg, t_lanes_cfg, t_mesh_cfg;

  `define QA_TOP_INST `QA_LS_S
  `include "qa_top_inst.vh"
  `undef QA_TOP_INST

  `QA_LS_T #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) u_t (
    .clk_i(clk_i), .rst_ni(rst_ni), .in_valid_i(in_valid_i), .in_ready_o(t_ready),
    .in_a_i(in_a_i), .in_w_i(in_w_i), .in_last_i(in_last_i), .in_mode_i(in_mode_i),
    .in_wait_i(in_wait_i), .out_valid_o(t_ovalid), .out_ready_i(out_ready_i),
    .out_data_o(t_odata), .out_row_o(t_orow), .cnt_clr_i(cnt_clr_i),
    .cnt_cycles_o(t_cyc), .cnt_busy_o(t_busy), .cnt_in_stall_o(t_ins),
    .cnt_out_stall_o(t_outs), .cnt_gap_stall_o(t_gap), .cnt_credit_stall_o(t_cred),
    .cnt_mem_stall_o(t_mem), .cnt_beats_o(t_beats), .cnt_rows_o(t_rows),
    .cfg_rows_o(t_rows_cfg), .cfg_cols_o(t_cols_cfg), .cfg_wbits_o(t_wbits_cfg),
    .cfg_accw_o(t_accw_cfg), .cfg_lanes_o(t_lanes_cfg), .cfg_mesh_o(t_mesh_cfg),
    .cfg_obuf_o(t_obuf));

  // ---- when to compare ---------------------------------------------------------------------
  reg        seen_q = 1'b0;  // a reset has happened
  reg        rst_prev_q;     // rst_ni at the last rising edge
  reg        done_q = 1'b0;  // a divergence was reported: no more checks
  reg [63:0] cyc_q = 64'd0;  // rising edges since time 0 (the cycle the messages name)
  reg [63:0] chk_q = 64'd0;  // cycles compared
  always @(posedge clk_i) begin
    if (!rst_ni) seen_q <= 1'b1;
    rst_prev_q <= rst_ni;
    cyc_q      <= cyc_q + 64'd1;
  end
  wire chk = seen_q && rst_prev_q && !done_q;

  // ---- every PE -------------------------------------------------------------------------------
  // One register's message: bit k of the PE's difference vector d.
  `define QA_LS_PE(k, name, sv, tv) \
    if (d[k]) $error("lockstep: cycle %0d: PE (%0d,%0d) %0s: structural %0h, twin %0h", cyc_q, i, j, name, sv, tv);
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_r
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_c
      localparam integer P = i * COLS + j;
      wire [3:0]      s_ctl = {u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.first_q,
                               u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.mode_q,
                               u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.last_q,
                               u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.v_q};
      wire [3:0]      t_ctl = u_t.u_core.u_mesh.ctl_s[P];
      wire [AW-1:0]   s_a   = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.a_q;
      wire [AW-1:0]   t_a   = u_t.u_core.u_mesh.a_s[P];
      wire [7:0]      s_w   = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.w_q;
      wire [7:0]      t_w   = u_t.u_core.u_mesh.w_s[P];
      wire [ACCW-1:0] s_acc = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.acc_q;
      wire [ACCW-1:0] t_acc = u_t.u_core.u_mesh.acc_s[P];
      wire [ACCW-1:0] s_c1  = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.c1_q;
      wire [ACCW-1:0] t_c1  = u_t.u_core.u_mesh.c1_s[P];
      wire [ACCW-1:0] s_c2  = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.c2_q;
      wire [ACCW-1:0] t_c2  = u_t.u_core.u_mesh.c2_s[P];
      wire            v     = s_ctl[0];
      // one bit per register, in the order of the messages below
      wire [9:1] d = {s_ctl[0] !== t_ctl[0], v && s_acc !== t_acc, v && s_a !== t_a,
                      v && s_w !== t_w, v && s_ctl[1] !== t_ctl[1], v && s_ctl[2] !== t_ctl[2],
                      v && s_ctl[3] !== t_ctl[3], s_c1 !== t_c1, s_c2 !== t_c2};
      wire mis = |d;
      // pre: a PE before this one (row-major) differs this cycle; upto: this one or one before
      wire pre;
      wire upto = pre | mis;
      // first: the first differing PE's index (row-major), meaningful when upto is set
      wire [31:0] prev_first, first;
      assign first = pre ? prev_first : P;
      if (j > 0) begin : g_pj
        assign pre = g_r[i].g_c[j-1].upto;
        assign prev_first = g_r[i].g_c[j-1].first;
      end else if (i > 0) begin : g_pi
        assign pre = g_r[i-1].g_c[COLS-1].upto;
        assign prev_first = g_r[i-1].g_c[COLS-1].first;
      end else begin : g_p0
        assign pre = 1'b0;
        assign prev_first = 32'd0;
      end
      always @(negedge clk_i) begin
        if (chk && mis && !pre) begin
          `QA_LS_PE(9, "v_q", s_ctl[0], t_ctl[0])
          `QA_LS_PE(8, "acc_q", s_acc, t_acc)
          `QA_LS_PE(7, "a_q", s_a, t_a)
          `QA_LS_PE(6, "w_q", s_w, t_w)
          `QA_LS_PE(5, "last_q", s_ctl[1], t_ctl[1])
          `QA_LS_PE(4, "mode_q", s_ctl[2], t_ctl[2])
          `QA_LS_PE(3, "first_q", s_ctl[3], t_ctl[3])
          `QA_LS_PE(2, "c1_q", s_c1, t_c1)
          `QA_LS_PE(1, "c2_q", s_c2, t_c2)
        end
      end
    end
  end

  `undef QA_LS_PE

  // ---- the drain valids and row tags beside column 0 (qa_mesh g_tag; the twin's dv, dt) ------
  wire pe_bad = g_r[ROWS-1].g_c[COLS-1].upto;
  wire [ROWS-1:0] tag_bad;
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_t
    wire [15:0] s_t1 = u_s.u_core.u_mesh.g_tag[i].t1_q;
    wire [15:0] s_t2 = u_s.u_core.u_mesh.g_tag[i].t2_q;
    wire [15:0] t_t1 = u_t.u_core.u_mesh.t1_s[i];
    wire [15:0] t_t2 = u_t.u_core.u_mesh.t2_s[i];
    wire s_v1 = u_s.u_core.u_mesh.g_tag[i].v1_q, s_v2 = u_s.u_core.u_mesh.g_tag[i].v2_q;
    wire t_v1 = u_t.u_core.u_mesh.v1_s[i], t_v2 = u_t.u_core.u_mesh.v2_s[i];
    wire bv1 = s_v1 !== t_v1, bv2 = s_v2 !== t_v2;
    wire b1 = s_v1 && s_t1 !== t_t1, b2 = s_v2 && s_t2 !== t_t2;
    assign tag_bad[i] = bv1 | bv2 | b1 | b2;
    always @(negedge clk_i) begin
      if (chk && !pe_bad) begin
        if (bv1) $error("lockstep: cycle %0d: PE (%0d,0) drain valid v1: structural %0d, twin %0d", cyc_q, i, s_v1, t_v1);
        if (bv2) $error("lockstep: cycle %0d: PE (%0d,0) drain valid v2: structural %0d, twin %0d", cyc_q, i, s_v2, t_v2);
        if (b1) $error("lockstep: cycle %0d: PE (%0d,0) row tag t1: structural %0d, twin %0d", cyc_q, i, s_t1, t_t1);
        if (b2) $error("lockstep: cycle %0d: PE (%0d,0) row tag t2: structural %0d, twin %0d", cyc_q, i, s_t2, t_t2);
      end
    end
  end

  // ---- skew outputs at the mesh edge ---------------------------------------------------------
  wire [ROWS-1:0] skew_bad;
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_sa
    wire [AW-1:0] s_v = u_s.u_core.mesh_a[i*AW +: AW], t_v = u_t.u_core.mesh_a[i*AW +: AW];
    wire          q   = u_s.u_core.u_mesh.g_row[i].g_col[0].v_in;
    wire          b   = q && s_v !== t_v;
    assign skew_bad[i] = b;
    always @(negedge clk_i)
      if (chk && b) $error("lockstep: cycle %0d: skewed activations of row %0d: structural %0h, twin %0h", cyc_q, i, s_v, t_v);
  end
  // Column j's weight byte (the control is one chain, compared at column 0 below).
  wire [COLS-1:0] wskew_bad;
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_sw
    wire [7:0] s_v = u_s.u_core.mesh_w[j*8 +: 8], t_v = u_t.u_core.mesh_w[j*8 +: 8];
    wire       b   = u_s.u_core.mesh_v[j] && s_v !== t_v;
    assign wskew_bad[j] = b;
    always @(negedge clk_i)
      if (chk && b) $error("lockstep: cycle %0d: skewed weight byte of column %0d: structural %0h, twin %0h", cyc_q, j, s_v, t_v);
  end

  // ---- everything else: one row per signal (name, structural, twin, compared) -----------------
  // The 33 signals (NTOP) outside the mesh, flattened to 64 bits for the message (the data
  // fields are compared in full below).
  wire [NTOP-1:0] top_bad;
  `define QA_LS_TOP(k, name, sv, tv, q) \
    assign top_bad[k] = (q) && ((sv) !== (tv)); \
    always @(negedge clk_i) \
      if (chk && top_bad[k]) $error("lockstep: cycle %0d: %0s: structural %0h, twin %0h", cyc_q, name, sv, tv);
  `QA_LS_TOP(0,  "mesh_v[0]",          u_s.u_core.mesh_v[0], u_t.u_core.mesh_v[0], 1'b1)
  `QA_LS_TOP(1,  "de-skewed row valid", u_s.row_valid, u_t.row_valid, 1'b1)
  `QA_LS_TOP(2,  "de-skewed row data",  u_s.row_data, u_t.row_data, u_s.row_valid)
  `QA_LS_TOP(3,  "de-skewed row tag",   u_s.row_tag, u_t.row_tag, u_s.row_valid)
  `QA_LS_TOP(4,  "sk_v_q",             u_s.u_skid.sk_v_q, u_t.u_skid.sk_v_q, 1'b1)
  `QA_LS_TOP(5,  "rdy_q (in_ready_o)",  in_ready_o, t_ready, 1'b1)
  `QA_LS_TOP(6,  "gap_q",              u_s.u_admit.gap_q, u_t.u_admit.gap_q, 1'b1)
  `QA_LS_TOP(7,  "cred_q",             u_s.u_obuf.cred_q, u_t.u_obuf.cred_q, 1'b1)
  `QA_LS_TOP(8,  "output buffer n_q",  u_s.u_obuf.n_q, u_t.u_obuf.n_q, 1'b1)
  `QA_LS_TOP(9,  "tile_open_q",        u_s.u_cnt.tile_open_q, u_t.u_cnt.tile_open_q, 1'b1)
  `QA_LS_TOP(10, "inflight_q",         u_s.u_cnt.inflight_q, u_t.u_cnt.inflight_q, 1'b1)
  `QA_LS_TOP(11, "out_valid_o",        out_valid_o, t_ovalid, 1'b1)
  `QA_LS_TOP(12, "out_data_o",         out_data_o, t_odata, out_valid_o)
  `QA_LS_TOP(13, "out_row_o",          out_row_o, t_orow, out_valid_o)
  `QA_LS_TOP(14, "cnt_cycles_o",       cnt_cycles_o, t_cyc, 1'b1)
  `QA_LS_TOP(15, "cnt_busy_o",         cnt_busy_o, t_busy, 1'b1)
  `QA_LS_TOP(16, "cnt_in_stall_o",     cnt_in_stall_o, t_ins, 1'b1)
  `QA_LS_TOP(17, "cnt_out_stall_o",    cnt_out_stall_o, t_outs, 1'b1)
  `QA_LS_TOP(18, "cnt_gap_stall_o",    cnt_gap_stall_o, t_gap, 1'b1)
  `QA_LS_TOP(19, "cnt_credit_stall_o", cnt_credit_stall_o, t_cred, 1'b1)
  `QA_LS_TOP(20, "cnt_mem_stall_o",    cnt_mem_stall_o, t_mem, 1'b1)
  `QA_LS_TOP(21, "cnt_beats_o",        cnt_beats_o, t_beats, 1'b1)
  `QA_LS_TOP(22, "cnt_rows_o",         cnt_rows_o, t_rows, 1'b1)
  `QA_LS_TOP(23, "cfg rows, cols",     {cfg_rows_o, cfg_cols_o}, {t_rows_cfg, t_cols_cfg}, 1'b1)
  `QA_LS_TOP(24, "cfg wbits, accw, lanes", {cfg_wbits_o, cfg_accw_o, cfg_lanes_o}, {t_wbits_cfg, t_accw_cfg, t_lanes_cfg}, 1'b1)
  `QA_LS_TOP(25, "cfg obuf",           s_obuf, t_obuf, 1'b1)
  // The skid's beat (under its valid), the output buffer's pointers and head, the admission's
  // first-beat flag, the input register's valid and column 0's control: with the entry written
  // (the de-skewed row, compared under its valid) and the head read (out_data_o, out_row_o), no
  // buffer entry can differ unnoticed (issue 20).
  `QA_LS_TOP(26, "sk_q (skid beat)",   u_s.u_skid.sk_q, u_t.u_skid.sk_q, u_s.u_skid.sk_v_q)
  `QA_LS_TOP(27, "output buffer wr_q", u_s.u_obuf.wr_q, u_t.u_obuf.wr_q, 1'b1)
  `QA_LS_TOP(28, "output buffer rd_q", u_s.u_obuf.rd_q, u_t.u_obuf.rd_q, 1'b1)
  `QA_LS_TOP(29, "output buffer hd_v_q, hd_sram_q", {u_s.u_obuf.hd_v_q, u_s.u_obuf.hd_sram_q}, {u_t.u_obuf.hd_v_q, u_t.u_obuf.hd_sram_q}, 1'b1)
  `QA_LS_TOP(30, "first_q",            u_s.u_admit.first_q, u_t.u_admit.first_q, 1'b1)
  `QA_LS_TOP(31, "beat_v_q",           u_s.beat_v_q, u_t.beat_v_q, 1'b1)
  `QA_LS_TOP(32, "control {mode, last, first} of column 0", {u_s.u_core.mesh_mode[0], u_s.u_core.mesh_last[0], u_s.u_core.mesh_first[0]}, {u_t.u_core.mesh_mode[0], u_t.u_core.mesh_last[0], u_t.u_core.mesh_first[0]}, u_s.u_core.mesh_v[0])
  `undef QA_LS_TOP

  wire any = pe_bad || (|tag_bad) || (|skew_bad) || (|wskew_bad) || (|top_bad);
  reg [31:0] pe_q = 32'hffffffff;  // the first divergence's PE (row-major), all ones: none
  always @(negedge clk_i) begin
    if (chk) begin
      chk_q <= chk_q + 64'd1;
      if (any) done_q <= 1'b1;
      if (pe_bad) pe_q <= g_r[ROWS-1].g_c[COLS-1].first;
    end
  end

  assign cfg_mesh_o    = MESH[7:0];
  assign cfg_obuf_o    = s_obuf;
  assign ls_cycles_o   = chk_q;
  assign ls_regs_o     = NREG[31:0];
  assign ls_diverged_o = done_q;
  assign ls_pe_o       = pe_q;
  wire unused = &{1'b0, s_mesh, t_mesh_cfg};
endmodule
