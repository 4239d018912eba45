// Must be rejected: two drivers on one wire.
module multidrive (input wire a, input wire b, output wire y);
  assign y = a;
  assign y = b;
endmodule
