/* qa_opts.c: see qa_opts.h. */
#define _POSIX_C_SOURCE 200809L
#include "qa_opts.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qa_arch.h"
#include "qa_cycles.h" /* QA_MODE_* */
#include "qa_golden.h"
#include "qa_cli.h"
#include "qa_config.h" /* qa_array_file_shape */

/* Command masks. */
#define C_GEMM QA_CMD_GEMM
#define C_MODEL QA_CMD_MODEL
#define C_ONE (QA_CMD_GEMM | QA_CMD_MODEL)
#define C_STUDY (QA_CMD_GEMMS | QA_CMD_AMDAHL | QA_CMD_REPORT)
#define C_MEM (C_ONE | C_STUDY)
#define C_RTL (QA_CMD_GEMM | QA_CMD_AMDAHL | QA_CMD_BLOCK | QA_CMD_DEMO | QA_CMD_LOCKSTEP | QA_CMD_SCALESIM)
#define C_LS QA_CMD_LOCKSTEP
#define C_MODELS (QA_CMD_MODELS | QA_CMD_GEMMS | QA_CMD_AMDAHL | QA_CMD_REPORT | QA_CMD_BLOCK)

typedef enum { K_FLAG, K_U64, K_INT, K_STR, K_FN } kind;

typedef struct opt_def opt_def;
/* A K_FN option's parser: returns 0, or -1 after printing the error. */
typedef int (*opt_fn)(qa_opts *o, const char *v, const opt_def *d);

struct opt_def {
  const char *name, *arg; /* arg NULL: a flag */
  unsigned cmds;
  kind k;
  size_t off;             /* the field */
  uint64_t lo, hi;        /* K_U64, K_INT: the range */
  const char *must;       /* K_U64, K_INT: "an integer 1..65536" (for the error) */
  opt_fn fn;
  const char *help;       /* the help line; "[default]" at its end */
};

#define F(field) offsetof(qa_opts, field)

static int bad(const opt_def *d, const char *v) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s must be %s, got", d->name, d->must);
  qa_usage_err(msg, v);
  return -1;
}

static int fn_mode(qa_opts *o, const char *v, const opt_def *d) {
  if (!strcmp(v, "packed")) o->mode = QA_MODE_PACKED;
  else if (!strcmp(v, "full")) o->mode = QA_MODE_FULL;
  else return bad(d, v);
  return 0;
}

static int fn_mesh(qa_opts *o, const char *v, const opt_def *d) {
  if (!strcmp(v, "auto")) o->mesh = -1;
  else if (!strcmp(v, "pe")) o->mesh = 0;
  else if (!strcmp(v, "loop")) o->mesh = 1;
  else if (!strcmp(v, "activity")) o->mesh = 3;
  else if (!strcmp(v, "activity-noiso")) o->mesh = 4;
  else return bad(d, v);
  return 0;
}

const char *const qa_fill_names[] = {"random", "extreme", "zero", "llm", NULL};

static int fn_fill(qa_opts *o, const char *v, const opt_def *d) {
  for (int i = 0; qa_fill_names[i]; i++)
    if (!strcmp(v, qa_fill_names[i])) {
      o->fill = i;
      return 0;
    }
  return bad(d, v);
}

#define QA_MUTANT_NAME(n) #n,
static const char *const kMutants[] = {QA_MUTANTS(QA_MUTANT_NAME) NULL};

static int fn_mutant(qa_opts *o, const char *v, const opt_def *d) {
  for (int i = 0; kMutants[i]; i++)
    if (!strcmp(v, kMutants[i])) {
      o->mutant = v;
      return 0;
    }
  return bad(d, v);
}

static int fn_mutant_in(qa_opts *o, const char *v, const opt_def *d) {
  if (!strcmp(v, "pe")) o->mutant_pe = 1;
  else if (!strcmp(v, "twin")) o->mutant_pe = 0;
  else return bad(d, v);
  return 0;
}

static int fn_mem(qa_opts *o, const char *v, const opt_def *d) {
  if (!strcmp(v, "on")) o->mo.mem = 1;
  else if (!strcmp(v, "off")) o->mo.mem = 0;
  else return bad(d, v);
  return 0;
}

