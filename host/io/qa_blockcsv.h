/* qa_blockcsv.h: block --csv files: a title line naming the run and the blocks it holds, a
 * header, one row per block. block writes them, merge reads parts of one run back and writes
 * the whole. */
#ifndef QA_BLOCKCSV_H
#define QA_BLOCKCSV_H

#include <stdint.h>
#include <stdio.h>

/* What one block did: its input and output (FNV-1a 64 of the floats), cycles and checks. */
typedef struct {
  uint64_t layer, in_fnv, out_fnv, rtl_cycles, model_cycles;
  int identical;
  double rel_err;
} qa_block_row;

/* One file: blocks first..last of the run's layers, row[0..last-first]. title: the first line up
 * to ": blocks" ("# qarray block " and the run, from the resolved values, not the argument
 * order); merge compares it. */
typedef struct {
  const char *path;
  char title[512];
  uint64_t first, last, layers;
  qa_block_row *row;
} qa_block_part;

/* Write p (title line, header, rows). */
void qa_blockcsv_write(FILE *f, const qa_block_part *p);
/* Read path into p (p->row allocated: free it, also on failure). Returns 0, or QA_EXIT_USAGE with
 * the file and line on stderr. */
int qa_blockcsv_read(const char *path, qa_block_part *p);
/* Read one block CSV part and let it go: the reader on its own, for the fuzz target. */
int qa_block_part_check(const char *path);

#endif /* QA_BLOCKCSV_H */
