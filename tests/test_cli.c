/* test_cli.c: the qarray command line: bad input gives one clear error line on stderr, exit
 * status 2, and no output file; a good run writes numpy's C exactly. Needs build/qarray and the
 * r4c4w2a32 model (make test builds both). */
#define _POSIX_C_SOURCE 200809L
#include "qa_commands.h"
#include "qa_test.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static char g_dir[64];
static char g_bin[1024];

typedef struct {
  int status;
  char out[8192], err[8192];
} result;

static void slurp(int fd, char *buf, size_t cap) {
  size_t n = 0;
  ssize_t r;
  while (n + 1 < cap && (r = read(fd, buf + n, cap - 1 - n)) > 0) n += (size_t)r;
  buf[n] = '\0';
}

static const char *g_path; /* non-NULL: PATH of the next run */

/* Run qarray with a NULL-terminated argument list (argv[0] excluded). */
/* A whole file into buf (the test fails when it cannot be opened). */
static void slurp_file(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  slurp(fd, buf, cap);
  close(fd);
}

static void run(result *res, const char *const *args) {
  char outp[128], errp[128];
  snprintf(outp, sizeof outp, "%s/stdout", g_dir);
  snprintf(errp, sizeof errp, "%s/stderr", g_dir);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    if (g_path) setenv("PATH", g_path, 1);
    const char *argv[32] = {g_bin};
    for (int i = 0; args[i] && i < 30; i++) argv[i + 1] = args[i];
    execv(g_bin, (char *const *)argv);
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
  res->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  int fo = open(outp, O_RDONLY), fe = open(errp, O_RDONLY);
  slurp(fo, res->out, sizeof res->out);
  slurp(fe, res->err, sizeof res->err);
  close(fo);
  close(fe);
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* Exit 2, exactly one line on stderr containing needle, nothing on stdout. */
static void expect_error(const char *const *args, const char *needle) {
  result r;
  run(&r, args);
  if (r.status != 2) fail_msg("exit %d (expected 2) for '%s'; stderr: %s", r.status, args[0], r.err);
  if (!strstr(r.err, needle)) fail_msg("stderr '%s' does not mention '%s'", r.err, needle);
  if (count_lines(r.err) != 1) fail_msg("expected one error line, got: %s", r.err);
  assert_string_equal(r.out, "");
}

static char *tmp(const char *name) {
  static char buf[8][160];
  static int i;
  i = (i + 1) % 8;
  snprintf(buf[i], sizeof buf[i], "%s/%s", g_dir, name);
  return buf[i];
}

static void write_file(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}

static void write_text(const char *path, const char *text) { write_file(path, text, strlen(text)); }

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static void test_bad_arguments(void **state) {
  (void)state;
  expect_error((const char *const[]){"frobnicate", NULL}, "unknown command 'frobnicate'");
  expect_error((const char *const[]){"gemm", "--array", "bogus", "--m", "1", "--k", "1", "--n", "1", NULL},
               "unknown array 'bogus'");
  expect_error((const char *const[]){"gemm", "--array", "1x4", "--m", "1", "--k", "1", "--n", "1", NULL},
               "unknown array '1x4'");
  expect_error((const char *const[]){"gemm", "--wbits", "3", NULL}, "--wbits must be 1, 2, 4 or 8");
  expect_error((const char *const[]){"gemm", "--m", "0", "--k", "1", "--n", "1", NULL},
               "--m must be an integer 1..16777216");
  expect_error((const char *const[]){"gemm", "--m", "-4", NULL}, "(GEMM dimension)");
  expect_error((const char *const[]){"gemm", "--m", "2", "--n", "2", NULL}, "needs --m, --k and --n");
  expect_error((const char *const[]){"gemm", "--mode", "half", NULL}, "--mode must be packed or full");
  expect_error((const char *const[]){"gemm", "--stall", "100", NULL}, "--stall must be");
  expect_error((const char *const[]){"gemm", "--m", NULL}, "missing value for option '--m'");
  expect_error((const char *const[]){"gemm", "--frob", NULL}, "unknown option '--frob'");
  expect_error((const char *const[]){"model", "--out", "x.npy", NULL},
               "model does not take the option '--out'");
  expect_error((const char *const[]){"gemm", "--array", "6x6", "--no-build", "--m", "1", "--k", "1",
                                     "--n", "1", NULL},
               "sim ROWS=6 COLS=6 WBITS=2 ACCW=32");
  /* memory-system options */
  expect_error((const char *const[]){"model", "--m", "1", "--k", "8", "--n", "8", "--mem", "maybe", NULL},
               "--mem must be on or off");
  expect_error((const char *const[]){"model", "--m", "1", "--k", "8", "--n", "8", "--buffers-kib",
                                     "1,2", NULL},
               "--buffers-kib must be A,W,C sizes in KiB");
  expect_error((const char *const[]){"model", "--m", "1", "--k", "8", "--n", "8", "--dram-bpc", "0",
                                     NULL},
               "--dram-bpc must be a bandwidth in bytes per cycle (> 0)");
  expect_error((const char *const[]){"model", "--m", "1", "--k", "8", "--n", "8", "--buffers-kib",
                                     "9000,1,1", NULL},
               "exceed");
  expect_error((const char *const[]){"amdahl", "--array-file", "/nonexistent/x.arr", NULL},
               "cannot open array file");
  /* tracing and triage options */
  expect_error((const char *const[]){"gemm", "--m", "1", "--k", "1", "--n", "1", "--trace", "x.vcd", NULL},
               "--trace must be a file name ending in .fst");
  expect_error((const char *const[]){"gemm", "--m", "1", "--k", "1", "--n", "1", "--trace-tile", "2", NULL},
               "need --trace FILE.fst");
  expect_error((const char *const[]){"gemm", "--m", "1", "--k", "1", "--n", "1", "--trace", "t.fst",
                                     "--trace-cycles", "9:3", NULL},
               "--trace-cycles must be A:B with A <= B");
  expect_error((const char *const[]){"amdahl", "--trace", "t.fst", NULL}, "--trace needs --rtl");
  expect_error((const char *const[]){"gemm", "--mutant", "gremlin", NULL}, "--mutant must be");
}

static void test_study_errors(void **state) {
  (void)state;
  expect_error((const char *const[]){"gemms", "--model", "gpt2", "--seq", "0", NULL},
               "--seq must be a sequence length");
  expect_error((const char *const[]){"gemms", "--model", "gpt5", "--seq", "16", NULL},
               "unknown model 'gpt5'");
  expect_error((const char *const[]){"gemms", "--model", "gpt2", NULL}, "gemms needs --seq");
  expect_error((const char *const[]){"amdahl", "--model", "gpt2,nope", NULL}, "unknown model 'nope'");
  expect_error((const char *const[]){"amdahl", "--wbits", "8", NULL}, "W8A8 is the baseline");
  expect_error((const char *const[]){"amdahl", "--seq", "128,,512", NULL}, "bad --seq list");
  expect_error((const char *const[]){"amdahl", "--rtl", "--rtl-sample", "2", NULL}, "exclude each other");
  expect_error((const char *const[]){"amdahl", "--phase", "train", NULL}, "--phase takes prefill and decode");
  expect_error((const char *const[]){"block", "--model", "gpt2", "--seq", "0", NULL},
               "--seq must be a sequence length 1..1048576");
  expect_error((const char *const[]){"block", "--model", "gpt2", "--seq", "8", "--layers", "13", NULL},
               "--layers must be 1..12, all, or A:B with 0 <= A <= B <= 11 for gpt2");
  write_text(tmp("bad_models.txt"), "# ok\nmini gpt 2 64 5 16 256 2 128 layernorm gelu\n");
  expect_error((const char *const[]){"models", "--models", tmp("bad_models.txt"), NULL},
               "bad_models.txt:2: mini: heads (5) x d_head (16) = 80 is not d_model (64)");
  write_text(tmp("dup_models.txt"), "gpt2 gpt 2 64 4 16 256 2 128 layernorm gelu\n");
  expect_error((const char *const[]){"models", "--models", tmp("dup_models.txt"), NULL},
               "model 'gpt2' is already in the shipped table");
  /* Hugging Face config.json: a bad one is one line naming the file and the key (issue 15). */
  write_text(tmp("bert.json"), "{\"model_type\": \"bert\", \"hidden_size\": 768}\n");
  expect_error((const char *const[]){"gemms", "--models", tmp("bert.json"), "--model", "bert",
                                     "--seq", "8", NULL}, "bert.json: unknown model_type 'bert'");
  write_text(tmp("nolayers.json"), "{\"model_type\": \"opt\", \"hidden_size\": 64}\n");
  expect_error((const char *const[]){"amdahl", "--models", tmp("nolayers.json"), NULL},
               "nolayers.json: missing key 'num_hidden_layers'");
  expect_error((const char *const[]){"models", "--name", "x", NULL}, "--name names the model of --models");
  expect_error((const char *const[]){"models", "--models", tmp("bad_models.txt"), "--name", "x", NULL},
               "--name names the model of a config.json");
  /* A user's model works without rebuilding, and --csv writes nothing when the run fails. */
  write_text(tmp("my_models.txt"), "mini gpt 2 64 4 16 256 2 128 layernorm gelu\n");
  result r;
  run(&r, (const char *const[]){"amdahl", "--models", tmp("my_models.txt"), "--model", "mini",
                                "--arrays", "4x4", "--seq", "16", "--phase", "prefill", "--wbits", "2",
                                "--csv", tmp("ok.csv"), NULL});
  if (r.status != 0) fail_msg("exit %d: %s", r.status, r.err);
  assert_non_null(strstr(r.out, "mini "));
  assert_true(exists(tmp("ok.csv")));
  expect_error((const char *const[]){"amdahl", "--model", "nope", "--csv", tmp("bad.csv"), NULL},
               "unknown model");
  assert_false(exists(tmp("bad.csv")));
  unlink(tmp("bad_models.txt"));
  unlink(tmp("dup_models.txt"));
  unlink(tmp("my_models.txt"));
  unlink(tmp("ok.csv"));
}

static void test_bad_npy(void **state) {
  (void)state;
  char *out = tmp("out.npy");
  char vA[1024], vW[1024];
  snprintf(vA, sizeof vA, "%s/tests/vectors/gemm_w2_3x5x7_A.npy", qa_root());
  snprintf(vW, sizeof vW, "%s/tests/vectors/gemm_w2_3x5x7_W.npy", qa_root());
  char vC[1024];
  snprintf(vC, sizeof vC, "%s/tests/vectors/gemm_w2_3x5x7_C.npy", qa_root());

  write_file(tmp("garbage.npy"), "this is not numpy at all", 24);
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--a", tmp("garbage.npy"), "--w", vW,
                                     "--out", out, NULL},
               "not a .npy file");
  assert_false(exists(out));
  /* int32 where int8 is needed (numpy's C as A) */
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--a", vC, "--w", vW, "--out", out, NULL},
               "dtype is int32 ('<i4'), need int8 ('|i1')");
  assert_false(exists(out));
  /* A is 3x5 and W is 3x5 too: K does not match */
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--a", vA, "--w", vA, "--out", out, NULL},
               "shapes do not match");
  assert_false(exists(out));
  /* W of the INT8 vector holds values that are not ternary */
  char v8[1024];
  snprintf(v8, sizeof v8, "%s/tests/vectors/gemm_w8_3x5x7_W.npy", qa_root());
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--wbits", "2", "--a", vA, "--w", v8,
                                     "--out", out, NULL},
               "is not a legal 2-bit weight");
  assert_false(exists(out));
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--a", tmp("missing.npy"), "--w", vW,
                                     NULL},
               "No such file");
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--a", vA, NULL}, "--a and --w go together");
}

