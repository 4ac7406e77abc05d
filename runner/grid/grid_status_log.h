/* grid_status_log.h: RESULTS/status.log, append-only, written by the
 * coordinator alone. One event a line, tab-separated:
 *
 *   time  event  job  rank  host  pid  exit  start  end  detail
 *
 * time, start and end are UTC ISO 8601 with milliseconds ("-" when not
 * applicable); exit is the exit status, "sigN" when killed by signal N, or
 * "-". Events: "grid" (a coordinator started: detail has the plan's
 * counts), "moved" (a corrupt or stale record set aside), "start", "end"
 * (detail: "complete", "stopped (...)" or the failure reason), "stop" (a
 * stop request), "finish" (the coordinator's summary and overhead). */
#ifndef JN_GRID_STATUS_LOG_H
#define JN_GRID_STATUS_LOG_H
#include "runner/grid/grid_plan.h"

typedef struct {
  int fd;
} StatusLog;

typedef struct {
  const char *event, *job; /* job: an id or NULL */
  int rank, pid;           /* -1: not applicable */
  const char *host, *exit; /* NULL: not applicable */
  double start, end;       /* seconds since the epoch; 0: not applicable */
  const char *detail;
} StatusEvent;

void status_log_open(StatusLog *log, const char *results_dir);
void status_log_write(StatusLog *log, const StatusEvent *e);
void status_log_close(StatusLog *log);

/* What status.log says of one job of the plan. */
typedef struct {
  char *last_end;  /* the detail of its last "end" event (malloc'd), or NULL */
  int attempts;    /* its "end" events */
  double seconds;  /* the sum of their end - start: its time on the workers */
} JobHistory;

/* One JobHistory per job of the plan (a malloc'd array), its "end" events
 * found by its id or by moved_ids[j] (the id it had before its folders
 * moved: grid_plan_moved_ids; NULL: none). Lines that are not an "end"
 * event of the plan's jobs are passed over, and so are lines
 * of fewer than 10 fields; an end event whose start or end is not a time
 * (or that ends before it starts) counts as an attempt of no time. Either
 * kind of malformed line gives one warning on stderr that names the file,
 * the first such line and their count. */
JobHistory *status_log_history(const char *results_dir, const Plan *plan, char (*moved_ids)[17]);
void status_log_free_history(JobHistory *history, const Plan *plan);

/* Wall-clock seconds since the epoch; its ISO 8601 form with milliseconds. */
double wall_clock_now(void);
void format_utc(double seconds, char text[32]);
/* This machine's name ("?" if unknown), as the log names hosts. */
void grid_host_name(char host[64]);

#endif
