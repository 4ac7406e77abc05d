/* grid_schedule.h: which job runs next. A job is released only when the
 * jobs it depends on are done; among released jobs the one with the
 * longest remaining chain of work goes first (its cost plus the largest
 * such priority among the jobs that wait for it), so pre-trainings start
 * before everything and long jobs before short ones. A plan scheduled
 * by_seed runs every job of seed 1 first, then seed 2, ... (the same order
 * within a seed), so that a sweep stopped early has whole seeds of every
 * cell rather than every seed of a few; one scheduled shortest_first runs
 * the cheapest released job first (so a sweep cut short has the most
 * runs). A failed job is
 * retried up to the retry budget, then it and everything waiting for it
 * are given up. */
#ifndef JN_GRID_SCHEDULE_H
#define JN_GRID_SCHEDULE_H
#include "runner/grid/grid_plan.h"

typedef enum { SCHED_WAITING, SCHED_RUNNING, SCHED_DONE, SCHED_FAILED, SCHED_BLOCKED, N_SCHED_STATES } SchedState;

typedef enum {
  END_COMPLETE, /* its record is complete */
  END_FAILED,   /* an attempt that counts against the retries */
  END_STOPPED   /* stopped on request (checkpointed); back to waiting, no attempt used */
} JobEnd;

typedef struct {
  const Plan *plan;
  SchedState *state; /* [n_jobs] */
  int *attempts;     /* [n_jobs] started in this invocation */
  int max_attempts;  /* 1 + retries */
  int *by_priority;  /* [n_jobs] job indices, highest priority first */
  int count[N_SCHED_STATES];
} Schedule;

/* done[j] = 1 for jobs whose record is already complete. */
void schedule_init(Schedule *s, const Plan *plan, const int *done, int retries);
/* The released waiting job of highest priority, now running; -1 if none. */
int schedule_next(Schedule *s);
/* The same among the jobs for which ok(ctx, job) is nonzero. */
int schedule_next_where(Schedule *s, int (*ok)(const void *ctx, int job), const void *ctx);
/* Returns 1 when a failed job will be retried. */
int schedule_finished(Schedule *s, int job, JobEnd end);
/* 1 while something runs or can still be released. */
int schedule_has_work(const Schedule *s);
void schedule_free(Schedule *s);

#endif