static void test_good_npy_run(void **state) {
  (void)state;
  char *out = tmp("good.npy");
  char vA[1024], vW[1024], vC[1024];
  snprintf(vA, sizeof vA, "%s/tests/vectors/gemm_w2_33x65x17_A.npy", qa_root());
  snprintf(vW, sizeof vW, "%s/tests/vectors/gemm_w2_33x65x17_W.npy", qa_root());
  snprintf(vC, sizeof vC, "%s/tests/vectors/gemm_w2_33x65x17_C.npy", qa_root());
  result r;
  run(&r, (const char *const[]){"gemm", "--array", "4x4", "--wbits", "2", "--a", vA, "--w", vW,
                                "--out", out, NULL});
  if (r.status != 0) fail_msg("exit %d: %s", r.status, r.err);
  assert_non_null(strstr(r.out, "golden check     PASS"));
  assert_non_null(strstr(r.out, "(exact)"));
  qa_npy got, want;
  char err[QA_ERR_LEN];
  assert_int_equal(qa_npy_read_as(out, QA_NPY_I4, 2, &got, err), 0);
  assert_int_equal(qa_npy_read_as(vC, QA_NPY_I4, 2, &want, err), 0);
  assert_int_equal(got.count, want.count);
  assert_memory_equal(got.data, want.data, want.count * 4);
  qa_npy_free(&got);
  qa_npy_free(&want);
  unlink(out);
  /* model needs no RTL: 4x4 FULL 3x5x7 is 23 cycles (worked in test_golden) */
  run(&r, (const char *const[]){"model", "--array", "4x4", "--mode", "full", "--m", "3", "--k", "5",
                                "--n", "7", NULL});
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "analytic cycles  23\n"));
  assert_non_null(strstr(r.out, "scalesim cycles  21\n"));
}

