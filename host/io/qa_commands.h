/* qa_commands.h: the command table. One row per command, in the order `qarray help` lists them:
 * X(name, NAME, summary, synopsis). From it come the options-mask bits QA_CMD_NAME (which rows
 * of the options table a command takes, qa_opts.c), `qarray help` and `qarray COMMAND --help`
 * (qa_opts.c), the dispatcher and its run functions qa_cmd_name (host/cmd/main.c, qa_cmd.h; one
 * file per command in host/cmd/), docs/cli.md (docs/mkcli.sh walks `qarray help`) and
 * test_cli's help checks. Adding a command: a file host/cmd/cmd_NAME.c defining qa_cmd_NAME, a
 * row here, and its options in qa_opts.c. A row without its run function does not link. */
#ifndef QA_COMMANDS_H
#define QA_COMMANDS_H

#define QA_COMMANDS(X)                                                                            \
  X(gemm, GEMM, "run one GEMM C = A . W on the RTL array, check it bit-exact, count cycles",     \
    "gemm (--m M --k K --n N | --a A.npy --w W.npy) [options]\n"                                  \
    "  one GEMM C = A . W on the RTL array, checked bit-exact, cycles counted")                    \
  X(model, MODEL, "the analytic and SCALE-Sim cycle counts of a GEMM (no RTL)",                    \
    "model --m M --k K --n N [options]\n"                                                         \
    "  the analytic and SCALE-Sim cycles of one GEMM (no RTL)")                                   \
  X(demo, DEMO, "GPT-2 block GEMMs (L=128) on the edge array, W2A8 vs INT8 (what `make run` runs)", \
    "demo [options]\n"                                                                            \
    "  GPT-2 block GEMMs (L=128) on the edge array, W2A8 vs INT8 (make run)")                      \
  X(models, MODELS, "list the model table", "models [--models FILE]\n  the model table")          \
  X(gemms, GEMMS, "one block's GEMMs, with their cycles and memory traffic on an array",          \
    "gemms --model NAME --seq L [options]\n"                                                      \
    "  one block's GEMMs; with --array, their cycles and memory traffic")                          \
  X(amdahl, AMDAHL, "the Amdahl sweep: f, s, speedup and ceiling per model, array, phase, length", \
    "amdahl [options]\n"                                                                          \
    "  the Amdahl sweep: f, s, speedup and ceiling per model, array, phase, length, precision")  \
  X(report, REPORT, "DIR: the study's tables, plot data and plots",                                \
    "report DIR [options]\n"                                                                      \
    "  the study's tables, plot data and plots (gnuplot) in DIR")                                 \
  X(block, BLOCK, "transformer blocks executed with numbers on the RTL, checked bit-exact",       \
    "block --model NAME --seq L [options]\n"                                                      \
    "  transformer blocks executed with numbers on the RTL, checked")                             \
  X(scalesim, SCALESIM, "-c CFG -t TOPOLOGY: SCALE-Sim's inputs, SCALE-Sim's reports and ours",   \
    "scalesim -c FILE.cfg -t TOPOLOGY.csv [-p OUTDIR] [-i gemm|conv] [options]\n"                 \
    "  SCALE-Sim's inputs in, its reports out (COMPUTE_, BANDWIDTH_, "                            \
    "DETAILED_ACCESS_REPORT.csv)\n  beside QARRAY_REPORT.csv")                                   \
  X(merge, MERGE, "SHARD... --csv OUT: the shards of amdahl --shard or block --layers A:B, merged", \
    "merge SHARD... --csv OUT\n"                                                                  \
    "  the shard files of one amdahl --rtl --shard sweep or one block --layers A:B run, checked " \
    "and merged into\n  the CSV one unsharded run writes")                                       \
  X(lockstep, LOCKSTEP, "the structural array and the twin in lockstep, every register every cycle", \
    "lockstep [--array RxC] [--wbits B] [--cycles N] [options]\n"                                 \
    "  the structural array and the twin on one random stream, every register compared every "   \
    "cycle")

/* The commands' positions in the table, and their bits in the options table's masks. */
#define QA_CMD_POS_(n, N, sum, syn) QA_CMD_POS_##N,
enum { QA_COMMANDS(QA_CMD_POS_) QA_NCOMMANDS };
#undef QA_CMD_POS_
#define QA_CMD_BIT_(n, N, sum, syn) QA_CMD_##N = 1u << QA_CMD_POS_##N,
enum { QA_COMMANDS(QA_CMD_BIT_) };
#undef QA_CMD_BIT_

#endif /* QA_COMMANDS_H */
