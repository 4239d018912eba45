/* qa_area.c: see qa_area.h. */
#include "qa_area.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"
#include "qa_config.h"

/* The column index of name in a CSV header line, or -1. */
static int column(const char *header, const char *name) {
  int i = 0;
  for (const char *p = header; *p; i++) {
    const char *e = strpbrk(p, ",\r\n");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == strlen(name) && !strncmp(p, name, n)) return i;
    if (!e || *e != ',') break;
    p = e + 1;
  }
  return -1;
}

/* Field i of a CSV line (no quoting in this format), copied into buf. */
static int field(const char *line, int i, char *buf, size_t len) {
  const char *p = line;
  for (int k = 0; k < i; k++) {
    p = strchr(p, ',');
    if (!p) return -1;
    p++;
  }
  size_t n = strcspn(p, ",\r\n");
  if (n == 0 || n >= len) return -1;
  memcpy(buf, p, n);
  buf[n] = '\0';
  return 0;
}

/* What each part holds, in the units its k scales (qa_area.h). */
static double skew_ff(int r, int c, int w) {
  return (64.0 / w) * r * (r - 1) / 2.0 + 8.0 * c * (c - 1) / 2.0 + 4.0 * (c - 1);
}
static double deskew_ff(int c) { return 32.0 * c * (c - 1) / 2.0 + 17.0 * (c - 1); }
static double obuf_row(int c) { return 32.0 * c + 16.0; }
static double sram_bits(int r, int c) { return (2.0 * r + c + 2.0) * obuf_row(c); }
static double ctrl_x(int r, int c, int w) { return (64.0 / w) * r + 8.0 * c; }

enum { P_SKEW, P_DESKEW, P_OBUF, P_SRAM, P_CTRL, P_N };
static const char *const kParts[P_N] = {"skew", "deskew", "obuf_logic", "obuf_sram", "control"};

/* The sums the fits need: per part, sum of GE and of the units; control's regression sums. */
typedef struct {
  double ge[P_N], units[P_N], ff[P_N];
  double n, sx, sy, sxx, sxy, sfy, sxfy;
  /* the mesh's flip-flops beside R x C x the PE's (edges trimmed, row tags), per WBITS */
  double mesh_d[9], mesh_rc[9];
} part_sums;

/* One array_parts.csv row: part of the array of shape rcw (rows, cols, wbits), ge GE, ff flops. */
static void add_part(part_sums *m, int part, const int rcw[3], double ge, double ff) {
  const int r = rcw[0], c = rcw[1], w = rcw[2];
  const double u[P_N] = {skew_ff(r, c, w), deskew_ff(c), obuf_row(c), sram_bits(r, c), 0};
  if (part == P_CTRL) {
    const double x = ctrl_x(r, c, w);
    m->n += 1, m->sx += x, m->sy += ge, m->sxx += x * x, m->sxy += x * ge;
    m->sfy += ff, m->sxfy += x * ff;
    return;
  }
  m->ge[part] += ge;
  m->ff[part] += ff;
  m->units[part] += u[part];
}

double qa_area_pe_flops(const qa_area_table *t, int wbits) {
  for (int i = 0; i < t->n; i++)
    if (t->pe[i].wbits == wbits && t->pe[i].accw == 32) return t->pe[i].flops;
  return 0;
}

static void add_mesh(part_sums *m, const qa_area_table *t, int r, int c, int w, double ff) {
  m->mesh_d[w] += ff - (double)r * c * qa_area_pe_flops(t, w);
  m->mesh_rc[w] += r + c;
}

/* The flip-flops' fits, like the GE's (has_flops 0 when the parts give no flops). */
static void fit_flops(const part_sums *m, qa_area_table *t) {
  double *k[3] = {&t->f_skew, &t->f_deskew, &t->f_obuf};
  t->has_flops = m->ff[P_SKEW] > 0;
  for (int i = 0; i < 3; i++) *k[i] = m->units[i] > 0 ? m->ff[i] / m->units[i] : 0.0;
  const double var = m->n * m->sxx - m->sx * m->sx;
  t->f1 = var > 0 ? (m->n * m->sxfy - m->sx * m->sfy) / var : 0.0;
  t->f0 = m->n > 0 ? (m->sfy - t->f1 * m->sx) / m->n : 0.0;
  for (int w = 1; w <= 8; w++) t->f_mesh[w] = m->mesh_rc[w] > 0 ? m->mesh_d[w] / m->mesh_rc[w] : 0.0;
}

