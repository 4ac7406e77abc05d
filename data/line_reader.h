/* line_reader.h: reads a text file line by line, keeping its name and the
 * line number for error messages. Every line must be valid UTF-8 without
 * NUL bytes (else jn_die "file:line: ..."); CR/LF endings and a leading BOM
 * are removed. A gzip-compressed file is read as its text (zlib); a read
 * error or a broken or truncated gzip stream is an error too, never an
 * early end. */
#ifndef JN_LINE_READER_H
#define JN_LINE_READER_H
#include <stdio.h>
#include <sys/types.h>

struct GzSource;

typedef struct {
  FILE *f;
  struct GzSource *gz; /* not NULL when f reads a gzip file through zlib */
  char *name;  /* for messages: the path, or "zip:member" */
  long line;   /* number of the line last returned (1-based) */
  char *buf;
  size_t cap;
  pid_t child; /* > 0 when f is a pipe from a child process (unzip -p) */
  long pos, end; /* byte offset of the next line; lines start before end (-1: to the end) */
} LineReader;

void line_reader_open(LineReader *r, const char *path);
/* 1 when path is a regular file that starts with the gzip magic bytes. */
int line_reader_is_gzip(const char *path);
/* A shard of path: the lines that START in bytes [begin, end), so that the
 * shards of any partition of [0, size) hold every line exactly once. A
 * gzip file has no such shards: dies unless the range is the whole file.
 * Line numbers count on from first_line, the file's number of the shard's
 * first line (known from the line counts of the shards before it). */
void line_reader_open_range(LineReader *r, const char *path, long begin, long end, long first_line);
/* The number of lines starting in [begin, end), counted raw (not checked). */
long line_count_range(const char *path, long begin, long end);
/* Reads MEMBER of the zip archive ZIP through `unzip -p` (fork/exec). */
void line_reader_open_zip_member(LineReader *r, const char *zip, const char *member);
/* The next line, or NULL at end of file. Valid until the next call. */
char *line_reader_next(LineReader *r);
/* Closes; for a zip member dies if unzip failed. */
void line_reader_close(LineReader *r);

#endif
