/* qa_area.c: see qa_area.h. */
#include "qa_area.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"
#include "qa_load.h"

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

int qa_area_load(const char *path, qa_area_table *t, char *err) {
  memset(t, 0, sizeof *t);
  snprintf(t->path, sizeof t->path, "%s", path);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, QA_ERR_LEN, "cannot open area table '%s': %s", path, strerror(errno));
    return -1;
  }
  char line[512], hdr[512];
  int rc = 0, ln = 1, cu, cw, ca, cg;
  if (!fgets(hdr, sizeof hdr, f) || (cu = column(hdr, "unit")) < 0 || (cw = column(hdr, "wbits")) < 0 ||
      (ca = column(hdr, "accw")) < 0 || (cg = column(hdr, "ge")) < 0) {
    snprintf(err, QA_ERR_LEN, "%s:1: expected a header with unit, wbits, accw and ge columns", path);
    fclose(f);
    return -1;
  }
  while (!rc && fgets(line, sizeof line, f)) {
    ln++;
    char u[16], w[16], a[16], g[32], *end;
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
        t->pe[t->n++].ge = ge;
      }
    }
  }
  fclose(f);
  if (!rc && t->n == 0) {
    snprintf(err, QA_ERR_LEN, "%s: no PE rows (unit pe)", path);
    rc = -1;
  }
  return rc;
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
