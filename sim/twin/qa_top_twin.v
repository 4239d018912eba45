// qa_top_twin: qa_top with the loop twin's core (sim/twin/qa_core_loop.v) in place of qa_core:
// the MESH=1 build's top (sim/build-cfg.sh). Everything around the core (skid, admission, input
// register, output buffer, counters) is rtl/qa_top.v's own text, included here under another
// module name, so the two tops cannot drift apart.
`define QA_TOP_NAME qa_top_twin
`define QA_CORE qa_core_loop
// The module's name is not its file's (qa_top.v): intended, as above.
// verilator lint_off DECLFILENAME
`include "qa_top.v"
// verilator lint_on DECLFILENAME
