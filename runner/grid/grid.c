/* grid.c: `jointner grid --config GRID.json`: plan the paper's sweep, look
 * at what RESULTS already holds, run the rest (under mpirun: rank 0
 * coordinates, the other ranks run jobs), then print the tables. */
#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/cli.h"
#include "runner/grid/grid_coordinator.h"
#include "runner/grid/grid_farm.h"
#include "runner/grid/grid_job_status.h"
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_vectors.h"
#include "runner/mpi_env.h"
#include "runner/grid/grid_status_log.h"
#include "runner/grid/grid_time.h"
#include "runner/record_lock.h"
#include "runner/signals.h"
#include "runner/tables/tables.h"

enum { DEFAULT_RETRIES = 2 };
static const double GRACE_SECONDS = 30; /* SIGTERM to SIGKILL: a checkpoint takes < 1 s */

static const char USAGE[] =
    "usage: jointner grid --config GRID.json [--dry-run] [--force-other-grid]\n"
    "                     [--time-limit SEC] [--retries N] [--by-seed]\n"
    "                     [--shortest-first] [--completed RUNS.tsv [--moved OLD=NEW]]\n"
    "                     [--deadline SEC]\n"
    "       mpirun -np N jointner grid --config GRID.json ...\n"
    "\n"
    "Expands the grid (configs/README.md) into jobs (RESULTS/jobs/<id>.json, one run\n"
    "record RESULTS/runs/<id>.h5 each), skips the complete ones, resumes partial ones,\n"
    "moves corrupt or stale records to RESULTS/corrupt/ or RESULTS/stale/ and runs\n"
    "them again, runs the rest, and prints `jointner tables RESULTS`. Under mpirun\n"
    "rank 0 coordinates and ranks 1..N-1 run one job at a time each (longest chain\n"
    "of work first; Joint + Pre-trained runs after their pre-training); alone it\n"
    "runs the jobs itself. Each job is a child process; its output goes to\n"
    "RESULTS/logs/<id>.log, every start and end to RESULTS/status.log.\n"
    "\n"
    "  --dry-run           list every job with its status (done, partial, failed,\n"
    "                      pending) and what would happen, and per kind and\n"
    "                      language the worker-hours spent (status.log) and an\n"
    "                      estimate of those left; runs nothing\n"
    "  --force-other-grid  run in a RESULTS folder planned by another grid, or with a\n"
    "                      --completed file that holds runs of another grid\n"
    "  --deadline SEC      the grid's own time limit: SEC seconds after it starts, the\n"
    "                      running jobs stop at a checkpoint (exit 75). Until then a\n"
    "                      job expected to end before it (status.log's rate for its\n"
    "                      kind and language, else this run's for its kind; a\n"
    "                      pre-training with the longest run waiting for it)\n"
    "                      starts before one that is not, which\n"
    "                      starts only when none is, e.g. for an allocation that ends\n"
    "                      or a machine that is not kept\n"
    "  --time-limit SEC    stop a job after SEC seconds (SIGTERM: it checkpoints;\n"
    "                      SIGKILL 30 s later); counts as a failed attempt\n"
    "  --retries N         attempts after a failure, per job (default 2)\n"
    "  --by-seed           every job of seed 1 first, then seed 2, ...: a sweep cut\n"
    "                      short has whole seeds of every cell\n"
    "  --shortest-first    the cheapest released job first (with --by-seed: within\n"
    "                      each seed): a sweep cut short has the most runs\n"
    "  --completed FILE    a runs.tsv of `jointner tables` (e.g. committed from another\n"
    "                      machine): the runs it lists count as done without their\n"
    "                      records, and the final tables include them. Every run must\n"
    "                      be a job of this grid; job ids include the absolute paths\n"
    "                      of the data files, so the data must be where it was, or:\n"
    "  --moved OLD=NEW     with --completed: its runs were made with their data and\n"
    "                      records under the folder OLD, which are now under NEW\n"
    "                      (e.g. a sweep carried to another folder or machine); they\n"
    "                      count by the ids their jobs had there\n"
    "\n"
    "SIGTERM, SIGUSR1 or SIGINT to the coordinator (or any rank) stops the running\n"
    "jobs at a checkpoint and exits with 75; the same command resumes. Under mpirun,\n"
    "send SIGUSR1 to mpirun (it forwards it) or SIGTERM to rank 0: mpirun kills its\n"
    "ranks soon after forwarding a SIGTERM. Exit status: 0 all done, 1 some jobs\n"
    "failed, 2 bad input, 75 stopped.\n";

