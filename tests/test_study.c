/* test_study.c: model table, block GEMM decomposition and the Amdahl study, against numbers
 * derived by hand (the arithmetic is in the comments). */
#define _POSIX_C_SOURCE 200809L
#include "qa_test.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "qa_cycles.h"
#include "qa_models.h"
#include "qa_area.h"
#include "qa_hw.h"
#include "qa_opts.h"
#include "qa_study.h"

static qa_model_table g_tab;

static int group_setup(void **state) {
  (void)state;
  char err[QA_ERR_LEN];
  if (qa_models_read_default(&g_tab, err)) {
    fprintf(stderr, "%s\n", err);
    return -1;
  }
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  qa_models_free(&g_tab);
  return 0;
}

static const qa_model *model(const char *name) {
  const qa_model *m = qa_models_find(&g_tab, name);
  if (!m) fail_msg("model %s missing from models/models.txt", name);
  return m;
}

typedef struct {
  const char *name;
  uint64_t m, k, n, count;
} want_gemm;

static void expect_gemms(const qa_model *md, qa_phase ph, uint64_t seq, uint64_t batch,
                         const want_gemm *w, int nw, uint64_t proj_macs, uint64_t attn_macs) {
  qa_block_gemm g[QA_MAX_BLOCK_GEMMS];
  char err[QA_ERR_LEN];
  int n = qa_block_gemms(md, ph, seq, batch, g, err);
  assert_int_equal(n, nw);
  uint64_t macs[2] = {0, 0};
  for (int i = 0; i < n; i++) {
    assert_string_equal(g[i].name, w[i].name);
    if (g[i].m != w[i].m || g[i].k != w[i].k || g[i].n != w[i].n || g[i].count != w[i].count)
      fail_msg("%s %s: got %llux%llux%llu x%llu", md->name, w[i].name,
               (unsigned long long)g[i].m, (unsigned long long)g[i].k, (unsigned long long)g[i].n,
               (unsigned long long)g[i].count);
    macs[g[i].cls == QA_CLASS_PROJ ? 0 : 1] += g[i].m * g[i].k * g[i].n * g[i].count;
  }
  assert_int_equal(macs[0], proj_macs);
  assert_int_equal(macs[1], attn_macs);
}

static void test_gemms_gpt2_prefill(void **state) {
  (void)state;
  /* d = 768, F = 3072, 12 heads of 64, L = 128:
   * projections 4 * 128*768*768 + 2 * 128*768*3072 = 301989888 + 603979776 = 905969664;
   * attention 2 * 12 * 128*64*128 = 25165824. */
  const want_gemm w[] = {{"q_proj", 128, 768, 768, 1},     {"k_proj", 128, 768, 768, 1},
                         {"v_proj", 128, 768, 768, 1},     {"o_proj", 128, 768, 768, 1},
                         {"ffn_up", 128, 768, 3072, 1},    {"ffn_down", 128, 3072, 768, 1},
                         {"attn_scores", 128, 64, 128, 12}, {"attn_context", 128, 128, 64, 12}};
  expect_gemms(model("gpt2"), QA_PHASE_PREFILL, 128, 1, w, 8, 905969664ull, 25165824ull);
}

static void test_gemms_gpt2_decode(void **state) {
  (void)state;
  /* One token, 1024 of context: projections 4*768*768 + 2*768*3072 = 2359296 + 4718592;
   * attention 2 * 12 * 64*1024 = 1572864. */
  const want_gemm w[] = {{"q_proj", 1, 768, 768, 1},      {"k_proj", 1, 768, 768, 1},
                         {"v_proj", 1, 768, 768, 1},      {"o_proj", 1, 768, 768, 1},
                         {"ffn_up", 1, 768, 3072, 1},     {"ffn_down", 1, 3072, 768, 1},
                         {"attn_scores", 1, 64, 1024, 12}, {"attn_context", 1, 1024, 64, 12}};
  expect_gemms(model("gpt2"), QA_PHASE_DECODE, 1024, 1, w, 8, 7077888ull, 1572864ull);
}

static void test_gemms_opt67b(void **state) {
  (void)state;
  /* opt-6.7b: d = 4096, F = 16384, 32 heads of 128. Decode, L = 512:
   * projections 4*4096*4096 + 2*4096*16384 = 67108864 + 134217728 = 201326592;
   * attention 2 * 32 * 128*512 = 4194304. */
  const want_gemm d[] = {{"q_proj", 1, 4096, 4096, 1},     {"k_proj", 1, 4096, 4096, 1},
                         {"v_proj", 1, 4096, 4096, 1},     {"o_proj", 1, 4096, 4096, 1},
                         {"ffn_up", 1, 4096, 16384, 1},    {"ffn_down", 1, 16384, 4096, 1},
                         {"attn_scores", 1, 128, 512, 32}, {"attn_context", 1, 512, 128, 32}};
  expect_gemms(model("opt-6.7b"), QA_PHASE_DECODE, 512, 1, d, 8, 201326592ull, 4194304ull);
  /* Prefill, L = 512: 512 times the decode projections (103079215104), attention
   * 2 * 32 * 512*128*512 = 2147483648. */
  const want_gemm p[] = {{"q_proj", 512, 4096, 4096, 1},     {"k_proj", 512, 4096, 4096, 1},
                         {"v_proj", 512, 4096, 4096, 1},     {"o_proj", 512, 4096, 4096, 1},
                         {"ffn_up", 512, 4096, 16384, 1},    {"ffn_down", 512, 16384, 4096, 1},
                         {"attn_scores", 512, 128, 512, 32}, {"attn_context", 512, 512, 128, 32}};
  expect_gemms(model("opt-6.7b"), QA_PHASE_PREFILL, 512, 1, p, 8, 103079215104ull, 2147483648ull);
}

