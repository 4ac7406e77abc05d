/* base.c: allocation and fatal errors shared by every layer. */
#include "model/base.h"
#if defined(__SSE__)
#include <xmmintrin.h>
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void jn_die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("jointner: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(JN_EXIT_ERROR);
}

void *jn_malloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p) jn_die("out of memory allocating %zu bytes", bytes);
  return p;
}

void *jn_calloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) jn_die("out of memory allocating %zu x %zu bytes", n, size);
  return p;
}

void *jn_realloc(void *p, size_t bytes) {
  void *q = realloc(p, bytes ? bytes : 1);
  if (!q) jn_die("out of memory reallocating %zu bytes", bytes);
  return q;
}

char *jn_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = jn_malloc(n);
  memcpy(d, s, n);
  return d;
}

char *jn_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) jn_die("%s: cannot open: %s", path, strerror(errno));
  size_t cap = 4096, n = 0, got;
  char *text = jn_malloc(cap);
  while ((got = fread(text + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap) text = jn_realloc(text, cap *= 2);
  }
  if (ferror(f)) jn_die("%s: read failed", path);
  fclose(f);
  text[n] = '\0';
  return text;
}

char *jn_vformat(const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  char *s = jn_malloc((size_t)n + 1);
  vsnprintf(s, (size_t)n + 1, fmt, again);
  va_end(again);
  return s;
}

char *jn_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = jn_vformat(fmt, ap);
  va_end(ap);
  return s;
}

double jn_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void jn_flush_denormals(void) {
#if defined(__SSE__)
  _mm_setcsr(_mm_getcsr() | 0x8040); /* FTZ (bit 15) and DAZ (bit 6) */
#endif
}
