// qa_pe: one output-stationary processing element with a precision-scalable MAC.
//
// Operands: LANES signed INT8 activations arrive from the left (a_i) and one weight byte from
// above (w_i), together with the beat's control (valid, last, mode), which travels down the
// column with the weight so every PE sees it exactly when its operands arrive.
//   mode_i = 0 (FULL):   w_i is one signed INT8 weight; 1 MAC per beat on lane 0.
//   mode_i = 1 (PACKED): w_i holds LANES = 8 / WBITS weights, lane l in bits [l*WBITS +: WBITS];
//                        LANES MACs per beat. WBITS=1: bit 1 = +1, bit 0 = -1 (add / subtract);
//                        WBITS=2: 2'b01 = +1, 2'b11 = -1, 2'b00 = 0 (2'b10 is never produced by
//                        the packer and is held as 0); WBITS=4: signed INT4; WBITS=8: INT8.
// Accumulation wraps at ACCW bits (two's complement).
//
// Accumulation: a tile's first beat (first_i) starts the sum from its product, every other valid
// beat adds to it (acc = first ? prod : acc + prod), so the accumulator needs no reset: only the
// control (the valid) has one. Operand isolation: in PACKED mode the FULL multiplier's inputs
// are held at zero, so it does not toggle (W1..W4; at W8 the two modes are one multiplier).
//
// Drain (double buffer): on the last beat of a tile the finished sum goes into the chain
// register c1, so the next tile computes while this one drains. The chain moves one PE down
// every two cycles (c1 -> c2 -> next PE's c1): the completion wavefront moves one PE per cycle,
// so a result inserted at row i never meets one from above; results leave the bottom one per
// cycle, last row first. Which results are valid, and which row made them, qa_mesh keeps beside
// column 0 (one chain for the mesh, not one per PE).
`include "qa_mutants.vh"

module qa_pe #(
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32
) (
  input  wire               clk_i,
  input  wire               rst_ni,
  input  wire [64/WBITS-1:0] a_i,
  output wire [64/WBITS-1:0] a_o,
  input  wire [7:0]         w_i,
  input  wire               v_i,
  input  wire               last_i,
  input  wire               mode_i,
  input  wire               first_i,
  output wire [7:0]         w_o,
  output wire               v_o,
  output wire               last_o,
  output wire               mode_o,
  output wire               first_o,
  input  wire [ACCW-1:0]    c_i,
  output wire [ACCW-1:0]    c_o
);
  localparam integer LANES = 8 / WBITS;  // weights per byte in PACKED mode (not overridable)
  if (!(WBITS == 1 || WBITS == 2 || WBITS == 4 || WBITS == 8)) begin : g_bad_wbits
    initial $fatal(1, "qa_pe: WBITS must be 1, 2, 4 or 8");
  end
  if (ACCW < 16 || ACCW > 32) begin : g_bad_accw
    initial $fatal(1, "qa_pe: ACCW must be 16..32 (a product or lane sum is 16 bits)");
  end
  // Every product and lane sum fits in 16 signed bits: |a*w| <= 128*128 = 16384 in FULL mode,
  // and a PACKED lane sum is at most 8*128 (binary), 4*128 (ternary), 2*128*8 (INT4). ACCW >= 16.
  localparam integer PW = 16;

  wire signed [PW-1:0] prod;

  if (WBITS == 8) begin : g_int8
    // PACKED at 8-bit weights is the same operation as FULL (one lane, one INT8 weight), so the
    // W8 PE is the INT8 MAC a W8A8 design builds: one multiplier, no mode multiplexer.
    wire unused = &{1'b0, mode_i};
    wire signed [PW-1:0] full_prod = $signed({{(PW-8){a_i[7]}}, a_i[7:0]}) *
                                     $signed({{(PW-8){w_i[7]}}, w_i});
    assign prod = full_prod;
  end else begin : g_packed
    // The FULL-mode product: the INT8 x INT8 multiplier every precision has (attention), its
    // inputs held at zero in PACKED mode (operand isolation).
`ifdef QA_NO_ISOLATION
    // make activity's "before" (sim/activity/): the multiplier sees the operands in every mode
    wire [7:0] fa = a_i[7:0];
    wire [7:0] fw = w_i;
