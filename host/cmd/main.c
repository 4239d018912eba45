/* qarray: command-line front end. See `qarray help`, `qarray COMMAND --help` and README.md.
 * The commands are the rows of the command table (host/io/qa_commands.h), each run by its
 * qa_cmd_NAME in host/cmd/cmd_NAME.c (qa_cmd_run, host/cmd/qa_cmd.c). */
#include <stdio.h>
#include <string.h>

#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_cmd.h"

int main(int argc, char **argv) {
  qa_atomic_signals();
  if (argc < 2) {
    qa_opts_usage(stderr);
    return QA_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
    qa_opts_usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("qarray %s\n", QA_VERSION);
    return 0;
  }
  const int pos = qa_opts_cmd(cmd);
  if (pos < 0) return qa_usage_err("unknown command", cmd);
  /* `qarray CMD --help` (or -h) anywhere after the command: that command's options. */
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      qa_opts_help(pos, stdout);
      return 0;
    }
  qa_opts o;
  int rc = qa_opts_parse(1u << pos, argc, argv, &o);
  if (rc) return rc;
  return qa_cmd_run(pos, &o);
}