/* Fit the parts' k from the sums; -1 when a part is missing. */
static int fit_parts(const part_sums *m, qa_area_table *t) {
  double *k[4] = {&t->k_skew, &t->k_deskew, &t->k_obuf, &t->k_sram};
  for (int i = 0; i < 4; i++) {
    if (!(m->units[i] > 0)) return -1;
    *k[i] = m->ge[i] / m->units[i];
  }
  if (m->n < 1) return -1;
  const double var = m->n * m->sxx - m->sx * m->sx;
  t->k1 = var > 0 ? (m->n * m->sxy - m->sx * m->sy) / var : 0.0;
  t->k0 = (m->sy - t->k1 * m->sx) / m->n;
  fit_flops(m, t);
  return 0;
}

/* array_parts.csv beside the area table, if there is one: the parts' k. */
static int load_parts(qa_area_table *t, char *err) {
  char path[4200];
  const char *slash = strrchr(t->path, '/');
  snprintf(path, sizeof path, "%.*sarray_parts.csv", slash ? (int)(slash - t->path + 1) : 0, t->path);
  FILE *f = fopen(path, "r");
  if (!f) return 0; /* no parts: the PE-only rule */
  char line[512], hdr[512];
  int ln = 1, cr, cc, cw, cp, cg, cf, rc = 0;
  part_sums m = {0};
  if (!fgets(hdr, sizeof hdr, f) || (cr = column(hdr, "rows")) < 0 || (cc = column(hdr, "cols")) < 0 ||
      (cw = column(hdr, "wbits")) < 0 || (cp = column(hdr, "part")) < 0 || (cg = column(hdr, "ge")) < 0) {
    snprintf(err, QA_ERR_LEN, "%s:1: expected a header with rows, cols, wbits, part and ge columns", path);
    fclose(f);
    return -1;
  }
  cf = column(hdr, "flops");
  while (!rc && fgets(line, sizeof line, f)) {
    char r[16], c[16], w[16], part[32], g[32], fl[32], *end;
    ln++;
    if (line[0] == '\n' || line[0] == '\r') continue;
    if (field(line, cr, r, sizeof r) || field(line, cc, c, sizeof c) || field(line, cw, w, sizeof w) ||
        field(line, cp, part, sizeof part) || field(line, cg, g, sizeof g)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: a field is missing", path, ln);
      rc = -1;
      break;
    }
    const double ge = strtod(g, &end);
    const int ri = atoi(r), ci = atoi(c), wi = atoi(w);
    if (*end || !(ge >= 0) || ri < 2 || ci < 2 || !(wi == 1 || wi == 2 || wi == 4 || wi == 8)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: bad row (rows, cols >= 2, wbits 1/2/4/8, ge >= 0)", path, ln);
      rc = -1;
    }
    const double ff = cf >= 0 && !field(line, cf, fl, sizeof fl) ? atof(fl) : 0.0;
    for (int i = 0; !rc && i < P_N; i++)
      if (!strcmp(part, kParts[i])) add_part(&m, i, (int[3]){ri, ci, wi}, ge, ff);
    if (!rc && !strcmp(part, "mesh")) add_mesh(&m, t, ri, ci, wi, ff);
  }
  fclose(f);
  if (!rc && fit_parts(&m, t)) {
    snprintf(err, QA_ERR_LEN, "%s: every part (skew, deskew, obuf_logic, obuf_sram, control) needs a row", path);
    rc = -1;
  }
  t->has_parts = !rc;
  return rc;
}

