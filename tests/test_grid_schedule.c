/* test_grid_schedule.c: release order, dependencies, retries and giving up.
 *
 * Plan (index: kind, cost, dependencies):
 *   0: pretrain  cost 10
 *   1: train     cost 5,  needs 0        priority 5
 *   2: train     cost 20                 priority 20
 *   3: train     cost 1                  priority 1
 *   4: train     cost 2,  needs 0        priority 2
 * Priority of 0 = 10 + max(5, 2) = 15, so the order is 2, 0, then (0 still
 * running) 3 only; after 0 completes: 1, 4. Scheduled by seed (seeds 2, 1,
 * 1, 2, 1 for jobs 0..4): seed 1's released job first (2), then seed 2's
 * (0, 3); after 0 completes, seed 1's 1 and 4. */
#include <string.h>
#include "check.h"
#include "runner/grid/grid_schedule.h"

static Plan make_plan(Job *jobs) {
  static const double costs[] = {10, 5, 20, 1, 2};
  for (int j = 0; j < 5; j++) {
    memset(&jobs[j], 0, sizeof jobs[j]);
    jobs[j].id[0] = (char)('a' + j);
    jobs[j].kind = j == 0 ? JOB_PRETRAIN : JOB_TRAIN;
    jobs[j].cost = costs[j];
  }
  jobs[1].n_deps = jobs[4].n_deps = 1;
  jobs[1].deps[0] = jobs[4].deps[0] = 0;
  return (Plan){.n_jobs = 5, .jobs = jobs};
}

static void test_order(void) {
  Job jobs[5];
  Plan plan = make_plan(jobs);
  int done[5] = {0};
  Schedule s;
  schedule_init(&s, &plan, done, 0);
  CHECK(schedule_next(&s) == 2);
  CHECK(schedule_next(&s) == 0);
  CHECK(schedule_next(&s) == 3);
  CHECK(schedule_next(&s) == -1); /* 1 and 4 wait for 0 */
  CHECK(schedule_has_work(&s));
  schedule_finished(&s, 0, END_COMPLETE);
  CHECK(schedule_next(&s) == 1);
  CHECK(schedule_next(&s) == 4);
  for (int j = 1; j < 5; j++) schedule_finished(&s, j, END_COMPLETE);
  CHECK(s.count[SCHED_DONE] == 5);
  CHECK(!schedule_has_work(&s));
  schedule_free(&s);
}

static void test_by_seed(void) {
  Job jobs[5];
  Plan plan = make_plan(jobs);
  static const int seeds[] = {2, 1, 1, 2, 1};
  for (int j = 0; j < 5; j++) jobs[j].seed = seeds[j];
  plan.by_seed = 1;
  int done[5] = {0};
  Schedule s;
  schedule_init(&s, &plan, done, 0);
  CHECK(schedule_next(&s) == 2); /* seed 1, released; 1 and 4 wait for 0 */
  CHECK(schedule_next(&s) == 0);
  CHECK(schedule_next(&s) == 3);
  schedule_finished(&s, 0, END_COMPLETE);
  CHECK(schedule_next(&s) == 1);
  CHECK(schedule_next(&s) == 4);
  schedule_free(&s);
}

/* Cheapest released job first: 3 (1), 0 (10), 2 (20); after 0: 4 (2), 1 (5). */
static void test_shortest_first(void) {
  Job jobs[5];
  Plan plan = make_plan(jobs);
  plan.shortest_first = 1;
  int done[5] = {0};
  Schedule s;
  schedule_init(&s, &plan, done, 0);
  CHECK(schedule_next(&s) == 3);
  CHECK(schedule_next(&s) == 0);
  CHECK(schedule_next(&s) == 2);
  schedule_finished(&s, 0, END_COMPLETE);
  CHECK(schedule_next(&s) == 4);
  CHECK(schedule_next(&s) == 1);
  schedule_free(&s);
}

static void test_done_jobs_are_skipped(void) {
  Job jobs[5];
  Plan plan = make_plan(jobs);
  int done[5] = {1, 0, 1, 0, 0};
  Schedule s;
  schedule_init(&s, &plan, done, 0);
  CHECK(schedule_next(&s) == 1); /* 0 done: 1 and 4 released at once */
  CHECK(schedule_next(&s) == 4);
  CHECK(schedule_next(&s) == 3);
  CHECK(schedule_next(&s) == -1);
  schedule_free(&s);
}

static void test_retries_and_blocking(void) {
  Job jobs[5];
  Plan plan = make_plan(jobs);
  int done[5] = {0};
  Schedule s;
  schedule_init(&s, &plan, done, 1); /* two attempts per job */
  CHECK(schedule_next(&s) == 2);
  CHECK(schedule_finished(&s, 2, END_STOPPED) == 0); /* a stop is no attempt */
  CHECK(s.state[2] == SCHED_WAITING && s.attempts[2] == 0);
  CHECK(schedule_next(&s) == 2);
  CHECK(schedule_next(&s) == 0);
  CHECK(schedule_finished(&s, 0, END_FAILED) == 1); /* retried */
  CHECK(schedule_next(&s) == 0);
  CHECK(schedule_finished(&s, 0, END_FAILED) == 0); /* given up */
  CHECK(s.state[0] == SCHED_FAILED);
  CHECK(s.state[1] == SCHED_BLOCKED && s.state[4] == SCHED_BLOCKED);
  CHECK(schedule_next(&s) == 3);
  schedule_finished(&s, 3, END_COMPLETE);
  schedule_finished(&s, 2, END_COMPLETE);
  CHECK(schedule_next(&s) == -1);
  CHECK(!schedule_has_work(&s));
  CHECK(s.count[SCHED_DONE] == 2 && s.count[SCHED_FAILED] == 1 && s.count[SCHED_BLOCKED] == 2);
  schedule_free(&s);
}

int main(void) {
  test_order();
  test_by_seed();
  test_shortest_first();
  test_done_jobs_are_skipped();
  test_retries_and_blocking();
  return check_exit("test_grid_schedule");
}
