/* record_load.c: record_load, the only way the runner reads a whole
 * record, record_load_summary, the way it lists and tables records, and
 * record_load_state, the way it reads a record's state. A
 * corrupt HDF5 file can make libhdf5 loop forever or crash, so the file is
 * first read and checked in a child with a time limit; only a record the
 * child accepted is read again here. Both reads go through one open file
 * descriptor (/proc/self/fd/N), so a record renamed over the path in
 * between is not read by mistake. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "runner/record_memo.h"
#include "runner/record_read.h"
#include "runner/run_record.h"
#include "runner/watched_child.h"

/* The time a child gets: $JOINTNER_RECORD_READ_SECONDS, or by default
 * generous for a healthy record on a slow shared file system (a paper-size
 * record is ~20 MB and reads in well under 1 s). */
static double read_time_limit(size_t bytes) {
  const char *set = getenv("JOINTNER_RECORD_READ_SECONDS");
  double seconds = set ? atof(set) : 0;
  return seconds > 0 ? seconds : 20.0 + (double)bytes / 5e6;
}

typedef struct {
  const char *path;
  size_t bytes;
} RecordFile;

static int read_in_child(void *arg, char *why, size_t why_size) {
  const RecordFile *f = arg;
  RunRecord r;
  int status = record_read(f->path, f->bytes, 0, &r, why, why_size);
  if (status == 0) record_free(&r);
  return status;
}

/* Opens path, which must be a regular file: 0 and the open descriptor,
 * with the path to read it by (/proc/self/fd/N) and its size; or -1 and
 * why. */
static int open_regular(const char *path, int *fd_out, char fd_path[64], RecordFile *file,
                        char *why, size_t why_size) {
  why[0] = '\0';
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    snprintf(why, why_size, errno == ENOENT ? "no record" : "cannot open: %s", strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(why, why_size, "not a regular file");
    close(fd);
    return -1;
  }
  snprintf(fd_path, 64, "/proc/self/fd/%d", fd);
  *file = (RecordFile){access(fd_path, R_OK) == 0 ? fd_path : path, (size_t)st.st_size};
  *fd_out = fd;
  return 0;
}

/* run_in_watched_child's status as 0, or -1 and why. */
static int explain(int status, const char *child_why, char *why, size_t why_size) {
  if (status == -2)
    snprintf(why, why_size, "reading it (libhdf5) %s", child_why);
  else if (status != 0)
    snprintf(why, why_size, "%s", child_why);
  return status == 0 ? 0 : -1;
}

/* The state is read in the child only to see that libhdf5 gets through
 * the file; a file that is not HDF5 is for the parent to find. */
static int read_state_in_child(void *arg, char *why, size_t why_size) {
  (void)why, (void)why_size;
  const RecordFile *f = arg;
  RecordState st;
  record_read_state(f->path, f->bytes, &st);
  return 0;
}

void record_load_state(const char *path, RecordState *st) {
  *st = (RecordState){0, 0, -1, -1, -1, -1};
  if (access(path, F_OK) != 0) return;
  int fd;
  char fd_path[64], why[512], child_why[512];
  RecordFile file;
  if (open_regular(path, &fd, fd_path, &file, why, sizeof why) != 0) {
    st->exists = 1; /* there, but unusable: not complete */
    return;
  }
  int status = run_in_watched_child(read_state_in_child, &file, read_time_limit(file.bytes),
                                    child_why, sizeof child_why);
  if (status == 0)
    record_read_state(file.path, file.bytes, st);
  else
    st->exists = 1;
  close(fd);
}

/* The file read whole: first in a child, then here; 0 or -1 and why. */
static int load_whole(const RecordFile *file, RunRecord *r, char *why, size_t why_size) {
  char child_why[512];
  int status = run_in_watched_child(read_in_child, (void *)file, read_time_limit(file->bytes),
                                    child_why, sizeof child_why);
  if (explain(status, child_why, why, why_size) == 0)
    status = record_read(file->path, file->bytes, 0, r, why, why_size);
  return status == 0 ? 0 : -1;
}

/* record_load (summary 0) and record_load_summary (summary 1). */
static int load(const char *path, int summary, RunRecord *r, char *why, size_t why_size) {
  memset(r, 0, sizeof *r);
  int fd;
  char fd_path[64];
  RecordFile file;
  if (open_regular(path, &fd, fd_path, &file, why, why_size) != 0) return -1;
  RecordFileState state;
  int keyed = summary && record_file_state(fd, path, &state) == 0, status;
  if (keyed && record_memo_known_sound(&state)) {
    status = record_read(file.path, file.bytes, 1, r, why, why_size) == 0 ? 0 : -1;
  } else {
    status = load_whole(&file, r, why, why_size);
    if (status == 0 && keyed && !strcmp(r->status, "complete")) record_memo_remember(fd, &state);
    if (status == 0 && summary) {
      free(r->best_params), free(r->params), free(r->adam_m), free(r->adam_v);
      r->best_params = r->params = r->adam_m = r->adam_v = NULL;
    }
  }
  close(fd);
  return status;
}

int record_load(const char *path, RunRecord *r, char *why, size_t why_size) {
  return load(path, 0, r, why, why_size);
}

int record_load_summary(const char *path, RunRecord *r, char *why, size_t why_size) {
  return load(path, 1, r, why, why_size);
}
