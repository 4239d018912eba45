/* qa_hf.c: a Hugging Face config.json as one model of the table (qa_models_read_hf), parsed
 * with cJSON (Debian libcjson-dev). By model_type:
 *   gpt2:           n_embd, n_layer, n_head, n_inner (null or absent: 4 x n_embd), n_positions
 *   opt:            hidden_size, num_hidden_layers, num_attention_heads, ffn_dim,
 *                   max_position_embeddings (word_embed_proj_dim: noted, not modelled)
 *   llama, mistral, qwen2, qwen3, phi3 (SwiGLU), gemma, gemma2 (GeGLU):
 *                   hidden_size, intermediate_size, num_attention_heads, num_key_value_heads
 *                   (default: the heads), head_dim (default: hidden / heads), num_hidden_layers,
 *                   max_position_embeddings. phi3's fused qkv_proj and gate_up_proj are read as
 *                   the separate matrices they concatenate: the same MACs.
 *   falcon:         see falcon() below.
 * vocab_size, when present, is the LM head's width (--lm-head). A missing key, a wrong type or an
 * unknown model_type is one error naming the key and file. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"
#include "qa_models.h"

#define QA_HF_MAX (16u << 20) /* a config.json is kilobytes; refuse anything past 16 MB */

/* The whole file, NUL-terminated; NULL with err. */
static char *slurp(const char *path, char *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno)), NULL;
  long len = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
  if (len >= 0 && fseek(f, 0, SEEK_SET)) len = -1;
  char *buf = len >= 0 && len <= (long)QA_HF_MAX ? malloc((size_t)len + 1) : NULL;
  const size_t n = buf ? fread(buf, 1, (size_t)len, f) : 0;
  const int bad = len < 0 || ferror(f) || (buf && n != (size_t)len);
  fclose(f);
  if (!buf || bad) {
    snprintf(err, QA_ERR_LEN, "%s: %s", path, len > (long)QA_HF_MAX ? "larger than 16 MB" : bad ? "read error" : "out of memory");
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

/* key as a positive integer (an integral JSON number 1..2^24). dflt > 0: used when the key is
 * absent or null; dflt 0: the key is required; dflt < 0: optional, 0 when absent. Returns 0, or
 * -1 with err. */
static int get_int(const cJSON *o, const char *key, int dflt, const char *path, int *out, char *err) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if ((!v || cJSON_IsNull(v)) && dflt) return *out = dflt > 0 ? dflt : 0, 0;
  if (!v) return snprintf(err, QA_ERR_LEN, "%s: missing key '%s'", path, key), -1;
  const double d = cJSON_IsNumber(v) ? v->valuedouble : -1;
  if (!cJSON_IsNumber(v) || d < 1 || d > (double)(1 << 24) || d != (double)(int)d)
    return snprintf(err, QA_ERR_LEN, "%s: '%s' must be a positive integer", path, key), -1;
  *out = (int)d;
  return 0;
}

typedef struct {
  const char *layers, *d, *heads, *ffn, *ctx;
  int ctx_dflt; /* 0: ctx is required */
} hf_keys;

/* The fields every model_type has, under its own key names. */
static int common(const cJSON *o, const hf_keys *k, int ffn_dflt_x4, const char *path, qa_model *m,
                  char *err) {
  if (get_int(o, k->layers, 0, path, &m->layers, err) || get_int(o, k->d, 0, path, &m->d_model, err) ||
      get_int(o, k->heads, 0, path, &m->heads, err) ||
      get_int(o, k->ctx, k->ctx_dflt, path, &m->max_ctx, err))
    return -1;
  return get_int(o, k->ffn, ffn_dflt_x4 ? 4 * m->d_model : 0, path, &m->ffn, err);
}

static int gpt2(const cJSON *o, const char *path, qa_model *m, char *err) {
  const hf_keys k = {"n_layer", "n_embd", "n_head", "n_inner", "n_positions", 0};
  m->ffn_mats = 2, m->norm = QA_NORM_LAYER, m->act = QA_ACT_GELU;
  return common(o, &k, 1, path, m, err);
}

