/* slurm_status.c: `jointner slurm status`: what the queue says (one squeue
 * and one sacct call per refresh, every job id batched into each) merged
 * with the run records, which alone say what is done; given the grid, also
 * the time its jobs have spent and an estimate of the rest (grid_time.h),
 * from sacct's elapsed times of every attempt of every submission. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/cli.h"
#include "runner/grid/grid_job_status.h"
#include "runner/grid/grid_plan.h"
#include "runner/grid/grid_time.h"
#include "runner/run_record.h"
#include "runner/slurm/slurm.h"
#include "runner/slurm/slurm_common.h"


typedef struct {
  char *id, *kind, *language, *row, *attention, *config, *record;
  int seed;
  char slurm_key[80]; /* "J" or "J_t"; empty when not submitted */
  char *dependency;   /* its job's, e.g. "afterok:12:13", or NULL */
  char *done_by;      /* done without a record of its own: why (the submission's
                         runs file, `slurm submit --completed`), or NULL */
  char **keys;        /* its keys in every submission, earlier ones included */
  int n_keys;
} RunInfo;

/* One key's lines of squeue or sacct. sacct (--duplicates) has a line per
 * attempt of a requeued job; they merge into one with the last attempt's
 * state and exit, and the time of them all. */
typedef struct {
  char *key, *state, *extra; /* extra: squeue reason or sacct exit code */
  long seconds;              /* sacct: the elapsed seconds of every attempt */
  int attempts;              /* sacct: the attempts that ran (elapsed > 0) */
  int order;                 /* its line in the output */
} QueueLine;

typedef struct {
  QueueLine *v;
  int n;
} QueueTable;

static int cmp_line(const void *a, const void *b) {
  return strcmp(((const QueueLine *)a)->key, ((const QueueLine *)b)->key);
}

static int cmp_line_order(const void *a, const void *b) {
  const QueueLine *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->order > y->order) - (x->order < y->order);
}

static const char USAGE[] =
    "usage: jointner slurm status (--config GRID.json | RESULTS_DIR) [--all] [--watch S]\n"
    "\n"
    "One squeue and one sacct call (all job ids of RESULTS/slurm/submitted.json in\n"
    "each) merged with the run records RESULTS/runs/*.h5, which say what is done,\n"
    "as does the runs file of a submission made with --completed for the runs it\n"
    "made done: a count per state, then one line per run that is not done. With\n"
    "--config, then the hours each kind of job and language has spent (sacct's\n"
    "elapsed time of every attempt, earlier submissions included) and an estimate\n"
    "of the hours left.\n"
    "  --all        list the finished runs too\n"
    "  --watch S    refresh every S seconds until every run is done\n"
    "Exit status: 0 when every run of the grid is done, 3 otherwise.\n";

static char *dup_or_null(const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) ? jn_strdup(v->valuestring) : NULL;
}

/* Parses "key|state|extra[|elapsed seconds]" lines into a table sorted by
 * key, one line a key (the attempts of a key merged, as above). */
static QueueTable parse_lines(char *text) {
  QueueTable t = {0};
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    char *f1 = strchr(line, '|');
    if (!f1) continue;
    *f1++ = '\0';
    char *f2 = strchr(f1, '|');
    if (f2) *f2++ = '\0';
    char *f3 = f2 ? strchr(f2, '|') : NULL;
    if (f3) *f3++ = '\0';
    if (!*line) continue;
    char *bracket = strstr(line, "_[");
    if (bracket) { /* sacct: array tasks that never started, "J_[2-5%2]" -> "J_*" */
      bracket[1] = '*';
      bracket[2] = '\0';
    }
    t.v = jn_realloc(t.v, (size_t)(t.n + 1) * sizeof *t.v);
    /* sacct: "CANCELLED by 0" -> "CANCELLED" */
    char *sp = strchr(f1, ' ');
    if (sp) *sp = '\0';
    long seconds = f3 ? strtol(f3, NULL, 10) : 0;
    if (seconds < 0) seconds = 0;
    t.v[t.n] = (QueueLine){line, f1, f2 ? f2 : "", seconds, seconds > 0, t.n};
    t.n++;
  }
  if (!t.n) return t;
  qsort(t.v, (size_t)t.n, sizeof *t.v, cmp_line_order);
  int kept = 0;
  for (int i = 0; i < t.n; i++) {
    if (kept && !strcmp(t.v[kept - 1].key, t.v[i].key)) {
      QueueLine *last = &t.v[kept - 1];
      last->state = t.v[i].state;
      last->extra = t.v[i].extra;
      last->seconds += t.v[i].seconds;
      last->attempts += t.v[i].attempts;
    } else {
      t.v[kept++] = t.v[i];
    }
  }
  t.n = kept;
  return t;
}

