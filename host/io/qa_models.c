/* qa_models.c: see qa_models.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_models.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_config.h" /* qa_root */
#include "qa_err.h"

/* The keywords of the table's norm and act columns, in the enums' order (qa_models.h). */
static const char *const kNorm[] = {"layernorm", "rmsnorm"};
static const char *const kAct[] = {"gelu", "relu", "swiglu", "geglu"};

const char *qa_norm_name(qa_norm n) { return kNorm[n]; }
const char *qa_act_name(qa_act a) { return kAct[a]; }
const char *qa_phase_name(qa_phase p) { return p == QA_PHASE_DECODE ? "decode" : "prefill"; }

static int parse_pos(const char *s, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v <= 0 || v > 1000000) return -1;
  *out = (int)v;
  return 0;
}

/* Split a models.txt line (its comment cut) into at most 16 fields; returns how many it had. */
static int split_fields(char *line, char *tok[16]) {
  char *hash = strchr(line, '#');
  if (hash) *hash = '\0';
  int nt = 0;
  for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
    if (nt < 16) tok[nt] = p;
    nt++;
  }
  return nt;
}

/* One keyword of a fixed list: its index, or -1. */
static int keyword(const char *s, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}

/* One row's fields into m. Returns 0, or -1 with why (without the file and line). */
static int parse_fields(char **tok, int nt, qa_model *m, char *why, size_t len) {
  memset(m, 0, sizeof *m);
  if (nt < 11 || nt > 13)
    return snprintf(why, len, "expected 11 fields (name family layers d_model heads d_head ffn "
                    "ffn_mats max_ctx norm act) and optionally kv_heads and vocab, got %d", nt), -1;
  if (strlen(tok[0]) >= sizeof m->name || strlen(tok[1]) >= sizeof m->family)
    return snprintf(why, len, "name or family too long"), -1;
  strcpy(m->name, tok[0]);
  strcpy(m->family, tok[1]);
  const char *fields[] = {"layers", "d_model", "heads", "d_head", "ffn", "ffn_mats", "max_ctx"};
  int *dst[] = {&m->layers, &m->d_model, &m->heads, &m->d_head, &m->ffn, &m->ffn_mats, &m->max_ctx};
  for (int i = 0; i < 7; i++)
    if (parse_pos(tok[2 + i], dst[i]))
      return snprintf(why, len, "%s must be a positive integer, got '%s'", fields[i], tok[2 + i]), -1;
  const int norm = keyword(tok[9], kNorm, 2), act = keyword(tok[10], kAct, (int)(sizeof kAct / sizeof kAct[0]));
  if (norm < 0) return snprintf(why, len, "norm must be layernorm or rmsnorm, got '%s'", tok[9]), -1;
  if (act < 0) return snprintf(why, len, "act must be gelu, relu, swiglu or geglu, got '%s'", tok[10]), -1;
  m->norm = (qa_norm)norm, m->act = (qa_act)act;
  m->kv_heads = m->heads;
  if (nt >= 12 && parse_pos(tok[11], &m->kv_heads))
    return snprintf(why, len, "kv_heads must be a positive integer, got '%s'", tok[11]), -1;
  if (nt == 13 && parse_pos(tok[12], &m->vocab))
    return snprintf(why, len, "vocab must be a positive integer, got '%s'", tok[12]), -1;
  if ((long)m->heads * m->d_head != m->d_model)
    return snprintf(why, len, "%s: heads (%d) x d_head (%d) = %ld is not d_model (%d)", m->name,
                    m->heads, m->d_head, (long)m->heads * m->d_head, m->d_model), -1;
  return qa_model_check(m, why, len);
}

/* Append m (a new name) to t, growing it. Returns 0, or -1 with why. */
static int add_model(qa_model_table *t, const qa_model *m, int *cap, char *why, size_t len) {
  if (qa_models_find(t, m->name)) return snprintf(why, len, "model '%s' is defined twice", m->name), -1;
  if (t->n == *cap) {
    *cap = *cap ? *cap * 2 : 16;
    qa_model *nm = realloc(t->m, (size_t)*cap * sizeof *nm);
    if (!nm) return snprintf(why, len, "out of memory"), -1;
    t->m = nm;
  }
  t->m[t->n++] = *m;
  return 0;
}

int qa_models_read(const char *path, qa_model_table *t, char *err) {
  memset(t, 0, sizeof *t);
  FILE *f = fopen(path, "r");
  if (!f) return snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno)), -1;
  char line[1024], why[256];
  int lineno = 0, cap = 0, rc = 0;
  while (!rc && fgets(line, sizeof line, f)) {
    lineno++;
    char *tok[16];
    qa_model m;
    int nt = 0;
    if (!strchr(line, '\n') && !feof(f)) snprintf(why, sizeof why, "line too long"), rc = -1;
    else if ((nt = split_fields(line, tok)) == 0) continue;
    if (!rc) rc = parse_fields(tok, nt, &m, why, sizeof why);
    if (!rc) rc = add_model(t, &m, &cap, why, sizeof why);
    if (rc) snprintf(err, QA_ERR_LEN, "%s:%d: %s", path, lineno, why);
  }
  if (!rc && ferror(f)) snprintf(err, QA_ERR_LEN, "%s: read error", path), rc = -1;
  fclose(f);
  if (!rc && t->n == 0) return snprintf(err, QA_ERR_LEN, "%s: no models in the file", path), -1;
  if (rc) qa_models_free(t);
  return rc;
}

int qa_model_check(const qa_model *m, char *err, size_t len) {
  if (m->ffn_mats != 2 && m->ffn_mats != 3)
    return snprintf(err, len, "ffn_mats must be 2 or 3, got %d", m->ffn_mats), -1;
  if ((m->ffn_mats == 3) != (m->act == QA_ACT_SWIGLU || m->act == QA_ACT_GEGLU))
    return snprintf(err, len, "swiglu and geglu go with ffn_mats 3 and only with it"), -1;
  if (m->kv_heads < 1 || m->kv_heads > m->heads || m->heads % m->kv_heads)
    return snprintf(err, len, "%s: kv_heads (%d) must divide heads (%d)", m->name, m->kv_heads,
                    m->heads), -1;
  return 0;
}

int qa_models_read_default(qa_model_table *t, char *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/models.txt", qa_root());
  return qa_models_read(path, t, err);
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

int qa_lm_head_gemm(const qa_model *md, uint64_t batch, qa_block_gemm *out, char *err) {
  if (md->vocab <= 0)
    return snprintf(err, QA_ERR_LEN, "--lm-head: %s has no vocabulary size (vocab_size in its "
                    "config.json, or the model table's 13th column)", md->name), -1;
  *out = (qa_block_gemm){"lm_head", batch, (uint64_t)md->d_model, (uint64_t)md->vocab, 1, QA_CLASS_ATTN};
  return 0;
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