static int opt(const cJSON *o, const char *path, qa_model *m, char *err) {
  const hf_keys k = {"num_hidden_layers", "hidden_size", "num_attention_heads", "ffn_dim",
                     "max_position_embeddings", 0};
  if (common(o, &k, 0, path, m, err)) return -1;
  m->ffn_mats = 2, m->norm = QA_NORM_LAYER, m->act = QA_ACT_RELU;
  int proj;
  if (!get_int(o, "word_embed_proj_dim", m->d_model, path, &proj, err) && proj != m->d_model)
    qa_errf("note: %s: word_embed_proj_dim %d (the embedding projections) is "
            "outside the blocks and not modelled\n", path, proj);
  return 0;
}

/* A boolean key: *out 1 for true, 0 for false, dflt when it is absent or null. Returns 0, or -1
 * with err. */
static int get_bool(const cJSON *o, const char *key, int dflt, const char *path, int *out, char *err) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v || cJSON_IsNull(v)) return *out = dflt, 0;
  if (!cJSON_IsBool(v)) return snprintf(err, QA_ERR_LEN, "%s: '%s' must be true or false", path, key), -1;
  *out = cJSON_IsTrue(v);
  return 0;
}

/* The first of two spellings of a key that the file has (falcon's num_attention_heads or n_head):
 * NULL when it has neither. */
static const char *either(const cJSON *o, const char *a, const char *b) {
  return cJSON_GetObjectItemCaseSensitive(o, a) || !cJSON_GetObjectItemCaseSensitive(o, b) ? a : b;
}

/* The llama-like types (llama, mistral, qwen2, qwen3, phi3, gemma, gemma2): the same keys, a
 * gated FFN (three matrices), RMSNorm; head_dim when given (gemma's heads x head_dim is not its
 * width), else hidden / heads. */
static int llama_like(const cJSON *o, const char *path, qa_model *m, char *err) {
  const hf_keys k = {"num_hidden_layers", "hidden_size", "num_attention_heads",
                     "intermediate_size", "max_position_embeddings", 0};
  if (common(o, &k, 0, path, m, err)) return -1;
  const cJSON *hd = cJSON_GetObjectItemCaseSensitive(o, "head_dim");
  if ((!hd || cJSON_IsNull(hd)) && m->d_model % m->heads)
    return snprintf(err, QA_ERR_LEN, "%s: hidden_size %d is not divisible by num_attention_heads "
                    "%d, and there is no head_dim to say the heads' width", path, m->d_model,
                    m->heads), -1;
  if (get_int(o, "num_key_value_heads", m->heads, path, &m->kv_heads, err) ||
      get_int(o, "head_dim", m->d_model / m->heads ? m->d_model / m->heads : 1, path, &m->d_head, err))
    return -1;
  m->ffn_mats = 3, m->norm = QA_NORM_RMS, m->act = QA_ACT_SWIGLU;
  return 0;
}

/* falcon (HF FalconConfig's defaults where a key is absent): n_layer / n_head are the older
 * names; multi_query (default true) is one K/V head, new_decoder_architecture takes num_kv_heads
 * (default the heads); ffn_hidden_size default 4 x hidden; parallel_attn default true;
 * max_position_embeddings default 2048. */
static int falcon(const cJSON *o, const char *path, qa_model *m, char *err) {
  const hf_keys k = {either(o, "num_hidden_layers", "n_layer"), either(o, "hidden_size", "n_embed"),
                     either(o, "num_attention_heads", "n_head"), "ffn_hidden_size", "max_position_embeddings",
                     2048};
  int mq, nda;
  if (common(o, &k, 1, path, m, err) || get_bool(o, "multi_query", 1, path, &mq, err) ||
      get_bool(o, "new_decoder_architecture", 0, path, &nda, err) ||
      get_bool(o, "parallel_attn", 1, path, &m->parallel, err))
    return -1;
  if (nda) {
    if (get_int(o, either(o, "num_kv_heads", "n_head_kv"), m->heads, path, &m->kv_heads, err)) return -1;
    m->parallel = 1; /* the new architecture's two layer norms both read the block's input */
  } else {
    m->kv_heads = mq ? 1 : m->heads;
  }
  m->ffn_mats = 2, m->norm = QA_NORM_LAYER, m->act = QA_ACT_GELU;
  return 0;
}

typedef struct {
  const char *type, *family;
  int (*read)(const cJSON *o, const char *path, qa_model *m, char *err);
  qa_act act; /* llama-like: the gate's activation */
} hf_type;

