/* fuzz_topology.c: the SCALE-Sim topology reader (qarray scalesim -t), both formats. */
#include "qa_err.h"
#include "qa_scalesim.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_path(data, size);
  char err[QA_ERR_LEN];
  for (int conv = 0; conv < 2; conv++) {
    qa_ss_topo t;
    if (qa_ss_topo_read(path, conv, &t, err)) continue;
    for (int i = 0; i < t.n; i++)
      if (!t.l[i].m || !t.l[i].k || !t.l[i].n) abort(); /* every layer a real GEMM */
    qa_ss_topo_free(&t);
  }
  return 0;
}
