// qa_if_check: the interface rules of qa_top, checked in simulation by Verilator and Icarus
// alike (plain $error, no SystemVerilog assertions). qa_top instantiates it when QA_ASSERT is
// defined (every simulation build; never synthesis).
//   reset:  rst_ni is held low for at least 2 clock cycles (the loop twin needs 2);
//   input:  once in_valid_i is high while in_ready_o is low, the beat stays offered, unchanged,
//           until it is accepted (valid held until ready);
//   output: a row offered while out_ready_i is low stays offered, unchanged (no row lost);
//   tiles:  never more tiles out than in, and when the array is idle, as many out as in;
//   buffer: the rows that entered the output buffer and were not handed over never exceed OBUF
//           (the credits' promise), counted here from the rows in and out, not from the buffer.
module qa_if_check #(
  parameter integer AW = 32,
  parameter integer WW = 32,
  parameter integer OW = 128,
  parameter integer OBUF = 14
) (
  input wire          clk_i,
  input wire          rst_ni,
  input wire          in_valid_i,
  input wire          in_ready_i,
  input wire [AW-1:0] in_a_i,
  input wire [WW-1:0] in_w_i,
  input wire          in_last_i,
  input wire          in_mode_i,
  input wire          out_valid_i,
  input wire          out_ready_i,
  input wire [OW-1:0] out_data_i,
  input wire [15:0]   out_row_i,
  input wire          row_in_i,    // a finished row enters the output buffer
  input wire          tile_in_i,   // a tile's last beat accepted
  input wire          tile_out_i,  // a tile's last row handed over
  input wire          busy_i
);
  reg [AW-1:0]    a_q;
  reg [WW-1:0]    w_q;
  reg [1:0]       lm_q;
  reg [OW-1:0]    data_q;
  reg [15:0]      row_q;
  reg             in_pend_q, out_pend_q;
  reg [1:0]       rst_len_q;  // clock cycles of the reset in progress, up to 3
  initial rst_len_q = 2'd0;
  reg [31:0]      tiles_in_q, tiles_out_q;
  reg [63:0]      cyc_q;
  reg [31:0]      held_q;     // rows in the output buffer: entered, not handed over
  wire            out_fire = out_valid_i && out_ready_i;

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      rst_len_q   <= (rst_len_q == 2'd3) ? 2'd3 : rst_len_q + 2'd1;
      in_pend_q   <= 1'b0;
      out_pend_q  <= 1'b0;
      tiles_in_q  <= 32'd0;
      tiles_out_q <= 32'd0;
      cyc_q       <= 64'd0;
      held_q      <= 32'd0;
    end else begin
      if (rst_len_q == 2'd1)
        $error("qa_if_check: rst_ni was low for 1 clock cycle; qa_top needs at least 2");
      rst_len_q   <= 2'd0;
      cyc_q       <= cyc_q + 64'd1;
      if (in_pend_q && (!in_valid_i || in_a_i != a_q || in_w_i != w_q || {in_last_i, in_mode_i} != lm_q))
        $error("qa_if_check: cycle %0d: in_valid_i %0s before in_ready_o (valid must be held until ready)",
               cyc_q, in_valid_i ? "kept, but the beat changed" : "dropped");
      if (out_pend_q && (!out_valid_i || out_data_i != data_q || out_row_i != row_q))
        $error("qa_if_check: cycle %0d: output row %0d %0s before out_ready_i (the row is lost)",
               cyc_q, row_q, out_valid_i ? "changed" : "withdrawn");
      in_pend_q   <= in_valid_i && !in_ready_i;
      out_pend_q  <= out_valid_i && !out_ready_i;
      // The wide copies only when something is pending (the check costs little per cycle).
      if (in_valid_i && !in_ready_i) begin
        a_q  <= in_a_i;
        w_q  <= in_w_i;
        lm_q <= {in_last_i, in_mode_i};
      end
      if (out_valid_i && !out_ready_i) begin
        data_q <= out_data_i;
        row_q  <= out_row_i;
      end
      held_q      <= held_q + {31'd0, row_in_i} - {31'd0, out_fire};
      if (row_in_i && !out_fire && held_q >= OBUF)
        $error("qa_if_check: cycle %0d: output buffer overflow: a row arrived with all %0d rows full",
               cyc_q, OBUF);
      tiles_in_q  <= tiles_in_q + {31'd0, tile_in_i};
      tiles_out_q <= tiles_out_q + {31'd0, tile_out_i};
      if (tile_out_i && tiles_out_q >= tiles_in_q)
        $error("qa_if_check: cycle %0d: a tile left the array that never entered it (%0d in)",
               cyc_q, tiles_in_q);
      if (!busy_i && tiles_in_q != tiles_out_q)
        $error("qa_if_check: cycle %0d: the array is idle with %0d tiles in and %0d out", cyc_q,
               tiles_in_q, tiles_out_q);
    end
  end
endmodule
