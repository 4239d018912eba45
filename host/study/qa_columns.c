/* qa_columns.c: see qa_columns.h. */
#include "qa_columns.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include "qa_cli.h"

enum { ALL, ENERGY, ISO, MEM }; /* the column groups */

/* The energy per token of the whole model (docs/energy.md). */
static double per_tok(const qa_point *p, double pj) {
  const double tokens = (double)p->batch * (p->phase == QA_PHASE_PREFILL ? (double)p->seq : 1.0);
  return pj * (double)p->model->layers / tokens;
}

/* Part i of the energy split per token: W8A8 (q 0) or quantized (q 1), both classes. */
static double split_tok(const qa_point *p, int q, int i) {
  const double(*e)[QA_ENERGY_NSPLIT] = q ? p->e_q : p->e_base;
  return per_tok(p, e[0][i] + e[1][i]);
}

/* The projections' share of the quantized block's energy. */
static double proj_share_q(const qa_point *p) {
  double pq = 0;
  for (int i = 0; i < QA_ENERGY_NSPLIT; i++) pq += p->e_q[0][i];
  return per_tok(p, pq) / p->pj_tok_q;
}

#define FMT_S "%s"
#define FMT_D "%d"
#define FMT_U "%" PRIu64
#define FMT_F1 "%.1f"
#define FMT_F6 "%.6f"
#define FMT_G6 "%.6g"
#define TYPE_S const char *
#define TYPE_D int
#define TYPE_U uint64_t
#define TYPE_F1 double
#define TYPE_F6 double
#define TYPE_G6 double