/* A model older than its sources is not used silently: with --no-build the error names the make
 * command (without it, the model is rebuilt). The model's time stamp is set back, then restored. */
static void test_stale_model(void **state) {
  (void)state;
  char lib[4200];
  snprintf(lib, sizeof lib, "%s/build/cfg/r4c4w2a32/libqa.so", qa_root());
  struct stat st;
  if (stat(lib, &st) != 0) fail_msg("%s is not built (make test builds it first)", lib);
  struct timespec old[2] = {{946684800, 0}, {946684800, 0}}; /* 2000-01-01 */
  struct timespec now[2] = {st.st_atim, st.st_mtim};
  assert_int_equal(utimensat(AT_FDCWD, lib, old, 0), 0);
  result r;
  const char *args[] = {"gemm", "--array", "4x4", "--mesh", "pe", "--no-build", "--m", "1", "--k", "1",
                        "--n", "1", NULL};
  run(&r, args);
  assert_int_equal(utimensat(AT_FDCWD, lib, now, 0), 0);
  if (r.status != 2) fail_msg("exit %d (expected 2); stderr: %s", r.status, r.err);
  assert_non_null(strstr(r.err, "configuration r4c4w2a32 is older than its sources"));
  assert_non_null(strstr(r.err, "build it with: make -C"));
  assert_string_equal(r.out, "");
  /* restored: the same run succeeds */
  run(&r, args);
  if (r.status != 0) fail_msg("exit %d after restoring the time stamp; stderr: %s", r.status, r.err);
}

