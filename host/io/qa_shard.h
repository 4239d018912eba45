/* qa_shard.h: the shard files of amdahl --rtl --shard I/N (docs/scaling.md has the format),
 * read for qarray merge. */
#ifndef QA_SHARD_H
#define QA_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "qa_cycles.h"

/* One amdahl --rtl --shard file (docs/scaling.md has the format). */
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
/* "PATH line N: what" in err; returns QA_EXIT_USAGE. */
int qa_shard_bad_line(const qa_shard *s, int line, const char *what, char *err);

#endif /* QA_SHARD_H */
