/* csv.c: RFC 4180 record reader on top of LineReader. */
#include "data/csv.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

typedef struct {
  char *v;
  size_t n, cap;
} Buffer;

static void buffer_add(Buffer *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = 2 * (b->n + n + 1);
    b->v = jn_realloc(b->v, b->cap);
  }
  memcpy(b->v + b->n, s, n);
  b->n += n;
  b->v[b->n] = '\0';
}

bool csv_next(LineReader *r, char delim, Tokens *fields, long *record_line) {
  tokens_clear(fields);
  char *line = line_reader_next(r);
  if (!line) return false;
  *record_line = r->line;
  Buffer field = {0};
  buffer_add(&field, "", 0);
  const char *p = line;
  for (;;) {
    if (*p == '"') { /* quoted field, possibly over several lines */
      p++;
      for (;;) {
        const char *q = strchr(p, '"');
        if (!q) {
          buffer_add(&field, p, strlen(p));
          buffer_add(&field, "\n", 1);
          p = line = line_reader_next(r);
          if (!line) jn_die("%s:%ld: unterminated quoted field", r->name, *record_line);
          continue;
        }
        buffer_add(&field, p, (size_t)(q - p));
        if (q[1] == '"') { buffer_add(&field, "\"", 1); p = q + 2; continue; }
        p = q + 1;
        break;
      }
      if (*p && *p != delim)
        jn_die("%s:%ld: text after the closing quote of field %d", r->name, r->line, fields->n + 1);
    } else {
      const char *end = strchr(p, delim);
      size_t n = end ? (size_t)(end - p) : strlen(p);
      buffer_add(&field, p, n);
      p += n;
    }
    tokens_push(fields, field.v, field.n);
    field.n = 0;
    if (!*p) break;
    p++; /* the delimiter */
  }
  free(field.v);
  return true;
}
