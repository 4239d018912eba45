/* fuzz_merge.c: the readers of qarray merge: an amdahl shard file and a block CSV part. */
#include "qa_err.h"
#include "qa_blockcsv.h"
#include "qa_shard.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_path(data, size);
  qa_shard s;
  char err[QA_ERR_LEN];
  if (!qa_shard_read(path, &s, err) && s.i >= s.n) abort(); /* a shard that loads is I < N */
  qa_shard_free(&s);
  (void)qa_block_part_check(path);
  return 0;
}
