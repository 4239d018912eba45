/* qa_config.c: see qa_config.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qa_arch.h"
#include "qa_golden.h"
#include "qa_cli.h"
#include "qa_err.h"
#include "qa_keyval.h"

#ifndef QA_ROOT
#define QA_ROOT "."
#endif

const char *qa_root(void) {
  const char *r = getenv("QARRAY_ROOT");
  return (r && *r) ? r : QA_ROOT;
}


int qa_parse_array(const char *name, int *rows, int *cols, char *err) {
  const qa_arch_preset *p = qa_arch_preset_of(name);
  if (p) {
    *rows = p->rows;
    *cols = p->cols;
    return 0;
  }
  int r, c, n = 0;
  if (sscanf(name, "%d%*[xX]%d%n", &r, &c, &n) == 2 && name[n] == '\0' && r >= QA_DIM_MIN &&
      c >= QA_DIM_MIN && r <= QA_DIM_MAX && c <= QA_DIM_MAX) {
    *rows = r;
    *cols = c;
    return 0;
  }
  snprintf(err, QA_ERR_LEN,
           "unknown array '%s' (use edge, cloud or RxC with %d <= R, C <= %d, e.g. 16x8)", name,
           QA_DIM_MIN, QA_DIM_MAX);
  return -1;
}

#define KIB 1024ull

static double default_clock(const char *array) {
  return qa_arch_preset_of(strcmp(array, "cloud") ? "edge" : "cloud")->clock_mhz;
}

/* ---- --array-file ---- */

/* The keys (qa_keyval.h: any case, as SCALE-Sim's configuration keys are). */
enum { F_SRAM, F_INTERNAL, F_A, F_W, F_C, F_BPC, F_GBS, F_LAT, F_CLOCK, F_ROWS, F_COLS, F_WBITS, F_N };
static const qa_keyval_key kKeys[F_N] = {
    {"sram_kib", QA_KEYVAL_COUNT1}, {"internal_kib", QA_KEYVAL_COUNT}, {"a_kib", QA_KEYVAL_COUNT1},
    {"w_kib", QA_KEYVAL_COUNT1},    {"c_kib", QA_KEYVAL_COUNT1},       {"dram_bpc", QA_KEYVAL_POS},
    {"dram_gbs", QA_KEYVAL_POS},    {"dram_lat", QA_KEYVAL_COUNT},     {"clock_mhz", QA_KEYVAL_POS},
    {"rows", QA_KEYVAL_COUNT1},     {"cols", QA_KEYVAL_COUNT1},        {"wbits", QA_KEYVAL_COUNT1}};

typedef struct {
  double v[F_N];
  int line[F_N]; /* 0: not given */
} file_vals;

static int read_array_file(const char *path, file_vals *fv) {
  memset(fv, 0, sizeof *fv);
  if (qa_keyval_read("array file", path, kKeys, F_N, fv->v, fv->line)) return QA_EXIT_USAGE;
  if (fv->line[F_BPC] && fv->line[F_GBS]) {
    qa_errf("%s:%d: dram_bpc and dram_gbs both give the bandwidth; keep one\n", path,
            fv->line[F_BPC] > fv->line[F_GBS] ? fv->line[F_BPC] : fv->line[F_GBS]);
    return QA_EXIT_USAGE;
  }
  return 0;
}

int qa_array_file_shape(qa_opts *o) {
  file_vals fv;
  if (!o->mo.file) return 0;
  if (read_array_file(o->mo.file, &fv)) return QA_EXIT_USAGE;
  if (!fv.line[F_ROWS] != !fv.line[F_COLS]) {
    qa_errf("%s:%d: rows and cols go together (the array's shape); give both\n",
            o->mo.file, fv.line[F_ROWS] ? fv.line[F_ROWS] : fv.line[F_COLS]);
    return QA_EXIT_USAGE;
  }
  const double r = fv.v[F_ROWS], c = fv.v[F_COLS], b = fv.v[F_WBITS];
  if (fv.line[F_ROWS] && (r < QA_DIM_MIN || r > QA_DIM_MAX || c < QA_DIM_MIN || c > QA_DIM_MAX)) {
    qa_errf("%s:%d: rows and cols must be %d..%d (as --array), got %gx%g\n", o->mo.file,
            fv.line[F_ROWS], QA_DIM_MIN, QA_DIM_MAX, r, c);
    return QA_EXIT_USAGE;
  }
  if (fv.line[F_WBITS] && b != 1 && b != 2 && b != 4 && b != 8) {
    qa_errf("%s:%d: wbits must be 1, 2, 4 or 8, got %g\n", o->mo.file, fv.line[F_WBITS], b);
    return QA_EXIT_USAGE;
  }
  if (fv.line[F_ROWS] && !o->arrays)
    snprintf(o->file_array, sizeof o->file_array, "%dx%d", (int)r, (int)c), o->arrays = o->file_array;
  if (fv.line[F_WBITS] && !o->wbits) snprintf(o->file_wbits, sizeof o->file_wbits, "%d", (int)b), o->wbits = o->file_wbits;
  return 0;
}

