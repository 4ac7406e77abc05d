/* slurm_common.c: `jointner slurm` dispatch and helpers shared by submit
 * and status: running SLURM's commands, reading run records cheaply, JSON
 * files. */
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/run_record.h"
#include "runner/slurm/slurm.h"
#include "runner/files.h"

static const char USAGE[] =
    "usage: jointner slurm submit --config GRID.json [options]\n"
    "       jointner slurm status (--config GRID.json | RESULTS_DIR) [--all] [--watch S]\n"
    "\n"
    "submit writes sbatch scripts into RESULTS/slurm/ and submits them: one MPI\n"
    "pre-training job per pre-training run, the training runs as job arrays (per\n"
    "language; those needing a pre-training depend on it with afterok), and a tables\n"
    "job (afterany on all). Runs whose record is complete are not submitted again.\n"
    "`jointner slurm submit --help` and `jointner slurm status --help` list the options.\n";

int cmd_slurm(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? JN_EXIT_ERROR : 0;
  }
  if (!strcmp(argv[1], "submit")) return slurm_submit_main(argc - 1, argv + 1);
  if (!strcmp(argv[1], "status")) return slurm_status_main(argc - 1, argv + 1);
  fprintf(stderr, "jointner slurm: unknown subcommand '%s'\n%s", argv[1], USAGE);
  return JN_EXIT_ERROR;
}

int slurm_run(char *const argv[], char **out, int quiet) {
  int fd[2];
  if (pipe(fd) != 0) jn_die("slurm: pipe: %s", strerror(errno));
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) jn_die("slurm: fork: %s", strerror(errno));
  if (pid == 0) {
    close(fd[0]);
    dup2(fd[1], 1);
    close(fd[1]);
    if (quiet) {
      int null = open("/dev/null", O_WRONLY);
      if (null >= 0) dup2(null, 2);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "jointner slurm: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(fd[1]);
  size_t n = 0, cap = 4096;
  char *buf = jn_malloc(cap);
  for (;;) {
    if (n + 1 >= cap) buf = jn_realloc(buf, cap *= 2);
    ssize_t r = read(fd[0], buf + n, cap - n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += (size_t)r;
  }
  buf[n] = '\0';
  close(fd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) jn_die("slurm: waitpid: %s", strerror(errno));
  if (out) *out = buf;
  else free(buf);
  if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
  return -1;
}

/* ---- run records: root attributes only ---------------------------------- */

static char *read_string_attr(hid_t loc, const char *obj, const char *name) {
  if (H5Aexists_by_name(loc, obj, name, H5P_DEFAULT) <= 0) return NULL;
  hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) return NULL;
  hid_t ft = H5Aget_type(a);
  char *value = NULL;
  if (ft >= 0 && H5Tget_class(ft) == H5T_STRING) {
    if (H5Tis_variable_str(ft) > 0) {
      hid_t mt = H5Tcopy(ft); /* same cset: HDF5 does not convert ASCII <-> UTF-8 */
      char *v = NULL;
      if (H5Aread(a, mt, &v) >= 0 && v) {
        value = jn_strdup(v);
        H5free_memory(v);
      }
      H5Tclose(mt);
    } else {
      size_t n = H5Tget_size(ft);
      value = jn_calloc(n + 1, 1);
      hid_t mt = H5Tcopy(ft);
      H5Tset_size(mt, n + 1);
      H5Tset_strpad(mt, H5T_STR_NULLTERM);
      if (H5Aread(a, mt, value) < 0) value[0] = '\0';
      H5Tclose(mt);
    }
  }
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return value;
}

static int read_number_attr(hid_t loc, const char *obj, const char *name, double *v) {
  if (H5Lexists(loc, obj, H5P_DEFAULT) <= 0 && strcmp(obj, "/")) return 0;
  if (H5Aexists_by_name(loc, obj, name, H5P_DEFAULT) <= 0) return 0;
  hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) return 0;
  hid_t space = H5Aget_space(a); /* one value, or H5Aread writes past v */
  int ok = space >= 0 && H5Sget_simple_extent_npoints(space) == 1 && H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0;
  if (space >= 0) H5Sclose(space);
  H5Aclose(a);
  return ok;
}

static void read_record_state(const char *path, RecordState *st) {
  *st = (RecordState){0, 0, -1, -1, -1, -1};
  struct stat sb;
  if (stat(path, &sb) != 0) return;
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_file_locking(fapl, 0, 1);
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  H5Pclose(fapl);
  if (f < 0) return;
  st->exists = 1;
  char *status = read_string_attr(f, "/", "status");
  st->complete = status && !strcmp(status, "complete");
  free(status);
  double v;
  if (read_number_attr(f, "/", "slurm_restart_count", &v)) st->restarts = (int)v;
  if (read_number_attr(f, "/checkpoint", "epoch", &v)) st->epoch = (int)v;
  if (read_number_attr(f, "/checkpoint", "step", &v)) st->step = (int)v;
  if (read_number_attr(f, "/final", "test_f1", &v)) st->test_f1 = v;
  H5Fclose(f);
}

/* read_record_state for record_guarded_read (libhdf5 loops or crashes on
 * some corrupt files). */
static int try_read_record_state(const char *path, char *why, size_t why_size) {
  (void)why, (void)why_size;
  RecordState st;
  read_record_state(path, &st);
  return 0;
}

void slurm_record_state(const char *path, RecordState *st) {
  char why[256];
  *st = (RecordState){0, 0, -1, -1, -1, -1};
  if (access(path, F_OK) != 0) return;
  if (record_guarded_read(path, try_read_record_state, why, sizeof why) != 0) {
    st->exists = 1; /* there, but unusable: not complete */
    return;
  }
  read_record_state(path, st);
}

/* ---- files ----------------------------------------------------------------- */

cJSON *slurm_read_json(const char *path) {
  if (access(path, F_OK) != 0) return NULL;
  char *text = jn_read_file(path);
  cJSON *j = cJSON_Parse(text);
  free(text);
  if (!j) jn_die("%s: not valid JSON", path);
  return j;
}

void slurm_write_json(const char *path, const cJSON *json) {
  char *text = cJSON_Print(json), *line = jn_format("%s\n", text);
  write_file_atomically(path, line);
  free(line);
  free(text);
}

