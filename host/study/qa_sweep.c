/* qa_sweep.c: see qa_sweep.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_sweep.h"

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
#include "qa_load.h"

int qa_energy_setup_load(const qa_opts *o, qa_energy_setup *s) {
  memset(s, 0, sizeof *s);
  if (qa_energy_resolve(o, &s->e)) return QA_EXIT_USAGE;
  s->has_hw = !qa_hw_load_default(&s->hw, s->hw_err);
  return 0;
}

/* ---- models ---- */

/* A Hugging Face config.json rather than a model table: its first non-blank character is '{'. */
static int is_json(const char *path) {
  FILE *f = fopen(path, "r");
  int c = EOF;
  if (f) {
    while ((c = fgetc(f)) == ' ' || c == '\t' || c == '\n' || c == '\r') {}
    fclose(f);
  }
  return c == '{';
}

int qa_models_open(const char *user_path, const char *name, qa_model_table *t) {
  char err[QA_ERR_LEN];
  if (name && !user_path) return qa_usage_err("--name names the model of --models CONFIG.json", NULL);
  if (qa_models_read_default(t, err)) {
    qa_errf("%s\n", err);
    return QA_EXIT_USAGE;
  }
  if (!user_path) return 0;
  FILE *probe = fopen(user_path, "r");
  if (!probe) {
    qa_errf("cannot read --models %s: %s\n", user_path, strerror(errno));
    qa_models_free(t);
    return QA_EXIT_USAGE;
  }
  fclose(probe);
  qa_model_table u;
  const int json = is_json(user_path);
  if (name && !json) {
    qa_models_free(t);
    return qa_usage_err("--name names the model of a config.json; this is a model table:", user_path);
  }
  if (json ? qa_models_read_hf(user_path, name, &u, err) : qa_models_read(user_path, &u, err)) {
    qa_errf("%s\n", err);
    qa_models_free(t);
    return QA_EXIT_USAGE;
  }
  int rc = 0;
  qa_model *m = realloc(t->m, (size_t)(t->n + u.n) * sizeof *m);
  if (!m) {
    qa_errf("out of memory\n");
    rc = QA_EXIT_USAGE;
  } else {
    t->m = m;
  }
  for (int i = 0; !rc && i < u.n; i++) {
    if (qa_models_find(t, u.m[i].name)) {
      qa_errf("%s: model '%s' is already in the shipped table; rename it\n",
              user_path, u.m[i].name);
      rc = QA_EXIT_USAGE;
    } else {
      t->m[t->n++] = u.m[i];
    }
  }
  qa_models_free(&u);
  if (rc) qa_models_free(t);
  return rc;
}

/* Edit distance of a and b, case folded (short names: the table's are under 32 characters). */
static int distance(const char *a, const char *b) {
  int row[64], n = (int)strlen(b);
  if (n > 63 || strlen(a) > 63) return 99;
  for (int j = 0; j <= n; j++) row[j] = j;
  for (int i = 1; a[i - 1]; i++) {
    int diag = row[0];
    row[0] = i;
    for (int j = 1; j <= n; j++) {
      const int up = row[j], same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
      int best = diag + !same;
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up, row[j] = best;
    }
  }
  return row[n];
}

/* "unknown model", with the nearest name of the table when one is close (a case slip, a typo). */
static void unknown_model(const qa_model_table *t, const char *name) {
  int best = 3, at = -1;
  for (int i = 0; i < t->n; i++) {
    const int d = distance(name, t->m[i].name);
    if (d < best) best = d, at = i;
  }
  if (at >= 0)
    qa_errf("unknown model '%s'; did you mean '%s'? (names are case-sensitive; "
            "see 'qarray models')\n", name, t->m[at].name);
  else
    qa_errf("unknown model '%s' (see 'qarray models')\n", name);
}

static int beyond_context(const qa_model *m, uint64_t seq) {
  qa_errf("L=%llu is beyond %s's context of %d tokens\n", (unsigned long long)seq,
          m->name, m->max_ctx);
  return QA_EXIT_USAGE;
}

const qa_model *qa_one_model(const qa_opts *o, const qa_model_table *t, uint64_t seq) {
  if (!o->model) {
    char msg[64];
    snprintf(msg, sizeof msg, "%s needs --model NAME", o->name);
    qa_usage_err(msg, NULL);
    return NULL;
  }
  const qa_model *m = qa_models_find(t, o->model);
  if (!m) unknown_model(t, o->model);
  else if (seq > (uint64_t)m->max_ctx && beyond_context(m, seq)) m = NULL;
  return m;
}

/* ---- single values and lists ---- */

#define SEQ_MAX (1ull << 20)

int qa_one_wbits(const qa_opts *o, int *wbits) {
  uint64_t x = 2;
  if (o->wbits && (qa_parse_u64(o->wbits, 1, 8, &x) || !qa_wbits_valid((int)x)))
    return qa_usage_err("--wbits must be 1, 2, 4 or 8, got", o->wbits);
  *wbits = (int)x;
  return 0;
}

