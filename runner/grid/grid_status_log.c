/* grid_status_log.c: append and read back RESULTS/status.log. */
#include "runner/grid/grid_status_log.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "model/base.h"

static const char HEADER[] = "# time\tevent\tjob\trank\thost\tpid\texit\tstart\tend\tdetail\n";

double wall_clock_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void format_utc(double seconds, char text[32]) {
  time_t whole = (time_t)seconds;
  int millis = (int)((seconds - (double)whole) * 1000);
  struct tm tm;
  gmtime_r(&whole, &tm);
  size_t n = strftime(text, 32, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(text + n, 32 - n, ".%03dZ", millis);
}

void grid_host_name(char host[64]) {
  if (gethostname(host, 64) != 0) strcpy(host, "?");
  host[63] = '\0';
}

static char *log_path(const char *results_dir) {
  char *path = jn_malloc(strlen(results_dir) + sizeof "/status.log");
  sprintf(path, "%s/status.log", results_dir);
  return path;
}

void status_log_open(StatusLog *log, const char *results_dir) {
  char *path = log_path(results_dir);
  log->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (log->fd < 0) jn_die("cannot open %s: %s", path, strerror(errno));
  if (lseek(log->fd, 0, SEEK_END) == 0 && write(log->fd, HEADER, sizeof HEADER - 1) < 0)
    jn_die("cannot write %s: %s", path, strerror(errno));
  free(path);
}

/* Tabs and newlines in free text would break the columns. */
static void copy_field(char *out, size_t size, const char *text) {
  snprintf(out, size, "%s", text && *text ? text : "-");
  for (char *c = out; *c; c++)
    if (*c == '\t' || *c == '\n' || *c == '\r') *c = ' ';
}

void status_log_write(StatusLog *log, const StatusEvent *e) {
  char now[32], start[32] = "-", end[32] = "-", rank[16] = "-", pid[16] = "-";
  char host[128], exit_text[32], detail[1024];
  format_utc(wall_clock_now(), now);
  if (e->start > 0) format_utc(e->start, start);
  if (e->end > 0) format_utc(e->end, end);
  if (e->rank >= 0) snprintf(rank, sizeof rank, "%d", e->rank);
  if (e->pid >= 0) snprintf(pid, sizeof pid, "%d", e->pid);
  copy_field(host, sizeof host, e->host);
  copy_field(exit_text, sizeof exit_text, e->exit);
  copy_field(detail, sizeof detail, e->detail);
  char line[2048];
  int n = snprintf(line, sizeof line, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", now, e->event,
                   e->job ? e->job : "-", rank, host, pid, exit_text, start, end, detail);
  if (n >= (int)sizeof line) {
    n = (int)sizeof line - 1;
    line[n - 1] = '\n';
  }
  /* one write() per line: O_APPEND keeps lines whole */
  if (write(log->fd, line, (size_t)n) != n)
    fprintf(stderr, "jointner: warning: cannot append to status.log: %s\n", strerror(errno));
}

void status_log_close(StatusLog *log) {
  if (log->fd >= 0) close(log->fd);
  log->fd = -1;
}

static int find_job(const Plan *plan, const char *id) {
  for (int j = 0; j < plan->n_jobs; j++)
    if (!strcmp(plan->jobs[j].id, id)) return j;
  return -1;
}

/* Seconds since the epoch of a time as format_utc writes it; -1 if TEXT is
 * not one. */
static double parse_utc(const char *text) {
  struct tm tm = {0};
  double seconds;
  int used = 0;
  if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%lfZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
             &tm.tm_hour, &tm.tm_min, &seconds, &used) != 6 || text[used] != '\0' ||
      tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_hour < 0 || seconds < 0 || seconds >= 61)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (double)timegm(&tm) + seconds;
}

JobHistory *status_log_history(const char *results_dir, const Plan *plan, char (*moved_ids)[17]) {
  JobHistory *history = jn_calloc((size_t)plan->n_jobs, sizeof *history);
  char *path = log_path(results_dir);
  FILE *f = fopen(path, "r");
  if (!f) {
    free(path);
    return history;
  }
  char *line = NULL;
  size_t capacity = 0;
  long number = 0, first_bad = 0;
  int bad = 0;
  const char *why = NULL;
  while (getline(&line, &capacity, f) > 0) {
    number++;
    if (line[0] == '#') continue;
    char *fields[10], *state = NULL;
    int n = 0;
    for (char *t = strtok_r(line, "\t\n", &state); t && n < 10; t = strtok_r(NULL, "\t\n", &state))
      fields[n++] = t;
    const char *wrong = NULL;
    double start = -1, end = -1;
    if (n < 10) {
      wrong = "not 10 tab-separated fields (passed over)";
    } else if (!strcmp(fields[1], "end")) {
      start = parse_utc(fields[7]), end = parse_utc(fields[8]);
      if (start < 0 || end < start)
        wrong = "an end event without a start and a later end (its time is not counted)";
    }
    if (wrong && !bad++) first_bad = number, why = wrong;
    if (n < 10 || strcmp(fields[1], "end")) continue;
    int j = find_job(plan, fields[2]);
    for (int k = 0; j < 0 && moved_ids && k < plan->n_jobs; k++)
      if (!strcmp(moved_ids[k], fields[2])) j = k;
    if (j < 0) continue;
    JobHistory *h = &history[j];
    free(h->last_end);
    h->last_end = jn_strdup(fields[9]);
    h->attempts++;
    if (start >= 0 && end >= start) h->seconds += end - start;
  }
  if (bad)
    fprintf(stderr, "jointner: warning: %s:%ld: %s; %d malformed line(s) in all\n", path, first_bad,
            why, bad);
  free(line);
  free(path);
  fclose(f);
  return history;
}

void status_log_free_history(JobHistory *history, const Plan *plan) {
  for (int j = 0; j < plan->n_jobs; j++) free(history[j].last_end);
  free(history);
}
