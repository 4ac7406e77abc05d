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
 * merges them with the run records (record_load_state, run_record.h), which
 * alone say what is done. What submit and status share is in
 * slurm_common.h. */
#ifndef JN_SLURM_H
#define JN_SLURM_H

int cmd_slurm(int argc, char **argv);
int cmd_slurm_submit(int argc, char **argv);
int cmd_slurm_status(int argc, char **argv);

#endif
