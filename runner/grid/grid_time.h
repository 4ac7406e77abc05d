/* grid_time.h: what a sweep has cost so far and what is left, for
 * `grid --dry-run`. Per kind of job and language:
 *
 *   spent  the sum over every attempt in status.log of its end - start:
 *          time on the workers, stopped and failed attempts included;
 *   rate   the median seconds per unit of the plan's cost (Job.cost) over
 *          the jobs done in a single attempt, whose one attempt is the
 *          whole run;
 *   left   rate x cost for each job not done, less what a partial job has
 *          already spent ("?" where the kind and language have no rate).
 *
 * All in worker-hours: a sweep on N workers takes about left / N. The
 * history comes from status.log under `jointner grid` and from sacct's
 * elapsed times under `slurm submit` (`slurm status --config`). */
#ifndef JN_GRID_TIME_H
#define JN_GRID_TIME_H
#include <stdio.h>
#include "runner/grid/grid_job_status.h"
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_status_log.h"

/* spent_from says where the history's seconds come from, for the note
 * under the table, e.g. "every attempt's end - start in status.log". */
void grid_time_report(FILE *out, const Plan *plan, const JobHistory *history,
                      const JobStatus *status, const char *spent_from);
/* Per job (a malloc'd array), the rate of its kind and language: the
 * median seconds per unit of cost above, NAN where there is none. */
double *grid_time_rates(const Plan *plan, const JobHistory *history, const JobStatus *status);
/* Per job (a malloc'd array), the seconds left: its rate x its cost, less
 * what it has spent if partial (at least 0); 0 when done, NAN where there is
 * no rate. The coordinator's ETA and --deadline use it. */
double *grid_time_left(const Plan *plan, const JobHistory *history, const JobStatus *status);

#endif