static int fn_kib(qa_opts *o, const char *v, const opt_def *d) {
  uint64_t x;
  const int sram = !strcmp(d->name, "--sram-kib");
  if (qa_parse_u64(v, sram ? 1 : 0, 1ull << 40, &x)) return bad(d, v);
  if (sram) o->mo.sram_kib = x, o->mo.set |= QA_MO_SRAM;
  else o->mo.internal_kib = x, o->mo.set |= QA_MO_INTERNAL;
  return 0;
}

static int fn_buffers(qa_opts *o, const char *v, const opt_def *d) {
  char tmp[128], *it[3];
  uint64_t x[3];
  snprintf(tmp, sizeof tmp, "%s", v);
  if (strlen(v) >= sizeof tmp || qa_split_list(tmp, it, 3) != 3) return bad(d, v);
  for (int i = 0; i < 3; i++)
    if (qa_parse_u64(it[i], 1, 1ull << 40, &x[i])) return bad(d, v);
  o->mo.a_kib = x[0], o->mo.w_kib = x[1], o->mo.c_kib = x[2], o->mo.set |= QA_MO_BUF;
  return 0;
}

static int fn_bandwidth(qa_opts *o, const char *v, const opt_def *d) {
  double x;
  if (qa_parse_pos_double(v, 1e9, &x)) return bad(d, v);
  const int gbs = !strcmp(d->name, "--dram-gbs");
  if (gbs) o->mo.gbs = x, o->mo.set = (o->mo.set | QA_MO_GBS) & ~(unsigned)QA_MO_BPC;
  else o->mo.bpc = x, o->mo.set = (o->mo.set | QA_MO_BPC) & ~(unsigned)QA_MO_GBS;
  return 0;
}

static int fn_lat(qa_opts *o, const char *v, const opt_def *d) {
  if (qa_parse_u64(v, 0, 1ull << 40, &o->mo.lat)) return bad(d, v);
  o->mo.set |= QA_MO_LAT;
  return 0;
}

static int fn_trace(qa_opts *o, const char *v, const opt_def *d) {
  const size_t n = strlen(v);
  if (n < 5 || strcmp(v + n - 4, ".fst")) return bad(d, v);
  o->tr.path = v;
  return 0;
}

static int fn_trace_num(qa_opts *o, const char *v, const opt_def *d) {
  uint64_t x;
  const int depth = !strcmp(d->name, "--trace-depth"), gemm = !strcmp(d->name, "--trace-gemm");
  if (qa_parse_u64(v, depth || gemm ? 1 : 0, depth ? 99 : 1ull << 40, &x)) return bad(d, v);
  if (depth) o->tr.depth = (int)x;
  else if (gemm) o->tr.gemm = (int64_t)x;
  else o->tr.tile = (int64_t)x;
  return 0;
}

static int fn_trace_cycles(qa_opts *o, const char *v, const opt_def *d) {
  uint64_t a, b;
  if (qa_parse_pair(v, ':', 0, UINT64_MAX, &a, &b) || b < a) return bad(d, v);
  o->tr.from = a;
  o->tr.to = b;
  return 0;
}

static int fn_shard(qa_opts *o, const char *v, const opt_def *d) {
  if (qa_parse_pair(v, '/', 0, 1u << 20, &o->shard_i, &o->shard_n) || o->shard_i >= o->shard_n)
    return bad(d, v);
  return 0;
}

static int fn_input(qa_opts *o, const char *v, const opt_def *d) {
  if (strcmp(v, "golden") && strcmp(v, "synthetic")) return bad(d, v);
  o->input = v;
  return 0;
}

static int fn_max_error(qa_opts *o, const char *v, const opt_def *d) {
  if (qa_parse_pos_double(v, 1e6, &o->max_error)) return bad(d, v);
  return 0;
}

static int fn_ss_input(qa_opts *o, const char *v, const opt_def *d) {
  if (strcmp(v, "gemm") && strcmp(v, "conv")) return bad(d, v);
  o->ss_conv = !strcmp(v, "conv");
  return 0;
}

static int fn_clock_from(qa_opts *o, const char *v, const opt_def *d) {
  static const char *const kSrc[] = {"same", "fpga", "levels"};
  for (int i = 0; i < 3; i++)
    if (!strcmp(v, kSrc[i])) {
      o->clock_from = i;
      return 0;
    }
  return bad(d, v);
}

