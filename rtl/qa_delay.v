// qa_delay: a DEPTH-stage shift register of WIDTH bits (one stage per clock edge): the last
// stage of qa_taps. DEPTH = 0 is a wire. With RESET = 1 every stage clears on reset (for valid
// bits); data lines use RESET = 0, since their valid bits qualify them.
module qa_delay #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 1,
  parameter integer RESET = 0
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire [WIDTH-1:0] d_i,
  output wire [WIDTH-1:0] q_o
);
  if (DEPTH == 0) begin : g_wire
    assign q_o = d_i;
    wire unused = &{1'b0, clk_i, rst_ni};  // a wire has no clock or reset
  end else begin : g_regs
    wire [DEPTH*WIDTH-1:0] taps;
    qa_taps #(.WIDTH(WIDTH), .DEPTH(DEPTH), .RESET(RESET)) u_taps (
      .clk_i (clk_i),
      .rst_ni(rst_ni),
      .d_i   (d_i),
      .taps_o(taps)
    );
    assign q_o = taps[(DEPTH-1)*WIDTH +: WIDTH];
    if (DEPTH > 1) begin : g_inner
      wire unused = &{1'b0, taps[(DEPTH-1)*WIDTH-1:0]};  // the inner stages only shift
    end
  end
endmodule