typedef struct {
  const char *config;
  const char *completed; /* --completed: a runs.tsv */
  const char *moved;     /* --moved OLD=NEW, or NULL */
  int dry_run, force_other_grid, retries, by_seed, shortest_first;
  double time_limit, deadline;
} GridOptions;

static int parse_number(const char *option, const char *text, double lo, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno || *end || end == text || !(v >= lo)) {
    fprintf(stderr, "jointner: error: grid: %s needs a number >= %g, not '%s'\n", option, lo, text);
    return -1;
  }
  *out = v;
  return 0;
}

/* 0: run; otherwise the exit status (help or a usage error). */
static int parse_options(int argc, char **argv, GridOptions *o) {
  static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                       {"dry-run", no_argument, 0, 'n'},
                                       {"force-other-grid", no_argument, 0, 'F'},
                                       {"time-limit", required_argument, 0, 't'},
                                       {"retries", required_argument, 0, 'r'},
                                       {"by-seed", no_argument, 0, 's'},
                                       {"completed", required_argument, 0, 'C'},
                                       {"shortest-first", no_argument, 0, 'S'},
                                       {"deadline", required_argument, 0, 'D'},
                                       {"moved", required_argument, 0, 'M'},
                                       CLI_HELP,
                                       CLI_END};
  *o = (GridOptions){.retries = DEFAULT_RETRIES};
  int c, status;
  double v;
  while ((c = cli_option(argc, argv, "grid", opts, USAGE, &status)) > 0) {
    if (c == 'c') {
      o->config = optarg;
    } else if (c == 'n') {
      o->dry_run = 1;
    } else if (c == 'F') {
      o->force_other_grid = 1;
    } else if (c == 's') {
      o->by_seed = 1;
    } else if (c == 'S') {
      o->shortest_first = 1;
    } else if (c == 'C') {
      o->completed = optarg;
    } else if (c == 'M') {
      o->moved = optarg;
    } else if (c == 't') {
      if (parse_number("--time-limit", optarg, 0, &o->time_limit)) return 2;
    } else if (c == 'D') {
      if (parse_number("--deadline", optarg, 1, &o->deadline)) return 2;
    } else if (c == 'r') {
      if (parse_number("--retries", optarg, 0, &v) || v != (int)v || v > 1000) return 2;
      o->retries = (int)v;
    }
  }
  if (c < 0) return status == 0 ? -1 : status;
  if ((status = cli_no_arguments(argc, argv, "grid", USAGE))) return status;
  if (o->moved && !o->completed) {
    fprintf(stderr, "jointner: error: grid: --moved goes with --completed\n%s", USAGE);
    return 2;
  }
  if (!o->config) {
    fprintf(stderr, "jointner: error: grid: --config GRID.json is required\n%s", USAGE);
    return 2;
  }
  return 0;
}

/* 1 when more than one worker rank shares this node (then each job gets
 * one BLAS thread). Collective over MPI_COMM_WORLD. */
static int workers_share_node(int rank) {
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
  int workers, is_worker = rank != 0;
  MPI_Allreduce(&is_worker, &workers, 1, MPI_INT, MPI_SUM, node);
  MPI_Comm_free(&node);
  return workers > 1;
}

/* ---- --dry-run --------------------------------------------------------------- */

