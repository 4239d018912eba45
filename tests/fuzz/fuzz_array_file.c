/* fuzz_array_file.c: the memory and clock file (--array-file, key = value) as the options
 * resolve it, for a named and an RxC array. */
#include <string.h>

#include "qa_opts.h"
#include "qa_sweep.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char *argv[] = {"qarray", "model", NULL};
  qa_opts o;
  if (qa_opts_parse(QA_CMD_MODEL, 2, argv, &o)) abort();
  o.mo.file = fuzz_path(data, size);
  qa_array_cfg a;
  (void)qa_array_resolve(&o, "edge", 1, &a);
  (void)qa_array_resolve(&o, "8x4", 0, &a);
  return 0;
}
