/* slurm_common.c: what submit and status share: running SLURM's
 * commands, JSON files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/slurm/slurm_common.h"
#include "data/files.h"

int run_program(char *const argv[], char **out, int quiet) {
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