`else
    wire [7:0] fa = a_i[7:0] & {8{~mode_i}};
    wire [7:0] fw = w_i & {8{~mode_i}};
`endif
    wire signed [PW-1:0] full_prod = $signed({{(PW-8){fa[7]}}, fa}) *
                                     $signed({{(PW-8){fw[7]}}, fw});
    // The PACKED datapath, one generate block per lane: binary and ternary are add / subtract /
    // hold, INT4 multiplies. Plain continuous assigns (no function, no loop) keep the
    // Verilated code per PE small: this is the simulator's hot path.
    wire signed [PW-1:0] term [0:LANES-1];
    for (genvar l = 0; l < LANES; l = l + 1) begin : g_lane
      wire [7:0]           act  = a_i[l*8 +: 8];
      wire [WBITS-1:0]     code = w_i[l*WBITS +: WBITS];
      wire signed [PW-1:0] a_x  = {{(PW-8){act[7]}}, act};
      // Conditional negation as the hardware does it, -a = ~a + 1: XOR with the sign, carry in
      // the sign; written with masks, not selects, so the Verilated code has no data-dependent
      // branches (random weights would mispredict them every cycle).
      if (WBITS == 1) begin : g_bin
        // bit 1 = +1, bit 0 = -1
        wire neg = ~code[0];
        assign term[l] = (a_x ^ {PW{neg}}) + {{(PW-1){1'b0}}, neg};
      end else if (WBITS == 2) begin : g_ter
        // 2'b01 = +1, 2'b11 = -1; 2'b00 (and the unused 2'b10) hold.
        wire nz  = code[0];
        wire neg = `QA_TERNARY_NEG(code[0], code[1]);
        assign term[l] = ((a_x ^ {PW{neg}}) & {PW{nz}}) + {{(PW-1){1'b0}}, neg};
      end else begin : g_mul
        // INT4: a 4 x 8 multiply (the weight's code sign-extended).
        assign term[l] = a_x * $signed({{(PW-WBITS){code[WBITS-1]}}, code});
      end
    end

    wire signed [PW-1:0] packed_sum;
    if (LANES == 2) begin : g_sum2
      assign packed_sum = term[0] + term[1];
    end else if (LANES == 4) begin : g_sum4
      assign packed_sum = (term[0] + term[1]) + (term[2] + term[3]);
    end else begin : g_sum8
      assign packed_sum = ((term[0] + term[1]) + (term[2] + term[3])) +
                          ((term[4] + term[5]) + (term[6] + term[7]));
    end
    assign prod = mode_i ? packed_sum : full_prod;
  end

  wire [ACCW-1:0]      prod_x    = {{(ACCW-PW){prod[PW-1]}}, prod};

  reg  [LANES*8-1:0] a_q;
  reg  [7:0]         w_q;
  reg                v_q, last_q, mode_q, first_q;
  reg  [ACCW-1:0]    acc_q;
  reg  [ACCW-1:0]    c1_q, c2_q;
  wire [ACCW-1:0]    base  = first_i ? {ACCW{1'b0}} : acc_q;
  wire [ACCW-1:0]    sum_w = base + prod_x;
  wire [ACCW-1:0]    sum   = `QA_ACC_WRAP(sum_w);
  wire [ACCW-1:0]    c1_d  = (v_i && last_i) ? sum : c_i;

  // The control's valid is the only register with a reset.
  always @(posedge clk_i) begin
    if (!rst_ni) v_q <= 1'b0;
    else         v_q <= v_i;
  end

  // Data registers need no reset: the valid bits qualify them, and a tile's first beat
  // overwrites the accumulator.
  always @(posedge clk_i) begin
    if (v_i) acc_q <= sum;
    a_q     <= a_i;
    w_q     <= w_i;
    last_q  <= last_i;
    mode_q  <= mode_i;
    first_q <= first_i;
    c1_q    <= c1_d;
    c2_q    <= `QA_DRAIN_C2(c1_q, c1_d);
  end

  assign a_o     = a_q;
  assign w_o     = w_q;
  assign v_o     = v_q;
  assign last_o  = last_q;
  assign mode_o  = mode_q;
  assign first_o = first_q;
  assign c_o     = c2_q;
endmodule
