/* tsv.c: writing and reading the committed tab-separated results files. */
#include "runner/tables/tsv.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "data/files.h"
#include "model/base.h"

static void append(TsvText *t, const char *piece) {
  size_t n = strlen(piece);
  t->text = jn_realloc(t->text, t->length + n + 1);
  memcpy(t->text + t->length, piece, n + 1);
  t->length += n;
}

void tsv_add_line(TsvText *t, const TsvColumns *columns, const char *const *fields,
                  const char *row) {
  for (int c = 0; c < columns->n; c++) {
    if (!*fields[c] || strpbrk(fields[c], "\t\n\r"))
      jn_die("%s file: %s: the field %s ('%s') is empty or holds a tab or newline",
             columns->kind, row, columns->names[c], fields[c]);
    append(t, fields[c]);
    append(t, c == columns->n - 1 ? "\n" : "\t");
  }
}

void tsv_add_header(TsvText *t, const TsvColumns *columns) {
  tsv_add_line(t, columns, columns->names, "header");
}

/* Splits LINE at tabs into exactly n fields (in place); 0, or -1. */
static int split_fields(char *line, char **fields, int n) {
  int found = 0;
  for (char *p = line;; p++) {
    if (found == n) return -1;
    fields[found++] = p;
    p = strchr(p, '\t');
    if (!p) break;
    *p = '\0';
  }
  return found == n ? 0 : -1;
}

static void check_header(const char *path, char *line, const TsvColumns *columns, char **fields) {
  int ok = split_fields(line, fields, columns->n) == 0;
  for (int c = 0; ok && c < columns->n; c++) ok = !strcmp(fields[c], columns->names[c]);
  if (!ok)
    jn_die("%s:1: not a %s file (the header must name the %d columns %s ... %s)", path,
           columns->kind, columns->n, columns->names[0], columns->names[columns->n - 1]);
}

void tsv_read(const char *path, const TsvColumns *columns, TsvLineFn line_fn, void *ctx) {
  char *text = read_file_or_null(path);
  if (!text) jn_die("%s: cannot read: %s", path, strerror(errno));
  if (!*text) jn_die("%s: empty (a %s file starts with its header)", path, columns->kind);
  char **fields = jn_malloc(sizeof *fields * (size_t)columns->n);
  long line = 0;
  for (char *l = text, *next; *l; l = next) {
    char *end = strchr(l, '\n');
    if (!end) jn_die("%s:%ld: the last line has no newline (a cut-off file?)", path, line + 1);
    *end = '\0';
    next = end + 1;
    if (++line == 1) {
      check_header(path, l, columns, fields);
      continue;
    }
    if (split_fields(l, fields, columns->n) != 0)
      jn_die("%s:%ld: expected %d tab-separated fields", path, line, columns->n);
    for (int c = 0; c < columns->n; c++)
      if (!*fields[c]) jn_die("%s:%ld: the field \"%s\" is empty", path, line, columns->names[c]);
    line_fn(ctx, path, line, fields);
  }
  free(fields);
  free(text);
}

int tsv_parse_int(const char *text, int min, int *value) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < min || v > 1000000000) return -1;
  *value = (int)v;
  return 0;
}

int tsv_parse_double(const char *text, double *value) {
  char *end;
  errno = 0;
  *value = strtod(text, &end);
  return errno || end == text || *end || !isfinite(*value) ? -1 : 0;
}