static int fn_dim(qa_opts *o, const char *v, const opt_def *d) {
  uint64_t x;
  if (qa_parse_u64(v, 1, 1u << 24, &x)) return bad(d, v);
  *(d->name[2] == 'm' ? &o->m : d->name[2] == 'k' ? &o->k : &o->n) = x;
  return 0;
}

#define TRACE_CMDS (QA_CMD_GEMM | QA_CMD_AMDAHL | QA_CMD_BLOCK)
static const opt_def kOpts[] = {
    /* the array */
    {"--array", "NAME", C_ONE | QA_CMD_GEMMS | QA_CMD_BLOCK | QA_CMD_AMDAHL | QA_CMD_REPORT | C_LS, K_STR, F(arrays), 0, 0, NULL, NULL,
     "edge (32x32), cloud (256x256) or RxC, " QA_XSTR(QA_DIM_MIN) " <= R, C <= " QA_XSTR(QA_DIM_MAX) " (amdahl, report: a list) [edge; lockstep 4x4]"},
    {"--arrays", "A,B", QA_CMD_AMDAHL | QA_CMD_REPORT, K_STR, F(arrays), 0, 0, NULL, NULL,
     "arrays to sweep (edge, cloud, RxC); --array is the same      [edge,cloud]"},
    {"--wbits", "B", C_ONE | QA_CMD_GEMMS | QA_CMD_BLOCK | QA_CMD_AMDAHL | QA_CMD_REPORT | C_LS | QA_CMD_SCALESIM, K_STR,
     F(wbits), 0, 0, NULL, NULL,
     "packed weight precision 1, 2, 4 or 8 (amdahl, report: a list of 1, 2, 4) [2; amdahl 1,2; report 2,1]"},
    {"--accw", "W", C_ONE | C_LS, K_INT, F(accw), QA_ACCW_MIN, QA_ACCW_MAX, "an accumulator width " QA_XSTR(QA_ACCW_MIN) ".." QA_XSTR(QA_ACCW_MAX), NULL,
     "accumulator width in bits, 16..32                           [32]"},
    {"--mode", "MODE", C_ONE, K_FN, 0, 0, 0, "packed or full", fn_mode,
     "packed (B-bit weights, 8/B MACs/PE/cycle) or full (INT8)    [packed]"},
    {"--mesh", "KIND", QA_CMD_GEMM, K_FN, 0, 0, 0, "auto, pe, loop, activity or activity-noiso", fn_mesh,
     "pe (one module per PE), loop (the fast twin) or auto: loop from 256 PEs; activity: pe with its register toggles counted (make activity), activity-noiso: the same without operand isolation [auto]"},
    {"--clock-mhz", "MHZ", C_MEM, K_STR, F(clock), 0, 0, NULL, NULL,
     "clock in MHz; amdahl, report: also NAME=MHZ,... per array [edge 500, cloud 940, RxC 500]"},
    /* one GEMM */
    {"--m", "M", C_ONE, K_FN, 0, 0, 0, "an integer 1..16777216 (GEMM dimension)", fn_dim,
     "the GEMM (M x K) . (K x N): rows of A and C"},
    {"--k", "K", C_ONE, K_FN, 0, 0, 0, "an integer 1..16777216 (GEMM dimension)", fn_dim,
     "columns of A, rows of W"},
    {"--n", "N", C_ONE, K_FN, 0, 0, 0, "an integer 1..16777216 (GEMM dimension)", fn_dim,
     "columns of W and C"},
    {"--a", "A.npy", C_GEMM, K_STR, F(a_path), 0, 0, NULL, NULL,
     "A, int8, M x K; with --w, instead of --m/--k/--n and random operands"},
    {"--w", "W.npy", C_GEMM, K_STR, F(w_path), 0, 0, NULL, NULL,
     "W, int8, K x N, legal for the mode: {-1,+1} (B=1), {-1,0,+1} (B=2), -8..7 (B=4)"},
    {"--out", "C.npy", C_GEMM, K_STR, F(out_path), 0, 0, NULL, NULL,
     "write the RTL's C (int32, M x N), atomically; its location is checked first"},
    {"--fill", "KIND", C_GEMM, K_FN, 0, 0, 0, "random, extreme, zero or llm", fn_fill,
     "random operands: random, extreme (only each range's two ends), zero (binary weights +1), or llm (Gaussian activations, Gaussian weights quantized to the precision: sign, absmean ternary, absmax INT4/INT8) [random]"},
    {"--seed", "S", C_RTL, K_U64, F(seed), 0, UINT64_MAX, "an integer >= 0", NULL,
     "seed of random operands (and gemm's stall injection)         [1]"},
    {"--bubble", "P", C_GEMM, K_U64, F(bubble), 0, 99, "a percentage 0..99", NULL,
     "withhold each input beat with probability P percent           [0]"},
    {"--stall", "P", C_GEMM, K_U64, F(stall), 0, 99, "a percentage 0..99", NULL,
     "drop output ready with probability P percent                  [0]"},
    {"--no-build", NULL, C_RTL, K_FLAG, F(no_build), 0, 0, NULL, NULL,
     "fail (printing the make command) instead of building a model that is missing or stale"},
    {"--mutant", "NAME", TRACE_CMDS | C_LS, K_FN, 0, 0, 0,
     "sign, skew, acctrunc, drain, outvalid, rowtag or credit", fn_mutant,
     "load a deliberate RTL fault's build (make mutants): sign, skew, acctrunc, drain, outvalid, rowtag, credit"},
    {"--mutant-in", "MESH", C_LS, K_FN, 0, 0, 0, "pe or twin", fn_mutant_in,
     "lockstep: the fault in the twin only, or in the structural mesh only (pe) [twin]"},
    {"--cycles", "N", C_LS, K_U64, F(cycles), 1, 1000000000000ull, "an integer 1..10^12", NULL,
     "lockstep: clock cycles to run                                 [100000]"},
    {"--repro", "DIR", QA_CMD_GEMM | C_LS, K_STR, F(repro), 0, 0, NULL, NULL,
     "on a failed check (lockstep: a divergence), the reproducer directory [qarray-repro]"},
    {"--dump-stim", "DIR", QA_CMD_GEMM, K_STR, F(dump_stim), 0, 0, NULL, NULL,
     "write every cycle's stimulus and this model's outputs to DIR; scripts/replay.sh DIR replays it under Icarus"},
    {"--progress", NULL, QA_CMD_GEMM | QA_CMD_BLOCK, K_FLAG, F(progress), 0, 0, NULL, NULL,
     "a progress line on stderr every second (gemm: tiles, rate, time left; block: GEMMs done) [when stderr is a terminal]"},
    {"--no-triage", NULL, QA_CMD_GEMM | C_LS, K_FLAG, F(no_triage), 0, 0, NULL, NULL,
     "on a failed check, no re-run and no reproducer"},
    /* tracing */
    {"--trace", "F.fst", TRACE_CMDS | C_LS, K_FN, 0, 0, 0, "a file name ending in .fst", fn_trace,
     "trace into F.fst (loads the debug build, name ending in t)"},
    {"--trace-tile", "N", TRACE_CMDS, K_FN, 0, 0, 0, "a tile number >= 0", fn_trace_num,
     "only while tile N (0-based, in run order) is in the array"},
    {"--trace-cycles", "A:B", TRACE_CMDS | C_LS, K_FN, 0, 0, 0, "A:B with A <= B (first and last cycle)",
     fn_trace_cycles, "only RTL cycles A..B of each traced GEMM (lockstep: of the run, out of reset)"},
    {"--trace-depth", "D", TRACE_CMDS | C_LS, K_FN, 0, 0, 0, "1..99 levels", fn_trace_num,
     "only D levels of hierarchy (1: qa_top's ports)               [all]"},
    {"--trace-gemm", "K", QA_CMD_AMDAHL | QA_CMD_BLOCK, K_FN, 0, 0, 0, "a GEMM number >= 1",
     fn_trace_num, "only the K-th GEMM run (1-based)                             [all]"},
    /* the memory system */
    {"--mem", "on|off", C_MEM, K_FN, 0, 0, 0, "on or off", fn_mem,
     "the memory system (gemm, model: on if a memory option is given) [gemms, amdahl, report: on]"},
    {"--array-file", "F", C_MEM, K_STR, F(mo.file), 0, 0, NULL, NULL,
     "key = value file of the array: shape, wbits, memory, clock (docs/memory.md); options override it"},
    {"--sram-kib", "N", C_MEM, K_FN, 0, 0, 0, "an integer >= 1 (KiB)", fn_kib,
     "total SRAM, KiB; the split scales with it unless given  [edge 8192, cloud 16384]"},
    {"--internal-kib", "N", C_MEM, K_FN, 0, 0, 0, "an integer >= 0 (KiB)", fn_kib,
     "SRAM for internal use, KiB                                   [a quarter]"},
    {"--buffers-kib", "A,W,C", C_MEM, K_FN, 0, 0, 0, "A,W,C sizes in KiB (each >= 1)", fn_buffers,
     "input, weight, output buffers, KiB          [edge 2048,3072,1024]"},
    {"--dram-gbs", "X", C_MEM, K_FN, 0, 0, 0, "a bandwidth in GB/s (> 0)", fn_bandwidth,
     "DRAM bandwidth in GB/s, held when the clock changes   [edge 17, cloud 902.4]"},
    {"--dram-bpc", "X", C_MEM, K_FN, 0, 0, 0, "a bandwidth in bytes per cycle (> 0)",
     fn_bandwidth, "DRAM bandwidth in bytes per cycle, held when the clock changes instead"},
    {"--dram-lat", "N", C_MEM, K_FN, 0, 0, 0, "an integer >= 0 (cycles)", fn_lat,
     "DRAM latency, cycles                               [edge 64, cloud 128]"},
    /* the study */
    {"--models", "FILE", C_MODELS, K_STR, F(models_file), 0, 0, NULL, NULL,
     "more models: a table in models/models.txt's format, or a Hugging Face config.json (docs/study.md: gpt2, opt, llama, mistral, qwen2/3, phi3, gemma/2, falcon)"},
    {"--name", "NAME", C_MODELS, K_STR, F(model_name), 0, 0, NULL, NULL,
     "the name of --models CONFIG.json's model                  [the file's stem]"},
    {"--model", "NAME", QA_CMD_GEMMS | QA_CMD_BLOCK | QA_CMD_AMDAHL | QA_CMD_REPORT, K_STR,
     F(model), 0, 0, NULL, NULL, "the model (amdahl, report: a list)           [amdahl, report: all]"},
    {"--seq", "L", QA_CMD_GEMMS | QA_CMD_BLOCK | QA_CMD_AMDAHL | QA_CMD_REPORT, K_STR, F(seq), 0,
     0, NULL, NULL,
     "sequence length 1..1048576, at most the model's context (amdahl, report: a list) "
     "[128,256,512,1024,2048]"},
    {"--phase", "P", QA_CMD_GEMMS | QA_CMD_AMDAHL, K_STR, F(phase), 0, 0, NULL, NULL,
     "prefill or decode (amdahl: a list)           [gemms: prefill; amdahl: both]"},
    {"--batch", "B", QA_CMD_GEMMS | QA_CMD_AMDAHL, K_U64, F(batch), 1, 1u << 16,
     "an integer 1..65536", NULL, "batch size                                                   [1]"},
    {"--layers", "N|all|A:B", QA_CMD_BLOCK, K_STR, F(layers), 0, 0, NULL, NULL,
     "how many blocks from the first, all, or blocks A..B (0-based, inclusive) [1]"},
    {"--input", "KIND", QA_CMD_BLOCK, K_FN, 0, 0, 0, "golden or synthetic", fn_input,
     "the first block's input: synthetic, or golden (the golden chain's output of blocks 0..A-1; needed for A > 0) [synthetic]"},
    {"--max-error", "E", QA_CMD_BLOCK, K_FN, 0, 0, 0, "a relative error > 0", fn_max_error,
     "also fail (exit 1) when a block's relative L2 error against float64 exceeds E [report only]"},
    {"--csv", "FILE", QA_CMD_AMDAHL | QA_CMD_BLOCK | QA_CMD_MERGE, K_STR, F(csv), 0, 0, NULL, NULL,
     "amdahl: every column of every point; block: one row per block; with --shard the shard file; written atomically"},
    {"--jobs", "N", QA_CMD_AMDAHL | QA_CMD_BLOCK | QA_CMD_DEMO | QA_CMD_SCALESIM, K_INT, F(jobs), 1, 256, "an integer 1..256", NULL,
     "RTL models on N threads; results identical to --jobs 1 (1 with --trace) [the online cores]"},
    {"--plan", NULL, QA_CMD_AMDAHL, K_FLAG, F(plan), 0, 0, NULL, NULL,
     "amdahl --rtl: print the distinct GEMMs' predicted cycles and split over 1..1024 workers; run nothing"},
    {"--shard", "I/N", QA_CMD_AMDAHL, K_FN, 0, 0, 0, "I/N with 0 <= I < N <= 1048576", fn_shard,
     "amdahl --rtl: run shard I of N of the distinct GEMMs into --csv FILE, for qarray merge"},
    {"--rtl", NULL, QA_CMD_AMDAHL | QA_CMD_SCALESIM, K_FLAG, F(rtl), 0, 0, NULL, NULL,
     "every distinct GEMM on the RTL, bit-exact and cycle-exact"},
    /* scalesim: SCALE-Sim v2's command line */
    {"-c", "FILE.cfg", QA_CMD_SCALESIM, K_STR, F(ss_cfg), 0, 0, NULL, NULL,
     "SCALE-Sim configuration (v2 or v3 .cfg)"},
    {"-t", "TOPO.csv", QA_CMD_SCALESIM, K_STR, F(ss_topo), 0, 0, NULL, NULL,
     "SCALE-Sim topology (with -i: the GEMM or the convolution format)"},
    {"-p", "OUTDIR", QA_CMD_SCALESIM, K_STR, F(ss_out), 0, 0, NULL, NULL,
     "reports into OUTDIR/<run_name>/                              [.]"},
    {"-i", "gemm|conv", QA_CMD_SCALESIM, K_FN, 0, 0, 0, "gemm or conv", fn_ss_input,
     "the topology's format                                     [conv, as SCALE-Sim]"},
    {"--packed", "REGEX", QA_CMD_SCALESIM, K_STR, F(packed_re), 0, 0, NULL, NULL,
     "layers whose name matches (POSIX extended) run PACKED with --wbits weights [none]"},
    {"--rtl-sample", "N", QA_CMD_AMDAHL, K_U64, F(sample), 1, 100000, "an integer 1..100000",
     NULL, "N random tiles per point and GEMM class on the RTL"},
    {"--wide", NULL, QA_CMD_AMDAHL, K_FLAG, F(wide), 0, 0, NULL, NULL,
     "the wide table: cycles per class, utilisation, the memory-aware columns"},
    {"--lm-head", NULL, QA_CMD_AMDAHL | QA_CMD_GEMMS, K_FLAG, F(lm_head), 0, 0, NULL, NULL,
     "add the LM head (d x vocab, INT8, the last token's logits) to the whole-model figures"},
    {"--iso-area", NULL, QA_CMD_AMDAHL, K_FLAG, F(iso_area), 0, 0, NULL, NULL,
     "also each quantized array at the W8A8 array's area, whole or PEs only (docs/synthesis.md)"},
    {"--clock-from", "same|fpga|levels", QA_CMD_AMDAHL, K_FN, 0, 0, 0, "same, fpga or levels",
     fn_clock_from, "each precision's clock: W8A8's, or scaled by its critical path (docs/study.md) [same]"},
    {"--area", "FILE", QA_CMD_AMDAHL | QA_CMD_REPORT, K_STR, F(area_file), 0, 0, NULL, NULL,
     "the synthesized PE areas, make synth's CSV [synth/area.csv]"},
    {"--energy", "FILE", C_MEM, K_STR, F(energy_file), 0, 0, NULL, NULL,
     "key = value file of energy per event in pJ (docs/energy.md) [Horowitz ISSCC 2014, 45 nm]"},
    {"--energy-table", NULL, QA_CMD_AMDAHL, K_FLAG, F(energy_table), 0, 0, NULL, NULL,
     "the table shows energy per token instead of the memory columns"},
    {"--columns", NULL, QA_CMD_AMDAHL, K_FLAG, F(columns), 0, 0, NULL, NULL,
     "print the --csv columns and what each holds (Markdown), and nothing else"},
    {"--quiet", NULL, QA_CMD_AMDAHL | QA_CMD_BLOCK, K_FLAG, F(quiet), 0, 0, NULL, NULL, "no table (with --csv)"},
};
#define NOPTS (sizeof kOpts / sizeof kOpts[0])

