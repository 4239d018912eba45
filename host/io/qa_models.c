/* qa_models.c: see qa_models.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_models.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_config.h" /* qa_root */
#include "qa_err.h"

const char *qa_norm_name(qa_norm n) { return n == QA_NORM_RMS ? "rmsnorm" : "layernorm"; }
const char *qa_act_name(qa_act a) {
  return a == QA_ACT_SWIGLU ? "swiglu" : (a == QA_ACT_RELU ? "relu" : "gelu");
}
const char *qa_phase_name(qa_phase p) { return p == QA_PHASE_DECODE ? "decode" : "prefill"; }

static int parse_pos(const char *s, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v <= 0 || v > 1000000) return -1;
  *out = (int)v;
  return 0;
}

int qa_models_load(const char *path, qa_model_table *t, char *err) {
  memset(t, 0, sizeof *t);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno));
    return -1;
  }
  char line[1024];
  int lineno = 0, cap = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (!strchr(line, '\n') && !feof(f)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: line too long", path, lineno);
      goto fail;
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *tok[16];
    int nt = 0;
    for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
      if (nt < 16) tok[nt] = p;
      nt++;
    }
    if (nt == 0) continue;
    if (nt != 11 && nt != 12) {
      snprintf(err, QA_ERR_LEN,
               "%s:%d: expected 11 fields (name family layers d_model heads d_head ffn ffn_mats "
               "max_ctx norm act) and optionally kv_heads, got %d",
               path, lineno, nt);
      goto fail;
    }
    qa_model m;
    memset(&m, 0, sizeof m);
    if (strlen(tok[0]) >= sizeof m.name || strlen(tok[1]) >= sizeof m.family) {
      snprintf(err, QA_ERR_LEN, "%s:%d: name or family too long", path, lineno);
      goto fail;
    }
    strcpy(m.name, tok[0]);
    strcpy(m.family, tok[1]);
    const char *fields[] = {"layers", "d_model", "heads", "d_head", "ffn", "ffn_mats", "max_ctx"};
    int *dst[] = {&m.layers, &m.d_model, &m.heads, &m.d_head, &m.ffn, &m.ffn_mats, &m.max_ctx};
    for (int i = 0; i < 7; i++) {
      if (parse_pos(tok[2 + i], dst[i])) {
        snprintf(err, QA_ERR_LEN, "%s:%d: %s must be a positive integer, got '%s'", path, lineno,
                 fields[i], tok[2 + i]);
        goto fail;
      }
    }
    if (!strcmp(tok[9], "layernorm")) m.norm = QA_NORM_LAYER;
    else if (!strcmp(tok[9], "rmsnorm")) m.norm = QA_NORM_RMS;
    else {
      snprintf(err, QA_ERR_LEN, "%s:%d: norm must be layernorm or rmsnorm, got '%s'", path, lineno,
               tok[9]);
      goto fail;
    }
    if (!strcmp(tok[10], "gelu")) m.act = QA_ACT_GELU;
    else if (!strcmp(tok[10], "relu")) m.act = QA_ACT_RELU;
    else if (!strcmp(tok[10], "swiglu")) m.act = QA_ACT_SWIGLU;
    else {
      snprintf(err, QA_ERR_LEN, "%s:%d: act must be gelu, relu or swiglu, got '%s'", path, lineno,
               tok[10]);
      goto fail;
    }
    m.kv_heads = m.heads;
    if (nt == 12 && parse_pos(tok[11], &m.kv_heads)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: kv_heads must be a positive integer, got '%s'", path,
               lineno, tok[11]);
      goto fail;
    }
    if ((long)m.heads * m.d_head != m.d_model) {
      snprintf(err, QA_ERR_LEN, "%s:%d: %s: heads (%d) x d_head (%d) = %ld is not d_model (%d)",
               path, lineno, m.name, m.heads, m.d_head, (long)m.heads * m.d_head, m.d_model);
      goto fail;
    }
    char why[256];
    if (qa_model_check(&m, why, sizeof why)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: %s", path, lineno, why);
      goto fail;
    }
    if (qa_models_find(t, m.name)) {
      snprintf(err, QA_ERR_LEN, "%s:%d: model '%s' is defined twice", path, lineno, m.name);
      goto fail;
    }
    if (t->n == cap) {
      cap = cap ? cap * 2 : 16;
      qa_model *nm = realloc(t->m, (size_t)cap * sizeof *nm);
      if (!nm) {
        snprintf(err, QA_ERR_LEN, "%s: out of memory", path);
        goto fail;
      }
      t->m = nm;
    }
    t->m[t->n++] = m;
  }
  if (ferror(f)) {
    snprintf(err, QA_ERR_LEN, "%s: read error", path);
    goto fail;
  }
  fclose(f);
  if (t->n == 0) {
    snprintf(err, QA_ERR_LEN, "%s: no models in the file", path);
    return -1;
  }
  return 0;
