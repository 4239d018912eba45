/* qa_scalesim.c: see qa_scalesim.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_scalesim.h"
#include "qa_arch.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "qa_cycles.h"
#include "qa_err.h"

/* ---- small text helpers ---- */

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  return s;
}

/* A whole positive integer up to hi. Returns 0 or -1. */
static int to_u64(const char *s, uint64_t hi, uint64_t *out) {
  char *end;
  if (!isdigit((unsigned char)*s)) return -1;
  errno = 0;
  const unsigned long long v = strtoull(s, &end, 10);
  if (errno || *trim(end) || v < 1 || v > hi) return -1;
  *out = v;
  return 0;
}

/* ---- the configuration ---- */

typedef enum { V_NAME, V_DIM, V_KB, V_DATAFLOW, V_BW, V_IFBW, V_NOTE, V_V3, V_SPARSE } vkind;

typedef struct {
  const char *section, *key;
  vkind kind;
} cfg_key;

static const cfg_key kCfgKeys[] = {
    {"general", "run_name", V_NAME},
    {"architecture_presets", "ArrayHeight", V_DIM},
    {"architecture_presets", "ArrayWidth", V_DIM},
    {"architecture_presets", "IfmapSramSzkB", V_KB},
    {"architecture_presets", "FilterSramSzkB", V_KB},
    {"architecture_presets", "OfmapSramSzkB", V_KB},
    {"architecture_presets", "Dataflow", V_DATAFLOW},
    {"architecture_presets", "Bandwidth", V_BW},
    {"architecture_presets", "IfmapOffset", V_NOTE},
    {"architecture_presets", "FilterOffset", V_NOTE},
    {"architecture_presets", "OfmapOffset", V_NOTE},
    {"architecture_presets", "MemoryBanks", V_NOTE},
    {"architecture_presets", "ReadRequestBuffer", V_V3},
    {"architecture_presets", "WriteRequestBuffer", V_V3},
    {"run_presets", "InterfaceBandwidth", V_IFBW},
    {"run_presets", "UseRamulatorTrace", V_V3},
    {"sparsity", "SparsitySupport", V_SPARSE},
    {"sparsity", "SparseRep", V_V3},
    {"sparsity", "OptimizedMapping", V_V3},
    {"sparsity", "BlockSize", V_V3},
    {"sparsity", "RandomNumberGeneratorSeed", V_V3},
};
#define NKEYS (sizeof kCfgKeys / sizeof kCfgKeys[0])
/* SCALE-Sim v3's sections we read and ignore as a whole ([sparsity] is read: SparsitySupport). */
static const char *const kV3Sections[] = {"layout", "accelerator_requirements"};

typedef struct {
  const char *path;
  int line;
  char *err;
} where;

static int bad(const where *w, const char *fmt, const char *a, const char *b) {
  char msg[512];
  snprintf(msg, sizeof msg, fmt, a, b);
  snprintf(w->err, QA_ERR_LEN, "%s:%d: %s", w->path, w->line, msg);
  return -1;
}

