// qa_admit: when the head beat may enter the array. A tile's last beat waits until ROWS cycles
// have passed since the previous last beat entered (the drain chain empties a tile in ROWS
// cycles: gap hold), then until the output buffer has room for its ROWS rows (room_i, the
// credits: cred hold). Any other beat enters at once. It also marks each beat that opens a tile
// (first_o: the first beat after reset or after a last beat), which lets the PEs start a sum
// without a reset of their accumulators.
module qa_admit #(
  parameter integer ROWS = 4
) (
  input  wire clk_i,
  input  wire rst_ni,
  input  wire hd_v_i,
  input  wire hd_last_i,
  input  wire room_i,       // the output buffer can promise ROWS more rows
  output wire fire_o,       // the head enters the array
  output wire first_o,      // it is its tile's first beat
  output wire gap_hold_o,
  output wire cred_hold_o
);
  localparam integer GW = $clog2(ROWS + 1);
  reg [GW-1:0] gap_q, gap_d;  // cycles since the last "last" beat entered, saturating
  reg          first_q;       // the next beat to enter opens a tile

  wire gap_hold  = hd_v_i && hd_last_i && (gap_q < ROWS[GW-1:0]);
  wire cred_hold = hd_v_i && hd_last_i && !gap_hold && !room_i;
  wire fire      = hd_v_i && !gap_hold && !cred_hold;

  always @* begin
    if (fire && hd_last_i)         gap_d = {{(GW-1){1'b0}}, 1'b1};
    else if (gap_q < ROWS[GW-1:0]) gap_d = gap_q + 1'b1;
    else                           gap_d = gap_q;
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      gap_q   <= ROWS[GW-1:0];
      first_q <= 1'b1;
    end else begin
      gap_q   <= gap_d;
      if (fire) first_q <= hd_last_i;
    end
  end

  assign fire_o      = fire;
  assign first_o     = first_q;
  assign gap_hold_o  = gap_hold;
  assign cred_hold_o = cred_hold;
endmodule