static const QueueLine *lookup(const QueueTable *t, const char *key) {
  QueueLine k = {.key = (char *)key};
  const QueueLine *l = t->n ? bsearch(&k, t->v, (size_t)t->n, sizeof *t->v, cmp_line) : NULL;
  const char *us = strchr(key, '_');
  if (!l && us) { /* an array task that never started: the array's line */
    char any[96];
    snprintf(any, sizeof any, "%.*s_*", (int)(us - key), key);
    k.key = any;
    l = t->n ? bsearch(&k, t->v, (size_t)t->n, sizeof *t->v, cmp_line) : NULL;
  }
  return l;
}

static void lower(char *dst, const char *src, size_t n) {
  size_t i = 0;
  for (; src[i] && i + 1 < n; i++) dst[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
  dst[i] = '\0';
}

/* The sweep status shows: its runs, its results folder and what
 * submitted.json says (the job ids, comma-separated, and the tables job);
 * all_ids adds those of the earlier submissions, for sacct. */
typedef struct {
  RunInfo *runs;
  int n_runs;
  char *results, *ids, *all_ids, *tables_id, *submitted_at;
} Sweep;

/* Appends ",id" (or "id") to *list. */
static void append_id(char **list, const char *id) {
  size_t n = *list ? strlen(*list) : 0;
  *list = jn_realloc(*list, n + strlen(id) + 2);
  sprintf(*list + n, "%s%s", n ? "," : "", id);
}

static RunInfo *find_run(Sweep *sweep, const char *id) {
  for (int i = 0; i < sweep->n_runs; i++)
    if (!strcmp(sweep->runs[i].id, id)) return &sweep->runs[i];
  return NULL;
}

static RunInfo *add_run(Sweep *sweep, const char *id) {
  RunInfo *r = find_run(sweep, id);
  if (r) return r;
  sweep->runs = jn_realloc(sweep->runs, (size_t)(sweep->n_runs + 1) * sizeof *sweep->runs);
  r = &sweep->runs[sweep->n_runs++];
  memset(r, 0, sizeof *r);
  r->id = jn_strdup(id);
  return r;
}

/* Reads a submitted.json. The current one (current != 0) gives the runs'
 * keys and dependencies and the job ids for squeue; an earlier one only
 * adds its keys and job ids, for the time spent. */
static void load_submitted(Sweep *sweep, const char *path, int current) {
  cJSON *s = slurm_read_json(path);
  if (!s) return;
  if (current) {
    sweep->submitted_at = dup_or_null(s, "submitted");
    const cJSON *runs = cJSON_GetObjectItemCaseSensitive(s, "runs"), *r;
    cJSON_ArrayForEach(r, runs) {
      RunInfo *ri = add_run(sweep, r->string);
      free(ri->done_by);
      ri->done_by = dup_or_null(r, "done_by");
      if (!ri->record) {
        ri->kind = dup_or_null(r, "kind");
        ri->language = dup_or_null(r, "language");
        ri->row = dup_or_null(r, "row");
        ri->attention = dup_or_null(r, "attention");
        ri->config = dup_or_null(r, "config");
        ri->record = dup_or_null(r, "record");
        const cJSON *seed = cJSON_GetObjectItemCaseSensitive(r, "seed");
        ri->seed = cJSON_IsNumber(seed) ? seed->valueint : 0;
      }
    }
  }
  const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(s, "jobs"), *j;
  cJSON_ArrayForEach(j, jobs) {
    char *job_id = dup_or_null(j, "job_id"), *kind = dup_or_null(j, "kind");
    if (job_id && *job_id && job_id[0] != '<') {
      append_id(&sweep->all_ids, job_id);
      if (current) append_id(&sweep->ids, job_id);
      if (current && kind && !strcmp(kind, "tables")) sweep->tables_id = jn_strdup(job_id);
      const cJSON *dep = cJSON_GetObjectItemCaseSensitive(j, "dependency");
      const cJSON *jr = cJSON_GetObjectItemCaseSensitive(j, "runs"), *e;
      int t = 0;
      cJSON_ArrayForEach(e, jr) {
        RunInfo *ri = cJSON_IsString(e) ? find_run(sweep, e->valuestring) : NULL;
        if (ri) {
          char key[80];
          if (kind && !strcmp(kind, "train")) snprintf(key, sizeof key, "%s_%d", job_id, t);
          else snprintf(key, sizeof key, "%s", job_id);
          ri->keys = jn_realloc(ri->keys, (size_t)(ri->n_keys + 1) * sizeof *ri->keys);
          ri->keys[ri->n_keys++] = jn_strdup(key);
          if (current) {
            snprintf(ri->slurm_key, sizeof ri->slurm_key, "%s", key);
            free(ri->dependency);
            ri->dependency = cJSON_IsString(dep) ? jn_strdup(dep->valuestring) : NULL;
          }
        }
        t++;
      }
    }
    free(job_id);
    free(kind);
  }
  cJSON_Delete(s);
}

/* The earlier submissions, RESULTS/slurm/earlier/<time>/submitted.json. */
static void load_earlier_submissions(Sweep *sweep) {
  char *dir = jn_format("%s/slurm/earlier", sweep->results);
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') {
      char *path = jn_format("%s/%s/submitted.json", dir, names[i]->d_name);
      load_submitted(sweep, path, 0);
      free(path);
    }
    free(names[i]);
  }
  if (n >= 0) free(names);
  free(dir);
}

