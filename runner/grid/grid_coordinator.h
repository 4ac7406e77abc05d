/* grid_coordinator.h: the coordinator's bookkeeping, the same whether jobs
 * run on MPI workers or in the coordinator's own children: what to start
 * next, what a job's end means (its record is checked, not just its exit
 * status), the status log, the status line and the overhead counters. */
#ifndef JN_GRID_COORDINATOR_H
#define JN_GRID_COORDINATOR_H
#include "runner/grid/grid_child.h"
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_schedule.h"
#include "runner/grid/grid_status_log.h"

typedef struct {
  const Plan *plan;
  Schedule schedule;
  StatusLog log;
  ChildLimits limits;
  int n_runners;        /* processes running jobs (workers, or 1) */
  int stopping;         /* a stop was requested: start nothing more */
  int status_is_tty;
  double began;         /* monotonic seconds */
  double cpu_at_start;  /* this process's CPU seconds when the jobs began */
  double last_status;   /* when the status line was last printed */
  int last_printed[N_SCHED_STATES];
  /* per rank [0, n_ranks): the end of its last job and whether it waited
   * for work since, to measure the gap between one job and the next */
  int n_ranks;
  double *last_end;
  int *waited;
  /* this invocation */
  int completed;
  double kind_seconds[2], kind_cost_done[2]; /* of completed jobs, by JobKind: wall time, cost */
  const double *left; /* per job, seconds left by status.log's rates (NAN: no rate), or NULL */
  double deadline;     /* monotonic seconds at which the grid stops (--deadline), or 0 */
  double *started_at;  /* per job: the wall clock its running attempt began at, else 0 */
  int *waiters_at, *waiters; /* with a deadline: the jobs that wait for job j are
                                waiters[waiters_at[j] .. waiters_at[j + 1]); else NULL */
  double gap_sum, gap_max;
  int n_gaps;
  double worker_cpu; /* CPU seconds of the workers (not their jobs) */
} Coordinator;

/* left: per job, the seconds left by earlier runs' rates (grid_time_left),
 * or NULL; it must outlive the coordinator. deadline_seconds: from now,
 * when the grid stops as on a stop signal (0: none). */
void coordinator_init(Coordinator *c, const Plan *plan, const int *done, int retries,
                      const ChildLimits *limits, int n_ranks, int n_runners, const double *left,
                      double deadline_seconds);
/* The next job to start, or -1 (none released, or stopping). Before a
 * deadline, the first released job in priority order that is expected to
 * end before it (a pre-training: with the longest run that waits for it),
 * else the first released job. The estimate is status.log's rate for the
 * job's kind and language, else this run's for its kind, else this run's
 * for all kinds; a job without any counts as ending in time. */
int coordinator_next(Coordinator *c);
/* Stops the grid (coordinator_stop) once its deadline has passed; the
 * farm calls it beside its stop signals, before it asks for a job. */
void coordinator_check_deadline(Coordinator *c);
/* rank found nothing to do (for the gap measurement). */
void coordinator_idle(Coordinator *c, int rank);
void coordinator_started(Coordinator *c, int job, int rank, const char *host, const ChildResult *r);
void coordinator_ended(Coordinator *c, int job, int rank, const char *host, const ChildResult *r);
void coordinator_stop(Coordinator *c, const char *why);
/* The wall seconds the jobs waiting or running have left, over the
 * runners: each at its rate (as coordinator_next prices it), a running one
 * less the time its attempt has run (at least 0); NAN when a job has no
 * rate at all. The status line's ETA. */
double coordinator_eta(const Coordinator *c);
/* Prints the status line if it is due (or force). */
void coordinator_status_line(Coordinator *c, int force);
/* Logs and prints the summary with the overhead; returns the exit status:
 * 0 all done, 1 some failed, JN_EXIT_PREEMPTED when stopped. */
int coordinator_finish(Coordinator *c);
void coordinator_free(Coordinator *c);

/* This process's user + system CPU seconds (its children not included). */
double cpu_seconds_used(void);

#endif
