/* run_results.c: the per-run results file (runs.tsv), from the run records
 * and back. */
#include "runner/tables/run_results.h"
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "data/files.h"
#include "runner/run_record.h"
#include "runner/tables/tsv.h"

static const char *const NAMES[] = {"record", "config_hash", "language", "table", "row",
                                    "attention", "seed", "n_seeds", "also", "epochs",
                                    "dev_f1", "test_f1", "wall_seconds", "commit"};
enum { N_COLUMNS = sizeof NAMES / sizeof *NAMES };
static const TsvColumns COLUMNS = {NAMES, N_COLUMNS, "runs"};

static void warn(const char *path, const char *what) {
  fprintf(stderr, "jointner: warning: %s: %s; skipped\n", path, what);
}

/* ---- from the records ----------------------------------------------------------- */

static const char *string_member(const cJSON *object, const char *name) {
  const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(object, name));
  return value && *value ? value : NULL;
}

static int int_member(const cJSON *object, const char *name, int *value) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) ||
      fabs(item->valuedouble) > 1e9)
    return 0;
  *value = (int)item->valuedouble;
  return 1;
}

/* The run's place in the tables from its config's "grid" object: 1 found,
 * 0 no "grid", -1 malformed. */
static int read_grid(const char *config_json, RunResult *run) {
  cJSON *config = cJSON_Parse(config_json);
  const cJSON *grid = cJSON_GetObjectItemCaseSensitive(config, "grid");
  const char *fields[4] = {string_member(grid, "language"), string_member(grid, "table"),
                           string_member(grid, "row"), string_member(grid, "attention")};
  int found = cJSON_IsObject(grid) && fields[0] && fields[1] && fields[2] && fields[3] &&
              int_member(grid, "seed", &run->seed) && int_member(grid, "n_seeds", &run->n_seeds) &&
              run->n_seeds >= 1;
  if (found) {
    char **slots[4] = {&run->language, &run->table, &run->row, &run->attention};
    for (int i = 0; i < 4; i++) *slots[i] = jn_strdup(fields[i]);
    const cJSON *placement;
    cJSON_ArrayForEach(placement, cJSON_GetObjectItemCaseSensitive(grid, "also")) {
      const char *table = string_member(placement, "table"), *row = string_member(placement, "row");
      if (!table || !row) continue;
      run->also = jn_realloc(run->also, sizeof *run->also * (size_t)(run->n_also + 1));
      run->also[run->n_also++] = (Placement){jn_strdup(table), jn_strdup(row)};
    }
  }
  int outcome = found ? 1 : cJSON_IsObject(config) && !grid ? 0 : -1;
  cJSON_Delete(config);
  return outcome;
}

static void free_run(RunResult *run) {
  char *strings[] = {run->record, run->config_hash, run->language, run->table,
                     run->row,    run->attention,   run->commit};
  for (int k = 0; k < 7; k++) free(strings[k]);
  for (int a = 0; a < run->n_also; a++) {
    free(run->also[a].table);
    free(run->also[a].row);
  }
  free(run->also);
}

/* A value the runs file can hold as a field (and a TABLE|ROW;... list). */
static int fits_a_field(const char *s) { return *s && !strpbrk(s, "\t\n\r|;"); }

static double training_seconds(const RunRecord *r) {
  double sum = 0;
  for (int i = 0; i < r->n_epochs; i++) sum += r->epochs[i].seconds;
  return sum;
}

/* A complete pre-training's result from its record and grid placement;
 * 0 if it lacks a numeric dev accuracy or macro-F1. */
static int take_pretraining(RunResults *out, const RunRecord *r, const char *name,
                            const RunResult *placed) {
  PretrainResult p = {.seed = placed->seed,
                      .epochs = r->n_epochs,
                      .dev_accuracy = record_final(r, "dev_accuracy", NAN),
                      .dev_macro_f1 = record_final(r, "dev_macro_f1", NAN),
                      .wall_seconds = training_seconds(r)};
  if (!isfinite(p.dev_accuracy) || !isfinite(p.dev_macro_f1)) return 0;
  p.record = jn_strdup(name);
  p.config_hash = jn_strdup(r->config_hash);
  p.language = jn_strdup(placed->language);
  p.attention = jn_strdup(placed->attention);
  p.commit = jn_strdup(r->git_commit ? r->git_commit : "unknown");
  pretrain_results_add(&out->pretrainings, p);
  return 1;
}

