/* line_reader.h: reads a text file line by line, keeping its name and the
 * line number for error messages. Every line must be valid UTF-8 without
 * NUL bytes (else jn_die "file:line: ..."); CR/LF endings and a leading BOM
 * are removed. */
#ifndef JN_LINE_READER_H
#define JN_LINE_READER_H
#include <stdio.h>
#include <sys/types.h>

typedef struct {
  FILE *f;
  char *name;  /* for messages: the path, or "zip:member" */
  long line;   /* number of the line last returned (1-based) */
  char *buf;
  size_t cap;
  pid_t child; /* > 0 when f is a pipe from a child process (unzip -p) */
} LineReader;

void line_reader_open(LineReader *r, const char *path);
/* Reads MEMBER of the zip archive ZIP through `unzip -p` (fork/exec). */
void line_reader_open_zip_member(LineReader *r, const char *zip, const char *member);
/* The next line, or NULL at end of file. Valid until the next call. */
char *line_reader_next(LineReader *r);
/* Closes; for a zip member dies if unzip failed. */
void line_reader_close(LineReader *r);

#endif