static void test_gemms_llama7b(void **state) {
  (void)state;
  /* llama-7b: d = 4096, F = 11008 with gate, up and down; 32 heads of 128.
   * Prefill L = 256, batch 2 (M = 512): 4 * 512*4096*4096 = 34359738368,
   * 3 * 512*4096*11008 = 69256347648, projections 103616086016;
   * attention per head and sequence 256*128*256 = 8388608, x 32 heads x 2 sequences x 2 GEMMs
   * = 1073741824. */
  const want_gemm p[] = {{"q_proj", 512, 4096, 4096, 1},     {"k_proj", 512, 4096, 4096, 1},
                         {"v_proj", 512, 4096, 4096, 1},     {"o_proj", 512, 4096, 4096, 1},
                         {"ffn_gate", 512, 4096, 11008, 1},  {"ffn_up", 512, 4096, 11008, 1},
                         {"ffn_down", 512, 11008, 4096, 1},  {"attn_scores", 256, 128, 256, 64},
                         {"attn_context", 256, 256, 128, 64}};
  expect_gemms(model("llama-7b"), QA_PHASE_PREFILL, 256, 2, p, 9, 103616086016ull, 1073741824ull);
  /* Decode L = 2048: 4*4096*4096 + 3*4096*11008 = 67108864 + 135266304 = 202375168;
   * attention 2 * 32 * 128*2048 = 16777216. */
  const want_gemm d[] = {{"q_proj", 1, 4096, 4096, 1},      {"k_proj", 1, 4096, 4096, 1},
                         {"v_proj", 1, 4096, 4096, 1},      {"o_proj", 1, 4096, 4096, 1},
                         {"ffn_gate", 1, 4096, 11008, 1},   {"ffn_up", 1, 4096, 11008, 1},
                         {"ffn_down", 1, 11008, 4096, 1},   {"attn_scores", 1, 128, 2048, 32},
                         {"attn_context", 1, 2048, 128, 32}};
  expect_gemms(model("llama-7b"), QA_PHASE_DECODE, 2048, 1, d, 9, 202375168ull, 16777216ull);
}

/* Hugging Face config.json files (tests/hf/) through qa_models_read_hf. */
static qa_model hf(const char *file, const char *name) {
  char path[1024], err[QA_ERR_LEN];
  snprintf(path, sizeof path, "%s/tests/hf/%s", qa_root(), file);
  qa_model_table t;
  if (qa_models_read_hf(path, name, &t, err)) fail_msg("%s: %s", file, err);
  assert_int_equal(t.n, 1);
  const qa_model m = t.m[0];
  qa_models_free(&t);
  return m;
}

static void test_gemms_llama3_8b_gqa(void **state) {
  (void)state;
  /* LLaMA-3-8B's config.json: d = 4096, F = 14336, 32 query heads of 128 sharing 8 K/V heads.
   * Prefill L = 128: q and o 128*4096*4096 = 2147483648 each; k and v 128*4096*(8*128) =
   * 536870912 each (a quarter of q); gate, up, down 128*4096*14336 = 7516192768 each;
   * projections 2*2147483648 + 2*536870912 + 3*7516192768 = 27917287424. Attention per query
   * head 128*128*128 = 2097152, x 32 heads x 2 GEMMs = 134217728. */
  const qa_model m = hf("llama3-8b.json", NULL);
  assert_string_equal(m.name, "llama3-8b");
  assert_int_equal(m.kv_heads, 8);
  assert_int_equal(m.max_ctx, 8192);
  const want_gemm p[] = {{"q_proj", 128, 4096, 4096, 1},     {"k_proj", 128, 4096, 1024, 1},
                         {"v_proj", 128, 4096, 1024, 1},     {"o_proj", 128, 4096, 4096, 1},
                         {"ffn_gate", 128, 4096, 14336, 1},  {"ffn_up", 128, 4096, 14336, 1},
                         {"ffn_down", 128, 14336, 4096, 1},  {"attn_scores", 128, 128, 128, 32},
                         {"attn_context", 128, 128, 128, 32}};
  expect_gemms(&m, QA_PHASE_PREFILL, 128, 1, p, 9, 27917287424ull, 134217728ull);
}

static void test_gemms_mistral_7b_gqa(void **state) {
  (void)state;
  /* Mistral-7B's config.json, named by --name: the same block shapes; prefill L = 256:
   * q, o 256*4096*4096 = 4294967296; k, v 256*4096*1024 = 1073741824; gate, up, down
   * 256*4096*14336 = 15032385536; projections 8589934592 + 2147483648 + 45097156608 =
   * 55834574848; attention 32 x 2 x 256*128*256 = 536870912. Decode at L = 4096: k and v
   * 4096*1024 each; attention 2 * 32 * 128*4096 = 33554432. */
  const qa_model m = hf("mistral-7b.json", "mistral");
  assert_string_equal(m.name, "mistral");
  assert_int_equal(m.max_ctx, 32768);
  const want_gemm p[] = {{"q_proj", 256, 4096, 4096, 1},     {"k_proj", 256, 4096, 1024, 1},
                         {"v_proj", 256, 4096, 1024, 1},     {"o_proj", 256, 4096, 4096, 1},
                         {"ffn_gate", 256, 4096, 14336, 1},  {"ffn_up", 256, 4096, 14336, 1},
                         {"ffn_down", 256, 14336, 4096, 1},  {"attn_scores", 256, 128, 256, 32},
                         {"attn_context", 256, 256, 128, 32}};
  expect_gemms(&m, QA_PHASE_PREFILL, 256, 1, p, 9, 55834574848ull, 536870912ull);
  /* 2*4096*4096 + 2*4096*1024 + 3*4096*14336 = 33554432 + 8388608 + 176160768 = 218103808 */
  const want_gemm d[] = {{"q_proj", 1, 4096, 4096, 1},     {"k_proj", 1, 4096, 1024, 1},
                         {"v_proj", 1, 4096, 1024, 1},     {"o_proj", 1, 4096, 4096, 1},
                         {"ffn_gate", 1, 4096, 14336, 1},  {"ffn_up", 1, 4096, 14336, 1},
                         {"ffn_down", 1, 14336, 4096, 1},  {"attn_scores", 1, 128, 4096, 32},
                         {"attn_context", 1, 4096, 128, 32}};
  expect_gemms(&m, QA_PHASE_DECODE, 4096, 1, d, 9, 218103808ull, 33554432ull);
}

