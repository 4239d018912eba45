// qa_counters: the tile bookkeeping (is the array busy?) and the 64-bit event counters, cleared
// by clr_i: cycles; busy (a beat waits, a tile is open or results are in flight); in_stall (a
// tile is open and no beat is there to enter); out_stall (a row is offered and out_ready_i is
// low); gap_stall and credit_stall (a last beat held for the drain interval, for room in the
// output buffer); mem_stall (no beat offered because the input buffer waits for memory); beats
// accepted; rows delivered.
module qa_counters (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        clr_i,
  input  wire        hd_v_i,       // a beat is at the head
  input  wire        fire_i,       // it enters the array
  input  wire        last_i,       // it is its tile's last
  input  wire        acc_i,        // a beat is accepted at the input
  input  wire        gap_hold_i,
  input  wire        cred_hold_i,
  input  wire        wait_i,       // in_wait_i
  input  wire        out_valid_i,
  input  wire        out_ready_i,
  input  wire [15:0] out_row_i,
  output wire        busy_o,
  output wire        tile_done_o,  // a tile's last row (row 0) is handed over
  output wire [63:0] cycles_o,
  output wire [63:0] busy_cnt_o,
  output wire [63:0] in_stall_o,
  output wire [63:0] out_stall_o,
  output wire [63:0] gap_stall_o,
  output wire [63:0] credit_stall_o,
  output wire [63:0] mem_stall_o,
  output wire [63:0] beats_o,
  output wire [63:0] rows_o
);
  reg        tile_open_q;
  reg [15:0] inflight_q;  // tiles admitted, not yet delivered
  wire       out_fire  = out_valid_i && out_ready_i;
  wire       tile_done = out_fire && (out_row_i == 16'd0);
  wire       busy      = hd_v_i || tile_open_q || (inflight_q != 16'd0);

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      tile_open_q <= 1'b0;
      inflight_q  <= 16'd0;
    end else begin
      if (fire_i) tile_open_q <= !last_i;
      inflight_q <= inflight_q + {15'd0, fire_i && last_i} - {15'd0, tile_done};
    end
  end

  // One counter per event, in the order of the outputs.
  localparam integer NC = 9;
  wire [NC-1:0] ev = {out_fire, acc_i, wait_i && !hd_v_i, cred_hold_i, gap_hold_i,
                      out_valid_i && !out_ready_i, tile_open_q && !hd_v_i, busy, 1'b1};
  wire [NC*64-1:0] cnt;
  for (genvar k = 0; k < NC; k = k + 1) begin : g_cnt
    reg [63:0] q;
    always @(posedge clk_i) begin
      if (!rst_ni || clr_i) q <= 64'd0;
      else                  q <= q + {63'd0, ev[k]};
    end
    assign cnt[k*64 +: 64] = q;
  end

  assign busy_o         = busy;
  assign tile_done_o    = tile_done;
  assign cycles_o       = cnt[0*64 +: 64];
  assign busy_cnt_o     = cnt[1*64 +: 64];
  assign in_stall_o     = cnt[2*64 +: 64];
  assign out_stall_o    = cnt[3*64 +: 64];
  assign gap_stall_o    = cnt[4*64 +: 64];
  assign credit_stall_o = cnt[5*64 +: 64];
  assign mem_stall_o    = cnt[6*64 +: 64];
  assign beats_o        = cnt[7*64 +: 64];
  assign rows_o         = cnt[8*64 +: 64];
endmodule
