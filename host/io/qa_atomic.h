/* qa_atomic.h: output files written atomically. A file is written under a temporary name beside
 * its destination and renamed over it only when complete, so a reader never sees half a file.
 * Every temporary name is registered: on SIGINT, SIGTERM or SIGHUP the temporaries still open
 * are removed before the signal ends the process (the default action, so the exit status says
 * which signal), and on any error the caller aborts the file, which removes it.
 * Directories built the same way (the triage reproducer) register their files and the
 * directory itself. */
#ifndef QA_ATOMIC_H
#define QA_ATOMIC_H

#include <stdio.h>

#define QA_PATH_MAX 4096

typedef struct {
  FILE *f;                    /* the temporary, open for writing */
  char path[QA_PATH_MAX];     /* the destination */
  char tmp[QA_PATH_MAX + 32]; /* path.tmp.PID */
  int slot;                   /* registry slot, -1 when none */
} qa_atomic;

/* Create the temporary for path ("w" or "wb"). Returns 0, or -1 with err naming path and the
 * reason (a missing directory, no permission): call it before long work, so that a bad output
 * location fails first. */
int qa_atomic_open(qa_atomic *a, const char *path, const char *mode, char *err);
/* Close and rename over the destination. Returns 0, or -1 with err (the temporary is removed). */
int qa_atomic_commit(qa_atomic *a, char *err);
/* Close and remove the temporary (safe to call on a committed or never-opened file). */
void qa_atomic_abort(qa_atomic *a);

/* Register a path (a file, or with is_dir a directory, removed after the files registered
 * before it) to be removed if a signal ends the process. Returns a slot, or -1 if the registry
 * is full (then the path is not protected). */
/* Install the signal handlers (SIGINT, SIGTERM, SIGHUP): a signal prints one line naming it,
 * removes what is registered and ends the process with the signal's default action. main calls
 * it first, so every command says why it stopped; registering installs it too. */
void qa_atomic_signals(void);
int qa_atomic_register(const char *path, int is_dir);
void qa_atomic_unregister(int slot);

#endif /* QA_ATOMIC_H */