/* The first job of dependency ("afterok:12:13") that did not complete, with
 * its state, e.g. "12 cancelled"; 0 if none is known. */
static int failed_dependency(const QueueTable *a, const char *dependency, char *out, size_t n) {
  const char *p = dependency ? strchr(dependency, ':') : NULL;
  while (p) {
    char id[32];
    size_t len = strcspn(p + 1, ":,");
    snprintf(id, sizeof id, "%.*s", (int)len, p + 1);
    const QueueLine *l = lookup(a, id);
    if (l && strcmp(l->state, "COMPLETED")) {
      char state[32];
      lower(state, l->state, sizeof state);
      snprintf(out, n, "%s %s", id, state);
      return 1;
    }
    p = strchr(p + 1, ':');
  }
  return 0;
}

/* Why a job that is no longer queued ended without a complete record: a
 * cancelled dependency, or its exit (and jointner's, from the job's steps,
 * where it differs: "exit 0:0, jointner exit 75:0"). */
static void why_ended(const QueueTable *a, const RunInfo *r, const QueueLine *job, char *out,
                      size_t n) {
  char dep[80];
  /* the reason SLURM gives a job it cancels for its dependency varies with
   * when it noticed ("DependencyNeverSatisfied", "Dependency", "None"), so
   * a cancelled job whose dependency did not complete is taken as that */
  if (!strcmp(job->state, "CANCELLED") && failed_dependency(a, r->dependency, dep, sizeof dep)) {
    snprintf(out, n, "cancelled: dependency %s ", dep);
    return;
  }
  int len = snprintf(out, n, "exit %s ", job->extra);
  static const char *const steps[][2] = {{"0", "jointner"}, {"batch", "batch script"}};
  for (int i = 0; i < 2; i++) {
    char key[96];
    snprintf(key, sizeof key, "%s.%s", r->slurm_key, steps[i][0]);
    const QueueLine *step = lookup(a, key);
    if (step && strcmp(step->extra, job->extra) && strcmp(step->extra, "0:0")) {
      snprintf(out + len - 1, n - (size_t)len + 1, ", %s exit %s ", steps[i][1], step->extra);
      return;
    }
  }
}

/* The time report of grid_time.h, each job's history from sacct: the
 * attempts and elapsed seconds under every key it had. */
static void print_time(Sweep *sweep, const Plan *plan, const QueueTable *a) {
  JobHistory *history = jn_calloc((size_t)plan->n_jobs + 1, sizeof *history);
  JobStatus *status = jn_calloc((size_t)plan->n_jobs + 1, sizeof *status);
  for (int j = 0; j < plan->n_jobs; j++) {
    const RunInfo *r = find_run(sweep, plan->jobs[j].id);
    for (int k = 0; r && k < r->n_keys; k++) {
      const QueueLine *l = lookup(a, r->keys[k]);
      if (!l) continue;
      history[j].attempts += l->attempts;
      history[j].seconds += (double)l->seconds;
    }
  }
  grid_job_status_scan(plan, history, status);
  for (int j = 0; j < plan->n_jobs; j++) {
    const RunInfo *r = find_run(sweep, plan->jobs[j].id);
    if (r && r->done_by && status[j].kind == STATUS_PENDING) status[j].kind = STATUS_DONE;
  }
  printf("\n");
  grid_time_report(stdout, plan, history, status,
                   "the elapsed time of every attempt in sacct, earlier submissions included "
                   "(a job's wall time, whatever its ranks)");
  free(status);
  free(history);
}

/* One refresh; returns the number of runs not done. plan: the grid, for the
 * time report, or NULL. */
