// Must be rejected: an incomplete assignment in a combinational block infers a latch.
module latchy (input wire en, input wire d, output reg q);
  always @* if (en) q = d;
endmodule
