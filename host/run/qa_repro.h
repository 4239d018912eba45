/* qa_repro.h: a reproducer directory, written whole or not at all. Used by `gemm`'s triage
 * (qa_triage.c) and `lockstep`'s (cmd_lockstep.c).
 *
 * qa_repro_open picks DIR (or DIR-2, DIR-3, ... when DIR exists) and creates it under a temporary
 * name, DIR.tmp.PID, whose files a signal removes (qa_atomic.h); the files go in with
 * qa_repro_path / qa_repro_text / qa_repro_view; qa_repro_commit renames the directory to its
 * name; qa_repro_close removes whatever was not committed (it may be called on a zero-initialized
 * qa_repro that was never opened). A file name must be one of the kinds
 * listed in qa_repro.c (the signal handler must know them in advance). */
#ifndef QA_REPRO_H
#define QA_REPRO_H

#include <stddef.h>

#include "qa_err.h"

#define QA_REPRO_NFILES 6

typedef struct {
  char dir[4000];  /* the name it gets */
  char tmp[4096];  /* the name it is written under ("" once committed or closed) */
  int slots[QA_REPRO_NFILES + 1];
} qa_repro;

int qa_repro_open(qa_repro *r, const char *dir, char *err);
void qa_repro_path(const qa_repro *r, const char *file, char *path, size_t len);
int qa_repro_text(const qa_repro *r, const char *file, const char *text, char *err);
/* view.gtkw for trace.fst (waves/mkgtkw.sh; mesh 0 per-PE, 1 loop, 2 lockstep; PE (i, j) first,
 * or none when i < 0). */
int qa_repro_view(const qa_repro *r, const int dims[4], int mesh, long i, long j, char *err);
int qa_repro_commit(qa_repro *r, char *err);
void qa_repro_close(qa_repro *r);

#endif /* QA_REPRO_H */
