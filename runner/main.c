/* main.c: `jointner <command> ...` dispatch. */
#include <stdio.h>
#include <string.h>
#include "runner/commands.h"

static void usage(FILE *out) {
  fputs("usage: jointner <command> [options]\n\ncommands:\n", out);
  for (const Command *c = jn_commands; c->name; c++) fprintf(out, "  %-10s %s\n", c->name, c->summary);
  fputs("\n`jointner <command> --help` describes a command.\n", out);
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  for (const Command *c = jn_commands; c->name; c++)
    if (!strcmp(argv[1], c->name)) return c->run(argc - 1, argv + 1);
  fprintf(stderr, "jointner: error: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
