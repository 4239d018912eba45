// qa_mutants.vh: deliberate RTL faults for `make mutants` (tests must catch every one).
// A mutant is chosen at build time with +define+QA_MUT_<NAME> (sim/build-cfg.sh, configuration
// name ending in -<name>). Without a define every macro below is the correct RTL, so the fast
// and debug builds carry no mutation logic at all: the macros expand to the plain expressions.
`ifndef QA_MUTANTS_VH
`define QA_MUTANTS_VH

// sign: a ternary PE drops the sign of a -1 weight (adds instead of subtracting).
`ifdef QA_MUT_SIGN
`define QA_TERNARY_NEG(c0, c1) ((c0) & ~(c0))  // zero, at c0's width
`else
`define QA_TERNARY_NEG(c0, c1) ((c0) & (c1))
`endif

// skew: row 1's activations reach the mesh one cycle late (an off-by-one skew on one row).
`ifdef QA_MUT_SKEW
`define QA_SKEW_EXTRA(i) (((i) == 1) ? 1 : 0)
`else
`define QA_SKEW_EXTRA(i) 0
`endif

// acctrunc: the accumulator keeps ACCW-1 bits (its top bit is a copy of the one below).
`ifdef QA_MUT_ACCTRUNC
`define QA_ACC_WRAP(s) {s[ACCW-2], s[ACCW-2:0]}
`else
`define QA_ACC_WRAP(s) s
`endif

// drain: the second drain register takes the first one's new value, so the chain moves a PE
// per cycle instead of every two and a finished tile's results overwrite each other.
// In qa_mesh_loop, whose drain chain is a ring of stages, the same fault is the chain moving two
// stages (a whole PE) per edge: QA_DRAIN_STAGES.
`ifdef QA_MUT_DRAIN
`define QA_DRAIN_C2(q, d) d
`define QA_DRAIN_STAGES 2
`else
`define QA_DRAIN_C2(q, d) q
`define QA_DRAIN_STAGES 1
`endif

// rowtag: the row index a result carries down the drain chain (column 0) is wrong for rows 1
// and 2 (swapped), so a row handed over claims to be another: only the tag, not the data.
`ifdef QA_MUT_ROWTAG
`define QA_ROW_TAG(i) (((i) == 1) ? 2 : (((i) == 2) ? 1 : (i)))
`else
`define QA_ROW_TAG(i) (i)
`endif

// outvalid (qa_top): a result row held by output back-pressure is dropped from the output
// buffer instead of waiting (the buffer pops it though out_ready_i is low).
`ifdef QA_MUT_OUTVALID
`define QA_OUT_DROP(held) || (held)
`else
`define QA_OUT_DROP(held)
`endif

// credit (qa_top): a tile's last beat enters when the output buffer has room for ROWS-1 of its
// rows, so under back-pressure a finished row overwrites one not yet delivered.
`ifdef QA_MUT_CREDIT
`define QA_OBUF_ROOM(room) ((room) + 1)
`else
`define QA_OBUF_ROOM(room) (room)
`endif

`endif
