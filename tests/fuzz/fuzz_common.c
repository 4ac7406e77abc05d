/* fuzz_common.c: exit(2) turned into a return, and inputs as files. */
#include "fuzz_common.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void __real_exit(int status) __attribute__((noreturn));
void __wrap_exit(int status) __attribute__((noreturn));

static jmp_buf *landing; /* set inside fuzz_expect_error */

void __wrap_exit(int status) {
  if (landing && status == 2) {
    jmp_buf *to = landing;
    landing = NULL;
    longjmp(*to, 1);
  }
  __real_exit(status);
}

enum { MAX_LEFT_OPEN = 64 };

/* A reader that dies leaves its files open (nothing returns to close
 * them); thousands of rejected inputs would use up the descriptors. */
static void close_descriptors_from(int lowest) {
  for (int fd = lowest; fd < lowest + MAX_LEFT_OPEN; fd++) close(fd);
}

int fuzz_expect_error(void (*body)(void *arg), void *arg) {
  volatile int lowest = dup(0); /* the lowest free descriptor */
  close(lowest);
  jmp_buf here;
  if (setjmp(here)) {
    close_descriptors_from(lowest);
    return 1;
  }
  landing = &here;
  body(arg);
  landing = NULL;
  return 0;
}

const char *fuzz_dir(void) {
  static char dir[4096];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "%s/jointner-fuzz-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
      perror(dir);
      abort();
    }
    strcat(dir, "/");
  }
  return dir;
}

const char *fuzz_input_file(const uint8_t *data, size_t size, const char *name) {
  static char path[4096];
  snprintf(path, sizeof path, "%s%s", fuzz_dir(), name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    perror(path);
    abort();
  }
  return path;
}
