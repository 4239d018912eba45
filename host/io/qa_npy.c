/* qa_npy.c: see qa_npy.h. */
#include "qa_npy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qa_atomic.h"

static const char *const kNames[] = {"int8", "int32", "float32"};
static const size_t kSizes[] = {1, 4, 4};

const char *qa_npy_dtype_name(qa_npy_dtype t) { return kNames[t]; }

static const char *const kDescr[] = {"|i1", "<i4", "<f4"};

/* numpy's name of a dtype descriptor, for messages. */
static const char *descr_name(const char *d) {
  static const char *const tab[][2] = {
      {"|i1", "int8"},    {"<i1", "int8"},    {"|u1", "uint8"},   {"<i2", "int16"},
      {"<u2", "uint16"},  {"<i4", "int32"},   {"<u4", "uint32"},  {"<i8", "int64"},
      {"<u8", "uint64"},  {"<f2", "float16"}, {"<f4", "float32"}, {"<f8", "float64"},
      {"|b1", "bool"},    {">i4", "big-endian int32"}, {">f4", "big-endian float32"}};
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (!strcmp(d, tab[i][0])) return tab[i][1];
  return "of another kind";
}

static int fail(char *err, const char *msg) {
  snprintf(err, QA_ERR_LEN, "%s", msg);
  return -1;
}

/* Find the value text after 'key': in the header dict. */
static const char *find_key(const char *h, const char *key) {
  char pat[32];
  snprintf(pat, sizeof pat, "'%s'", key);
  const char *p = strstr(h, pat);
  if (!p) return NULL;
  p += strlen(pat);
  while (*p == ' ') p++;
  if (*p != ':') return NULL;
  p++;
  while (*p == ' ') p++;
  return p;
}

static int parse_header(const char *h, qa_npy *out, char *err) {
  const char *d = find_key(h, "descr");
  if (!d || *d != '\'') return fail(err, "npy header has no 'descr'");
  if (!strncmp(d, "'|i1'", 5) || !strncmp(d, "'<i1'", 5) || !strncmp(d, "'i1'", 4)) {
    out->dtype = QA_NPY_I1;
  } else if (!strncmp(d, "'<i4'", 5)) {
    out->dtype = QA_NPY_I4;
  } else if (!strncmp(d, "'<f4'", 5)) {
    out->dtype = QA_NPY_F4;
  } else {
    const char *e = strchr(d + 1, '\'');
    size_t n = e ? (size_t)(e - d - 1) : 0;
    memcpy(out->descr, d + 1, n < sizeof out->descr - 1 ? n : sizeof out->descr - 1);
    out->dtype_unknown = 1;
    snprintf(err, QA_ERR_LEN, "dtype %s ('%s') is not supported (int8, int32 or float32)",
             descr_name(out->descr), out->descr);
    return -1;
  }
  const char *f = find_key(h, "fortran_order");
  if (!f) return fail(err, "npy header has no 'fortran_order'");
  if (!strncmp(f, "True", 4)) return fail(err, "Fortran-order arrays are not supported");
  if (strncmp(f, "False", 5)) return fail(err, "npy header: bad 'fortran_order'");
  const char *s = find_key(h, "shape");
  if (!s || *s != '(') return fail(err, "npy header has no 'shape' tuple");
  s++;
  out->ndim = 0;
  out->count = 1;
  for (;;) {
    while (*s == ' ') s++;
    if (*s == ')') break;
    if (*s < '0' || *s > '9') return fail(err, "npy header: bad 'shape'");
    if (out->ndim == 4) return fail(err, "arrays of more than 4 dimensions are not supported");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || v > (1ull << 40)) return fail(err, "npy header: dimension too large");
    out->shape[out->ndim++] = (size_t)v;
    if (v && out->count > (SIZE_MAX / 8) / v) return fail(err, "npy array too large");
    out->count *= (size_t)v;
    s = end;
    while (*s == ' ') s++;
    if (*s == ',') s++;
    else if (*s != ')') return fail(err, "npy header: bad 'shape'");
  }
  return 0;
}