static int set_key(qa_ss_cfg *c, const cfg_key *k, const char *v, const where *w) {
  uint64_t x;
  switch (k->kind) {
    case V_NAME:
      if (!*v || strlen(v) >= sizeof c->run_name || strpbrk(v, "/\\"))
        return bad(w, "run_name '%s' must be 1 to 127 characters without a slash%s", v, "");
      snprintf(c->run_name, sizeof c->run_name, "%s", v);
      return 0;
    case V_DIM:
      if (to_u64(v, QA_DIM_MAX, &x) || x < QA_DIM_MIN)
        return bad(w, "%s must be an integer 2..1024 (the limits of --array), got '%s'", k->key, v);
      *(!strcasecmp(k->key, "ArrayHeight") ? &c->rows : &c->cols) = (int)x;
      return 0;
    case V_KB:
      if (to_u64(v, 1ull << 30, &x)) return bad(w, "%s must be a size in KiB >= 1, got '%s'", k->key, v);
      *(!strcasecmp(k->key, "IfmapSramSzkB") ? &c->ifmap_kb
        : !strcasecmp(k->key, "FilterSramSzkB") ? &c->filter_kb : &c->ofmap_kb) = x;
      return 0;
    case V_DATAFLOW:
      if (strcasecmp(v, "os"))
        return bad(w, "Dataflow '%s': qarray models the output-stationary array only (Dataflow = os)%s", v, "");
      return 0;
    case V_BW: {
      char *end;
      const double d = strtod(v, &end);
      if (!*v || *trim(end) || !(d > 0) || d > 1e9) return bad(w, "Bandwidth must be a number > 0, got '%s'%s", v, "");
      c->bandwidth = d;
      return 0;
    }
    case V_IFBW:
      if (!strcasecmp(v, "CALC")) c->user_bw = 0;
      else if (!strcasecmp(v, "USER")) c->user_bw = 1;
      else return bad(w, "InterfaceBandwidth must be CALC or USER, got '%s'%s", v, "");
      return 0;
    case V_NOTE:
      qa_errf("note: %s:%d: %s read and ignored (no address map here)\n", w->path, w->line, k->key);
      return 0;
    case V_V3:
      qa_errf("warning: %s:%d: %s (SCALE-Sim v3) read and ignored\n", w->path, w->line, k->key);
      c->warnings++, c->v3 = 1;
      return 0;
    case V_SPARSE:
      if (!strcasecmp(v, "true")) c->sparsity = 1;
      else if (!strcasecmp(v, "false")) c->sparsity = 0;
      else return bad(w, "SparsitySupport must be true or false, got '%s'%s", v, "");
      c->v3 = 1;
      return 0;
  }
  return -1;
}

/* One "key = value" (or "key: value") line in section sec ("" before any). */
static int cfg_line(qa_ss_cfg *c, const char *sec, int ignored_sec, char *s, const where *w, int *seen) {
  char *eq = strpbrk(s, "=:");
  if (!eq) return bad(w, "not 'key = value' nor '[section]': '%s'%s", s, "");
  *eq = '\0';
  const char *key = trim(s), *val = trim(eq + 1);
  if (!*key) return bad(w, "a value without a key: '%s'%s", val, "");
  if (!*sec) return bad(w, "'%s' comes before any [section]%s", key, "");
  if (ignored_sec) return 0;
  for (size_t i = 0; i < NKEYS; i++)
    if (!strcasecmp(kCfgKeys[i].section, sec) && !strcasecmp(kCfgKeys[i].key, key)) {
      seen[i] = 1;
      return set_key(c, &kCfgKeys[i], val, w);
    }
  qa_errf("warning: %s:%d: unknown key '%s' in [%s], ignored\n", w->path, w->line, key, sec);
  c->warnings++;
  return 0;
}

/* "[name]": the section, and whether it is one read and ignored. */
static int cfg_section(qa_ss_cfg *c, char *s, char *sec, size_t len, int *ignored, const where *w) {
  char *close = strchr(s, ']');
  if (!close || *trim(close + 1)) return bad(w, "a malformed section line '%s'%s", s, "");
  *close = '\0';
  const char *name = trim(s + 1);
  if (!*name || strlen(name) >= len) return bad(w, "a section name of 1 to 63 characters, got '%s'%s", name, "");
  snprintf(sec, len, "%s", name);
  *ignored = 0;
  for (size_t i = 0; i < sizeof kV3Sections / sizeof kV3Sections[0]; i++)
    if (!strcasecmp(name, kV3Sections[i])) *ignored = 1;
  if (*ignored || !strcasecmp(name, "sparsity")) c->v3 = 1;
  int known = *ignored;
  for (size_t i = 0; i < NKEYS; i++) known |= !strcasecmp(kCfgKeys[i].section, name);
  if (*ignored || !known) {
    qa_errf("warning: %s:%d: [%s] %s, read and ignored\n", w->path, w->line, name,
            *ignored ? "(SCALE-Sim v3)" : "is not a SCALE-Sim section we know");
    c->warnings++;
    *ignored = 1;
  }
  return 0;
}

