/* files.c: folder creation and atomic writes, whole or streamed. */
#include "data/files.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model/base.h"

void make_directories(const char *path) {
  char *partial = jn_strdup(path);
  for (char *slash = strchr(partial + 1, '/');; slash = strchr(slash + 1, '/')) {
    if (slash) *slash = '\0';
    if (*partial && mkdir(partial, 0777) != 0 && errno != EEXIST)
      jn_die("cannot create the folder %s: %s", partial, strerror(errno));
    if (!slash) break;
    *slash = '/';
  }
  free(partial);
}

void make_parent_directories(const char *path) {
  char *dir = jn_strdup(path), *slash = strrchr(dir, '/');
  if (slash && slash != dir) {
    *slash = '\0';
    make_directories(dir);
  }
  free(dir);
}

char *path_in_dir(const char *dir, const char *path) {
  return path[0] == '/' || !dir[0] ? jn_strdup(path) : jn_format("%s/%s", dir, path);
}

char *temp_path(const char *path) { return jn_format("%s.tmp.%d", path, (int)getpid()); }

char *read_file_or_null(const char *path) {
  return access(path, R_OK) == 0 ? jn_read_file(path) : NULL;
}

void refuse_non_regular_file(const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
    jn_die("%s: exists and is not a regular file; refusing to replace it", path);
}

/* Writes all of data to fd; 0 or -1 (errno set). */
static int write_all(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

static void fsync_folder_of(const char *path) {
  char *dir = jn_strdup(path);
  int fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd); /* some file systems refuse it for folders; the rename is done */
    close(fd);
  }
  free(dir);
}

void write_bytes_atomically(const char *path, const void *data, size_t size) {
  refuse_non_regular_file(path);
  char *tmp = temp_path(path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) jn_die("cannot write %s: %s", tmp, strerror(errno));
  int failed = write_all(fd, data, size) != 0 || fsync(fd) != 0;
  int saved = errno;
  failed |= close(fd) != 0;
  if (failed || rename(tmp, path) != 0) {
    saved = failed ? saved : errno;
    unlink(tmp);
    jn_die("cannot write %s: %s (nothing of it kept)", path, strerror(saved));
  }
  fsync_folder_of(path);
  free(tmp);
}

void write_file_atomically(const char *path, const char *text) {
  char *old = read_file_or_null(path);
  int same = old && !strcmp(old, text);
  free(old);
  if (!same) write_bytes_atomically(path, text, strlen(text));
}

FILE *output_open_at(const char *path, const char *src_file, int src_line) {
  refuse_non_regular_file(path);
  char *tmp = temp_path(path);
  FILE *f = fopen(tmp, "w");
  if (!f) jn_die("cannot write %s: %s (%s:%d)", tmp, strerror(errno), src_file, src_line);
  free(tmp);
  return f;
}

void output_close_at(FILE *f, const char *path, const char *src_file, int src_line) {
  char *tmp = temp_path(path);
  errno = 0;
  int failed = ferror(f) | (fflush(f) != 0) || fsync(fileno(f)) != 0;
  int saved = errno ? errno : EIO;
  failed |= fclose(f) != 0;
  if (failed || rename(tmp, path) != 0) {
    saved = failed ? saved : errno;
    unlink(tmp);
    jn_die("cannot write %s: %s (nothing of it kept; %s:%d)", path, strerror(saved), src_file,
           src_line);
  }
  fsync_folder_of(path);
  free(tmp);
}