static const hf_type kTypes[] = {
    {"gpt2", "gpt", gpt2, QA_ACT_GELU},           {"opt", "opt", opt, QA_ACT_RELU},
    {"llama", "llama", llama_like, QA_ACT_SWIGLU}, {"mistral", "llama", llama_like, QA_ACT_SWIGLU},
    {"qwen2", "qwen", llama_like, QA_ACT_SWIGLU},  {"qwen3", "qwen", llama_like, QA_ACT_SWIGLU},
    {"phi3", "phi", llama_like, QA_ACT_SWIGLU},    {"gemma", "gemma", llama_like, QA_ACT_GEGLU},
    {"gemma2", "gemma", llama_like, QA_ACT_GEGLU}, {"falcon", "falcon", falcon, QA_ACT_GELU},
};
#define QA_HF_NTYPES (sizeof kTypes / sizeof kTypes[0])

static int from_type(const cJSON *o, const char *type, const char *path, qa_model *m, char *err) {
  const hf_type *t = NULL;
  for (size_t i = 0; i < QA_HF_NTYPES; i++)
    if (!strcmp(type, kTypes[i].type)) t = &kTypes[i];
  if (!t)
    return snprintf(err, QA_ERR_LEN, "%s: unknown model_type '%s' (gpt2, opt, llama, mistral, qwen2, "
                    "qwen3, phi3, gemma, gemma2, falcon)", path, type), -1;
  m->kv_heads = 0;
  if (t->read(o, path, m, err) || get_int(o, "vocab_size", -1, path, &m->vocab, err)) return -1;
  snprintf(m->family, sizeof m->family, "%s", t->family);
  if (m->ffn_mats == 3) m->act = t->act;
  if (!m->d_head) m->d_head = m->d_model / m->heads;
  if (!m->kv_heads) m->kv_heads = m->heads;
  if (m->d_head * m->heads != m->d_model && t->read != llama_like)
    return snprintf(err, QA_ERR_LEN, "%s: %d heads do not divide the width %d", path, m->heads, m->d_model), -1;
  return 0;
}

/* The model's name: name, or the file's stem (llama3-8b.json is llama3-8b). */
static int set_name(const char *path, const char *name, qa_model *m, char *err) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  const size_t n = name ? strlen(name) : dot && dot != base ? (size_t)(dot - base) : strlen(base);
  if (!n || n >= sizeof m->name)
    return snprintf(err, QA_ERR_LEN, "%s: the model name must be 1 to %zu characters (give --name)",
                    path, sizeof m->name - 1), -1;
  memcpy(m->name, name ? name : base, n);
  m->name[n] = '\0';
  for (size_t i = 0; i < n; i++)
    if (m->name[i] <= ' ' || m->name[i] == ',')
      return snprintf(err, QA_ERR_LEN, "%s: the model name '%s' has a space or comma (give --name)",
                      path, m->name), -1;
  return 0;
}

int qa_models_read_hf(const char *path, const char *name, qa_model_table *t, char *err) {
  memset(t, 0, sizeof *t);
  char *text = slurp(path, err);
  if (!text) return -1;
  cJSON *o = cJSON_Parse(text);
  int rc = -1;
  qa_model m;
  memset(&m, 0, sizeof m);
  const cJSON *type = o ? cJSON_GetObjectItemCaseSensitive(o, "model_type") : NULL;
  char why[256];
  if (!o || !cJSON_IsObject(o)) {
    const char *at = cJSON_GetErrorPtr();
    snprintf(err, QA_ERR_LEN, "%s: not a JSON object (the error is near byte %ld)", path,
             at && at >= text ? (long)(at - text) : 0L);
  } else if (!type) {
    snprintf(err, QA_ERR_LEN, "%s: missing key 'model_type'", path);
  } else if (!cJSON_IsString(type)) {
    snprintf(err, QA_ERR_LEN, "%s: 'model_type' must be a string", path);
  } else if (!set_name(path, name, &m, err) && !from_type(o, type->valuestring, path, &m, err)) {
    if (qa_model_check(&m, why, sizeof why)) snprintf(err, QA_ERR_LEN, "%s: %s", path, why);
    else if (!(t->m = malloc(sizeof *t->m))) snprintf(err, QA_ERR_LEN, "out of memory");
    else t->m[0] = m, t->n = 1, rc = 0;
  }
  cJSON_Delete(o);
  free(text);
  return rc;
}
