/* commands.c: the table of subcommands (one line each). */
#include "runner/commands.h"

int cmd_train(int argc, char **argv);

const Command jn_commands[] = {
    {"train", cmd_train, "train and evaluate one configuration (--config FILE)"},
    {0, 0, 0},
};