/* The command table (qa_commands.h): name, one-line summary (`qarray help`) and synopsis
 * (--help); row c's options-mask bit is 1 << c (QA_CMD_NAME). */
static const struct {
  const char *name, *summary, *synopsis;
} kCmds[] = {
#define QA_CMD_ROW_(n, N, sum, syn) {#n, sum, syn},
    QA_COMMANDS(QA_CMD_ROW_)
#undef QA_CMD_ROW_
};
#define NCMDS (sizeof kCmds / sizeof kCmds[0])

void qa_opts_usage(FILE *f) {
  fprintf(f, "usage: qarray <command> [options]     (qarray COMMAND --help: that command's options)\n"
             "\ncommands:\n");
  for (size_t i = 0; i < NCMDS; i++) fprintf(f, "  %-9s %s\n", kCmds[i].name, kCmds[i].summary);
  fprintf(f, "  %-9s %s\n  %-9s %s\n", "help", "this text", "--version", "the version (git "
             "commit) this binary was built from");
  fprintf(f, "\nexit status: 0 pass, 1 a check failed (RTL against the golden model or the cycle "
             "model),\n2 bad input or environment (nothing is written); 128 + N after signal N "
             "(130 SIGINT).\nREADME.md and docs/ have the details.\n");
}

int qa_opts_info(int i, const char **name, const char **arg, const char **help, unsigned *cmds) {
  if (i < 0 || (size_t)i >= NOPTS) return -1;
  *name = kOpts[i].name, *arg = kOpts[i].arg, *help = kOpts[i].help, *cmds = kOpts[i].cmds;
  return 0;
}

