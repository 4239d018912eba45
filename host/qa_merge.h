/* qa_merge.h: what qarray merge hands to the commands whose outputs it merges. */
#ifndef QA_MERGE_H
#define QA_MERGE_H

#include "qa_opts.h"

/* block --layers A:B --csv files (o->posv) into the CSV of one run over all the model's blocks
 * (cmd_block.c). Returns 0, 1 (a block not bit-exact) or 2. */
int qa_merge_block(const qa_opts *o);

#endif /* QA_MERGE_H */
