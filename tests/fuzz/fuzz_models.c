/* fuzz_models.c: the model table parser (--models FILE, models/models.txt's format). */
#include "qa_err.h"
#include "qa_models.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qa_model_table t;
  char err[QA_ERR_LEN];
  if (!qa_models_read(fuzz_path(data, size), &t, err)) qa_models_free(&t);
  return 0;
}
