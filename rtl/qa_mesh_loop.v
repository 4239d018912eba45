// qa_mesh_loop: the same ROWS x COLS output-stationary mesh as qa_mesh, PE for PE and cycle for
// cycle, written as arrays updated by one loop: Verilator emits a C++ loop over the PEs instead
// of one copy of the PE per instance, so the model's size (and build time) no longer grows with
// the array and the simulator's hot loop fits in the instruction cache. This is the mesh of
// large arrays (cloud 256x256), and the faster one from 32x32 up.
//
// Per PE (p = i*COLS + j): a_s (LANES activations, moving right), w_s (weight byte, moving
// down), acc_s (the output-stationary sum), c1_s/c2_s (the two-register drain chain) and their
// valid bits: exactly qa_pe's registers. The beat's control (valid, last, mode) reaches PE(i,j)
// i + j cycles after it enters column 0, the same for every PE on an anti-diagonal, so it rides
// one register per anti-diagonal (dg_s) instead of one per PE; qa_top gives every column the
// same control skewed by its index, so column 0's is all the mesh needs.
//
// How the registers are written: one clocked process visits the PEs from the last to the first
// (p descending) and updates each PE's state with blocking writes. Everything a PE reads from a
// neighbour (a from p-1, w and the drain chain from p-COLS, control from anti-diagonal i+j-1)
// belongs to a PE not yet visited, so it still holds its value from before the clock edge:
// the loop computes exactly the registers' next state. (Verilator 5.006 expands non-blocking
// writes of unpacked arrays into one statement per element, and packed vectors make every
// access a wide bit-select; this form is a plain loop over plain arrays.) Only this process
// reads the arrays; what leaves the mesh is copied into ordinary registers (c_q, cv0_q) with
// non-blocking writes, so other processes never race with the blocking updates.
`include "qa_mutants.vh"

module qa_mesh_loop #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  parameter integer LANES = 8 / WBITS
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  input  wire                    en_i,
  input  wire [ROWS*LANES*8-1:0] a_i,
  input  wire [COLS*8-1:0]       w_i,
  input  wire [COLS-1:0]         v_i,
  input  wire [COLS-1:0]         last_i,
  input  wire [COLS-1:0]         mode_i,
  output wire [COLS*ACCW-1:0]    c_o,
  output wire                    cv0_o
);
  localparam integer AW = LANES * 8;
  localparam integer N  = ROWS * COLS;
  localparam integer DG = ROWS + COLS - 2;  // anti-diagonals 1 .. ROWS+COLS-2 are registered
  // Every product and lane sum fits in 16 bits (see qa_pe); the mesh computes them at 32, the
  // host word, so the generated C++ needs no masking to 16 bits (same values).
  localparam integer PW = 32;

  reg [AW-1:0]   a_s   [0:N-1];
  reg [7:0]      w_s   [0:N-1];
  reg [ACCW-1:0] acc_s [0:N-1];
  reg [ACCW-1:0] c1_s  [0:N-1];
  reg [ACCW-1:0] c2_s  [0:N-1];
  reg            c1v_s [0:N-1];  // 1: c1 holds a result
  reg            c2v_s [0:N-1];  // 1: c2 holds a result
  reg [2:0]      dg_s  [0:DG-1]; // {mode, last, valid} of anti-diagonal k+1

  reg [COLS*ACCW-1:0] c_q;       // copy of the bottom row's c2 (the mesh's output registers)
  reg                 cv0_q;

  // Reset registered once: the update must not read a top-level input, or Verilator
  // re-evaluates the whole mesh whenever any input changes. Hold rst_ni low >= 2 cycles.
  reg rst_q;
  always @(posedge clk_i) rst_q <= !rst_ni;

  always @(posedge clk_i) begin : p_mesh
    integer             i, j, p, l, k;
    reg [2:0]           ctl;
    reg [AW-1:0]        a_in;
    reg [7:0]           w_in;
    reg [ACCW-1:0]      c_in;
    reg                 cv_in;
    reg [7:0]           act;
    reg [WBITS-1:0]     code;
    reg signed [PW-1:0] a_x, term, psum, prod;
    reg                 neg, nz;
    reg [31:0]          t_lo, t_hi, t_nb, t_pb, t_pm, t_nm, t_p, t_n;
    reg [95:0]          t_a;  // a_in, zero-extended (AW <= 64)
    reg [ACCW-1:0]      sum;
    // Every temporary is written once before the loops: Verilator then keeps them as C++
    // locals (in registers) instead of class members written back to memory on every use.
    i = 0; j = 0; p = 0; l = 0; k = 0; ctl = 3'b000; a_in = {AW{1'b0}}; w_in = 8'h00;
    c_in = {ACCW{1'b0}}; cv_in = 1'b0; act = 8'h00; code = {WBITS{1'b0}}; a_x = {PW{1'b0}};
    term = {PW{1'b0}}; psum = {PW{1'b0}}; prod = {PW{1'b0}};
    neg = 1'b0; nz = 1'b0; sum = {ACCW{1'b0}};
    t_lo = 32'd0; t_hi = 32'd0; t_nb = 32'd0; t_pb = 32'd0; t_pm = 32'd0; t_nm = 32'd0;
    t_p = 32'd0; t_n = 32'd0; t_a = 96'd0;
    if (en_i || rst_q) begin
      for (i = ROWS - 1; i >= 0; i = i - 1) begin
        for (j = COLS - 1; j >= 0; j = j - 1) begin
          p     = i * COLS + j;
          a_in  = (j == 0) ? a_i[i*AW +: AW] : a_s[p-1];
          w_in  = (i == 0) ? w_i[j*8 +: 8]   : w_s[p-COLS];
          c_in  = (i == 0) ? {ACCW{1'b0}}    : c2_s[p-COLS];
          cv_in = (i == 0) ? 1'b0            : c2v_s[p-COLS];
          ctl   = (i + j == 0) ? {mode_i[0], last_i[0], v_i[0]} : dg_s[i+j-1];
          // The mode is the same for a whole tile and longer, so this branch predicts well and
          // each PE does only its mode's arithmetic. The PACKED lanes are branch-free as in qa_pe.
          if (ctl[2] && WBITS == 2) begin
            // Ternary as one 32-bit word (the simulator's hot path: about half the operations
            // of four separate lanes). Byte l of the masks is all ones when lane l's code is 01
            // (+1) or 11 (-1): the code bits sit at 2l, and multiplying by 0x41041 copies bit 2l
            // to bit 8l (no carry reaches a byte's bit 0). Then the sum of lane l's signed
            // activation over the +1 lanes minus the -1 lanes is a difference of two byte sums;
            // flipping the sign bits (x ^ 0x80808080) turns signed bytes into unsigned ones with
            // the same +128 offset on both sides, which cancels (a masked-out byte counts 128 on
            // both sides too).
            t_lo = {24'd0, w_in & 8'h55};
            t_hi = {24'd0, (w_in >> 1) & 8'h55};
            t_nb = `QA_TERNARY_NEG(t_lo, t_hi);
            t_pb = t_lo & ~t_nb;
            t_pm = ((t_pb * 32'h00041041) & 32'h01010101) * 32'h000000ff;
            t_nm = ((t_nb * 32'h00041041) & 32'h01010101) * 32'h000000ff;
            t_a  = {{(96-AW){1'b0}}, a_in};  // a_in is 32 bits when WBITS = 2
            t_p  = (t_a[31:0] & t_pm) ^ 32'h80808080;
            t_n  = (t_a[31:0] & t_nm) ^ 32'h80808080;
            t_p  = (t_p & 32'h00ff00ff) + ((t_p >> 8) & 32'h00ff00ff);
            t_n  = (t_n & 32'h00ff00ff) + ((t_n >> 8) & 32'h00ff00ff);
            prod = ((t_p & 32'h0000ffff) + (t_p >> 16)) - ((t_n & 32'h0000ffff) + (t_n >> 16));
          end else if (ctl[2] && WBITS == 1) begin
            // Binary, 8 lanes, as two 32-bit words: lane l adds a_l if its bit is 1, else
            // subtracts it, so the sum is 2 * (sum over 1-lanes) - (sum over all lanes). Bits
            // 0..3 of a nibble go to bytes 0..3 by multiplying by 0x204081 (every partial
            // product lands on its own bit: no carries). Byte sums of signed bytes as above:
            // sum(signed x) = bytesum(x ^ 0x80808080) - 512 for a 4-byte word.
            t_a  = {{(96-AW){1'b0}}, a_in};  // a_in is 64 bits when WBITS = 1
            t_pm = ((({28'd0, w_in[3:0]}) * 32'h00204081) & 32'h01010101) * 32'h000000ff;
            t_nm = ((({28'd0, w_in[7:4]}) * 32'h00204081) & 32'h01010101) * 32'h000000ff;
            t_lo = (t_a[31:0] & t_pm) ^ 32'h80808080;            // 1-lanes, bytes 0..3
            t_hi = (t_a[63:32] & t_nm) ^ 32'h80808080;            // 1-lanes, bytes 4..7
            t_p  = t_a[31:0] ^ 32'h80808080;                     // all lanes, bytes 0..3
            t_n  = t_a[63:32] ^ 32'h80808080;                     // all lanes, bytes 4..7
            t_lo = (t_lo & 32'h00ff00ff) + ((t_lo >> 8) & 32'h00ff00ff);
            t_hi = (t_hi & 32'h00ff00ff) + ((t_hi >> 8) & 32'h00ff00ff);
            t_p  = (t_p & 32'h00ff00ff) + ((t_p >> 8) & 32'h00ff00ff);
            t_n  = (t_n & 32'h00ff00ff) + ((t_n >> 8) & 32'h00ff00ff);
            prod = (((t_lo & 32'h0000ffff) + (t_lo >> 16) + (t_hi & 32'h0000ffff) + (t_hi >> 16)) << 1)
                   - ((t_p & 32'h0000ffff) + (t_p >> 16) + (t_n & 32'h0000ffff) + (t_n >> 16))
                   - 32'd1024;
          end else if (ctl[2]) begin
            psum = {PW{1'b0}};
            for (l = 0; l < LANES; l = l + 1) begin
              act  = a_in[l*8 +: 8];
              code = w_in[l*WBITS +: WBITS];
              a_x  = {{(PW-8){act[7]}}, act};
              if (WBITS == 1) begin
                neg  = ~code[0];
                term = (a_x ^ {PW{neg}}) + {{(PW-1){1'b0}}, neg};
              end else if (WBITS == 2) begin
                nz   = code[0];
                neg  = `QA_TERNARY_NEG(code[0], code[WBITS-1]);
                term = ((a_x ^ {PW{neg}}) & {PW{nz}}) + {{(PW-1){1'b0}}, neg};
              end else begin
                term = a_x * $signed({{(PW-WBITS){code[WBITS-1]}}, code});
              end
              psum = psum + term;
            end
            prod = psum;
          end else begin
            prod = $signed({{(PW-8){a_in[7]}}, a_in[7:0]}) * $signed({{(PW-8){w_in[7]}}, w_in});
          end
          sum   = acc_s[p] + prod[ACCW-1:0];  // ACCW <= PW: the low bits wrap the same
`ifdef QA_MUT_ACCTRUNC
          sum   = `QA_ACC_WRAP(sum);  // mutant (rtl/qa_mutants.vh)
`endif
          // next state of PE p (c2 before c1: c2 takes c1's old value)
          a_s[p]   = a_in;
          w_s[p]   = w_in;
          c2_s[p]  = c1_s[p];
          c2v_s[p] = !rst_q && c1v_s[p];
          if (rst_q) begin
            acc_s[p] = {ACCW{1'b0}};
            c1_s[p]  = c_in;
            c1v_s[p] = 1'b0;
          end else if (ctl[0] && ctl[1]) begin  // last beat: result into the chain, restart
            acc_s[p] = {ACCW{1'b0}};
            c1_s[p]  = sum;
            c1v_s[p] = 1'b1;
          end else begin
            acc_s[p] = ctl[0] ? sum : acc_s[p];
            c1_s[p]  = c_in;
            c1v_s[p] = cv_in;
          end
`ifdef QA_MUT_DRAIN
          c2_s[p]  = c1_s[p];  // mutant (rtl/qa_mutants.vh): c2 takes c1's new value
          c2v_s[p] = !rst_q && c1v_s[p];
`endif
        end
      end
      // the control moves one anti-diagonal on; anti-diagonal 1 takes column 0's input
      for (k = DG - 1; k >= 1; k = k - 1)
        dg_s[k] = rst_q ? 3'b000 : dg_s[k-1];
      dg_s[0] = rst_q ? 3'b000 : {mode_i[0], last_i[0], v_i[0]};
      for (j = 0; j < COLS; j = j + 1)
        c_q[j*ACCW +: ACCW] <= c2_s[(ROWS-1)*COLS + j];
      cv0_q <= c2v_s[(ROWS-1)*COLS];
    end
  end

  assign c_o   = c_q;
  assign cv0_o = cv0_q;
endmodule