/* --help or -h after any command prints that command's usage and options on stdout, exit 0:
 * gemm's lists --fill and not --csv, amdahl's --csv and not --fill (issue 11: every command
 * printed the global help). */
static void test_help(void **state) {
  (void)state;
  const struct {
    const char *cmd, *has, *hasnt;
  } cases[] = {{"gemm", "--fill KIND", "--csv"},       {"model", "--mode MODE", "--seed"},
               {"models", "--models FILE", "--seq"},  {"gemms", "--phase P", "--rtl"},
               {"amdahl", "--csv FILE", "--fill"},    {"report", "--arrays A,B", "--csv"},
               {"block", "--layers N|all", "--mode MODE"}, {"demo", "--no-build", "--array "}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (int h = 0; h < 2; h++) {
      const char *args[] = {cases[i].cmd, "--seed", "3", h ? "-h" : "--help", NULL};
      result r;
      run(&r, args);
      if (r.status != 0) fail_msg("'qarray %s %s' exit %d: %s", cases[i].cmd, args[3], r.status, r.err);
      char want[64];
      snprintf(want, sizeof want, "usage: qarray %s", cases[i].cmd);
      if (strncmp(r.out, want, strlen(want))) fail_msg("'%s --help' starts '%.40s'", cases[i].cmd, r.out);
      if (!strstr(r.out, cases[i].has)) fail_msg("'%s --help' lacks %s", cases[i].cmd, cases[i].has);
      if (strstr(r.out, cases[i].hasnt)) fail_msg("'%s --help' lists %s", cases[i].cmd, cases[i].hasnt);
      assert_non_null(strstr(r.out, "exit status: 0 pass, 1 a check failed"));
      assert_string_equal(r.err, "");
    }
  }
  result r;
  run(&r, (const char *const[]){"help", NULL});
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "  block     transformer blocks"));
  /* every command `qarray help` lists (the command table) has its own --help (issue 20: merge,
   * scalesim and lockstep were never asked) */
  char list[8192];
  snprintf(list, sizeof list, "%s", r.out);
  int seen = 0;
  for (char *ln = strstr(list, "commands:\n"), *nx; ln && (ln = strchr(ln, '\n')) && ln[1] == ' ';
       ln = nx) {
    char name[32];
    nx = ln + 1;
    if (sscanf(ln + 1, "%31s", name) != 1 || !strcmp(name, "help") || name[0] == '-') continue;
    result h;
    run(&h, (const char *const[]){name, "--help", NULL});
    char want[64];
    snprintf(want, sizeof want, "usage: qarray %s", name);
    if (h.status != 0 || strncmp(h.out, want, strlen(want))) fail_msg("'%s --help': exit %d, '%.40s'", name, h.status, h.out);
    seen++;
  }
  assert_int_equal(seen, QA_NCOMMANDS); /* every row of the command table (host/io/qa_commands.h) */
}

/* Expect exit 0 and needle on stdout. */
static void expect_out(const char *const *args, const char *needle) {
  result r;
  run(&r, args);
  if (r.status != 0) fail_msg("exit %d for '%s %s'; stderr: %s", r.status, args[0], args[1], r.err);
  if (!strstr(r.out, needle)) fail_msg("stdout does not show '%s':\n%s", needle, r.out);
}

/* --array-file: every line parses or is an error with its line number; keys in any case
 * (issue 11: `DRAM_BPC = 16` was taken for a blank line and the default used). */
