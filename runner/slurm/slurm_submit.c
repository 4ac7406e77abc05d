/* slurm_submit.c: `jointner slurm submit`: the grid's pre-training runs as
 * MPI batch jobs, its training runs as job arrays, and a tables job, each
 * written to RESULTS/slurm/ as an sbatch script and submitted in order with
 * the job ids of what it depends on. See slurm.h for the files. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/cli.h"
#include "runner/grid/grid_job_status.h"
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_vectors.h"
#include "runner/run_record.h"
#include "data/files.h"
#include "runner/slurm/slurm.h"
#include "runner/slurm/slurm_common.h"
#include "runner/slurm/slurm_time.h"
#include "runner/grid/grid_config.h"


typedef struct {
  const char *config, *partition, *time, *pretrain_time, *jointner;
  const char *completed; /* --completed: a runs.tsv (absolute once resolved) */
  const char *moved;     /* --moved OLD=NEW, or NULL */
  const char *time_source, *pretrain_time_source; /* where each time limit came from */
  int max_concurrent, pretrain_tasks, cpus_per_task, max_array_size, max_requeues, signal_lead;
  int dry_run, force, force_other_grid;
  int n_extra;
  const char *extra[32]; /* --sbatch-arg */
} SubmitOpts;

enum { BJ_PRETRAIN, BJ_TRAIN, BJ_TABLES };
static const char *const BJ_KIND[] = {"pretrain", "train", "tables"};

typedef struct {
  int kind;
  char *name;     /* file stem in RESULTS/slurm */
  int *runs;      /* plan job indices (the array's tasks in order) */
  int n_runs;
  int *deps;      /* indices of earlier batch jobs */
  int n_deps;
  const char *dep_type;
  char job_id[64];
  char *script_path, *dependency;
} BatchJob;

static const char USAGE[] =
    "usage: jointner slurm submit --config GRID.json [options]\n"
    "\n"
    "Writes sbatch scripts into RESULTS/slurm/ and submits them: one MPI job per\n"
    "pre-training run (srun --mpi=pmix -n N jointner pretrain), the training runs\n"
    "as job arrays per language (the runs that need a pre-training in arrays of\n"
    "their own that depend on it with afterok), and a tables job (afterany on all)\n"
    "that writes the tables and lists the runs still missing. Runs whose record is\n"
    "complete are left out. Job ids go to RESULTS/slurm/submitted.json.\n"
    "\n"
    "  --partition P        sbatch --partition for every job\n"
    "  --time T             time limit of a run (sbatch --time, e.g. 4:00:00); runs\n"
    "                       checkpoint --signal-lead s before it and requeue themselves.\n"
    "                       Default: the partition's DefaultTime, else its MaxTime; a\n"
    "                       partition with neither needs --time\n"
    "  --pretrain-time T    time limit of a pre-training job (default: --time)\n"
    "  --signal-lead S      seconds before the time limit at which a job is told to\n"
    "                       checkpoint (--signal=B:USR1@S; default 120)\n"
    "  --max-concurrent K   at most K tasks of an array run at once (default 8)\n"
    "  --pretrain-tasks N   MPI ranks of a pre-training (default 2)\n"
    "  --cpus-per-task C    CPUs of a training task; OPENBLAS_NUM_THREADS (default 1)\n"
    "  --max-requeues R     a run requeues itself at most R times (default 20)\n"
    "  --sbatch-arg ARG     an extra #SBATCH line for every job, e.g. --sbatch-arg=--mem=4G\n"
    "                       or --sbatch-arg=--account=proj (repeatable)\n"
    "  --max-array-size N   split arrays at N tasks (default: MaxArraySize from\n"
    "                       `scontrol show config`; a smaller N is for tests)\n"
    "  --jointner PATH      the binary the jobs run (default: this one)\n"
    "  --dry-run            print the scripts and sbatch commands; write and submit\n"
    "                       nothing\n"
    "  --force              submit even though jobs of an earlier submission are\n"
    "                       still queued\n"
    "  --completed FILE     a runs.tsv of `jointner tables` (e.g. committed from another\n"
    "                       cluster): the runs it lists count as done without their\n"
    "                       records (so do pre-trainings no other run needs), the\n"
    "                       tables job adds them (tables --with) and `slurm status`\n"
    "                       counts them. Every run must be a job of this grid (job ids\n"
    "                       include the data files' absolute paths)\n"
    "  --force-other-grid   with --completed: count only the runs that are jobs of this\n"
    "                       grid\n"
    "  --moved OLD=NEW      with --completed: its runs were made with their data and\n"
    "                       records under the folder OLD, now under NEW; they count by\n"
    "                       the ids their jobs had there\n";

/* MaxArraySize from `scontrol show config`, or 0 if scontrol does not answer. */
static int cluster_max_array_size(void) {
  char *argv[] = {"scontrol", "show", "config", NULL}, *out = NULL;
  int rc = run_program(argv, &out, 1);
  int value = 0;
  if (rc == 0 && out) {
    char *line = strstr(out, "MaxArraySize");
    if (line) {
      char *eq = strchr(line, '=');
      if (eq) value = atoi(eq + 1);
    }
  }
  free(out);
  return value;
}

