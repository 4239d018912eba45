/* fuzz_hf.c: the Hugging Face config.json reader (--models CONFIG.json), cJSON included. */
#include "qa_err.h"
#include "qa_models.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qa_model_table t;
  char err[QA_ERR_LEN];
  if (!qa_models_read_hf(fuzz_path(data, size), NULL, &t, err)) {
    /* a model that loads must give a block GEMM list */
    qa_block_gemm g[QA_MAX_BLOCK_GEMMS];
    if (qa_block_gemms(&t.m[0], QA_PHASE_PREFILL, 7, 1, g, err) < 0) abort();
    qa_models_free(&t);
  }
  return 0;
}