static void test_array_file(void **state) {
  (void)state;
  char *f = tmp("mem.arr");
  const char *const m[] = {"model", "--m", "1", "--k", "64", "--n", "64", "--array-file", f, NULL};
  write_text(f, "# SCALE-Sim spells keys in capitals\nDRAM_BPC = 16\nDram_Lat = 500  # cycles\n\n");
  expect_out(m, "DRAM 8 GB/s = 16 B/cycle (B/cycle held when the clock changes), latency 500 cycles");
  write_text(f, "dram_lat = 64\ndram bpc 16\n");
  expect_error(m, "mem.arr:2: expected 'key = value', got 'dram bpc 16'");
  write_text(f, "sram_kib = 8192\nSRAM_KIB = 4096\n");
  expect_error(m, "mem.arr:2: sram_kib given again (first on line 1)");
  write_text(f, "dram_gbs = 10\ndram_bpc = 16\n");
  expect_error(m, "mem.arr:2: dram_bpc and dram_gbs both give the bandwidth");
  write_text(f, "dram_latency = 5\n");
  expect_error(m, "mem.arr:1: unknown key 'dram_latency'");
  write_text(f, "dram_lat = soon\n");
  expect_error(m, "mem.arr:1: dram_lat must be a whole number, got 'soon'");
  /* With --mem off, memory settings are an error, never silence. */
  write_text(f, "dram_bpc = 16\n");
  expect_error((const char *const[]){"model", "--m", "1", "--k", "64", "--n", "64", "--mem", "off",
                                     "--array-file", f, NULL}, "--mem off turns off");
  expect_error((const char *const[]){"amdahl", "--mem", "off", "--dram-lat", "9", NULL},
               "SRAM and DRAM options have no effect with --mem off");
  /* A total SRAM alone scales the default split: a quarter internal, A:W:C as 2:3:1. */
  write_text(f, "sram_kib = 4096\n");
  expect_out(m, "SRAM 4096 KiB (internal 1024; A, W, C buffers 1024, 1536, 512 KiB)");
  /* The array in one file (issue 24): rows, cols and wbits when --array and --wbits are not
   * given; the options win over the file. */
  write_text(f, "rows = 8\ncols = 4\nwbits = 4\n");
  expect_out(m, "array            8x4 WBITS=4");
  expect_out((const char *const[]){"model", "--m", "1", "--k", "64", "--n", "64", "--array-file", f,
                                   "--array", "16x16", NULL}, "array            16x16 WBITS=4");
  expect_out((const char *const[]){"model", "--m", "1", "--k", "64", "--n", "64", "--array-file", f,
                                   "--wbits", "1", NULL}, "array            8x4 WBITS=1");
  write_text(f, "rows = 8\n");
  expect_error(m, "mem.arr:1: rows and cols go together");
  write_text(f, "rows = 8\ncols = 2048\n");
  expect_error(m, "mem.arr:1: rows and cols must be 2..1024 (as --array), got 8x2048");
  write_text(f, "wbits = 3\n");
  expect_error(m, "mem.arr:1: wbits must be 1, 2, 4 or 8, got 3");
  unlink(f);
}

/* The DRAM bandwidth is held in GB/s when the clock changes, unless given in B/cycle (issue
 * 11: --clock-mhz 1000 doubled the edge DRAM silently). */
static void test_bandwidth_units(void **state) {
  (void)state;
  expect_out((const char *const[]){"model", "--mem", "on", "--clock-mhz", "1000", "--m", "8", "--k",
                                   "64", "--n", "64", NULL},
             "edge 32x32 at 1000 MHz; SRAM 8192 KiB");
  expect_out((const char *const[]){"model", "--mem", "on", "--clock-mhz", "1000", "--m", "8", "--k",
                                   "64", "--n", "64", NULL},
             "DRAM 17 GB/s = 17 B/cycle (GB/s held when the clock changes)");
  expect_out((const char *const[]){"model", "--dram-bpc", "34", "--clock-mhz", "1000", "--m", "8",
                                   "--k", "64", "--n", "64", NULL},
             "DRAM 34 GB/s = 34 B/cycle (B/cycle held");
  expect_out((const char *const[]){"model", "--dram-gbs", "8.5", "--m", "8", "--k", "64", "--n", "64", NULL},
             "DRAM 8.5 GB/s = 17 B/cycle");
  expect_out((const char *const[]){"model", "--array", "16x16", "--mem", "on", "--m", "8", "--k", "64",
                                   "--n", "64", NULL},
             "16x16 at 500 MHz; SRAM 8192 KiB");
}

/* Wait (up to 20 s) for a file whose name starts with prefix in g_dir; 1 if it appeared. */
static int wait_for(const char *prefix) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '^%s'", g_dir, prefix);
  for (int i = 0; i < 2000; i++) {
    if (system(cmd) == 0) return 1;
    nanosleep(&(struct timespec){0, 10000000}, NULL);
  }
  return 0;
}

/* Start qarray in the background; returns its pid. */
static pid_t start(const char *const *args) {
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int dn = open("/dev/null", O_WRONLY);
    dup2(dn, 1);
    dup2(dn, 2);
    const char *argv[32] = {g_bin};
    for (int i = 0; args[i] && i < 30; i++) argv[i + 1] = args[i];
    execv(g_bin, (char *const *)argv);
    _exit(127);
  }
  return pid;
}

/* An interrupted run leaves no temporary and no output (issue 11: an empty out.csv.tmp.PID). */
static void interrupt(const char *const *args, const char *out, const char *prefix, int sig) {
  pid_t pid = start(args);
  if (!wait_for(prefix)) {
    kill(pid, SIGKILL);
    fail_msg("no %s* temporary appeared", prefix);
  }
  kill(pid, sig);
  int st;
  waitpid(pid, &st, 0);
  if (!WIFSIGNALED(st) || WTERMSIG(st) != sig) fail_msg("status %d after signal %d", st, sig);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '^%s'", g_dir, prefix);
  if (system(cmd) == 0) fail_msg("a %s* temporary is left after signal %d", prefix, sig);
  assert_false(exists(out));
}