fail:
  fclose(f);
  qa_models_free(t);
  return -1;
}

int qa_model_check(const qa_model *m, char *err, size_t len) {
  if (m->ffn_mats != 2 && m->ffn_mats != 3)
    return snprintf(err, len, "ffn_mats must be 2 or 3, got %d", m->ffn_mats), -1;
  if ((m->ffn_mats == 3) != (m->act == QA_ACT_SWIGLU))
    return snprintf(err, len, "swiglu goes with ffn_mats 3 and only with it"), -1;
  if (m->kv_heads < 1 || m->kv_heads > m->heads || m->heads % m->kv_heads)
    return snprintf(err, len, "%s: kv_heads (%d) must divide heads (%d)", m->name, m->kv_heads,
                    m->heads), -1;
  return 0;
}

int qa_models_load_default(qa_model_table *t, char *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/models.txt", qa_root());
  return qa_models_load(path, t, err);
}

const qa_model *qa_models_find(const qa_model_table *t, const char *name) {
  for (int i = 0; i < t->n; i++)
    if (!strcmp(t->m[i].name, name)) return &t->m[i];
  return NULL;
}

void qa_models_free(qa_model_table *t) {
  free(t->m);
  t->m = NULL;
  t->n = 0;
}

int qa_block_gemms(const qa_model *md, qa_phase phase, uint64_t seq, uint64_t batch,
                   qa_block_gemm *out, char *err) {
  if (seq == 0 || batch == 0) {
    snprintf(err, QA_ERR_LEN, "sequence length and batch must be >= 1 (got seq %llu, batch %llu)",
             (unsigned long long)seq, (unsigned long long)batch);
    return -1;
  }
  const uint64_t d = (uint64_t)md->d_model, F = (uint64_t)md->ffn, dh = (uint64_t)md->d_head;
  const uint64_t h = (uint64_t)md->heads, kvd = (uint64_t)md->kv_heads * dh, qd = h * dh;
  /* Rows of every projection: all tokens of the batch (prefill) or one per sequence (decode). */
  const uint64_t M = phase == QA_PHASE_PREFILL ? batch * seq : batch;
  /* Query rows of attention per head and sequence. */
  const uint64_t q = phase == QA_PHASE_PREFILL ? seq : 1;
  int n = 0;
  /* Grouped-query attention: K and V have kv_heads heads, each shared by heads / kv_heads query
   * heads; the scores and context are still one GEMM per query head. */
  out[n++] = (qa_block_gemm){"q_proj", M, d, qd, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"k_proj", M, d, kvd, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"v_proj", M, d, kvd, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"o_proj", M, qd, d, 1, QA_CLASS_PROJ};
  if (md->ffn_mats == 3) out[n++] = (qa_block_gemm){"ffn_gate", M, d, F, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"ffn_up", M, d, F, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"ffn_down", M, F, d, 1, QA_CLASS_PROJ};
  out[n++] = (qa_block_gemm){"attn_scores", q, dh, seq, h * batch, QA_CLASS_ATTN};
  out[n++] = (qa_block_gemm){"attn_context", q, seq, dh, h * batch, QA_CLASS_ATTN};
  return n;
}
