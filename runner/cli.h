/* cli.h: the one command-line idiom of every jointner command.
 *
 * A command is `int cmd_NAME(int argc, char **argv)`: argv[0] is its own
 * name, the return value the process's exit status. The binary's main and a
 * command with subcommands (data, vectors, slurm) only dispatch, through a
 * Command table and cli_dispatch. Options are read with getopt_long through
 * cli_option, which handles --help, unknown options, missing values and
 * stray arguments the same way for every command:
 *
 *   static const struct option OPTS[] = {{"out", required_argument, 0, 'o'}, CLI_HELP, CLI_END};
 *   int c, status;
 *   while ((c = cli_option(argc, argv, "data text", OPTS, USAGE, &status)) > 0)
 *     if (c == 'o') out = optarg; ...
 *   if (c < 0) return status;        (help given, or a usage error)
 *   ... argv[optind..argc-1] are the command's arguments (cli_no_arguments) */
#ifndef JN_CLI_H
#define JN_CLI_H
#include <getopt.h> /* struct option, optarg, optind */
#include <stdio.h>

typedef int (*CommandFn)(int argc, char **argv);
typedef struct {
  const char *name;
  CommandFn run;
  const char *summary; /* a line in the dispatcher's usage (may be NULL) */
} Command;

/* Runs the command of table (ended by a NULL name) that argv[1] names,
 * with argv from its name on, and returns its status. No argument: usage
 * to stderr and JN_EXIT_ERROR; --help or -h: usage to stdout and 0. An
 * unknown name: -1, for the caller to report. */
int cli_dispatch(const Command *table, const char *usage, int argc, char **argv);

#define CLI_HELP {"help", no_argument, 0, 'h'}
#define CLI_END {0, 0, 0, 0}

/* The next option of argv (getopt_long over opts, whose letters are the
 * short options; optarg is its value), or 0 at the end of the options. On
 * -h/--help it writes usage to stdout, sets *status to 0 and returns -1; on
 * an unknown option or a missing value it writes "jointner: error: NAME:
 * ..." and usage to stderr, sets *status to JN_EXIT_ERROR and returns -1.
 * The first call of a command starts at argv[1]. */
int cli_option(int argc, char **argv, const char *name, const struct option *opts,
               const char *usage, int *status);
/* 0 when no argument is left after the options; otherwise writes
 * "jointner: error: NAME: unexpected argument 'ARG'" and usage to stderr and
 * returns JN_EXIT_ERROR. */
int cli_no_arguments(int argc, char **argv, const char *name, const char *usage);

#endif
