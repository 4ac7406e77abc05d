/* grid_child.c: vfork, exec and watch one job.
 *
 * vfork, not fork: an MPI rank maps large shared-memory segments, and
 * copying its page tables made fork take ~12 ms here (vfork: ~0.1 ms). The
 * child shares the parent's memory until it execs, so it makes system calls
 * only (no allocation, no stdio, no return): argv, envp and the file
 * descriptors are all prepared before the vfork. The parent waits on a
 * pidfd: it wakes the moment the child exits, and checks the stop request
 * and the time limit every 50 ms in between. */
#include "runner/grid/grid_child.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/grid/grid_status_log.h"

extern char **environ;

/* The pidfd wakes the parent when the child exits; the poll timeout only
 * bounds how late a stop request or the time limit is acted on. */
enum { POLL_MS = 50 };

static int is_mpi_variable(const char *entry) {
  return !strncmp(entry, "OMPI_", 5) || !strncmp(entry, "PMIX_", 5);
}

/* environ without OMPI_* and PMIX_* (and OPENBLAS_NUM_THREADS=1 when asked);
 * the strings are environ's own. */
static char **child_environment(int single_blas_thread) {
  int n = 0;
  while (environ[n]) n++;
  char **env = jn_malloc(sizeof *env * (size_t)(n + 2));
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (is_mpi_variable(environ[i])) continue;
    if (single_blas_thread && !strncmp(environ[i], "OPENBLAS_NUM_THREADS=", 21)) continue;
    env[k++] = environ[i];
  }
  if (single_blas_thread) env[k++] = (char *)"OPENBLAS_NUM_THREADS=1";
  env[k] = NULL;
  return env;
}

static void write_header(int fd, const char *command, const char *config_path, const char *note) {
  char now[32], line[4600];
  format_utc(wall_clock_now(), now);
  int n = snprintf(line, sizeof line, "\n==== %s jointner %s --config %s (%s) ====\n", now, command,
                   config_path, note);
  if (n > 0 && write(fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) < 0)
    fprintf(stderr, "jointner: warning: cannot write to a job log: %s\n", strerror(errno));
}

/* In the vforked child, before exec: system calls only; never returns. */
static void exec_child(pid_t parent, int log_fd, int null_fd, char **argv, char **env) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127); /* the parent died before prctl */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  int reset[] = {SIGTERM, SIGUSR1, SIGINT, SIGPIPE, SIGCHLD};
  for (size_t i = 0; i < sizeof reset / sizeof *reset; i++) sigaction(reset[i], &dfl, NULL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  dup2(null_fd, 0);
  dup2(log_fd, 1);
  dup2(log_fd, 2);
  execve("/proc/self/exe", argv, env);
  _exit(127);
}

static void signal_group(pid_t pid, int sig) {
  if (kill(-pid, sig) != 0) kill(pid, sig);
}

void child_run(JobKind kind, const char *config_path, const char *log_path, const char *log_note,
               const ChildLimits *limits, const ChildHooks *hooks, ChildResult *result) {
  const char *command = kind == JOB_PRETRAIN ? "pretrain" : "train";
  char *argv[] = {(char *)"jointner", (char *)command, (char *)"--config", (char *)config_path, NULL};
  char **env = child_environment(limits->single_blas_thread);
  int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (log_fd < 0) jn_die("cannot open %s: %s", log_path, strerror(errno));
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) jn_die("cannot open /dev/null: %s", strerror(errno));
  write_header(log_fd, command, config_path, log_note);
  memset(result, 0, sizeof *result);
  pid_t parent = getpid();
  fflush(NULL);
  pid_t pid = vfork();
  if (pid < 0) jn_die("vfork: %s", strerror(errno));
  if (pid == 0) exec_child(parent, log_fd, null_fd, argv, env);
  setpgid(pid, pid); /* also done by the child; whichever runs first */
  close(log_fd);
  close(null_fd);
  free(env);
  result->pid = (int)pid;
  result->start = wall_clock_now();
  if (hooks->started) hooks->started(hooks->ctx, result);
  /* without pidfd support (Linux < 5.3) the poll below is a plain sleep */
  struct pollfd exited = {(int)syscall(SYS_pidfd_open, pid, 0), POLLIN, 0};
  double began = jn_now(), term_sent_at = -1;
  int killed = 0, status = 0;
  for (;;) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) jn_die("waitpid: %s", strerror(errno));
    double now = jn_now();
    if (term_sent_at < 0) {
      result->stopped = hooks->should_stop && hooks->should_stop(hooks->ctx);
      result->timed_out = !result->stopped && limits->time_limit > 0 &&
                          now - began >= limits->time_limit;
      if (result->stopped || result->timed_out) {
        signal_group(pid, SIGTERM);
        term_sent_at = now;
      }
    } else if (!killed && now - term_sent_at >= limits->grace) {
      signal_group(pid, SIGKILL);
      killed = 1;
    }
    poll(&exited, exited.fd >= 0, POLL_MS);
  }
  if (exited.fd >= 0) close(exited.fd);
  result->end = wall_clock_now();
  result->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result->term_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

void child_describe_end(const ChildResult *r, const ChildLimits *limits, char *text, size_t size) {
  char how[96];
  if (r->term_signal)
    snprintf(how, sizeof how, "killed by signal %d (%s)", r->term_signal, strsignal(r->term_signal));
  else
    snprintf(how, sizeof how, "exit %d", r->exit_code);
  if (r->timed_out)
    snprintf(text, size, "time limit %.0f s reached (%s)", limits->time_limit, how);
  else
    snprintf(text, size, "%s", how);
}
