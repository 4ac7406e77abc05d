/* grid_job_status.c: a job's record on disk, judged. */
#include "runner/grid/grid_job_status.h"
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/grid/grid_checksums.h"
#include "runner/grid/grid_status_log.h"
#include "runner/run_record.h"
#include "runner/tables/run_results.h"

const char *const JOB_STATUS_NAMES[4] = {"done", "partial", "failed", "pending"};

/* 1 if the record's config names the file at path by its current SHA-256
 * (among "checksums"): it was made from that very file. */
static int made_from(const RunRecord *r, const char *path, GridChecksums *checksums) {
  const char *now = grid_checksum(checksums, path);
  cJSON *config = cJSON_Parse(r->config_json);
  int found = 0;
  const cJSON *sum;
  cJSON_ArrayForEach(sum, cJSON_GetObjectItemCaseSensitive(config, "checksums"))
    found |= cJSON_IsString(sum) && !strcmp(sum->valuestring, now);
  cJSON_Delete(config);
  return found;
}

/* A record that exists but cannot be used as this job's. */
static void set_bad(JobStatus *s, const char *folder, const char *why) {
  s->kind = STATUS_FAILED;
  s->bad_record = folder;
  snprintf(s->detail, sizeof s->detail, "%s record: %s", folder, why);
}

static void judge(const Plan *plan, int j, const char *last_end, const JobStatus *all,
                  GridChecksums *checksums, JobStatus *s) {
  const Job *job = &plan->jobs[j];
  memset(s, 0, sizeof *s);
  s->kind = STATUS_PENDING;
  if (last_end && strcmp(last_end, "complete") && strncmp(last_end, "stopped", 7)) {
    s->kind = STATUS_FAILED;
    snprintf(s->detail, sizeof s->detail, "last attempt: %s", last_end);
  }
  if (access(job->record_path, F_OK) != 0) return;
  RunRecord r;
  char why[256];
  if (record_load_summary(job->record_path, &r, why, sizeof why) != 0) {
    set_bad(s, "corrupt", why);
    return;
  }
  const char *kind = job->kind == JOB_PRETRAIN ? "pretrain" : "train";
  /* a run made from pre-training records has another hash than its id
   * (grid_plan.c); it must have been made from the records there now */
  int deps_done = 1, current = 1;
  for (int d = 0; d < job->n_deps; d++) {
    const Job *dep = &plan->jobs[job->deps[d]];
    deps_done &= all[job->deps[d]].kind == STATUS_DONE;
    current &= deps_done && made_from(&r, dep->record_path, checksums);
  }
  if (strcmp(r.kind, kind)) {
    snprintf(why, sizeof why, "a %s record where a %s record belongs", r.kind, kind);
    set_bad(s, "corrupt", why);
  } else if (!job->n_deps && strcmp(r.config_hash, job->id)) {
    snprintf(why, sizeof why, "made with another configuration (%s)", r.config_hash);
    set_bad(s, "corrupt", why);
  } else if (!deps_done) {
    set_bad(s, "stale", "its pre-training is not complete any more");
  } else if (!current) {
    set_bad(s, "stale", "made from another record of its pre-training");
  } else if (record_verify_complete(&r, why, sizeof why)) {
    s->kind = STATUS_DONE;
  } else if (!strcmp(r.status, "running") && r.has_checkpoint) {
    s->kind = STATUS_PARTIAL;
    s->epoch = r.state.epoch;
  } else {
    set_bad(s, "corrupt", why);
  }
  record_free(&r);
}

void grid_job_status_scan(const Plan *plan, const JobHistory *history, JobStatus *status) {
  GridChecksums checksums = {0}; /* of pre-training records, each hashed once */
  for (int j = 0; j < plan->n_jobs; j++)
    judge(plan, j, history[j].last_end, status, &checksums, &status[j]);
  grid_checksums_free(&checksums);
}

/* 1 if the runs file's record name is "<id>.h5". */
static int names_id(const char *record, const char *id) {
  size_t n = strlen(id);
  return !strncmp(record, id, n) && !strcmp(record + n, ".h5");
}

