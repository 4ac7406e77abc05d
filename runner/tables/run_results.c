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

static const char *const COLUMNS[] = {"record", "config_hash", "language", "table", "row",
                                      "attention", "seed", "n_seeds", "also", "epochs",
                                      "dev_f1", "test_f1", "wall_seconds", "commit"};
enum { N_COLUMNS = sizeof COLUMNS / sizeof *COLUMNS };

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

/* Adds the run of one record, or counts why not. */
static void take_record(RunResults *out, const char *path, const char *name) {
  RunRecord r;
  char why[256];
  out->tally.files++;
  if (record_load(path, &r, why, sizeof why) != 0) {
    warn(path, why);
    out->tally.unreadable++;
    record_free(&r);
    return;
  }
  RunResult run = {0};
  double test_f1 = record_final(&r, "test_f1", NAN);
  if (strcmp(r.kind, "train") != 0) {
    fprintf(stderr, "jointner: note: %s: a %s record, not a training run; not part of a table\n",
            path, r.kind);
    out->tally.not_training++;
  } else if (strcmp(r.status, "complete") != 0) {
    out->tally.partial++;
  } else if (!isfinite(test_f1)) {
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
               !isfinite(record_final(&r, "dev_f1", NAN))) {
      warn(path, "its name or grid names hold a tab, newline, '|' or ';', or it has no numeric dev_f1");
      out->tally.unreadable++;
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

static void append(char **text, size_t *length, const char *piece) {
  size_t n = strlen(piece);
  *text = jn_realloc(*text, *length + n + 1);
  memcpy(*text + *length, piece, n + 1);
  *length += n;
}

static void append_field(char **text, size_t *length, const char *field, int last,
                         const char *record) {
  if (strpbrk(field, "\t\n\r") || !*field)
    jn_die("runs file: run %s: the field '%s' is empty or holds a tab or newline", record, field);
  append(text, length, field);
  append(text, length, last ? "\n" : "\t");
}

void run_results_write(const char *path, const RunResults *r) {
  char *text = NULL;
  size_t length = 0;
  for (int c = 0; c < N_COLUMNS; c++) append_field(&text, &length, COLUMNS[c], c == N_COLUMNS - 1, "header");
  for (int i = 0; i < r->n_runs; i++) {
    const RunResult *run = &r->runs[i];
    char *also = jn_strdup(run->n_also ? "" : "-");
    size_t also_length = strlen(also);
    for (int a = 0; a < run->n_also; a++) {
      char *one = jn_format("%s%s|%s", a ? ";" : "", run->also[a].table, run->also[a].row);
      if (strchr(run->also[a].table, '|') || strchr(run->also[a].row, ';'))
        jn_die("runs file: run %s: a placement name holds '|' or ';'", run->record);
      append(&also, &also_length, one);
      free(one);
    }
    char *numbers[7] = {jn_format("%d", run->seed),          jn_format("%d", run->n_seeds),
                        jn_format("%d", run->epochs),        jn_format("%.17g", run->dev_f1),
                        jn_format("%.17g", run->test_f1),    jn_format("%.17g", run->wall_seconds),
                        NULL};
    const char *fields[N_COLUMNS] = {run->record,   run->config_hash, run->language, run->table,
                                     run->row,      run->attention,   numbers[0],    numbers[1],
                                     also,          numbers[2],       numbers[3],    numbers[4],
                                     numbers[5],    run->commit};
    for (int c = 0; c < N_COLUMNS; c++) append_field(&text, &length, fields[c], c == N_COLUMNS - 1, run->record);
    for (int k = 0; numbers[k]; k++) free(numbers[k]);
    free(also);
  }
  write_file_atomically(path, text ? text : "");
  free(text);
}

/* Splits LINE at tabs into exactly N_COLUMNS fields (in place). */
static int split_fields(char *line, char **fields) {
  int n = 0;
  for (char *p = line;; p++) {
    if (n == N_COLUMNS) return -1;
    fields[n++] = p;
    p = strchr(p, '\t');
    if (!p) break;
    *p = '\0';
  }
  return n == N_COLUMNS ? 0 : -1;
}

static int parse_int(const char *text, int min, int *value) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < min || v > 1000000000) return -1;
  *value = (int)v;
  return 0;
}

static int parse_double(const char *text, double *value) {
  char *end;
  errno = 0;
  *value = strtod(text, &end);
  return errno || end == text || *end || !isfinite(*value) ? -1 : 0;
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

static void parse_run(const char *path, long line, char *text, RunResult *run) {
  char *f[N_COLUMNS];
  if (split_fields(text, f) != 0)
    jn_die("%s:%ld: expected %d tab-separated fields", path, line, N_COLUMNS);
  for (int c = 0; c < N_COLUMNS; c++)
    if (!*f[c]) jn_die("%s:%ld: the field \"%s\" is empty", path, line, COLUMNS[c]);
  if (parse_int(f[6], 1, &run->seed) || parse_int(f[7], 1, &run->n_seeds) ||
      parse_int(f[9], 0, &run->epochs))
    jn_die("%s:%ld: seed and n_seeds must be whole numbers >= 1, epochs >= 0", path, line);
  if (parse_double(f[10], &run->dev_f1) || parse_double(f[11], &run->test_f1) ||
      parse_double(f[12], &run->wall_seconds))
    jn_die("%s:%ld: dev_f1, test_f1 and wall_seconds must be finite numbers", path, line);
  if (run->test_f1 < 0 || run->test_f1 > 100 || run->dev_f1 < 0 || run->dev_f1 > 100)
    jn_die("%s:%ld: an F1 outside [0, 100]", path, line);
  char **strings[] = {&run->record, &run->config_hash, &run->language, &run->table,
                      &run->row,    &run->attention,   &run->commit};
  const int columns[] = {0, 1, 2, 3, 4, 5, 13};
  for (int i = 0; i < 7; i++) *strings[i] = jn_strdup(f[columns[i]]);
  parse_also(path, line, f[8], run);
}

RunResults run_results_read(const char *path) {
  char *text = read_file_or_null(path);
  if (!text) jn_die("%s: cannot read: %s", path, strerror(errno));
  if (!*text) jn_die("%s: empty (a runs file starts with its header)", path);
  RunResults out = {0};
  long line = 0;
  for (char *l = text, *next; *l; l = next) {
    char *end = strchr(l, '\n');
    if (!end) jn_die("%s:%ld: the last line has no newline (a cut-off file?)", path, line + 1);
    *end = '\0';
    next = end + 1;
    if (++line == 1) {
      char *f[N_COLUMNS];
      int ok = split_fields(l, f) == 0;
      for (int c = 0; ok && c < N_COLUMNS; c++) ok = !strcmp(f[c], COLUMNS[c]);
      if (!ok)
        jn_die("%s:1: not a runs file (the header must name the %d columns record ... commit)",
               path, N_COLUMNS);
      continue;
    }
    out.runs = jn_realloc(out.runs, sizeof *out.runs * (size_t)(out.n_runs + 1));
    memset(&out.runs[out.n_runs], 0, sizeof *out.runs);
    parse_run(path, line, l, &out.runs[out.n_runs++]);
  }
  out.tally.files = out.tally.complete = out.n_runs;
  free(text);
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
  memset(r, 0, sizeof *r);
}