static void test_hf_tiny_types(void **state) {
  (void)state;
  /* gpt2: n_inner null -> 4 x 32 = 128; L = 16: q,k,v,o 16*32*32 = 16384 each, up and down
   * 16*32*128 = 65536 each: 196608; attention 2 heads x 2 x 16*16*16 = 16384. */
  const qa_model g = hf("tiny-gpt2.json", NULL);
  assert_int_equal(g.ffn, 128);
  assert_int_equal(g.kv_heads, 2);
  assert_int_equal(g.act, QA_ACT_GELU);
  const want_gemm gp[] = {{"q_proj", 16, 32, 32, 1},  {"k_proj", 16, 32, 32, 1},  {"v_proj", 16, 32, 32, 1},
                          {"o_proj", 16, 32, 32, 1},  {"ffn_up", 16, 32, 128, 1}, {"ffn_down", 16, 128, 32, 1},
                          {"attn_scores", 16, 16, 16, 2}, {"attn_context", 16, 16, 16, 2}};
  expect_gemms(&g, QA_PHASE_PREFILL, 16, 1, gp, 8, 196608ull, 16384ull);
  /* opt: ffn_dim 96, 4 heads of 8, relu; L = 8: 4 * 8*32*32 + 2 * 8*32*96 = 32768 + 49152 =
   * 81920; attention 4 x 2 x 8*8*8 = 4096 */
  const qa_model o = hf("tiny-opt.json", NULL);
  assert_int_equal(o.act, QA_ACT_RELU);
  const want_gemm op[] = {{"q_proj", 8, 32, 32, 1}, {"k_proj", 8, 32, 32, 1}, {"v_proj", 8, 32, 32, 1},
                          {"o_proj", 8, 32, 32, 1}, {"ffn_up", 8, 32, 96, 1}, {"ffn_down", 8, 96, 32, 1},
                          {"attn_scores", 8, 8, 8, 4}, {"attn_context", 8, 8, 8, 4}};
  expect_gemms(&o, QA_PHASE_PREFILL, 8, 1, op, 8, 81920ull, 4096ull);
  /* llama with GQA: 4 heads of 8 sharing 2 K/V heads; L = 8: q, o 8*32*32 = 8192 each, k, v
   * 8*32*16 = 4096 each, gate, up, down 8*32*88 = 22528 each: 16384 + 8192 + 67584 = 92160;
   * attention 4 x 2 x 8*8*8 = 4096 */
  const qa_model q = hf("tiny-gqa.json", NULL);
  assert_int_equal(q.kv_heads, 2);
  assert_int_equal(q.d_head, 8);
  const want_gemm qp[] = {{"q_proj", 8, 32, 32, 1},  {"k_proj", 8, 32, 16, 1},   {"v_proj", 8, 32, 16, 1},
                          {"o_proj", 8, 32, 32, 1},  {"ffn_gate", 8, 32, 88, 1}, {"ffn_up", 8, 32, 88, 1},
                          {"ffn_down", 8, 88, 32, 1}, {"attn_scores", 8, 8, 8, 4}, {"attn_context", 8, 8, 8, 4}};
  expect_gemms(&q, QA_PHASE_PREFILL, 8, 1, qp, 9, 92160ull, 4096ull);
}

/* Issue 24: the model types people run, each from its real config.json (tests/hf/), prefill at
 * L = 128. Every product below is worked by hand. */
static void test_hf_qwen(void **state) {
  (void)state;
  /* Qwen2-7B: d = 3584, F = 18944, 28 heads of 3584/28 = 128, 4 K/V heads (kvd 512).
   * q, o 128*3584*3584 = 1644167168; k, v 128*3584*512 = 234881024; gate, up, down
   * 128*3584*18944 = 8690597888: 3288334336 + 469762048 + 26071793664 = 29829890048;
   * attention 28 x 2 x 128*128*128 = 117440512. */
  const qa_model q2 = hf("qwen2-7b.json", NULL);
  assert_string_equal(q2.family, "qwen");
  assert_int_equal(q2.act, QA_ACT_SWIGLU);
  assert_int_equal(q2.vocab, 152064);
  const want_gemm w2[] = {{"q_proj", 128, 3584, 3584, 1},   {"k_proj", 128, 3584, 512, 1},
                          {"v_proj", 128, 3584, 512, 1},    {"o_proj", 128, 3584, 3584, 1},
                          {"ffn_gate", 128, 3584, 18944, 1}, {"ffn_up", 128, 3584, 18944, 1},
                          {"ffn_down", 128, 18944, 3584, 1}, {"attn_scores", 128, 128, 128, 28},
                          {"attn_context", 128, 128, 128, 28}};
  expect_gemms(&q2, QA_PHASE_PREFILL, 128, 1, w2, 9, 29829890048ull, 117440512ull);
  /* Qwen3-0.6B: d = 1024 but 16 heads x head_dim 128 = 2048 (Q is 1024 x 2048, O 2048 x 1024),
   * 8 K/V heads (kvd 1024), F = 3072. q, o 128*1024*2048 = 268435456; k, v 128*1024*1024 =
   * 134217728; gate, up, down 128*1024*3072 = 402653184: 536870912 + 268435456 + 1207959552 =
   * 2013265920; attention 16 x 2 x 128*128*128 = 67108864. */
  const qa_model q3 = hf("qwen3-0.6b.json", NULL);
  assert_int_equal(q3.d_head, 128);
  assert_int_equal(q3.max_ctx, 40960);
  const want_gemm w3[] = {{"q_proj", 128, 1024, 2048, 1},  {"k_proj", 128, 1024, 1024, 1},
                          {"v_proj", 128, 1024, 1024, 1},  {"o_proj", 128, 2048, 1024, 1},
                          {"ffn_gate", 128, 1024, 3072, 1}, {"ffn_up", 128, 1024, 3072, 1},
                          {"ffn_down", 128, 3072, 1024, 1}, {"attn_scores", 128, 128, 128, 16},
                          {"attn_context", 128, 128, 128, 16}};
  expect_gemms(&q3, QA_PHASE_PREFILL, 128, 1, w3, 9, 2013265920ull, 67108864ull);
}

