/* qa_keyval.c: see qa_keyval.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_keyval.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qa_cli.h"

static void trim(char **s) {
  while (isspace((unsigned char)**s)) (*s)++;
  char *e = *s + strlen(*s);
  while (e > *s && isspace((unsigned char)e[-1])) *--e = '\0';
}

static const char *const kMust[] = {"a whole number", "a whole number >= 1", "a number > 0",
                                    "a number >= 0"};

static int parse_value(const char *v, qa_keyval_kind k, double *out) {
  uint64_t x;
  switch (k) {
    case QA_KEYVAL_COUNT: return qa_parse_u64(v, 0, 1ull << 40, &x) ? -1 : (*out = (double)x, 0);
    case QA_KEYVAL_COUNT1: return qa_parse_u64(v, 1, 1ull << 40, &x) ? -1 : (*out = (double)x, 0);
    case QA_KEYVAL_POS: return qa_parse_pos_double(v, 1e12, out);
    case QA_KEYVAL_NONNEG:
      if (!strcmp(v, "0") || !strcmp(v, "0.0")) return *out = 0.0, 0;
      return qa_parse_pos_double(v, 1e12, out);
  }
  return -1;
}

/* The keys being read, their values and the lines that gave them. */
typedef struct {
  const qa_keyval_key *keys;
  int nkeys;
  double *vals;
  int *lines;
} table;

/* One "key = value" line. */
static int kv_line(const char *path, int ln, char *line, const table *t) {
  const qa_keyval_key *keys = t->keys;
  const int nkeys = t->nkeys;
  double *vals = t->vals;
  int *lines = t->lines;
  char *eq = strchr(line, '=');
  if (!eq) {
    qa_errf("%s:%d: expected 'key = value', got '%s'\n", path, ln, line);
    return QA_EXIT_USAGE;
  }
  *eq = '\0';
  char *key = line, *val = eq + 1;
  trim(&key);
  trim(&val);
  int k = 0;
  while (k < nkeys && strcasecmp(key, keys[k].key)) k++;
  if (k == nkeys) {
    char list[512] = "";
    for (int i = 0; i < nkeys; i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? " " : "", keys[i].key);
    qa_errf("%s:%d: unknown key '%s' (keys: %s, any case)\n", path, ln, key, list);
    return QA_EXIT_USAGE;
  }
  if (lines[k]) {
    qa_errf("%s:%d: %s given again (first on line %d)\n", path, ln, keys[k].key,
            lines[k]);
    return QA_EXIT_USAGE;
  }
  if (!*val || parse_value(val, keys[k].kind, &vals[k])) {
    qa_errf("%s:%d: %s must be %s, got '%s'\n", path, ln, keys[k].key,
            kMust[keys[k].kind], val);
    return QA_EXIT_USAGE;
  }
  lines[k] = ln;
  return 0;
}

int qa_keyval_read(const char *what, const char *path, const qa_keyval_key *keys, int nkeys,
                   double *vals, int *lines) {
  for (int i = 0; i < nkeys; i++) lines[i] = 0;
  FILE *f = fopen(path, "r");
  if (!f) {
    qa_errf("cannot open %s '%s': %s\n", what, path, strerror(errno));
    return QA_EXIT_USAGE;
  }
  char buf[512];
  int ln = 0, rc = 0;
  while (!rc && fgets(buf, sizeof buf, f)) {
    ln++;
    if (!strchr(buf, '\n') && !feof(f)) {
      qa_errf("%s:%d: line too long\n", path, ln);
      rc = QA_EXIT_USAGE;
      break;
    }
    char *h = strchr(buf, '#'), *line = buf;
    if (h) *h = '\0';
    trim(&line);
    if (*line) rc = kv_line(path, ln, line, &(table){keys, nkeys, vals, lines});
  }
  if (!rc && ferror(f)) {
    qa_errf("error reading '%s'\n", path);
    rc = QA_EXIT_USAGE;
  }
  fclose(f);
  return rc;
}