/* ---- an array ---- */

/* --clock-mhz, parsed once: MHZ for every array, or NAME=MHZ,... (name "" for a plain MHZ). */
typedef struct {
  char buf[1024];
  const char *name[QA_MAX_LIST];
  double mhz[QA_MAX_LIST];
  int n, named;
} clock_spec;

static int clock_parse(const char *spec, clock_spec *c) {
  char *items[QA_MAX_LIST];
  snprintf(c->buf, sizeof c->buf, "%s", spec);
  c->n = strlen(spec) < sizeof c->buf ? qa_split_list(c->buf, items, QA_MAX_LIST) : -1;
  if (c->n < 0) return qa_usage_err("bad --clock-mhz list", spec);
  c->named = 0;
  for (int i = 0; i < c->n; i++) {
    char *eq = strchr(items[i], '=');
    if (qa_parse_pos_double(eq ? eq + 1 : items[i], 1e5, &c->mhz[i]))
      return qa_usage_err("--clock-mhz needs a frequency in MHz (> 0), got", items[i]);
    if (eq) *eq = '\0';
    c->name[i] = eq ? items[i] : "";
    c->named += eq != NULL;
  }
  return 0;
}

static int clock_for(const char *spec, const char *array, double *mhz) {
  clock_spec c;
  if (!spec) return 0;
  if (clock_parse(spec, &c)) return QA_EXIT_USAGE;
  for (int i = 0; i < c.n; i++)
    if (!*c.name[i] || !strcmp(c.name[i], array)) *mhz = c.mhz[i];
  return 0;
}

/* The SRAM split: what was given stays, the rest scales with the total (the defaults' shares). */
static void split_sram(qa_mem_cfg *m, const qa_mem_cfg *d, int sram_set, int internal_set,
                       const int buf_set[3]) {
  if (!sram_set) return;
  uint64_t *buf[3] = {&m->a_bytes, &m->w_bytes, &m->c_bytes};
  const uint64_t dflt[3] = {d->a_bytes, d->w_bytes, d->c_bytes};
  if (!internal_set)
    m->internal_bytes = (uint64_t)((double)m->sram_bytes * (double)d->internal_bytes /
                                   (double)d->sram_bytes) / KIB * KIB;
  uint64_t rest = m->sram_bytes > m->internal_bytes ? m->sram_bytes - m->internal_bytes : 0;
  uint64_t share = 0;
  for (int i = 0; i < 3; i++) {
    if (buf_set[i]) rest = rest > *buf[i] ? rest - *buf[i] : 0;
    else share += dflt[i];
  }
  for (int i = 0; i < 3; i++)
    if (!buf_set[i]) *buf[i] = (uint64_t)((double)rest * (double)dflt[i] / (double)share) / KIB * KIB;
}

