/* qa_hw.c: see qa_hw.h. */
#include "qa_hw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"
#include "qa_load.h"
#include "qa_opts.h"

/* The columns read, in this order (synth/activity.sh writes them). */
enum { A_ROWS, A_COLS, A_WBITS, A_MODE, A_OPS, A_ISO, A_AW, A_W, A_ACC, A_DRAIN_OUT, A_CTL_OUT,
       A_V_BUBBLE, A_DATA_IDLE, A_DATA_BUBBLE, A_SKEW_A, A_SKEW_W, A_DESKEW, A_EDGE, A_N };
static const char *const kCols[A_N] = {"rows", "cols", "wbits", "mode", "operands", "iso", "aw",
                                       "w", "acc", "drain_out", "ctl_out", "v_bubble", "data_idle",
                                       "data_bubble", "skew_a_bit", "skew_w_bit", "deskew_bit",
                                       "edge_bit"};

/* Split a CSV line (no quoting) in place into at most n fields; returns the count. */
static int split(char *line, char **f, int n) {
  int k = 0;
  line[strcspn(line, "\r\n")] = '\0';
  for (char *p = line; k < n; k++) {
    f[k] = p;
    char *c = strchr(p, ',');
    if (!c) return k + 1;
    *c = '\0';
    p = c + 1;
  }
  return k;
}

static int kind_of(const char *s) {
  for (int i = 0; qa_fill_names[i]; i++)
    if (!strcmp(s, qa_fill_names[i])) return i;
  return -1;
}

/* One data line into a row; 1 if it is an iso 0 row (skipped), 0 if read, -1 if bad. */
static int parse_row(char **f, int nf, const int *col, qa_act_row *r) {
  double v[A_N];
  for (int i = 0; i < A_N; i++) {
    if (col[i] >= nf) return -1;
    if (i == A_MODE || i == A_OPS) continue;
    char *end;
    v[i] = strtod(f[col[i]], &end);
    if (end == f[col[i]] || *end || v[i] < 0) return -1;
  }
  if (v[A_ISO] == 0) return 1;
  r->rows = (int)v[A_ROWS], r->cols = (int)v[A_COLS], r->wbits = (int)v[A_WBITS];
  r->mode = !strcmp(f[col[A_MODE]], "packed") ? QA_MODE_PACKED
                                               : (!strcmp(f[col[A_MODE]], "full") ? QA_MODE_FULL : -1);
  r->kind = kind_of(f[col[A_OPS]]);
  r->t_a = v[A_AW] - v[A_W], r->t_w = v[A_W], r->t_acc = v[A_ACC];
  r->t_bubble = v[A_DATA_BUBBLE], r->t_idle = v[A_DATA_IDLE], r->t_out = v[A_DRAIN_OUT];
  r->t_ctl_out = v[A_CTL_OUT], r->t_v_bubble = v[A_V_BUBBLE];
  r->t_skew_a = v[A_SKEW_A], r->t_skew_w = v[A_SKEW_W];
  r->t_deskew = v[A_DESKEW], r->t_edge = v[A_EDGE];
  return r->mode < 0 || r->kind < 0 ? -1 : 0;
}

static int header(char *line, int *col) {
  char *f[64];
  const int nf = split(line, f, 64);
  for (int i = 0; i < A_N; i++) {
    col[i] = -1;
    for (int k = 0; k < nf; k++)
      if (!strcmp(f[k], kCols[i])) col[i] = k;
    if (col[i] < 0) return i;
  }
  return -1;
}

int qa_act_load(const char *path, qa_hw_tables *t, char *err) {
  t->n = 0;
  snprintf(t->path, sizeof t->path, "%s", path);
  FILE *fp = fopen(path, "r");
  if (!fp) {
    snprintf(err, QA_ERR_LEN, "cannot open activity table '%s': %s (make activity writes it)", path,
             strerror(errno));
    return -1;
  }
  char line[2048], *f[64];
  int col[A_N], ln = 1, rc = 0, miss = 0;
  if (!fgets(line, sizeof line, fp) || (miss = header(line, col)) >= 0) {
    snprintf(err, QA_ERR_LEN, "%s:1: the header lacks the column '%s'", path,
             kCols[miss >= 0 ? miss : 0]);
    fclose(fp);
    return -1;
  }
  while (!rc && fgets(line, sizeof line, fp)) {
    ln++;
    if (line[0] == '\n' || line[0] == '\r') continue;
    const int nf = split(line, f, 64);
    const int r = t->n < QA_HW_MAX ? parse_row(f, nf, col, &t->row[t->n]) : -1;
    if (r < 0) {
      snprintf(err, QA_ERR_LEN, "%s:%d: bad row (numbers >= 0, mode packed or full, operands "
                                "random, extreme, zero or llm; at most %d rows)", path, ln, QA_HW_MAX);
      rc = -1;
    } else if (r == 0) {
      t->n++;
    }
  }
  fclose(fp);
  return rc;
}

