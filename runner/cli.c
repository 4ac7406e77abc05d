/* cli.c: command dispatch and option reading (cli.h). */
#include "runner/cli.h"
#include <string.h>
#include "model/base.h"

int cli_dispatch(const Command *table, const char *usage, int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? JN_EXIT_ERROR : 0;
  }
  for (const Command *c = table; c->name; c++)
    if (!strcmp(argv[1], c->name)) return c->run(argc - 1, argv + 1);
  return -1;
}

/* getopt's short-option string for opts: ":" (report a missing value as
 * ':'), then each letter, with ':' after one that takes a value. */
static void short_options(const struct option *opts, char *out, size_t size) {
  size_t n = 0;
  out[n++] = ':';
  for (const struct option *o = opts; o->name && n + 3 < size; o++) {
    out[n++] = (char)o->val;
    if (o->has_arg == required_argument) out[n++] = ':';
  }
  out[n] = '\0';
}

static int usage_error(const char *name, const char *usage, int *status, const char *fmt,
                       const char *arg) {
  fprintf(stderr, "jointner: error: %s: ", name);
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s", usage);
  *status = JN_EXIT_ERROR;
  return -1;
}

int cli_option(int argc, char **argv, const char *name, const struct option *opts,
               const char *usage, int *status) {
  static char **started; /* the argv being read: a new one starts at argv[1] */
  if (started != argv) {
    started = argv;
    optind = 0; /* glibc: 0 reinitialises getopt */
  }
  char shorts[128];
  short_options(opts, shorts, sizeof shorts);
  opterr = 0;
  int c = getopt_long(argc, argv, shorts, opts, NULL);
  if (c == -1) {
    started = NULL;
    return 0;
  }
  if (c == 'h') {
    fputs(usage, stdout);
    *status = 0;
    started = NULL;
    return -1;
  }
  started = c == '?' || c == ':' ? NULL : started;
  if (c == ':') return usage_error(name, usage, status, "%s needs a value", argv[optind - 1]);
  if (c == '?') return usage_error(name, usage, status, "unknown option '%s'", argv[optind - 1]);
  return c;
}

int cli_no_arguments(int argc, char **argv, const char *name, const char *usage) {
  if (optind >= argc) return 0;
  int status;
  usage_error(name, usage, &status, "unexpected argument '%s'", argv[optind]);
  return status;
}
