/* cmd_report.c: qarray report DIR. Runs the study's sweep (analytic cycles, the memory system
 * on) over the arrays, precisions, models and lengths the options name, and writes DIR/README.md
 * (tables), gnuplot data and scripts, and the plots when gnuplot is installed. Every file is
 * written atomically. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "qa_area.h"
#include "qa_atomic.h"
#include "qa_cli.h"
#include "qa_cmd.h"
#include "qa_models.h"
#include "qa_report.h"

/* ---- files ---- */

/* Open DIR/name for an atomic write (qa_atomic.h); on failure keep the first error in r->rc and
 * return 0. After writing, file_commit. */
static int file_open(qa_report *r, const char *name, qa_atomic *f) {
  if (r->rc) return 0;
  char path[QA_PATH_MAX], err[QA_ERR_LEN];
  snprintf(path, sizeof path, "%.3900s/%.120s", r->dir, name);
  if (qa_atomic_open(f, path, "w", err) == 0) return 1;
  qa_errf("%s\n", err);
  r->rc = QA_EXIT_USAGE;
  return 0;
}

static void file_commit(qa_report *r, qa_atomic *f) {
  char err[QA_ERR_LEN];
  if (qa_atomic_commit(f, err) == 0) return;
  qa_errf("%s\n", err);
  r->rc = QA_EXIT_USAGE;
}

/* One of the files that cover the whole sweep. */
static void write_file(qa_report *r, const char *name, void (*fn)(const qa_report *, FILE *)) {
  qa_atomic f;
  if (!file_open(r, name, &f)) return;
  fn(r, f.f);
  file_commit(r, &f);
}

/* DIR/ARRAY_PHASE.dat: each array and phase's speedups. */
static void write_speedups(qa_report *r) {
  for (int a = 0; a < r->sw.na; a++)
    for (int ph = 0; ph < 2; ph++) {
      char name[96];
      qa_atomic f;
      snprintf(name, sizeof name, "%s_%s.dat", r->sw.arr[a].name, qa_report_ph[ph]);
      if (!file_open(r, name, &f)) return;
      qa_report_dat_speedup(r, f.f, a, ph);
      file_commit(r, &f);
    }
}

/* ---- the command ---- */

/* gnuplot, if installed, in DIR; otherwise the command to install it. */
static void render(const qa_report *r) {
  if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
    qa_errf("gnuplot is not installed, so the plots are not drawn; install it "
                    "(apt-get install gnuplot-nox) and run: cd %s && gnuplot plots.gp plots_mem.gp\n",
            r->dir);
    return;
  }
  char cmd[QA_PATH_MAX + 128];
  snprintf(cmd, sizeof cmd, "cd '%.3900s' && gnuplot plots.gp plots_mem.gp", r->dir);
  if (strchr(r->dir, '\'') || system(cmd) != 0)
    qa_errf("gnuplot failed on %s/plots.gp or plots_mem.gp\n", r->dir);
}

int qa_cmd_report(const qa_opts *o) {
  if (!o->pos) return qa_usage_err("report needs a directory: qarray report DIR", NULL);
  qa_report r = {.dir = o->pos, .area_file = o->area_file, .user_models = o->model != NULL};
  if (mkdir(r.dir, 0755) != 0 && errno != EEXIST) {
    qa_errf("cannot create %s: %s\n", r.dir, strerror(errno));
    return QA_EXIT_USAGE;
  }
  int rc = qa_sweep_resolve(o, "2,1", &r.sw);
  if (rc) return rc;
  if (qa_energy_setup_load(o, &r.energy)) {
    qa_sweep_free(&r.sw);
    return QA_EXIT_USAGE;
  }
  r.head = r.sw.ns / 2;
  for (int q = 0; q < r.sw.ns; q++)
    if (r.sw.seq[q] == 512) r.head = q;
  int live = 0;
  for (int m = 0; m < r.sw.nm; m++) live += r.sw.seq[r.head] <= (uint64_t)r.sw.model[m]->max_ctx;
  if (!live) {
    qa_errf("nothing to report: L=%" PRIu64 " is beyond every chosen model's "
                    "context\n", r.sw.seq[r.head]);
    rc = QA_EXIT_USAGE;
  }
  if (!rc) rc = qa_report_sweep(&r);
  if (!rc) {
    write_speedups(&r);
    write_file(&r, "per_model.dat", qa_report_dat_per_model);
    write_file(&r, "bound.dat", qa_report_dat_bound);
    write_file(&r, "roofline.dat", qa_report_dat_roofline);
    write_file(&r, "iso.dat", qa_report_dat_iso);
    write_file(&r, "energy.dat", qa_report_dat_energy);
    write_file(&r, "plots.gp", qa_report_gp_plots);
    write_file(&r, "plots_mem.gp", qa_report_gp_mem);
    if (!r.rc) render(&r);
    write_file(&r, "README.md", qa_report_md_readme);
    rc = r.rc;
  }
  if (!rc) qa_errf("report written to %s/README.md\n", r.dir);
  free(r.c);
  qa_sweep_free(&r.sw);
  return rc;
}