int qa_hw_load_default(qa_hw_tables *t, char *err) {
  char path[4096];
  if (qa_area_load_default(&t->area, err)) return -1;
  snprintf(path, sizeof path, "%s/synth/activity.csv", qa_root());
  return qa_act_load(path, t, err);
}

/* The row for (wbits, mode, kind): of rows x cols, else of the largest array. */
static const qa_act_row *find(const qa_hw_tables *t, int rows, int cols, int wbits, int mode,
                              int kind) {
  const qa_act_row *best = NULL;
  for (int i = 0; i < t->n; i++) {
    const qa_act_row *r = &t->row[i];
    if (r->wbits != wbits || r->mode != mode || r->kind != kind) continue;
    if (r->rows == rows && r->cols == cols) return r;
    if (!best || (long)r->rows * r->cols > (long)best->rows * best->cols) best = r;
  }
  return best;
}

int qa_hw_of(const qa_hw_tables *t, const qa_gemm_shape *g, int kind, double clock_mhz,
             qa_energy_hw *hw, char *err) {
  const int rows = g->rows, cols = g->cols, wbits = g->wbits, mode = g->mode;
  memset(hw, 0, sizeof *hw);
  const int k = kind == QA_FILL_EXTREME ? QA_FILL_RANDOM : kind;
  const qa_act_row *r = find(t, rows, cols, wbits, mode, k);
  double ge_pe;
  if (!r) {
    snprintf(err, QA_ERR_LEN, "%s has no row for WBITS=%d %s mode, %s operands (make activity)",
             t->path, wbits, mode == QA_MODE_PACKED ? "PACKED" : "FULL", qa_fill_names[k]);
    return -1;
  }
  if (qa_area_pe(&t->area, wbits, 32, &ge_pe, err)) return -1;
  if (!t->area.has_parts || !t->area.has_flops) {
    snprintf(err, QA_ERR_LEN, "%s: no array parts with flip-flops beside it (make synth)", t->area.path);
    return -1;
  }
  double bits;
  hw->has = 1;
  hw->clock_mhz = clock_mhz;
  hw->flops_pe = qa_area_pe_flops(&t->area, wbits);
  hw->flops_edge = qa_array_flops_edge(&t->area, rows, cols, wbits);
  hw->ge_sram = qa_array_sram_ge(&t->area, rows, cols, &bits);
  hw->ge_logic = qa_array_ge(&t->area, rows, cols, wbits, ge_pe) - hw->ge_sram;
  hw->obuf_bytes = bits / 8.0;
  hw->t_a = r->t_a, hw->t_w = r->t_w, hw->t_acc = r->t_acc;
  hw->t_bubble = r->t_bubble, hw->t_idle = r->t_idle, hw->t_out = r->t_out;
  hw->t_ctl_out = r->t_ctl_out, hw->t_v_bubble = r->t_v_bubble;
  qa_array_lines(rows, cols, wbits, &hw->skew_a_bits, &hw->skew_w_bits, &hw->deskew_bits);
  hw->t_skew_a = r->t_skew_a, hw->t_skew_w = r->t_skew_w;
  hw->t_deskew = r->t_deskew, hw->t_edge = r->t_edge;
  hw->in_bits = (double)rows * (64.0 / wbits) + 8.0 * cols;
  return 0;
}

void qa_energy_gemm(const qa_energy_setup *s, const qa_gemm_shape *g, double clock_mhz, int kind,
                    const qa_energy_events *ev, qa_energy *out) {
  qa_energy_hw hw = {0};
  char err[QA_ERR_LEN];
  if (s->has_hw && qa_hw_of(&s->hw, g, kind, clock_mhz, &hw, err))
    hw.has = 0;
  qa_energy_of(&s->e, g, &hw, ev, out);
}
