/* qa_cli.c: see qa_cli.h. */
#define _POSIX_C_SOURCE 200809L /* flockfile */
#include "qa_cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char *g_cap;
static _Thread_local size_t g_cap_len;

void qa_err_capture(char *buf, size_t len) {
  g_cap = buf && len ? buf : NULL;
  g_cap_len = len;
  if (g_cap) g_cap[0] = '\0';
}

void qa_errf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (g_cap) {
    const size_t used = strlen(g_cap);
    char line[QA_ERR_LEN];
    const int n = vsnprintf(line, sizeof line, fmt, ap);
    /* whole lines only: a message that does not fit is left out, not cut */
    if (n >= 0 && used + 8 + (size_t)n < g_cap_len) snprintf(g_cap + used, g_cap_len - used, "qarray: %s", line);
  } else {
    flockfile(stderr);
    fputs("qarray: ", stderr);
    vfprintf(stderr, fmt, ap);
    funlockfile(stderr);
  }
  va_end(ap);
}

int qa_usage_err(const char *msg, const char *arg) {
  if (arg) qa_errf("%s '%s' (see 'qarray help')\n", msg, arg);
  else qa_errf("%s (see 'qarray help')\n", msg);
  return QA_EXIT_USAGE;
}

int qa_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out) {
  if (!s || *s < '0' || *s > '9') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int qa_parse_pair(const char *s, char sep, uint64_t lo, uint64_t hi, uint64_t *a, uint64_t *b) {
  char tmp[64];
  const char *at = strchr(s, sep);
  if (!at || (size_t)(at - s) >= sizeof tmp) return -1;
  memcpy(tmp, s, (size_t)(at - s));
  tmp[at - s] = '\0';
  return qa_parse_u64(tmp, lo, hi, a) || qa_parse_u64(at + 1, lo, hi, b) ? -1 : 0;
}

int qa_parse_pos_double(const char *s, double hi, double *out) {
  if (!s || !((*s >= '0' && *s <= '9') || *s == '.')) return -1;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || *end || !(v > 0.0) || v > hi) return -1;
  *out = v;
  return 0;
}

int qa_split_list(char *s, char **items, int max) {
  int n = 0;
  for (char *p = s;;) {
    char *c = strchr(p, ',');
    if (c) *c = '\0';
    if (!*p || n == max) return -1;
    items[n++] = p;
    if (!c) break;
    p = c + 1;
  }
  return n;
}

void qa_trace_defaults(qa_trace_opts *tr) {
  memset(tr, 0, sizeof *tr);
  tr->tile = -1;
  tr->to = UINT64_MAX;
  tr->gemm = -1;
}

const char *qa_thousands(uint64_t v, char *buf) {
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v), o = 0;
  for (int i = 0; i < n; i++) {
    if (i && (n - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = tmp[i];
  }
  buf[o] = '\0';
  return buf;
}
