/* qa_npy.h: reading and writing NumPy .npy files (format versions 1, 2 and 3).
 * Only C-order arrays of up to 4 dimensions with dtypes int8, int32 and float32 (little-endian).
 * Errors are values: every function returns 0 or -1 and then fills err with one line. */
#ifndef QA_NPY_H
#define QA_NPY_H

#include <stddef.h>
#include <stdint.h>

typedef enum { QA_NPY_I1, QA_NPY_I4, QA_NPY_F4 } qa_npy_dtype;

typedef struct {
  qa_npy_dtype dtype;
  int ndim;
  size_t shape[4];
  size_t count; /* product of shape */
  void *data;   /* count elements, malloc'd */
} qa_npy;

#define QA_ERR_LEN 8192 /* room for two paths and a command */

const char *qa_npy_dtype_name(qa_npy_dtype t);
/* Parse a whole .npy image held in memory. */
int qa_npy_parse(const uint8_t *buf, size_t len, qa_npy *out, char *err);
int qa_npy_read(const char *path, qa_npy *out, char *err);
/* Read and require a dtype and a number of dimensions (ndim 2 for matrices). */
int qa_npy_read_as(const char *path, qa_npy_dtype dtype, int ndim, qa_npy *out, char *err);
/* Write atomically: to a temporary file beside path, renamed over it only when complete. */
int qa_npy_write(const char *path, qa_npy_dtype dtype, int ndim, const size_t *shape,
                 const void *data, char *err);
void qa_npy_free(qa_npy *a);

#endif /* QA_NPY_H */
