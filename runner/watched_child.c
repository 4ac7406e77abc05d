/* watched_child.c: fork, a pipe for the message, poll with a deadline,
 * SIGKILL past it. The child leaves with _exit: no atexit handlers, no
 * flushing of the parent's stdio buffers or HDF5 state. */
#include "runner/watched_child.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "model/base.h"

enum { MESSAGE_BYTES = 512, REJECTED = 3 }; /* REJECTED: fn returned -1 (a sanitizer exits 1) */

static void child(int (*fn)(void *, char *, size_t), void *arg, int out) {
  char why[MESSAGE_BYTES] = "";
  int status = fn(arg, why, sizeof why);
  ssize_t ignored = write(out, why, strnlen(why, sizeof why - 1));
  (void)ignored;
  _exit(status == 0 ? 0 : REJECTED);
}

/* Reads the child's message until it closes the pipe or the deadline
 * passes; 1 on time, 0 past the deadline. */
static int read_message(int in, double deadline, char *message, size_t *used) {
  for (;;) {
    double left = deadline - jn_now();
    if (left <= 0) return 0;
    struct pollfd p = {in, POLLIN, 0};
    int ready = poll(&p, 1, (int)(left * 1000) + 1);
    if (ready < 0 && errno != EINTR) jn_die("poll: %s", strerror(errno));
    if (ready <= 0) continue;
    ssize_t n = read(in, message + *used, MESSAGE_BYTES - 1 - *used);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 1;
    *used += (size_t)n;
  }
}

int run_in_watched_child(int (*fn)(void *arg, char *why, size_t why_size), void *arg,
                         double seconds, char *why, size_t why_size) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) jn_die("pipe: %s", strerror(errno));
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) jn_die("fork: %s", strerror(errno));
  if (pid == 0) {
    close(fds[0]);
    child(fn, arg, fds[1]);
  }
  close(fds[1]);
  char message[MESSAGE_BYTES];
  size_t used = 0;
  int on_time = read_message(fds[0], jn_now() + seconds, message, &used);
  message[used] = '\0';
  close(fds[0]);
  if (!on_time) kill(pid, SIGKILL);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) jn_die("waitpid: %s", strerror(errno));
  if (!on_time)
    snprintf(why, why_size, "still not done after %.0f s (killed)", seconds);
  else if (WIFSIGNALED(status))
    snprintf(why, why_size, "crashed (signal %d)", WTERMSIG(status));
  else if (WEXITSTATUS(status) == REJECTED)
    snprintf(why, why_size, "%s", message);
  else if (WEXITSTATUS(status) != 0)
    snprintf(why, why_size, "failed (exit status %d)", WEXITSTATUS(status));
  if (!on_time || !WIFEXITED(status)) return -2;
  return WEXITSTATUS(status) == 0 ? 0 : WEXITSTATUS(status) == REJECTED ? -1 : -2;
}
