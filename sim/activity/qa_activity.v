// qa_activity: the structural array (qa_top, one qa_pe per PE) with a counter of its register
// toggles beside it, for make activity (docs/energy.md). Simulation only: the monitor reads the
// array's registers through hierarchical names and changes nothing in it; the ports are qa_top's
// (the shim and the host drive it like any build, configuration name ending in v) plus act_o.
//
// Counted after every clock edge (on the falling edge, when the array has settled), the bits
// that differ from the previous falling edge:
// - per PE, by register group: activation and weight pipeline (a_q, w_q), accumulator (acc_q),
//   control (v_q, last_q, mode_q, first_q), drain (c1_q, c2_q; and the drain valids and row tags
//   beside column 0, qa_mesh g_tag). A PE's cycle is a beat when its v_q is set (it took one at
//   that edge), a bubble when it is not but the PE is inside a tile (its last beat not yet
//   taken), idle otherwise; the first three groups are counted per kind of cycle, the drain in
//   all cycles together (it moves per tile, not per beat);
// - the skew and de-skew lines (qa_taps chains): every stage of a line holds its input a fixed
//   number of cycles later, so a line of depth d toggles d times what its input does (exact once
//   the line has emptied: make activity drains the array before it reads the counts); counted at
//   the line inputs, times the depth;
// - outside the core: the input register, the skid register, the output buffer's bypass row and
//   pointers; and apart, the nine 64-bit counters;
// - the FULL multiplier's input and output nets in every PE (W < 8): what operand isolation keeps
//   still in PACKED mode, per beat and per bubble (nets, not registers; a net's cycle is the one
//   whose operands it carries, by the PE's input valid).
// Nothing is counted during reset. Slots of act_o (64 bits each) are qa_sim.h's QA_ACT_*.
`ifndef QA_ACT_TOP
`define QA_ACT_TOP qa_top
`endif

module qa_activity #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  parameter integer NACT  = 24   // act_o slots (QA_ACT_N in sim/qa_sim.h)
) (
`include "qa_top_ports.vh"
  output wire [NACT*64-1:0]      act_o
);
  localparam integer AW = (8 / WBITS) * 8;
`ifdef QA_NO_ISOLATION
  localparam integer MESH = 4;  // cfg_mesh_o: the activity build without operand isolation
`else
  localparam integer MESH = 3;  // cfg_mesh_o: the activity build
