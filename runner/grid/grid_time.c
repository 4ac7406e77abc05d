/* grid_time.c: the time a sweep has spent and an estimate of the rest. */
#include "runner/grid/grid_time.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "runner/paper_layout.h"

/* The jobs of one kind and language. */
typedef struct {
  JobKind kind;
  const char *language; /* points into the plan */
  int done, left;
  double spent;      /* seconds, every attempt */
  double *rates;     /* seconds per cost unit of the jobs done in one attempt */
  int n_rates;
  double rate;         /* their median; NAN without any */
  double left_seconds; /* NAN when jobs are left and there is no rate */
} Group;

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int compare_groups(const void *a, const void *b) {
  const Group *x = a, *y = b;
  if (x->kind != y->kind) return x->kind == JOB_PRETRAIN ? -1 : 1;
  return paper_language_order(&x->language, &y->language);
}

static Group *group_of(Group *groups, int *n, const Job *job) {
  for (int g = 0; g < *n; g++)
    if (groups[g].kind == job->kind && !strcmp(groups[g].language, job->language)) return &groups[g];
  groups[*n] = (Group){.kind = job->kind, .language = job->language};
  return &groups[(*n)++];
}

static double median_rate(Group *g) {
  if (!g->n_rates) return NAN;
  qsort(g->rates, (size_t)g->n_rates, sizeof *g->rates, compare_doubles);
  int m = g->n_rates / 2;
  return g->n_rates % 2 ? g->rates[m] : 0.5 * (g->rates[m - 1] + g->rates[m]);
}

/* The seconds left of job j at rate: rate x cost, less what it has spent
 * if partial, at least 0 (NAN with a NAN rate). */
static double job_left(const Plan *plan, const JobHistory *history, const JobStatus *status, int j,
                       double rate) {
  double rest = rate * plan->jobs[j].cost - (status[j].kind == STATUS_PARTIAL ? history[j].seconds : 0);
  return rest > 0 || isnan(rest) ? rest : 0;
}

/* Groups with their times spent and rates; *n_groups of them. */
static Group *gather(const Plan *plan, const JobHistory *history, const JobStatus *status,
                     int *n_groups) {
  Group *groups = jn_calloc((size_t)plan->n_jobs + 1, sizeof *groups);
  *n_groups = 0;
  for (int j = 0; j < plan->n_jobs; j++) {
    const Job *job = &plan->jobs[j];
    Group *g = group_of(groups, n_groups, job);
    g->spent += history[j].seconds;
    if (status[j].kind != STATUS_DONE) {
      g->left++;
      continue;
    }
    g->done++;
    if (history[j].attempts == 1 && history[j].seconds > 0 && job->cost > 0) {
      g->rates = jn_realloc(g->rates, sizeof *g->rates * (size_t)(g->n_rates + 1));
      g->rates[g->n_rates++] = history[j].seconds / job->cost;
    }
  }
  for (int g = 0; g < *n_groups; g++) {
    double rate = groups[g].rate = median_rate(&groups[g]);
    for (int j = 0; j < plan->n_jobs; j++) {
      const Job *job = &plan->jobs[j];
      if (status[j].kind == STATUS_DONE || job->kind != groups[g].kind ||
          strcmp(job->language, groups[g].language))
        continue;
      groups[g].left_seconds += job_left(plan, history, status, j, rate);
    }
  }
  qsort(groups, (size_t)*n_groups, sizeof *groups, compare_groups);
  return groups;
}

double *grid_time_rates(const Plan *plan, const JobHistory *history, const JobStatus *status) {
  int n_groups;
  Group *groups = gather(plan, history, status, &n_groups);
  double *rates = jn_malloc(sizeof *rates * (size_t)(plan->n_jobs + 1));
  for (int j = 0; j < plan->n_jobs; j++) {
    rates[j] = NAN;
    for (int g = 0; g < n_groups; g++)
      if (groups[g].kind == plan->jobs[j].kind && !strcmp(groups[g].language, plan->jobs[j].language))
        rates[j] = groups[g].rate;
  }
  for (int g = 0; g < n_groups; g++) free(groups[g].rates);
  free(groups);
  return rates;
}

double *grid_time_left(const Plan *plan, const JobHistory *history, const JobStatus *status) {
  double *left = grid_time_rates(plan, history, status);
  for (int j = 0; j < plan->n_jobs; j++)
    left[j] = status[j].kind == STATUS_DONE ? 0 : job_left(plan, history, status, j, left[j]);
  return left;
}

static void format_hours(char text[32], double seconds) {
  if (isnan(seconds))
    snprintf(text, 32, "?");
  else
    snprintf(text, 32, "%.2f", seconds / 3600);
}

void grid_time_report(FILE *out, const Plan *plan, const JobHistory *history,
                      const JobStatus *status, const char *spent_from) {
  int n_groups;
  Group *groups = gather(plan, history, status, &n_groups);
  fprintf(out, "%-8s  %-4s  %5s  %5s  %11s  %11s  %10s\n", "kind", "lang", "done", "left",
          "hours spent", "us per unit", "hours left");
  Group all = {.language = "all"};
  for (int g = 0; g < n_groups; g++) {
    const Group *x = &groups[g];
    char rate[32] = "?", left[32];
    if (!isnan(x->rate)) snprintf(rate, sizeof rate, "%.1f", x->rate * 1e6);
    format_hours(left, x->left_seconds);
    fprintf(out, "%-8s  %-4s  %5d  %5d  %11.2f  %11s  %10s\n",
            x->kind == JOB_PRETRAIN ? "pretrain" : "train", x->language, x->done, x->left,
            x->spent / 3600, rate, left);
    all.done += x->done;
    all.left += x->left;
    all.spent += x->spent;
    all.left_seconds += x->left_seconds; /* NAN if any is */
  }
  char left[32];
  format_hours(left, all.left_seconds);
  fprintf(out, "%-14s  %5d  %5d  %11.2f  %11s  %10s\n", "all", all.done, all.left,
          all.spent / 3600, "", left);
  fprintf(out,
          "hours spent: %s; us per unit: the median seconds per unit of the plan's cost over "
          "the jobs done in one attempt; hours left: that rate times the cost of each job not "
          "done, less what a partial job has spent (? without a rate). On N workers the rest "
          "takes about hours left / N.\n",
          spent_from);
  for (int g = 0; g < n_groups; g++) free(groups[g].rates);
  free(groups);
}