static int refresh(Sweep *sweep, int all, const Plan *plan) {
  char *sq = NULL, *sa = NULL;
  QueueTable q = {0}, a = {0};
  int squeue_ok = 1, sacct_ok = 1;
  if (sweep->ids) {
    char *qargv[] = {"squeue", "-h", "-r", "-j", sweep->ids, "-o", "%i|%T|%r", NULL};
    squeue_ok = run_program(qargv, &sq, 1) == 0;
    if (squeue_ok) q = parse_lines(sq);
  }
  if (sweep->all_ids) {
    /* with the steps (J.batch, J.0): jointner's own exit when the job's
     * differs; with every attempt of a requeued job (-D) for the time spent */
    char *aargv[] = {"sacct", "-n", "-P", "-D", "-j", sweep->all_ids,
                     "-o", "JobID,State,ExitCode,ElapsedRaw", NULL};
    sacct_ok = run_program(aargv, &sa, 1) == 0;
    if (sacct_ok) a = parse_lines(sa);
  }
  enum { S_DONE, S_RUNNING, S_PENDING, S_FAILED, S_FINISHED_INCOMPLETE, S_UNKNOWN, S_UNSUBMITTED, N_S };
  static const char *const NAMES[N_S] = {"done", "running", "pending", "failed",
                                         "ended-incomplete", "unknown", "not-submitted"};
  int counts[N_S] = {0};
  char stamp[32];
  time_t now = time(NULL);
  strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", localtime(&now));
  char *lines = NULL;
  size_t lines_size = 0;
  FILE *lf = open_memstream(&lines, &lines_size);
  for (int i = 0; i < sweep->n_runs; i++) {
    RunInfo *r = &sweep->runs[i];
    RecordState st;
    record_load_state(r->record, &st);
    int s;
    char slurm_state[48] = "-", detail[160] = "";
    const QueueLine *ql = r->slurm_key[0] ? lookup(&q, r->slurm_key) : NULL;
    const QueueLine *al = r->slurm_key[0] && !ql ? lookup(&a, r->slurm_key) : NULL;
    if (ql) lower(slurm_state, ql->state, sizeof slurm_state);
    else if (al) lower(slurm_state, al->state, sizeof slurm_state);
    if (st.complete || (r->done_by && !st.exists)) s = S_DONE;
    else if (ql && (!strcmp(ql->state, "RUNNING") || !strcmp(ql->state, "COMPLETING") ||
                    !strcmp(ql->state, "CONFIGURING")))
      s = S_RUNNING;
    else if (ql) {
      s = S_PENDING;
      if (ql->extra && *ql->extra && strcmp(ql->extra, "None"))
        snprintf(detail, sizeof detail, "(%s) ", ql->extra);
    } else if (al && (!strcmp(al->state, "RUNNING") || !strcmp(al->state, "REQUEUED")))
      s = S_RUNNING; /* squeue missed it between states */
    else if (al && !strcmp(al->state, "PENDING")) s = S_PENDING;
    else if (al && !strcmp(al->state, "COMPLETED")) s = S_FINISHED_INCOMPLETE;
    else if (al) {
      s = S_FAILED;
      why_ended(&a, r, al, detail, sizeof detail);
    } else if (r->slurm_key[0]) s = S_UNKNOWN;
    else s = S_UNSUBMITTED;
    counts[s]++;
    if (s == S_DONE && !all) continue;
    size_t dl = strlen(detail);
    if (st.complete && st.test_f1 >= 0)
      snprintf(detail + dl, sizeof detail - dl, "test F1 %.2f ", st.test_f1);
    else if (st.complete) snprintf(detail + dl, sizeof detail - dl, "complete ");
    else if (s == S_DONE) snprintf(detail + dl, sizeof detail - dl, "%s ", r->done_by);
    else if (st.exists && st.epoch >= 0 && st.step > 0)
      snprintf(detail + dl, sizeof detail - dl, "checkpoint at epoch %d step %d ", st.epoch + 1,
               st.step);
    else if (st.exists && st.epoch >= 0)
      snprintf(detail + dl, sizeof detail - dl, "checkpoint after epoch %d ", st.epoch);
    else if (!st.exists) snprintf(detail + dl, sizeof detail - dl, "no record yet ");
    dl = strlen(detail);
    if (st.restarts > 0) snprintf(detail + dl, sizeof detail - dl, "slurm restarts %d", st.restarts);
    fprintf(lf, "%-16s %-13s %-12s %-8s %-3s %-20s %-13s %3d  %s\n", NAMES[s],
            r->slurm_key[0] ? r->slurm_key : "-", slurm_state, r->kind ? r->kind : "?",
            r->language ? r->language : "?", r->row ? r->row : "-",
            r->attention ? r->attention : "-", r->seed, detail);
  }
  fclose(lf);
  int not_done = sweep->n_runs - counts[S_DONE];
  printf("%s  %s: %d runs:", stamp, sweep->results, sweep->n_runs);
  for (int s = 0; s < N_S; s++)
    if (counts[s]) printf(" %d %s", counts[s], NAMES[s]);
  printf("\n");
  if (sweep->tables_id) {
    const QueueLine *tl = lookup(&q, sweep->tables_id);
    if (!tl) tl = lookup(&a, sweep->tables_id);
    char ts[48] = "unknown";
    if (tl) lower(ts, tl->state, sizeof ts);
    printf("tables job %s: %s\n", sweep->tables_id, ts);
  }
  if (!squeue_ok) printf("note: squeue failed; queue states are missing\n");
  if (!sacct_ok) printf("note: sacct failed (no accounting?); states of ended jobs are missing\n");
  if (*lines) {
    printf("%-16s %-13s %-12s %-8s %-3s %-20s %-13s %3s  %s\n", "STATE", "SLURM-ID", "SLURM",
           "KIND", "LNG", "ROW", "ATTENTION", "SEED", "DETAIL");
    fputs(lines, stdout);
  }
  if (plan && sacct_ok) print_time(sweep, plan, &a);
  fflush(stdout);
  free(lines);
  free(q.v);
  free(a.v);
  free(sq);
  free(sa);
  return not_done;
}