int qa_one_array(const qa_opts *o, const char *dflt, qa_array_cfg *a, int *wbits) {
  if (o->arrays && strchr(o->arrays, ','))
    return qa_usage_err("--array takes one array here, got", o->arrays);
  if (qa_array_resolve(o, o->arrays ? o->arrays : dflt, 0, a)) return QA_EXIT_USAGE;
  return qa_one_wbits(o, wbits);
}

int qa_one_seq(const qa_opts *o, int need_seq, uint64_t *seq) {
  *seq = 0;
  if (!o->seq) {
    if (!need_seq) return 0;
    char msg[64];
    snprintf(msg, sizeof msg, "%s needs --seq L", o->name);
    return qa_usage_err(msg, NULL);
  }
  if (qa_parse_u64(o->seq, 1, SEQ_MAX, seq))
    return qa_usage_err("--seq must be a sequence length 1..1048576, got", o->seq);
  return 0;
}

/* Split a list option (a copy, kept in *keep) into items. */
static int split(const char *opt, const char *s, char **keep, char **items) {
  *keep = strdup(s);
  int n = *keep ? qa_split_list(*keep, items, QA_MAX_LIST) : -1;
  if (n < 0) {
    char msg[64];
    snprintf(msg, sizeof msg, "bad %s list (empty item, or more than %d)", opt, QA_MAX_LIST);
    qa_usage_err(msg, s);
    return -1;
  }
  return n;
}

static int lists(const qa_opts *o, const char *dflt_wbits, qa_sweep *s, char **keep) {
  char *it[QA_MAX_LIST];
  int n = split("--arrays", o->arrays ? o->arrays : "edge,cloud", &keep[0], it);
  if (n < 0) return QA_EXIT_USAGE;
  for (s->na = 0; s->na < n; s->na++)
    if (qa_array_resolve(o, it[s->na], 1, &s->arr[s->na])) return QA_EXIT_USAGE;
  if ((n = split("--wbits", o->wbits ? o->wbits : dflt_wbits, &keep[1], it)) < 0)
    return QA_EXIT_USAGE;
  for (s->nw = 0; s->nw < n; s->nw++) {
    uint64_t x;
    if (qa_parse_u64(it[s->nw], 1, 4, &x) || !qa_wbits_valid((int)x))
      return qa_usage_err("--wbits takes quantized precisions 1, 2 or 4 (W8A8 is the baseline), got",
                          it[s->nw]);
    s->wbits[s->nw] = (int)x;
  }
  if ((n = split("--seq", o->seq ? o->seq : "128,256,512,1024,2048", &keep[2], it)) < 0)
    return QA_EXIT_USAGE;
  for (s->ns = 0; s->ns < n; s->ns++)
    if (qa_parse_u64(it[s->ns], 1, SEQ_MAX, &s->seq[s->ns]))
      return qa_usage_err("--seq takes sequence lengths 1..1048576, got", it[s->ns]);
  if ((n = split("--phase", o->phase ? o->phase : "prefill,decode", &keep[3], it)) < 0)
    return QA_EXIT_USAGE;
  for (s->np = 0; s->np < n; s->np++) {
    if (!strcmp(it[s->np], "prefill")) s->phase[s->np] = QA_PHASE_PREFILL;
    else if (!strcmp(it[s->np], "decode")) s->phase[s->np] = QA_PHASE_DECODE;
    else return qa_usage_err("--phase takes prefill and decode, got", it[s->np]);
  }
  return 0;
}

static int models(const qa_opts *o, qa_sweep *s, char **keep) {
  if (qa_models_open(o->models_file, o->model_name, &s->table)) return QA_EXIT_USAGE;
  s->nm = 0;
  if (!o->model) {
    for (int i = 0; i < s->table.n && i < 256; i++) s->model[s->nm++] = &s->table.m[i];
    return 0;
  }
  char *it[QA_MAX_LIST];
  int n = split("--model", o->model, &keep[4], it);
  if (n < 0) return QA_EXIT_USAGE;
  for (int i = 0; i < n; i++) {
    s->model[s->nm] = qa_models_find(&s->table, it[i]);
    if (!s->model[s->nm]) {
      unknown_model(&s->table, it[i]);
      return QA_EXIT_USAGE;
    }
    s->nm++;
  }
  return 0;
}

int qa_sweep_resolve(const qa_opts *o, const char *dflt_wbits, qa_sweep *s) {
  memset(s, 0, sizeof *s);
  int rc = lists(o, dflt_wbits ? dflt_wbits : "1,2", s, s->keep);
  if (!rc) rc = qa_clock_names_ok(o, s->arr, s->na);
  if (!rc) rc = models(o, s, s->keep);
  if (rc) qa_sweep_free(s);
  return rc;
}

void qa_sweep_free(qa_sweep *s) {
  if (s->table.m) qa_models_free(&s->table);
  memset(&s->table, 0, sizeof s->table);
  for (int i = 0; i < 5; i++) {
    free(s->keep[i]);
    s->keep[i] = NULL;
  }
}
