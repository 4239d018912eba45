/* qa_atomic.c: see qa_atomic.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_atomic.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qa_err.h"

/* The registry: a fixed table the signal handler reads without locks or allocation. A slot is
 * claimed by setting used last, after its path is complete. */
#define SLOTS 64
static struct {
  char path[QA_PATH_MAX + 32];
  int is_dir;
  volatile sig_atomic_t used;
} g_reg[SLOTS];
static int g_handlers;

/* One line naming the signal, with write(2) (async-signal-safe): the exit status alone (130,
 * 143, 129) said nothing to a user who did not know the shell's convention. */
static void say_signal(int sig) {
  static const char pre[] = "qarray: interrupted by ";
  static const char post[] = "; no output was written (exit status 128 + the signal's number)\n";
  const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
  ssize_t ignored = write(2, pre, sizeof pre - 1);
  ignored = write(2, name, strlen(name));
  ignored = write(2, post, sizeof post - 1);
  (void)ignored;
}

static void on_signal(int sig) {
  say_signal(sig);
  /* Files first (newest first), then directories: unlink and rmdir are async-signal-safe. */
  for (int pass = 0; pass < 2; pass++)
    for (int i = SLOTS - 1; i >= 0; i--)
      if (g_reg[i].used && g_reg[i].is_dir == pass) {
        if (pass) rmdir(g_reg[i].path);
        else unlink(g_reg[i].path);
      }
  signal(sig, SIG_DFL);
  raise(sig);
}

void qa_atomic_signals(void) {
  if (g_handlers) return;
  g_handlers = 1;
  const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* Leave a signal the caller's shell ignored (nohup, background jobs) ignored. */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaction(sigs[i], &sa, NULL);
  }
}

int qa_atomic_register(const char *path, int is_dir) {
  qa_atomic_signals();
  for (int i = 0; i < SLOTS; i++)
    if (!g_reg[i].used) {
      snprintf(g_reg[i].path, sizeof g_reg[i].path, "%s", path);
      g_reg[i].is_dir = is_dir;
      g_reg[i].used = 1;
      return i;
    }
  return -1;
}

void qa_atomic_unregister(int slot) {
  if (slot >= 0 && slot < SLOTS) g_reg[slot].used = 0;
}

int qa_atomic_open(qa_atomic *a, const char *path, const char *mode, char *err) {
  memset(a, 0, sizeof *a);
  a->slot = -1;
  if (strlen(path) >= sizeof a->path) {
    snprintf(err, QA_ERR_LEN, "output path too long: %.200s...", path);
    return -1;
  }
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
    snprintf(err, QA_ERR_LEN, "cannot write %.3000s: it is a directory (give a file name)", path);
    return -1;
  }
  snprintf(a->path, sizeof a->path, "%s", path);
  snprintf(a->tmp, sizeof a->tmp, "%s.tmp.%ld", path, (long)getpid());
  a->slot = qa_atomic_register(a->tmp, 0);
  a->f = fopen(a->tmp, mode);
  if (!a->f) {
    snprintf(err, QA_ERR_LEN, "cannot write %s: %s", path, strerror(errno));
    qa_atomic_unregister(a->slot);
    a->slot = -1;
    return -1;
  }
  return 0;
}

int qa_atomic_commit(qa_atomic *a, char *err) {
  if (!a->f) {
    snprintf(err, QA_ERR_LEN, "cannot write %s: not open", a->path);
    return -1;
  }
  int bad = ferror(a->f);
  bad |= fclose(a->f) != 0;
  a->f = NULL;
  if (!bad && rename(a->tmp, a->path) == 0) {
    qa_atomic_unregister(a->slot);
    a->slot = -1;
    return 0;
  }
  snprintf(err, QA_ERR_LEN, "cannot write %s: %s", a->path, strerror(errno ? errno : EIO));
  unlink(a->tmp);
  qa_atomic_unregister(a->slot);
  a->slot = -1;
  return -1;
}

void qa_atomic_abort(qa_atomic *a) {
  if (a->f) {
    fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
  }
  qa_atomic_unregister(a->slot);
  a->slot = -1;
}
