/* fuzz_area.c: the PE area table (--area FILE, make synth's CSV). */
#include "qa_area.h"
#include "qa_err.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qa_area_table t;
  char err[QA_ERR_LEN];
  double ge;
  if (!qa_area_load(fuzz_path(data, size), &t, err)) (void)qa_area_pe(&t, 2, 32, &ge, err);
  return 0;
}
