/* qa_keyval.h: the "key = value" files (--array-file, --energy): one setting a line, '#' starts a
 * comment, blank lines skipped, keys in any case (as SCALE-Sim's configuration keys are). Every
 * other line is an error with its line number: no '=', an unknown key, a key given twice, a
 * missing or bad value. */
#ifndef QA_KEYVAL_H
#define QA_KEYVAL_H

typedef enum {
  QA_KEYVAL_COUNT,   /* a whole number >= 0 */
  QA_KEYVAL_COUNT1,  /* a whole number >= 1 */
  QA_KEYVAL_POS,     /* a number > 0 */
  QA_KEYVAL_NONNEG,  /* a number >= 0 */
} qa_keyval_kind;

typedef struct {
  const char *key;
  qa_keyval_kind kind;
} qa_keyval_key;

/* Read path (what: "array file", for messages): vals[i] and lines[i] (0: not given) for keys[i].
 * Returns 0, or QA_EXIT_USAGE after printing one error line. */
int qa_keyval_read(const char *what, const char *path, const qa_keyval_key *keys, int nkeys,
                   double *vals, int *lines);

#endif /* QA_KEYVAL_H */
