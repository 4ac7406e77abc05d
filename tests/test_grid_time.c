/* test_grid_time.c: status_log_history and grid_time_report (the time a
 * sweep has spent and an estimate of the rest), worked by hand.
 *
 * Plan (job: kind, language, cost; its "end" events in status.log, start to
 * end; its status):
 *   p   pretrain vi 1e8   200 s complete                 done
 *   a   train    vi 1e7    30 s complete                 done
 *   b   train    vi 2e7   100 s complete                 done
 *   c   train    vi 1e7    20 s stopped + 30 s complete  done (2 attempts)
 *   d   train    vi 3e7    40 s stopped                  partial
 *   e   train    vi 5e6    an end whose times are bad    pending
 *   t   train    th 1e7    an end with no start ("-")    pending
 * Also a start event, an end of a job not in the plan and a short line,
 * all passed over. The lines of e, t and the short line are malformed:
 * one warning names e's (line 9) and counts 3.
 *
 *   history   c: 2 attempts, 50 s, last "complete"; e: 1 attempt, 0 s,
 *             last "failed"; t: 1 attempt, 0 s
 *   rates     pretrain vi: 200 / 1e8 = 2.0 us per unit;
 *             train vi: a 3.0, b 5.0 (c has 2 attempts): median 4.0;
 *             train th: none
 *   left      train vi: d 4e-6 * 3e7 - 40 = 80 s, e 4e-6 * 5e6 = 20 s:
 *             100 s = 0.03 h; train th: ? (no rate); all: ?
 *   spent     pretrain vi 200 s = 0.06 h; train vi 30 + 100 + 50 + 40 =
 *             220 s = 0.06 h; train th 0; all 420 s = 0.12 h
 * Without t, every kind has a rate and "all" has 0.03 hours left. */
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"
#include "runner/grid/grid_time.h"

#define WORK_DIR "test_grid_time_work"

static const char STATUS_LOG[] =
    "# time\tevent\tjob\trank\thost\tpid\texit\tstart\tend\tdetail\n"
    "2026-11-30T00:00:00.000Z\tstart\ta\t1\tvm\t1\t-\t2026-11-30T00:00:00.000Z\t-\t-\n"
    "x\tend\tp\t1\tvm\t1\t0\t2026-11-30T00:00:00.000Z\t2026-11-30T00:03:20.000Z\tcomplete\n"
    "x\tend\ta\t1\tvm\t1\t0\t2026-11-30T00:00:00.000Z\t2026-11-30T00:00:30.000Z\tcomplete\n"
    "x\tend\tb\t1\tvm\t1\t0\t2026-11-30T23:59:00.000Z\t2026-12-01T00:00:40.000Z\tcomplete\n"
    "x\tend\tc\t1\tvm\t1\t75\t2026-11-30T00:00:00.250Z\t2026-11-30T00:00:20.250Z\tstopped (exit 75)\n"
    "x\tend\tc\t1\tvm\t1\t0\t2026-11-30T01:00:00.000Z\t2026-11-30T01:00:30.000Z\tcomplete\n"
    "x\tend\td\t1\tvm\t1\t75\t2026-11-30T00:00:00.000Z\t2026-11-30T00:00:40.000Z\tstopped (exit 75)\n"
    "x\tend\te\t1\tvm\t1\t1\t2026-11-30T00:00:00.000Z\t2026-11-30T25:00:00.000Z\tfailed\n"
    "x\tend\tt\t1\tvm\t1\tsig9\t-\t2026-11-30T00:00:00.000Z\tkilled\n"
    "x\tend\tzzz\t1\tvm\t1\t0\t2026-11-30T00:00:00.000Z\t2026-11-30T09:00:00.000Z\tcomplete\n"
    "x\tend\ta\n";

static void make_plan(Plan *plan, Job *jobs, int n_jobs) {
  static const struct {
    const char *id, *language;
    JobKind kind;
    double cost;
  } SPEC[] = {{"p", "vi", JOB_PRETRAIN, 1e8}, {"a", "vi", JOB_TRAIN, 1e7}, {"b", "vi", JOB_TRAIN, 2e7},
              {"c", "vi", JOB_TRAIN, 1e7},    {"d", "vi", JOB_TRAIN, 3e7}, {"e", "vi", JOB_TRAIN, 5e6},
              {"t", "th", JOB_TRAIN, 1e7}};
  for (int j = 0; j < n_jobs; j++) {
    memset(&jobs[j], 0, sizeof jobs[j]);
    strcpy(jobs[j].id, SPEC[j].id);
    jobs[j].kind = SPEC[j].kind;
    jobs[j].language = (char *)SPEC[j].language;
    jobs[j].cost = SPEC[j].cost;
  }
  *plan = (Plan){.results_dir = WORK_DIR, .n_jobs = n_jobs, .jobs = jobs};
}

