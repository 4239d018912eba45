// qa_skid: the input stream's ready from a flip-flop, with a one-beat skid register behind it.
// A beat accepted while the array cannot take it (take_i low) waits in the skid register and
// in_ready_o drops the next cycle, so no path runs from any input to in_ready_o. The head
// (hd_*) is the beat that may enter the array this cycle: the skid's, else the offered one.
module qa_skid #(
  parameter integer W = 8  // the beat's width
) (
  input  wire         clk_i,
  input  wire         rst_ni,
  input  wire         in_valid_i,
  output wire         in_ready_o,
  input  wire [W-1:0] in_data_i,
  output wire         acc_o,      // a beat is accepted (the interface's handshake)
  output wire         hd_v_o,
  output wire [W-1:0] hd_data_o,
  input  wire         take_i      // the head enters the array this cycle
);
  reg         rdy_q;   // in_ready_o
  reg         sk_v_q;  // a beat waits in the skid register
  reg [W-1:0] sk_q;
  wire        in_acc  = in_valid_i && rdy_q;
  wire        hd_v    = sk_v_q || in_acc;
  wire        hd_wait = hd_v && !take_i;  // the head stays (in the skid)

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      rdy_q  <= 1'b0;
      sk_v_q <= 1'b0;
    end else begin
      rdy_q  <= !hd_wait;
      sk_v_q <= hd_wait;
    end
  end

  // The skid's data: loaded whenever it is empty (its valid qualifies it).
  always @(posedge clk_i) begin
    if (!sk_v_q) sk_q <= in_data_i;
  end

  assign in_ready_o = rdy_q;
  assign acc_o      = in_acc;
  assign hd_v_o     = hd_v;
  assign hd_data_o  = sk_v_q ? sk_q : in_data_i;
endmodule
