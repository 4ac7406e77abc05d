/* grid_child.h: one job in a child process, so that a crash, an abort or an
 * out-of-memory kill loses nothing but that job. The child is this binary
 * (/proc/self/exe) running `train` or `pretrain --config JOB.json`, in its
 * own process group, with stdout and stderr appended to the job's log, an
 * environment without OMPI_* and PMIX_* (it is not part of the grid's MPI
 * job), and SIGTERM when its parent dies. Stopping means SIGTERM (the run
 * checkpoints and exits with JN_EXIT_PREEMPTED) and SIGKILL after a grace
 * period. */
#ifndef JN_GRID_CHILD_H
#define JN_GRID_CHILD_H
#include <stddef.h>
#include "runner/grid/grid_plan.h"

typedef struct {
  double time_limit;      /* seconds; 0: none */
  double grace;           /* seconds from SIGTERM to SIGKILL */
  int single_blas_thread; /* set OPENBLAS_NUM_THREADS=1 (ranks share the node) */
} ChildLimits;

typedef struct {
  int pid;
  int exit_code;   /* -1 when killed by a signal */
  int term_signal; /* the signal that ended it, or 0 */
  int timed_out;   /* it was stopped at the time limit */
  int stopped;     /* it was stopped on request */
  double start, end; /* wall clock, seconds since the epoch */
} ChildResult;

/* Called while the child runs: started once after the fork (pid and start
 * set), should_stop every few milliseconds (1: stop the child). */
typedef struct {
  void (*started)(void *ctx, const ChildResult *r);
  int (*should_stop)(void *ctx);
  void *ctx;
} ChildHooks;

/* Runs the job to its end and fills result. log_note goes into the log's
 * header line for this attempt. */
void child_run(JobKind kind, const char *config_path, const char *log_path, const char *log_note,
               const ChildLimits *limits, const ChildHooks *hooks, ChildResult *result);

/* "complete"-style text of how it ended: "exit 3", "killed by signal 9
 * (Killed)", "time limit 60 s reached (exit 75)". */
void child_describe_end(const ChildResult *r, const ChildLimits *limits, char *text, size_t size);

#endif