int qa_opts_cmd(const char *name) {
  for (size_t i = 0; i < NCMDS; i++)
    if (!strcmp(kCmds[i].name, name)) return (int)i;
  return -1;
}

static void defaults(qa_opts *o) {
  memset(o, 0, sizeof *o);
  o->accw = 32;
  o->mode = QA_MODE_PACKED;
  o->mesh = -1;
  o->seed = 1;
  o->cycles = 100000;
  o->batch = 1;
  o->repro = "qarray-repro";
  o->mo.mem = -1;
  o->ss_conv = 1; /* scalesim -i: conv, as SCALE-Sim */
  o->max_error = -1.0;
  qa_trace_defaults(&o->tr);
}

static int set_value(qa_opts *o, const opt_def *d, const char *v) {
  char *field = (char *)o + d->off;
  uint64_t x;
  switch (d->k) {
    case K_FLAG: *(int *)field = 1; return 0;
    case K_STR:
      if (!*v) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s needs a value", d->name);
        qa_usage_err(msg, NULL);
        return -1;
      }
      *(const char **)field = v;
      return 0;
    case K_U64:
      if (qa_parse_u64(v, d->lo, d->hi, &x)) return bad(d, v);
      *(uint64_t *)field = x;
      return 0;
    case K_INT:
      if (qa_parse_u64(v, d->lo, d->hi, &x)) return bad(d, v);
      *(int *)field = (int)x;
      return 0;
    case K_FN: return d->fn(o, v, d);
  }
  return -1;
}

