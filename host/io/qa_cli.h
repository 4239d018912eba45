/* qa_cli.h: helpers shared by the qarray commands, and the commands. */
#ifndef QA_CLI_H
#define QA_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "qa_err.h"
#include "qa_opts.h"


/* Print "qarray: msg 'arg' (see 'qarray help')" and return QA_EXIT_USAGE. */
int qa_usage_err(const char *msg, const char *arg);
/* Strict unsigned parse: digits only, within [lo, hi]. Returns 0 or -1. */
int qa_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);
/* "A<sep>B", each side as qa_parse_u64 over [lo, hi]. Returns 0 or -1. */
int qa_parse_pair(const char *s, char sep, uint64_t lo, uint64_t hi, uint64_t *a, uint64_t *b);
/* A number > 0 and <= hi (decimal, no trailing text). Returns 0 or -1. */
int qa_parse_pos_double(const char *s, double hi, double *out);
/* Split a comma-separated list in place (s is modified); at most max items. Returns the count,
 * or -1 for an empty item or too many. */
int qa_split_list(char *s, char **items, int max);
/* Tracing defaults: no file, every tile, every cycle, every GEMM. */
void qa_trace_defaults(qa_trace_opts *tr);
/* Large counts with thousands separators: 1234567 -> "1,234,567" (buf of 32). */
const char *qa_thousands(uint64_t v, char *buf);

#endif /* QA_CLI_H */
