/* qa_cmd.c: see qa_cmd.h. */
#include "qa_cmd.h"

/* The run function of each row of the command table, in its order. */
static int (*const kRun[QA_NCOMMANDS])(const qa_opts *) = {
#define QA_CMD_RUN_(n, N, sum, syn) [QA_CMD_POS_##N] = qa_cmd_##n,
    QA_COMMANDS(QA_CMD_RUN_)
#undef QA_CMD_RUN_
};

int qa_cmd_run(int pos, const qa_opts *o) { return kRun[pos](o); }