/* Job ids of an earlier submission that squeue still lists (one call). */
static char *still_queued(const char *submitted_path) {
  cJSON *old = slurm_read_json(submitted_path);
  if (!old) return NULL;
  size_t cap = 64, n = 0;
  char *ids = jn_calloc(cap, 1);
  const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(old, "jobs"), *j;
  cJSON_ArrayForEach(j, jobs) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "job_id");
    if (!cJSON_IsString(id) || !*id->valuestring) continue;
    size_t len = strlen(id->valuestring);
    while (n + len + 2 > cap) ids = jn_realloc(ids, cap *= 2);
    if (n) ids[n++] = ',';
    memcpy(ids + n, id->valuestring, len + 1);
    n += len;
  }
  cJSON_Delete(old);
  if (!n) {
    free(ids);
    return NULL;
  }
  char *argv[] = {"squeue", "-h", "-j", ids, "-o", "%i %T", NULL}, *out = NULL;
  int rc = run_program(argv, &out, 1);
  free(ids);
  if (rc != 0 || !out || !*out) {
    free(out);
    return NULL;
  }
  return out;
}

static int cmp_cost_desc(const void *a, const void *b, void *plan_) {
  const Plan *plan = plan_;
  const Job *x = &plan->jobs[*(const int *)a], *y = &plan->jobs[*(const int *)b];
  if (x->cost != y->cost) return x->cost < y->cost ? 1 : -1;
  return *(const int *)a - *(const int *)b;
}

/* ---- the scripts ---------------------------------------------------------- */

static void header(FILE *f, const SubmitOpts *o, const Plan *plan, const char *job_name,
                   const char *log_dir, int array, const char *time) {
  fprintf(f, "#!/bin/bash\n");
  fprintf(f, "# Written by `jointner slurm submit` for the grid %s (%s).\n", plan->grid_hash,
          o->config);
  fprintf(f, "#SBATCH --job-name=%s\n", job_name);
  fprintf(f, "#SBATCH --output=%s/%s\n", log_dir, array ? "%x-%A_%a.out" : "%x-%j.out");
  fprintf(f, "#SBATCH --open-mode=append\n");
  if (o->partition) fprintf(f, "#SBATCH --partition=%s\n", o->partition);
  if (time) fprintf(f, "#SBATCH --time=%s\n", time);
  for (int i = 0; i < o->n_extra; i++) fprintf(f, "#SBATCH %s\n", o->extra[i]);
}

static const char RUN_BODY[] =
    "say() { echo \"[jointner-slurm $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)] $*\"; }\n"
    "say \"$SELF (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname): $*\"\n"
    "# jointner runs as a job step (srun), so every way of signalling the job\n"
    "# reaches it: `scancel --signal=USR1 JOB` signals the step directly;\n"
    "# `scancel --batch --signal=USR1` and the time-limit warning\n"
    "# (--signal=B:USR1@%d) signal this shell, which passes USR1 on to srun,\n"
    "# and srun to jointner. jointner checkpoints and exits %d.\n"
    "# TERM comes from preemption, scontrol requeue or scancel: SLURM signals\n"
    "# every process, jointner checkpoints, and SLURM decides what follows.\n"
    "child=\n"
    "signalled=0\n"
    "got_term=0\n"
    "forward() {\n"
    "    signalled=1\n"
    "    [ \"$1\" = TERM ] && got_term=1\n"
    "    say \"got SIG$1: sending SIGUSR1 to srun (pid ${child:-none}) so that jointner checkpoints\"\n"
    "    if [ -n \"$child\" ]; then kill -USR1 \"$child\" 2>/dev/null || true; fi\n"
    "}\n"
    "trap 'forward USR1' USR1\n"
    "trap 'forward TERM' TERM\n"
    "\"$@\" &\n"
    "child=$!\n"
    "while :; do\n"
    "    signalled=0\n"
    "    wait \"$child\"\n"
    "    rc=$?\n"
    "    # a signal interrupts wait (status > 128): wait again for the checkpoint\n"
    "    if [ \"$signalled\" = 1 ] && [ \"$rc\" -gt 128 ]; then continue; fi\n"
    "    break\n"
    "done\n"
    "say \"jointner exited with status $rc\"\n"
    "if [ \"$rc\" = %d ] && [ \"$got_term\" = 0 ]; then\n"
    "    # checkpointed on USR1 (the time limit is near, or someone asked):\n"
    "    # requeue this job (array task); the rerun resumes from the checkpoint.\n"
    "    # On TERM SLURM decides (a preempted or requeued job comes back by\n"
    "    # itself, a cancelled one must not).\n"
    "    if [ \"${SLURM_RESTART_COUNT:-0}\" -ge \"$MAX_REQUEUES\" ]; then\n"
    "        say \"restarted ${SLURM_RESTART_COUNT:-0} times already (--max-requeues $MAX_REQUEUES): not requeueing\"\n"
    "    else\n"
    "        say \"checkpointed: scontrol requeue $SELF\"\n"
    "        scontrol requeue \"$SELF\" || say \"scontrol requeue $SELF failed\"\n"
    "    fi\n"
    "fi\n"
    "exit \"$rc\"\n";