int qa_area_load(const char *path, qa_area_table *t, char *err) {
  memset(t, 0, sizeof *t);
  snprintf(t->path, sizeof t->path, "%s", path);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, QA_ERR_LEN, "cannot open area table '%s': %s", path, strerror(errno));
    return -1;
  }
  char line[512], hdr[512];
  int rc = 0, ln = 1, cu, cw, ca, cg, cl, cf;
  if (!fgets(hdr, sizeof hdr, f) || (cu = column(hdr, "unit")) < 0 || (cw = column(hdr, "wbits")) < 0 ||
      (ca = column(hdr, "accw")) < 0 || (cg = column(hdr, "ge")) < 0) {
    snprintf(err, QA_ERR_LEN, "%s:1: expected a header with unit, wbits, accw and ge columns", path);
    fclose(f);
    return -1;
  }
  cl = column(hdr, "levels");
  cf = column(hdr, "flops");
  while (!rc && fgets(line, sizeof line, f)) {
    ln++;
    char u[16], w[16], a[16], g[32], lv[16], fl[16], *end;
    if (line[0] == '\n' || line[0] == '\r') continue;
    if (field(line, cu, u, sizeof u) || field(line, cw, w, sizeof w) || field(line, ca, a, sizeof a) ||
        field(line, cg, g, sizeof g)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: a field is missing", path, ln);
      rc = -1;
    } else if (!strcmp(u, "pe")) {
      const double ge = strtod(g, &end);
      if (*end || !(ge > 0) || t->n == QA_AREA_MAX) {
        snprintf(err, QA_ERR_LEN, "%s:%d: ge must be a number > 0, got '%s'", path, ln, g);
        rc = -1;
      } else {
        t->pe[t->n].wbits = atoi(w);
        t->pe[t->n].accw = atoi(a);
        t->pe[t->n].levels = cl >= 0 && !field(line, cl, lv, sizeof lv) ? atoi(lv) : 0;
        t->pe[t->n].flops = cf >= 0 && !field(line, cf, fl, sizeof fl) ? atoi(fl) : 0;
        t->pe[t->n++].ge = ge;
      }
    }
  }
  fclose(f);
  if (!rc && t->n == 0) {
    snprintf(err, QA_ERR_LEN, "%s: no PE rows (unit pe)", path);
    rc = -1;
  }
  return rc ? rc : load_parts(t, err);
}

int qa_area_load_default(qa_area_table *t, char *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/synth/area.csv", qa_root());
  return qa_area_load(path, t, err);
}

int qa_area_pe(const qa_area_table *t, int wbits, int accw, double *ge, char *err) {
  for (int i = 0; i < t->n; i++)
    if (t->pe[i].wbits == wbits && t->pe[i].accw == accw) {
      *ge = t->pe[i].ge;
      return 0;
    }
  snprintf(err, QA_ERR_LEN, "%s has no PE of WBITS=%d ACCW=%d (make synth writes it)", t->path,
           wbits, accw);
  return -1;
}

int qa_iso_cols(int cols, double ge_8, double ge_q) {
  int c = (int)((double)cols * ge_8 / ge_q);
  return c < 2 ? 2 : (c > cols ? cols : c);
}

double qa_array_ge(const qa_area_table *t, int rows, int cols, int wbits, double ge_pe) {
  return (double)rows * cols * ge_pe + t->k_skew * skew_ff(rows, cols, wbits) +
         t->k_deskew * deskew_ff(cols) + t->k_obuf * obuf_row(cols) +
         t->k_sram * sram_bits(rows, cols) + t->k0 + t->k1 * ctrl_x(rows, cols, wbits);
}

double qa_array_flops_edge(const qa_area_table *t, int rows, int cols, int wbits) {
  return t->f_mesh[wbits] * (rows + cols) + t->f_skew * skew_ff(rows, cols, wbits) +
         t->f_deskew * deskew_ff(cols) + t->f_obuf * obuf_row(cols) + t->f0 +
         t->f1 * ctrl_x(rows, cols, wbits);
}