static void test_hf_gemma(void **state) {
  (void)state;
  /* Gemma-7B: d = 3072, 16 heads x head_dim 256 = 4096 (not d), no GQA, GeGLU F = 24576.
   * q, k, v 128*3072*4096 = 1610612736 each, o 128*4096*3072 = 1610612736; gate, up, down
   * 128*3072*24576 = 9663676416: 6442450944 + 28991029248 = 35433480192; attention
   * 16 x 2 x 128*256*128 = 134217728. */
  const qa_model g = hf("gemma-7b.json", NULL);
  assert_int_equal(g.act, QA_ACT_GEGLU);
  assert_int_equal(g.ffn_mats, 3);
  assert_int_equal(g.norm, QA_NORM_RMS);
  const want_gemm w[] = {{"q_proj", 128, 3072, 4096, 1},   {"k_proj", 128, 3072, 4096, 1},
                         {"v_proj", 128, 3072, 4096, 1},   {"o_proj", 128, 4096, 3072, 1},
                         {"ffn_gate", 128, 3072, 24576, 1}, {"ffn_up", 128, 3072, 24576, 1},
                         {"ffn_down", 128, 24576, 3072, 1}, {"attn_scores", 128, 256, 128, 16},
                         {"attn_context", 128, 128, 256, 16}};
  expect_gemms(&g, QA_PHASE_PREFILL, 128, 1, w, 9, 35433480192ull, 134217728ull);
  /* Gemma-2-9B: d = 3584, 16 heads x 256 = 4096, 8 K/V heads (kvd 2048), F = 14336.
   * q 128*3584*4096 = 1879048192, o the same; k, v 128*3584*2048 = 939524096; gate, up, down
   * 128*3584*14336 = 6576668672: 3758096384 + 1879048192 + 19730006016 = 25367150592;
   * attention 16 x 2 x 128*256*128 = 134217728. */
  const qa_model g2 = hf("gemma2-9b.json", NULL);
  assert_int_equal(g2.act, QA_ACT_GEGLU);
  assert_int_equal(g2.layers, 42);
  const want_gemm w2[] = {{"q_proj", 128, 3584, 4096, 1},   {"k_proj", 128, 3584, 2048, 1},
                          {"v_proj", 128, 3584, 2048, 1},   {"o_proj", 128, 4096, 3584, 1},
                          {"ffn_gate", 128, 3584, 14336, 1}, {"ffn_up", 128, 3584, 14336, 1},
                          {"ffn_down", 128, 14336, 3584, 1}, {"attn_scores", 128, 256, 128, 16},
                          {"attn_context", 128, 128, 256, 16}};
  expect_gemms(&g2, QA_PHASE_PREFILL, 128, 1, w2, 9, 25367150592ull, 134217728ull);
}

static void test_hf_phi3(void **state) {
  (void)state;
  /* Phi-3-mini: d = 3072, 32 heads of 96, F = 8192. Its fused qkv_proj (3072 x 9216) is
   * 128*3072*9216 = 3623878656 MACs = q + k + v at 128*3072*3072 = 1207959552 each, and
   * gate_up_proj (3072 x 16384) 128*3072*16384 = 6442450944 = gate + up at 128*3072*8192 =
   * 3221225472 each. Total: 4 x 1207959552 + 3 x 3221225472 = 4831838208 + 9663676416 =
   * 14495514624; attention 32 x 2 x 128*96*128 = 100663296. */
  const qa_model p = hf("phi3-mini-4k.json", NULL);
  assert_string_equal(p.family, "phi");
  assert_int_equal(p.d_head, 96);
  assert_int_equal(p.vocab, 32064);
  const want_gemm w[] = {{"q_proj", 128, 3072, 3072, 1},   {"k_proj", 128, 3072, 3072, 1},
                         {"v_proj", 128, 3072, 3072, 1},   {"o_proj", 128, 3072, 3072, 1},
                         {"ffn_gate", 128, 3072, 8192, 1}, {"ffn_up", 128, 3072, 8192, 1},
                         {"ffn_down", 128, 8192, 3072, 1}, {"attn_scores", 128, 96, 128, 32},
                         {"attn_context", 128, 128, 96, 32}};
  expect_gemms(&p, QA_PHASE_PREFILL, 128, 1, w, 9, 14495514624ull, 100663296ull);
}

static void test_hf_falcon(void **state) {
  (void)state;
  /* Falcon-7B: d = 4544, 71 heads of 64, multi_query: one K/V head (k, v 4544 x 64), no
   * ffn_hidden_size: F = 4 x 4544 = 18176, two FFN matrices, parallel attention, max context the
   * FalconConfig default 2048. q, o 128*4544*4544 = 2642935808; k, v 128*4544*64 = 37224448;
   * up, down 128*4544*18176 = 10571743232: 5285871616 + 74448896 + 21143486464 = 26503806976;
   * attention 71 x 2 x 128*64*128 = 148897792. */
  const qa_model f = hf("falcon-7b.json", NULL);
  assert_int_equal(f.kv_heads, 1);
  assert_int_equal(f.ffn, 18176);
  assert_int_equal(f.ffn_mats, 2);
  assert_int_equal(f.parallel, 1);
  assert_int_equal(f.max_ctx, 2048);
  assert_int_equal(f.norm, QA_NORM_LAYER);
  const want_gemm w[] = {{"q_proj", 128, 4544, 4544, 1},   {"k_proj", 128, 4544, 64, 1},
                         {"v_proj", 128, 4544, 64, 1},     {"o_proj", 128, 4544, 4544, 1},
                         {"ffn_up", 128, 4544, 18176, 1},  {"ffn_down", 128, 18176, 4544, 1},
                         {"attn_scores", 128, 64, 128, 71}, {"attn_context", 128, 128, 64, 71}};
  expect_gemms(&f, QA_PHASE_PREFILL, 128, 1, w, 8, 26503806976ull, 148897792ull);
  /* Falcon-40B: new_decoder_architecture, num_kv_heads 8 (kvd 512), d = 8192, 128 heads of 64,
   * F = 4 x 8192 = 32768. q, o 128*8192*8192 = 8589934592; k, v 128*8192*512 = 536870912; up,
   * down 128*8192*32768 = 34359738368: 17179869184 + 1073741824 + 68719476736 = 86973087744;
   * attention 128 x 2 x 128*64*128 = 268435456. */
  const qa_model f4 = hf("falcon-40b.json", NULL);
  assert_int_equal(f4.kv_heads, 8);
  assert_int_equal(f4.layers, 60);
  const want_gemm w4[] = {{"q_proj", 128, 8192, 8192, 1},    {"k_proj", 128, 8192, 512, 1},
                          {"v_proj", 128, 8192, 512, 1},     {"o_proj", 128, 8192, 8192, 1},
                          {"ffn_up", 128, 8192, 32768, 1},   {"ffn_down", 128, 32768, 8192, 1},
                          {"attn_scores", 128, 64, 128, 128}, {"attn_context", 128, 128, 64, 128}};
  expect_gemms(&f4, QA_PHASE_PREFILL, 128, 1, w4, 8, 86973087744ull, 268435456ull);
}

