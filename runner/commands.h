/* commands.h: the subcommands of the jointner binary. Each takes the
 * arguments after its own name (argv[0] is the subcommand) and returns the
 * process exit status. */
#ifndef JN_COMMANDS_H
#define JN_COMMANDS_H

typedef int (*CommandFn)(int argc, char **argv);
typedef struct {
  const char *name;
  CommandFn run;
  const char *summary;
} Command;

extern const Command jn_commands[];

#endif