/* The file's values and the options over the defaults in a. */
static int apply_memory(const qa_opts *o, const file_vals *fv, qa_array_cfg *a) {
  const qa_mem_opts *mo = &o->mo;
  qa_mem_cfg *m = &a->mem, d = a->mem;
  uint64_t *kib[5] = {&m->sram_bytes, &m->internal_bytes, &m->a_bytes, &m->w_bytes, &m->c_bytes};
  for (int k = F_SRAM; k <= F_C; k++)
    if (fv->line[k]) *kib[k] = (uint64_t)fv->v[k] * KIB;
  if (fv->line[F_LAT]) m->dram_lat = (uint64_t)fv->v[F_LAT];
  if (fv->line[F_BPC]) m->dram_bpc = fv->v[F_BPC], a->bpc_held = 1;
  if (fv->line[F_GBS]) a->gbs = fv->v[F_GBS], a->bpc_held = 0;
  if (mo->set & QA_MO_SRAM) m->sram_bytes = mo->sram_kib * KIB;
  if (mo->set & QA_MO_INTERNAL) m->internal_bytes = mo->internal_kib * KIB;
  if (mo->set & QA_MO_BUF) {
    m->a_bytes = mo->a_kib * KIB;
    m->w_bytes = mo->w_kib * KIB;
    m->c_bytes = mo->c_kib * KIB;
  }
  if (mo->set & QA_MO_LAT) m->dram_lat = mo->lat;
  if (mo->set & QA_MO_BPC) m->dram_bpc = mo->bpc, a->bpc_held = 1;
  if (mo->set & QA_MO_GBS) a->gbs = mo->gbs, a->bpc_held = 0;
  const int buf_set[3] = {fv->line[F_A] || (mo->set & QA_MO_BUF), fv->line[F_W] || (mo->set & QA_MO_BUF),
                          fv->line[F_C] || (mo->set & QA_MO_BUF)};
  split_sram(m, &d, fv->line[F_SRAM] || (mo->set & QA_MO_SRAM),
             fv->line[F_INTERNAL] || (mo->set & QA_MO_INTERNAL), buf_set);
  if (a->bpc_held) a->gbs = m->dram_bpc * a->clock_mhz / 1000.0;
  else m->dram_bpc = a->gbs * 1000.0 / a->clock_mhz;
  char err[QA_MEM_ERR_LEN];
  if (m->enabled && qa_mem_check(m, err)) {
    qa_errf("memory system of %s: %s (set the sizes with --sram-kib, "
                    "--internal-kib and --buffers-kib, in KiB)\n", a->name, err);
    return QA_EXIT_USAGE;
  }
  return 0;
}

