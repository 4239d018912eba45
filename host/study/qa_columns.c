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

static void row_iso(const qa_point *p) {
  char shape[24];
  snprintf(shape, sizeof shape, "%dx%d", p->rows, p->iso_cols);
  printf(" %-9s %7.2f %5.2f | %6.3f %6.3f %6.3f", shape, p->speedup_iso, p->s_iso, p->mpk_base[2],
         p->mpk_q[2], p->mpk_iso[2]);
}

static void row_energy(const qa_point *p) {
  char b[3][32];
  double q[QA_ENERGY_NSPLIT];
  for (int i = 0; i < QA_ENERGY_NSPLIT; i++)
    q[i] = 100.0 * per_tok(p, p->e_q[0][i] + p->e_q[1][i]) / p->pj_tok_q;
  printf(" | %7.2f | %11s %11s %6.2f %9s %5.1f%% | %5.1f %5.1f %5.1f %5.1f %5.1f", p->speedup,
         qa_columns_rate(p->pj_tok_base / 1e6, b[0]), qa_columns_rate(p->pj_tok_q / 1e6, b[1]), p->pj_tok_base / p->pj_tok_q,
         qa_columns_rate(p->tok_j_q, b[2]), 100.0 * p->e_untouched, q[0], q[1] + q[2], q[3], q[4], q[5]);
}

void qa_columns_row(const qa_point *p, int wide, int energy) {
  char b[12][32];
  const double sq = p->has_mem ? 100.0 * (double)p->mstall_q / (double)(p->mq_proj + p->mq_attn) : 0;
  printf("%-12s %-6s %-7s %5" PRIu64 " W%dA8", p->model->name, p->array, qa_phase_name(p->phase),
         p->seq, p->wbits);
  if (!wide && energy && p->has_energy) {
    row_energy(p);
    printf("\n");
    return;
  }
  if (!wide) {
    printf(" | %5.3f %5.2f %7.2f %7.2f |", p->f, p->s, p->speedup, p->ceiling);
    if (p->has_iso) row_iso(p);
    else if (p->has_mem)
      printf(" %5.3f %7.2f %6.1f %-9s %11s", p->mf, p->mspeedup, sq, qa_mem_bound_name(p->bound_q),
             qa_columns_rate(p->mtok_s_q, b[0]));
    else
      printf(" %5s %7s %6s %-9s %11s", "", "", "", "", qa_columns_rate(p->tok_s_q, b[0]));
    if (p->clock_ratio > 0) printf(" | %7.2f", p->speedup_time);
    printf("\n");
    return;
  }
  printf(" %13s %13s %13s %13s %5.3f %5.2f %7.2f %7.2f %6.3f %6.3f %11s %11s |",
         qa_thousands(p->base_proj, b[0]), qa_thousands(p->base_attn, b[1]),
         qa_thousands(p->q_proj, b[2]), qa_thousands(p->q_attn, b[3]), p->f, p->s, p->speedup,
         p->ceiling, p->util_base, p->util_q, qa_columns_rate(p->tok_s_base, b[4]), qa_columns_rate(p->tok_s_q, b[5]));
  if (!p->has_mem) {
    printf(" memory system off");
  } else {
    const double sb = 100.0 * (double)p->mstall_base / (double)(p->mbase_proj + p->mbase_attn);
    printf(" %13s %13s %5.3f %5.2f %7.2f %7.2f %6.1f %6.1f %-9s %-9s %11s %11s",
           qa_thousands(p->mbase_proj + p->mbase_attn, b[6]), qa_thousands(p->mq_proj + p->mq_attn, b[7]),
           p->mf, p->ms, p->mspeedup, p->mceiling, sb, sq, qa_mem_bound_name(p->bound_base),
           qa_mem_bound_name(p->bound_q), qa_columns_rate(p->mtok_s_base, b[8]), qa_columns_rate(p->mtok_s_q, b[9]));
  }
  if (p->has_iso) printf(" |"), row_iso(p);
  printf("\n");
}

