/* commands.c: the table of subcommands (one line each). */
#include "runner/commands.h"

int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_pretrain(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_embed(int argc, char **argv);
int cmd_vectors(int argc, char **argv);
int cmd_tables(int argc, char **argv);
int cmd_grid(int argc, char **argv);
int cmd_slurm(int argc, char **argv);

const Command jn_commands[] = {
    {"train", cmd_train, "train and evaluate one configuration (--config FILE)"},
    {"pretrain", cmd_pretrain, "pre-train the sentence classifier, data-parallel under mpirun"},
    {"eval", cmd_eval, "score a finished run on its test set or a file (--record RUN.h5)"},
    {"predict", cmd_predict, "tag text with a finished run's model, CoNLL out (--record --in)"},
    {"data", cmd_data, "import public data sets, generate demo data, augment (data --help)"},
    {"embed", cmd_embed, "train fastText skip-gram vectors, print their SHA-256 (--in --out)"},
    {"vectors", cmd_vectors, "cache word vectors for some runs' words; checksums (vectors --help)"},
    {"tables", cmd_tables, "the paper's Table 1 and 2 from RESULTS_DIR/runs/*.h5 (tables --help)"},
    {"slurm", cmd_slurm, "submit the grid to SLURM as batch jobs and arrays, or show its progress"},
    {"grid", cmd_grid, "run the paper's sweep (under mpirun: a task farm), then the tables"},
    {0, 0, 0},
};
