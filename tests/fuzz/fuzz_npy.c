/* fuzz_npy.c: the .npy parser (gemm --a/--w) on arbitrary bytes. */
#include "qa_err.h"
#include "qa_npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qa_npy a;
  char err[QA_ERR_LEN];
  if (!qa_npy_parse(data, size, &a, err)) qa_npy_free(&a);
  return 0;
}
