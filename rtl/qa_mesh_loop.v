// qa_mesh_loop: the same ROWS x COLS output-stationary mesh as qa_mesh, PE for PE and cycle for
// cycle, written as arrays: the next state of every PE is computed in one combinational block
// and whole arrays are registered. Verilator then emits loops instead of one copy of the PE per
// instance, so the model's size (and build time) no longer grows with the array; this is the
// mesh of large arrays (cloud 256x256).
//
// Per PE (p = i*COLS + j): a_q (LANES activations, moving right), w_q (weight byte, moving
// down), acc_q (the output-stationary sum), c1_q/c2_q (the two-register drain chain) and their
// valid bits: exactly qa_pe's registers. The beat's control (valid, last, mode) reaches PE(i,j)
// i + j cycles after it enters column 0, the same for every PE on an anti-diagonal, so it rides
// one register per anti-diagonal (dg_q) instead of one per PE; qa_top gives every column the
// same control skewed by its index, so column 0's is all the mesh needs.
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
  localparam integer PW = 16;               // every product and lane sum fits (see qa_pe)

  // Each field of every PE is one packed vector (PE p at [p*W +: W]): registering it is one
  // wide copy. Unpacked arrays would be expanded by Verilator into a delayed assignment per
  // element (one line of C++ per PE), which is what makes large meshes slow to build.
  reg [N*AW-1:0]   a_q,   a_d;
  reg [N*8-1:0]    w_q,   w_d;
  reg [N*ACCW-1:0] acc_q, acc_d;
  reg [N*ACCW-1:0] c1_q,  c1_d;
  reg [N*ACCW-1:0] c2_q,  c2_d;
  reg [N-1:0]      c1v_q, c1v_d;  // 1: c1 holds a result
  reg [N-1:0]      c2v_q, c2v_d;  // 1: c2 holds a result
  reg [DG*3-1:0]   dg_q,  dg_d;   // {mode, last, valid} of anti-diagonal k+1

  // Reset registered once: the next-state block must not read a top-level input, or Verilator
  // re-evaluates the whole mesh whenever any input changes. Hold rst_ni low >= 2 cycles.
  reg rst_q;
  always @(posedge clk_i) rst_q <= !rst_ni;

  integer i, j, p, l;
  reg [2:0]           ctl;
  reg [AW-1:0]        a_in;
  reg [7:0]           w_in;
  reg [ACCW-1:0]      c_in;
  reg                 cv_in;
  reg [7:0]           act;
  reg [WBITS-1:0]     code;
  reg signed [PW-1:0] a_x, term, psum, fprod, prod;
  reg                 neg, nz;
  reg [ACCW-1:0]      sum;

  always @* begin
    if (rst_q) dg_d = {(DG*3){1'b0}};
    else       dg_d = {dg_q[DG*3-4:0], mode_i[0], last_i[0], v_i[0]};
    for (i = 0; i < ROWS; i = i + 1) begin
      for (j = 0; j < COLS; j = j + 1) begin
        p     = i * COLS + j;
        a_in  = (j == 0) ? a_i[i*AW +: AW] : a_q[(p-1)*AW +: AW];
        w_in  = (i == 0) ? w_i[j*8 +: 8]   : w_q[(p-COLS)*8 +: 8];
        c_in  = (i == 0) ? {ACCW{1'b0}}    : c2_q[(p-COLS)*ACCW +: ACCW];
        cv_in = (i == 0) ? 1'b0            : c2v_q[p-COLS];
        ctl   = (i + j == 0) ? {mode_i[0], last_i[0], v_i[0]} : dg_q[(i+j-1)*3 +: 3];
        // PACKED lanes, branch-free as in qa_pe
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
            neg  = code[0] & code[WBITS-1];
            term = ((a_x ^ {PW{neg}}) & {PW{nz}}) + {{(PW-1){1'b0}}, neg};
          end else begin
            term = a_x * $signed({{(PW-WBITS){code[WBITS-1]}}, code});
          end
          psum = psum + term;
        end
        fprod = $signed({{(PW-8){a_in[7]}}, a_in[7:0]}) * $signed({{(PW-8){w_in[7]}}, w_in});
        prod  = ctl[2] ? psum : fprod;
        sum   = acc_q[p*ACCW +: ACCW] + {{(ACCW-PW){prod[PW-1]}}, prod};
        // registers of PE p
        a_d[p*AW +: AW]     = a_in;
        w_d[p*8 +: 8]       = w_in;
        c2_d[p*ACCW +: ACCW] = c1_q[p*ACCW +: ACCW];
        c2v_d[p]            = !rst_q && c1v_q[p];
        if (rst_q) begin
          acc_d[p*ACCW +: ACCW] = {ACCW{1'b0}};
          c1_d[p*ACCW +: ACCW]  = c_in;
          c1v_d[p]              = 1'b0;
        end else if (ctl[0] && ctl[1]) begin  // last beat: result into the chain, restart
          acc_d[p*ACCW +: ACCW] = {ACCW{1'b0}};
          c1_d[p*ACCW +: ACCW]  = sum;
          c1v_d[p]              = 1'b1;
        end else begin
          acc_d[p*ACCW +: ACCW] = ctl[0] ? sum : acc_q[p*ACCW +: ACCW];
          c1_d[p*ACCW +: ACCW]  = c_in;
          c1v_d[p]              = cv_in;
        end
      end
    end
  end

  always @(posedge clk_i) begin
    if (en_i || rst_q) begin
      a_q   <= a_d;
      w_q   <= w_d;
      acc_q <= acc_d;
      c1_q  <= c1_d;
      c2_q  <= c2_d;
      c1v_q <= c1v_d;
      c2v_q <= c2v_d;
      dg_q  <= dg_d;
    end
  end

  for (genvar jj = 0; jj < COLS; jj = jj + 1) begin : g_out
    assign c_o[jj*ACCW +: ACCW] = c2_q[((ROWS-1)*COLS + jj)*ACCW +: ACCW];
  end
  assign cv0_o = c2v_q[(ROWS-1)*COLS];
endmodule