static void run_prelude(FILE *f, const SubmitOpts *o) {
  fprintf(f, "set -u\n");
  fprintf(f, "export HDF5_USE_FILE_LOCKING=FALSE\n");
  fprintf(f, "export OPENBLAS_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}\n");
  fprintf(f, "JOINTNER='%s'\n", o->jointner);
  fprintf(f, "MAX_REQUEUES=%d\n", o->max_requeues);
}

/* The script text of b (malloc'd). */
static char *script_text(const SubmitOpts *o, const Plan *plan, const BatchJob *b,
                         const char *log_dir, const char *list_path, const char *results_abs) {
  char *text = NULL;
  size_t size = 0;
  FILE *f = open_memstream(&text, &size);
  char *job_name = jn_format("jn-%.6s-%s", plan->grid_hash, b->name);
  if (b->kind == BJ_PRETRAIN) {
    const Job *j = &plan->jobs[b->runs[0]];
    header(f, o, plan, job_name, log_dir, 0, o->pretrain_time ? o->pretrain_time : o->time);
    fprintf(f, "#SBATCH --ntasks=%d\n", o->pretrain_tasks);
    fprintf(f, "#SBATCH --signal=B:USR1@%d\n#SBATCH --requeue\n", o->signal_lead);
    if (b->dependency) fprintf(f, "#SBATCH --dependency=%s\n#SBATCH --kill-on-invalid-dep=yes\n", b->dependency);
    fprintf(f, "# pre-training %s: language %s, attention %s\n", j->id, j->language,
            j->attention ? j->attention : "-");
    run_prelude(f, o);
    fprintf(f, "export OPENBLAS_NUM_THREADS=1\n");
    fprintf(f, "CONFIG='%s'\n", j->config_path);
    fprintf(f, "SELF=$SLURM_JOB_ID\n");
    fprintf(f, "set -- srun --mpi=pmix -n %d \"$JOINTNER\" pretrain --config \"$CONFIG\"\n",
            o->pretrain_tasks);
    fprintf(f, RUN_BODY, o->signal_lead, JN_EXIT_PREEMPTED, JN_EXIT_PREEMPTED);
  } else if (b->kind == BJ_TRAIN) {
    header(f, o, plan, job_name, log_dir, 1, o->time);
    fprintf(f, "#SBATCH --array=0-%d%%%d\n", b->n_runs - 1, o->max_concurrent);
    fprintf(f, "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=%d\n", o->cpus_per_task);
    fprintf(f, "#SBATCH --signal=B:USR1@%d\n#SBATCH --requeue\n", o->signal_lead);
    if (b->dependency) fprintf(f, "#SBATCH --dependency=%s\n#SBATCH --kill-on-invalid-dep=yes\n", b->dependency);
    fprintf(f, "# %d training runs of language %s; task i runs line i+1 of the list\n",
            b->n_runs, plan->jobs[b->runs[0]].language);
    run_prelude(f, o);
    fprintf(f, "LIST='%s'\n", list_path);
    fprintf(f, "CONFIG=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$LIST\")\n");
    fprintf(f, "SELF=${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\n");
    fprintf(f, "if [ -z \"$CONFIG\" ]; then echo \"no line $((SLURM_ARRAY_TASK_ID + 1)) in $LIST\" >&2; exit 2; fi\n");
    fprintf(f, "set -- srun --mpi=none --ntasks=1 --cpus-per-task=%d \"$JOINTNER\" train --config \"$CONFIG\"\n",
            o->cpus_per_task);
    fprintf(f, RUN_BODY, o->signal_lead, JN_EXIT_PREEMPTED, JN_EXIT_PREEMPTED);
  } else {
    header(f, o, plan, job_name, log_dir, 0, slurm_time_seconds(o->time) > 1800 ? "30:00" : o->time);
    fprintf(f, "#SBATCH --ntasks=1\n");
    if (b->dependency) fprintf(f, "#SBATCH --dependency=%s\n", b->dependency);
    fprintf(f, "# the tables from every complete run record%s, then what is still missing\n",
            o->completed ? " and the runs file of --completed" : "");
    fprintf(f, "set -u\nexport HDF5_USE_FILE_LOCKING=FALSE\n");
    fprintf(f, "JOINTNER='%s'\n", o->jointner);
    fprintf(f, "RESULTS='%s'\n", results_abs);
    if (o->completed) fprintf(f, "\"$JOINTNER\" tables \"$RESULTS\" --stats --with '%s'\n", o->completed);
    else fprintf(f, "\"$JOINTNER\" tables \"$RESULTS\" --stats\n");
    fprintf(f, "rc=$?\n");
    fprintf(f, "echo\n\"$JOINTNER\" slurm status \"$RESULTS\" || echo \"jointner: some runs have no complete record (listed above): their cells are missing or partial\"\n");
    fprintf(f, "exit $rc\n");
  }
  free(job_name);
  fclose(f);
  return text;
}

/* ---- the plan as batch jobs -------------------------------------------- */

