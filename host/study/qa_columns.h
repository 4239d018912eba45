/* qa_columns.h: amdahl's columns. One table, QA_AMDAHL_COLS, gives the CSV's header, its rows
 * and `amdahl --columns` (docs/study.md's column list); the terminal table's rows are printed
 * from the same points (qa_columns_row). */
#ifndef QA_COLUMNS_H
#define QA_COLUMNS_H

#include <stdio.h>

#include "qa_study.h"
#include "qa_sweep.h"

/* X(group, name, kind, value, meaning), in the CSV's order. group: ALL every run; MEM every run,
 * empty when the memory system is off; ENERGY the energy columns (every run); ISO --iso-area.
 * kind: S string, D int, U uint64, F1 %.1f, F6 %.6f, G6 %.6g. value: an expression of the point
 * p, its array a and the cycles' source src. test_study checks a row's field count against the
 * header. */
#define QA_AMDAHL_COLS(X) \
  X(ALL, model, S, p->model->name,\
    "the model") \
  X(ALL, array, S, p->array,\
    "the array's name (edge, cloud or RxC)") \
  X(ALL, rows, D, p->rows,\
    "PE rows") \
  X(ALL, cols, D, p->cols,\
    "PE columns") \
  X(ALL, phase, S, qa_phase_name(p->phase),\
    "prefill or decode") \
  X(ALL, seq, U, p->seq,\
    "L: the prompt (prefill) or the context (decode)") \
  X(ALL, batch, U, p->batch,\
    "sequences per pass") \
  X(ALL, wbits, D, p->wbits,\
    "the projections' weight bits B (W*B*A8)") \
  X(ALL, clock_mhz, F1, p->clock_mhz,\
    "the array's clock") \
  X(ALL, cycles_source, S, src,\
    "analytic, or rtl (every distinct GEMM run on the RTL and equal)") \
  X(ALL, base_proj_cycles, U, p->base_proj,\
    "compute-only cycles of one W8A8 block: projections") \
  X(ALL, base_attn_cycles, U, p->base_attn,\
    "the same: attention") \
  X(ALL, quant_proj_cycles, U, p->q_proj,\
    "compute-only cycles of one W*B*A8 block: projections") \
  X(ALL, quant_attn_cycles, U, p->q_attn,\
    "the same: attention (unchanged INT8)") \
  X(ALL, proj_macs, U, p->macs_proj,\
    "MACs of one block's projections") \
  X(ALL, attn_macs, U, p->macs_attn,\
    "MACs of one block's attention") \
  X(ALL, f, F6, p->f,\
    "projection share of the W8A8 block's cycles") \
  X(ALL, s, F6, p->s,\
    "projection speedup: W8A8 / W*B*A8 projection cycles") \
  X(ALL, speedup, F6, p->speedup,\
    "W8A8 block cycles / W*B*A8 block cycles") \
  X(ALL, amdahl, F6, p->amdahl,\
    "1/((1-f)+f/s): equal to speedup, attention's cycles being unchanged") \
  X(ALL, ceiling, F6, p->ceiling,\
    "1/(1-f): the speedup with infinitely fast projections") \
  X(ALL, util_base, F6, p->util_base,\
    "MACs / (cycles x rows x cols), W8A8") \
  X(ALL, util_quant, F6, p->util_q,\
    "the same, W*B*A8 (PACKED may exceed 1)") \
  X(ALL, tok_s_base, G6, p->tok_s_base,\
    "tokens per second of the whole model, W8A8, compute-only") \
  X(ALL, tok_s_quant, G6, p->tok_s_q,\
    "the same, W*B*A8") \
  X(ALL, mem, S, p->has_mem ? "on" : "off",\
    "on: the memory system is modelled (the columns up to mem_tok_s_quant are filled)") \
  X(MEM, dram_gbs, G6, a->gbs,\
    "DRAM bandwidth, GB/s") \
  X(MEM, dram_bpc, G6, a->mem.dram_bpc,\
    "DRAM bandwidth, bytes per cycle") \
  X(MEM, mem_base_proj_cycles, U, p->mbase_proj,\
    "memory-aware cycles of one W8A8 block: projections") \
  X(MEM, mem_base_attn_cycles, U, p->mbase_attn,\
    "the same: attention") \
  X(MEM, mem_quant_proj_cycles, U, p->mq_proj,\
    "memory-aware cycles of one W*B*A8 block: projections") \
  X(MEM, mem_quant_attn_cycles, U, p->mq_attn,\
    "the same: attention") \
  X(MEM, mem_f, F6, p->mf,\
    "f from memory-aware cycles") \
  X(MEM, mem_s, F6, p->ms,\
    "s from memory-aware cycles") \
  X(MEM, mem_speedup, F6, p->mspeedup,\
    "the block speedup from memory-aware cycles") \
  X(MEM, mem_ceiling, F6, p->mceiling,\
    "1/(1-mem_f)") \
  X(MEM, mem_stall_base, U, p->mstall_base,\
    "cycles of the W8A8 block stalled on memory") \
  X(MEM, mem_stall_quant, U, p->mstall_q,\
    "the same, W*B*A8") \
  X(MEM, lat_stall_base, U, p->mlat_base,\
    "of mem_stall_base, the cycles waiting for DRAM's latency") \
  X(MEM, lat_stall_quant, U, p->mlat_q,\
    "the same, W*B*A8") \
  X(MEM, stall_share_base, F6, (double)p->mstall_base / (double)(p->mbase_proj + p->mbase_attn),\
    "mem_stall_base / the W8A8 block's memory-aware cycles") \
  X(MEM, stall_share_quant, F6, (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn),\
    "the same, W*B*A8") \
  X(MEM, dram_busy_base, U, p->dram_busy_base,\
    "cycles the DRAM channel transfers, W8A8 block") \
  X(MEM, dram_busy_quant, U, p->dram_busy_q,\
    "the same, W*B*A8") \
  X(MEM, dram_read_bytes_base_proj, U, p->bytes_base_proj,\
    "DRAM bytes read (A and W) by the W8A8 block's projections") \
  X(MEM, dram_read_bytes_base_attn, U, p->bytes_base_attn,\
    "the same: attention") \
  X(MEM, dram_read_bytes_quant_proj, U, p->bytes_q_proj,\
    "DRAM bytes read (A and W) by the W*B*A8 block's projections") \
  X(MEM, dram_read_bytes_quant_attn, U, p->bytes_q_attn,\
    "the same: attention") \
  X(MEM, bound_base, S, qa_mem_bound_name(p->bound_base),\
    "what bounds the W8A8 block: compute, bandwidth or latency") \
  X(MEM, bound_quant, S, qa_mem_bound_name(p->bound_q),\
    "the same, W*B*A8") \
  X(MEM, mem_tok_s_base, G6, p->mtok_s_base,\
    "tokens per second of the whole model, W8A8, memory-aware") \
  X(MEM, mem_tok_s_quant, G6, p->mtok_s_q,\
    "the same, W*B*A8") \
  X(ALL, clock_quant_mhz, F1, p->clock_mhz * (p->clock_ratio > 0 ? p->clock_ratio : 1.0),\
    "the W*B*A8 array's clock (--clock-from; clock_mhz by default)") \
  X(ALL, speedup_time, F6, p->speedup_time,\
    "tok_s_quant / tok_s_base: the speedup in time, at each array's own clock") \
  X(ENERGY, e_pj_per_token_w8a8, G6, p->pj_tok_base,\
    "energy per token of the whole model, pJ, W8A8 (docs/energy.md)") \
  X(ENERGY, e_pj_per_token_quant, G6, p->pj_tok_q,\
    "the same, W*B*A8") \
  X(ENERGY, tok_per_j_w8a8, G6, p->tok_j_base,\
    "tokens per joule, W8A8") \
  X(ENERGY, tok_per_j_quant, G6, p->tok_j_q,\
    "the same, W*B*A8") \
  X(ENERGY, e_untouched_share, F6, p->e_untouched,\
    "attention's share of the W8A8 energy, which quantization cannot touch") \
  X(ENERGY, e_w8a8_compute, G6, split_tok(p, 0, 0),\
    "pJ per token, W8A8: PE arithmetic") \
  X(ENERGY, e_w8a8_reg_clock, G6, split_tok(p, 0, 1),\
    "pJ per token, W8A8: the flip-flops' clock (every flop, every cycle)") \
  X(ENERGY, e_w8a8_reg_data, G6, split_tok(p, 0, 2),\
    "pJ per token, W8A8: flip-flop bits that toggle (synth/activity.csv)") \
  X(ENERGY, e_w8a8_sram, G6, split_tok(p, 0, 3),\
    "pJ per token, W8A8: SRAM reads and writes, the output buffer's included") \
  X(ENERGY, e_w8a8_dram, G6, split_tok(p, 0, 4),\
    "pJ per token, W8A8: DRAM reads and writes") \
  X(ENERGY, e_w8a8_leak, G6, split_tok(p, 0, 5),\
    "pJ per token, W8A8: leakage of the array's logic and buffer macro") \
  X(ENERGY, e_quant_compute, G6, split_tok(p, 1, 0),\
    "pJ per token, W*B*A8: PE arithmetic") \
  X(ENERGY, e_quant_reg_clock, G6, split_tok(p, 1, 1),\
    "pJ per token, W*B*A8: the flip-flops' clock") \
  X(ENERGY, e_quant_reg_data, G6, split_tok(p, 1, 2),\
    "pJ per token, W*B*A8: flip-flop bits that toggle") \
  X(ENERGY, e_quant_sram, G6, split_tok(p, 1, 3),\
    "pJ per token, W*B*A8: SRAM") \
  X(ENERGY, e_quant_dram, G6, split_tok(p, 1, 4),\
    "pJ per token, W*B*A8: DRAM") \
  X(ENERGY, e_quant_leak, G6, split_tok(p, 1, 5),\
    "pJ per token, W*B*A8: leakage") \
  X(ENERGY, e_w8a8_proj_share, F6, 1.0 - p->e_untouched,\
    "the projections' share of the W8A8 energy") \
  X(ENERGY, e_quant_proj_share, F6, proj_share_q(p),\
    "the projections' share of the W*B*A8 energy") \
  X(ENERGY, e_dram_bytes_w8a8_proj, U, p->dram_b_base[0],\
    "DRAM bytes read and written (C included) by the W8A8 projections, as energy counts them") \
  X(ENERGY, e_dram_bytes_w8a8_attn, U, p->dram_b_base[1],\
    "the same: attention") \
  X(ENERGY, e_dram_bytes_quant_proj, U, p->dram_b_q[0],\
    "the same, W*B*A8 projections") \
  X(ENERGY, e_dram_bytes_quant_attn, U, p->dram_b_q[1],\
    "the same, W*B*A8 attention") \
  X(ISO, ge_pe_w8a8, F1, p->ge_base,\
    "GE of a W8 PE (synth/area.csv)") \
  X(ISO, ge_pe_quant, F1, p->ge_q,\
    "GE of a W*B* PE") \
  X(ISO, iso_rule, S, p->iso_whole ? "array" : "pe",\
    "array: the whole array's area (PEs and every part around them) fits the W8A8 array's; pe: only the PEs' (no synth/array_parts.csv)") \
  X(ISO, ge_array_w8a8, F1, p->total_base,\
    "GE of the whole W8A8 array, logic and SRAM macro (qa_area.h's model; 0 under the pe rule)") \
  X(ISO, ge_array_quant, F1, p->total_q,\
    "the same, the W*B*A8 array of the same shape") \
  X(ISO, iso_rows, D, p->rows,\
    "rows of the quantized array at the W8A8 array's area") \
  X(ISO, iso_cols, D, p->iso_cols,\
    "its columns: the most whose array fits (iso_rule)") \
  X(ISO, iso_pes_fit, U, (uint64_t)((double)p->rows * p->cols * p->ge_base / p->ge_q),\
    "W*B* PEs that fit the W8A8 array's PE area") \
  X(ISO, iso_cols_pe, D, p->iso_cols_pe,\
    "the columns by the PE-only rule: floor(cols x ge_pe_w8a8 / ge_pe_quant)") \
  X(ISO, speedup_iso_area_pe, F6, p->speedup_iso_pe,\
    "block speedup at iso-area by the PE-only rule (analytic)") \
  X(ISO, iso_quant_proj_cycles, U, p->iso_q_proj,\
    "compute-only projection cycles of the iso-area array") \
  X(ISO, iso_quant_attn_cycles, U, p->iso_q_attn,\
    "the same: attention") \
  X(ISO, s_iso_area, F6, p->s_iso,\
    "projection speedup at iso-area") \
  X(ISO, speedup_iso_area, F6, p->speedup_iso,\
    "block speedup at iso-area") \
  X(ISO, mpk_w8a8_proj, G6, p->mpk_base[0],\
    "MACs per cycle per kGE of PE area, W8A8: projections") \
  X(ISO, mpk_w8a8_attn, G6, p->mpk_base[1],\
    "the same: attention") \
  X(ISO, mpk_w8a8_block, G6, p->mpk_base[2],\
    "the same: the block") \
  X(ISO, mpk_quant_proj, G6, p->mpk_q[0],\
    "MACs per cycle per kGE, the quantized array of the same PE count: projections") \
  X(ISO, mpk_quant_attn, G6, p->mpk_q[1],\
    "the same: attention") \
  X(ISO, mpk_quant_block, G6, p->mpk_q[2],\
    "the same: the block") \
  X(ISO, mpk_iso_proj, G6, p->mpk_iso[0],\
    "MACs per cycle per kGE at iso-area: projections") \
  X(ISO, mpk_iso_attn, G6, p->mpk_iso[1],\
    "the same: attention") \
  X(ISO, mpk_iso_block, G6, p->mpk_iso[2],\
    "the same: the block")

/* The CSV's header line (iso: with the --iso-area columns). */
void qa_columns_csv_head(FILE *f, int iso);
/* One point's CSV line; src: "analytic" or "rtl". */
void qa_columns_csv_row(FILE *f, const qa_point *p, const qa_array_cfg *a, const char *src, int iso);
/* amdahl --columns: the column list as a Markdown table. */
void qa_columns_print(FILE *f);
/* The terminal table's layout: wide (--wide), energy (--energy-table), or the compact one with
 * the iso-area (iso) or the memory columns (mem: filled), and the speedup in time (clock). */
typedef struct {
  int wide, energy, iso, mem, clock;
} qa_columns_layout;
/* The terminal table's column heads (p NULL) or point p's line, in layout l: the same list of
 * columns makes both. */
void qa_columns_table(const qa_point *p, const qa_columns_layout *l);
/* Point p's line in the layout its figures call for (qa_columns_table). */
void qa_columns_row(const qa_point *p, int wide, int energy);
/* A rate for a table: thousands-separated whole numbers from 100 up, two decimals below (buf of
 * 32). */
const char *qa_columns_rate(double v, char *buf);

#endif /* QA_COLUMNS_H */
