/* files.c: folder creation and atomic whole-file writes. */
#include "runner/files.h"
#include <errno.h>
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

void write_file_atomically(const char *path, const char *text) {
  char *old = read_file_or_null(path);
  int same = old && !strcmp(old, text);
  free(old);
  if (same) return;
  char *tmp = temp_path(path);
  FILE *f = fopen(tmp, "wb");
  if (!f) jn_die("cannot write %s: %s", tmp, strerror(errno));
  fputs(text, f);
  if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0)
    jn_die("cannot write %s: %s", tmp, strerror(errno));
  if (rename(tmp, path) != 0) jn_die("cannot rename %s to %s: %s", tmp, path, strerror(errno));
  free(tmp);
}
