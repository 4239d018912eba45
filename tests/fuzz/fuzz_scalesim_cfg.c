/* fuzz_scalesim_cfg.c: the SCALE-Sim configuration reader (qarray scalesim -c). */
#include "qa_err.h"
#include "qa_scalesim.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qa_ss_cfg c;
  char err[QA_ERR_LEN];
  if (!qa_ss_cfg_read(fuzz_path(data, size), &c, err) && (c.rows < 1 || c.cols < 1 || !c.run_name[0]))
    abort(); /* a configuration that loads has an array and a run name */
  return 0;
}