static void test_interrupted_runs(void **state) {
  (void)state;
  char *csv = tmp("int.csv"), *npy = tmp("int.npy");
  interrupt((const char *const[]){"amdahl", "--rtl", "--no-build", "--arrays", "4x4", "--model",
                                  "gpt2", "--seq", "128", "--phase", "prefill", "--wbits", "2",
                                  "--csv", csv, NULL},
            csv, "int.csv.tmp.", SIGINT);
  interrupt((const char *const[]){"gemm", "--array", "4x4", "--no-build", "--m", "512", "--k", "768",
                                  "--n", "512", "--out", npy, NULL},
            npy, "int.npy.tmp.", SIGTERM);
  /* The output's location is checked before the run (issue 11: the whole GEMM ran first). */
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--m", "64", "--k", "64", "--n", "64",
                                     "--out", "/nonexistent/dir/C.npy", NULL},
               "cannot write /nonexistent/dir/C.npy");
}

/* One exit-status contract: 0 pass, 1 a check failed, 2 bad input or environment (issue 11:
 * amdahl and block gave 1 for an unbuilt model, and printed a success line on failure). */
static void test_exit_codes(void **state) {
  (void)state;
  expect_error((const char *const[]){"amdahl", "--rtl", "--no-build", "--arrays", "6x6", "--model",
                                     "gpt2", "--seq", "16", "--phase", "prefill", "--wbits", "2", NULL},
               "sim ROWS=6 COLS=6 WBITS=2 ACCW=32");
  expect_error((const char *const[]){"block", "--no-build", "--array", "6x6", "--model", "gpt2",
                                     "--seq", "8", NULL},
               "sim ROWS=6 COLS=6 WBITS=2 ACCW=32");
  char models[1024];
  snprintf(models, sizeof models, "%s/tests/models_tiny.txt", qa_root());
  result r;
  /* A mutant's RTL (built by make test) fails the check: exit 1, no success line. */
  run(&r, (const char *const[]){"amdahl", "--rtl", "--no-build", "--mutant", "sign", "--arrays", "4x4",
                                "--models", models, "--model", "tiny-gpt", "--seq", "16", "--phase",
                                "prefill", "--wbits", "2", NULL});
  if (r.status != 1) fail_msg("amdahl on a mutant: exit %d; stderr: %s", r.status, r.err);
  assert_non_null(strstr(r.err, "RTL result mismatch"));
  assert_non_null(strstr(r.err, "amdahl FAILED"));
  assert_null(strstr(r.err, "bit-exact"));
  run(&r, (const char *const[]){"block", "--no-build", "--mutant", "sign", "--array", "4x4",
                                "--models", models, "--model", "tiny-gpt", "--seq", "8", NULL});
  if (r.status != 1) fail_msg("block on a mutant: exit %d; stderr: %s", r.status, r.err);
  assert_non_null(strstr(r.err, "RTL result mismatch"));
  run(&r, (const char *const[]){"gemm", "--no-build", "--mutant", "sign", "--array", "4x4",
                                "--no-triage", "--m", "8", "--k", "40", "--n", "8", NULL});
  if (r.status != 1) fail_msg("gemm on a mutant: exit %d; stderr: %s", r.status, r.err);
  assert_non_null(strstr(r.out, "golden check     FAIL"));
  /* Nothing to do is an error, and so is a length beyond the model's context. */
  expect_error((const char *const[]){"amdahl", "--model", "gpt2", "--seq", "2048", NULL},
               "nothing to do: every --seq length is beyond the context");
  expect_error((const char *const[]){"block", "--model", "gpt2", "--seq", "1025", NULL},
               "L=1025 is beyond gpt2's context of 1024 tokens");
  expect_error((const char *const[]){"gemms", "--model", "gpt2", "--seq", "3000", NULL},
               "L=3000 is beyond gpt2's context");
}

/* The default amdahl table fits 120 columns; --mem off prints no memory columns; the wide
 * table carries the rest (issue 11: 238 columns, memory headers with the memory off). */
static void test_amdahl_table(void **state) {
  (void)state;
  result r;
  run(&r, (const char *const[]){"amdahl", "--model", "gpt2,llama-65b", "--seq", "128,2048", NULL});
  assert_int_equal(r.status, 0);
  int rows = 0;
  for (const char *l = r.out; *l;) {
    const char *e = strchr(l, '\n');
    size_t n = e ? (size_t)(e - l) : strlen(l);
    if (n > 120) fail_msg("a line of %zu columns: %.*s", n, (int)n, l);
    rows += !strncmp(l, "gpt2 ", 5) || !strncmp(l, "llama-65b ", 10);
    l += n + (e != NULL);
  }
  assert_int_equal(rows, 2 * 2 * 2 * 2 + 1 * 2 * 2 * 2); /* gpt2 stops at its 1024 context */
  assert_non_null(strstr(r.out, "with the memory system"));
  assert_non_null(strstr(r.out, "tok/s"));
  run(&r, (const char *const[]){"amdahl", "--model", "gpt2", "--seq", "128", "--mem", "off", NULL});
  assert_int_equal(r.status, 0);
  assert_null(strstr(r.out, "with the memory system"));
  assert_non_null(strstr(r.out, "memory system off"));
  run(&r, (const char *const[]){"amdahl", "--model", "gpt2", "--seq", "128", "--wide", NULL});
  assert_int_equal(r.status, 0);
  assert_non_null(strstr(r.out, "util_q"));
  assert_non_null(strstr(r.out, "bound_b"));
}