/* 1 if the record name is job j's: by its id, or by the id it had before
 * its folders moved (moved_ids, or NULL). */
static int names_job(const char *record, const Plan *plan, int j, char (*moved_ids)[17]) {
  return names_id(record, plan->jobs[j].id) || (moved_ids && names_id(record, moved_ids[j]));
}

static int listed(const RunResults *runs, const Plan *plan, int j, char (*moved_ids)[17]) {
  for (int i = 0; i < runs->n_runs; i++)
    if (names_job(runs->runs[i].record, plan, j, moved_ids)) return 1;
  return 0;
}

/* Dies, unless accept_others, when a run of the file is no job of the plan. */
static void check_all_planned(const Plan *plan, const RunResults *runs, const char *runs_file,
                              int accept_others, char (*moved_ids)[17]) {
  int unplanned = 0, first = -1;
  for (int i = 0; i < runs->n_runs; i++) {
    int found = 0;
    for (int j = 0; j < plan->n_jobs && !found; j++)
      found = names_job(runs->runs[i].record, plan, j, moved_ids);
    if (!found && !unplanned++) first = i;
  }
  if (!unplanned || accept_others) return;
  const RunResult *r = &runs->runs[first];
  jn_die("%s: %d of its %d runs are no job of this grid (the first: %s, %s / %s / %s / %s / seed "
         "%d). A run's identity includes the absolute paths of its data files and pre-training "
         "records, so runs made with the data in another place (another checkout or machine) "
         "have other ids: put the data at the absolute paths those runs were made with (a "
         "record's config_json names them), name where it was with --moved OLD=NEW, or pass "
         "--force-other-grid to count only the runs that match",
         runs_file, unplanned, runs->n_runs, r->record, r->language, r->table, r->row,
         r->attention, r->seed);
}

void grid_job_status_from_runs_file(const Plan *plan, JobStatus *status, const char *runs_file,
                                    int accept_others, char (*moved_ids)[17]) {
  RunResults runs = run_results_read(runs_file);
  check_all_planned(plan, &runs, runs_file, accept_others, moved_ids);
  for (int j = 0; j < plan->n_jobs; j++) {
    const Job *job = &plan->jobs[j];
    if (status[j].kind == STATUS_DONE || status[j].bad_record || access(job->record_path, F_OK) == 0 ||
        job->kind != JOB_TRAIN || !listed(&runs, plan, j, moved_ids))
      continue;
    status[j].kind = STATUS_DONE;
    snprintf(status[j].detail, sizeof status[j].detail, "complete in %s", runs_file);
  }
  for (int p = 0; p < plan->n_jobs; p++) {
    if (plan->jobs[p].kind != JOB_PRETRAIN || status[p].kind == STATUS_DONE) continue;
    int needed = 0;
    for (int j = 0; j < plan->n_jobs && !needed; j++)
      for (int d = 0; d < plan->jobs[j].n_deps; d++)
        needed |= plan->jobs[j].deps[d] == p && status[j].kind != STATUS_DONE;
    if (needed) continue;
    status[p].kind = STATUS_DONE;
    status[p].bad_record = NULL;
    snprintf(status[p].detail, sizeof status[p].detail, "not needed: its runs are in %s", runs_file);
  }
  run_results_free(&runs);
}

char *grid_move_record_aside(const Plan *plan, int j, const JobStatus *status) {
  const Job *job = &plan->jobs[j];
  char dir[4200], stamp[32];
  snprintf(dir, sizeof dir, "%s/%s", plan->results_dir, status->bad_record);
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    jn_die("cannot create %s: %s", dir, strerror(errno));
  format_utc(wall_clock_now(), stamp);
  char *dest = jn_format("%s/%s.%s.h5", dir, job->id, stamp);
  if (rename(job->record_path, dest) != 0)
    jn_die("cannot move %s to %s: %s", job->record_path, dest, strerror(errno));
  return dest;
}