int qa_npy_parse(const uint8_t *buf, size_t len, qa_npy *out, char *err) {
  memset(out, 0, sizeof *out);
  if (len < 10 || memcmp(buf, "\x93NUMPY", 6) != 0) return fail(err, "not a .npy file (bad magic)");
  unsigned major = buf[6];
  size_t hlen, off;
  if (major == 1) {
    hlen = (size_t)buf[8] | ((size_t)buf[9] << 8);
    off = 10;
  } else if (major == 2 || major == 3) {
    if (len < 12) return fail(err, "truncated .npy header");
    hlen = (size_t)buf[8] | ((size_t)buf[9] << 8) | ((size_t)buf[10] << 16) |
           ((size_t)buf[11] << 24);
    off = 12;
  } else {
    snprintf(err, QA_ERR_LEN, "unsupported .npy format version %u", major);
    return -1;
  }
  if (hlen > len - off) return fail(err, "truncated .npy header");
  char *h = malloc(hlen + 1);
  if (!h) return fail(err, "out of memory");
  memcpy(h, buf + off, hlen);
  h[hlen] = '\0';
  int rc = parse_header(h, out, err);
  free(h);
  if (rc) return rc;
  off += hlen;
  size_t bytes = out->count * kSizes[out->dtype];
  if (len - off != bytes) {
    snprintf(err, QA_ERR_LEN, "npy data is %zu bytes, shape and dtype need %zu", len - off, bytes);
    return -1;
  }
  out->data = malloc(bytes ? bytes : 1);
  if (!out->data) return fail(err, "out of memory");
  memcpy(out->data, buf + off, bytes);
  return 0;
}

int qa_npy_read(const char *path, qa_npy *out, char *err) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, QA_ERR_LEN, "%s: %s", path, strerror(errno));
    return -1;
  }
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  int rc = -1;
  if (!buf) {
    snprintf(err, QA_ERR_LEN, "%s: out of memory", path);
    goto done;
  }
  for (;;) {
    if (len == cap) {
      uint8_t *nb = realloc(buf, cap * 2);
      if (!nb) {
        snprintf(err, QA_ERR_LEN, "%s: out of memory", path);
        goto done;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    snprintf(err, QA_ERR_LEN, "%s: read error", path);
    goto done;
  }
  char e[QA_ERR_LEN];
  rc = qa_npy_parse(buf, len, out, e);
  if (rc) snprintf(err, QA_ERR_LEN, "%.4000s: %.4000s", path, e);
done:
  free(buf);
  fclose(f);
  return rc;
}

int qa_npy_read_as(const char *path, qa_npy_dtype dtype, int ndim, qa_npy *out, char *err) {
  if (qa_npy_read(path, out, err)) {
    /* One message for every wrong dtype, supported elsewhere or not at all. */
    if (out->dtype_unknown)
      snprintf(err, QA_ERR_LEN, "%s: dtype is %s ('%s'), need %s ('%s')", path,
               descr_name(out->descr), out->descr, kNames[dtype], kDescr[dtype]);
    return -1;
  }
  if (out->dtype != dtype) {
    snprintf(err, QA_ERR_LEN, "%s: dtype is %s ('%s'), need %s ('%s')", path, kNames[out->dtype],
             kDescr[out->dtype], kNames[dtype], kDescr[dtype]);
  } else if (out->ndim != ndim) {
    snprintf(err, QA_ERR_LEN, "%s: has %d dimensions, expected %d", path, out->ndim, ndim);
  } else {
    return 0;
  }
  qa_npy_free(out);
  return -1;
}

int qa_npy_fwrite(FILE *f, qa_npy_dtype dtype, int ndim, const size_t *shape, const void *data) {
  char hdr[256];
  int n = snprintf(hdr, sizeof hdr, "{'descr': '%s', 'fortran_order': False, 'shape': (",
                   kDescr[dtype]);
  size_t count = 1;
  for (int i = 0; i < ndim; i++) {
    n += snprintf(hdr + n, sizeof hdr - (size_t)n, "%zu%s", shape[i],
                  (ndim == 1 || i + 1 < ndim) ? ", " : "");
    count *= shape[i];
  }
  n += snprintf(hdr + n, sizeof hdr - (size_t)n, "), }");
  /* Pad with spaces so magic + length + header + newline is a multiple of 64. */
  size_t total = 10 + (size_t)n + 1;
  size_t pad = (64 - total % 64) % 64;
  size_t hlen = (size_t)n + pad + 1;
  uint8_t pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (uint8_t)(hlen & 0xff),
                     (uint8_t)(hlen >> 8)};
  int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(hdr, 1, (size_t)n, f) == (size_t)n;
  for (size_t i = 0; ok && i < pad; i++) ok = fputc(' ', f) != EOF;
  ok = ok && fputc('\n', f) != EOF;
  ok = ok && fwrite(data, kSizes[dtype], count, f) == count;
  return ok ? 0 : -1;
}

int qa_npy_write(const char *path, qa_npy_dtype dtype, int ndim, const size_t *shape,
                 const void *data, char *err) {
  qa_atomic a;
  if (qa_atomic_open(&a, path, "wb", err)) return -1;
  if (qa_npy_fwrite(a.f, dtype, ndim, shape, data)) {
    snprintf(err, QA_ERR_LEN, "%s: write failed: %s", path, strerror(errno));
    qa_atomic_abort(&a);
    return -1;
  }
  return qa_atomic_commit(&a, err);
}

void qa_npy_free(qa_npy *a) {
  free(a->data);
  a->data = NULL;
}