static BatchJob *add_batch(BatchJob **bjs, int *n, int kind, char *name) {
  *bjs = jn_realloc(*bjs, (size_t)(*n + 1) * sizeof **bjs);
  BatchJob *b = &(*bjs)[(*n)++];
  memset(b, 0, sizeof *b);
  b->kind = kind;
  b->name = name;
  return b;
}

static void add_dep(BatchJob *b, int dep) {
  for (int i = 0; i < b->n_deps; i++)
    if (b->deps[i] == dep) return;
  b->deps = jn_realloc(b->deps, (size_t)(b->n_deps + 1) * sizeof *b->deps);
  b->deps[b->n_deps++] = dep;
}

/* The batch jobs for the runs whose record is not complete. */
static BatchJob *plan_batches(const Plan *plan, const int *complete, int max_array, int *n_out) {
  BatchJob *bjs = NULL;
  int n = 0;
  int *batch_of = jn_malloc((size_t)plan->n_jobs * sizeof *batch_of);
  for (int i = 0; i < plan->n_jobs; i++) batch_of[i] = -1;
  /* pre-trainings: one job each */
  for (int i = 0; i < plan->n_jobs; i++) {
    const Job *j = &plan->jobs[i];
    if (j->kind != JOB_PRETRAIN || complete[i]) continue;
    BatchJob *b = add_batch(&bjs, &n, BJ_PRETRAIN, jn_format("pretrain-%s", j->id));
    b->runs = jn_malloc(sizeof *b->runs);
    b->runs[b->n_runs++] = i;
    b->dep_type = "afterok";
    batch_of[i] = n - 1;
    for (int d = 0; d < j->n_deps; d++)
      if (batch_of[j->deps[d]] >= 0) add_dep(b, batch_of[j->deps[d]]);
  }
  /* trainings: per language, those waiting for a pre-training apart */
  int *group = jn_malloc((size_t)plan->n_jobs * sizeof *group);
  char *done = jn_calloc((size_t)plan->n_jobs, 1);
  for (int i = 0; i < plan->n_jobs; i++) {
    const Job *ji = &plan->jobs[i];
    if (ji->kind != JOB_TRAIN || complete[i] || done[i]) continue;
    int waits_i = 0;
    for (int d = 0; d < ji->n_deps; d++) waits_i |= batch_of[ji->deps[d]] >= 0;
    int ng = 0;
    for (int k = i; k < plan->n_jobs; k++) {
      const Job *jk = &plan->jobs[k];
      if (jk->kind != JOB_TRAIN || complete[k] || done[k] || strcmp(jk->language, ji->language))
        continue;
      int waits_k = 0;
      for (int d = 0; d < jk->n_deps; d++) waits_k |= batch_of[jk->deps[d]] >= 0;
      if (waits_k != waits_i) continue;
      group[ng++] = k;
      done[k] = 1;
    }
    qsort_r(group, (size_t)ng, sizeof *group, cmp_cost_desc, (void *)plan);
    int parts = (ng + max_array - 1) / max_array;
    for (int p = 0; p < parts; p++) {
      int from = p * max_array, to = from + max_array < ng ? from + max_array : ng;
      BatchJob *b = add_batch(&bjs, &n, BJ_TRAIN,
                              jn_format("train-%s%s-%d", ji->language, waits_i ? "-pre" : "", p));
      b->n_runs = to - from;
      b->runs = jn_malloc((size_t)b->n_runs * sizeof *b->runs);
      memcpy(b->runs, group + from, (size_t)b->n_runs * sizeof *b->runs);
      b->dep_type = "afterok";
      for (int r = 0; r < b->n_runs; r++) {
        const Job *j = &plan->jobs[b->runs[r]];
        for (int d = 0; d < j->n_deps; d++)
          if (batch_of[j->deps[d]] >= 0) add_dep(b, batch_of[j->deps[d]]);
      }
    }
  }
  BatchJob *t = add_batch(&bjs, &n, BJ_TABLES, jn_strdup("tables"));
  t->dep_type = "afterany";
  for (int i = 0; i < n - 1; i++) add_dep(t, i);
  free(group);
  free(done);
  free(batch_of);
  *n_out = n;
  return bjs;
}

/* ---- submit ------------------------------------------------------------- */

static cJSON *run_json(const Plan *plan, int i, int complete, const char *done_by) {
  const Job *j = &plan->jobs[i];
  cJSON *r = cJSON_CreateObject();
  cJSON_AddStringToObject(r, "kind", j->kind == JOB_PRETRAIN ? "pretrain" : "train");
  if (j->language) cJSON_AddStringToObject(r, "language", j->language);
  if (j->row) cJSON_AddStringToObject(r, "row", j->row);
  if (j->attention) cJSON_AddStringToObject(r, "attention", j->attention);
  cJSON_AddNumberToObject(r, "seed", j->seed);
  cJSON_AddStringToObject(r, "config", j->config_path);
  cJSON_AddStringToObject(r, "record", j->record_path);
  cJSON_AddBoolToObject(r, "complete_at_submit", complete);
  if (done_by) cJSON_AddStringToObject(r, "done_by", done_by);
  return r;
}

static char *abs_path(const char *p) {
  char *r = realpath(p, NULL);
  return r ? r : jn_strdup(p);
}

/* ---- time limits, earlier submissions, dry runs ------------------------- */