static void describe_action(const Plan *plan, int j, const JobStatus *all, char *text, size_t size) {
  const JobStatus *s = &all[j];
  int n;
  switch (s->kind) {
    case STATUS_DONE: n = snprintf(text, size, "skip"); break;
    case STATUS_PARTIAL: n = snprintf(text, size, "resume after epoch %d", s->epoch); break;
    case STATUS_FAILED:
      n = s->bad_record ? snprintf(text, size, "move the record to %s/, run afresh (%s)",
                                   s->bad_record, s->detail)
                        : snprintf(text, size, "run again (%s)", s->detail);
      break;
    default: n = snprintf(text, size, "run"); break;
  }
  const Job *job = &plan->jobs[j];
  for (int d = 0; d < job->n_deps && s->kind != STATUS_DONE; d++)
    if (all[job->deps[d]].kind != STATUS_DONE && n > 0 && (size_t)n < size)
      n += snprintf(text + n, size - (size_t)n, ", after %s", plan->jobs[job->deps[d]].id);
}

/* Every job with its status and action, the time report (grid_time.h),
 * then the counts (the last line). */
static void print_dry_run(const Plan *plan, const JobHistory *history, const JobStatus *status) {
  int count[4] = {0};
  printf("%-16s  %-8s  %-4s  %-8s  %-19s  %-13s  %4s  %-7s  %s\n", "job", "kind", "lang", "table",
         "row", "attention", "seed", "status", "what would happen");
  for (int j = 0; j < plan->n_jobs; j++) {
    const Job *job = &plan->jobs[j];
    char action[900];
    describe_action(plan, j, status, action, sizeof action);
    printf("%-16s  %-8s  %-4s  %-8s  %-19s  %-13s  %4d  %-7s  %s\n", job->id,
           job->kind == JOB_PRETRAIN ? "pretrain" : "train", job->language, job->table, job->row,
           job->attention, job->seed, JOB_STATUS_NAMES[status[j].kind], action);
    count[status[j].kind]++;
  }
  putchar('\n');
  grid_time_report(stdout, plan, history, status,
                   "every attempt's end - start in status.log (time on the workers)");
  printf("%d jobs: %d done, %d partial, %d failed, %d pending; would run %d\n", plan->n_jobs,
         count[STATUS_DONE], count[STATUS_PARTIAL], count[STATUS_FAILED], count[STATUS_PENDING],
         plan->n_jobs - count[STATUS_DONE]);
}

/* ---- a run ------------------------------------------------------------------ */

/* Holds RESULTS/grid.lock for the life of the process; dies if another
 * grid holds it. */
static void lock_results(const Plan *plan) {
  char path[4200], holder[128];
  snprintf(path, sizeof path, "%s/grid.lock", plan->results_dir);
  if (hold_exclusive_lock(path, holder) != 0)
    jn_die("another `jointner grid` is running on %s (%s); wait for it or stop it",
           plan->results_dir, *holder ? holder : "see grid.lock");
}

/* Moves corrupt and stale records aside (logged); fills done[]. */
static void prepare_records(const Plan *plan, JobStatus *status, int *done, StatusLog *log) {
  for (int j = 0; j < plan->n_jobs; j++) {
    done[j] = status[j].kind == STATUS_DONE;
    if (!status[j].bad_record) continue;
    char *dest = grid_move_record_aside(plan, j, &status[j]);
    char detail[1200];
    snprintf(detail, sizeof detail, "%s; moved to %s", status[j].detail, dest);
    fprintf(stderr, "jointner: grid: job %s: %s\n", plan->jobs[j].id, detail);
    StatusEvent e = {"moved", plan->jobs[j].id, -1, -1, NULL, NULL, 0, 0, detail};
    status_log_write(log, &e);
    free(dest);
  }
}

/* Sets bad records aside, runs what is left, prints the tables; returns
 * the exit status. */
