/* qa_repro.c: see qa_repro.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_repro.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa_atomic.h"
#include "qa_load.h"

static const char *const kFiles[QA_REPRO_NFILES] = {"A.npy",     "W.npy",     "C_expected.npy",
                                                    "trace.fst", "view.gtkw", "replay.sh"};

void qa_repro_path(const qa_repro *r, const char *file, char *path, size_t len) {
  snprintf(path, len, "%s/%s", r->tmp, file);
}

int qa_repro_open(qa_repro *r, const char *dir, char *err) {
  struct stat st;
  for (int i = 0; i <= QA_REPRO_NFILES; i++) r->slots[i] = -1;
  r->tmp[0] = '\0';
  if (strchr(dir, '\'')) {
    snprintf(err, QA_ERR_LEN, "the reproducer directory name may not contain a quote: %s", dir);
    return -1;
  }
  snprintf(r->dir, sizeof r->dir, "%s", dir);
  for (int k = 2; stat(r->dir, &st) == 0 && k < 1000; k++)
    snprintf(r->dir, sizeof r->dir, "%s-%d", dir, k);
  snprintf(r->tmp, sizeof r->tmp, "%s.tmp.%ld", r->dir, (long)getpid());
  if (mkdir(r->tmp, 0755) != 0) {
    snprintf(err, QA_ERR_LEN, "cannot create %s: %s", r->tmp, strerror(errno));
    r->tmp[0] = '\0';
    return -1;
  }
  char p[4200];
  r->slots[QA_REPRO_NFILES] = qa_atomic_register(r->tmp, 1);
  for (int i = 0; i < QA_REPRO_NFILES; i++) {
    qa_repro_path(r, kFiles[i], p, sizeof p);
    r->slots[i] = qa_atomic_register(p, 0);
  }
  return 0;
}

int qa_repro_text(const qa_repro *r, const char *file, const char *text, char *err) {
  char path[4200];
  qa_repro_path(r, file, path, sizeof path);
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
    snprintf(err, QA_ERR_LEN, "cannot write %s: %s", path, strerror(errno));
    if (f) fclose(f);
    return -1;
  }
  return 0;
}

int qa_repro_view(const qa_repro *r, const int dims[4], int mesh, long i, long j, char *err) {
  char cmd[8800], focus[64] = "";
  if (i >= 0) snprintf(focus, sizeof focus, " %ld %ld", i, j);
  snprintf(cmd, sizeof cmd, "sh '%s/waves/mkgtkw.sh' %d %d %d %d %d trace.fst%s > '%s/view.gtkw'",
           qa_root(), dims[0], dims[1], dims[2], dims[3], mesh, focus, r->tmp);
  if (system(cmd) != 0) {
    snprintf(err, QA_ERR_LEN, "could not write %s/view.gtkw", r->tmp);
    return -1;
  }
  return 0;
}

int qa_repro_commit(qa_repro *r, char *err) {
  if (rename(r->tmp, r->dir) != 0) {
    snprintf(err, QA_ERR_LEN, "cannot rename %.4000s to %.2000s: %s", r->tmp, r->dir, strerror(errno));
    return -1;
  }
  r->tmp[0] = '\0';
  return 0;
}

void qa_repro_close(qa_repro *r) {
  char p[4200];
  if (!r->dir[0]) return; /* never opened (zero-initialized) */
  if (r->tmp[0]) {
    for (int i = 0; i < QA_REPRO_NFILES; i++) {
      qa_repro_path(r, kFiles[i], p, sizeof p);
      unlink(p);
    }
    rmdir(r->tmp);
    r->tmp[0] = '\0';
  }
  for (int i = 0; i <= QA_REPRO_NFILES; i++) {
    qa_atomic_unregister(r->slots[i]);
    r->slots[i] = -1;
  }
}
