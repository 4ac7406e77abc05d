/* line_reader.c: line-by-line UTF-8 text input with file:line errors. */
#include "data/line_reader.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "data/utf8.h"
#include "model/base.h"

void line_reader_open(LineReader *r, const char *path) {
  memset(r, 0, sizeof *r);
  r->f = fopen(path, "rb");
  if (!r->f) jn_die("%s: cannot open: %s", path, strerror(errno));
  r->name = jn_strdup(path);
  r->end = -1;
}

void line_reader_open_range(LineReader *r, const char *path, long begin, long end, long first_line) {
  line_reader_open(r, path);
  r->end = end;
  r->line = first_line - 1;
  if (begin <= 0) return;
  /* the line that runs through `begin` belongs to the shard before, unless
   * it starts there */
  if (fseeko(r->f, begin - 1, SEEK_SET) != 0) jn_die("%s: cannot seek: %s", path, strerror(errno));
  r->pos = begin;
  if (fgetc(r->f) == '\n') return;
  ssize_t n = getline(&r->buf, &r->cap, r->f);
  if (n > 0) r->pos += n;
}

long line_count_range(const char *path, long begin, long end) {
  LineReader r;
  line_reader_open_range(&r, path, begin, end, 1);
  long count = 0;
  ssize_t n;
  while ((r.end < 0 || r.pos < r.end) && (n = getline(&r.buf, &r.cap, r.f)) >= 0) r.pos += n, count++;
  line_reader_close(&r);
  return count;
}

void line_reader_open_zip_member(LineReader *r, const char *zip, const char *member) {
  memset(r, 0, sizeof *r);
  if (access(zip, R_OK) != 0) jn_die("%s: cannot open: %s", zip, strerror(errno));
  int fds[2];
  if (pipe(fds) != 0) jn_die("pipe: %s", strerror(errno));
  pid_t pid = fork();
  if (pid < 0) jn_die("fork: %s", strerror(errno));
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execlp("unzip", "unzip", "-p", zip, member, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  r->f = fdopen(fds[0], "rb");
  if (!r->f) jn_die("fdopen: %s", strerror(errno));
  r->child = pid;
  r->end = -1;
  size_t n = strlen(zip) + strlen(member) + 2;
  r->name = jn_malloc(n);
  snprintf(r->name, n, "%s:%s", zip, member);
}

char *line_reader_next(LineReader *r) {
  if (r->end >= 0 && r->pos >= r->end) return NULL;
  ssize_t n = getline(&r->buf, &r->cap, r->f);
  if (n < 0) return NULL;
  r->pos += n;
  r->line++;
  if (memchr(r->buf, '\0', (size_t)n)) jn_die("%s:%ld: NUL byte in text", r->name, r->line);
  while (n > 0 && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r')) r->buf[--n] = '\0';
  if (!utf8_valid(r->buf, (size_t)n)) jn_die("%s:%ld: invalid UTF-8", r->name, r->line);
  if (r->line == 1 && n >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3)) return r->buf + 3;
  return r->buf;
}

void line_reader_close(LineReader *r) {
  fclose(r->f);
  if (r->child > 0) {
    int status = 0;
    waitpid(r->child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      jn_die("%s: unzip -p failed (exit status %d)", r->name,
             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  }
  free(r->buf);
  free(r->name);
  memset(r, 0, sizeof *r);
}
