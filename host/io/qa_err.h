/* qa_err.h: the length of the one-line error messages every host function fills. */
#ifndef QA_ERR_H
#define QA_ERR_H

#define QA_ERR_LEN 8192 /* room for two paths and a command */

/* The exit status of every command, and the code of functions that can fail either way: 0 pass,
 * 1 a check failed (an RTL result or cycle count against the golden or cycle model, a block
 * against its bound), 2 bad input or environment (an option, a file, a model not built with
 * --no-build, out of memory). */
enum { QA_EXIT_PASS = 0, QA_EXIT_FAIL = 1, QA_EXIT_USAGE = 2 };

#include <stddef.h>

/* Every error, warning and note for the user: "qarray: " and the message, on stderr; or, while
 * the calling thread captures them (qa_err_capture, the library's C interface host/api/), into
 * its buffer, as many whole lines as fit. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void qa_errf(const char *fmt, ...);
/* Capture this thread's messages into buf (len bytes, emptied now); NULL stops. */
void qa_err_capture(char *buf, size_t len);

#endif /* QA_ERR_H */