static int run_jobs(const GridOptions *o, const Plan *plan, const JobHistory *history,
                    JobStatus *status, int n_ranks, const ChildLimits *limits) {
  int count[4] = {0};
  for (int j = 0; j < plan->n_jobs; j++) count[status[j].kind]++;
  char summary[400], host[64];
  snprintf(summary, sizeof summary,
           "grid %s: %d jobs: %d done, %d partial, %d failed, %d pending; %d rank(s); results %s",
           plan->grid_hash, plan->n_jobs, count[STATUS_DONE], count[STATUS_PARTIAL],
           count[STATUS_FAILED], count[STATUS_PENDING], n_ranks, plan->results_dir);
  fprintf(stderr, "jointner: %s\n", summary);
  StatusLog log;
  status_log_open(&log, plan->results_dir);
  grid_host_name(host);
  StatusEvent e = {"grid", NULL, 0, (int)getpid(), host, NULL, 0, 0, summary};
  status_log_write(&log, &e);
  int *done = jn_malloc(sizeof *done * (size_t)plan->n_jobs);
  prepare_records(plan, status, done, &log);
  status_log_close(&log);
  Coordinator c;
  double *left = grid_time_left(plan, history, status);
  coordinator_init(&c, plan, done, o->retries, limits, n_ranks, n_ranks > 1 ? n_ranks - 1 : 1,
                   left, o->deadline);
  if (o->deadline > 0)
    fprintf(stderr, "jointner: grid: deadline in %.0f s: the jobs expected to end before it go "
            "first; then the running jobs stop at a checkpoint\n", o->deadline);
  free(done);
  if (n_ranks > 1)
    farm_coordinate(&c, n_ranks);
  else
    farm_alone(&c);
  int exit_status = coordinator_finish(&c);
  coordinator_free(&c);
  free(left);
  if (exit_status != JN_EXIT_PREEMPTED) {
    fflush(NULL);
    TablesOptions tables = {.results_dir = plan->results_dir, .with_file = o->completed,
                            .out_dir = plan->results_dir,
                            .formats = FORMAT_MD | FORMAT_TEX | FORMAT_CSV};
    tables_write(&tables);
  }
  return exit_status;
}

/* Rank 0: plan, judge what RESULTS holds, then list it or run it. */
static int coordinate(const GridOptions *o, int n_ranks, const ChildLimits *limits) {
  Plan plan;
  grid_plan_build(&plan, o->config, o->force_other_grid);
  plan.by_seed = o->by_seed;
  plan.shortest_first = o->shortest_first;
  if (!o->dry_run) lock_results(&plan); /* before judging: nobody writes records meanwhile */
  if (!o->dry_run) grid_vectors_prepare(&plan);
  char (*moved_ids)[17] = o->moved ? grid_plan_moved_ids(&plan, o->moved) : NULL;
  JobHistory *history = status_log_history(plan.results_dir, &plan, moved_ids);
  JobStatus *status = jn_malloc(sizeof *status * (size_t)plan.n_jobs);
  grid_job_status_scan(&plan, history, status);
  if (o->completed)
    grid_job_status_from_runs_file(&plan, status, o->completed, o->force_other_grid, moved_ids);
  int exit_status = 0;
  if (o->dry_run)
    print_dry_run(&plan, history, status);
  else
    exit_status = run_jobs(o, &plan, history, status, n_ranks, limits);
  status_log_free_history(history, &plan);
  free(moved_ids);
  free(status);
  grid_plan_free(&plan);
  return exit_status;
}

int cmd_grid(int argc, char **argv) {
  GridOptions o;
  int usage = parse_options(argc, argv, &o);
  if (usage) return usage < 0 ? 0 : usage;
  int with_mpi = launched_by_mpi(), rank = 0, n_ranks = 1;
  if (with_mpi) {
    MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
  }
  ChildLimits limits = {o.time_limit, GRACE_SECONDS, n_ranks > 1 && workers_share_node(rank)};
  signals_install();
  int exit_status = 0;
  if (rank == 0)
    exit_status = coordinate(&o, n_ranks, &limits);
  else if (!o.dry_run)
    farm_work(&limits);
  if (with_mpi) MPI_Finalize();
  return exit_status;
}
