/* test_npy.c: the .npy reader and writer: hand-made headers, round trips, malformed input. */
#define _POSIX_C_SOURCE 200809L
#include "qa_test.h"

#include <string.h>
#include <unistd.h>

/* Build a v1.0 image: magic, header padded to 64 bytes, then data. */
static size_t make_npy(uint8_t *buf, const char *header, const void *data, size_t dlen) {
  size_t hl = strlen(header);
  size_t total = 10 + hl + 1;
  size_t pad = (64 - total % 64) % 64;
  size_t hlen = hl + pad + 1;
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (uint8_t)(hlen & 0xff);
  buf[9] = (uint8_t)(hlen >> 8);
  memcpy(buf + 10, header, hl);
  memset(buf + 10 + hl, ' ', pad);
  buf[10 + hl + pad] = '\n';
  memcpy(buf + 10 + hlen, data, dlen);
  return 10 + hlen + dlen;
}

static void test_parse_good(void **state) {
  (void)state;
  uint8_t buf[256];
  const int8_t d[6] = {1, -2, 3, -4, 5, -128};
  size_t n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", d, 6);
  qa_npy a;
  char err[QA_ERR_LEN];
  assert_int_equal(qa_npy_parse(buf, n, &a, err), 0);
  assert_int_equal(a.dtype, QA_NPY_I1);
  assert_int_equal(a.ndim, 2);
  assert_int_equal(a.shape[0], 2);
  assert_int_equal(a.shape[1], 3);
  assert_memory_equal(a.data, d, 6);
  qa_npy_free(&a);
  /* 1-D shape "(4,)" and int32 data */
  const int32_t e[4] = {7, -7, 2147483647, -2147483647 - 1};
  n = make_npy(buf, "{'descr': '<i4', 'fortran_order': False, 'shape': (4,), }", e, 16);
  assert_int_equal(qa_npy_parse(buf, n, &a, err), 0);
  assert_int_equal(a.ndim, 1);
  assert_int_equal(a.count, 4);
  assert_memory_equal(a.data, e, 16);
  qa_npy_free(&a);
}

static void expect_bad(const uint8_t *buf, size_t n, const char *needle) {
  qa_npy a;
  char err[QA_ERR_LEN] = "";
  assert_int_equal(qa_npy_parse(buf, n, &a, err), -1);
  if (!strstr(err, needle)) fail_msg("error '%s' does not mention '%s'", err, needle);
  assert_null(a.data);
}

static void test_parse_bad(void **state) {
  (void)state;
  uint8_t buf[256];
  const int8_t d[8] = {0};
  expect_bad((const uint8_t *)"hello world, not numpy", 22, "magic");
  size_t n = make_npy(buf, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d, 8);
  expect_bad(buf, n, "dtype float64 ('<f8') is not supported");
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': True, 'shape': (2, 2), }", d, 4);
  expect_bad(buf, n, "Fortran");
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", d, 5);
  expect_bad(buf, n, "need 6");                   /* truncated data */
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", d, 7);
  expect_bad(buf, n, "need 6");                   /* trailing bytes */
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False}", d, 1);
  expect_bad(buf, n, "shape");
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, x), }", d, 2);
  expect_bad(buf, n, "shape");
  buf[6] = 9; /* version */
  expect_bad(buf, n, "version 9");
  n = make_npy(buf, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", d, 6);
  expect_bad(buf, 12, "truncated");               /* header cut short */
}

static void test_roundtrip_file(void **state) {
  (void)state;
  char dir[] = "/tmp/qa_npy_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128], err[QA_ERR_LEN];
  snprintf(path, sizeof path, "%s/c.npy", dir);
  int32_t C[6] = {1, -2, 3, 100000, -100000, 0};
  size_t shape[2] = {2, 3};
  assert_int_equal(qa_npy_write(path, QA_NPY_I4, 2, shape, C, err), 0);
  qa_npy a;
  assert_int_equal(qa_npy_read_as(path, QA_NPY_I4, 2, &a, err), 0);
  assert_int_equal(a.shape[0], 2);
  assert_int_equal(a.shape[1], 3);
  assert_memory_equal(a.data, C, sizeof C);
  qa_npy_free(&a);
  /* Wrong dtype and dimensionality are named. */
  assert_int_equal(qa_npy_read_as(path, QA_NPY_I1, 2, &a, err), -1);
  assert_non_null(strstr(err, "dtype is int32 ('<i4'), need int8 ('|i1')"));
  /* A dtype the reader does not support gets the same message (issue 11: it got another). */
  char p16[160];
  snprintf(p16, sizeof p16, "%s/i2.npy", dir);
  const char hdr[] = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 2), }";
  char img[128];
  memset(img, ' ', sizeof img);
  memcpy(img, "\x93NUMPY\x01\x00\x76\x00", 10); /* header length 118: 10 + 118 = 128 */
  memcpy(img + 10, hdr, sizeof hdr - 1);
  img[127] = '\n';
  FILE *f16 = fopen(p16, "wb");
  assert_non_null(f16);
  assert_int_equal(fwrite(img, 1, sizeof img, f16), sizeof img);
  assert_int_equal(fwrite("\1\0\2\0\3\0\4\0", 1, 8, f16), 8);
  fclose(f16);
  assert_int_equal(qa_npy_read_as(p16, QA_NPY_I1, 2, &a, err), -1);
  assert_non_null(strstr(err, "i2.npy: dtype is int16 ('<i2'), need int8 ('|i1')"));
  unlink(p16);
  assert_int_equal(qa_npy_read_as(path, QA_NPY_I4, 1, &a, err), -1);
  assert_non_null(strstr(err, "2 dimensions, expected 1"));
  /* A file that cannot be written leaves nothing behind. */
  char bad[160];
  snprintf(bad, sizeof bad, "%s/no/such/dir/c.npy", dir);
  assert_int_equal(qa_npy_write(bad, QA_NPY_I4, 2, shape, C, err), -1);
  assert_int_equal(qa_npy_read(bad, &a, err), -1);
  assert_non_null(strstr(err, "No such file"));
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_good),
      cmocka_unit_test(test_parse_bad),
      cmocka_unit_test(test_roundtrip_file),
  };
  return cmocka_run_group_tests_name("npy", tests, NULL, NULL);
}
