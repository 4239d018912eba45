// qa_delay: a DEPTH-stage shift register of WIDTH bits (one stage per clock edge).
// DEPTH = 0 is a wire. With RESET = 1 every stage clears on reset (for valid bits); data lines
// use RESET = 0, since their valid bits qualify them.
// One register per generate stage (no arrays written in loops: Verilator BLKLOOPINIT).
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
          if (!rst_ni)   stage_q <= {WIDTH{1'b0}};
          else          stage_q <= stage_d;
        end
      end else begin : g_norst
        wire unused = &{1'b0, rst_ni};  // data stages are qualified by their valid bits
        always @(posedge clk_i) begin
          stage_q <= stage_d;
        end
      end
    end
    assign q_o = g_stage[DEPTH-1].stage_q;
  end
endmodule
