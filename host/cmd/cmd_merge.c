/* cmd_merge.c: qarray merge: the shard files of one sharded run, checked and merged into what
 * one unsharded run writes (docs/scaling.md). amdahl --rtl --shard I/N files merge into the
 * amdahl CSV; block --layers A:B --csv files into the block CSV. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_amdahl.h"
#include "qa_cli.h"
#include "qa_cmd.h"
#include "qa_atomic.h"
#include "qa_blockcsv.h"
#include "qa_shard.h"
#include "qa_work.h"

typedef struct {
  qa_shard *f;
  int n;
} shard_set;

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
      return qa_shard_bad_line(s, x->line, "a GEMM that is not this shard's", err);
    qa_work_item *e = &w->it[x->index];
    if (memcmp(&e->g, &x->g, sizeof e->g) || e->model != x->model)
      return qa_shard_bad_line(s, x->line, "the GEMM differs from the sweep's at this index", err);
    if (e->done) return qa_shard_bad_line(s, x->line, "a GEMM given twice", err);
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
  qa_errf("merging %d shard%s of: qarray amdahl", ss->n, ss->n == 1 ? "" : "s");
  for (int i = 2; i < argc - 2; i++) fprintf(stderr, " %s", argv[i]);
  fprintf(stderr, "\n");
  int rc = qa_opts_parse(QA_CMD_AMDAHL, argc, argv, &ao);
  /* qarray writes only what a sweep computes into a shard: anything else was not written by it */
  if (!rc && (!ao.rtl || ao.shard_n || ao.plan || ao.tr.path || ao.jobs || ao.quiet))
    return qa_errf("%s: its arguments are not those of an amdahl --rtl sweep qarray "
                   "would write (--rtl without --shard, --plan, --trace, --jobs, --quiet)\n",
                   ss->f[0].path), QA_EXIT_USAGE;
  return rc ? rc : qa_amdahl_study(&ao, fill, ss);
}

/* ---- block --layers A:B --csv parts of one run ---- */

/* Every block of the run exactly once, chained (each block's input is the previous block's
 * output), and each bit-identical to the golden model. Fills all[0..layers-1]. */
static int check_parts(const qa_block_part *p, int np, qa_block_row *all, const char **from) {
  const uint64_t N = p[0].layers;
  for (int i = 0; i < np; i++) {
    if (strcmp(p[i].title, p[0].title) || p[i].layers != N) {
      qa_errf("%s is of another run (%s of %" PRIu64 " blocks) than %s (%s)\n",
              p[i].path, p[i].title + 15, p[i].layers, p[0].path, p[0].title + 15);
      return QA_EXIT_USAGE;
    }
    for (uint64_t l = p[i].first; l <= p[i].last; l++) {
      if (from[l]) {
        qa_errf("block %" PRIu64 " is in both %s and %s\n", l, from[l], p[i].path);
        return QA_EXIT_USAGE;
      }
      from[l] = p[i].path;
      all[l] = p[i].row[l - p[i].first];
    }
  }
  for (uint64_t l = 0; l < N; l++) {
    if (!from[l]) {
      qa_errf("block %" PRIu64 " of %" PRIu64 " is in no file given\n", l, N);
      return QA_EXIT_USAGE;
    }
    if (!all[l].identical) {
      qa_errf("%s: block %" PRIu64 " was not bit-identical to the golden model\n",
              from[l], l);
      return QA_EXIT_FAIL;
    }
    if (l && all[l].in_fnv != all[l - 1].out_fnv) {
      qa_errf("%s: block %" PRIu64 "'s input %016" PRIx64 " is not block %" PRIu64
              "'s output %016" PRIx64 " (%s): the parts do not chain\n", from[l], l, all[l].in_fnv,
              l - 1, all[l - 1].out_fnv, from[l - 1]);
      return QA_EXIT_FAIL;
    }
  }
  return 0;
}

static int write_merged(const qa_opts *o, const qa_block_part *p, const qa_block_row *all) {
  qa_atomic out = {.slot = -1};
  char err[QA_ERR_LEN];
  if (qa_atomic_open(&out, o->csv, "w", err)) return qa_errf("%s\n", err), QA_EXIT_USAGE;
  qa_block_part whole = p[0];
  whole.first = 0, whole.last = p[0].layers - 1, whole.row = (qa_block_row *)all;
  qa_blockcsv_write(out.f, &whole);
  if (qa_atomic_commit(&out, err)) return qa_errf("%s\n", err), QA_EXIT_USAGE;
  double worst = 0.0;
  uint64_t cyc = 0;
  for (uint64_t l = 0; l < p[0].layers; l++) {
    worst = all[l].rel_err > worst ? all[l].rel_err : worst;
    cyc += all[l].rtl_cycles;
  }
  printf("merge: %s: all %" PRIu64 " blocks, chained, every one bit-identical to the golden model; "
         "%" PRIu64 " RTL cycles; worst relative L2 error against float64 %.4f\n", p[0].title + 15,
         p[0].layers, cyc, worst);
  return 0;
}

static int merge_block(const qa_opts *o) {
  qa_block_part *p = calloc((size_t)o->npos, sizeof *p);
  if (!p) return QA_EXIT_USAGE;
  int rc = 0, np = 0;
  for (; !rc && np < o->npos; np++) rc = qa_blockcsv_read(o->posv[np], &p[np]);
  const uint64_t N = rc ? 0 : p[0].layers;
  qa_block_row *all = rc ? NULL : calloc(N, sizeof *all);
  const char **from = rc ? NULL : calloc(N, sizeof *from);
  if (!rc && (!all || !from)) rc = QA_EXIT_USAGE;
  if (!rc) rc = check_parts(p, np, all, from);
  if (!rc) rc = write_merged(o, p, all);
  for (int i = 0; i < np; i++) free(p[i].row);
  free(p);
  free(all);
  free(from);
  return rc;
}

int qa_cmd_merge(const qa_opts *o) {
  if (!o->npos) return qa_usage_err("merge needs shard files: qarray merge SHARD... --csv OUT", NULL);
  if (!o->csv) return qa_usage_err("merge writes --csv OUT: give it", NULL);
  char err[QA_ERR_LEN];
  FILE *f = fopen(o->posv[0], "r");
  char first[64] = "";
  if (f && !fgets(first, sizeof first, f)) first[0] = '\0';
  if (f) fclose(f);
  if (!strncmp(first, "# qarray block", 14)) return merge_block(o);
  shard_set ss = {calloc((size_t)o->npos, sizeof *ss.f), 0};
  if (!ss.f) return qa_errf("out of memory\n"), QA_EXIT_USAGE;
  int rc = 0;
  for (int i = 0; !rc && i < o->npos; i++, ss.n++) rc = qa_shard_read(o->posv[i], &ss.f[i], err);
  if (rc) qa_errf("%s\n", err);
  else rc = merge_amdahl(o, &ss);
  for (int i = 0; i < ss.n; i++) qa_shard_free(&ss.f[i]);
  free(ss.f);
  return rc;
}
