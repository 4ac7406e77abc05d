/* tsv.h: the small tab-separated files `jointner tables` writes to be
 * committed (runs.tsv, pretrainings.tsv): a header line naming the
 * columns, then one line per run, every field non-empty and free of tabs
 * and newlines, every line ending in a newline. Writing dies on a field
 * that breaks this; reading dies with FILE:LINE on anything else. */
#ifndef JN_TSV_H
#define JN_TSV_H
#include <stdbool.h>
#include <stddef.h>

typedef struct {
  const char *const *names; /* the header's column names, in order */
  int n;
  const char *kind; /* "runs", "pretrainings": names the file in errors */
} TsvColumns;

/* Text being built up (malloc'd; NULL until the first piece). */
typedef struct {
  char *text;
  size_t length;
} TsvText;

void tsv_add_header(TsvText *t, const TsvColumns *columns);
/* Adds FIELDS[0..n) as one line; dies naming ROW (the run) if a field is
 * empty or holds a tab or newline. */
void tsv_add_line(TsvText *t, const TsvColumns *columns, const char *const *fields,
                  const char *row);

/* Calls LINE_FN once per line after the header, with the line split into
 * the columns' n fields (none empty). Dies with PATH:LINE if the file is
 * unreadable or empty, the header is not the columns', a line has another
 * number of fields or an empty one, or the last line has no newline. */
typedef void (*TsvLineFn)(void *ctx, const char *path, long line, char **fields);
void tsv_read(const char *path, const TsvColumns *columns, TsvLineFn line_fn, void *ctx);

/* 0 and the value, or -1: a whole number in [min, 1e9]; a finite number. */
int tsv_parse_int(const char *text, int min, int *value);
int tsv_parse_double(const char *text, double *value);

#endif
