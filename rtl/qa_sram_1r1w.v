// qa_sram_1r1w: DEPTH words of WIDTH bits, one write port and one read port with a registered
// read (the word read at edge t is on rd_data_o from t on, and stays there until the next read),
// as a register-file or SRAM macro of a standard-cell flow. Behavioural in simulation; in
// synthesis (`make synth`) a black box whose area is counted from its bits (docs/synthesis.md).
// A read of the word being written in the same cycle is undefined in a macro: qa_obuf never does
// it (its depth leaves one word free).
module qa_sram_1r1w #(
  parameter integer WIDTH = 8,
  parameter integer DEPTH = 4,
  parameter integer AW    = 2   // address bits, >= $clog2(DEPTH)
) (
  input  wire             clk_i,
  input  wire             wr_en_i,
  input  wire [AW-1:0]    wr_addr_i,
  input  wire [WIDTH-1:0] wr_data_i,
  input  wire             rd_en_i,
  input  wire [AW-1:0]    rd_addr_i,
  output wire [WIDTH-1:0] rd_data_o
);
  reg [WIDTH-1:0] mem [0:DEPTH-1];
  reg [WIDTH-1:0] rd_q;
  always @(posedge clk_i) begin
    if (wr_en_i) mem[wr_addr_i] <= wr_data_i;
  end
  always @(posedge clk_i) begin
    if (rd_en_i) rd_q <= mem[rd_addr_i];
  end
  assign rd_data_o = rd_q;
endmodule
