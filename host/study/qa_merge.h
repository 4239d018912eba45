/* qa_merge.h: what qarray merge hands to the commands whose outputs it merges. */
#ifndef QA_MERGE_H
#define QA_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "qa_cycles.h"
#include "qa_opts.h"

/* One amdahl --rtl --shard file (cmd_merge.c; docs/scaling.md has the format). */
#define QA_SHARD_MAX_ARGS 512
typedef struct {
  size_t index;
  qa_gemm_shape g;
  uint64_t model, rtl;
  int line;
} qa_shard_row;

typedef struct {
  const char *path;
  uint64_t i, n, fp; /* shard I of N of the sweep with fingerprint fp */
  char *args[QA_SHARD_MAX_ARGS];
  int nargs;
  qa_shard_row *row;
  size_t nrow;
} qa_shard;

/* Read a shard file. Returns 0, or QA_EXIT_USAGE with err naming the file and line; free s
 * either way. */
int qa_shard_read(const char *path, qa_shard *s, char *err);
void qa_shard_free(qa_shard *s);

/* block --layers A:B --csv files (o->posv) into the CSV of one run over all the model's blocks
 * (cmd_block.c). Returns 0, 1 (a block not bit-exact) or 2. */
int qa_merge_block(const qa_opts *o);
/* Read one block CSV part and let it go (its errors on stderr): the block CSV reader on its
 * own, for the fuzz target. Returns 0 or QA_EXIT_USAGE. */
int qa_block_part_check(const char *path);

#endif /* QA_MERGE_H */
