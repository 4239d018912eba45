// Must be rejected: a combinational loop.
module comb_loop (input wire a, output wire y);
  wire x;
  assign x = ~(a & y);
  assign y = x;
endmodule
