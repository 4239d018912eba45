/* cmd_merge.c: qarray merge: the shard files of one sharded run, checked and merged into what
 * one unsharded run writes (docs/scaling.md). amdahl --rtl --shard I/N files merge into the
 * amdahl CSV; block --layers A:B --csv files into the block CSV. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_cli.h"
#include "qa_merge.h"
#include "qa_work.h"

typedef struct {
  qa_shard *f;
  int n;
} shard_set;

void qa_shard_free(qa_shard *s) {
  for (int i = 0; i < s->nargs; i++) free(s->args[i]);
  free(s->row);
}

static int bad_line(const qa_shard *s, int line, const char *what, char *err) {
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
    return bad_line(s, line, "not a GEMM row (index,rows,cols,wbits,mode,m,k,n,model_cycles,rtl_cycles)", err);
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
      return bad_line(s, line, "not an amdahl shard file (it starts '# qarray amdahl shard I/N')", err);
    return 0;
  }
  if (line == 2) {
    if (sscanf(ln, "# sweep %16" SCNx64 ":", &s->fp) != 1) return bad_line(s, line, "no '# sweep' line", err);
    return 0;
  }
  if (!strncmp(ln, "# arg ", 6)) {
    if (s->nrow || s->nargs == QA_SHARD_MAX_ARGS) return bad_line(s, line, "misplaced '# arg' line", err);
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
  if (!rc && line < 2) rc = bad_line(s, line, "the file ends in its header", err);
  free(ln);
  fclose(f);
  return rc;
}

/* ---- checking the shards against the sweep ---- */

static int check_set(const shard_set *ss, uint64_t fp, char *err) {
  for (int a = 0; a < ss->n; a++) {
    const qa_shard *s = &ss->f[a];
    if (s->fp != fp || s->n != ss->f[0].n) {
      snprintf(err, QA_ERR_LEN, "%s belongs to another sweep (shard %" PRIu64 "/%" PRIu64 " of sweep "
               "%016" PRIx64 "; %s is of %" PRIu64 " shards of sweep %016" PRIx64 ")", s->path, s->i,
               s->n, s->fp, ss->f[0].path, ss->f[0].n, fp);
      return QA_EXIT_USAGE;
    }
    for (int b = 0; b < a; b++)
      if (ss->f[b].i == s->i) {
        snprintf(err, QA_ERR_LEN, "%s is shard %" PRIu64 "/%" PRIu64 " again (so is %s)", s->path,
                 s->i, s->n, ss->f[b].path);
        return QA_EXIT_USAGE;
      }
  }
  if ((uint64_t)ss->n < ss->f[0].n) {
    for (uint64_t i = 0;; i++) {
      int have = 0;
      for (int a = 0; a < ss->n; a++) have |= ss->f[a].i == i;
      if (!have) {
        snprintf(err, QA_ERR_LEN, "shard %" PRIu64 "/%" PRIu64 " is missing (%d of %" PRIu64
                 " shard files given)", i, ss->f[0].n, ss->n, ss->f[0].n);
        return QA_EXIT_USAGE;
      }
    }
  }
  return 0;
}

/* One shard's rows into the work list: each the GEMM the split gives this shard, run once. */
static int fill_rows(const qa_shard *s, qa_work *w, const int *owner, char *err) {
  for (size_t r = 0; r < s->nrow; r++) {
    const qa_shard_row *x = &s->row[r];
    if (x->index >= w->n || owner[x->index] != (int)s->i)
      return bad_line(s, x->line, "a GEMM that is not this shard's", err);
    qa_work_item *e = &w->it[x->index];
    if (memcmp(&e->g, &x->g, sizeof e->g) || e->model != x->model)
      return bad_line(s, x->line, "the GEMM differs from the sweep's at this index", err);
    if (e->done) return bad_line(s, x->line, "a GEMM given twice", err);
    if (x->rtl != x->model) {
      snprintf(err, QA_ERR_LEN, "%s line %d: RTL and analytic model DISAGREE: RTL %" PRIu64
               " cycles, model %" PRIu64, s->path, x->line, x->rtl, x->model);
      return QA_EXIT_FAIL;
    }
    e->cycles = x->rtl;
    e->done = 1;
  }
  return 0;
}

