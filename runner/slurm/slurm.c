/* slurm.c: `jointner slurm`: dispatches to submit (slurm_submit.c) and
 * status (slurm_status.c). */
#include "runner/slurm/slurm.h"
#include <stdio.h>
#include <string.h>
#include "model/base.h"
#include "runner/cli.h"

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
  static const Command SUBCOMMANDS[] = {
      {"submit", cmd_slurm_submit, NULL}, {"status", cmd_slurm_status, NULL}, {0, 0, 0}};
  int status = cli_dispatch(SUBCOMMANDS, USAGE, argc, argv);
  if (status >= 0) return status;
  fprintf(stderr, "jointner slurm: unknown subcommand '%s'\n%s", argv[1], USAGE);
  return JN_EXIT_ERROR;
}
