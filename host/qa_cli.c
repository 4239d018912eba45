/* qa_cli.c: see qa_cli.h. */
#include "qa_cli.h"

#include "../golden/qa_mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int qa_usage_err(const char *msg, const char *arg) {
  if (arg) fprintf(stderr, "qarray: %s '%s' (see 'qarray help')\n", msg, arg);
  else fprintf(stderr, "qarray: %s (see 'qarray help')\n", msg);
  return QA_EXIT_USAGE;
}

int qa_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out) {
  if (!s || *s < '0' || *s > '9') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int qa_split_list(char *s, char **items, int max) {
  int n = 0;
  for (char *p = s;;) {
    char *c = strchr(p, ',');
    if (c) *c = '\0';
    if (!*p || n == max) return -1;
    items[n++] = p;
    if (!c) break;
    p = c + 1;
  }
  return n;
}

enum { MO_SRAM = 1, MO_INTERNAL = 2, MO_BUF = 4, MO_BPC = 8, MO_LAT = 16 };

int qa_mem_opt(const char *k, const char *v, qa_mem_opts *mo) {
  const int is_mem = !strcmp(k, "--mem"), is_file = !strcmp(k, "--array-file"),
            is_sram = !strcmp(k, "--sram-kib"), is_int = !strcmp(k, "--internal-kib"),
            is_buf = !strcmp(k, "--buffers-kib"), is_bpc = !strcmp(k, "--dram-bpc"),
            is_lat = !strcmp(k, "--dram-lat");
  if (!(is_mem || is_file || is_sram || is_int || is_buf || is_bpc || is_lat)) return 0;
  if (!v) {
    qa_usage_err("missing value for option", k);
    return -1;
  }
  const uint64_t big = 1ull << 40;
  if (is_mem) {
    if (!strcmp(v, "on")) mo->mem = 1;
    else if (!strcmp(v, "off")) mo->mem = 0;
    else {
      qa_usage_err("--mem must be on or off, got", v);
      return -1;
    }
  } else if (is_file) {
    mo->file = v;
  } else if (is_sram || is_int) {
    uint64_t x;
    if (qa_parse_u64(v, is_sram ? 1 : 0, big, &x)) {
      qa_usage_err(is_sram ? "--sram-kib must be an integer >= 1, got"
                           : "--internal-kib must be an integer >= 0, got", v);
      return -1;
    }
    if (is_sram) mo->sram_kib = x, mo->set |= MO_SRAM;
    else mo->internal_kib = x, mo->set |= MO_INTERNAL;
  } else if (is_buf) {
    char tmp[128], *it[3];
    snprintf(tmp, sizeof tmp, "%s", v);
    uint64_t x[3];
    if (strlen(v) >= sizeof tmp || qa_split_list(tmp, it, 3) != 3 ||
        qa_parse_u64(it[0], 1, big, &x[0]) || qa_parse_u64(it[1], 1, big, &x[1]) ||
        qa_parse_u64(it[2], 1, big, &x[2])) {
      qa_usage_err("--buffers-kib needs A,W,C sizes in KiB (each >= 1), got", v);
      return -1;
    }
    mo->a_kib = x[0], mo->w_kib = x[1], mo->c_kib = x[2], mo->set |= MO_BUF;
  } else if (is_bpc) {
    if (qa_parse_u64(v, 1, big, &mo->bpc)) {
      qa_usage_err("--dram-bpc must be an integer >= 1 (bytes per cycle), got", v);
      return -1;
    }
    mo->set |= MO_BPC;
  } else {
    if (qa_parse_u64(v, 0, big, &mo->lat)) {
      qa_usage_err("--dram-lat must be an integer >= 0 (cycles), got", v);
      return -1;
    }
    mo->set |= MO_LAT;
  }
  return 1;
}

/* --array-file: "key = value" lines, '#' comments. Keys: sram_kib, internal_kib, a_kib,
 * w_kib, c_kib, dram_bpc, dram_lat, clock_mhz. */
static int read_array_file(const char *path, qa_mem_cfg *m, double *clock_mhz) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "qarray: cannot open array file '%s': %s\n", path, strerror(errno));
    return QA_EXIT_USAGE;
  }
  char line[256];
  int ln = 0, rc = 0;
  while (fgets(line, sizeof line, f)) {
    ln++;
    char *h = strchr(line, '#');
    if (h) *h = '\0';
    char key[64], val[64], extra[2];
    int n = sscanf(line, " %63[a-z_] = %63s %1s", key, val, extra);
    if (n <= 0) continue; /* blank or comment */
    if (n != 2) {
      fprintf(stderr, "qarray: %s:%d: expected 'key = value'\n", path, ln);
      rc = QA_EXIT_USAGE;
      break;
    }
    uint64_t x;
    if (!strcmp(key, "clock_mhz")) {
      char *end;
      double d = strtod(val, &end);
      if (*end || !(d > 0)) {
        fprintf(stderr, "qarray: %s:%d: clock_mhz must be a number > 0, got '%s'\n", path, ln, val);
        rc = QA_EXIT_USAGE;
        break;
      }
      if (clock_mhz) *clock_mhz = d;
      continue;
    }
    if (qa_parse_u64(val, 0, 1ull << 40, &x)) {
      fprintf(stderr, "qarray: %s:%d: %s must be a non-negative integer, got '%s'\n", path, ln,
              key, val);
      rc = QA_EXIT_USAGE;
      break;
    }
    if (!strcmp(key, "sram_kib")) m->sram_bytes = x * 1024;
    else if (!strcmp(key, "internal_kib")) m->internal_bytes = x * 1024;
    else if (!strcmp(key, "a_kib")) m->a_bytes = x * 1024;
    else if (!strcmp(key, "w_kib")) m->w_bytes = x * 1024;
    else if (!strcmp(key, "c_kib")) m->c_bytes = x * 1024;
    else if (!strcmp(key, "dram_bpc")) m->dram_bpc = x;
    else if (!strcmp(key, "dram_lat")) m->dram_lat = x;
    else {
      fprintf(stderr,
              "qarray: %s:%d: unknown key '%s' (sram_kib, internal_kib, a_kib, w_kib, c_kib, "
              "dram_bpc, dram_lat, clock_mhz)\n",
              path, ln, key);
      rc = QA_EXIT_USAGE;
      break;
    }
  }
  if (!rc && ferror(f)) {
    fprintf(stderr, "qarray: error reading array file '%s'\n", path);
    rc = QA_EXIT_USAGE;
  }
  fclose(f);
  return rc;
}