int cmd_slurm_status(int argc, char **argv) {
  static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                       {"all", no_argument, 0, 'a'},
                                       {"watch", required_argument, 0, 'w'},
                                       CLI_HELP,
                                       CLI_END};
  const char *config = NULL, *results = NULL;
  int all = 0, watch = 0, c, status;
  while ((c = cli_option(argc, argv, "slurm status", opts, USAGE, &status)) > 0) {
    if (c == 'c') config = optarg;
    else if (c == 'a') all = 1;
    else if (c == 'w') watch = atoi(optarg);
  }
  if (c < 0) return status;
  if (optind < argc) results = argv[optind++];
  if (optind < argc) jn_die("slurm status: unexpected argument '%s'", argv[optind]);
  if (!config == !results) {
    fputs(USAGE, stderr);
    return JN_EXIT_ERROR;
  }
  Sweep sweep = {0};
  Plan plan = {0};
  if (config) {
    grid_plan_build(&plan, config, 0);
    for (int i = 0; i < plan.n_jobs; i++) {
      const Job *j = &plan.jobs[i];
      RunInfo *r = add_run(&sweep, j->id);
      r->kind = jn_strdup(j->kind == JOB_PRETRAIN ? "pretrain" : "train");
      r->language = j->language ? jn_strdup(j->language) : NULL;
      r->row = j->row ? jn_strdup(j->row) : NULL;
      r->attention = j->attention ? jn_strdup(j->attention) : NULL;
      r->config = jn_strdup(j->config_path);
      r->record = jn_strdup(j->record_path);
      r->seed = j->seed;
    }
    results = plan.results_dir;
  }
  char *rp = realpath(results, NULL);
  sweep.results = rp ? rp : jn_strdup(results);
  char *sub = jn_format("%s/slurm/submitted.json", sweep.results);
  if (access(sub, R_OK) != 0 && !config)
    jn_die("slurm status: %s is missing: nothing was submitted for %s (or pass --config GRID.json)",
           sub, sweep.results);
  load_submitted(&sweep, sub, 1);
  load_earlier_submissions(&sweep);
  free(sub);
  int not_done;
  for (;;) {
    not_done = refresh(&sweep, all, config ? &plan : NULL);
    if (watch <= 0 || not_done == 0) break;
    sleep((unsigned)watch);
    printf("\n");
  }
  for (int i = 0; i < sweep.n_runs; i++) {
    RunInfo *r = &sweep.runs[i];
    free(r->id);
    free(r->kind);
    free(r->language);
    free(r->row);
    free(r->attention);
    free(r->config);
    free(r->record);
    free(r->dependency);
    free(r->done_by);
    for (int k = 0; k < r->n_keys; k++) free(r->keys[k]);
    free(r->keys);
  }
  free(sweep.runs);
  free(sweep.results);
  free(sweep.ids);
  free(sweep.all_ids);
  free(sweep.tables_id);
  free(sweep.submitted_at);
  if (config) grid_plan_free(&plan);
  return not_done ? 3 : 0;
}