/* Options that say the same thing two ways: one of each pair, as the array file requires. */
static const char *const kExclusive[][2] = {{"--array", "--arrays"}, {"--dram-gbs", "--dram-bpc"}};

/* An option given twice, or with the other of its pair: last-wins hid a contradiction. */
static int check_repeat(const char *const *given, size_t j) {
  char msg[160];
  if (given[j]) {
    snprintf(msg, sizeof msg, "%s is given twice (once is enough; for several values give a "
             "comma-separated list where the option takes one)", kOpts[j].name);
    return qa_usage_err(msg, NULL);
  }
  for (size_t e = 0; e < sizeof kExclusive / sizeof kExclusive[0]; e++)
    for (int side = 0; side < 2; side++) {
      if (strcmp(kOpts[j].name, kExclusive[e][side])) continue;
      for (size_t i = 0; i < NOPTS; i++)
        if (given[i] && !strcmp(kOpts[i].name, kExclusive[e][!side])) {
          snprintf(msg, sizeof msg, "%s and %s say the same thing two ways: give one", kOpts[i].name,
                   kOpts[j].name);
          return qa_usage_err(msg, NULL);
        }
    }
  return 0;
}

int qa_opts_parse(unsigned cmd, int argc, char **argv, qa_opts *o) {
  const char *given[NOPTS] = {0};
  defaults(o);
  o->cmd = cmd;
  o->name = argv[1];
  o->argc = argc;
  o->argv = argv;
  for (int i = 2; i < argc; i++) {
    const char *k = argv[i];
    size_t j = 0;
    while (j < NOPTS && strcmp(kOpts[j].name, k)) j++;
    if (j == NOPTS || !(kOpts[j].cmds & cmd)) {
      if (k[0] != '-' && cmd == QA_CMD_REPORT && !o->pos) {
        o->pos = k;
        continue;
      }
      if (k[0] != '-' && cmd == QA_CMD_MERGE && o->npos < QA_MAX_POS) {
        if (!o->pos) o->pos = k;
        o->posv[o->npos++] = k;
        continue;
      }
      char msg[96];
      snprintf(msg, sizeof msg, j == NOPTS ? "unknown option" : "%s does not take the option",
               o->name);
      return qa_usage_err(k[0] == '-' ? msg : "unexpected argument", k);
    }
    const opt_def *d = &kOpts[j];
    if (check_repeat(given, j)) return QA_EXIT_USAGE;
    given[j] = k;
    const char *v = NULL;
    if (d->arg) {
      if (i + 1 >= argc) return qa_usage_err("missing value for option", k);
      v = argv[++i];
    }
    if (set_value(o, d, v)) return QA_EXIT_USAGE;
  }
  if (!o->tr.path && (o->tr.tile >= 0 || o->tr.depth || o->tr.to != UINT64_MAX || o->tr.gemm >= 0))
    return qa_usage_err("--trace-tile, --trace-cycles, --trace-depth and --trace-gemm need "
                        "--trace FILE.fst", NULL);
  if (o->jobs > 1 && o->tr.path) return qa_usage_err("--trace follows one model: it takes --jobs 1", NULL);
  return qa_array_file_shape(o);
}