/* Fills in the time limits (from the partition when --time is missing),
 * checks them, and says which are used. Returns what it allocated. */
static char *resolve_time_limits(SubmitOpts *o) {
  static char source[160];
  char *from_partition = NULL;
  if (o->time) {
    o->time_source = "--time";
  } else {
    from_partition = slurm_partition_time_limit(o->partition, source, sizeof source);
    if (!from_partition)
      jn_die("slurm submit: --time is required: %s%s has no time limit (DefaultTime or MaxTime), "
             "or scontrol does not answer; without one the checkpoint warning "
             "(--signal=B:USR1@%d) never fires",
             o->partition ? "partition " : "the default partition", o->partition ? o->partition : "",
             o->signal_lead);
    o->time = from_partition;
    o->time_source = source;
  }
  o->pretrain_time_source = o->pretrain_time ? "--pretrain-time" : o->time_source;
  if (!o->pretrain_time) o->pretrain_time = o->time;
  const char *limits[2] = {o->time, o->pretrain_time}, *names[2] = {"--time", "--pretrain-time"};
  for (int i = 0; i < 2; i++) {
    long seconds = slurm_time_seconds(limits[i]);
    if (seconds < 0)
      jn_die("slurm submit: %s '%s' is not a SLURM time (e.g. 30, 4:00:00, 1-00:00:00)", names[i],
             limits[i]);
    if (seconds <= o->signal_lead)
      jn_die("slurm submit: the time limit %s (%s) must be longer than the %d s warning before "
             "it (--signal-lead)", limits[i], names[i], o->signal_lead);
  }
  printf("jointner slurm: time limit %s a run (%s), %s a pre-training (%s); checkpoint and "
         "requeue %d s before it\n",
         o->time, o->time_source, o->pretrain_time, o->pretrain_time_source, o->signal_lead);
  return from_partition;
}

/* Moves the scripts, lists and submitted.json of an earlier submission
 * into sdir/earlier/<time of its submitted.json>/ (logs stay). */
static void move_earlier_submission(const char *sdir, const char *submitted_path) {
  struct stat sb;
  if (stat(submitted_path, &sb) != 0) return;
  char stamp[32];
  strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&sb.st_mtime));
  char *dest = jn_format("%s/earlier/%s", sdir, stamp);
  make_directories(dest);
  DIR *d = opendir(sdir);
  if (!d) jn_die("%s: cannot list: %s", sdir, strerror(errno));
  int moved = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t n = strlen(e->d_name);
    int ours = (n > 7 && !strcmp(e->d_name + n - 7, ".sbatch")) ||
               (n > 5 && !strcmp(e->d_name + n - 5, ".list")) || !strcmp(e->d_name, "submitted.json");
    if (!ours) continue;
    char *from = jn_format("%s/%s", sdir, e->d_name), *to = jn_format("%s/%s", dest, e->d_name);
    if (rename(from, to) != 0) jn_die("%s: cannot move to %s: %s", from, to, strerror(errno));
    moved++;
    free(from);
    free(to);
  }
  closedir(d);
  printf("jointner slurm: the %d files of the earlier submission moved to %s\n", moved, dest);
  free(dest);
}

/* The outermost folder of path that does not exist yet (malloc'd), or NULL
 * when path exists. */
static char *first_missing_folder(const char *path) {
  if (access(path, F_OK) == 0) return NULL;
  char *missing = jn_strdup(path);
  for (;;) {
    char *slash = strrchr(missing, '/');
    if (!slash || slash == missing) return missing;
    *slash = '\0';
    if (access(missing, F_OK) == 0) {
      *slash = '/';
      return missing;
    }
  }
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(path);
}

/* A dry run writes nothing: the planner writes RESULTS/plan.json and
 * RESULTS/jobs/, so when RESULTS did not exist before, what it made is
 * removed again. */