static void test_hf_errors(void **state) {
  (void)state;
  static const struct {
    const char *text, *want;
  } cases[] = {
      {"{\"model_type\": \"llama\", \"hidden_size\": 64}", "missing key 'num_hidden_layers'"},
      {"{\"model_type\": \"gpt2\", \"n_embd\": \"768\", \"n_layer\": 2, \"n_head\": 2, \"n_positions\": 9}",
       "'n_embd' must be a positive integer"},
      {"{\"model_type\": \"bert\"}", "unknown model_type 'bert'"},
      {"{\"n_embd\": 64}", "missing key 'model_type'"},
      {"{\"model_type\": 7}", "'model_type' must be a string"},
      {"{\"model_type\": \"gpt2\", ", "not a JSON object"},
      {"[1, 2]", "not a JSON object"},
      {"{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 9, "
       "\"num_attention_heads\": 4, \"num_key_value_heads\": 3, \"num_hidden_layers\": 1, "
       "\"max_position_embeddings\": 9}", "kv_heads (3) must divide heads (4)"},
      {"{\"model_type\": \"opt\", \"hidden_size\": 64.5, \"num_hidden_layers\": 1}", "'hidden_size' must be a positive integer"},
      {"{\"model_type\": \"falcon\", \"hidden_size\": 64, \"n_layer\": 2}", "missing key 'num_attention_heads'"},
      {"{\"model_type\": \"falcon\", \"hidden_size\": 64, \"n_layer\": 2, \"n_head\": 4, \"multi_query\": 1}",
       "'multi_query' must be true or false"},
      {"{\"model_type\": \"gemma\", \"hidden_size\": 64, \"num_hidden_layers\": 1, \"num_attention_heads\": 4, "
       "\"max_position_embeddings\": 9}", "missing key 'intermediate_size'"},
      {"{\"model_type\": \"qwen2\", \"hidden_size\": 64, \"intermediate_size\": 9, \"num_attention_heads\": 4, "
       "\"num_hidden_layers\": 1, \"max_position_embeddings\": 9, \"vocab_size\": 0}", "'vocab_size' must be a positive integer"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *path = "/tmp/qarray_test_hf.json";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(cases[i].text, f);
    fclose(f);
    qa_model_table t;
    char err[QA_ERR_LEN];
    if (!qa_models_read_hf(path, NULL, &t, err)) fail_msg("case %zu loaded", i);
    if (!strstr(err, cases[i].want) || !strstr(err, path))
      fail_msg("case %zu: '%s' lacks '%s' or the file", i, err, cases[i].want);
    remove(path);
  }
}

/* A config.json whose heads x head_dim is not its width (head_dim given): Q is d x (heads x
 * head_dim) and O (heads x head_dim) x d. And the reader's size limit: a file past 16 MB is
 * refused before it is read (the first fuzz runs found it allocating 16 MB for every file). */
static void test_hf_head_dim_and_size(void **state) {
  (void)state;
  const char *path = "/tmp/qarray_test_hf2.json";
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("{\"model_type\": \"mistral\", \"hidden_size\": 32, \"intermediate_size\": 64, "
        "\"num_attention_heads\": 4, \"num_key_value_heads\": 1, \"head_dim\": 16, "
        "\"num_hidden_layers\": 1, \"max_position_embeddings\": 128}", f);
  fclose(f);
  qa_model_table t;
  char err[QA_ERR_LEN];
  if (qa_models_read_hf(path, "wide-heads", &t, err)) fail_msg("%s", err);
  /* L = 8: q 8*32*64 = 16384, k and v 8*32*16 = 4096 each, o 8*64*32 = 16384, gate, up, down
   * 8*32*64 = 16384 each: 90112; attention 4 heads x 2 x 8*16*8 = 8192 */
  const want_gemm p[] = {{"q_proj", 8, 32, 64, 1},   {"k_proj", 8, 32, 16, 1},   {"v_proj", 8, 32, 16, 1},
                         {"o_proj", 8, 64, 32, 1},   {"ffn_gate", 8, 32, 64, 1}, {"ffn_up", 8, 32, 64, 1},
                         {"ffn_down", 8, 64, 32, 1}, {"attn_scores", 8, 16, 8, 4}, {"attn_context", 8, 8, 16, 4}};
  expect_gemms(&t.m[0], QA_PHASE_PREFILL, 8, 1, p, 9, 90112ull, 8192ull);
  qa_models_free(&t);
  f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fseek(f, (16L << 20) + 1, SEEK_SET), 0);
  fputc(' ', f);
  fclose(f);
  assert_int_not_equal(qa_models_read_hf(path, NULL, &t, err), 0);
  assert_non_null(strstr(err, "larger than 16 MB"));
  remove(path);
}

static void test_table(void **state) {
  (void)state;
  assert_int_equal(g_tab.n, 13);
  const qa_model *m = model("llama-65b");
  assert_int_equal(m->layers, 80);
  assert_int_equal(m->d_model, 8192);
  assert_int_equal(m->ffn, 22016);
  assert_int_equal(m->ffn_mats, 3);
  assert_int_equal(m->norm, QA_NORM_RMS);
  assert_int_equal(model("opt-2.7b")->d_head, 80);
  assert_int_equal(model("gpt2-xl")->heads, 25);
}

static void test_amdahl_identities(void **state) {
  (void)state;
  /* f = 0.8, s = 4: 1/(0.2 + 0.2) = 2.5, ceiling 1/0.2 = 5 */
  assert_true(fabs(qa_amdahl(0.8, 4.0) - 2.5) < 1e-12);
  assert_true(fabs(qa_amdahl_ceiling(0.8) - 5.0) < 1e-12);
  /* f = 0.5, s = 2: 1/(0.5 + 0.25) = 4/3; ceiling 2 */
  assert_true(fabs(qa_amdahl(0.5, 2.0) - 4.0 / 3.0) < 1e-12);
  assert_true(fabs(qa_amdahl_ceiling(0.5) - 2.0) < 1e-12);
  assert_true(qa_amdahl(0.0, 100.0) == 1.0); /* nothing sped up */
  assert_true(qa_amdahl(0.9, 1.0) == 1.0);   /* no speedup */
  assert_true(isinf(qa_amdahl_ceiling(1.0)));
}

/* A stand-in cycle source: the ideal MAC count of the mode (m*k*n, or a quarter in PACKED mode
 * with LANES = 4), so every derived number can be worked by hand. */
static int ideal_cycles(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err) {
  (void)ctx;
  (void)err;
  *cycles = g->m * g->k * g->n / (g->mode == QA_MODE_PACKED ? 4 : 1);
  return 0;
}

