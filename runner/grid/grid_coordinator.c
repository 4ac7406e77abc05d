/* grid_coordinator.c: job starts and ends, judged and logged. */
#include "runner/grid/grid_coordinator.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/run_record.h"

enum { STATUS_EVERY_TTY = 1, STATUS_EVERY_FILE = 60 }; /* seconds between status lines */

double cpu_seconds_used(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
         (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

static double max_or_nan(double a, double b) { return isnan(a) || isnan(b) ? NAN : a > b ? a : b; }

/* The jobs that wait for each job, in one pass over the dependencies:
 * those of job j are waiters[waiters_at[j] .. waiters_at[j + 1]). */
static void index_waiters(Coordinator *c, const Plan *plan) {
  c->waiters_at = jn_calloc((size_t)plan->n_jobs + 1, sizeof *c->waiters_at);
  int total = 0;
  for (int k = 0; k < plan->n_jobs; k++)
    for (int d = 0; d < plan->jobs[k].n_deps; d++) c->waiters_at[plan->jobs[k].deps[d] + 1]++, total++;
  for (int j = 0; j < plan->n_jobs; j++) c->waiters_at[j + 1] += c->waiters_at[j];
  c->waiters = jn_malloc(sizeof *c->waiters * (size_t)(total + 1));
  int *next = jn_malloc(sizeof *next * (size_t)(plan->n_jobs + 1));
  memcpy(next, c->waiters_at, sizeof *next * (size_t)plan->n_jobs);
  for (int k = 0; k < plan->n_jobs; k++)
    for (int d = 0; d < plan->jobs[k].n_deps; d++) c->waiters[next[plan->jobs[k].deps[d]]++] = k;
  free(next);
}

void coordinator_init(Coordinator *c, const Plan *plan, const int *done, int retries,
                      const ChildLimits *limits, int n_ranks, int n_runners, const double *left,
                      double deadline_seconds) {
  memset(c, 0, sizeof *c);
  c->plan = plan;
  c->left = left;
  schedule_init(&c->schedule, plan, done, retries);
  status_log_open(&c->log, plan->results_dir);
  c->limits = *limits;
  c->n_runners = n_runners;
  c->status_is_tty = isatty(2);
  c->began = jn_now();
  if (deadline_seconds > 0) c->deadline = c->began + deadline_seconds;
  if (c->deadline > 0) index_waiters(c, plan);
  c->cpu_at_start = cpu_seconds_used();
  c->n_ranks = n_ranks;
  c->last_end = jn_calloc((size_t)n_ranks, sizeof *c->last_end);
  c->started_at = jn_calloc((size_t)plan->n_jobs + 1, sizeof *c->started_at);
  c->waited = jn_calloc((size_t)n_ranks, sizeof *c->waited);
}

/* The seconds job j has left: status.log's rate for its kind and language
 * (grid_time_left), else the wall time per unit of cost of the jobs
 * completed in this run, for pre-training and training apart (a unit of
 * the plan's cost took about 4 times as long in pre-training in the
 * public-data sweep), or of all kinds for a kind with none completed yet;
 * NAN when there is no rate at all. */
static double seconds_left(const Coordinator *c, int j) {
  if (c->left && !isnan(c->left[j])) return c->left[j];
  JobKind k = c->plan->jobs[j].kind;
  double all_seconds = c->kind_seconds[JOB_PRETRAIN] + c->kind_seconds[JOB_TRAIN],
         all_cost = c->kind_cost_done[JOB_PRETRAIN] + c->kind_cost_done[JOB_TRAIN];
  double rate = c->kind_cost_done[k] > 0 ? c->kind_seconds[k] / c->kind_cost_done[k]
                : all_cost > 0           ? all_seconds / all_cost
                                         : NAN;
  return c->plan->jobs[j].cost * rate;
}

/* The seconds job j is expected to take: its own, and a pre-training's
 * with the longest of the runs that wait for it; NAN where one has no rate. */
static double expected_seconds(const Coordinator *c, int j) {
  double longest = 0;
  for (int w = c->waiters_at[j]; w < c->waiters_at[j + 1]; w++)
    longest = max_or_nan(longest, seconds_left(c, c->waiters[w]));
  return seconds_left(c, j) + longest;
}

static int ends_in_time(const void *ctx, int j) {
  const Coordinator *c = ctx;
  double t = expected_seconds(c, j);
  return isnan(t) || jn_now() + t <= c->deadline;
}

void coordinator_check_deadline(Coordinator *c) {
  if (c->deadline <= 0 || c->stopping || jn_now() < c->deadline) return;
  char why[80];
  snprintf(why, sizeof why, "the deadline (--deadline %g s) has passed", c->deadline - c->began);
  coordinator_stop(c, why);
}

int coordinator_next(Coordinator *c) {
  if (c->stopping) return -1;
  int job = c->deadline > 0 ? schedule_next_where(&c->schedule, ends_in_time, c) : -1;
  return job >= 0 ? job : schedule_next(&c->schedule);
}

void coordinator_idle(Coordinator *c, int rank) { c->waited[rank] = 1; }

static const char *describe_job(const Job *job, char *text, size_t size) {
  if (job->kind == JOB_PRETRAIN)
    snprintf(text, size, "pre-training %s / %s", job->language, job->attention);
  else
    snprintf(text, size, "%s / %s / %s / %s / seed %d", job->table, job->row, job->language,
             job->attention, job->seed);
  return text;
}

void coordinator_started(Coordinator *c, int job, int rank, const char *host, const ChildResult *r) {
  if (c->last_end[rank] > 0 && !c->waited[rank]) {
    double gap = r->start - c->last_end[rank];
    c->gap_sum += gap;
    c->n_gaps++;
    if (gap > c->gap_max) c->gap_max = gap;
  }
  c->started_at[job] = r->start;
  char what[256];
  StatusEvent e = {"start", c->plan->jobs[job].id, rank, r->pid, host, NULL, r->start, 0,
                   describe_job(&c->plan->jobs[job], what, sizeof what)};
  status_log_write(&c->log, &e);
  coordinator_status_line(c, 0);
}

/* 1 if the job's record is complete and verified; else 0 and why. */
static int record_is_complete(const Job *job, char *why, size_t size) {
  RunRecord r;
  if (record_load(job->record_path, &r, why, size) != 0) return 0;
  const char *kind = job->kind == JOB_PRETRAIN ? "pretrain" : "train";
  int ok = !strcmp(r.kind, kind) && record_verify_complete(&r, why, size);
  if (strcmp(r.kind, kind)) snprintf(why, size, "a %s record, not %s", r.kind, kind);
  record_free(&r);
  return ok;
}

void coordinator_ended(Coordinator *c, int job, int rank, const char *host, const ChildResult *r) {
  const Job *j = &c->plan->jobs[job];
  char how[160], why[256] = "", detail[700];
  child_describe_end(r, &c->limits, how, sizeof how);
  JobEnd end;
  if (r->exit_code == 0 && record_is_complete(j, why, sizeof why)) {
    end = END_COMPLETE;
    snprintf(detail, sizeof detail, "complete");
  } else if (r->stopped) {
    end = END_STOPPED;
    snprintf(detail, sizeof detail, "stopped (%s)", how);
  } else {
    end = END_FAILED;
    if (r->exit_code == 0)
      snprintf(detail, sizeof detail, "failed: exit 0 but the record is not complete (%s)", why);
    else
      snprintf(detail, sizeof detail, "failed: %s", how);
  }
  c->started_at[job] = 0;
  int attempt = c->schedule.attempts[job];
  int retry = schedule_finished(&c->schedule, job, end);
  if (end == END_FAILED) {
    size_t n = strlen(detail);
    snprintf(detail + n, sizeof detail - n, "; attempt %d of %d, %s", attempt,
             c->schedule.max_attempts, retry ? "will retry" : "giving up");
    char what[256];
    if (c->status_is_tty) fputc('\n', stderr);
    fprintf(stderr, "jointner: grid: job %s (%s) %s; log: %s\n", j->id,
            describe_job(j, what, sizeof what), detail, j->log_path);
  }
  if (end == END_COMPLETE) {
    c->completed++;
    c->kind_seconds[j->kind] += r->end - r->start;
    c->kind_cost_done[j->kind] += j->cost;
  }
  char exit_text[16];
  if (r->term_signal)
    snprintf(exit_text, sizeof exit_text, "sig%d", r->term_signal);
  else
    snprintf(exit_text, sizeof exit_text, "%d", r->exit_code);
  StatusEvent e = {"end", j->id, rank, r->pid, host, exit_text, r->start, r->end, detail};
  status_log_write(&c->log, &e);
  c->last_end[rank] = r->end;
  c->waited[rank] = 0;
  coordinator_status_line(c, 1);
}

void coordinator_stop(Coordinator *c, const char *why) {
  if (c->stopping) return;
  c->stopping = 1;
  StatusEvent e = {"stop", NULL, -1, (int)getpid(), NULL, NULL, 0, 0, why};
  status_log_write(&c->log, &e);
  if (c->status_is_tty) fputc('\n', stderr);
  fprintf(stderr, "jointner: grid: %s: stopping the running jobs (they checkpoint)\n", why);
}

static void format_duration(double seconds, char *text, size_t size) {
  long s = (long)(seconds + 0.5);
  if (s >= 3600)
    snprintf(text, size, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60)
    snprintf(text, size, "%ldm%02lds", s / 60, s % 60);
  else
    snprintf(text, size, "%lds", s);
}

double coordinator_eta(const Coordinator *c) {
  double seconds = 0, now = wall_clock_now();
  for (int j = 0; j < c->plan->n_jobs; j++) {
    SchedState s = c->schedule.state[j];
    if (s != SCHED_WAITING && s != SCHED_RUNNING) continue;
    double rest = seconds_left(c, j);
    if (s == SCHED_RUNNING && c->started_at[j] > 0) rest -= now - c->started_at[j];
    seconds += rest < 0 ? 0 : rest; /* NAN stays */
  }
  return seconds / c->n_runners;
}

void coordinator_status_line(Coordinator *c, int force) {
  const int *n = c->schedule.count;
  double now = jn_now();
  int changed = memcmp(n, c->last_printed, sizeof c->last_printed) != 0;
  double every = c->status_is_tty ? STATUS_EVERY_TTY : STATUS_EVERY_FILE;
  if (!(force && changed) && now - c->last_status < every) return;
  char eta[32], elapsed[32];
  double eta_seconds = coordinator_eta(c);
  if (isnan(eta_seconds))
    snprintf(eta, sizeof eta, "?");
  else
    format_duration(eta_seconds, eta, sizeof eta);
  format_duration(now - c->began, elapsed, sizeof elapsed);
  fprintf(stderr, "%sgrid: %d/%d done, %d running, %d failed, %d pending; %s elapsed, ETA %s%s",
          c->status_is_tty ? "\r\033[K" : "", n[SCHED_DONE], c->plan->n_jobs, n[SCHED_RUNNING],
          n[SCHED_FAILED] + n[SCHED_BLOCKED], n[SCHED_WAITING], elapsed, eta,
          c->status_is_tty ? "" : "\n");
  fflush(stderr);
  memcpy(c->last_printed, n, sizeof c->last_printed);
  c->last_status = now;
}

int coordinator_finish(Coordinator *c) {
  const int *n = c->schedule.count;
  double wall = jn_now() - c->began, cpu = cpu_seconds_used();
  char summary[900];
  snprintf(summary, sizeof summary,
           "%d jobs: %d done (%d in this run), %d failed, %d not started because a job they "
           "need failed, %d left%s; wall %.1f s; jobs %.1f s; coordinator CPU %.3f s "
           "(%.3f s while the jobs ran); workers CPU %.3f s (without their jobs); gap from a "
           "job's end to the next start on the same rank: mean %.1f ms, max %.1f ms over %d",
           c->plan->n_jobs, n[SCHED_DONE], c->completed, n[SCHED_FAILED], n[SCHED_BLOCKED],
           n[SCHED_WAITING] + n[SCHED_RUNNING], c->stopping ? " (stopped)" : "", wall,
           c->kind_seconds[JOB_PRETRAIN] + c->kind_seconds[JOB_TRAIN], cpu, cpu - c->cpu_at_start, c->worker_cpu,
           c->n_gaps ? 1000 * c->gap_sum / c->n_gaps : 0.0, 1000 * c->gap_max, c->n_gaps);
  StatusEvent e = {"finish", NULL, -1, (int)getpid(), NULL, NULL, 0, 0, summary};
  status_log_write(&c->log, &e);
  if (c->status_is_tty) fputc('\n', stderr);
  fprintf(stderr, "jointner: grid: %s\n", summary);
  if (c->stopping) return JN_EXIT_PREEMPTED;
  return n[SCHED_DONE] == c->plan->n_jobs ? 0 : 1;
}

void coordinator_free(Coordinator *c) {
  schedule_free(&c->schedule);
  status_log_close(&c->log);
  free(c->last_end);
  free(c->waited);
  free(c->started_at);
  free(c->waiters_at);
  free(c->waiters);
  memset(c, 0, sizeof *c);
}