static void undo_dry_run_plan(const char *created) {
  if (created && nftw(created, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
    jn_die("%s: cannot remove the dry run's plan: %s", created, strerror(errno));
}

/* The results folder a grid config names (malloc'd, absolute). */
static char *grid_results_dir(const char *config) {
  GridConfig g;
  grid_config_load(&g, config);
  char *dir = jn_strdup(g.results_dir);
  grid_config_free(&g);
  return dir;
}

/* 0 and the options in *out, or the exit status of --help or a usage
 * error; dies on a value out of range. */
static int parse_submit_options(int argc, char **argv, SubmitOpts *out) {
  static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                       {"partition", required_argument, 0, 'p'},
                                       {"time", required_argument, 0, 't'},
                                       {"pretrain-time", required_argument, 0, 'T'},
                                       {"signal-lead", required_argument, 0, 'L'},
                                       {"max-concurrent", required_argument, 0, 'k'},
                                       {"pretrain-tasks", required_argument, 0, 'n'},
                                       {"cpus-per-task", required_argument, 0, 'C'},
                                       {"max-requeues", required_argument, 0, 'R'},
                                       {"sbatch-arg", required_argument, 0, 'a'},
                                       {"max-array-size", required_argument, 0, 'm'},
                                       {"jointner", required_argument, 0, 'j'},
                                       {"dry-run", no_argument, 0, 'd'},
                                       {"force", no_argument, 0, 'f'},
                                       {"completed", required_argument, 0, 'D'},
                                       {"force-other-grid", no_argument, 0, 'O'},
                                       {"moved", required_argument, 0, 'V'},
                                       CLI_HELP,
                                       CLI_END};
  SubmitOpts o = {0};
  o.max_concurrent = 8;
  o.pretrain_tasks = 2;
  o.cpus_per_task = 1;
  o.max_requeues = 20;
  o.signal_lead = 120;
  int c, status;
  while ((c = cli_option(argc, argv, "slurm submit", opts, USAGE, &status)) > 0) {
    switch (c) {
      case 'c': o.config = optarg; break;
      case 'p': o.partition = optarg; break;
      case 't': o.time = optarg; break;
      case 'T': o.pretrain_time = optarg; break;
      case 'L': o.signal_lead = atoi(optarg); break;
      case 'k': o.max_concurrent = atoi(optarg); break;
      case 'n': o.pretrain_tasks = atoi(optarg); break;
      case 'C': o.cpus_per_task = atoi(optarg); break;
      case 'R': o.max_requeues = atoi(optarg); break;
      case 'm': o.max_array_size = atoi(optarg); break;
      case 'j': o.jointner = optarg; break;
      case 'd': o.dry_run = 1; break;
      case 'f': o.force = 1; break;
      case 'D': o.completed = optarg; break;
      case 'O': o.force_other_grid = 1; break;
      case 'V': o.moved = optarg; break;
      case 'a':
        if (o.n_extra == 32) jn_die("slurm submit: at most 32 --sbatch-arg");
        if (strchr(optarg, '\n') || optarg[0] != '-')
          jn_die("slurm submit: --sbatch-arg '%s' must be one sbatch option (e.g. --mem=4G)", optarg);
        o.extra[o.n_extra++] = optarg;
        break;
    }
  }
  if (c < 0) return status;
  if (optind < argc) jn_die("slurm submit: unexpected argument '%s'", argv[optind]);
  if (!o.config) jn_die("slurm submit: --config GRID.json is required (see --help)");
  if (o.max_concurrent < 1) jn_die("slurm submit: --max-concurrent must be at least 1");
  if (o.pretrain_tasks < 1) jn_die("slurm submit: --pretrain-tasks must be at least 1");
  if (o.cpus_per_task < 1) jn_die("slurm submit: --cpus-per-task must be at least 1");
  if (o.max_requeues < 0) jn_die("slurm submit: --max-requeues must be 0 or more");
  if (o.signal_lead < 1) jn_die("slurm submit: --signal-lead must be at least 1 (seconds)");
  if ((o.force_other_grid || o.moved) && !o.completed)
    jn_die("slurm submit: --force-other-grid and --moved go with --completed (see --help)");
  *out = o;
  return -1;
}

/* The largest array: --max-array-size, within the cluster's MaxArraySize. */
static int array_size_limit(const SubmitOpts *o) {
  int cluster_max = cluster_max_array_size();
  int max_array = o->max_array_size;
  if (max_array <= 0) max_array = cluster_max;
  else if (cluster_max > 0 && max_array > cluster_max)
    jn_die("slurm submit: --max-array-size %d exceeds the cluster's MaxArraySize %d", max_array,
           cluster_max);
  if (max_array <= 0) {
    if (!o->dry_run) jn_die("slurm submit: `scontrol show config` gave no MaxArraySize: is SLURM reachable?");
    max_array = 1001;
    fprintf(stderr, "jointner slurm: scontrol does not answer; assuming MaxArraySize = 1001\n");
  }
  return max_array;
}

/* "afterok:ID:ID" of b's dependencies (already submitted), into b->dependency. */
static void set_dependency(BatchJob *bjs, BatchJob *b) {
  if (b->n_deps) {
    size_t cap = 64;
    b->dependency = jn_malloc(cap);
    strcpy(b->dependency, b->dep_type);
    for (int d = 0; d < b->n_deps; d++) {
      const char *id = bjs[b->deps[d]].job_id;
      while (strlen(b->dependency) + strlen(id) + 4 > cap) b->dependency = jn_realloc(b->dependency, cap *= 2);
      strcat(b->dependency, ":");
      strcat(b->dependency, id);
    }
  }
}

/* Writes b's script (and list) and submits it, or with --dry-run prints
 * them; 0, or -1 when sbatch failed. */
static int submit_batch(const SubmitOpts *o, const Plan *plan, BatchJob *b, const char *sdir,
                        const char *log_dir, const char *results, char **list_path_out) {
  int failed = 0;
  b->script_path = jn_format("%s/%s.sbatch", sdir, b->name);
  char *list_path = jn_format("%s/%s.list", sdir, b->name);
  char *text = script_text(o, plan, b, log_dir, list_path, results);
  if (o->dry_run) {
    snprintf(b->job_id, sizeof b->job_id, "<%s>", b->name);
    if (b->kind == BJ_TRAIN) {
      printf("\n===== %s (task i = line i+1):\n", list_path);
      for (int r = 0; r < b->n_runs; r++) printf("%s\n", plan->jobs[b->runs[r]].config_path);
    }
    printf("\n===== %s\n%s", b->script_path, text);
    printf("===== $ sbatch --parsable %s\n", b->script_path);
  } else {
    if (b->kind == BJ_TRAIN) {
      char *list = NULL;
      size_t size = 0;
      FILE *f = open_memstream(&list, &size);
      for (int r = 0; r < b->n_runs; r++) fprintf(f, "%s\n", plan->jobs[b->runs[r]].config_path);
      fclose(f);
      write_file_atomically(list_path, list);
      free(list);
    }
    write_file_atomically(b->script_path, text);
    chmod(b->script_path, 0755);
    char *sargv[] = {"sbatch", "--parsable", b->script_path, NULL}, *out = NULL;
    int rc = run_program(sargv, &out, 0);
    char *semi = out ? strpbrk(out, ";\n") : NULL;
    if (semi) *semi = '\0';
    if (rc != 0 || !out || !*out) {
      fprintf(stderr, "jointner slurm: sbatch %s failed (status %d)\n", b->script_path, rc);
      failed = 1;
    } else {
      snprintf(b->job_id, sizeof b->job_id, "%s", out);
      printf("submitted %-24s job %s", b->name, b->job_id);
      if (b->kind == BJ_TRAIN) printf("  array 0-%d%%%d", b->n_runs - 1, o->max_concurrent);
      if (b->dependency) printf("  %s", b->dependency);
      printf("\n");
    }
    free(out);
  }
  free(text);
  *list_path_out = list_path;
  return failed ? -1 : 0;
}

/* b's entry in submitted.json's "jobs". */
static cJSON *batch_json(const SubmitOpts *o, const Plan *plan, const BatchJob *b,
                         const char *list_path) {
  cJSON *bj = cJSON_CreateObject();
  cJSON_AddStringToObject(bj, "name", b->name);
  cJSON_AddStringToObject(bj, "kind", BJ_KIND[b->kind]);
  cJSON_AddStringToObject(bj, "job_id", b->job_id);
  cJSON_AddStringToObject(bj, "script", b->script_path);
  if (b->kind == BJ_TRAIN) {
    cJSON_AddStringToObject(bj, "list", list_path);
    char *arr = jn_format("0-%d%%%d", b->n_runs - 1, o->max_concurrent);
    cJSON_AddStringToObject(bj, "array", arr);
    free(arr);
  }
  if (b->dependency) cJSON_AddStringToObject(bj, "dependency", b->dependency);
  cJSON *runs = cJSON_AddArrayToObject(bj, "runs");
  for (int r = 0; r < b->n_runs; r++)
    cJSON_AddItemToArray(runs, cJSON_CreateString(plan->jobs[b->runs[r]].id));
  return bj;
}

/* Dies when jobs of the earlier submission are still queued. */
static void refuse_while_queued(const char *submitted_path) {
  char *queued = still_queued(submitted_path);
  if (queued) {
    fprintf(stderr, "%s", queued);
    jn_die("slurm submit: jobs of the earlier submission (%s) are still queued (above); "
           "cancel them (scancel) or pass --force", submitted_path);
  }
}

/* Per job of the plan, 1 if its record is complete or, with --completed,
 * the runs file makes it done (grid_job_status_from_runs_file: a run it
 * lists that has no record here, or a pre-training no run left needs)
 * (malloc'd); their count. done_by[i] (malloc'd array of malloc'd strings)
 * says why for the jobs the runs file made done, NULL for the others. */
static int *complete_runs(const Plan *plan, const SubmitOpts *o, char ***done_by, int *n_complete) {
  int *complete = jn_calloc((size_t)plan->n_jobs, sizeof *complete);
  JobStatus *status = jn_calloc((size_t)plan->n_jobs, sizeof *status);
  *done_by = jn_calloc((size_t)plan->n_jobs, sizeof **done_by);
  for (int i = 0; i < plan->n_jobs; i++) {
    RecordState st;
    record_load_state(plan->jobs[i].record_path, &st);
    complete[i] = st.complete;
    status[i].kind = st.complete ? STATUS_DONE : STATUS_PENDING;
  }
  if (o->completed) {
    char (*moved_ids)[17] = o->moved ? grid_plan_moved_ids(plan, o->moved) : NULL;
    grid_job_status_from_runs_file(plan, status, o->completed, o->force_other_grid, moved_ids);
    free(moved_ids);
  }
  *n_complete = 0;
  for (int i = 0; i < plan->n_jobs; i++) {
    if (!complete[i] && status[i].kind == STATUS_DONE) {
      complete[i] = 1;
      (*done_by)[i] = jn_strdup(status[i].detail);
    }
    *n_complete += complete[i];
  }
  free(status);
  return complete;
}

/* submitted.json without its batch jobs yet ("jobs" is empty). */
static cJSON *submission_json(const SubmitOpts *o, const Plan *plan, const char *results,
                              int max_array, const int *complete, char *const *done_by) {
  cJSON *sub = cJSON_CreateObject();
  cJSON_AddStringToObject(sub, "grid_config", o->config);
  cJSON_AddStringToObject(sub, "grid_hash", plan->grid_hash);
  cJSON_AddStringToObject(sub, "results_dir", results);
  cJSON_AddStringToObject(sub, "jointner", o->jointner);
  cJSON_AddStringToObject(sub, "submitted", utc_now());
  cJSON_AddNumberToObject(sub, "max_array_size", max_array);
  if (o->completed) cJSON_AddStringToObject(sub, "completed", o->completed);
  cJSON_AddArrayToObject(sub, "jobs");
  cJSON *runs_json = cJSON_AddObjectToObject(sub, "runs");
  for (int i = 0; i < plan->n_jobs; i++)
    cJSON_AddItemToObject(runs_json, plan->jobs[i].id, run_json(plan, i, complete[i], done_by[i]));
  return sub;
}

int cmd_slurm_submit(int argc, char **argv) {
  SubmitOpts o;
  int status = parse_submit_options(argc, argv, &o);
  if (status >= 0) return status;
  char *self = o.jointner ? abs_path(o.jointner) : realpath("/proc/self/exe", NULL);
  if (!self || access(self, X_OK) != 0) jn_die("slurm submit: cannot find the jointner binary (--jointner)");
  o.jointner = self;
  if (strchr(o.jointner, '\'')) jn_die("slurm submit: the binary's path has a quote: %s", o.jointner);
  char *completed = o.completed ? realpath(o.completed, NULL) : NULL;
  if (o.completed && !completed)
    jn_die("slurm submit: --completed %s: %s", o.completed, strerror(errno));
  if (completed && strchr(completed, '\''))
    jn_die("slurm submit: the runs file's path has a quote: %s", completed);
  o.completed = completed;

  int max_array = array_size_limit(&o);

  char *time_from_partition = resolve_time_limits(&o);
  char *results_wanted = grid_results_dir(o.config);
  char *created_by_dry_run = o.dry_run ? first_missing_folder(results_wanted) : NULL;
  free(results_wanted);
  Plan plan;
  grid_plan_build(&plan, o.config, 0);
  if (!o.dry_run) grid_vectors_prepare(&plan);
  char *results = abs_path(plan.results_dir);
  char *sdir = jn_format("%s/slurm", results), *log_dir = jn_format("%s/logs", sdir);
  char *submitted_path = jn_format("%s/submitted.json", sdir);
  for (int i = 0; i < plan.n_jobs; i++)
    if (strchr(plan.jobs[i].config_path, '\''))
      jn_die("slurm submit: a config path has a quote: %s", plan.jobs[i].config_path);

  if (!o.dry_run && !o.force) refuse_while_queued(submitted_path);
  int n_complete;
  char **done_by;
  int *complete = complete_runs(&plan, &o, &done_by, &n_complete);
  int n_bj;
  BatchJob *bjs = plan_batches(&plan, complete, max_array, &n_bj);
  int nothing_to_do = n_bj == 1; /* the tables job alone */
  if (nothing_to_do)
    printf("jointner slurm: nothing to do: all %d runs of grid %s are complete (tables: %s tables "
           "%s%s%s)\n", plan.n_jobs, plan.grid_hash, o.jointner, results, o.completed ? " --with " : "",
           o.completed ? o.completed : "");
  if (!o.dry_run && !nothing_to_do) {
    move_earlier_submission(sdir, submitted_path);
    make_directories(log_dir);
  }

  printf("jointner slurm: grid %s: %d runs, %d complete; %d batch jobs (MaxArraySize %d)%s\n",
         plan.grid_hash, plan.n_jobs, n_complete, n_bj, max_array,
         o.dry_run ? " -- dry run, nothing submitted" : "");
  cJSON *sub = submission_json(&o, &plan, results, max_array, complete, done_by);
  cJSON *jobs_json = cJSON_GetObjectItemCaseSensitive(sub, "jobs");

  int failed = 0;
  for (int bi = 0; bi < n_bj && !failed && !nothing_to_do; bi++) {
    BatchJob *b = &bjs[bi];
    set_dependency(bjs, b);
    char *list_path;
    failed = submit_batch(&o, &plan, b, sdir, log_dir, results, &list_path) != 0;
    if (!failed || b->job_id[0]) cJSON_AddItemToArray(jobs_json, batch_json(&o, &plan, b, list_path));
    free(list_path);
  }
  if (!o.dry_run && !nothing_to_do) {
    slurm_write_json(submitted_path, sub);
    printf("job ids: %s\nprogress: %s slurm status %s\n", submitted_path, o.jointner, results);
  }
  cJSON_Delete(sub);
  for (int i = 0; i < n_bj; i++) {
    free(bjs[i].name);
    free(bjs[i].runs);
    free(bjs[i].deps);
    free(bjs[i].script_path);
    free(bjs[i].dependency);
  }
  free(bjs);
  for (int i = 0; i < plan.n_jobs; i++) free(done_by[i]);
  free(done_by);
  free(complete);
  free(completed);
  free(results);
  free(sdir);
  free(log_dir);
  free(submitted_path);
  free(self);
  free(time_from_partition);
  grid_plan_free(&plan);
  undo_dry_run_plan(created_by_dry_run);
  free(created_by_dry_run);
  return failed ? 1 : 0;
}
