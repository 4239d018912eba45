/* qa_npy.h: reading and writing NumPy .npy files (format versions 1, 2 and 3).
 * Only C-order arrays of up to 4 dimensions with dtypes int8, int32 and float32 (little-endian).
 * Errors are values: every function returns 0 or -1 and then fills err with one line. */
#ifndef QA_NPY_H
#define QA_NPY_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "qa_err.h"

typedef enum { QA_NPY_I1, QA_NPY_I4, QA_NPY_F4 } qa_npy_dtype;

typedef struct {
  qa_npy_dtype dtype;
  int ndim;
  size_t shape[4];
  size_t count; /* product of shape */
  void *data;   /* count elements, malloc'd */
  char descr[16];    /* on a failed read: the dtype descriptor found, if not supported */
  int dtype_unknown; /* 1: the read failed on that dtype */
} qa_npy;


const char *qa_npy_dtype_name(qa_npy_dtype t);
/* Parse a whole .npy image held in memory. */
int qa_npy_parse(const uint8_t *buf, size_t len, qa_npy *out, char *err);
int qa_npy_read(const char *path, qa_npy *out, char *err);
/* Read and require a dtype and a number of dimensions (ndim 2 for matrices). A wrong dtype,
 * whether this reader supports it or not, gives one message: "PATH: dtype is int16 ('<i2'),
 * need int8 ('|i1')". */
int qa_npy_read_as(const char *path, qa_npy_dtype dtype, int ndim, qa_npy *out, char *err);
/* Write atomically: to a temporary file beside path, renamed over it only when complete. */
int qa_npy_write(const char *path, qa_npy_dtype dtype, int ndim, const size_t *shape,
                 const void *data, char *err);
/* Write the .npy image to an open file (qa_atomic.h for an atomic one). Returns 0 or -1. */
int qa_npy_fwrite(FILE *f, qa_npy_dtype dtype, int ndim, const size_t *shape, const void *data);
void qa_npy_free(qa_npy *a);

#endif /* QA_NPY_H */
