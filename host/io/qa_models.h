/* qa_models.h: the transformer model table (models/models.txt, or a user's file of the same
 * format) and the decomposition of a block into its GEMMs. */
#ifndef QA_MODELS_H
#define QA_MODELS_H

#include <stddef.h>
#include <stdint.h>

typedef enum { QA_NORM_LAYER, QA_NORM_RMS } qa_norm;
/* SwiGLU and GeGLU are gated FFNs (three matrices): act(gate) x up, with SiLU or GELU. */
typedef enum { QA_ACT_GELU, QA_ACT_RELU, QA_ACT_SWIGLU, QA_ACT_GEGLU } qa_act;

typedef struct {
  char name[64], family[16];
  int layers, d_model, heads, d_head, ffn, ffn_mats, max_ctx;
  qa_norm norm;
  qa_act act;
  int kv_heads; /* K/V heads (grouped-query attention: each serves heads / kv_heads query heads);
                 * heads without GQA */
  int vocab;    /* the LM head's width (vocab_size); 0: not given */
  int parallel; /* attention and FFN both read the block's input (falcon's parallel_attn) */
} qa_model;

typedef struct {
  qa_model *m;
  int n;
} qa_model_table;

/* Parse a model file. On error returns -1 and err names the file, the line and the problem.
 * Checks: 11 fields, 12 with kv_heads, 13 with vocab last; positive integers, heads * d_head ==
 * d_model, kv_heads dividing heads, ffn_mats 2 or 3 (3 goes with swiglu or geglu), known norm/act,
 * no duplicate names. A Hugging Face config.json (a file whose first non-blank character is
 * '{') is read by qa_models_read_hf instead, the model named name (NULL: the file's stem). */
int qa_models_read(const char *path, qa_model_table *t, char *err);
int qa_models_read_hf(const char *path, const char *name, qa_model_table *t, char *err);
/* The checks every model passes, wherever it came from (err: "<name>: <problem>"). */
int qa_model_check(const qa_model *m, char *err, size_t len);
/* The shipped table: $QARRAY_ROOT/models/models.txt. */
int qa_models_read_default(qa_model_table *t, char *err);
const qa_model *qa_models_find(const qa_model_table *t, const char *name);
void qa_models_free(qa_model_table *t);
const char *qa_norm_name(qa_norm n);
const char *qa_act_name(qa_act a);

/* ---- GEMMs of one transformer block ---- */
typedef enum { QA_PHASE_PREFILL, QA_PHASE_DECODE } qa_phase;
typedef enum { QA_CLASS_PROJ, QA_CLASS_ATTN } qa_class;

typedef struct {
  const char *name;  /* q_proj, ..., attn_scores, attn_context */
  uint64_t m, k, n;  /* (m x k) . (k x n) */
  uint64_t count;    /* how many per block */
  qa_class cls;      /* projections: quantized weights, PACKED; attention: INT8 x INT8, FULL */
} qa_block_gemm;

#define QA_MAX_BLOCK_GEMMS 10

/* The GEMMs of one block for a prefill of seq tokens, or one decode step with seq tokens of
 * context, at batch size batch. Returns how many entries (<= QA_MAX_BLOCK_GEMMS) or -1 with err
 * (seq or batch 0). */
int qa_block_gemms(const qa_model *md, qa_phase phase, uint64_t seq, uint64_t batch,
                   qa_block_gemm *out, char *err);
const char *qa_phase_name(qa_phase p);
/* The LM head (--lm-head): once per model, not per block; d x vocab on the last token of each
 * sequence (the logits generation needs), M = batch in both phases. INT8 weights and FULL mode
 * like attention (the projections quantized are Q, K, V, O and the FFN's). Returns 0, or -1 with
 * err when the model has no vocabulary size. */
int qa_lm_head_gemm(const qa_model *md, uint64_t batch, qa_block_gemm *out, char *err);

#endif /* QA_MODELS_H */
