/* slurm.h: `jointner slurm submit|status`: the grid (grid_plan.h) as SLURM
 * batch jobs, and its progress.
 *
 * submit writes into RESULTS/slurm/:
 *   pretrain-<id>.sbatch     one per pre-training run that is not complete:
 *                            `srun --mpi=pmix -n N jointner pretrain --config ...`
 *   train-<lang>[-pre]-<k>.sbatch + .list
 *                            the training runs of a language as a job array
 *                            (`--array=0-M%K`, task i runs line i+1 of the
 *                            .list); "-pre" arrays hold the runs that need a
 *                            pre-training and depend on it (afterok); split
 *                            in parts of at most MaxArraySize tasks
 *   tables.sbatch            `jointner tables` + `jointner slurm status`,
 *                            afterany on every job above
 *   submitted.json           the job ids and which run each task is
 *   logs/                    one log per job (array task), appended to by reruns
 *   earlier/<time>/          the scripts, lists and submitted.json of earlier
 *                            submissions
 * Every job has a time limit (--time, else the partition's). Every run
 * script runs jointner as a job step (srun), traps USR1 (--signal=B:USR1@120,
 * scancel --batch) and TERM and passes USR1 on to srun; a plain scancel
 * --signal=USR1 reaches the step itself. When jointner exits 75
 * (checkpointed) without a TERM, the script requeues its own job or array
 * task; the rerun resumes.
 *
 * status makes one `squeue` and one `sacct` call (all job ids batched) and
 * merges them with the run records, which alone say what is done. */
#ifndef JN_SLURM_H
#define JN_SLURM_H
#include <cJSON.h>

int cmd_slurm(int argc, char **argv);

/* ---- shared by slurm_submit.c and slurm_status.c ---- */

int slurm_submit_main(int argc, char **argv);
int slurm_status_main(int argc, char **argv);

/* Runs argv (searched in PATH) and returns its exit status (-1 if it could
 * not run); its stdout goes to *out (malloc'd, NUL-terminated) if out is
 * not NULL, stderr passes through unless quiet. */
int slurm_run(char *const argv[], char **out, int quiet);

/* A run record's state, read from its root attributes only (cheap). */
typedef struct {
  int exists;         /* a readable HDF5 file */
  int complete;       /* status == "complete" */
  int epoch;          /* checkpoint: epochs completed (-1 unknown) */
  int step;           /* checkpoint: steps done in the epoch after those (-1 unknown) */
  int restarts;       /* slurm_restart_count (-1 unknown) */
  double test_f1;     /* -1 unknown */
} RecordState;
void slurm_record_state(const char *path, RecordState *st);

/* Reads and parses a JSON file; NULL if missing (dies if malformed). */
cJSON *slurm_read_json(const char *path);
/* Writes JSON atomically (temp file + rename). */
void slurm_write_json(const char *path, const cJSON *json);

#endif