/* The default of --jobs: the online cores, at most QA_MAX_JOBS. */
static int jobs_default(void) {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > QA_MAX_JOBS ? QA_MAX_JOBS : (int)n;
}

int qa_opts_jobs(const qa_opts *o) { return o->jobs ? o->jobs : o->tr.path ? 1 : jobs_default(); }

int qa_opts_sweep_args(const qa_opts *o, const char **out, int max) {
  static const char *const run_only[] = {"--jobs", "--shard", "--csv", "--quiet", "--no-build",
                                         "--trace", "--trace-tile", "--trace-cycles",
                                         "--trace-depth", "--trace-gemm"};
  int n = 0;
  for (int i = 2; i < o->argc; i++) {
    const opt_def *d = NULL;
    for (size_t j = 0; j < NOPTS && !d; j++)
      if (!strcmp(kOpts[j].name, o->argv[i])) d = &kOpts[j];
    int drop = 0;
    for (size_t j = 0; d && j < sizeof run_only / sizeof run_only[0]; j++)
      drop |= !strcmp(run_only[j], d->name);
    const int take = d && d->arg && i + 1 < o->argc ? 2 : 1;
    for (int t = 0; !drop && t < take && n < max; t++) out[n++] = o->argv[i + t];
    i += take - 1;
  }
  return n;
}

