/* main.c: `jointner <command> ...`: dispatch only (commands.c names the
 * commands). */
#include <stdio.h>
#include <stdlib.h>
#include "model/base.h"
#include "model/blas_kernels.h"
#include "runner/commands.h"

/* The usage: the command table, one line each (malloc'd). */
static char *usage(void) {
  char *text = jn_strdup("usage: jointner <command> [options]\n\ncommands:\n");
  for (const Command *c = jn_commands; c->name; c++) {
    char *more = jn_format("%s  %-10s %s\n", text, c->name, c->summary);
    free(text);
    text = more;
  }
  char *all = jn_format("%s\n`jointner <command> --help` describes a command.\n", text);
  free(text);
  return all;
}

int main(int argc, char **argv) {
  static char *text; /* a global root: a command may exit() */
  blas_kernels_choose(argv);
  jn_flush_denormals();
  text = usage();
  int status = cli_dispatch(jn_commands, text, argc, argv);
  if (status < 0) {
    fprintf(stderr, "jointner: error: unknown command '%s'\n%s", argv[1], text);
    status = JN_EXIT_ERROR;
  }
  free(text);
  return status;
}
