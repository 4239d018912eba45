/* qa_load.c: see qa_load.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qa_arch.h"
#include "qa_err.h"

/* The loop mesh simulates faster (measured, W2 FULL: 16x16 997 vs 363 kHz; 4x4 5.3 vs 4.7 MHz,
 * where the host's share dominates) and builds in seconds at any size; the per-PE mesh stays the
 * default for small arrays, where it builds as fast and is the structural reference (one qa_pe
 * per PE, the same registers a synthesis tool would see). */
int qa_default_mesh(int rows, int cols) { return (long)rows * cols >= QA_LOOP_MESH_PES ? 1 : 0; }

static int mesh_of(const qa_cfg_req *c) {
  return c->mesh < 0 ? qa_default_mesh(c->rows, c->cols) : c->mesh;
}

void qa_cfg_name(const qa_cfg_req *c, char *buf, unsigned len) {
  const int m = mesh_of(c);
  static const char *const kMesh[] = {"", "m1", "l", "v", "vn"};
  snprintf(buf, len, "r%dc%dw%da%d%s%s%s%s", c->rows, c->cols, c->wbits, c->accw,
           m >= 0 && m <= 4 ? kMesh[m] : "", c->trace ? "t" : "", c->mutant ? "-" : "",
           c->mutant ? c->mutant : "");
}

int qa_lib_open(const char *path, qa_lib *lib, char *err) {
  memset(lib, 0, sizeof *lib);
  lib->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib->dl) {
    snprintf(err, QA_ERR_LEN, "cannot load %s: %s", path, dlerror());
    return -1;
  }
  int (*abi)(void);
  *(void **)&abi = dlsym(lib->dl, "qa_sim_abi");
  if (!abi || abi() != QA_SIM_ABI) {
    snprintf(err, QA_ERR_LEN, "%s was built from another version of qa_sim.h; rebuild it", path);
    qa_lib_close(lib);
    return -1;
  }
#define SYM(field, name)                                                             \
  do {                                                                               \
    *(void **)&lib->field = dlsym(lib->dl, name);                                    \
    if (!lib->field) {                                                               \
      snprintf(err, QA_ERR_LEN, "%s does not export %s", path, name);                \
      qa_lib_close(lib);                                                             \
      return -1;                                                                     \
    }                                                                                \
  } while (0)
  SYM(sim_new, "qa_sim_new");
  SYM(sim_free, "qa_sim_free");
  SYM(sim_cfg, "qa_sim_cfg");
  SYM(set_stalls, "qa_sim_set_stalls");
  SYM(clear_counters, "qa_sim_clear_counters");
  SYM(counters, "qa_sim_counters");
  SYM(drain, "qa_sim_drain");
  SYM(feed, "qa_sim_feed");
  SYM(now, "qa_sim_now");
  SYM(traceable, "qa_sim_traceable");
  SYM(trace_open, "qa_sim_trace_open");
  SYM(trace_window, "qa_sim_trace_window");
  SYM(trace_close, "qa_sim_trace_close");
  SYM(dump_open, "qa_sim_dump_open");
  SYM(dump_close, "qa_sim_dump_close");
  SYM(reset, "qa_sim_reset");
  SYM(lockstep, "qa_sim_lockstep");
  SYM(activity, "qa_sim_activity");
#undef SYM
  return 0;
}

void qa_lib_close(qa_lib *lib) {
  if (lib->dl) dlclose(lib->dl);
  memset(lib, 0, sizeof *lib);
}

/* Run make on target in root (question != 0: make -q, which builds nothing). Returns make's exit
 * status (-q: 0 up to date, 1 out of date, 2 error), or -1 if make could not be run. */
static int run_make(const char *root, const char *target, int question) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    /* make's output goes to stderr so stdout keeps only the tool's results. */
    dup2(STDERR_FILENO, STDOUT_FILENO);
    if (question)
      execlp("make", "make", "--no-print-directory", "-q", "-C", root, target, (char *)NULL);
    else
      execlp("make", "make", "--no-print-directory", "-C", root, target, (char *)NULL);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  return WIFEXITED(st) && WEXITSTATUS(st) != 127 ? WEXITSTATUS(st) : -1;
}

int qa_lib_get(const qa_cfg_req *c, int build, qa_lib *lib, char *err) {
  char name[64], target[128], path[4096];
  qa_cfg_name(c, name, sizeof name);
  const char *root = qa_root();
  snprintf(target, sizeof target, "build/cfg/%s/libqa.so", name);
  snprintf(path, sizeof path, "%s/%s", root, target);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "make -C %s sim ROWS=%d COLS=%d WBITS=%d ACCW=%d MESH=%d%s%s%s", root,
           c->rows, c->cols, c->wbits, c->accw, mesh_of(c), c->trace ? " TRACE=1" : "",
           c->mutant ? " MUTANT=" : "", c->mutant ? c->mutant : "");
  /* Missing, or older than what the Makefile builds it from (rtl/, the shim, the build script:
   * make -q asks the Makefile itself, so the list of sources lives in one place). A tree without
   * make or its Makefile (status -1 or 2) loads what is there. */
  struct stat st;
  const char *why = NULL;
  if (stat(path, &st) != 0)
    why = "is not built";
  else if (run_make(root, target, 1) == 1)
    why = "is older than its sources (rtl/, sim/)";
  if (why) {
    if (!build) {
      snprintf(err, QA_ERR_LEN, "configuration %s %s; build it with: %s", name, why, cmd);
      return -1;
    }
    qa_errf("configuration %s %s; building it (%s)\n", name, why, cmd);
    if (run_make(root, target, 0) != 0) {
      snprintf(err, QA_ERR_LEN, "building configuration %s failed (%s)", name, cmd);
      return -1;
    }
  }
  if (qa_lib_open(path, lib, err)) return -1;
  qa_sim *s = lib->sim_new();
  if (!s) {
    snprintf(err, QA_ERR_LEN, "%s: out of memory creating the model", name);
    qa_lib_close(lib);
    return -1;
  }
  qa_cfg got;
  lib->sim_cfg(s, &got);
  lib->sim_free(s);
  if (got.rows != c->rows || got.cols != c->cols || got.wbits != c->wbits || got.accw != c->accw ||
      got.mesh != mesh_of(c)) {
    snprintf(err, QA_ERR_LEN, "%s holds a %dx%d WBITS=%d ACCW=%d MESH=%d model; rebuild it with: %s",
             path, got.rows, got.cols, got.wbits, got.accw, got.mesh, cmd);
    qa_lib_close(lib);
    return -1;
  }
  return 0;
}
