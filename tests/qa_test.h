/* qa_test.h: helpers shared by the cmocka tests. */
#ifndef QA_TEST_H
#define QA_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "qa_npy.h"
#include "qa_load.h"

/* Load tests/vectors/<name>.npy (dtype checked); fails the test if it cannot. */
static inline void vec_load(const char *name, qa_npy_dtype dt, qa_npy *out) {
  char path[1024], err[QA_ERR_LEN];
  snprintf(path, sizeof path, "%s/tests/vectors/%s.npy", qa_root(), name);
  if (qa_npy_read(path, out, err)) fail_msg("%s", err);
  if (out->dtype != dt) fail_msg("%s: dtype %s", path, qa_npy_dtype_name(out->dtype));
}

/* Compare two int32 matrices; on mismatch print the first wrong element and fail. */
static inline void expect_matrix(const int32_t *got, const int32_t *want, size_t M, size_t N,
                                 const char *what) {
  for (size_t i = 0; i < M * N; i++) {
    if (got[i] != want[i])
      fail_msg("%s: C[%zu][%zu] = %d, expected %d", what, i / N, i % N, got[i], want[i]);
  }
}

#endif /* QA_TEST_H */
