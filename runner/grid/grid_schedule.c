/* grid_schedule.c: dependency-aware, longest-chain-first release of jobs. */
#include "runner/grid/grid_schedule.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

static void set_state(Schedule *s, int job, SchedState state) {
  s->count[s->state[job]]--;
  s->state[job] = state;
  s->count[state]++;
}

typedef struct {
  int seed; /* 0 unless the plan is scheduled seed by seed */
  double priority;
  int job;
} Ranked;

/* Lowest seed first (by_seed), then highest priority; ties in plan order. */
static int by_priority(const void *a, const void *b) {
  const Ranked *x = a, *y = b;
  if (x->seed != y->seed) return x->seed - y->seed;
  return x->priority < y->priority ? 1 : x->priority > y->priority ? -1 : x->job - y->job;
}

void schedule_init(Schedule *s, const Plan *plan, const int *done, int retries) {
  int n = plan->n_jobs;
  memset(s, 0, sizeof *s);
  s->plan = plan;
  s->max_attempts = 1 + retries;
  s->state = jn_malloc(sizeof *s->state * (size_t)n);
  s->attempts = jn_calloc((size_t)n, sizeof *s->attempts);
  s->by_priority = jn_malloc(sizeof *s->by_priority * (size_t)n);
  for (int j = 0; j < n; j++) {
    s->state[j] = done[j] ? SCHED_DONE : SCHED_WAITING;
    s->count[s->state[j]]++;
  }
  /* priority = cost + max priority of dependents; dependencies come
   * earlier in the plan, so one backward pass settles it */
  Ranked *ranked = jn_malloc(sizeof *ranked * (size_t)n);
  for (int j = 0; j < n; j++)
    ranked[j] = (Ranked){plan->by_seed ? plan->jobs[j].seed : 0, plan->jobs[j].cost, j};
  for (int j = n - 1; j >= 0; j--)
    for (int d = 0; d < plan->jobs[j].n_deps; d++) {
      int dep = plan->jobs[j].deps[d];
      if (dep >= j) jn_die("grid plan: job %s depends on a later job", plan->jobs[j].id);
      double through = plan->jobs[dep].cost + ranked[j].priority;
      if (through > ranked[dep].priority) ranked[dep].priority = through;
    }
  if (plan->shortest_first) /* the job's own cost, not its chain's */
    for (int j = 0; j < n; j++) ranked[j].priority = -plan->jobs[ranked[j].job].cost;
  qsort(ranked, (size_t)n, sizeof *ranked, by_priority);
  for (int i = 0; i < n; i++) s->by_priority[i] = ranked[i].job;
  free(ranked);
}

static int released(const Schedule *s, int job) {
  const Job *j = &s->plan->jobs[job];
  for (int d = 0; d < j->n_deps; d++)
    if (s->state[j->deps[d]] != SCHED_DONE) return 0;
  return 1;
}

int schedule_next(Schedule *s) { return schedule_next_where(s, NULL, NULL); }

int schedule_next_where(Schedule *s, int (*ok)(const void *ctx, int job), const void *ctx) {
  for (int i = 0; i < s->plan->n_jobs; i++) {
    int j = s->by_priority[i];
    if (s->state[j] == SCHED_WAITING && released(s, j) && (!ok || ok(ctx, j))) {
      set_state(s, j, SCHED_RUNNING);
      s->attempts[j]++;
      return j;
    }
  }
  return -1;
}

/* Gives up every waiting job that (transitively) depends on a failed one;
 * dependencies come earlier in the plan, so one forward pass does it. */
static void block_dependents(Schedule *s) {
  for (int j = 0; j < s->plan->n_jobs; j++) {
    if (s->state[j] != SCHED_WAITING) continue;
    const Job *job = &s->plan->jobs[j];
    for (int d = 0; d < job->n_deps; d++) {
      SchedState dep = s->state[job->deps[d]];
      if (dep == SCHED_FAILED || dep == SCHED_BLOCKED) {
        set_state(s, j, SCHED_BLOCKED);
        break;
      }
    }
  }
}

int schedule_finished(Schedule *s, int job, JobEnd end) {
  if (end == END_COMPLETE) {
    set_state(s, job, SCHED_DONE);
    return 0;
  }
  if (end == END_STOPPED) s->attempts[job]--;
  if (end == END_STOPPED || s->attempts[job] < s->max_attempts) {
    set_state(s, job, SCHED_WAITING);
    return end == END_FAILED;
  }
  set_state(s, job, SCHED_FAILED);
  block_dependents(s);
  return 0;
}

int schedule_has_work(const Schedule *s) {
  if (s->count[SCHED_RUNNING]) return 1;
  for (int j = 0; j < s->plan->n_jobs; j++)
    if (s->state[j] == SCHED_WAITING && released(s, j)) return 1;
  return 0;
}

void schedule_free(Schedule *s) {
  free(s->state);
  free(s->attempts);
  free(s->by_priority);
  memset(s, 0, sizeof *s);
}
