// qa_mesh_loop: the same ROWS x COLS output-stationary mesh as qa_mesh, cycle for cycle and
// register for register, written for simulation speed: Verilator emits one C++ loop over the PEs
// instead of one copy of the PE per instance, so the model's size (and build time) no longer
// grows with the array. This is the mesh of large arrays (cloud 256x256), and the faster one
// from 16x16 up.
//
// Every register of qa_pe is here, but the ones that only shift are stored as ring buffers
// (delay lines) instead of being copied PE to PE on every edge:
// - a (activations, moving right): PE(i,j) holds what row i's input held j edges ago, so row i
//   keeps its last COLS inputs, ha[i*2*COLS + pa + j] (each beat written twice, at pa and
//   pa + COLS, so no index wraps).
// - w (weight byte, moving down): PE(i,j) holds column j's input of i edges ago: one slot of
//   COLS sign-extended bytes per beat, hw[(pw + i)*COLS + j] (each slot written twice, at pw
//   and pw + ROWS).
// - control {first, mode, last, valid} (moving along anti-diagonals, as qa_skew gives every
//   column the same control skewed by its index): PE(i,j) holds column 0's input of i + j edges
//   ago, hc[pc + i + j].
// - the drain chain (c1 then c2 of row 0, c1 then c2 of row 1, ... down each column): 2*ROWS
//   stages that all move one stage per edge, so only a pointer moves; stage s of column j is
//   dc[((pd + s) mod 2*ROWS)*COLS + j]. Stage 0 (row 0's c1) takes zero each edge; a PE whose
//   last beat ends writes its sum into its c1 (stage 2i), as qa_pe. Beside column 0, as in
//   qa_mesh, the valid (dv) and the row index (dt) of each stage.
// Each pointer counts down one per edge and the new beat is written at it. What stays per PE
// is the accumulator acc_s, written only when the PE's beat is valid: a tile's first beat starts
// it from the product (no reset, as qa_pe). Reset clears the valids of the drain chain and the
// control, as qa_pe's and qa_mesh's resets do; the data shifts on. The debug build
// (+define+QA_TRACE_VIEW) also writes each PE's registers under qa_pe's names (a_s, w_s, c1_s,
// c2_s, ctl_s, dg_s; v1_s, v2_s, t1_s, t2_s for qa_mesh's column-0 chain) from the rings after
// every edge, for the waveform viewer and the lockstep build (sim/lockstep/), which compares
// them with qa_mesh's registers.
//
// Products. Each activation beat is also stored in the forms the PEs need, computed once per
// row instead of once per PE: lane 0 sign-extended (hx, FULL mode), and for W1/W2 the sum of
// its lanes (hk) and, for W2, its lanes + 128 as 16-bit fields (hp). lut/lk hold the same for
// a weight byte (a 256-entry constant table). W2 (ternary, c in {-1, 0, +1}): field 3 of the
// 64-bit product hp * lut is the sum over the lanes of (a + 128)(c + 1) = the dot product +
// (sum of a) + 128 (sum of c) + 512; no field of the product exceeds 2040, so no carries cross
// fields, and the one-sided terms come from hk and lk. W1 (c = +1 for bit 1, -1 for bit 0):
// 2 * (sum of the 1-lanes) - (sum of all lanes), the first a byte sum of the masked lanes with
// their sign bits flipped (x ^ 0x80: + 128 each), the second from hk. W4 lane by lane.
//
// One clocked process does all of it with blocking writes (arrays that no other process reads);
// what leaves the mesh is copied into ordinary registers (c_q, cv0_q) with non-blocking writes.
`include "qa_mutants.vh"

module qa_mesh_loop #(
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
  output wire                    cv0_o,
  output wire [15:0]             ct0_o   // the row index column 0's bottom result carries
);
  localparam integer LANES = 8 / WBITS;  // weights per byte in PACKED mode (not overridable)
  localparam integer AW   = LANES * 8;
  localparam integer N    = ROWS * COLS;
  localparam integer D    = ROWS + COLS - 1;  // a PE's control is 0 .. ROWS+COLS-2 edges old
  localparam integer S    = 2 * ROWS;         // drain stages per column
  localparam integer LUTN = 256;              // lut: one entry per weight byte
  localparam integer HCN  = 1 << $clog2(2 * D);  // hc's size, a power of two (no bound checks)
  // Every product and lane sum fits in 16 bits (see qa_pe); the mesh computes them at 32, the
  // host word, so the generated C++ needs no masking to 16 bits (same values).
  localparam integer PW   = 32;

  reg [AW-1:0]   ha    [0:2*N-1];
  reg [31:0]     hx    [0:2*N-1];   // ha's lane 0 sign-extended (the FULL-mode operand)
  reg [63:0]     hp    [0:2*N-1];   // W2: lane l + 128 in bits 16l +: 16
  reg [31:0]     hk    [0:2*N-1];   // the sum of ha's lanes, + 512 (W2) or + 2048 (W1)
  reg [31:0]     hw    [0:2*N-1];   // weight bytes, sign-extended
  reg [3:0]      hc    [0:HCN-1];   // {first, mode, last, valid}
  reg [ACCW-1:0] acc_s [0:N-1];
  reg [ACCW-1:0] dc    [0:S*COLS-1];
  reg            dv    [0:S-1];       // column 0's result valids, stage for stage with dc
  reg [15:0]     dt    [0:S-1];       // column 0's row tags, the same (qa_mesh g_tag)
  reg [63:0]     lut   [0:LUTN-1];
  reg [31:0]     lk    [0:LUTN-1];
  reg [31:0]     pa, pw, pc, pd;   // ring pointers: 0..COLS-1, 0..ROWS-1, 0..D-1, 0..S-1

  reg [COLS*ACCW-1:0] c_q;        // copy of the bottom row's c2 (the mesh's output registers)
  reg                 cv0_q;
  reg [15:0]          ct0_q;

`ifdef QA_TRACE_VIEW
  reg [AW-1:0]   a_s   [0:N-1];
  reg [7:0]      w_s   [0:N-1];
  reg [ACCW-1:0] c1_s  [0:N-1];
  reg [ACCW-1:0] c2_s  [0:N-1];
  reg [3:0]      dg_s  [0:D-2];   // {first, mode, last, valid} of anti-diagonal k+1
  reg [3:0]      ctl_s [0:N-1];   // each PE's {first_q, mode_q, last_q, v_q}
  reg            v1_s  [0:ROWS-1]; // column 0's result valids beside c1 and c2 (qa_mesh g_tag)
  reg            v2_s  [0:ROWS-1];
  reg [15:0]     t1_s  [0:ROWS-1]; // column 0's row tags beside c1 and c2 (qa_mesh g_tag)
  reg [15:0]     t2_s  [0:ROWS-1];
