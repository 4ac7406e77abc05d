/* test_grid_deadline.c: which job the coordinator starts before a deadline
 * (`grid --deadline`), on a plan made by hand, and the stop once it has
 * passed.
 *
 * Plan (job: kind, cost, what it waits for; seconds left by earlier rates):
 *   P  pretrain  4          100 s
 *   R  train     3  P      500 s
 *   S  train     2         300 s
 *   U  train     1           ? (no rate)
 * Priority (longest chain of cost first): P (4 + 3), R, S, U.
 *   no deadline      P, then S, U; R after P is done
 *   deadline 400 s   S (300 s fits), U (no estimate counts as fitting),
 *                    then P (100 + R's 500 s does not fit, but nothing
 *                    else is left); R after P
 *   deadline 700 s   P (600 s fits) first
 * With this run's training at 1000 s per unit of cost (U: 1000 s):
 *   deadline 400 s   S, then P (nothing fits), R, U
 * Without R's rate in status.log, this run's 100 s per unit (R: 300 s):
 *   deadline 350 s   S, U, then P (100 + 300 s does not fit), R
 *   deadline 450 s   P (400 s fits) first; with no rate in status.log at
 *                    all, P at 4 x 100 s: S, U, then P, R
 *   a passed deadline stops the grid: nothing more starts.
 * The ETA (left 100, 500, 300, 50 s; one runner): 950 s; with P started
 * 60 s ago 890 s; with P started 1000 s ago, P counts 0: 850 s; with U
 * unrated and nothing completed in this run, unknown.
 * Also grid_time_left on test_grid_time's numbers is covered there. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "runner/grid/grid_coordinator.h"
#include "runner/grid/grid_status_log.h"

#define WORK_DIR "test_grid_deadline_work"

static void make_plan(Plan *plan, Job *jobs) {
  static const struct {
    const char *id;
    JobKind kind;
    double cost;
    int dep;
  } SPEC[] = {{"P", JOB_PRETRAIN, 4, -1}, {"R", JOB_TRAIN, 3, 0}, {"S", JOB_TRAIN, 2, -1}, {"U", JOB_TRAIN, 1, -1}};
  for (int j = 0; j < 4; j++) {
    memset(&jobs[j], 0, sizeof jobs[j]);
    strcpy(jobs[j].id, SPEC[j].id);
    jobs[j].kind = SPEC[j].kind;
    jobs[j].language = jobs[j].row = jobs[j].attention = jobs[j].table = (char *)"x";
    jobs[j].cost = SPEC[j].cost;
    if (SPEC[j].dep >= 0) jobs[j].deps[jobs[j].n_deps++] = SPEC[j].dep;
  }
  *plan = (Plan){.results_dir = WORK_DIR, .n_jobs = 4, .jobs = jobs};
}

/* The ids of the jobs the coordinator starts, in order, until none is
 * released; each started job is marked done at once. train_rate: the
 * seconds per unit of cost of training jobs completed in this run (0:
 * none). */
static void start_order(const Plan *plan, const double *left, double deadline, double train_rate,
                        char *order) {
  Coordinator c;
  const int done[4] = {0};
  ChildLimits limits = {0};
  coordinator_init(&c, plan, done, 0, &limits, 1, 1, left, deadline);
  c.kind_seconds[JOB_TRAIN] = train_rate;
  c.kind_cost_done[JOB_TRAIN] = train_rate > 0;
  int job, n = 0;
  while ((job = coordinator_next(&c)) >= 0) {
    order[n++] = plan->jobs[job].id[0];
    schedule_finished(&c.schedule, job, END_COMPLETE);
  }
  order[n] = '\0';
  coordinator_free(&c);
}

static void check_order(const Plan *plan, const double *left, double deadline, double train_rate,
                        const char *want, int line) {
  char got[8];
  start_order(plan, left, deadline, train_rate, got);
  if (strcmp(got, want)) {
    fprintf(stderr, "%s:%d: deadline %g: started %s, want %s\n", __FILE__, line, deadline, got, want);
    check_failures++;
  }
}

int main(void) {
  mkdir(WORK_DIR, 0777);
  Job jobs[4];
  Plan plan;
  make_plan(&plan, jobs);
  const double left[4] = {100, 500, 300, NAN};
  check_order(&plan, left, 0, 0, "PRSU", __LINE__);
  check_order(&plan, left, 400, 0, "SUPR", __LINE__);
  check_order(&plan, left, 700, 0, "PRSU", __LINE__);
  check_order(&plan, NULL, 400, 0, "PRSU", __LINE__); /* no estimates: every job counts as fitting */
  check_order(&plan, left, 400, 1000, "SPRU", __LINE__);
  const double no_r[4] = {100, NAN, 300, 50};
  check_order(&plan, no_r, 350, 100, "SUPR", __LINE__);
  check_order(&plan, no_r, 450, 100, "PRSU", __LINE__);
  /* no pre-training completed: P at this run's rate of all kinds, 400 s + R's 300 s */
  check_order(&plan, NULL, 450, 100, "SUPR", __LINE__);

  Coordinator c;
  const int done[4] = {0};
  ChildLimits limits = {0};
  const double rated[4] = {100, 500, 300, 50};
  coordinator_init(&c, &plan, done, 0, &limits, 1, 1, rated, 0);
  CHECK_CLOSE(coordinator_eta(&c), 950, 1e-9);
  CHECK(coordinator_next(&c) == 0);
  ChildResult started = {.pid = 1, .start = wall_clock_now() - 60};
  coordinator_started(&c, 0, 0, "host", &started);
  CHECK_CLOSE(coordinator_eta(&c), 890, 1e-3); /* within about a second */
  started.start = wall_clock_now() - 1000;
  coordinator_started(&c, 0, 0, "host", &started);
  CHECK_CLOSE(coordinator_eta(&c), 850, 1e-9);
  coordinator_free(&c);
  coordinator_init(&c, &plan, done, 0, &limits, 1, 1, left, 0);
  CHECK(isnan(coordinator_eta(&c)));
  coordinator_free(&c);

  coordinator_init(&c, &plan, done, 0, &limits, 1, 1, left, 0.05);
  CHECK(coordinator_next(&c) >= 0 && !c.stopping);
  usleep(100 * 1000);
  coordinator_check_deadline(&c);
  CHECK(c.stopping);
  CHECK(coordinator_next(&c) == -1);
  coordinator_free(&c);
  return check_exit("test_grid_deadline");
}