/* report without gnuplot says so and links no missing image (issue 11: 9 broken links). */
static void test_report_without_gnuplot(void **state) {
  (void)state;
  char *dir = tmp("rep");
  result r;
  g_path = "/nonexistent";
  run(&r, (const char *const[]){"report", dir, "--arrays", "4x4", "--model", "gpt2", "--seq", "128,256",
                                NULL});
  g_path = NULL;
  if (r.status != 0) fail_msg("report exit %d: %s", r.status, r.err);
  assert_non_null(strstr(r.err, "gnuplot is not installed"));
  char path[256], readme[65536];
  snprintf(path, sizeof path, "%s/README.md", dir);
  slurp_file(path, readme, sizeof readme);
  assert_null(strstr(readme, "!["));
  assert_non_null(strstr(readme, "plots are not drawn"));
  assert_non_null(strstr(readme, "4x4 at 500 MHz"));
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* --iso-area reads the synthesized PE areas: a table without the precision, or a bad one, is
 * one error line and no CSV; a good run adds the iso-area columns. */
static void test_iso_area(void **state) {
  (void)state;
  char *area = tmp("area.csv"), *csv = tmp("iso.csv");
  const char *const args[] = {"amdahl", "--iso-area", "--area", area, "--model", "gpt2", "--seq", "128",
                              "--wbits", "2", "--csv", csv, NULL};
  write_text(area, "unit,rows,cols,wbits,accw,cells,flops,ge,levels\npe,1,1,8,32,1,1,2588.4,1\n");
  expect_error(args, "has no PE of WBITS=2 ACCW=32");
  assert_false(exists(csv));
  write_text(area, "unit,rows,cols,wbits,accw,cells,flops,ge,levels\npe,1,1,8,32,1,1,-3,1\n");
  expect_error(args, "area.csv:2: ge must be a number > 0, got '-3'");
  write_text(area, "unit,wbits\npe,8\n");
  expect_error(args, "area.csv:1: expected a header with unit, wbits, accw and ge columns");
  write_text(area, "unit,rows,cols,wbits,accw,cells,flops,ge,levels\npe,1,1,8,32,1,1,1000,1\n"
                   "pe,1,1,2,32,1,1,2000,1\n");
  result r;
  run(&r, args);
  if (r.status != 0) fail_msg("exit %d: %s", r.status, r.err);
  assert_non_null(strstr(r.out, "edge: W2A8 fits 512 PEs, 32x16 by the rule"));
  char text[16384];
  slurp_file(csv, text, sizeof text);
  assert_non_null(strstr(text, ",iso_rows,iso_cols,iso_pes_fit,"));
  assert_non_null(strstr(text, ",1000.0,2000.0,pe,0.0,0.0,32,16,512,16,"));
  unlink(area);
  unlink(csv);
}

/* Field `name` of the CSV text's first data row, as a number. */
static double csv_num(const char *text, const char *name) {
  const char *nl = strchr(text, '\n');
  assert_non_null(nl);
  int col = -1, i = 0;
  for (const char *p = text; p < nl; i++) {
    size_t n = strcspn(p, ",\n");
    if (n == strlen(name) && !strncmp(p, name, n)) col = i;
    p += n + (p[n] == ',');
    if (p[-1] != ',') break;
  }
  if (col < 0) fail_msg("no column %s", name);
  const char *p = nl + 1;
  for (i = 0; i < col; i++) p = strchr(p, ',') + 1;
  return strtod(p, NULL);
}

/* --clock-from levels: the quantized array runs at W8's PE levels over its own (here 80 / 100:
 * 0.8 of edge's 500 MHz, 400 MHz), so its speedup in time is 0.8 x its speedup in cycles; a
 * table without levels is one error. --clock-from same (the default) keeps one clock. */
static void test_clock_from(void **state) {
  (void)state;
  char *area = tmp("lv.csv"), *csv = tmp("clk.csv");
  const char *const args[] = {"amdahl", "--clock-from", "levels", "--area", area, "--model", "gpt2",
                              "--seq", "128", "--wbits", "2", "--csv", csv, NULL};
  write_text(area, "unit,rows,cols,wbits,accw,cells,flops,ge\npe,1,1,8,32,1,1,1000\npe,1,1,2,32,1,1,2000\n");
  expect_error(args, "no logic levels of a WBITS=8 ACCW=32 PE");
  assert_false(exists(csv));
  expect_error((const char *const[]){"amdahl", "--clock-from", "asic", NULL},
               "--clock-from must be same, fpga or levels, got 'asic'");
  write_text(area, "unit,rows,cols,wbits,accw,cells,flops,ge,levels\npe,1,1,8,32,1,1,1000,80\n"
                   "pe,1,1,2,32,1,1,2000,100\n");
  result r;
  run(&r, args);
  if (r.status != 0) fail_msg("exit %d: %s", r.status, r.err);
  assert_non_null(strstr(r.out, "W2A8 x0.800 of W8A8's"));
  char text[16384];
  slurp_file(csv, text, sizeof text);
  assert_true(fabs(csv_num(text, "clock_mhz") - 500.0) < 1e-9);
  assert_true(fabs(csv_num(text, "clock_quant_mhz") - 400.0) < 1e-9);
  assert_true(fabs(csv_num(text, "speedup_time") - 0.8 * csv_num(text, "speedup")) < 1e-5);
  run(&r, (const char *const[]){"amdahl", "--model", "gpt2", "--seq", "128", "--wbits", "2", "--csv", csv, NULL});
  assert_int_equal(r.status, 0);
  slurp_file(csv, text, sizeof text);
  assert_true(fabs(csv_num(text, "clock_quant_mhz") - 500.0) < 1e-9);
  assert_true(fabs(csv_num(text, "speedup_time") - csv_num(text, "speedup")) < 1e-5);
  unlink(area);
  unlink(csv);
}

/* --energy FILE: bad lines are one error and nothing written; a user's table is used (here only
 * compute costs: the 3x5x7 FULL GEMM on 4x4 is 160 PE beats x (0.5 + 0.25) pJ = 120 pJ). */
static void test_energy_file(void **state) {
  (void)state;
  char *f = tmp("e.txt"), *csv = tmp("e.csv");
  const char *const am[] = {"amdahl", "--energy", f, "--model", "gpt2", "--seq", "128", "--csv", csv, NULL};
  write_text(f, "mul8_pj =\n");
  expect_error(am, "e.txt:1: mul8_pj must be a number >= 0, got ''");
  write_text(f, "mul8_pj = 0.2\nadd32_pj = -0.1\n");
  expect_error(am, "e.txt:2: add32_pj must be a number >= 0, got '-0.1'");
  write_text(f, "mul16_pj = 0.4\n");
  expect_error(am, "e.txt:1: unknown key 'mul16_pj'");
  assert_false(exists(csv));
  expect_error((const char *const[]){"gemm", "--array", "4x4", "--m", "3", "--k", "5", "--n", "7",
                                     "--energy", f, "--out", tmp("e.npy"), NULL}, "unknown key 'mul16_pj'");
  assert_false(exists(tmp("e.npy")));
  write_text(f, "MUL8_PJ = 0.5\nadd32_pj = 0.25\nsram_read_pj_per_byte = 0\nsram_write_pj_per_byte = 0\n"
                "dram_pj_per_byte = 0\nflop_clock_pj = 0\nflop_toggle_pj = 0\nleak_nw_per_ge = 0\n"
                "obuf_pj_per_byte = 0\n");
  expect_out((const char *const[]){"model", "--array", "4x4", "--mode", "full", "--m", "3", "--k", "5",
                                   "--n", "7", "--energy", f, NULL},
             "energy           120 pJ: compute 120, registers 0 (clock 0, data 0), SRAM 0, DRAM 0, leakage 0");
  unlink(f);
}

static int group_setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/qa_cli_XXXXXX");
  if (!mkdtemp(g_dir)) return -1;
  snprintf(g_bin, sizeof g_bin, "%s", getenv("QARRAY_BIN") ? getenv("QARRAY_BIN") : "");
  if (!*g_bin) snprintf(g_bin, sizeof g_bin, "%s/build/qarray", qa_root());
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  const char *names[] = {"stdout", "stderr", "garbage.npy", NULL};
  for (int i = 0; names[i]; i++) unlink(tmp(names[i]));
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
  return system(cmd);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bad_arguments),
      cmocka_unit_test(test_bad_npy),
      cmocka_unit_test(test_good_npy_run),
      cmocka_unit_test(test_study_errors),
      cmocka_unit_test(test_help),
      cmocka_unit_test(test_stale_model),
      cmocka_unit_test(test_array_file),
      cmocka_unit_test(test_bandwidth_units),
      cmocka_unit_test(test_interrupted_runs),
      cmocka_unit_test(test_exit_codes),
      cmocka_unit_test(test_amdahl_table),
      cmocka_unit_test(test_report_without_gnuplot),
      cmocka_unit_test(test_iso_area),
      cmocka_unit_test(test_clock_from),
      cmocka_unit_test(test_energy_file),
  };
  return cmocka_run_group_tests_name("cli", tests, group_setup, group_teardown);
}