/* Adds the run of one record, or counts why not. */
static void take_record(RunResults *out, const char *path, const char *name) {
  RunRecord r;
  char why[256];
  out->tally.files++;
  if (record_load_summary(path, &r, why, sizeof why) != 0) {
    warn(path, why);
    out->tally.unreadable++;
    record_free(&r);
    return;
  }
  RunResult run = {0};
  int training = !strcmp(r.kind, "train"); /* records are "train" or "pretrain" */
  double test_f1 = record_final(&r, "test_f1", NAN);
  if (strcmp(r.status, "complete") != 0) {
    out->tally.partial++;
  } else if (training && !isfinite(test_f1)) {
    warn(path, "status is complete but /final has no numeric test_f1");
    out->tally.unreadable++;
  } else {
    int grid = read_grid(r.config_json, &run);
    if (grid == 0) {
      fprintf(stderr, "jointner: note: %s: config has no \"grid\"; not part of a table\n", path);
      out->tally.ungridded++;
    } else if (grid < 0) {
      warn(path, "config_json is not JSON or its \"grid\" lacks table/row/language/attention/"
                 "seed/n_seeds");
      out->tally.unreadable++;
    } else if (!fits_a_field(name) || !fits_a_field(run.language) || !fits_a_field(run.table) ||
               !fits_a_field(run.row) ||
               !fits_a_field(run.attention) || !fits_a_field(r.config_hash) ||
               (training && !isfinite(record_final(&r, "dev_f1", NAN)))) {
      warn(path, "its name or grid names hold a tab, newline, '|' or ';', or it has no numeric dev_f1");
      out->tally.unreadable++;
    } else if (!training) {
      if (take_pretraining(out, &r, name, &run)) {
        out->tally.pretrainings++;
      } else {
        warn(path, "a complete pre-training whose /final has no numeric dev_accuracy and "
                   "dev_macro_f1");
        out->tally.unreadable++;
      }
    } else {
      out->tally.complete++;
      run.record = jn_strdup(name);
      run.config_hash = jn_strdup(r.config_hash);
      run.epochs = r.n_epochs;
      run.dev_f1 = record_final(&r, "dev_f1", NAN);
      run.test_f1 = test_f1;
      run.wall_seconds = training_seconds(&r);
      run.commit = jn_strdup(r.git_commit ? r.git_commit : "unknown");
      out->runs = jn_realloc(out->runs, sizeof *out->runs * (size_t)(out->n_runs + 1));
      out->runs[out->n_runs++] = run;
      record_free(&r);
      return;
    }
  }
  free_run(&run);
  record_free(&r);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int compare_records(const void *a, const void *b) {
  return strcmp(((const RunResult *)a)->record, ((const RunResult *)b)->record);
}

static int ends_with(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && !strcmp(text + n - m, suffix);
}

RunResults run_results_from_records(const char *runs_dir) {
  DIR *listing = opendir(runs_dir);
  if (!listing) jn_die("tables: cannot open %s: %s", runs_dir, strerror(errno));
  char **names = NULL;
  int n = 0;
  for (struct dirent *entry; (entry = readdir(listing));) {
    if (!ends_with(entry->d_name, ".h5")) continue;
    names = jn_realloc(names, sizeof *names * (size_t)(n + 1));
    names[n++] = jn_strdup(entry->d_name);
  }
  closedir(listing);
  if (n) qsort(names, (size_t)n, sizeof *names, compare_strings); /* the first duplicate wins */
  RunResults out = {0};
  for (int i = 0; i < n; i++) {
    char *path = jn_format("%s/%s", runs_dir, names[i]);
    take_record(&out, path, names[i]);
    free(path);
    free(names[i]);
  }
  free(names);
  return out;
}

/* ---- the file ------------------------------------------------------------------ */

void run_results_write(const char *path, const RunResults *r) {
  TsvText t = {0};
  tsv_add_header(&t, &COLUMNS);
  for (int i = 0; i < r->n_runs; i++) {
    const RunResult *run = &r->runs[i];
    char *also = jn_strdup(run->n_also ? "" : "-");
    for (int a = 0; a < run->n_also; a++) {
      if (strchr(run->also[a].table, '|') || strchr(run->also[a].row, ';'))
        jn_die("runs file: run %s: a placement name holds '|' or ';'", run->record);
      char *longer = jn_format("%s%s%s|%s", also, a ? ";" : "", run->also[a].table, run->also[a].row);
      free(also);
      also = longer;
    }
    char *numbers[6] = {jn_format("%d", run->seed),          jn_format("%d", run->n_seeds),
                        jn_format("%d", run->epochs),        jn_format("%.17g", run->dev_f1),
                        jn_format("%.17g", run->test_f1),    jn_format("%.17g", run->wall_seconds)};
    const char *fields[N_COLUMNS] = {run->record,   run->config_hash, run->language, run->table,
                                     run->row,      run->attention,   numbers[0],    numbers[1],
                                     also,          numbers[2],       numbers[3],    numbers[4],
                                     numbers[5],    run->commit};
    tsv_add_line(&t, &COLUMNS, fields, run->record);
    for (int k = 0; k < 6; k++) free(numbers[k]);
    free(also);
  }
  write_file_atomically(path, t.text);
  free(t.text);
}

static void parse_also(const char *path, long line, char *text, RunResult *run) {
  if (!strcmp(text, "-")) return;
  char *state = NULL;
  for (char *one = strtok_r(text, ";", &state); one; one = strtok_r(NULL, ";", &state)) {
    char *bar = strchr(one, '|');
    if (!bar || bar == one || !bar[1])
      jn_die("%s:%ld: \"also\" must be TABLE|ROW joined by ';', or '-'", path, line);
    *bar = '\0';
    run->also = jn_realloc(run->also, sizeof *run->also * (size_t)(run->n_also + 1));
    run->also[run->n_also++] = (Placement){jn_strdup(one), jn_strdup(bar + 1)};
  }
}

static void parse_line(void *ctx, const char *path, long line, char **f) {
  RunResults *out = ctx;
  RunResult run = {0};
  if (tsv_parse_int(f[6], 1, &run.seed) || tsv_parse_int(f[7], 1, &run.n_seeds) ||
      tsv_parse_int(f[9], 0, &run.epochs))
    jn_die("%s:%ld: seed and n_seeds must be whole numbers >= 1, epochs >= 0", path, line);
  if (tsv_parse_double(f[10], &run.dev_f1) || tsv_parse_double(f[11], &run.test_f1) ||
      tsv_parse_double(f[12], &run.wall_seconds))
    jn_die("%s:%ld: dev_f1, test_f1 and wall_seconds must be finite numbers", path, line);
  if (run.test_f1 < 0 || run.test_f1 > 100 || run.dev_f1 < 0 || run.dev_f1 > 100)
    jn_die("%s:%ld: an F1 outside [0, 100]", path, line);
  char **strings[] = {&run.record, &run.config_hash, &run.language, &run.table,
                      &run.row,    &run.attention,   &run.commit};
  const int columns[] = {0, 1, 2, 3, 4, 5, 13};
  for (int i = 0; i < 7; i++) *strings[i] = jn_strdup(f[columns[i]]);
  parse_also(path, line, f[8], &run);
  out->runs = jn_realloc(out->runs, sizeof *out->runs * (size_t)(out->n_runs + 1));
  out->runs[out->n_runs++] = run;
}

RunResults run_results_read(const char *path) {
  RunResults out = {0};
  tsv_read(path, &COLUMNS, parse_line, &out);
  out.tally.files = out.tally.complete = out.n_runs;
  return out;
}

int run_results_add_missing(RunResults *r, const char *path) {
  RunResults extra = run_results_read(path);
  int added = 0;
  for (int i = 0; i < extra.n_runs; i++) {
    int known = 0;
    for (int k = 0; k < r->n_runs && !known; k++) known = !strcmp(r->runs[k].record, extra.runs[i].record);
    if (known) {
      free_run(&extra.runs[i]);
      continue;
    }
    r->runs = jn_realloc(r->runs, sizeof *r->runs * (size_t)(r->n_runs + 1));
    r->runs[r->n_runs++] = extra.runs[i];
    added++;
  }
  free(extra.runs);
  qsort(r->runs, (size_t)r->n_runs, sizeof *r->runs, compare_records); /* the file's order */
  r->tally.complete += added;
  fprintf(stderr, "jointner: tables: %d run(s) from %s that have no record here\n", added, path);
  return added;
}

void run_results_free(RunResults *r) {
  for (int i = 0; i < r->n_runs; i++) free_run(&r->runs[i]);
  free(r->runs);
  pretrain_results_free(&r->pretrainings);
  memset(r, 0, sizeof *r);
}
