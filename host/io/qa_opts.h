/* qa_opts.h: the options of every qarray command, in one struct, parsed by one table-driven
 * parser (qa_opts.c). The table says which commands take an option, its value's range and its
 * help line, so the limits agree across commands and `qarray COMMAND --help` lists exactly what
 * COMMAND takes.
 *
 * List-valued options (--arrays, --wbits, --seq, --phase, --model) are kept as the text given;
 * the study commands split them (qa_sweep.h), the single-GEMM commands take one item. */
#ifndef QA_OPTS_H
#define QA_OPTS_H

#include <stdint.h>
#include <stdio.h>

#include "qa_commands.h"

/* Tracing windows (the model must be a debug build with its trace file open, qa_sim.h). */
typedef struct {
  const char *path;  /* the FST file (NULL: no tracing) */
  int depth;         /* hierarchy levels traced (0: all) */
  int64_t tile;      /* -1: every tile; N: only tile N (0-based, in the order tiles run) */
  uint64_t from, to; /* only RTL cycles in [from, to] of each traced GEMM */
  int64_t gemm;      /* commands that run many GEMMs: -1 all, K: only the K-th (1-based) */
} qa_trace_opts;


#define QA_MAX_JOBS 256 /* --jobs */
#define QA_MAX_LIST 64  /* items of a list-valued option (--arrays, --wbits, --seq, ...) */
#define QA_MAX_POS 1024 /* positional arguments (merge's shard files) */

/* Options of the memory system: SRAM buffers and the DRAM channel (docs/memory.md). */
/* Operand kinds of --fill (qa_random_operands): random (uniform over each range), extreme (its
 * two ends), zero, llm (Gaussian activations, Gaussian weights through the precision's quantizer:
 * what a quantized LLM feeds). qa_fill_names lists them in this order, NULL-terminated. */
enum { QA_FILL_RANDOM, QA_FILL_EXTREME, QA_FILL_ZERO, QA_FILL_LLM };
extern const char *const qa_fill_names[];

typedef struct {
  int mem;          /* -1 unset, 0 off, 1 on */
  const char *file; /* --array-file */
  uint64_t sram_kib, internal_kib, a_kib, w_kib, c_kib, lat;
  double bpc, gbs;  /* --dram-bpc (bytes per cycle), --dram-gbs (GB/s) */
  unsigned set;     /* QA_MO_* bits: which were given */
} qa_mem_opts;

enum {
  QA_MO_SRAM = 1,
  QA_MO_INTERNAL = 2,
  QA_MO_BUF = 4,
  QA_MO_BPC = 8,
  QA_MO_LAT = 16,
  QA_MO_GBS = 32,
};

typedef struct {
  unsigned cmd;     /* the command being parsed (QA_CMD_*) */
  const char *name; /* its name */
  const char *pos;  /* the first positional argument (report DIR, merge's first shard) */
  const char *posv[QA_MAX_POS]; /* merge: every positional argument */
  int npos;
  int argc;   /* the command line parsed (argv[1] the command) */
  char **argv;
  /* the array and its precision */
  const char *arrays, *wbits; /* lists for amdahl and report; one item elsewhere */
  char file_array[32], file_wbits[4]; /* --array-file's rows x cols and wbits (qa_array_file_shape) */
  int accw, mode, mesh;       /* mesh: -1 auto, 0 pe, 1 loop */
  const char *clock;          /* --clock-mhz: MHZ, or NAME=MHZ,... */
  /* one GEMM */
  uint64_t m, k, n;
  const char *a_path, *w_path, *out_path;
  int fill;    /* --fill: QA_FILL_* (host/run/qa_rtlrun.h) */
  uint64_t seed, bubble, stall;
  int no_build, no_triage;
  int progress; /* gemm, block --progress: progress lines on stderr even when it is not a terminal */
  const char *repro, *mutant;
  int mutant_pe;          /* lockstep --mutant-in pe: the fault in the structural mesh */
  uint64_t cycles;        /* lockstep --cycles */
  const char *dump_stim; /* gemm --dump-stim DIR: the stimulus for a second simulator */
  /* the study */
  const char *models_file, *model_name, *model, *seq, *phase, *layers, *csv;
  uint64_t batch, sample;
  int rtl, quiet, wide, iso_area;
  int lm_head; /* add the LM head to the whole-model figures */
  int clock_from;        /* --clock-from: 0 same, 1 fpga (synth/fpga.csv), 2 levels (synth/area.csv) */
  const char *area_file; /* --area: the PE area table [synth/area.csv] */
  const char *energy_file; /* --energy: the technology's energy per event [Horowitz 45 nm] */
  int energy_table;        /* --energy-table: amdahl's table shows energy per token */
  int columns;             /* amdahl --columns: the CSV's columns and what each holds */
  /* scaling out (docs/scaling.md) */
  int jobs;                  /* --jobs: worker threads; 0 unset (the online cores) */
  uint64_t shard_i, shard_n; /* --shard I/N; shard_n 0: no shard */
  int plan;                  /* amdahl --rtl --plan: the work list and its predicted split */
  const char *input;         /* block --input golden|synthetic */
  double max_error;          /* block --max-error E: fail above it; < 0 unset (report only) */
  /* scalesim: SCALE-Sim's -c CFG -t TOPOLOGY -p OUTDIR -i gemm|conv, and --packed REGEX */
  const char *ss_cfg, *ss_topo, *ss_out, *packed_re;
  int ss_conv;
  qa_mem_opts mo;
  qa_trace_opts tr;
} qa_opts;

/* Parse argv[2..] for command cmd (argv[1] is its name) into o, defaults first. Prints one error
 * line and returns QA_EXIT_USAGE on bad input; 0 otherwise. */
int qa_opts_parse(unsigned cmd, int argc, char **argv, qa_opts *o);
/* The arguments after the command that say what a run computes: all but the options that only
 * say how it runs (--jobs, --shard, --csv, --quiet, --no-build, the trace options) and their
 * values, in order, into out (at most max). Returns the count. */
int qa_opts_sweep_args(const qa_opts *o, const char **out, int max);
/* The workers a run gets: --jobs, else 1 with --trace (it follows one model), else the online
 * cores. */
int qa_opts_jobs(const qa_opts *o);
/* The usage and options of the command in row c of the command table (qa_opts_cmd). */
void qa_opts_help(int c, FILE *f);
/* `qarray help`: the commands, from the command table. */
void qa_opts_usage(FILE *f);
/* A command's row in the command table (its bit is 1 << row), -1 if unknown. */
int qa_opts_cmd(const char *name);
/* Option i of the table (0..): its name ("--seq"), argument (NULL for a flag), help line and
 * the commands taking it (QA_CMD_* bits). Returns 0, or -1 past the end. The library's C
 * interface hands the table to the Python package, so its names are these. */
int qa_opts_info(int i, const char **name, const char **arg, const char **help, unsigned *cmds);

#endif /* QA_OPTS_H */
