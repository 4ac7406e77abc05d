/* checksum_memo.c: the path/size/mtime/inode -> SHA-256 memo. */
#include "data/checksum_memo.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "data/sha256.h"
#include "model/base.h"

static int make_dirs(char *path) {
  for (char *p = path + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    int bad = mkdir(path, 0755) != 0 && errno != EEXIST;
    *p = '/';
    if (bad) return -1;
  }
  return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

char *jn_cache_dir(void) {
  const char *env = getenv("JOINTNER_CACHE"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  char *dir;
  if (env && !strcmp(env, "off")) return NULL;
  if (env && *env) dir = jn_strdup(env);
  else if (xdg && *xdg) dir = jn_format("%s/jointner", xdg);
  else if (home && *home) dir = jn_format("%s/.cache/jointner", home);
  else return NULL;
  if (make_dirs(dir) != 0) {
    free(dir);
    return NULL;
  }
  return dir;
}

/* What identifies a file's state. */
typedef struct {
  char path[PATH_MAX];
  long long size, mtime_ns, inode, device;
} FileKey;

static void file_key(const char *path, FileKey *k) {
  struct stat st;
  if (stat(path, &st) != 0) jn_die("%s: cannot open: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode)) jn_die("%s: not a regular file (data files are hashed whole)", path);
  if (!realpath(path, k->path)) jn_die("%s: cannot resolve: %s", path, strerror(errno));
  k->size = (long long)st.st_size;
  k->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
  k->inode = (long long)st.st_ino;
  k->device = (long long)st.st_dev;
}

long long jn_wall_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int jn_memo_racy(long long mtime_ns, long long read_ns) { return read_ns - mtime_ns < 2000000000LL; }

char *jn_cache_file(const char *name) {
  char *dir = jn_cache_dir();
  if (!dir) return NULL;
  char *path = jn_format("%s/%s", dir, name);
  free(dir);
  return path;
}

static char *memo_path(void) { return jn_cache_file("checksums.tsv"); }

static int is_hex64(const char *s) {
  for (int i = 0; i < 64; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
  return s[64] == '\0';
}

/* The last entry for k's path and state; 1 if there is one. A line is
 * "HEX SIZE MTIME_NS INODE DEVICE PATH" separated by TABs. */
static int memo_lookup(const FileKey *k, char hex[65]) {
  char *path = memo_path();
  FILE *f = path ? fopen(path, "r") : NULL;
  free(path);
  if (!f) return 0;
  char *line = NULL;
  size_t cap = 0;
  int found = 0;
  while (getline(&line, &cap, f) > 0) {
    char h[65], *rest;
    long long size, mtime, inode, device;
    int used = 0;
    if (sscanf(line, "%64s\t%lld\t%lld\t%lld\t%lld\t%n", h, &size, &mtime, &inode, &device, &used) != 5 ||
        !used || !is_hex64(h))
      continue;
    rest = line + used;
    rest[strcspn(rest, "\n")] = '\0';
    if (!strcmp(rest, k->path) && size == k->size && mtime == k->mtime_ns && inode == k->inode &&
        device == k->device) {
      memcpy(hex, h, 65);
      found = 1;
    }
  }
  free(line);
  fclose(f);
  return found;
}

static void memo_add(const FileKey *k, const char hex[65], long long hashed_at) {
  if (jn_memo_racy(k->mtime_ns, hashed_at) || strchr(k->path, '\n')) return;
  char *path = memo_path();
  if (!path) return;
  char *line = jn_format("%s\t%lld\t%lld\t%lld\t%lld\t%s\n", hex, k->size, k->mtime_ns, k->inode,
                         k->device, k->path);
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd >= 0) {
    ssize_t n = write(fd, line, strlen(line));
    (void)n; /* a lost entry costs a rehash, nothing else */
    close(fd);
  }
  free(line);
  free(path);
}

/* Hashes the file and checks that it did not change meanwhile. */
static void hash_now(const char *path, const FileKey *before, char hex[65]) {
  long long at = jn_wall_ns();
  sha256_file(path, hex);
  FileKey after;
  file_key(path, &after);
  if (after.size != before->size || after.mtime_ns != before->mtime_ns || after.inode != before->inode)
    jn_die("%s: the file changed while it was being hashed", path);
  memo_add(before, hex, at);
}

void checksum_file(const char *path, char hex[65]) {
  FileKey k;
  file_key(path, &k);
  if (memo_lookup(&k, hex)) return;
  hash_now(path, &k, hex);
}

int checksum_verify(const char *path, char hex[65], char memo_hex[65]) {
  FileKey k;
  file_key(path, &k);
  int had = memo_lookup(&k, memo_hex);
  hash_now(path, &k, hex);
  return had && strcmp(hex, memo_hex) != 0;
}
