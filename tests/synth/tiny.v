// A module whose generic netlist can be counted by hand: one NAND2 and one flip-flop.
module tiny (input wire clk, input wire a, input wire b, output reg q);
  always @(posedge clk) q <= ~(a & b);
endmodule
