// qa_obuf: the output buffer, a FIFO of finished rows in front of the output stream, and the
// credits that keep it from overflowing.
//
// Storage. The rows sit in an SRAM macro (qa_sram_1r1w: one write port, one registered read
// port) of OBUF words, and the row at the head is offered from one of two places: the macro's
// read register, or a one-row bypass register that takes a row arriving at an empty buffer. So a
// row is offered the cycle after it arrives, as from a register FIFO, and the head is a 2:1
// multiplexer, not a read multiplexer over OBUF rows. When the head leaves (or the buffer head is
// empty) and the macro holds rows, the oldest is read that cycle and offered the next: the
// stream never waits a cycle for the registered read. The macro has OBUF words, one more than
// the credits ever fill it with (rows at the head + rows in the macro <= OBUF, and the macro
// holds rows only while the head does), so a write never meets the read of the same word (a
// macro's read-during-write of one address is undefined).
//
// Credits. A tile's last beat enters the array only when room_o says the buffer can take its
// ROWS rows, counting every row of every tile already admitted (admit_i) and not yet delivered,
// so no row ever meets a full buffer.
`include "qa_mutants.vh"

module qa_obuf #(
  parameter integer ROWS = 4,
  parameter integer OBUF = 14,   // rows the credits allow (>= ROWS)
  parameter integer DW   = 128   // a row's data bits
) (
  input  wire          clk_i,
  input  wire          rst_ni,
  input  wire          admit_i,      // a tile's last beat enters the array: ROWS rows promised
  output wire          room_o,       // the buffer can promise ROWS more rows
  input  wire          row_valid_i,  // a finished row arrives
  input  wire [DW-1:0] row_data_i,
  input  wire [15:0]   row_tag_i,
  output wire          out_valid_o,
  input  wire          out_ready_i,
  output wire [DW-1:0] out_data_o,
  output wire [15:0]   out_row_o
);
  localparam integer WW   = DW + 16;           // a word: the row and its tag
  localparam integer D    = OBUF;              // macro words (one spare, above)
  localparam integer PB   = $clog2(D);
  localparam integer NW   = $clog2(OBUF + 2);  // counts 0 .. OBUF + 1
  // A last beat enters when the rows already promised leave room for its ROWS (the credit
  // mutant promises one row too many, rtl/qa_mutants.vh).
  localparam integer ROOM = `QA_OBUF_ROOM(OBUF - ROWS);

  reg           hd_v_q;    // a row is offered
  reg           hd_sram_q; // it is the macro's read register (else the bypass register)
  reg [WW-1:0]  byp_q;
  reg [PB-1:0]  wr_q, rd_q;
  reg [NW-1:0]  n_q;       // rows in the macro, not yet read
  reg [NW-1:0]  cred_q;    // rows admitted (by their tile's last beat), not delivered
  wire [WW-1:0] rd_data;

  wire fire    = hd_v_q && out_ready_i;
  // The mutant drops a row held by back-pressure instead of keeping it (rtl/qa_mutants.vh).
  wire pop     = fire `QA_OUT_DROP(hd_v_q && !out_ready_i);
  wire hd_free = !hd_v_q || pop;                       // the head takes a row this cycle
  wire rd      = hd_free && (n_q != {NW{1'b0}});       // ... the oldest in the macro
  wire to_byp  = hd_free && (n_q == {NW{1'b0}}) && row_valid_i;  // ... or the arriving one
  wire wr      = row_valid_i && !to_byp;

  qa_sram_1r1w #(.WIDTH(WW), .DEPTH(D), .AW(PB)) u_sram (
    .clk_i    (clk_i),
    .wr_en_i  (wr),
    .wr_addr_i(wr_q),
    .wr_data_i({row_tag_i, row_data_i}),
    .rd_en_i  (rd),
    .rd_addr_i(rd_q),
    .rd_data_o(rd_data)
  );

  always @(posedge clk_i) begin
    if (to_byp) byp_q <= {row_tag_i, row_data_i};
  end

  always @(posedge clk_i) begin
    if (!rst_ni) begin
      hd_v_q    <= 1'b0;
      hd_sram_q <= 1'b0;
      wr_q      <= {PB{1'b0}};
      rd_q      <= {PB{1'b0}};
      n_q       <= {NW{1'b0}};
      cred_q    <= {NW{1'b0}};
    end else begin
      if (hd_free) begin
        hd_v_q    <= rd || row_valid_i;
        hd_sram_q <= rd;
      end
      if (wr) wr_q <= (wr_q == D[PB-1:0] - 1'b1) ? {PB{1'b0}} : wr_q + 1'b1;
      if (rd) rd_q <= (rd_q == D[PB-1:0] - 1'b1) ? {PB{1'b0}} : rd_q + 1'b1;
      n_q    <= n_q + {{(NW-1){1'b0}}, wr} - {{(NW-1){1'b0}}, rd};
      cred_q <= cred_q + (admit_i ? ROWS[NW-1:0] : {NW{1'b0}}) - {{(NW-1){1'b0}}, fire};
    end
  end

  wire [WW-1:0] head = hd_sram_q ? rd_data : byp_q;

`ifdef FORMAL
  // The buffer's own invariants (make formal). Credits conserved: every credit is a row held here
  // or a row promised and still on its way (pend, counted here from the rows that arrive), and
  // no row arrives unpromised. No row lost or duplicated: the rows held are the rows that
  // arrived less the rows handed over (io, counted here). No overflow: the credits never
  // exceed OBUF. The head is empty only when the macro is.
  reg  [NW-1:0] pend_q, io_q;
  wire [NW:0]   held = {1'b0, n_q} + {{NW{1'b0}}, hd_v_q};
  always @(posedge clk_i) begin
    if (!rst_ni) begin
      pend_q <= {NW{1'b0}};
      io_q   <= {NW{1'b0}};
    end else begin
      pend_q <= pend_q + (admit_i ? ROWS[NW-1:0] : {NW{1'b0}}) - {{(NW-1){1'b0}}, row_valid_i};
      io_q   <= io_q + {{(NW-1){1'b0}}, row_valid_i} - {{(NW-1){1'b0}}, fire};
    end
  end
  always @(posedge clk_i) begin
    if (rst_ni) begin
      assert (hd_v_q || n_q == {NW{1'b0}});
      assert (!row_valid_i || pend_q != {NW{1'b0}});
      assert ({1'b0, cred_q} == held + {1'b0, pend_q});
      assert (held == {1'b0, io_q});
      assert (cred_q <= OBUF[NW-1:0]);
    end
  end
`endif

  assign room_o      = (cred_q <= ROOM[NW-1:0]);
  assign out_valid_o = hd_v_q;
  assign out_data_o  = head[DW-1:0];
  assign out_row_o   = head[WW-1:DW];
endmodule