static void test_point_derivation(void **state) {
  (void)state;
  /* gpt2 prefill L = 128 (MACs above): baseline projection 905969664, attention 25165824,
   * quantized projection 905969664/4 = 226492416.
   * f = 905969664 / 931135488 = 36/37; s = 4; speedup = 931135488 / 251658240 = 3.7;
   * ceiling = 931135488 / 25165824 = 37. */
  qa_point p = {0};
  p.model = model("gpt2");
  p.array = "test";
  p.rows = p.cols = 32;
  p.wbits = 2;
  p.phase = QA_PHASE_PREFILL;
  p.seq = 128;
  p.batch = 1;
  p.clock_mhz = 500.0;
  char err[QA_ERR_LEN];
  assert_int_equal(qa_point_eval(&p, ideal_cycles, NULL, err), 0);
  assert_int_equal(p.base_proj, 905969664ull);
  assert_int_equal(p.base_attn, 25165824ull);
  assert_int_equal(p.q_proj, 226492416ull);
  assert_int_equal(p.q_attn, 25165824ull);
  assert_true(fabs(p.f - 36.0 / 37.0) < 1e-12);
  assert_true(fabs(p.s - 4.0) < 1e-12);
  assert_true(fabs(p.speedup - 3.7) < 1e-12);
  assert_true(fabs(p.amdahl - 3.7) < 1e-12);
  assert_true(fabs(p.ceiling - 37.0) < 1e-9);
  /* utilisation: MACs / (cycles * 1024 PEs): 1/1024 baseline, 3.7/1024 quantized */
  assert_true(fabs(p.util_base - 1.0 / 1024.0) < 1e-15);
  assert_true(fabs(p.util_q - 3.7 / 1024.0) < 1e-15);
  /* tokens/s: 128 tokens per 12 blocks of 931135488 cycles at 500 MHz */
  assert_true(fabs(p.tok_s_base - 128.0 * 500e6 / (931135488.0 * 12.0)) < 1e-9);
}

/* A cycle source that divides the MACs over the array: m*k*n / (rows * cols * lanes), lanes 4
 * in PACKED mode, so the iso-area figures can be worked by hand. */
static int parallel_cycles(void *ctx, const qa_gemm_shape *g, uint64_t *cycles, char *err) {
  (void)ctx;
  (void)err;
  *cycles = g->m * g->k * g->n / ((uint64_t)g->rows * (uint64_t)g->cols * (g->mode == QA_MODE_PACKED ? 4 : 1));
  return 0;
}

/* The iso-area rule on hand-worked areas: cols' = floor(cols x GE8 / GEq), within 2..cols. */
static void test_iso_shape_rule(void **state) {
  (void)state;
  assert_int_equal(qa_iso_cols(32, 100.0, 150.0), 21);   /* 21.33 */
  assert_int_equal(qa_iso_cols(32, 2588.4, 4192.5), 19); /* 19.76: the committed W8 and W1 PEs */
  assert_int_equal(qa_iso_cols(256, 2588.4, 3222.5), 205); /* 205.6 */
  assert_int_equal(qa_iso_cols(4, 100.0, 300.0), 2);     /* 1.33: at least 2 */
  assert_int_equal(qa_iso_cols(8, 100.0, 50.0), 8);      /* 16: never more than the array */
}

/* gpt2 prefill L = 128 on 32x32 (MACs above) with parallel_cycles: W8A8 projections
 * 905969664 / 1024 = 884736, attention 25165824 / 1024 = 24576. A quantized PE of twice the
 * W8 PE's area (2000 against 1000 GE) gets 32x16 at iso-area: projections 905969664 / (512 x 4)
 * = 442368, attention 25165824 / 512 = 49152; s_iso = 2, speedup_iso = 909312 / 491520 = 1.85.
 * MACs per cycle per kGE of the block: W8A8 931135488 / 909312 / 1024 kGE = 1; quantized at
 * the same PE count 931135488 / 245760 / 2048 kGE = 1.85; at iso-area 931135488 / 491520 /
 * 1024 kGE = 1.85. With equal areas, iso-area is iso-PE. */
static void test_iso_area_point(void **state) {
  (void)state;
  qa_point p = {.model = model("gpt2"), .array = "test", .rows = 32, .cols = 32, .wbits = 2,
                .phase = QA_PHASE_PREFILL, .seq = 128, .batch = 1, .clock_mhz = 500.0};
  char err[QA_ERR_LEN];
  assert_int_equal(qa_point_eval(&p, parallel_cycles, NULL, err), 0);
  assert_int_equal(p.base_proj, 884736);
  assert_int_equal(p.base_attn, 24576);
  const qa_iso half = {.ge_8 = 1000.0, .ge_q = 2000.0, .cols = 16, .cols_pe = 16};
  assert_int_equal(qa_point_iso(&p, &half, parallel_cycles, NULL, err), 0);
  assert_int_equal(p.iso_cols, 16);
  assert_int_equal(p.iso_cols_pe, 16);
  assert_int_equal(p.iso_q_proj, 442368);
  assert_int_equal(p.iso_q_attn, 49152);
  assert_true(fabs(p.s_iso - 2.0) < 1e-12);
  assert_true(fabs(p.speedup_iso - 1.85) < 1e-12);
  assert_true(fabs(p.mpk_base[2] - 1.0) < 1e-12);
  assert_true(fabs(p.mpk_q[2] - 1.85) < 1e-12);
  assert_true(fabs(p.mpk_iso[2] - 1.85) < 1e-12);
  /* equal areas: the same array, so the iso-area figures are the iso-PE ones */
  const qa_iso same = {.ge_8 = 1000.0, .ge_q = 1000.0, .cols = 32, .cols_pe = 32};
  assert_int_equal(qa_point_iso(&p, &same, parallel_cycles, NULL, err), 0);
  assert_int_equal(p.iso_cols, 32);
  assert_int_equal(p.iso_q_proj, p.q_proj);
  assert_int_equal(p.iso_q_attn, p.q_attn);
  assert_true(fabs(p.speedup_iso - p.speedup) < 1e-12);
  assert_true(fabs(p.s_iso - p.s) < 1e-12);
  for (int i = 0; i < 3; i++) assert_true(fabs(p.mpk_iso[i] - p.mpk_q[i]) < 1e-12);
}

static char g_dir[64];

