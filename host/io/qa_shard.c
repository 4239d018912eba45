/* qa_shard.c: see qa_shard.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_shard.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"

void qa_shard_free(qa_shard *s) {
  for (int i = 0; i < s->nargs; i++) free(s->args[i]);
  free(s->row);
}

int qa_shard_bad_line(const qa_shard *s, int line, const char *what, char *err) {
  snprintf(err, QA_ERR_LEN, "%s line %d: %s", s->path, line, what);
  return QA_EXIT_USAGE;
}

/* One data row: index,rows,cols,wbits,mode,m,k,n,model_cycles,rtl_cycles. */
static int parse_row(qa_shard *s, const char *ln, int line, char *err) {
  qa_shard_row r = {.line = line};
  char mode[8], tail;
  if (sscanf(ln, "%zu,%d,%d,%d,%7[a-z],%" SCNu64 ",%" SCNu64 ",%" SCNu64 ",%" SCNu64 ",%" SCNu64 "%c",
             &r.index, &r.g.rows, &r.g.cols, &r.g.wbits, mode, &r.g.m, &r.g.k, &r.g.n, &r.model,
             &r.rtl, &tail) != 11 || tail != '\n' || (strcmp(mode, "packed") && strcmp(mode, "full")))
    return qa_shard_bad_line(s, line, "not a GEMM row (index,rows,cols,wbits,mode,m,k,n,model_cycles,rtl_cycles)", err);
  r.g.mode = !strcmp(mode, "packed") ? QA_MODE_PACKED : QA_MODE_FULL;
  if (s->nrow % 64 == 0) {
    qa_shard_row *nr = realloc(s->row, (s->nrow + 64) * sizeof *nr);
    if (!nr) return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
    s->row = nr;
  }
  s->row[s->nrow++] = r;
  return 0;
}

/* One header or data line of an amdahl shard file. */
static int parse_line(qa_shard *s, const char *ln, int line, char *err) {
  if (line == 1) {
    if (sscanf(ln, "# qarray amdahl shard %" SCNu64 "/%" SCNu64, &s->i, &s->n) != 2 || s->i >= s->n)
      return qa_shard_bad_line(s, line, "not an amdahl shard file (it starts '# qarray amdahl shard I/N')", err);
    return 0;
  }
  if (line == 2) {
    if (sscanf(ln, "# sweep %16" SCNx64 ":", &s->fp) != 1) return qa_shard_bad_line(s, line, "no '# sweep' line", err);
    return 0;
  }
  if (!strncmp(ln, "# arg ", 6)) {
    if (s->nrow || s->nargs == QA_SHARD_MAX_ARGS) return qa_shard_bad_line(s, line, "misplaced '# arg' line", err);
    const size_t n = strlen(ln + 6);
    if (!(s->args[s->nargs] = strndup(ln + 6, n && ln[5 + n] == '\n' ? n - 1 : n)))
      return snprintf(err, QA_ERR_LEN, "out of memory"), QA_EXIT_USAGE;
    s->nargs++;
    return 0;
  }
  if (!strncmp(ln, "index,", 6)) return 0;
  return parse_row(s, ln, line, err);
}

int qa_shard_read(const char *path, qa_shard *s, char *err) {
  memset(s, 0, sizeof *s);
  s->path = path;
  FILE *f = fopen(path, "r");
  if (!f) return snprintf(err, QA_ERR_LEN, "cannot read the shard file %s", path), QA_EXIT_USAGE;
  char *ln = NULL;
  size_t cap = 0;
  int line = 0, rc = 0;
  while (!rc && getline(&ln, &cap, f) > 0) rc = parse_line(s, ln, ++line, err);
  if (!rc && line < 2) rc = qa_shard_bad_line(s, line, "the file ends in its header", err);
  free(ln);
  fclose(f);
  return rc;
}
