/* fuzz_energy.c: the energy file (--energy FILE, key = value). */
#include "qa_opts.h"
#include "qa_sweep.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char *argv[] = {"qarray", "model", NULL};
  qa_opts o;
  if (qa_opts_parse(QA_CMD_MODEL, 2, argv, &o)) abort();
  o.energy_file = fuzz_path(data, size);
  qa_energy_cfg e;
  (void)qa_energy_resolve(&o, &e);
  return 0;
}
