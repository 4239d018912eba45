/* qa_cmd.h: the commands' run functions, one per row of the command table
 * (host/io/qa_commands.h), each in host/cmd/cmd_NAME.c; main.c and the library's C interface
 * (host/api/) run them through qa_cmd_run. */
#ifndef QA_CMD_H
#define QA_CMD_H

#include "qa_cli.h"
#include "qa_opts.h"

#define QA_CMD_PROTO_(n, N, sum, syn) int qa_cmd_##n(const qa_opts *o);
QA_COMMANDS(QA_CMD_PROTO_)
#undef QA_CMD_PROTO_

/* Run the command of the table's row pos (qa_opts_cmd) with its parsed options. */
int qa_cmd_run(int pos, const qa_opts *o);

#endif /* QA_CMD_H */