static int fill(void *ctx, struct qa_work *w, uint64_t fp, char *err) {
  const shard_set *ss = ctx;
  int rc = check_set(ss, fp, err);
  int *owner = malloc((w->n ? w->n : 1) * sizeof *owner);
  if (!rc && !owner) rc = QA_EXIT_USAGE, snprintf(err, QA_ERR_LEN, "out of memory");
  if (!rc) qa_work_split(w, (int)ss->f[0].n, owner);
  for (int a = 0; !rc && a < ss->n; a++) rc = fill_rows(&ss->f[a], w, owner, err);
  for (size_t i = 0; !rc && i < w->n; i++)
    if (!w->it[i].done) {
      const char *path = "?";
      for (int a = 0; a < ss->n; a++)
        if ((int)ss->f[a].i == owner[i]) path = ss->f[a].path;
      snprintf(err, QA_ERR_LEN, "%s (shard %d/%" PRIu64 ") lacks the sweep's GEMM %zu", path,
               owner[i], ss->f[0].n, i);
      rc = QA_EXIT_USAGE;
    }
  free(owner);
  return rc;
}

static int merge_amdahl(const qa_opts *o, shard_set *ss) {
  char *argv[QA_SHARD_MAX_ARGS + 8];
  int argc = 0;
  argv[argc++] = "qarray";
  argv[argc++] = "amdahl";
  for (int i = 0; i < ss->f[0].nargs; i++) argv[argc++] = ss->f[0].args[i];
  argv[argc++] = "--csv";
  argv[argc++] = (char *)o->csv;
  argv[argc] = NULL;
  qa_opts ao;
  fprintf(stderr, "qarray: merging %d shard%s of: qarray amdahl", ss->n, ss->n == 1 ? "" : "s");
  for (int i = 2; i < argc - 2; i++) fprintf(stderr, " %s", argv[i]);
  fprintf(stderr, "\n");
  int rc = qa_opts_parse(QA_CMD_AMDAHL, argc, argv, &ao);
  /* qarray writes only what a sweep computes into a shard: anything else was not written by it */
  if (!rc && (!ao.rtl || ao.shard_n || ao.plan || ao.tr.path || ao.jobs || ao.quiet))
    return fprintf(stderr, "qarray: %s: its arguments are not those of an amdahl --rtl sweep qarray "
                   "would write (--rtl without --shard, --plan, --trace, --jobs, --quiet)\n",
                   ss->f[0].path), QA_EXIT_USAGE;
  return rc ? rc : qa_amdahl_main(&ao, fill, ss);
}

int qa_cmd_merge(const qa_opts *o) {
  if (!o->npos) return qa_usage_err("merge needs shard files: qarray merge SHARD... --csv OUT", NULL);
  if (!o->csv) return qa_usage_err("merge writes --csv OUT: give it", NULL);
  char err[QA_ERR_LEN];
  FILE *f = fopen(o->posv[0], "r");
  char first[64] = "";
  if (f && !fgets(first, sizeof first, f)) first[0] = '\0';
  if (f) fclose(f);
  if (!strncmp(first, "# qarray block", 14)) return qa_merge_block(o);
  shard_set ss = {calloc((size_t)o->npos, sizeof *ss.f), 0};
  if (!ss.f) return fprintf(stderr, "qarray: out of memory\n"), QA_EXIT_USAGE;
  int rc = 0;
  for (int i = 0; !rc && i < o->npos; i++, ss.n++) rc = qa_shard_read(o->posv[i], &ss.f[i], err);
  if (rc) fprintf(stderr, "qarray: %s\n", err);
  else rc = merge_amdahl(o, &ss);
  for (int i = 0; i < ss.n; i++) qa_shard_free(&ss.f[i]);
  free(ss.f);
  return rc;
}
