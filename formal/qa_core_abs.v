// qa_core_abs: an abstract core for the proofs of the control (make formal): qa_core's ports,
// none of its datapath. A tile's last valid beat makes ROWS result rows, LAT cycles later, on
// consecutive cycles, tagged ROWS-1 down to 0 (the order the mesh drains them), each carrying
// its sequence number (rows made since reset, mod 8) in its low 3 data bits, so the proof can see a row
// lost, duplicated or reordered. It asserts what the real core needs of its input: a tile's
// rows never overlap the previous tile's (the drain gap qa_admit keeps).
module qa_core_abs #(
  parameter integer ROWS  = 4,
  parameter integer COLS  = 4,
  parameter integer WBITS = 2,
  parameter integer ACCW  = 32,
  parameter integer LAT   = 3   // cycles from the last beat to the first row (any >= 1)
) (
  input  wire                       clk_i,
  input  wire                       rst_ni,
  input  wire [ROWS*(64/WBITS)-1:0] a_i,
  input  wire [COLS*8-1:0]          w_i,
  input  wire [2:0]                 ctl_i,  // {mode, last, first}
  input  wire                       v_i,
  output wire [COLS*ACCW-1:0]       row_data_o,
  output wire                       row_valid_o,
  output wire [15:0]                row_tag_o,
  output wire [7:0]                 mesh_o
);
  localparam integer RW = $clog2(ROWS + 1);
  reg [LAT-1:0] done_q;  // a tile's last beat, LAT-1 .. 0 cycles ago
  reg [RW-1:0]  left_q;  // rows of the current tile still to come
  reg [2:0]     seq_q;   // rows made since reset, mod 8
  wire          start = done_q[LAT-1];

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      done_q <= {LAT{1'b0}};
      left_q <= {RW{1'b0}};
      seq_q  <= 3'd0;
    end else begin
      done_q <= {done_q[LAT-2:0], v_i && ctl_i[1]};
      if (start)                       left_q <= ROWS[RW-1:0] - 1'b1;
      else if (left_q != {RW{1'b0}})   left_q <= left_q - 1'b1;
      if (row_valid_o) seq_q <= seq_q + 3'd1;
    end
  end

  // The previous tile has made all its rows when this one starts.
  always @(posedge clk_i) begin
    if (rst_ni) assert (!(start && left_q != {RW{1'b0}}));
  end

  assign row_valid_o = start || (left_q != {RW{1'b0}});
  assign row_tag_o   = start ? ROWS[15:0] - 16'd1 : {{(16-RW){1'b0}}, left_q} - 16'd1;
  assign row_data_o  = {{(COLS*ACCW-3){1'b0}}, seq_q};
  assign mesh_o      = 8'd0;
  wire unused = &{1'b0, a_i, w_i, ctl_i[2], ctl_i[0]};
endmodule
