/* qa_cli.h: helpers shared by the qarray commands. */
#ifndef QA_CLI_H
#define QA_CLI_H

#include <stddef.h>
#include <stdint.h>

enum { QA_EXIT_PASS = 0, QA_EXIT_FAIL = 1, QA_EXIT_USAGE = 2 };

/* Print "qarray: msg 'arg' (see 'qarray help')" and return QA_EXIT_USAGE. */
int qa_usage_err(const char *msg, const char *arg);
/* Strict unsigned parse: digits only, within [lo, hi]. Returns 0 or -1. */
int qa_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);
/* Split a comma-separated list in place (s is modified); at most max items. Returns the count,
 * or -1 for an empty item or too many. */
int qa_split_list(char *s, char **items, int max);

/* The commands, each given the whole argv (argv[1] is the command). */
int qa_cmd_models(int argc, char **argv);
int qa_cmd_gemms(int argc, char **argv);
int qa_cmd_amdahl(int argc, char **argv);
int qa_cmd_report(int argc, char **argv);
int qa_cmd_block(int argc, char **argv);

#endif /* QA_CLI_H */