`endif
  wire [7:0]  s_mesh;  // qa_top's own (0): this build reports MESH
  wire [15:0] s_obuf;
  assign cfg_mesh_o = MESH[7:0];
  assign cfg_obuf_o = s_obuf;
  wire unused = &{1'b0, s_mesh};

  `define QA_TOP_INST `QA_ACT_TOP
  `include "qa_top_inst.vh"
  `undef QA_TOP_INST

  // Counting starts with the first reset and pauses while it is held.
  reg seen_q = 1'b0;
  always @(posedge clk_i) if (!rst_ni) seen_q <= 1'b1;
  wire on = seen_q && rst_ni;

  // ---- every PE: per-group toggles of this cycle, its kind, summed row-major in a chain --------
  // s: {pe_beat, pe_bubble, pe_idle, aw x3, acc x3, ctl x3, drain, fullmul beat, fullmul bubble,
  // v_q, w_q in beats}
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_r
    for (genvar j = 0; j < COLS; j = j + 1) begin : g_c
      wire [AW+8+3*ACCW+3:0] cur = {u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.first_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.mode_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.last_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.v_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.c2_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.c1_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.acc_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.w_q,
                                    u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.a_q};
      wire [31:0] mul;  // the FULL multiplier's nets {fa, fw, full_prod}
      if (WBITS != 8) begin : g_mul
        assign mul = {u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.g_packed.fa,
                      u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.g_packed.fw,
                      u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.g_packed.full_prod};
      end else begin : g_nomul
        assign mul = 32'd0;
      end
      reg [AW+8+3*ACCW+3:0] prev_q = 0;
      reg [31:0]            mprev_q = 32'd0;
      reg                   in_tile_q = 1'b0;
      wire [AW+8+3*ACCW+3:0] d = cur ^ prev_q;
      wire [31:0]            md = mul ^ mprev_q;
      wire [31:0] t_aw    = 32'($countones(d[AW+7:0]));
      wire [31:0] t_w     = 32'($countones(d[AW+7:AW]));
      wire [31:0] t_acc   = 32'($countones(d[AW+8 +: ACCW]));
      wire [31:0] t_drain = 32'($countones(d[AW+8+ACCW +: 2*ACCW]));
      wire [31:0] t_ctl   = 32'($countones(d[AW+8+3*ACCW +: 4]));
      wire [31:0] t_mul   = 32'($countones(md));
      wire v = cur[AW+8+3*ACCW];
      wire beat = v, bubble = !v && in_tile_q, idle = !v && !in_tile_q;
      // The multiplier's nets carry the operands the PE takes at the next edge: their cycle's
      // kind is that of the input valid (v_i), inside a tile as it stands after this edge.
      wire vi = u_s.u_core.u_mesh.g_row[i].g_col[j].u_pe.v_i;
      wire in_tile_n = v ? !cur[AW+8+3*ACCW+1] : in_tile_q;
      wire mbeat = vi, mbubble = !vi && in_tile_n;
      wire [31:0] s [0:NACT-1];
      wire [31:0] p [0:NACT-1];  // the sums of the PEs before this one
      assign s[0]  = p[0]  + {31'd0, beat};
      assign s[1]  = p[1]  + {31'd0, bubble};
      assign s[2]  = p[2]  + {31'd0, idle};
      assign s[3]  = p[3]  + (beat ? t_aw : 0);
      assign s[4]  = p[4]  + (bubble ? t_aw : 0);
      assign s[5]  = p[5]  + (idle ? t_aw : 0);
      assign s[6]  = p[6]  + (beat ? t_acc : 0);
      assign s[7]  = p[7]  + (bubble ? t_acc : 0);
      assign s[8]  = p[8]  + (idle ? t_acc : 0);
      assign s[9]  = p[9]  + (beat ? t_ctl : 0);
      assign s[10] = p[10] + (bubble ? t_ctl : 0);
      assign s[11] = p[11] + (idle ? t_ctl : 0);
      assign s[12] = p[12] + t_drain;
      assign s[13] = p[13] + (mbeat ? t_mul : 0);
      assign s[14] = p[14] + (mbubble ? t_mul : 0);
      assign s[15] = p[15] + {31'd0, d[AW+8+3*ACCW]};  // v_q alone, in every kind of cycle
      assign s[16] = p[16] + (beat ? t_w : 0);          // w_q alone, in beats
      for (genvar k = 17; k < NACT; k = k + 1) begin : g_rest
        assign s[k] = p[k];
      end
      for (genvar k = 0; k < NACT; k = k + 1) begin : g_p
        if (j > 0) begin : g_pj
          assign p[k] = g_r[i].g_c[j-1].s[k];
        end else if (i > 0) begin : g_pi
          assign p[k] = g_r[i-1].g_c[COLS-1].s[k];
        end else begin : g_p0
          assign p[k] = 32'd0;
        end
      end
      always @(negedge clk_i) begin
        prev_q  <= cur;
        mprev_q <= mul;
        if (!rst_ni)  in_tile_q <= 1'b0;
        else if (v)   in_tile_q <= !cur[AW+8+3*ACCW+1];  // inside the tile unless that was its last
      end
    end
  end

  // ---- beside column 0: the drain valids and row tags (drain group) ---------------------------
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_t
    wire [33:0] cur = {u_s.u_core.u_mesh.g_tag[i].v1_q, u_s.u_core.u_mesh.g_tag[i].v2_q,
                       u_s.u_core.u_mesh.g_tag[i].t1_q, u_s.u_core.u_mesh.g_tag[i].t2_q};
    reg  [33:0] prev_q = 34'd0;
    always @(negedge clk_i) prev_q <= cur;
    wire [31:0] sum;  // rows 0..i
    if (i > 0) begin : g_n
      assign sum = g_t[i-1].sum + 32'($countones(cur ^ prev_q));
    end else begin : g_0
      assign sum = 32'($countones(cur ^ prev_q));
    end
  end

  // ---- the skew and de-skew lines, at their inputs, times their depths -------------------------
  wire [ROWS*AW-1:0]     sk_a  = u_s.u_core.u_skew.a_i;
  wire [COLS*8-1:0]      sk_w  = u_s.u_core.u_skew.w_i;
  wire [3:0]             sk_cv = {u_s.u_core.u_skew.ctl_i, u_s.u_core.u_skew.v_i};
  wire [COLS*ACCW-1:0]   ds_c  = u_s.u_core.u_deskew.c_i;
  wire [16:0]            ds_tv = {u_s.u_core.u_deskew.ct_i, u_s.u_core.u_deskew.cv_i};
  reg  [ROWS*AW-1:0]     sk_a_q = 0;
  reg  [COLS*8-1:0]      sk_w_q = 0;
  reg  [3:0]             sk_cv_q = 4'd0;
  reg  [COLS*ACCW-1:0]   ds_c_q = 0;
  reg  [16:0]            ds_tv_q = 17'd0;
  for (genvar i = 0; i < ROWS; i = i + 1) begin : g_sa
    wire [31:0] t = 32'(i) * 32'($countones(sk_a[i*AW +: AW] ^ sk_a_q[i*AW +: AW]));
    wire [31:0] sum;  // rows 0..i
    if (i > 0) begin : g_n
      assign sum = g_sa[i-1].sum + t;
    end else begin : g_0
      assign sum = t;
    end
  end
  wire [31:0] skew_ctl = 32'(COLS - 1) * 32'($countones(sk_cv ^ sk_cv_q));
  for (genvar j = 0; j < COLS; j = j + 1) begin : g_sw
    wire [31:0] t = 32'(j) * 32'($countones(sk_w[j*8 +: 8] ^ sk_w_q[j*8 +: 8]));
    wire [31:0] tc = 32'(COLS - 1 - j) * 32'($countones(ds_c[j*ACCW +: ACCW] ^ ds_c_q[j*ACCW +: ACCW]));
    wire [31:0] sum, wsum, dsum;  // columns 0..j (skew: and every row; de-skew: and the tag, valid)
    if (j > 0) begin : g_n
      assign sum  = g_sw[j-1].sum + t;
      assign wsum = g_sw[j-1].wsum + t;
      assign dsum = g_sw[j-1].dsum + tc;
    end else begin : g_0
      assign sum  = g_sa[ROWS-1].sum + t;
      assign wsum = t;
      assign dsum = tc + 32'(COLS - 1) * 32'($countones(ds_tv ^ ds_tv_q));
    end
  end

  // ---- outside the core: input and skid registers, the buffer's bypass row and pointers,
  // the counters ---------------------------------------------------------------------------------
  for (genvar k = 0; k < 9; k = k + 1) begin : g_k
    wire [63:0] cur = u_s.u_cnt.g_cnt[k].q;
    reg  [63:0] prev_q = 64'd0;
    always @(negedge clk_i) prev_q <= cur;
    wire [31:0] sum;  // counters 0..k
    if (k > 0) begin : g_n
      assign sum = g_k[k-1].sum + 32'($countones(cur ^ prev_q));
    end else begin : g_0
      assign sum = 32'($countones(cur ^ prev_q));
    end
  end
  // widths as qa_top and qa_obuf have them (OBUF at its default)
  localparam integer BW = ROWS * AW + COLS * 8 + 2;
  localparam integer OB = 2 * ROWS + COLS + 2;
  localparam integer EW = (BW + 1) + BW + (COLS * ACCW + 16) + 2 * $clog2(OB) + 2 * $clog2(OB + 2);
  wire [EW-1:0] edge_cur = {u_s.beat_q, u_s.u_skid.sk_q, u_s.u_obuf.byp_q, u_s.u_obuf.wr_q,
                            u_s.u_obuf.rd_q, u_s.u_obuf.n_q, u_s.u_obuf.cred_q};
  reg  [EW-1:0] edge_q = 0;
  wire [31:0]   edge_t = 32'($countones(edge_cur ^ edge_q));

  // ---- the counts -------------------------------------------------------------------------------
  reg [63:0] acc_q [0:NACT-1];
  wire [31:0] add [0:NACT-1];
  for (genvar k = 0; k < 17; k = k + 1) begin : g_add
    if (k == 12) begin : g_drain
      assign add[k] = g_r[ROWS-1].g_c[COLS-1].s[k] + g_t[ROWS-1].sum;
    end else begin : g_pe
      assign add[k] = g_r[ROWS-1].g_c[COLS-1].s[k];
    end
  end
  assign add[17] = g_sw[COLS-1].sum;   // the skew's data lines
  assign add[18] = g_sw[COLS-1].wsum;  // of which the weights'
  assign add[19] = skew_ctl;           // its control lines
  assign add[20] = g_sw[COLS-1].dsum;
  assign add[21] = edge_t;
  assign add[22] = g_k[8].sum;  // the counters
  assign add[23] = 32'd1;       // cycles counted
  for (genvar k = 0; k < NACT; k = k + 1) begin : g_acc
    initial acc_q[k] = 64'd0;
    always @(negedge clk_i) if (on) acc_q[k] <= acc_q[k] + {32'd0, add[k]};
    assign act_o[k*64 +: 64] = acc_q[k];
  end
  always @(negedge clk_i) begin
    sk_a_q  <= sk_a;
    sk_w_q  <= sk_w;
    sk_cv_q <= sk_cv;
    ds_c_q  <= ds_c;
    ds_tv_q <= ds_tv;
    edge_q  <= edge_cur;
  end
endmodule
