/* qa_load.h: choosing an array configuration and loading its Verilated model.
 *
 * A configuration is ROWS x COLS x WBITS x ACCW x MESH; its model is build/cfg/<name>/libqa.so
 * with name "r<ROWS>c<COLS>w<WBITS>a<ACCW>", "m1" appended for the loop mesh, "t" for the debug
 * build with tracing and "-MUTANT" for a mutant, built by
 * `make sim ROWS=.. COLS=.. WBITS=.. ACCW=.. MESH=.. [TRACE=1] [MUTANT=..]`.
 * Named arrays: edge = 32x32, cloud = 256x256 (docs/references.md); or any "<R>x<C>".
 */
#ifndef QA_LOAD_H
#define QA_LOAD_H

#include "qa_arch.h"
#include "qa_config.h" /* qa_root, qa_parse_array */
#include "qa_sim.h"

typedef struct {
  int rows, cols, wbits, accw;
  int mesh; /* 0 per-PE modules, 1 loop mesh, 2 lockstep of both (name ending in l),
             * 3 per-PE modules with register toggles counted (v; 4: vn, without operand
             * isolation; sim/activity/), -1 automatic (qa_default_mesh) */
  int trace; /* 1: the debug build with FST tracing (name ending in t) */
  const char *mutant; /* NULL, or a deliberate RTL fault (make mutants; name ending -MUTANT) */
} qa_cfg_req;


/* The mesh an array gets by default: per-PE modules below 256 PEs, the loop mesh from 256 up
 * (faster to simulate there, and its model does not grow with the array, so it builds in
 * seconds). */
int qa_default_mesh(int rows, int cols);

/* The configuration's directory name, e.g. r32c32w2a32. */
void qa_cfg_name(const qa_cfg_req *c, char *buf, unsigned len);
/* The functions of one loaded configuration. */
typedef struct {
  void *dl;
  qa_sim *(*sim_new)(void);
  void (*sim_free)(qa_sim *);
  void (*sim_cfg)(const qa_sim *, qa_cfg *);
  void (*set_stalls)(qa_sim *, unsigned, unsigned, uint64_t);
  void (*clear_counters)(qa_sim *);
  void (*counters)(const qa_sim *, qa_counters *);
  int (*drain)(qa_sim *, qa_row_fn, void *, uint64_t);
  int (*feed)(qa_sim *, const qa_beats *, qa_row_fn, void *);
  uint64_t (*now)(const qa_sim *);
  int (*traceable)(void);
  int (*trace_open)(qa_sim *, const char *, int);
  void (*trace_window)(qa_sim *, int, uint64_t, uint64_t);
  void (*trace_close)(qa_sim *);
  int (*dump_open)(qa_sim *, const char *);
  uint64_t (*dump_close)(qa_sim *);
  void (*reset)(qa_sim *, unsigned);
  int (*lockstep)(const qa_sim *, uint64_t *, uint64_t *, int64_t *);
  int (*activity)(const qa_sim *, uint64_t *);
} qa_lib;

/* Load the model of c. If it is not built, or older than its sources (make -q on its target):
 * with build != 0 run make to build it (progress on stderr), else fail with the exact make
 * command in err. Checks that the model's own parameters
 * (read from the RTL) are the ones asked for. Returns 0 or -1. */
int qa_lib_get(const qa_cfg_req *c, int build, qa_lib *lib, char *err);
/* Load a library by path (no build, no check). */
int qa_lib_open(const char *path, qa_lib *lib, char *err);
void qa_lib_close(qa_lib *lib);

#endif /* QA_LOAD_H */
