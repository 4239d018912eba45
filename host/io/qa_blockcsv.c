/* qa_blockcsv.c: see qa_blockcsv.h. */
#include "qa_blockcsv.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "qa_err.h"

static const char kHeader[] = "layer,input_fnv,output_fnv,rtl_cycles,model_cycles,bit_identical,rel_err\n";

void qa_blockcsv_write(FILE *f, const qa_block_part *p) {
  fprintf(f, "%s: blocks %" PRIu64 ":%" PRIu64 " of %" PRIu64 "\n", p->title, p->first, p->last, p->layers);
  fputs(kHeader, f);
  for (uint64_t l = p->first; l <= p->last; l++) {
    const qa_block_row *r = &p->row[l - p->first];
    fprintf(f, "%" PRIu64 ",%016" PRIx64 ",%016" PRIx64 ",%" PRIu64 ",%" PRIu64 ",%d,%.6f\n",
            r->layer, r->in_fnv, r->out_fnv, r->rtl_cycles, r->model_cycles, r->identical, r->rel_err);
  }
}

static int part_err(const char *path, int line, const char *what) {
  qa_errf("%s line %d: %s\n", path, line, what);
  return QA_EXIT_USAGE;
}

int qa_blockcsv_read(const char *path, qa_block_part *p) {
  memset(p, 0, sizeof *p);
  p->path = path;
  FILE *f = fopen(path, "r");
  if (!f) return qa_errf("cannot read the block CSV %s\n", path), QA_EXIT_USAGE;
  char ln[1024];
  int rc = 0, line = 1;
  const char *cut = fgets(ln, sizeof ln, f) ? strstr(ln, ": blocks ") : NULL;
  if (!cut || strncmp(ln, "# qarray block ", 15) || (size_t)(cut - ln) >= sizeof p->title ||
      sscanf(cut, ": blocks %" SCNu64 ":%" SCNu64 " of %" SCNu64, &p->first, &p->last, &p->layers) != 3 ||
      p->first > p->last || p->last >= p->layers)
    rc = part_err(path, 1, "not a block CSV (it starts '# qarray block ...: blocks A:B of N')");
  if (!rc) memcpy(p->title, ln, (size_t)(cut - ln));
  if (!rc && (!fgets(ln, sizeof ln, f) || strcmp(ln, kHeader)))
    rc = part_err(path, 2, "not the block CSV header");
  const size_t n = rc ? 0 : p->last - p->first + 1;
  if (!rc && !(p->row = calloc(n, sizeof *p->row))) rc = QA_EXIT_USAGE;
  for (size_t i = 0; !rc && i < n; i++) {
    qa_block_row *r = &p->row[i];
    line++;
    if (!fgets(ln, sizeof ln, f) ||
        sscanf(ln, "%" SCNu64 ",%16" SCNx64 ",%16" SCNx64 ",%" SCNu64 ",%" SCNu64 ",%d,%lf", &r->layer,
               &r->in_fnv, &r->out_fnv, &r->rtl_cycles, &r->model_cycles, &r->identical, &r->rel_err) != 7 ||
        r->layer != p->first + i)
      rc = part_err(path, line, "not the next block's row");
  }
  if (!rc && fgets(ln, sizeof ln, f)) rc = part_err(path, line + 1, "more rows than its blocks A:B");
  fclose(f);
  return rc;
}

int qa_block_part_check(const char *path) {
  qa_block_part p;
  const int rc = qa_blockcsv_read(path, &p);
  free(p.row);
  return rc;
}