void qa_columns_csv_head(FILE *f, int iso) {
  int n = 0;
#define HEAD_(g, name, kind, value, meaning) \
  if (g != ISO || iso) fprintf(f, "%s%s", n++ ? "," : "", #name);
  QA_AMDAHL_COLS(HEAD_)
#undef HEAD_
  fputc('\n', f);
}

void qa_columns_csv_row(FILE *f, const qa_point *p, const qa_array_cfg *a, const char *src, int iso) {
  int n = 0;
#define ROW_(g, name, kind, value, meaning)                           \
  if (g != ISO || iso) {                                            \
    if (n++) fputc(',', f);                                         \
    if (g != MEM || p->has_mem) fprintf(f, FMT_##kind, (TYPE_##kind)(value)); \
  }
  QA_AMDAHL_COLS(ROW_)
#undef ROW_
  fputc('\n', f);
}

void qa_columns_print(FILE *f) {
  static const char *const grp[4] = {"", " (energy)", " (--iso-area)", ""};
  fprintf(f, "| column | meaning |\n|---|---|\n");
#define DOC_(g, name, kind, value, meaning) fprintf(f, "| `%s` | %s%s |\n", #name, meaning, grp[g]);
  QA_AMDAHL_COLS(DOC_)
#undef DOC_
}

/* A rate for a table: thousands-separated whole numbers from 100 up, two decimals below. */
const char *qa_columns_rate(double v, char *buf) {
  if (v >= 100.0) return qa_thousands((uint64_t)llround(v), buf);
  snprintf(buf, 32, "%.2f", v);
  return buf;
}

/* The terminal table, written once for its header line and its rows: each column is one call,
 * giving its width (negative: left-aligned), its head and, for a row, its value. */
typedef struct {
  const qa_point *p; /* NULL: the header line */
  int n;             /* cells printed so far (a space before each but the first) */
  char b[64], r[32]; /* the value being printed; a rate's text */
} tbl;

static void cell(tbl *t, int w, const char *head, const char *val) {
  printf("%s%*s", t->n++ ? " " : "", w, t->p ? val : head);
}

/* One column: its value formatted only for a row (p is NULL for the header). */
#define COL(w, head, ...) cell(t, w, head, p ? (snprintf(t->b, sizeof t->b, __VA_ARGS__), t->b) : NULL)
#define BAR() cell(t, 0, "|", "|")

/* v in fmt, or "" for a column this point leaves empty (on 0). */
static const char *opt(tbl *t, int on, const char *fmt, double v) {
  if (!on) return "";
  snprintf(t->r, sizeof t->r, fmt, v);
  return t->r;
}

static void cols_key(tbl *t) {
  const qa_point *p = t->p;
  COL(-12, "model", "%s", p->model->name);
  COL(-6, "array", "%s", p->array);
  COL(-7, "phase", "%s", qa_phase_name(p->phase));
  COL(5, "L", "%" PRIu64, p->seq);
  COL(-4, "prec", "W%dA8", p->wbits);
}

/* The iso-area shape and speedups, then MACs per cycle per kGE (the block). w: the wide
 * table's heads. */
static void cols_iso(tbl *t, int w) {
  const qa_point *p = t->p;
  COL(-9, w ? "iso_array" : "array", "%dx%d", p->rows, p->iso_cols);
  COL(7, w ? "iso_speedup" : "speedup", "%.2f", p->speedup_iso);
  COL(5, w ? "iso_s" : "s", "%.2f", p->s_iso);
  BAR();
  COL(6, w ? "mpk_w8a8" : "w8a8", "%.3f", p->mpk_base[2]);
  COL(6, w ? "mpk_quant" : "quant", "%.3f", p->mpk_q[2]);
  COL(6, w ? "mpk_iso" : "iso", "%.3f", p->mpk_iso[2]);
}

static void cols_energy(tbl *t) {
  const qa_point *p = t->p;
  double q[QA_ENERGY_NSPLIT] = {0};
  for (int i = 0; p && i < QA_ENERGY_NSPLIT; i++) q[i] = 100.0 * split_tok(p, 1, i) / p->pj_tok_q;
  BAR();
  COL(7, "speedup", "%.2f", p->speedup);
  BAR();
  COL(11, "W8A8", "%s", qa_columns_rate(p->pj_tok_base / 1e6, t->r));
  COL(11, "quantized", "%s", qa_columns_rate(p->pj_tok_q / 1e6, t->r));
  COL(6, "ratio", "%.2f", p->pj_tok_base / p->pj_tok_q);
  COL(9, "tok/J q", "%s", qa_columns_rate(p->tok_j_q, t->r));
  COL(6, "untch", "%.1f%%", 100.0 * p->e_untouched);
  BAR();
  COL(5, "comp%", "%.1f", q[0]);
  COL(5, "reg%", "%.1f", q[1] + q[2]);
  COL(5, "sram%", "%.1f", q[3]);
  COL(5, "dram%", "%.1f", q[4]);
  COL(5, "leak%", "%.1f", q[5]);
}

/* The compact table: compute-only Amdahl figures, then the iso-area or memory columns, then
 * the speedup in time (--clock-from). */
static void cols_compact(tbl *t, const qa_columns_layout *l) {
  const qa_point *p = t->p;
  const int mem = l->mem;
  BAR();
  COL(5, "f", "%.3f", p->f);
  COL(5, "s", "%.2f", p->s);
  COL(7, "speedup", "%.2f", p->speedup);
  COL(7, "ceiling", "%.2f", p->ceiling);
  BAR();
  if (l->iso) {
    cols_iso(t, 0);
  } else {
    COL(5, mem ? "f" : "", "%s", opt(t, mem, "%.3f", p->mf));
    COL(7, mem ? "speedup" : "", "%s", opt(t, mem, "%.2f", p->mspeedup));
    COL(6, mem ? "stall%" : "", "%s", opt(t, mem, "%.1f", 100.0 * (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn)));
    COL(-9, mem ? "bound" : "", "%s", mem ? qa_mem_bound_name(p->bound_q) : "");
    COL(11, "tok/s", "%s", qa_columns_rate(mem ? p->mtok_s_q : p->tok_s_q, t->r));
  }
  if (l->clock) BAR(), COL(7, "t-spdup", "%.2f", p->speedup_time);
}

/* The wide table: cycles per class, utilisation, tokens per second; the memory-aware columns;
 * the iso-area columns. */
static void cols_wide(tbl *t, const qa_columns_layout *l) {
  const qa_point *p = t->p;
  COL(13, "w8a8_proj", "%s", qa_thousands(p->base_proj, t->r));
  COL(13, "w8a8_attn", "%s", qa_thousands(p->base_attn, t->r));
  COL(13, "quant_proj", "%s", qa_thousands(p->q_proj, t->r));
  COL(13, "quant_attn", "%s", qa_thousands(p->q_attn, t->r));
  COL(5, "f", "%.3f", p->f);
  COL(5, "s", "%.2f", p->s);
  COL(7, "speedup", "%.2f", p->speedup);
  COL(7, "ceiling", "%.2f", p->ceiling);
  COL(6, "util_b", "%.3f", p->util_base);
  COL(6, "util_q", "%.3f", p->util_q);
  COL(11, "tok/s_w8a8", "%s", qa_columns_rate(p->tok_s_base, t->r));
  COL(11, "tok/s_quant", "%s", qa_columns_rate(p->tok_s_q, t->r));
  BAR();
  if (p && !l->mem) {
    cell(t, 0, "", "memory system off");
  } else {
    COL(13, "mem_w8a8", "%s", qa_thousands(p->mbase_proj + p->mbase_attn, t->r));
    COL(13, "mem_quant", "%s", qa_thousands(p->mq_proj + p->mq_attn, t->r));
    COL(5, "f", "%.3f", p->mf);
    COL(5, "s", "%.2f", p->ms);
    COL(7, "speedup", "%.2f", p->mspeedup);
    COL(7, "ceiling", "%.2f", p->mceiling);
    COL(6, "stl%_b", "%.1f", 100.0 * (double)p->mstall_base / (double)(p->mbase_proj + p->mbase_attn));
    COL(6, "stl%_q", "%.1f", 100.0 * (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn));
    COL(-9, "bound_b", "%s", qa_mem_bound_name(p->bound_base));
    COL(-9, "bound_q", "%s", qa_mem_bound_name(p->bound_q));
    COL(11, "tok/s_w8a8", "%s", qa_columns_rate(p->mtok_s_base, t->r));
    COL(11, "tok/s_quant", "%s", qa_columns_rate(p->mtok_s_q, t->r));
  }
  if (l->iso) BAR(), cols_iso(t, 1);
}

void qa_columns_table(const qa_point *p, const qa_columns_layout *l) {
  tbl t = {.p = p};
  cols_key(&t);
  if (l->wide) cols_wide(&t, l);
  else if (l->energy) cols_energy(&t);
  else cols_compact(&t, l);
  printf("\n");
}

void qa_columns_row(const qa_point *p, int wide, int energy) {
  const qa_columns_layout l = {.wide = wide, .energy = energy && p->has_energy, .iso = p->has_iso,
                               .mem = p->has_mem, .clock = p->clock_ratio > 0};
  qa_columns_table(p, &l);
}