double qa_array_sram_ge(const qa_area_table *t, int rows, int cols, double *bits) {
  if (bits) *bits = sram_bits(rows, cols);
  return t->k_sram * sram_bits(rows, cols);
}

void qa_array_lines(int rows, int cols, int wbits, double *skew_a, double *skew_w, double *deskew) {
  *skew_a = (64.0 / wbits) * rows * (rows - 1) / 2.0;
  *skew_w = 8.0 * cols * (cols - 1) / 2.0;
  *deskew = deskew_ff(cols);
}

int qa_iso_of(const qa_area_table *t, int rows, int cols, int wbits, qa_iso *iso, char *err) {
  memset(iso, 0, sizeof *iso);
  if (qa_area_pe(t, 8, 32, &iso->ge_8, err) || qa_area_pe(t, wbits, 32, &iso->ge_q, err)) return -1;
  iso->cols_pe = qa_iso_cols(cols, iso->ge_8, iso->ge_q);
  iso->cols = iso->cols_pe;
  if (!t->has_parts) return 0;
  iso->whole = 1;
  iso->total_8 = qa_array_ge(t, rows, cols, 8, iso->ge_8);
  iso->total_q = qa_array_ge(t, rows, cols, wbits, iso->ge_q);
  int c = cols;
  while (c > 2 && qa_array_ge(t, rows, c, wbits, iso->ge_q) > iso->total_8) c--;
  iso->cols = c;
  return 0;
}

/* Fmax of W<wbits> on the largest array of make fpga's table; 0 when it has none. */
static double fpga_fmax(const char *path, int wbits, char *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, QA_ERR_LEN, "cannot open '%s' (make fpga writes it): %s", path, strerror(errno));
    return -1;
  }
  char line[1024], hdr[1024], r[16], c[16], w[16], fm[32];
  double best = 0;
  long area = 0;
  int cr, cc, cw, cf;
  if (!fgets(hdr, sizeof hdr, f) || (cr = column(hdr, "rows")) < 0 || (cc = column(hdr, "cols")) < 0 ||
      (cw = column(hdr, "wbits")) < 0 || (cf = column(hdr, "fmax_mhz")) < 0) {
    snprintf(err, QA_ERR_LEN, "%s:1: expected a header with rows, cols, wbits and fmax_mhz", path);
    fclose(f);
    return -1;
  }
  while (fgets(line, sizeof line, f))
    if (!field(line, cr, r, sizeof r) && !field(line, cc, c, sizeof c) && !field(line, cw, w, sizeof w) &&
        !field(line, cf, fm, sizeof fm) && atoi(w) == wbits && atol(r) * atol(c) >= area) {
      area = atol(r) * atol(c);
      best = strtod(fm, NULL);
    }
  fclose(f);
  if (!(best > 0)) snprintf(err, QA_ERR_LEN, "%s has no Fmax for WBITS=%d (make fpga writes it)", path, wbits);
  return best > 0 ? best : -1;
}

static int pe_levels(const qa_area_table *t, int wbits, char *err) {
  for (int i = 0; i < t->n; i++)
    if (t->pe[i].wbits == wbits && t->pe[i].accw == 32 && t->pe[i].levels > 0) return t->pe[i].levels;
  snprintf(err, QA_ERR_LEN, "%s has no logic levels of a WBITS=%d ACCW=32 PE (make synth writes them)",
           t->path, wbits);
  return -1;
}

int qa_clock_ratio(const qa_area_table *t, const char *fpga_csv, int src, int wbits, double *ratio,
                   char *err) {
  *ratio = 1.0;
  if (src == 1) {
    const double f8 = fpga_fmax(fpga_csv, 8, err), fq = f8 > 0 ? fpga_fmax(fpga_csv, wbits, err) : -1;
    if (fq < 0) return -1;
    *ratio = fq / f8;
  } else if (src == 2) {
    const int l8 = pe_levels(t, 8, err), lq = l8 > 0 ? pe_levels(t, wbits, err) : -1;
    if (lq < 0) return -1;
    *ratio = (double)l8 / (double)lq;
  }
  return 0;
}
