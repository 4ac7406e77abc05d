/* slurm.c: `jointner slurm`: dispatches to submit (slurm_submit.c) and
 * status (slurm_status.c). */
#include "runner/slurm/slurm.h"
#include <stdio.h>
#include <string.h>
#include "model/base.h"

static const char USAGE[] =
    "usage: jointner slurm submit --config GRID.json [options]\n"
    "       jointner slurm status (--config GRID.json | RESULTS_DIR) [--all] [--watch S]\n"
    "\n"
    "submit writes sbatch scripts into RESULTS/slurm/ and submits them: one MPI\n"
    "pre-training job per pre-training run, the training runs as job arrays (per\n"
    "language; those needing a pre-training depend on it with afterok), and a tables\n"
    "job (afterany on all). Runs whose record is complete are not submitted again.\n"
    "`jointner slurm submit --help` and `jointner slurm status --help` list the options.\n";

int cmd_slurm(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(USAGE, argc < 2 ? stderr : stdout);
    return argc < 2 ? JN_EXIT_ERROR : 0;
  }
  if (!strcmp(argv[1], "submit")) return cmd_slurm_submit(argc - 1, argv + 1);
  if (!strcmp(argv[1], "status")) return cmd_slurm_status(argc - 1, argv + 1);
  fprintf(stderr, "jointner slurm: unknown subcommand '%s'\n%s", argv[1], USAGE);
  return JN_EXIT_ERROR;
}

