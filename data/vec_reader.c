/* vec_reader.c: buffered, checked reading of .vec and .vec.gz rows. */
#include "data/vec_reader.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "data/parse_float.h"
#include "data/utf8.h"
#include "model/base.h"

enum { HEADER_MAX = 4096, READ_CHUNK = 1 << 22 };

/* Moves the unread bytes to the front and appends what the file has. */
/* zlib's message without the path it starts with. */
static const char *gz_message(VecReader *r, int *code) {
  const char *msg = gzerror(r->gz, code);
  size_t n = strlen(r->name);
  return !strncmp(msg, r->name, n) && !strncmp(msg + n, ": ", 2) ? msg + n + 2 : msg;
}

static void refill(VecReader *r) {
  size_t left = r->end - r->start;
  memmove(r->buf, r->buf + r->start, left);
  r->start = 0, r->end = left;
  if (r->cap - r->end < READ_CHUNK) {
    r->cap = r->end + READ_CHUNK;
    r->buf = jn_realloc(r->buf, r->cap + 1);
  }
  int n = gzread(r->gz, r->buf + r->end, (unsigned)(r->cap - r->end));
  if (n < 0) {
    int code;
    const char *msg = gz_message(r, &code);
    jn_die("%s:%ld: cannot read: %s", r->name, r->line + 1, code == Z_ERRNO ? strerror(errno) : msg);
  }
  r->end += (size_t)n;
  if (n == 0) {
    int code;
    const char *msg = gz_message(r, &code);
    if (code != Z_OK) jn_die("%s:%ld: broken gzip data: %s", r->name, r->line + 1, msg);
    r->eof = 1;
  }
}

/* The next line without its CR/LF (NUL-terminated in the buffer), or NULL
 * at the end; *len is its length. */
static char *next_line(VecReader *r, size_t *len) {
  for (;;) {
    char *from = r->buf + r->start;
    char *nl = memchr(from, '\n', r->end - r->start);
    size_t n = nl ? (size_t)(nl - from) : r->end - r->start;
    if (n > r->max_line)
      jn_die("%s:%ld: line longer than %zu bytes (not a .vec file?)", r->name, r->line + 1, r->max_line);
    if (nl || (r->eof && n > 0)) {
      r->start += n + (nl != NULL);
      r->line++;
      if (n > 0 && from[n - 1] == '\r') n--;
      from[n] = '\0';
      *len = n;
      return from;
    }
    if (r->eof) return NULL;
    refill(r);
  }
}

void vec_reader_open(VecReader *r, const char *path) {
  memset(r, 0, sizeof *r);
  struct stat st;
  if (stat(path, &st) != 0) jn_die("%s: cannot open: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode)) jn_die("%s: not a regular file (word vectors must be a .vec or .vec.gz file)", path);
  r->gz = gzopen(path, "rb");
  if (!r->gz) jn_die("%s: cannot open: %s", path, strerror(errno));
  gzbuffer(r->gz, 1 << 20);
  r->name = jn_strdup(path);
  r->cap = READ_CHUNK;
  r->buf = jn_malloc(r->cap + 1);
  r->max_line = HEADER_MAX;
  size_t n;
  char *line = next_line(r, &n);
  if (!line) jn_die("%s: empty vector file", path);
  if (n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) line += 3;
  char extra;
  if (sscanf(line, "%ld %d %c", &r->count, &r->dim, &extra) != 2 || r->dim <= 0 || r->count < 0 ||
      r->dim > 100000)
    jn_die("%s:1: expected the header 'COUNT DIM' of a fastText .vec file", path);
  r->max_line = HEADER_MAX + 64 * (size_t)r->dim;
}

const char *vec_reader_next(VecReader *r, float *vec) {
  size_t n;
  char *line = next_line(r, &n);
  if (!line) return NULL;
  char *sp = memchr(line, ' ', n);
  if (!sp || sp == line) jn_die("%s:%ld: expected a word and %d numbers", r->name, r->line, r->dim);
  if (memchr(line, '\0', (size_t)(sp - line))) jn_die("%s:%ld: NUL byte in text", r->name, r->line);
  if (!utf8_valid(line, (size_t)(sp - line))) jn_die("%s:%ld: invalid UTF-8", r->name, r->line);
  *sp = '\0';
  const char *p = sp + 1;
  for (int j = 0; j < r->dim; j++) {
    while (*p == ' ' || *p == '\t') p++;
    const char *end;
    ParseFloatStatus s = parse_float(p, &end, &vec[j]);
    if (s == PARSE_FLOAT_OK && *end && *end != ' ' && *end != '\t') s = PARSE_FLOAT_SYNTAX;
    if (s == PARSE_FLOAT_SYNTAX) {
      if (!*p) jn_die("%s:%ld: expected %d numbers after the word, found %d", r->name, r->line, r->dim, j);
      jn_die("%s:%ld: number %d is '%.*s', not a decimal number (nan, inf and hex floats are refused)",
             r->name, r->line, j + 1, (int)strcspn(p, " \t") < 40 ? (int)strcspn(p, " \t") : 40, p);
    }
    if (s == PARSE_FLOAT_RANGE)
      jn_die("%s:%ld: number %d ('%.*s') is outside the range of a float", r->name, r->line, j + 1,
             (int)(end - p) < 40 ? (int)(end - p) : 40, p);
    p = end;
  }
  while (*p == ' ' || *p == '\t') p++;
  if (p != line + n) {
    if (*p) jn_die("%s:%ld: more than %d numbers after the word", r->name, r->line, r->dim);
    jn_die("%s:%ld: NUL byte in text", r->name, r->line);
  }
  return line;
}

void vec_reader_close(VecReader *r) {
  gzclose(r->gz);
  free(r->buf);
  free(r->name);
  memset(r, 0, sizeof *r);
}
