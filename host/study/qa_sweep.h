/* qa_sweep.h: what the options name, resolved: arrays with their clock and memory system, the
 * lists a sweep runs over, and the model table.
 *
 * An array's clock: its default (edge 500 MHz, cloud 940 MHz, RxC 500 MHz, as edge), then the
 * --array-file's clock_mhz, then --clock-mhz. Its memory: the defaults of the named array (RxC
 * arrays get edge's), then the file, then the options. The DRAM bandwidth is held in GB/s
 * (defaults: edge 17 GB/s, cloud 902.4 GB/s, which are 34 and 960 B/cycle at the default
 * clocks) unless it was given in bytes per cycle (dram_bpc, --dram-bpc): a clock change then
 * changes B/cycle, not the DRAM. A total SRAM given without the buffers scales the default split
 * (docs/memory.md). */
#ifndef QA_SWEEP_H
#define QA_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include "qa_energy.h"
#include "qa_err.h"
#include "qa_hw.h"
#include "qa_mem.h"
#include "qa_models.h"
#include "qa_opts.h"

typedef struct {
  const char *name;
  int rows, cols;
  double clock_mhz;
  qa_mem_cfg mem;
  double gbs;   /* the DRAM bandwidth in GB/s at clock_mhz */
  int bpc_held; /* 1: given in bytes per cycle, which a clock change keeps */
} qa_array_cfg;

/* Resolve array `name` (edge, cloud, RxC) with the options' clock and memory. The memory is on
 * if --mem on, or (without --mem) if mem_default_on or any memory option was given. Returns 0 or
 * QA_EXIT_USAGE after printing one error line. */
int qa_array_resolve(const qa_opts *o, const char *name, int mem_default_on, qa_array_cfg *a);
/* Two lines for a table header (the second indented by indent): "edge 32x32 at 500 MHz; SRAM
 * 8192 KiB (internal 2048; A, W, C buffers 2048, 3072, 1024 KiB)" and "DRAM 17 GB/s = 34
 * B/cycle (GB/s held when the clock changes), latency 64 cycles"; or one line "... memory
 * system off". */
void qa_array_describe(const qa_array_cfg *a, int indent, FILE *f);

/* The energy table: the defaults (golden/qa_energy.h), then --energy FILE. Returns 0 or
 * QA_EXIT_USAGE after one error line. */
int qa_energy_resolve(const qa_opts *o, qa_energy_cfg *e);
/* One line: "energy per event: mul8 0.2, ... pJ; SRAM 12.5 / 12.5 pJ/B; DRAM 162.5 pJ/B". */
void qa_energy_describe(const qa_energy_cfg *e, FILE *f);

/* qa_energy_resolve, then the hardware tables (host/study/qa_hw.h). Returns 0 or QA_EXIT_USAGE (a bad
 * --energy). */
int qa_energy_setup_load(const qa_opts *o, qa_energy_setup *s);

#define QA_MAX_LIST 64
typedef struct {
  qa_array_cfg arr[QA_MAX_LIST];
  int na;
  int wbits[QA_MAX_LIST], nw;
  uint64_t seq[QA_MAX_LIST];
  int ns;
  qa_phase phase[QA_MAX_LIST];
  int np;
  qa_model_table table;         /* shipped models plus --models FILE */
  const qa_model *model[256];
  int nm;
  char *keep[5]; /* the lists' copies, which the names above point into */
} qa_sweep;

/* The sweep of amdahl and report: lists from the options or the defaults given (NULL: the
 * built-in defaults), the models (all, or --model's list). Returns 0 or QA_EXIT_USAGE. */
int qa_sweep_resolve(const qa_opts *o, const char *dflt_wbits, qa_sweep *s);
void qa_sweep_free(qa_sweep *s);

/* The shipped model table plus --models FILE: a model table, or a Hugging Face config.json whose
 * model is named name (--name; NULL: the file's stem). A name already shipped is an error. */
int qa_load_models(const char *user_path, const char *name, qa_model_table *t);
/* The one model of --model NAME in t, with seq checked against its context: NULL after printing
 * the error. */
const qa_model *qa_one_model(const qa_opts *o, const qa_model_table *t, uint64_t seq);

/* The single values of a single-GEMM command: --wbits (1, 2, 4, 8; default 2) and --seq
 * (1..2^20, required when need_seq). Return 0 or QA_EXIT_USAGE. */
int qa_one_wbits(const qa_opts *o, int *wbits);
/* The one array of a single-array command (--array, else dflt; a list is an error) and its
 * --wbits. Returns 0 or QA_EXIT_USAGE. */
int qa_one_array(const qa_opts *o, const char *dflt, qa_array_cfg *a, int *wbits);
int qa_one_seq(const qa_opts *o, int need_seq, uint64_t *seq);

#endif /* QA_SWEEP_H */