`endif

  // What a weight byte contributes, a constant table ({lk, lut} = lane_table(byte)):
  // W1: lut = a 0xff byte per lane whose bit is 1 (the lanes that add; the others subtract).
  // W2: lane l's value c in {-1, 0, +1} as c + 1 in bits 16*(3-l) +: 16 of lut (the lanes in
  //     reverse order), and 128 * (the sum of the c) in lk.
  function automatic [95:0] lane_table(input [7:0] wb);
    integer fl;
    reg     fneg, fpos;
    begin
      lane_table = 96'd0;
      fneg = 1'b0;
      fpos = 1'b0;
      for (fl = 0; fl < 8; fl = fl + 1) begin
        if (WBITS == 1) begin
          lane_table[fl*8 +: 8] = {8{wb[fl]}};
        end else if (WBITS == 2 && fl < 4) begin
          fneg = `QA_TERNARY_NEG(wb[2*fl], wb[2*fl+1]);
          fpos = wb[2*fl] & ~fneg;
          lane_table[16*(3-fl) +: 16] = fneg ? 16'd0 : (fpos ? 16'd2 : 16'd1);
          lane_table[95:64] = lane_table[95:64] + (fpos ? 32'd128 : 32'd0) - (fneg ? 32'd128 : 32'd0);
        end
      end
    end
  endfunction

  integer li;
  initial begin
    for (li = 0; li < LUTN; li = li + 1) begin
      {lk[li], lut[li]} = lane_table(li[7:0]);
    end
    pa = 32'd0;
    pw = 32'd0;
    pc = 32'd0;
    pd = 32'd0;
  end

  // Reset registered once: the update must not read a top-level input, or Verilator
  // re-evaluates the whole mesh whenever any input changes. Hold rst_ni low >= 2 cycles.
  reg rst_q;
  always @(posedge clk_i) rst_q <= !rst_ni;

  // p_mesh updates its state with blocking writes, each read only by p_mesh after the write
  // when the new value is meant (see the header): BLKSEQ is off for this process only.
  // verilator lint_off BLKSEQ
  always @(posedge clk_i) begin : p_mesh
    reg [31:0]          i, j, l, ba, bw, bc, bq, s;
    reg [3:0]           ctl;
    reg [AW-1:0]        a_in;
    reg [7:0]           w_in;
    reg [7:0]           act;
    reg [WBITS-1:0]     code;
    reg signed [PW-1:0] a_x, term, psum, prod;
    reg [63:0]          t_m, t_x;
    reg [31:0]          t_k;
    reg [95:0]          t_a;  // a_in, zero-extended (AW <= 64)
    reg [31:0]          tg;
    reg [ACCW-1:0]      sum;
    // Every temporary is written once before the loops: Verilator then keeps them as C++
    // locals (in registers) instead of class members written back to memory on every use.
    i = 32'd0; j = 32'd0; l = 32'd0; ba = 32'd0; bw = 32'd0; bc = 32'd0; bq = 32'd0; s = 32'd0;
    ctl = 4'b0000;
    a_in = {AW{1'b0}}; w_in = 8'h00; act = 8'h00; code = {WBITS{1'b0}};
    a_x = {PW{1'b0}}; term = {PW{1'b0}}; psum = {PW{1'b0}}; prod = {PW{1'b0}};
    t_m = 64'd0; t_x = 64'd0; t_a = 96'd0; t_k = 32'd0; sum = {ACCW{1'b0}}; tg = 32'd0;
    begin  // every edge: the mesh never stops (qa_top holds back-pressure at its input)
      // ---- the shift registers: one edge older, this edge's inputs enter ----
      pa = (pa == 0) ? COLS - 1 : pa - 1;
      pw = (pw == 0) ? ROWS - 1 : pw - 1;
      pc = (pc == 0) ? D - 1 : pc - 1;
      for (i = 0; i < ROWS; i = i + 1) begin
        ha[i*2*COLS + pa]        = a_i[i*AW +: AW];
        ha[i*2*COLS + pa + COLS] = a_i[i*AW +: AW];
        hx[i*2*COLS + pa]        = {{24{a_i[i*AW + 7]}}, a_i[i*AW +: 8]};
        hx[i*2*COLS + pa + COLS] = {{24{a_i[i*AW + 7]}}, a_i[i*AW +: 8]};
        if (WBITS <= 2) begin  // the packed operands: lanes + 128 and the lane sum
          t_x = 64'd0;
          t_k = (WBITS == 2) ? 32'd512 : 32'd2048;
          for (l = 0; l < LANES; l = l + 1)
            t_k = t_k + {{24{a_i[i*AW + 8*l + 7]}}, a_i[i*AW + 8*l +: 8]};
          if (WBITS == 2) begin
            for (l = 0; l < 4; l = l + 1)
              t_x[16*l +: 16] = {8'd0, ~a_i[i*AW + 8*l + 7], a_i[i*AW + 8*l +: 7]};
            hp[i*2*COLS + pa]        = t_x;
            hp[i*2*COLS + pa + COLS] = t_x;
          end
          hk[i*2*COLS + pa]        = t_k;
          hk[i*2*COLS + pa + COLS] = t_k;
        end
      end
      for (j = 0; j < COLS; j = j + 1) begin
        hw[pw*COLS + j]          = {{24{w_i[j*8 + 7]}}, w_i[j*8 +: 8]};
        hw[(pw + ROWS)*COLS + j] = {{24{w_i[j*8 + 7]}}, w_i[j*8 +: 8]};
      end
      hc[pc]     = {first_i[0], mode_i[0], last_i[0], v_i[0]};
      hc[pc + D] = {first_i[0], mode_i[0], last_i[0], v_i[0]};
      // the drain chain moves one stage (two in the drain mutant, rtl/qa_mutants.vh); stage 0
      // (row 0's c1) takes zero
      for (l = 0; l < `QA_DRAIN_STAGES; l = l + 1) begin
        pd = (pd == 0) ? S - 1 : pd - 1;
        for (j = 0; j < COLS; j = j + 1) dc[pd*COLS + j] = {ACCW{1'b0}};
        dv[pd] = 1'b0;
        dt[pd] = 16'd0;
      end
      if (!rst_q) begin
        // ---- the PEs: multiply-accumulate on a valid beat, hand the sum on at the last ----
        for (i = 0; i < ROWS; i = i + 1) begin
          ba = i*2*COLS + pa;
          bw = (pw + i)*COLS;
          bc = pc + i;
          bq = i*COLS;
          s  = (pd + 2*i < S) ? pd + 2*i : pd + 2*i - S;  // this row's c1 stage
          for (j = 0; j < COLS; j = j + 1) begin
            ctl = hc[bc + j];
            if (ctl[0]) begin
              w_in = hw[bw + j][7:0];
              // The mode is the same for a whole tile and longer, so this branch predicts well.
              if (ctl[2] && WBITS == 2) begin
                // One multiply: field 3 of hp * lut is the sum over lanes of (a + 128)(c + 1)
                // = (the dot product) + (sum of a) + 128 (sum of c) + 512 (each field of the
                // product is at most 2040: no carries between fields).
                t_x  = hp[ba + j] * lut[w_in];
                prod = {16'd0, t_x[63:48]} - hk[ba + j] - lk[w_in];
              end else if (ctl[2] && WBITS == 1) begin
                // 2 * (sum over the 1-lanes) - (sum over all lanes): the first is a byte sum
                // of the masked lanes + 128 each, less 1024; hk holds the second + 2048.
                a_in = ha[ba + j];
                t_m  = lut[w_in];
                t_a  = {{(96-AW){1'b0}}, a_in};  // a_in is 64 bits when WBITS = 1
                t_x  = (t_a[63:0] & t_m) ^ 64'h8080808080808080;
                t_x  = (t_x & 64'h00ff00ff00ff00ff) + ((t_x >> 8) & 64'h00ff00ff00ff00ff);
                t_x  = t_x * 64'h0001000100010001;  // the four 16-bit fields summed at the top
                prod = ({16'd0, t_x[63:48]} << 1) - hk[ba + j];
              end else if (ctl[2]) begin
                a_in = ha[ba + j];
                psum = {PW{1'b0}};
                for (l = 0; l < LANES; l = l + 1) begin
                  act  = a_in[l*8 +: 8];
                  code = w_in[l*WBITS +: WBITS];
                  a_x  = {{(PW-8){act[7]}}, act};
                  term = a_x * $signed({{(PW-WBITS){code[WBITS-1]}}, code});
                  psum = psum + term;
                end
                prod = psum;
              end else begin
                prod = $signed(hx[ba + j]) * $signed(hw[bw + j]);
              end
              // a tile's first beat starts from its product (ACCW <= PW: the low bits wrap the same)
              sum = (ctl[3] ? {ACCW{1'b0}} : acc_s[bq + j]) + prod[ACCW-1:0];
`ifdef QA_MUT_ACCTRUNC
              sum = `QA_ACC_WRAP(sum);  // mutant (rtl/qa_mutants.vh)
`endif
              acc_s[bq + j] = sum;
              if (ctl[1]) begin  // last beat: the sum into this PE's c1
                dc[s*COLS + j] = sum;
                if (j == 0) begin
                  tg     = `QA_ROW_TAG(i);
                  dv[s]  = 1'b1;
                  dt[s]  = tg[15:0];
                end
              end
            end
          end
        end
      end else begin
        // ---- reset: result valids and control cleared; data shifts as usual ----
        for (i = 0; i < S; i = i + 1) dv[i] = 1'b0;
        for (i = 0; i < HCN; i = i + 1) hc[i] = 4'b0000;
      end
`ifdef QA_TRACE_VIEW
      for (i = 0; i < ROWS; i = i + 1) begin
        for (j = 0; j < COLS; j = j + 1) begin
          a_s[i*COLS + j]   = ha[i*2*COLS + pa + j];
          w_s[i*COLS + j]   = hw[(pw + i)*COLS + j][7:0];
          s                 = (pd + 2*i) % S;
          c1_s[i*COLS + j]  = dc[s*COLS + j];
          s                 = (pd + 2*i + 1) % S;
          c2_s[i*COLS + j]  = dc[s*COLS + j];
          ctl_s[i*COLS + j] = hc[pc + i + j];
        end
        v1_s[i] = dv[(pd + 2*i) % S];
        v2_s[i] = dv[(pd + 2*i + 1) % S];
        t1_s[i] = dt[(pd + 2*i) % S];
        t2_s[i] = dt[(pd + 2*i + 1) % S];
      end
      for (i = 0; i < D - 1; i = i + 1) dg_s[i] = hc[pc + i + 1];
`endif
      // the output registers: the bottom row's c2 (stage S-1)
      s = (pd == 0) ? S - 1 : pd - 1;
      for (j = 0; j < COLS; j = j + 1)
        c_q[j*ACCW +: ACCW] <= dc[s*COLS + j];
      cv0_q <= dv[s];
      ct0_q <= dt[s];
    end
  end
  // verilator lint_on BLKSEQ

  assign c_o   = c_q;
  assign cv0_o = cv0_q;
  assign ct0_o = ct0_q;
endmodule
