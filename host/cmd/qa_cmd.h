/* qa_cmd.h: the commands' run functions, one per row of the command table
 * (host/io/qa_commands.h), each in host/cmd/cmd_NAME.c; only main.c calls them. */
#ifndef QA_CMD_H
#define QA_CMD_H

#include "qa_cli.h"
#include "qa_opts.h"

#define QA_CMD_PROTO_(n, N, sum, syn) int qa_cmd_##n(const qa_opts *o);
QA_COMMANDS(QA_CMD_PROTO_)
#undef QA_CMD_PROTO_

#endif /* QA_CMD_H */