int qa_array_resolve(const qa_opts *o, const char *name, int mem_default_on, qa_array_cfg *a) {
  char err[QA_ERR_LEN];
  memset(a, 0, sizeof *a);
  a->name = name;
  if (qa_parse_array(name, &a->rows, &a->cols, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  a->clock_mhz = default_clock(name);
  qa_mem_defaults(name, &a->mem);
  a->gbs = a->mem.dram_bpc * a->clock_mhz / 1000.0; /* the defaults are physical: GB/s held */
  file_vals fv;
  memset(&fv, 0, sizeof fv);
  if (o->mo.file && read_array_file(o->mo.file, &fv)) return QA_EXIT_USAGE;
  if (fv.line[F_CLOCK]) a->clock_mhz = fv.v[F_CLOCK];
  if (clock_for(o->clock, name, &a->clock_mhz)) return QA_EXIT_USAGE;
  int file_mem = 0;
  for (int k = F_SRAM; k <= F_LAT; k++) file_mem += fv.line[k] != 0;
  if (o->mo.mem == 0 && (o->mo.set || file_mem)) {
    return qa_usage_err(o->mo.set ? "SRAM and DRAM options have no effect with --mem off; drop "
                                    "them or --mem off"
                                  : "the --array-file sets the memory system, which --mem off "
                                    "turns off; drop one", NULL);
  }
  a->mem.enabled = o->mo.mem >= 0 ? o->mo.mem : (o->mo.set || file_mem) ? 1 : mem_default_on;
  return apply_memory(o, &fv, a);
}

void qa_array_describe(const qa_array_cfg *a, int indent, FILE *f) {
  const qa_mem_cfg *m = &a->mem;
  char shape[32];
  snprintf(shape, sizeof shape, "%dx%d", a->rows, a->cols);
  /* a custom array's name is its shape: once is enough */
  if (strcmp(a->name, shape)) fprintf(f, "%s ", a->name);
  fprintf(f, "%s at %g MHz; ", shape, a->clock_mhz);
  if (!m->enabled) {
    fprintf(f, "memory system off (compute-only)\n");
    return;
  }
  fprintf(f, "SRAM %llu KiB (internal %llu; A, W, C buffers %llu, %llu, %llu KiB)\n%*sDRAM %.4g "
             "GB/s = %.4g B/cycle (%s held when the clock changes), latency %llu cycles\n",
          (unsigned long long)(m->sram_bytes / KIB), (unsigned long long)(m->internal_bytes / KIB),
          (unsigned long long)(m->a_bytes / KIB), (unsigned long long)(m->w_bytes / KIB),
          (unsigned long long)(m->c_bytes / KIB), indent, "", a->gbs, m->dram_bpc,
          a->bpc_held ? "B/cycle" : "GB/s", (unsigned long long)m->dram_lat);
}

/* ---- energy ---- */

int qa_energy_resolve(const qa_opts *o, qa_energy_cfg *e) {
  qa_energy_defaults(e);
  if (!o->energy_file) return 0;
  enum { E_N = 13 };
  static const qa_keyval_key keys[E_N] = {
      {"mul8_pj", QA_KEYVAL_NONNEG},  {"mul4_pj", QA_KEYVAL_NONNEG},    {"add8_pj", QA_KEYVAL_NONNEG},
      {"add16_pj", QA_KEYVAL_NONNEG}, {"add32_pj", QA_KEYVAL_NONNEG},   {"pe_idle_pj", QA_KEYVAL_NONNEG},
      {"sram_read_pj_per_byte", QA_KEYVAL_NONNEG}, {"sram_write_pj_per_byte", QA_KEYVAL_NONNEG},
      {"dram_pj_per_byte", QA_KEYVAL_NONNEG}, {"flop_clock_pj", QA_KEYVAL_NONNEG},
      {"flop_toggle_pj", QA_KEYVAL_NONNEG}, {"leak_nw_per_ge", QA_KEYVAL_NONNEG},
      {"obuf_pj_per_byte", QA_KEYVAL_NONNEG}};
  double *fields[E_N] = {&e->mul8, &e->mul4, &e->add8, &e->add16, &e->add32, &e->pe_idle,
                         &e->sram_read, &e->sram_write, &e->dram, &e->flop_clock,
                         &e->flop_toggle, &e->leak_nw_ge, &e->obuf};
  double v[E_N];
  int line[E_N];
  if (qa_keyval_read("energy file", o->energy_file, keys, E_N, v, line)) return QA_EXIT_USAGE;
  for (int i = 0; i < E_N; i++)
    if (line[i]) *fields[i] = v[i];
  return 0;
}

void qa_energy_describe(const qa_energy_cfg *e, FILE *f) {
  char idle[64], obuf[64];
  if (e->pe_idle < 0) snprintf(idle, sizeof idle, "not gated");
  else snprintf(idle, sizeof idle, "gated, %g per idle PE-cycle", e->pe_idle);
  if (e->obuf < 0) snprintf(obuf, sizeof obuf, "by its size");
  else snprintf(obuf, sizeof obuf, "%g per byte", e->obuf);
  fprintf(f, "energy per event (pJ): mul8 %g, mul4 %g, add8 %g, add16 %g, add32 %g; flip-flop "
             "%g per cycle (PE clock %s), %g per toggle; leakage %g nW per GE; output buffer %s; "
             "SRAM %g read, %g write, DRAM %g per byte\n", e->mul8, e->mul4, e->add8, e->add16,
          e->add32, e->flop_clock, idle, e->flop_toggle, e->leak_nw_ge, obuf, e->sram_read,
          e->sram_write, e->dram);
}

/* --clock-mhz NAME=MHZ must name an array of the sweep. */
int qa_clock_names_ok(const qa_opts *o, const qa_array_cfg *arr, int na) {
  clock_spec c;
  if (!o->clock) return 0;
  if (clock_parse(o->clock, &c)) return QA_EXIT_USAGE;
  if (c.named && c.named != c.n)
    return qa_usage_err("--clock-mhz: give one MHz for all, or NAME=MHZ for each, got", o->clock);
  for (int i = 0; i < c.n && c.named; i++) {
    int hit = 0;
    for (int a = 0; a < na; a++) hit |= !strcmp(arr[a].name, c.name[i]);
    if (!hit) return qa_usage_err("--clock-mhz names an array not in --arrays:", c.name[i]);
  }
  return 0;
}
