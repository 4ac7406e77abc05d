/* record_lock.c: flock on RECORD.lock, and the leftovers of dead writers. */
#include "runner/record_lock.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "model/base.h"
#include "data/files.h"

/* 1 if name is base.tmp.<digits> */
static int is_temp_of(const char *name, const char *base) {
  size_t n = strlen(base);
  if (strncmp(name, base, n) || strncmp(name + n, ".tmp.", 5)) return 0;
  const char *pid = name + n + 5;
  if (!*pid) return 0;
  for (; *pid; pid++)
    if (*pid < '0' || *pid > '9') return 0;
  return 1;
}

static void remove_stale_temp_files(const char *path) {
  char *dir_copy = jn_strdup(path), *base_copy = jn_strdup(path);
  const char *dir = dirname(dir_copy), *base = basename(base_copy);
  DIR *listing = opendir(dir);
  for (struct dirent *e; listing && (e = readdir(listing));) {
    if (!is_temp_of(e->d_name, base)) continue;
    char *stale = jn_format("%s/%s", dir, e->d_name);
    if (unlink(stale) == 0) fprintf(stderr, "jointner: removed %s, left by a killed writer\n", stale);
    free(stale);
  }
  if (listing) closedir(listing);
  free(dir_copy);
  free(base_copy);
}

int hold_exclusive_lock(const char *lock_path, char holder[128]) {
  int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) jn_die("%s: cannot open: %s", lock_path, strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ssize_t n = read(fd, holder, 127);
    holder[n > 0 ? n : 0] = '\0';
    close(fd);
    return -1;
  }
  char host[64] = "unknown";
  gethostname(host, sizeof host - 1);
  int n = snprintf(holder, 128, "pid %d on %s", (int)getpid(), host);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, holder, (size_t)n, 0) != n)
    fprintf(stderr, "jointner: warning: cannot write %s\n", lock_path);
  return 0; /* fd stays open: the lock lasts until the process ends */
}

void record_lock(const char *path) {
  refuse_non_regular_file(path);
  make_parent_directories(path);
  char *lock_path = jn_format("%s.lock", path);
  refuse_non_regular_file(lock_path);
  char holder[128];
  if (hold_exclusive_lock(lock_path, holder) != 0)
    jn_die("%s: another jointner is writing this run record (%s); wait for it or stop it", path,
           *holder ? holder : "see its .lock file");
  remove_stale_temp_files(path);
  free(lock_path);
}
