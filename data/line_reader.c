/* line_reader.c: line-by-line UTF-8 text input with file:line errors. */
#include "data/line_reader.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include "data/utf8.h"
#include "model/base.h"

/* A gzip file read through zlib behind a FILE (fopencookie), so that
 * getline and the checks below serve both kinds of file. A read error or
 * a broken stream makes the FILE's read fail (ferror), with zlib's message
 * kept for line_reader_next. */
struct GzSource {
  gzFile gz;
  char *path;
  char message[160]; /* zlib's, without the path it starts with */
};

static ssize_t gz_source_read(void *cookie, char *buf, size_t size) {
  struct GzSource *g = cookie;
  int n = gzread(g->gz, buf, size > INT_MAX ? INT_MAX : (unsigned)size), code = Z_OK;
  const char *msg = n <= 0 ? gzerror(g->gz, &code) : NULL;
  if (n < 0 || code != Z_OK) { /* Z_BUF_ERROR at the end: a truncated stream */
    size_t p = strlen(g->path);
    if (!strncmp(msg, g->path, p) && !strncmp(msg + p, ": ", 2)) msg += p + 2;
    snprintf(g->message, sizeof g->message, "%s", code == Z_ERRNO ? strerror(errno) : msg);
    return -1;
  }
  return n;
}

static int gz_source_close(void *cookie) {
  struct GzSource *g = cookie;
  int code = gzclose(g->gz);
  free(g->path);
  free(g);
  return code == Z_OK ? 0 : EOF;
}

/* A regular file f (at its start) that begins with the gzip magic bytes,
 * which no UTF-8 text can begin with; f is left at its start. */
static int starts_as_gzip(FILE *f) {
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  unsigned char magic[2];
  int is_gzip = fread(magic, 1, 2, f) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  rewind(f);
  return is_gzip;
}

int line_reader_is_gzip(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  int is_gzip = starts_as_gzip(f);
  fclose(f);
  return is_gzip;
}

/* Opens path as a FILE of its text: through zlib when it is a gzip file. */
static FILE *open_text(const char *path, struct GzSource **gz) {
  *gz = NULL;
  FILE *f = fopen(path, "rb");
  if (!f || !starts_as_gzip(f)) return f;
  fclose(f);
  struct GzSource *g = jn_calloc(1, sizeof *g);
  g->gz = gzopen(path, "rb");
  if (!g->gz) {
    free(g);
    return NULL;
  }
  g->path = jn_strdup(path);
  gzbuffer(g->gz, 1 << 18);
  f = fopencookie(g, "rb", (cookie_io_functions_t){.read = gz_source_read, .close = gz_source_close});
  if (!f) jn_die("%s: fopencookie: %s", path, strerror(errno));
  *gz = g;
  return f;
}

void line_reader_open(LineReader *r, const char *path) {
  memset(r, 0, sizeof *r);
  r->f = open_text(path, &r->gz);
  if (!r->f) jn_die("%s: cannot open: %s", path, strerror(errno));
  r->name = jn_strdup(path);
  r->end = -1;
}

void line_reader_open_range(LineReader *r, const char *path, long begin, long end, long first_line) {
  line_reader_open(r, path);
  if (r->gz && (begin > 0 || end >= 0))
    jn_die("%s: a gzip file cannot be split into byte ranges: give the corpus uncompressed, or as "
           "a list of files (one or more per rank)", path);
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
  if (n < 0) {
    if (ferror(r->f))
      jn_die("%s:%ld: cannot read: %s", r->name, r->line + 1,
             r->gz ? (*r->gz->message ? r->gz->message : "broken gzip data") : strerror(errno));
    return NULL;
  }
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
