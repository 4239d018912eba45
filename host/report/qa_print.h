/* qa_print.h: the terminal text of one GEMM that gemm and model share: the memory section, the
 * energy line, the utilisation. */
#ifndef QA_PRINT_H
#define QA_PRINT_H

#include <stdint.h>

#include "qa_energy.h"
#include "qa_hw.h"
#include "qa_mem.h"
#include "qa_sim.h"
#include "qa_sweep.h"

/* "packed" or "full". */
const char *qa_mode_name(int mode);
/* The memory section: plan, DRAM and SRAM bytes, stalls (against the RTL's counter when rtl is
 * given), the channel, the bound. */
void qa_print_mem(const qa_array_cfg *a, const qa_mem_plan *p, const qa_mem_result *r,
                  const qa_counters *rtl);
/* The events of a run for the energy model: its beats, cycles and bubbles (cycles a tile was
 * open and no beat entered: in_stall + gap_stall + credit_stall). */
void qa_run_events(const qa_gemm_shape *g, const qa_counters *c, const qa_mem_plan *t,
                   qa_energy_events *ev);
/* The energy (docs/energy.md) of a run with counters c on operands of kind (QA_FILL_*): bytes
 * from the plan with the array's memory (planned even when the timing is compute-only, since
 * the operands move all the same), the hardware measured for operands of kind
 * (host/study/qa_hw.h). Returns 0, or -1 with err (QA_MEM_ERR_LEN) when it cannot be planned. */
typedef struct {
  const qa_energy_setup *es;
  const qa_array_cfg *a;
  const qa_gemm_shape *g;
  int accw, kind;
} qa_energy_run;
int qa_run_energy(const qa_energy_run *r, const qa_counters *c, qa_energy *en, char *err);
/* The energy line (docs/energy.md) of a run with counters c on operands of kind (QA_FILL_*). */
void qa_print_energy(const qa_energy_setup *es, const qa_array_cfg *a, const qa_gemm_shape *g,
                     int accw, const qa_counters *c, int kind);
/* MACs per cycle and utilisation of pes x lanes. */
void qa_print_util(double macs, uint64_t cycles, int pes, int lanes);

#endif /* QA_PRINT_H */