int qa_ss_cfg_read(const char *path, qa_ss_cfg *c, char *err) {
  memset(c, 0, sizeof *c);
  snprintf(c->run_name, sizeof c->run_name, "scale_run");
  c->bandwidth = 10; /* SCALE-Sim's default configuration */
  FILE *f = fopen(path, "r");
  if (!f) return snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno)), -1;
  char buf[4096], sec[64] = "";
  int seen[NKEYS] = {0}, ignored = 0, rc = 0;
  where w = {path, 0, err};
  while (!rc && fgets(buf, sizeof buf, f)) {
    w.line++;
    if (!strchr(buf, '\n') && !feof(f)) rc = bad(&w, "a line longer than 4095 characters%s%s", "", "");
    char *s = trim(buf);
    if (rc || !*s || *s == '#' || *s == ';') continue;
    rc = *s == '[' ? cfg_section(c, s, sec, sizeof sec, &ignored, &w) : cfg_line(c, sec, ignored, s, &w, seen);
  }
  fclose(f);
  if (rc) return -1;
  for (size_t i = 0; i < NKEYS; i++)
    if (!seen[i] && (kCfgKeys[i].kind == V_DIM || kCfgKeys[i].kind == V_DATAFLOW))
      return snprintf(err, QA_ERR_LEN, "%s: [%s] %s is missing", path, kCfgKeys[i].section, kCfgKeys[i].key), -1;
  if (!c->ifmap_kb) c->ifmap_kb = 64;
  if (!c->filter_kb) c->filter_kb = 64;
  if (!c->ofmap_kb) c->ofmap_kb = 64;
  return 0;
}

/* ---- the topology ---- */

/* Split a CSV line on commas (SCALE-Sim's rows end with one); fields trimmed. Returns the count
 * of non-empty trailing-trimmed fields. */
static int split(char *s, char **f, int max) {
  int n = 0;
  for (char *p = s;; p++) {
    char *c = strchr(p, ',');
    if (c) *c = '\0';
    if (n < max) f[n] = trim(p);
    n++;
    if (!c) break;
    p = c;
  }
  while (n > 0 && n <= max && !*f[n - 1]) n--; /* the trailing comma */
  return n;
}

/* The field-count error, naming the other format when the count is its. */
static int bad_count(int nf, int conv, const where *w) {
  return bad(w, conv ? "expected 8 fields (Layer, IFMAP Height, IFMAP Width, Filter Height, Filter "
                       "Width, Channels, Num Filter, Strides), then optional packed|full and N:M%s%s"
                     : "expected 4 fields (Layer, M, N, K), then optional packed|full and N:M%s%s",
             conv && (nf == 4 || nf == 5) ? "; this looks like a GEMM topology: give -i gemm" : "",
             !conv && (nf == 8 || nf == 9) ? "; this looks like a convolution topology: give -i conv" : "");
}

/* One field after the layer's: packed|full, a sparsity N:M, or other text (a warning, dropped).
 * Returns 0, -1 with err, or 1 for a number (a field count that is not the format's). */
static int extra_field(char *s, qa_ss_layer *l, const where *w) {
  char *colon = strchr(s, ':');
  uint64_t n, m;
  if (!*s) return 0;
  if (!strcasecmp(s, "packed") || !strcasecmp(s, "full")) return l->packed = !strcasecmp(s, "packed"), 0;
  if (colon) {
    *colon = '\0';
    if (to_u64(trim(s), 1024, &n) || to_u64(trim(colon + 1), 1024, &m) || n > m)
      return *colon = ':', bad(w, "sparsity must be N:M with integers 1 <= N <= M <= 1024, got '%s'%s", s, "");
    return l->sp_n = (int)n, l->sp_m = (int)m, 0;
  }
  if (isdigit((unsigned char)*s)) return 1;
  qa_errf("warning: %s:%d: layer %s: an unknown field '%s' after its fields, dropped "
          "(as SCALE-Sim drops it)\n", w->path, w->line, l->name, s);
  return 0;
}

