/* commands.h: the subcommands of the jointner binary, a Command table
 * (cli.h): each takes the arguments from its own name on and returns the
 * process exit status. */
#ifndef JN_COMMANDS_H
#define JN_COMMANDS_H
#include "runner/cli.h"

extern const Command jn_commands[];

#endif
