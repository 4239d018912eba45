/* cmd_model.c: qarray model, the analytic and SCALE-Sim cycles of one GEMM (no RTL). */
#include <inttypes.h>
#include <stdio.h>

#include "qa_cycles.h"
#include "qa_golden.h"
#include "qa_cmd.h"
#include "qa_print.h"
#include "qa_rtlrun.h"

int qa_cmd_model(const qa_opts *o) {
  qa_array_cfg a;
  static qa_energy_setup e;
  int wbits, rc = qa_one_array(o, "edge", &a, &wbits);
  if (rc || (rc = qa_energy_setup_load(o, &e))) return rc;
  if (!o->m || !o->k || !o->n) return qa_usage_err("model needs --m, --k and --n", NULL);
  qa_gemm_shape g = {a.rows, a.cols, wbits, o->mode, o->m, o->k, o->n};
  uint64_t cyc = qa_cycles_model(&g);
  qa_mem_plan plan;
  qa_mem_result mr;
  char merr[QA_MEM_ERR_LEN];
  if (a.mem.enabled && qa_mem_cycles(&g, o->accw, &a.mem, &mr, &plan, merr)) {
    qa_errf("%s\n", merr);
    return QA_EXIT_USAGE;
  }
  const int lanes = o->mode == QA_MODE_PACKED ? qa_lanes(wbits) : 1;
  printf("array            %dx%d WBITS=%d, %s mode (%d MAC/PE/cycle)\n", a.rows, a.cols, wbits,
         qa_mode_name(o->mode), lanes);
  printf("gemm             (%" PRIu64 " x %" PRIu64 ") . (%" PRIu64 " x %" PRIu64 ")\n", o->m,
         o->k, o->k, o->n);
  printf("tiles            %" PRIu64 " x %" PRIu64 " beats\n", qa_tiles(&g), qa_beats_per_tile(&g));
  if (a.mem.enabled)
    printf("analytic cycles  %" PRIu64 " with the memory system (compute-only %" PRIu64 ")\n",
           mr.cycles, cyc);
  else
    printf("analytic cycles  %" PRIu64 "\n", cyc);
  printf("scalesim cycles  %" PRIu64 "\n", qa_cycles_scalesim(&g));
  if (a.mem.enabled) {
    qa_print_mem(&a, &plan, &mr, NULL);
    cyc = mr.cycles;
  }
  qa_print_util((double)o->m * (double)o->k * (double)o->n, cyc, a.rows * a.cols, lanes);
  const qa_counters c = {.cycles = cyc, .beats = qa_tiles(&g) * qa_beats_per_tile(&g)};
  qa_print_energy(&e, &a, &g, o->accw, &c, QA_FILL_LLM);
  return 0;
}
