/* record_memo.c: the memo of records found sound, by file state. */
#include "runner/record_memo.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "data/checksum_memo.h"
#include "model/base.h"

int record_file_state(int fd, const char *path, RecordFileState *s) {
  struct stat st;
  memset(s, 0, sizeof *s);
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !realpath(path, s->path) ||
      strchr(s->path, '\n') || strchr(s->path, '\t'))
    return -1;
  s->size = (long long)st.st_size;
  s->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  s->inode = (long long)st.st_ino;
  s->device = (long long)st.st_dev;
  s->taken_ns = jn_wall_ns();
  return 0;
}

/* CACHE_DIR/records.tsv (malloc'd), or NULL when the cache is off. */
static char *memo_path(void) { return jn_cache_file("records.tsv"); }

/* A line: "SIZE MTIME_NS INODE DEVICE PATH", separated by tabs. */
static char *memo_line(const RecordFileState *s) {
  return jn_format("%lld\t%lld\t%lld\t%lld\t%s\n", s->size, s->mtime_ns, s->inode, s->device,
                   s->path);
}

int record_memo_known_sound(const RecordFileState *s) {
  char *path = memo_path();
  FILE *f = path ? fopen(path, "r") : NULL;
  free(path);
  if (!f) return 0;
  char *want = memo_line(s), *line = NULL;
  size_t capacity = 0;
  int found = 0;
  while (!found && getline(&line, &capacity, f) > 0) found = !strcmp(line, want);
  free(line);
  free(want);
  fclose(f);
  return found;
}

void record_memo_remember(int fd, const RecordFileState *s) {
  RecordFileState now;
  if (jn_memo_racy(s->mtime_ns, s->taken_ns) || record_file_state(fd, s->path, &now) != 0 ||
      now.size != s->size || now.mtime_ns != s->mtime_ns || now.inode != s->inode ||
      now.device != s->device || record_memo_known_sound(s))
    return;
  char *path = memo_path();
  if (!path) return;
  char *line = memo_line(s);
  int memo = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (memo >= 0) {
    ssize_t n = write(memo, line, strlen(line));
    (void)n; /* a lost line costs a whole read next time, nothing else */
    close(memo);
  }
  free(line);
  free(path);
}