static char *report(const Plan *plan, const JobHistory *history, const JobStatus *status) {
  char *text = NULL;
  size_t size = 0;
  FILE *out = open_memstream(&text, &size);
  grid_time_report(out, plan, history, status, "from the test");
  fclose(out);
  return text;
}

static void check_contains(const char *text, const char *part, int line) {
  if (text && strstr(text, part)) return;
  fprintf(stderr, "%s:%d: missing \"%s\" in:\n%s\n", __FILE__, line, part, text ? text : "");
  check_failures++;
}

/* status_log_history with its stderr caught; checks that it is WARNING. */
static JobHistory *history_and_warning(const Plan *plan, const char *warning) {
  fflush(stderr);
  int saved = dup(2), caught = open(WORK_DIR "/stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0666);
  dup2(caught, 2);
  JobHistory *history = status_log_history(WORK_DIR, plan, NULL);
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(caught);
  char text[512] = "";
  FILE *f = fopen(WORK_DIR "/stderr.txt", "r");
  if (f) {
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
  }
  if (strcmp(text, warning)) {
    fprintf(stderr, "%s:%d: the warning is \"%s\", not \"%s\"\n", __FILE__, __LINE__, text, warning);
    check_failures++;
  }
  return history;
}

int main(void) {
  mkdir(WORK_DIR, 0777);
  FILE *log = fopen(WORK_DIR "/status.log", "w");
  CHECK(log != NULL);
  if (!log) return check_exit("test_grid_time");
  fputs(STATUS_LOG, log);
  fclose(log);

  Job jobs[7];
  Plan plan;
  make_plan(&plan, jobs, 7);
  JobHistory *history = history_and_warning(&plan,
      "jointner: warning: " WORK_DIR "/status.log:9: an end event without a start and a later "
      "end (its time is not counted); 3 malformed line(s) in all\n");
  CHECK(history[2].attempts == 1 && fabs(history[2].seconds - 100) < 1e-9); /* across midnight */
  CHECK(history[3].attempts == 2 && fabs(history[3].seconds - 50) < 1e-9);
  CHECK(history[3].last_end && !strcmp(history[3].last_end, "complete"));
  CHECK(history[5].attempts == 1 && history[5].seconds == 0);
  CHECK(history[5].last_end && !strcmp(history[5].last_end, "failed"));
  CHECK(history[6].attempts == 1 && history[6].seconds == 0);
  CHECK(history[1].attempts == 1); /* the short line is no end event */

  JobStatus status[7] = {{0}};
  const JobStatusKind kinds[7] = {STATUS_DONE, STATUS_DONE,    STATUS_DONE,   STATUS_DONE,
                                  STATUS_PARTIAL, STATUS_PENDING, STATUS_PENDING};
  for (int j = 0; j < 7; j++) status[j].kind = kinds[j];
  char *text = report(&plan, history, status);
  check_contains(text, "kind      lang   done   left  hours spent  us per unit  hours left\n"
                       "pretrain  vi        1      0         0.06          2.0        0.00\n"
                       "train     vi        3      2         0.06          4.0        0.03\n"
                       "train     th        0      1         0.00            ?           ?\n"
                       "all                 4      3         0.12                        ?\n",
                 __LINE__);
  free(text);

  /* the per-job rates: pretrain vi 2 us, train vi 4 us, train th none */
  double *rates = grid_time_rates(&plan, history, status);
  CHECK_CLOSE(rates[0], 2e-6, 1e-12);
  for (int j = 1; j <= 5; j++) CHECK_CLOSE(rates[j], 4e-6, 1e-12);
  CHECK(isnan(rates[6]));
  free(rates);
  /* the seconds left that the ETA and --deadline use: done 0, d 80, e 20, t ? */
  double *left = grid_time_left(&plan, history, status);
  for (int j = 0; j <= 3; j++) CHECK(left[j] == 0);
  CHECK_CLOSE(left[4], 80, 1e-9);
  CHECK_CLOSE(left[5], 20, 1e-9);
  CHECK(isnan(left[6]));
  free(left);

  plan.n_jobs = 6; /* without t: every kind and language has a rate */
  text = report(&plan, history, status);
  check_contains(text, "all                 4      2         0.12                     0.03\n", __LINE__);
  free(text);
  plan.n_jobs = 7;
  status_log_free_history(history, &plan);
  return check_exit("test_grid_time");
}