static void write_file(const char *dir, const char *name, const char *text) {
  char path[160];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

/* The whole-array iso-area rule on a hand-made table whose parts scale by 1 GE per unit
 * (qa_area.h): at 4x4, W8 skew 8x6 + 8x6 + 4x3 = 108 flip-flops, W2 32x6 + 48 + 12 = 252;
 * de-skew 32x6 + 17x3 = 243; buffer 32x4 + 16 = 144 and its macro (8 + 4 + 2) x 144 = 2016 bits;
 * control 1000 + (AW x 4 + 32): 1064 at W8, 1160 at W2 (k0 = 1000, k1 = 1). Then at 4x32, W8
 * (1000 GE per PE): 128000 + 4140 + 16399 + 1040 + 43680 + 1288 = 194547 GE. W2 (2000 GE) on 4xc:
 * 8000c + (188 + 4c^2) + (16c(c-1) + 17(c-1)) + (32c + 16) + (10 + c)(32c + 16) + (1128 + 8c):
 * c = 20 gives 189815, c = 21 gives 200324, so 20 columns, where the PE-only rule gives 16; at
 * c = 32 the W2 array is 322787 GE. */
static void test_iso_whole_array(void **state) {
  (void)state;
  char dir[64] = "/tmp/qa_area_XXXXXX", path[160], err[QA_ERR_LEN];
  assert_non_null(mkdtemp(dir));
  write_file(dir, "area.csv", "unit,rows,cols,wbits,accw,cells,flops,ge,levels\n"
                              "pe,1,1,8,32,1,1,1000,1\npe,1,1,2,32,1,1,2000,1\n");
  snprintf(path, sizeof path, "%s/area.csv", dir);
  qa_area_table t;
  qa_iso iso;
  assert_int_equal(qa_area_load(path, &t, err), 0);
  assert_int_equal(t.has_parts, 0); /* no parts: the PE-only rule */
  assert_int_equal(qa_iso_of(&t, 4, 32, 2, &iso, err), 0);
  assert_int_equal(iso.cols, 16);
  write_file(dir, "array_parts.csv", "unit,rows,cols,wbits,part,ge,flops\n"
             "array,4,4,8,mesh,16000,0\narray,4,4,8,skew,108,108\narray,4,4,8,deskew,243,243\n"
             "array,4,4,8,obuf_logic,144,0\narray,4,4,8,obuf_sram,2016,0\narray,4,4,8,control,1064,0\n"
             "array,4,4,2,skew,252,252\narray,4,4,2,deskew,243,243\narray,4,4,2,obuf_logic,144,0\n"
             "array,4,4,2,obuf_sram,2016,0\narray,4,4,2,control,1160,0\n");
  assert_int_equal(qa_area_load(path, &t, err), 0);
  assert_int_equal(t.has_parts, 1);
  assert_true(fabs(qa_array_ge(&t, 4, 32, 8, 1000.0) - 194547.0) < 1e-6);
  assert_int_equal(qa_iso_of(&t, 4, 32, 2, &iso, err), 0);
  assert_int_equal(iso.whole, 1);
  assert_int_equal(iso.cols, 20);
  assert_int_equal(iso.cols_pe, 16);
  assert_true(fabs(iso.total_8 - 194547.0) < 1e-6);
  assert_true(fabs(iso.total_q - 322787.0) < 1e-6);
  /* a part missing is one error naming the parts */
  write_file(dir, "array_parts.csv", "unit,rows,cols,wbits,part,ge,flops\narray,4,4,8,skew,108,108\n");
  assert_int_equal(qa_area_load(path, &t, err), -1);
  assert_non_null(strstr(err, "array_parts.csv: every part"));
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* The energy model's hardware (host/study/qa_hw.h) from the committed tables: the array's flip-flops
 * (the PE's times R x C and the fitted parts) within 3 % of what make synth counted in the
 * synthesized 4x4 and 8x8 arrays (the sums of synth/array_parts.csv's flops: W2 3,572 and
 * 12,061, W1 4,404 and 15,261, W8 2,940 and 9,645). And a made-up activity table: the row of
 * the same shape when there is one, else the largest array's; a bad row names its line. */
static void test_hw_tables(void **state) {
  (void)state;
  static qa_hw_tables t;
  qa_energy_hw hw;
  char err[QA_ERR_LEN];
  assert_int_equal(qa_hw_load_default(&t, err), 0);
  const struct { int n, w; double flops; } want[] = {{4, 2, 3572}, {8, 2, 12061}, {4, 1, 4404},
                                                     {8, 1, 15261}, {4, 8, 2940}, {8, 8, 9645}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    assert_int_equal(qa_hw_of(&t, &(qa_gemm_shape){want[i].n, want[i].n, want[i].w, QA_MODE_PACKED, 1, 1, 1}, QA_FILL_LLM, 500,
                              &hw, err), 0);
    const double got = hw.flops_pe * want[i].n * want[i].n + hw.flops_edge;
    assert_true(fabs(got - want[i].flops) / want[i].flops < 0.03);
  }
  char dir[64] = "/tmp/qa_act_XXXXXX", path[160];
  assert_non_null(mkdtemp(dir));
  const char *hdr = "rows,cols,wbits,mode,operands,iso,aw,w,acc,drain_out,ctl_out,v_bubble,"
                    "data_idle,data_bubble,skew_a_bit,skew_w_bit,deskew_bit,edge_bit\n";
  char text[1024];
  snprintf(text, sizeof text, "%s4,4,2,packed,llm,1,10,4,5,100,4,2,0.5,0.8,0.4,0.4,0.5,1\n"
                              "8,8,2,packed,llm,1,20,5,6,200,4,2,0.1,0.9,0.5,0.5,0.5,1\n"
                              "4,4,2,packed,llm,0,90,90,90,90,90,90,90,90,90,90,90,90\n", hdr);
  write_file(dir, "act.csv", text);
  snprintf(path, sizeof path, "%s/act.csv", dir);
  assert_int_equal(qa_act_load(path, &t, err), 0);
  assert_int_equal(t.n, 2); /* the iso 0 row is not the model's */
  assert_int_equal(qa_hw_of(&t, &(qa_gemm_shape){4, 4, 2, QA_MODE_PACKED, 1, 1, 1}, QA_FILL_LLM, 500, &hw, err), 0);
  assert_true(hw.t_a == 6 && hw.t_w == 4 && hw.t_acc == 5 && hw.t_out == 100);
  assert_int_equal(qa_hw_of(&t, &(qa_gemm_shape){32, 32, 2, QA_MODE_PACKED, 1, 1, 1}, QA_FILL_LLM, 500, &hw, err), 0);
  assert_true(hw.t_a == 15 && hw.t_w == 5 && hw.t_acc == 6 && hw.t_out == 200);
  assert_int_equal(qa_hw_of(&t, &(qa_gemm_shape){4, 4, 1, QA_MODE_PACKED, 1, 1, 1}, QA_FILL_LLM, 500, &hw, err), -1);
  assert_non_null(strstr(err, "no row for WBITS=1 PACKED mode, llm operands"));
  snprintf(text, sizeof text, "%s4,4,2,packed,llm,1,10,4,5,100,4,2,0.5,0.8,0.4,0.4,0.5,1\n"
                              "4,4,2,sideways,llm,1,1,1,1,1,1,1,1,1,1,1,1,1\n", hdr);
  write_file(dir, "act.csv", text);
  assert_int_equal(qa_act_load(path, &t, err), -1);
  assert_non_null(strstr(err, "act.csv:3: bad row"));
  write_file(dir, "act.csv", "rows,cols\n");
  assert_int_equal(qa_act_load(path, &t, err), -1);
  assert_non_null(strstr(err, "act.csv:1: the header lacks the column 'wbits'"));
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static int write_models(const char *text, char *path) {
  snprintf(path, 128, "%s/m.txt", g_dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

static void expect_bad_file(const char *text, const char *needle) {
  char path[128], err[QA_ERR_LEN] = "";
  qa_model_table t;
  assert_int_equal(write_models(text, path), 0);
  assert_int_equal(qa_models_read(path, &t, err), -1);
  if (!strstr(err, needle)) fail_msg("error '%s' lacks '%s'", err, needle);
  unlink(path);
}

static void test_bad_model_files(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/qa_models_XXXXXX");
  assert_non_null(mkdtemp(g_dir));
  expect_bad_file("# comment\n\nmini gpt 2 64 4 16 256 2 128 layernorm\n", ":3: expected 11 fields");
  expect_bad_file("mini gpt 2 64 5 16 256 2 128 layernorm gelu\n",
                  ":1: mini: heads (5) x d_head (16) = 80 is not d_model (64)");
  expect_bad_file("mini gpt two 64 4 16 256 2 128 layernorm gelu\n", ":1: layers must be a positive integer, got 'two'");
  expect_bad_file("mini gpt 2 64 4 16 0 2 128 layernorm gelu\n", "ffn must be a positive integer");
  expect_bad_file("mini gpt 2 64 4 16 256 2 128 batchnorm gelu\n", "norm must be layernorm or rmsnorm");
  expect_bad_file("mini gpt 2 64 4 16 256 3 128 rmsnorm gelu\n", "swiglu and geglu go with ffn_mats 3");
  expect_bad_file("a gpt 2 64 4 16 256 2 128 layernorm gelu\na gpt 2 64 4 16 256 2 128 layernorm gelu\n",
                  ":2: model 'a' is defined twice");
  expect_bad_file("# nothing\n", "no models");
  /* A good user file loads. */
  char path[128], err[QA_ERR_LEN];
  qa_model_table t;
  assert_int_equal(write_models("mini llama 2 64 4 16 172 3 256 rmsnorm swiglu # tiny\n", path), 0);
  assert_int_equal(qa_models_read(path, &t, err), 0);
  assert_int_equal(t.n, 1);
  assert_int_equal(t.m[0].ffn, 172);
  qa_models_free(&t);
  unlink(path);
  rmdir(g_dir);
  /* Impossible arguments */
  qa_block_gemm g[QA_MAX_BLOCK_GEMMS];
  assert_int_equal(qa_block_gemms(model("gpt2"), QA_PHASE_PREFILL, 0, 1, g, err), -1);
  assert_non_null(strstr(err, "sequence length and batch must be >= 1"));
  assert_int_equal(qa_block_gemms(model("gpt2"), QA_PHASE_DECODE, 16, 0, g, err), -1);
}

/* --lm-head on gpt2 with one cycle per MAC: the head is 1 x 768 x 50257 = 38597376 cycles once
 * per model, added to 12 blocks of 905969664 + 25165824 = 931135488: 11173625856 + 38597376 =
 * 11212223232 cycles for 128 tokens at 500 MHz. The block's own figures do not change. */
static void test_lm_head(void **state) {
  (void)state;
  qa_point p = {.model = model("gpt2"), .array = "test", .rows = 32, .cols = 32, .wbits = 2,
                .phase = QA_PHASE_PREFILL, .seq = 128, .batch = 1, .clock_mhz = 500.0, .lm_head = 1};
  char err[QA_ERR_LEN];
  assert_int_equal(qa_point_eval(&p, ideal_cycles, NULL, err), 0);
  assert_int_equal(p.head_cyc, 38597376ull);
  assert_int_equal(p.base_proj + p.base_attn, 931135488ull);
  assert_true(fabs(p.tok_s_base - 128.0 * 500e6 / 11212223232.0) < 1e-9);
  /* a model without a vocabulary: one line naming it */
  qa_model m = *model("gpt2");
  m.vocab = 0;
  p.model = &m;
  assert_int_equal(qa_point_eval(&p, ideal_cycles, NULL, err), QA_EXIT_USAGE);
  assert_non_null(strstr(err, "gpt2 has no vocabulary size"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_gemms_gpt2_prefill),
      cmocka_unit_test(test_gemms_gpt2_decode),
      cmocka_unit_test(test_gemms_opt67b),
      cmocka_unit_test(test_gemms_llama7b),
      cmocka_unit_test(test_gemms_llama3_8b_gqa),
      cmocka_unit_test(test_gemms_mistral_7b_gqa),
      cmocka_unit_test(test_hf_tiny_types),
      cmocka_unit_test(test_hf_errors),
      cmocka_unit_test(test_hf_qwen),
      cmocka_unit_test(test_hf_gemma),
      cmocka_unit_test(test_hf_phi3),
      cmocka_unit_test(test_hf_falcon),
      cmocka_unit_test(test_lm_head),
      cmocka_unit_test(test_hf_head_dim_and_size),
      cmocka_unit_test(test_amdahl_identities),
      cmocka_unit_test(test_point_derivation),
      cmocka_unit_test(test_iso_shape_rule),
      cmocka_unit_test(test_iso_area_point),
      cmocka_unit_test(test_iso_whole_array),
      cmocka_unit_test(test_hw_tables),
      cmocka_unit_test(test_bad_model_files),
  };
  return cmocka_run_group_tests_name("study", tests, group_setup, group_teardown);
}