static int layer_of(char **f, int nf, int conv, qa_ss_layer *l, const where *w) {
  const int want = conv ? 8 : 4;
  if (nf < want || nf > 12) return bad_count(nf, conv, w);
  memset(l, 0, sizeof *l);
  if (!*f[0] || strlen(f[0]) >= sizeof l->name) return bad(w, "a layer name of 1 to 63 characters, got '%s'%s", f[0], "");
  snprintf(l->name, sizeof l->name, "%s", f[0]);
  l->packed = -1;
  for (int i = want; i < nf; i++) {
    const int r = extra_field(f[i], l, w);
    if (r) return r < 0 ? -1 : bad_count(nf, conv, w);
  }
  static const char *const gemm_names[] = {"M", "N", "K"};
  static const char *const conv_names[] = {"IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
                                           "Channels", "Num Filter", "Strides"};
  uint64_t v[7];
  for (int i = 0; i < want - 1; i++)
    if (to_u64(f[1 + i], 1u << 24, &v[i]))
      return bad(w, "%s must be an integer 1..16777216, got '%s'", conv ? conv_names[i] : gemm_names[i], f[1 + i]);
  if (!conv) return l->m = v[0], l->n = v[1], l->k = v[2], 0;
  l->conv = 1;
  l->ih = v[0], l->iw = v[1], l->fh = v[2], l->fw = v[3], l->ch = v[4], l->nf = v[5], l->stride = v[6];
  if (l->fh > l->ih || l->fw > l->iw) return bad(w, "the filter is larger than the IFMAP%s%s", "", "");
  l->oh = qa_ceil_div(l->ih - l->fh + l->stride, l->stride);
  l->ow = qa_ceil_div(l->iw - l->fw + l->stride, l->stride);
  l->m = l->oh * l->ow, l->k = l->fh * l->fw * l->ch, l->n = l->nf;
  if (l->m > (1u << 24) || l->k > (1u << 24)) return bad(w, "the lowered GEMM exceeds 16777216 in M or K%s%s", "", "");
  return 0;
}

/* Append l to t, growing it. Returns 0 or -1 with err. */
static int add_layer(qa_ss_topo *t, int *cap, const qa_ss_layer *l, const where *w) {
  if (t->n == *cap) {
    if (*cap >= (1 << 20)) return bad(w, "more than 1048576 layers%s%s", "", "");
    *cap = *cap ? 2 * *cap : 16;
    qa_ss_layer *nl = realloc(t->l, (size_t)*cap * sizeof *nl);
    if (!nl) return bad(w, "out of memory%s%s", "", "");
    t->l = nl;
  }
  t->l[t->n++] = *l;
  return 0;
}

/* A layer, or a depthwise one ("DP" in its name, SCALE-Sim's rule) as one layer per channel
 * named "<name>Channel_<c>", each with one channel: K = filter height x width. */
static int add_conv_or_dp(qa_ss_topo *t, int *cap, const qa_ss_layer *l, const where *w) {
  if (!l->conv || !strstr(l->name, "DP")) return add_layer(t, cap, l, w);
  qa_ss_layer c = *l;
  c.ch = 1, c.k = l->fh * l->fw;
  for (uint64_t i = 0; i < l->ch; i++) {
    char name[sizeof c.name + 32];
    const int len = snprintf(name, sizeof name, "%sChannel_%" PRIu64, l->name, i);
    if (len < 0 || (size_t)len >= sizeof c.name)
      return bad(w, "the depthwise layer's name '%s' is too long for its per-channel names (63 characters)%s", l->name, "");
    memcpy(c.name, name, (size_t)len + 1);
    if (add_layer(t, cap, &c, w)) return -1;
  }
  return 0;
}

int qa_ss_topo_read(const char *path, int conv, qa_ss_topo *t, char *err) {
  memset(t, 0, sizeof *t);
  FILE *f = fopen(path, "r");
  if (!f) return snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno)), -1;
  char buf[4096];
  int rc = 0, cap = 0, header = 1;
  where w = {path, 0, err};
  while (!rc && fgets(buf, sizeof buf, f)) {
    w.line++;
    if (!strchr(buf, '\n') && !feof(f)) rc = bad(&w, "a line longer than 4095 characters%s%s", "", "");
    char *s = trim(buf), *fl[12];
    if (rc || !*s || *s == '#') continue;
    if (header) { /* SCALE-Sim skips the first line */
      header = 0;
      continue;
    }
    const int nf = split(s, fl, 12);
    qa_ss_layer l;
    rc = layer_of(fl, nf > 12 ? 13 : nf, conv, &l, &w);
    if (!rc) rc = add_conv_or_dp(t, &cap, &l, &w);
  }
  fclose(f);
  if (!rc && !t->n) {
    snprintf(err, QA_ERR_LEN, "%s: no layers (the first line is the header)", path);
    rc = -1;
  }
  if (rc) qa_ss_topo_free(t);
  return rc ? -1 : 0;
}

void qa_ss_topo_free(qa_ss_topo *t) {
  free(t->l);
  t->l = NULL;
  t->n = 0;
}
