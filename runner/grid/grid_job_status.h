/* grid_job_status.h: what RESULTS holds for each job of a plan.
 *
 *   done     its record is complete and verified (model checksum), and for
 *            a Joint + Pre-trained run it was made from the current record
 *            of its pre-training
 *   partial  a "running" record with a checkpoint: `train` resumes it
 *   failed   its last attempt failed (status.log), or its record is
 *            corrupt (unreadable, checksum mismatch, another run's) or
 *            stale (made from a pre-training that is not there any more);
 *            a bad record is moved aside to RESULTS/corrupt/ or
 *            RESULTS/stale/ before the job runs again
 *   pending  never run */
#ifndef JN_GRID_JOB_STATUS_H
#define JN_GRID_JOB_STATUS_H
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_status_log.h"

typedef enum { STATUS_DONE, STATUS_PARTIAL, STATUS_FAILED, STATUS_PENDING } JobStatusKind;
extern const char *const JOB_STATUS_NAMES[4];

typedef struct {
  JobStatusKind kind;
  const char *bad_record; /* NULL, or "corrupt" / "stale": the folder it goes to */
  int epoch;              /* partial: epochs completed */
  char detail[512];       /* why it failed / what is wrong with the record */
} JobStatus;

/* Fills status[j] for every job, with history[j] from status.log
 * (status_log_history). */
void grid_job_status_scan(const Plan *plan, const JobHistory *history, JobStatus *status);
/* A sweep carried to a new machine by its runs file (run_results.h): a
 * job without a record of its own that RUNS_FILE lists as a complete run
 * is done; so is a pre-training whose dependents are all done (nothing
 * needs it any more). A run is listed by its job's id or, for runs made
 * before the data and records moved, by moved_ids[j] (grid_plan_moved_ids;
 * NULL: none). Dies with file:line on a malformed runs file, and, unless
 * accept_others, when a run of the file is no job of the plan (another
 * grid, or the data in another place: job ids include the absolute paths
 * of the data files). */
void grid_job_status_from_runs_file(const Plan *plan, JobStatus *status, const char *runs_file,
                                    int accept_others, char (*moved_ids)[17]);
/* Moves job j's record to RESULTS/<status->bad_record>/<id>.<UTC time>.h5;
 * returns the new path (malloc'd). */
char *grid_move_record_aside(const Plan *plan, int j, const JobStatus *status);

#endif
