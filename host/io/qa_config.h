/* qa_config.h: where the project's files are, and what the options and their files say about the
 * array and the energy: an array's name (edge, cloud, RxC), clock and memory system (--array,
 * --clock-mhz, --array-file and the memory options), the energy table (--energy).
 *
 * An array's clock: its default (edge 500 MHz, cloud 940 MHz, RxC 500 MHz, as edge), then the
 * --array-file's clock_mhz, then --clock-mhz. Its memory: the defaults of the named array (RxC
 * arrays get edge's), then the file, then the options. The DRAM bandwidth is held in GB/s
 * (defaults: edge 17 GB/s, cloud 902.4 GB/s, which are 34 and 960 B/cycle at the default
 * clocks) unless it was given in bytes per cycle (dram_bpc, --dram-bpc): a clock change then
 * changes B/cycle, not the DRAM. A total SRAM given without the buffers scales the default split
 * (docs/memory.md). */
#ifndef QA_CONFIG_H
#define QA_CONFIG_H

#include <stdio.h>

#include "qa_energy.h"
#include "qa_mem.h"
#include "qa_opts.h"

/* The project root: $QARRAY_ROOT, else the directory the build was made in. */
const char *qa_root(void);

/* Parse an array name (edge, cloud, RxC) into rows/cols. Returns 0 or -1 (err filled). */
/* The array sizes a model can be built for: R and C in QA_DIM_MIN..QA_DIM_MAX (qa_arch.h; --array,
 * the array file, scalesim's ArrayHeight and ArrayWidth). */
int qa_parse_array(const char *name, int *rows, int *cols, char *err);
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
/* --array-file's rows, cols and wbits: the array ("RxC") when --array is not given, the weight
 * precision when --wbits is not (the options win over the file, as for every key). Returns 0, or
 * QA_EXIT_USAGE after one line (rows without cols, a shape or precision out of range). */
int qa_array_file_shape(qa_opts *o);
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
/* --clock-mhz NAME=MHZ,... must name arrays of arr[0..na-1]. Returns 0 or QA_EXIT_USAGE after
 * one error line. */
int qa_clock_names_ok(const qa_opts *o, const qa_array_cfg *arr, int na);

#endif /* QA_CONFIG_H */
