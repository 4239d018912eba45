// qa_top_inst.vh: the array under test, u_s, wired to the including top's ports (they are
// qa_top's: sim/qa_top_ports.vh), its cfg_mesh_o and cfg_obuf_o to s_mesh and s_obuf, which the
// including top declares. QA_TOP_INST names the module (qa_top, or a mutant's renamed copy).
  `QA_TOP_INST #(.ROWS(ROWS), .COLS(COLS), .WBITS(WBITS), .ACCW(ACCW)) u_s (
    .clk_i(clk_i), .rst_ni(rst_ni), .in_valid_i(in_valid_i), .in_ready_o(in_ready_o),
    .in_a_i(in_a_i), .in_w_i(in_w_i), .in_last_i(in_last_i), .in_mode_i(in_mode_i),
    .in_wait_i(in_wait_i), .out_valid_o(out_valid_o), .out_ready_i(out_ready_i),
    .out_data_o(out_data_o), .out_row_o(out_row_o), .cnt_clr_i(cnt_clr_i),
    .cnt_cycles_o(cnt_cycles_o), .cnt_busy_o(cnt_busy_o), .cnt_in_stall_o(cnt_in_stall_o),
    .cnt_out_stall_o(cnt_out_stall_o), .cnt_gap_stall_o(cnt_gap_stall_o),
    .cnt_credit_stall_o(cnt_credit_stall_o), .cnt_mem_stall_o(cnt_mem_stall_o),
    .cnt_beats_o(cnt_beats_o), .cnt_rows_o(cnt_rows_o), .cfg_rows_o(cfg_rows_o),
    .cfg_cols_o(cfg_cols_o), .cfg_wbits_o(cfg_wbits_o), .cfg_accw_o(cfg_accw_o),
    .cfg_lanes_o(cfg_lanes_o), .cfg_mesh_o(s_mesh), .cfg_obuf_o(s_obuf));