void qa_opts_help(int c, FILE *f) {
  if (c < 0 || (size_t)c >= NCMDS) return;
  fprintf(f, "usage: qarray %s\n\noptions:\n", kCmds[c].synopsis);
  int any = 0;
  for (size_t j = 0; j < NOPTS; j++) {
    if (!(kOpts[j].cmds & (1u << c))) continue;
    char lhs[64];
    snprintf(lhs, sizeof lhs, "%s%s%s", kOpts[j].name, kOpts[j].arg ? " " : "",
             kOpts[j].arg ? kOpts[j].arg : "");
    fprintf(f, "  %-20s ", lhs);
    /* The table pads its help lines; one space between words here. */
    for (const char *h = kOpts[j].help; *h; h++)
      if (*h != ' ' || (h[1] != ' ' && h[1] != '\0')) fputc(*h, f);
    fputc('\n', f);
    any = 1;
  }
  if (!any) fprintf(f, "  (none)\n");
  fprintf(f, "  %-20s %s\n", "--help, -h", "this text");
  fprintf(f, "\nexit status: 0 pass, 1 a check failed (RTL against the golden model or the cycle "
             "model),\n2 bad input or environment (nothing is written); 128 + N after signal N "
             "(130 SIGINT).\nREADME.md and docs/ have the details.\n");
}