int qa_mem_resolve(const qa_mem_opts *mo, const char *array, int on_by_default, qa_mem_cfg *m,
                   double *clock_mhz) {
  qa_mem_defaults(array, m);
  if (mo->file) {
    int rc = read_array_file(mo->file, m, clock_mhz);
    if (rc) return rc;
  }
  if (mo->set & MO_SRAM) m->sram_bytes = mo->sram_kib * 1024;
  if (mo->set & MO_INTERNAL) m->internal_bytes = mo->internal_kib * 1024;
  if (mo->set & MO_BUF) {
    m->a_bytes = mo->a_kib * 1024;
    m->w_bytes = mo->w_kib * 1024;
    m->c_bytes = mo->c_kib * 1024;
  }
  if (mo->set & MO_BPC) m->dram_bpc = mo->bpc;
  if (mo->set & MO_LAT) m->dram_lat = mo->lat;
  if (mo->mem >= 0) m->enabled = mo->mem;
  else m->enabled = (mo->set || mo->file) ? 1 : on_by_default;
  char err[QA_MEM_ERR_LEN];
  if (qa_mem_check(m, err)) {
    fprintf(stderr, "qarray: memory system: %s\n", err);
    return QA_EXIT_USAGE;
  }
  return 0;
}

void qa_trace_defaults(qa_trace_opts *tr) {
  memset(tr, 0, sizeof *tr);
  tr->tile = -1;
  tr->to = UINT64_MAX;
  tr->gemm = -1;
}

int qa_trace_opt(const char *k, const char *v, qa_trace_opts *tr, int many_gemms) {
  const int is_path = !strcmp(k, "--trace"), is_tile = !strcmp(k, "--trace-tile"),
            is_cyc = !strcmp(k, "--trace-cycles"), is_depth = !strcmp(k, "--trace-depth"),
            is_gemm = many_gemms && !strcmp(k, "--trace-gemm");
  if (!(is_path || is_tile || is_cyc || is_depth || is_gemm)) return 0;
  if (!v) {
    qa_usage_err("missing value for option", k);
    return -1;
  }
  uint64_t x;
  if (is_path) {
    size_t n = strlen(v);
    if (n < 5 || strcmp(v + n - 4, ".fst")) {
      qa_usage_err("--trace needs a file name ending in .fst, got", v);
      return -1;
    }
    tr->path = v;
  } else if (is_tile) {
    if (qa_parse_u64(v, 0, 1ull << 40, &x)) {
      qa_usage_err("--trace-tile must be a tile number >= 0, got", v);
      return -1;
    }
    tr->tile = (int64_t)x;
  } else if (is_depth) {
    if (qa_parse_u64(v, 1, 99, &x)) {
      qa_usage_err("--trace-depth must be 1..99 levels, got", v);
      return -1;
    }
    tr->depth = (int)x;
  } else if (is_gemm) {
    if (qa_parse_u64(v, 1, 1ull << 40, &x)) {
      qa_usage_err("--trace-gemm must be a GEMM number >= 1, got", v);
      return -1;
    }
    tr->gemm = (int64_t)x;
  } else {
    char tmp[64];
    const char *colon = strchr(v, ':');
    uint64_t a, b;
    if (!colon || (size_t)(colon - v) >= sizeof tmp) {
      qa_usage_err("--trace-cycles needs A:B (first and last cycle), got", v);
      return -1;
    }
    memcpy(tmp, v, (size_t)(colon - v));
    tmp[colon - v] = '\0';
    if (qa_parse_u64(tmp, 0, UINT64_MAX, &a) || qa_parse_u64(colon + 1, 0, UINT64_MAX, &b) ||
        b < a) {
      qa_usage_err("--trace-cycles needs A:B with A <= B, got", v);
      return -1;
    }
    tr->from = a;
    tr->to = b;
  }
  return 1;
}
