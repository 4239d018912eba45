// qa_taps: a DEPTH-stage shift register of WIDTH bits whose every stage is an output: stage s
// (s = 0 .. DEPTH-1) holds d_i of s+1 edges ago, in taps_o[s*WIDTH +: WIDTH]. With RESET = 1
// every stage clears on reset (valid bits); data stages (RESET = 0) are qualified by their
// valid bits. One register per generate stage (no arrays written in loops: Verilator
// BLKLOOPINIT). DEPTH >= 1.
module qa_taps #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 1,
  parameter integer RESET = 0
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire [WIDTH-1:0]       d_i,
  output wire [DEPTH*WIDTH-1:0] taps_o
);
  for (genvar s = 0; s < DEPTH; s = s + 1) begin : g_stage
    reg  [WIDTH-1:0] stage_q;
    wire [WIDTH-1:0] stage_d;
    if (s == 0) begin : g_first
      assign stage_d = d_i;
    end else begin : g_next
      assign stage_d = g_stage[s-1].stage_q;
    end
    if (RESET != 0) begin : g_rst
      always @(posedge clk_i) begin
        if (!rst_ni) stage_q <= {WIDTH{1'b0}};
        else         stage_q <= stage_d;
      end
    end else begin : g_norst
      always @(posedge clk_i) stage_q <= stage_d;
    end
    assign taps_o[s*WIDTH +: WIDTH] = stage_q;
  end
  if (RESET == 0) begin : g_no_reset
    wire unused = &{1'b0, rst_ni};  // data stages have no reset
  end
endmodule
