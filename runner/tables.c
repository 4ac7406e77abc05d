/* tables.c: `jointner tables`: reads every run record in RESULTS_DIR/runs,
 * groups the complete ones into the cells of the paper's Table 1 and
 * Table 2 (model x attention x language, one value per seed) and writes the
 * tables as Markdown, LaTeX and CSV, plus a strip plot of the seeds.
 *
 * A record counts only when its status is "complete" and its config has a
 * "grid" object naming a cell of the layout below; anything else is noted
 * or warned about, counted, and skipped. */
#include "runner/tables.h"
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "model/base.h"
#include "runner/stats.h"
#include "runner/svg_plot.h"
#include "runner/files.h"
#include "runner/run_record.h"

/* ---- the paper's layout ------------------------------------------------ */

typedef struct {
  const char *model;     /* the grid's "row" */
  const char *attention; /* the grid's "attention" */
} TableLine;

static const TableLine TABLE1_LINES[] = {
    {"NER-only", "none"},
    {"NER-only", "soft"},
    {"NER-only", "self-scaled"},
    {"NER-only", "self-unscaled"},
    {"NER-only", "self-learned"},
    {"NER-only +10k", "none"},
    {"NER-only +50k", "none"},
    {"Joint", "none"},
    {"Joint", "soft"},
    {"Joint", "self-scaled"},
    {"Joint", "self-unscaled"},
    {"Joint", "self-learned"},
    {"Joint + Pre-trained", "none"},
    {"Joint + Pre-trained", "soft"},
    {"Joint + Pre-trained", "self-scaled"},
    {"Joint + Pre-trained", "self-unscaled"},
    {"Joint + Pre-trained", "self-learned"},
};

static const TableLine TABLE2_LINES[] = {
    {"Joint + Pre-trained", "self-learned"},
    {"w/o residual", "self-learned"},
    {"w/o locked dropout", "self-learned"},
};

typedef struct {
  const char *grid_name; /* the grid's "table", also the output file stem */
  const char *number;    /* "Table 1" */
  const char *caption;
  const TableLine *lines;
  int n_lines;
} TableLayout;

enum { TABLE_1, TABLE_2, N_TABLES };

static const TableLayout LAYOUTS[N_TABLES] = {
    {"table1", "Table 1",
     "Test F1 (%) of the NER-only and joint models with each attention variant", TABLE1_LINES,
     (int)(sizeof TABLE1_LINES / sizeof *TABLE1_LINES)},
    {"table2", "Table 2",
     "Ablations of Joint + Pre-trained with self-attention (learned), test F1 (%)", TABLE2_LINES,
     (int)(sizeof TABLE2_LINES / sizeof *TABLE2_LINES)},
};

/* The NER-only baseline and the models whose best cell is compared to it. */
static const TableLine BASELINE = {"NER-only", "none"};
static const char *const IMPROVED_MODELS[] = {"Joint", "Joint + Pre-trained"};
enum { N_IMPROVED_MODELS = 2 };

typedef struct {
  const char *code, *label, *short_label;
} AttentionName;

static const AttentionName ATTENTION_NAMES[] = {
    {"none", "none", "none"},
    {"soft", "soft", "soft"},
    {"self-scaled", "self-attention (scaled)", "scaled"},
    {"self-unscaled", "self-attention (un-scaled)", "un-scaled"},
    {"self-learned", "self-attention (learned)", "learned"},
};

static const AttentionName *attention_name(const char *code) {
  for (size_t i = 0; i < sizeof ATTENTION_NAMES / sizeof *ATTENTION_NAMES; i++)
    if (!strcmp(ATTENTION_NAMES[i].code, code)) return &ATTENTION_NAMES[i];
  jn_die("tables: no display name for attention '%s'", code);
}

static int find_table(const char *grid_name) {
  for (int t = 0; t < N_TABLES; t++)
    if (!strcmp(LAYOUTS[t].grid_name, grid_name)) return t;
  return -1;
}

static int find_line(int table, const char *model, const char *attention) {
  const TableLayout *layout = &LAYOUTS[table];
  for (int l = 0; l < layout->n_lines; l++)
    if (!strcmp(layout->lines[l].model, model) && !strcmp(layout->lines[l].attention, attention))
      return l;
  return -1;
}

static bool starts_model_group(int table, int line) {
  const TableLine *lines = LAYOUTS[table].lines;
  return line == 0 || strcmp(lines[line - 1].model, lines[line].model) != 0;
}

/* ---- small helpers ------------------------------------------------------ */

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("jointner: warning: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

static bool ends_with(const char *text, const char *suffix) {
  size_t n = strlen(text), m = strlen(suffix);
  return n >= m && !strcmp(text + n - m, suffix);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- reading one run record (HDF5) ---------------------------------------- */

static char *read_variable_string(hid_t attribute, hid_t file_type) {
  hid_t memory_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(memory_type, H5T_VARIABLE);
  H5Tset_cset(memory_type, H5Tget_cset(file_type));
  char *buffer = NULL, *value = NULL;
  if (H5Aread(attribute, memory_type, &buffer) >= 0) value = jn_strdup(buffer ? buffer : "");
  H5free_memory(buffer);
  H5Tclose(memory_type);
  return value;
}

static char *read_fixed_string(hid_t attribute, hid_t file_type) {
  size_t size = H5Tget_size(file_type);
  char *value = jn_calloc(size + 1, 1);
  if (H5Aread(attribute, file_type, value) < 0) {
    free(value);
    return NULL;
  }
  if (H5Tget_strpad(file_type) == H5T_STR_SPACEPAD)
    for (size_t n = strlen(value); n > 0 && value[n - 1] == ' '; n--) value[n - 1] = '\0';
  return value;
}

static bool holds_one_value(hid_t attribute) {
  hid_t space = H5Aget_space(attribute);
  bool one = space >= 0 && H5Sget_simple_extent_npoints(space) == 1;
  if (space >= 0) H5Sclose(space);
  return one;
}

/* The scalar string attribute NAME of OBJECT (a path from LOCATION), or NULL
 * when it is missing or not a single string. */
static char *read_string_attribute(hid_t location, const char *object, const char *name) {
  if (H5Aexists_by_name(location, object, name, H5P_DEFAULT) <= 0) return NULL;
  hid_t attribute = H5Aopen_by_name(location, object, name, H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0) return NULL;
  hid_t file_type = H5Aget_type(attribute);
  char *value = NULL;
  if (file_type >= 0 && H5Tget_class(file_type) == H5T_STRING && holds_one_value(attribute))
    value = H5Tis_variable_str(file_type) > 0 ? read_variable_string(attribute, file_type)
                                              : read_fixed_string(attribute, file_type);
  if (file_type >= 0) H5Tclose(file_type);
  H5Aclose(attribute);
  return value;
}

/* The scalar numeric attribute NAME of OBJECT into *value; false when it is
 * missing, not a single number or not finite. */
static bool read_number_attribute(hid_t location, const char *object, const char *name,
                                  double *value) {
  if (H5Lexists(location, object, H5P_DEFAULT) <= 0) return false;
  if (H5Aexists_by_name(location, object, name, H5P_DEFAULT) <= 0) return false;
  hid_t attribute = H5Aopen_by_name(location, object, name, H5P_DEFAULT, H5P_DEFAULT);
  if (attribute < 0) return false;
  hid_t file_type = H5Aget_type(attribute);
  H5T_class_t type_class = file_type >= 0 ? H5Tget_class(file_type) : H5T_NO_CLASS;
  bool ok = (type_class == H5T_FLOAT || type_class == H5T_INTEGER) && holds_one_value(attribute) &&
            H5Aread(attribute, H5T_NATIVE_DOUBLE, value) >= 0 && isfinite(*value);
  if (file_type >= 0) H5Tclose(file_type);
  H5Aclose(attribute);
  return ok;
}

typedef struct {
  char *kind;        /* "train", "pretrain"; NULL when missing (taken as "train") */
  char *status;      /* NULL when missing */
  char *config_json; /* NULL when missing */
  bool has_test_f1;
  double test_f1;
} RawRecord;

static hid_t open_read_only(const char *path) {
  hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_file_locking(access, false, true); /* readers need no lock; NFS may have none */
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, access);
  H5Pclose(access);
  return file;
}

/* False when PATH is no readable HDF5 file. */
static bool read_raw_record(const char *path, RawRecord *raw) {
  *raw = (RawRecord){0};
  hid_t file = open_read_only(path);
  if (file < 0) return false;
  raw->kind = read_string_attribute(file, "/", "kind");
  raw->status = read_string_attribute(file, "/", "status");
  raw->config_json = read_string_attribute(file, "/", "config_json");
  raw->has_test_f1 = read_number_attribute(file, "/final", "test_f1", &raw->test_f1);
  H5Fclose(file);
  return true;
}

static void free_raw_record(RawRecord *raw) {
  free(raw->kind);
  free(raw->status);
  free(raw->config_json);
}

/* ---- the grid position of a record ---------------------------------------- */

typedef struct {
  int table, line;
  char *language;
  int seed, n_seeds;
} GridPosition;

typedef enum { GRID_FOUND, GRID_ABSENT, GRID_MALFORMED, GRID_OFF_LAYOUT } GridOutcome;

static const char *string_member(const cJSON *object, const char *name) {
  const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(object, name));
  return value && *value ? value : NULL;
}

static bool int_member(const cJSON *object, const char *name, int *value) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, name);
  if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) ||
      fabs(item->valuedouble) > 1e9)
    return false;
  *value = (int)item->valuedouble;
  return true;
}

static GridOutcome position_in_grid(const cJSON *grid, GridPosition *position) {
  const char *table = string_member(grid, "table"), *row = string_member(grid, "row");
  const char *language = string_member(grid, "language");
  const char *attention = string_member(grid, "attention");
  if (!table || !row || !language || !attention || !int_member(grid, "seed", &position->seed) ||
      !int_member(grid, "n_seeds", &position->n_seeds) || position->n_seeds < 1)
    return GRID_MALFORMED;
  position->table = find_table(table);
  position->line = position->table < 0 ? -1 : find_line(position->table, row, attention);
  if (position->line < 0) return GRID_OFF_LAYOUT;
  position->language = jn_strdup(language);
  return GRID_FOUND;
}

static GridOutcome parse_grid(const char *config_json, GridPosition *position) {
  cJSON *config = cJSON_Parse(config_json);
  if (!cJSON_IsObject(config)) {
    cJSON_Delete(config);
    return GRID_MALFORMED;
  }
  const cJSON *grid = cJSON_GetObjectItemCaseSensitive(config, "grid");
  GridOutcome outcome = !grid                  ? GRID_ABSENT
                        : cJSON_IsObject(grid) ? position_in_grid(grid, position)
                                               : GRID_MALFORMED;
  cJSON_Delete(config);
  return outcome;
}

/* ---- all records ------------------------------------------------------------ */

typedef struct {
  char *path;
  GridPosition position;
  double test_f1;
} Run;

typedef struct {
  int files, used, partial, not_training, ungridded, unreadable, off_layout, duplicates;
} Tally;

typedef struct {
  Run *runs;
  int n_runs;
  Tally tally;
} RunSet;

static const Run *same_cell_and_seed(const RunSet *set, const GridPosition *p) {
  for (int i = 0; i < set->n_runs; i++) {
    const GridPosition *q = &set->runs[i].position;
    if (q->table == p->table && q->line == p->line && q->seed == p->seed &&
        !strcmp(q->language, p->language))
      return &set->runs[i];
  }
  return NULL;
}

static void describe_position(const GridPosition *p, char *text, size_t size) {
  const TableLine *line = &LAYOUTS[p->table].lines[p->line];
  snprintf(text, size, "%s / %s / %s / %s / seed %d", LAYOUTS[p->table].grid_name, line->model,
           line->attention, p->language, p->seed);
}

static void add_run(RunSet *set, const char *path, GridPosition position, double test_f1) {
  const Run *earlier = same_cell_and_seed(set, &position);
  if (earlier) {
    char cell[256];
    describe_position(&position, cell, sizeof cell);
    warn("%s: duplicate of %s (%s); ignored, the first is used", path, earlier->path, cell);
    set->tally.duplicates++;
    free(position.language);
    return;
  }
  set->runs = jn_realloc(set->runs, sizeof *set->runs * (size_t)(set->n_runs + 1));
  set->runs[set->n_runs++] = (Run){jn_strdup(path), position, test_f1};
  set->tally.used++;
}

/* The other cells the same run fills: the grid's optional "also" list of
 * {"table", "row"} (same language, attention and seed). `jointner grid`
 * runs Table 2's full row once, as Table 1's Joint + Pre-trained /
 * self-learned cell, and lists the Table 2 row there. */
static void add_other_placements(RunSet *set, const char *path, const char *config_json,
                                 const GridPosition *first, double test_f1) {
  cJSON *config = cJSON_Parse(config_json);
  const cJSON *also =
      cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(config, "grid"), "also");
  const char *attention = LAYOUTS[first->table].lines[first->line].attention;
  const cJSON *placement;
  cJSON_ArrayForEach(placement, also) {
    const char *table = string_member(placement, "table"), *row = string_member(placement, "row");
    GridPosition position = *first;
    position.table = table ? find_table(table) : -1;
    position.line = position.table < 0 || !row ? -1 : find_line(position.table, row, attention);
    if (position.line < 0) {
      warn("%s: a grid \"also\" entry is not a cell of the paper's tables; skipped", path);
      continue;
    }
    position.language = jn_strdup(first->language);
    add_run(set, path, position, test_f1);
  }
  cJSON_Delete(config);
}

static void take_complete_record(RunSet *set, const char *path, const RawRecord *raw) {
  GridPosition position = {0};
  if (!raw->config_json) {
    warn("%s: no config_json attribute; skipped", path);
    set->tally.unreadable++;
    return;
  }
  switch (parse_grid(raw->config_json, &position)) {
    case GRID_ABSENT:
      fprintf(stderr, "jointner: note: %s: config has no \"grid\"; not part of a table\n", path);
      set->tally.ungridded++;
      return;
    case GRID_MALFORMED:
      warn(
          "%s: config_json is not JSON or its \"grid\" lacks table/row/language/attention/"
          "seed/n_seeds; skipped",
          path);
      set->tally.unreadable++;
      return;
    case GRID_OFF_LAYOUT:
      warn("%s: grid table/row/attention is not a cell of the paper's tables; skipped", path);
      set->tally.off_layout++;
      return;
    case GRID_FOUND:
      add_other_placements(set, path, raw->config_json, &position, raw->test_f1);
      add_run(set, path, position, raw->test_f1);
      return;
  }
}

/* read_raw_record for record_guarded_read: libhdf5 loops or crashes on
 * some corrupt files, so it is tried in a watched child first. */
static int try_read_raw_record(const char *path, char *why, size_t why_size) {
  RawRecord raw;
  if (!read_raw_record(path, &raw)) {
    snprintf(why, why_size, "not a readable HDF5 file");
    return -1;
  }
  free_raw_record(&raw);
  return 0;
}

static void take_record(RunSet *set, const char *path) {
  RawRecord raw;
  set->tally.files++;
  char why[256];
  if (record_guarded_read(path, try_read_raw_record, why, sizeof why) != 0) {
    warn("%s: %s; skipped", path, why);
    set->tally.unreadable++;
    return;
  }
  if (!read_raw_record(path, &raw)) {
    warn("%s: not a readable HDF5 file; skipped", path);
    set->tally.unreadable++;
    return;
  }
  if (raw.kind && strcmp(raw.kind, "train") != 0) {
    fprintf(stderr, "jointner: note: %s: a %s record, not a training run; not part of a table\n",
            path, raw.kind);
    set->tally.not_training++;
  } else if (!raw.status || strcmp(raw.status, "complete") != 0) {
    set->tally.partial++;
  } else if (!raw.has_test_f1) {
    warn("%s: status is complete but /final has no numeric test_f1; skipped", path);
    set->tally.unreadable++;
  } else {
    take_complete_record(set, path, &raw);
  }
  free_raw_record(&raw);
}

/* The names of the *.h5 files in DIR, sorted so that every run reads them in
 * the same order (the first of duplicates wins). */
static char **record_names(const char *dir, int *count) {
  DIR *listing = opendir(dir);
  if (!listing) jn_die("tables: cannot open %s: %s", dir, strerror(errno));
  char **names = NULL;
  *count = 0;
  for (struct dirent *entry; (entry = readdir(listing));) {
    if (!ends_with(entry->d_name, ".h5")) continue;
    names = jn_realloc(names, sizeof *names * (size_t)(*count + 1));
    names[(*count)++] = jn_strdup(entry->d_name);
  }
  closedir(listing);
  if (*count) qsort(names, (size_t)*count, sizeof *names, compare_strings);
  return names;
}

static RunSet read_run_records(const char *results_dir) {
  char *runs_dir = jn_format("%s/runs", results_dir);
  int n_names;
  char **names = record_names(runs_dir, &n_names);
  RunSet set = {0};
  H5E_auto2_t saved_handler;
  void *saved_data;
  H5Eget_auto2(H5E_DEFAULT, &saved_handler, &saved_data);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* bad files are reported by us, once */
  for (int i = 0; i < n_names; i++) {
    char *path = jn_format("%s/%s", runs_dir, names[i]);
    take_record(&set, path);
    free(path);
    free(names[i]);
  }
  H5Eset_auto2(H5E_DEFAULT, saved_handler, saved_data);
  free(names);
  free(runs_dir);
  return set;
}

static void free_run_set(RunSet *set) {
  for (int i = 0; i < set->n_runs; i++) {
    free(set->runs[i].path);
    free(set->runs[i].position.language);
  }
  free(set->runs);
}

static void report_tally(const Tally *t) {
  fprintf(stderr,
          "jointner: tables: %d record file(s): %d table cell entries (a run in two tables "
          "counts twice), %d partial (status not complete), %d not training runs, "
          "%d without grid, %d unreadable or malformed, %d off the layout, %d duplicate(s)\n",
          t->files, t->used, t->partial, t->not_training, t->ungridded, t->unreadable,
          t->off_layout, t->duplicates);
}

/* ---- cells: the seeds of one model x attention x language ------------------ */

typedef struct {
  double *f1; /* test F1 per seed, in file order */
  int n;
  int n_seeds; /* planned: the largest n_seeds of its records */
  SampleSummary summary;
} Cell;

typedef struct {
  char **languages; /* the columns: vi, th, id, then the others alphabetically */
  int n_languages;
  Cell *cells[N_TABLES]; /* [line * n_languages + language] */
} Results;

static int language_rank(const char *language) {
  static const char *const PAPER_ORDER[] = {"vi", "th", "id"};
  const int n_paper = (int)(sizeof PAPER_ORDER / sizeof *PAPER_ORDER);
  for (int i = 0; i < n_paper; i++)
    if (!strcmp(language, PAPER_ORDER[i])) return i;
  return n_paper;
}

static int compare_languages(const void *a, const void *b) {
  const char *x = *(char *const *)a, *y = *(char *const *)b;
  int rx = language_rank(x), ry = language_rank(y);
  return rx != ry ? rx - ry : strcmp(x, y);
}

static int find_language(const Results *r, const char *language) {
  for (int k = 0; k < r->n_languages; k++)
    if (!strcmp(r->languages[k], language)) return k;
  return -1;
}

static void collect_languages(Results *r, const RunSet *set) {
  r->languages = jn_malloc(sizeof *r->languages * (size_t)(set->n_runs + 1));
  for (int i = 0; i < set->n_runs; i++)
    if (find_language(r, set->runs[i].position.language) < 0)
      r->languages[r->n_languages++] = set->runs[i].position.language;
  qsort(r->languages, (size_t)r->n_languages, sizeof *r->languages, compare_languages);
}

static Cell *cell_at(const Results *r, int table, int line, int language) {
  return &r->cells[table][line * r->n_languages + language];
}

static void add_to_cell(Cell *cell, const Run *run) {
  cell->f1 = jn_realloc(cell->f1, sizeof *cell->f1 * (size_t)(cell->n + 1));
  cell->f1[cell->n++] = run->test_f1;
  if (run->position.n_seeds > cell->n_seeds) cell->n_seeds = run->position.n_seeds;
}

/* The languages point into SET, which must outlive the results. */
static Results gather_results(const RunSet *set) {
  Results r = {0};
  collect_languages(&r, set);
  for (int t = 0; t < N_TABLES; t++)
    r.cells[t] = jn_calloc((size_t)(LAYOUTS[t].n_lines * r.n_languages), sizeof(Cell));
  for (int i = 0; i < set->n_runs; i++) {
    const GridPosition *p = &set->runs[i].position;
    add_to_cell(cell_at(&r, p->table, p->line, find_language(&r, p->language)), &set->runs[i]);
  }
  for (int t = 0; t < N_TABLES; t++)
    for (int c = 0; c < LAYOUTS[t].n_lines * r.n_languages; c++)
      r.cells[t][c].summary = stats_summarize(r.cells[t][c].f1, r.cells[t][c].n);
  return r;
}

static void free_results(Results *r) {
  for (int t = 0; t < N_TABLES; t++) {
    for (int c = 0; c < LAYOUTS[t].n_lines * r->n_languages; c++) free(r->cells[t][c].f1);
    free(r->cells[t]);
  }
  free(r->languages);
}

static bool is_partial(const Cell *cell) { return cell->n > 0 && cell->n < cell->n_seeds; }

/* Means are compared as printed (2 decimals), so ties are all bold. */
static long long printed_mean(const Cell *cell) { return llround(cell->summary.mean * 100); }

static bool is_best_in_column(const Results *r, int table, int line, int language) {
  const Cell *cell = cell_at(r, table, line, language);
  if (cell->n == 0) return false;
  for (int l = 0; l < LAYOUTS[table].n_lines; l++) {
    const Cell *other = cell_at(r, table, l, language);
    if (other->n > 0 && printed_mean(other) > printed_mean(cell)) return false;
  }
  return true;
}

static bool table_has(const Results *r, int table, bool (*property)(const Cell *)) {
  for (int c = 0; c < LAYOUTS[table].n_lines * r->n_languages; c++)
    if (property(&r->cells[table][c])) return true;
  return false;
}

static bool is_empty(const Cell *cell) { return cell->n == 0; }

/* ---- relative improvement over the NER-only baseline --------------------- */

typedef struct {
  bool defined;
  double percent;        /* (best - base) / base * 100 */
  const char *attention; /* of the best cell */
} Improvement;

static Improvement improvement_over_baseline(const Results *r, const char *model, int language) {
  Improvement result = {0};
  const Cell *base =
      cell_at(r, TABLE_1, find_line(TABLE_1, BASELINE.model, BASELINE.attention), language);
  const Cell *best = NULL;
  for (int l = 0; l < LAYOUTS[TABLE_1].n_lines; l++) {
    const Cell *cell = cell_at(r, TABLE_1, l, language);
    if (strcmp(TABLE1_LINES[l].model, model) != 0 || cell->n == 0) continue;
    if (!best || cell->summary.mean > best->summary.mean) {
      best = cell;
      result.attention = TABLE1_LINES[l].attention;
    }
  }
  if (!best || base->n == 0 || base->summary.mean == 0) return result;
  result.defined = true;
  result.percent = (best->summary.mean - base->summary.mean) / base->summary.mean * 100;
  return result;
}

/* ---- text grids and their two typographies -------------------------------- */

typedef struct {
  const char *dash;
  const char *bold_open, *bold_close;
  char *(*escape)(const char *text); /* a new string, safe as cell text */
} Style;

typedef struct {
  char special;
  const char *replacement;
} Escape;

static const Escape MARKDOWN_ESCAPES[] = {{'|', "\\|"}, {'*', "\\*"}, {0, NULL}};

static const Escape LATEX_ESCAPES[] = {
    {'&', "\\&"},
    {'%', "\\%"},
    {'$', "\\$"},
    {'#', "\\#"},
    {'_', "\\_"},
    {'{', "\\{"},
    {'}', "\\}"},
    {'~', "\\textasciitilde{}"},
    {'^', "\\textasciicircum{}"},
    {'\\', "\\textbackslash{}"},
    {0, NULL},
};

/* The replacement of C in ESCAPES (ended by a NULL replacement), or NULL. */
static const char *replacement_of(char c, const Escape *escapes) {
  for (const Escape *e = escapes; e->replacement; e++)
    if (e->special == c) return e->replacement;
  return NULL;
}

static char *escape_with(const char *text, const Escape *escapes) {
  size_t length = 1;
  for (const char *c = text; *c; c++) {
    const char *replacement = replacement_of(*c, escapes);
    length += replacement ? strlen(replacement) : 1;
  }
  char *escaped = jn_malloc(length), *out = escaped;
  for (const char *c = text; *c; c++) {
    const char *replacement = replacement_of(*c, escapes);
    if (replacement)
      out = stpcpy(out, replacement);
    else
      *out++ = *c;
  }
  *out = '\0';
  return escaped;
}

static char *markdown_escape(const char *text) { return escape_with(text, MARKDOWN_ESCAPES); }
static char *latex_escape(const char *text) { return escape_with(text, LATEX_ESCAPES); }

static const Style MARKDOWN = {"–", "**", "**", markdown_escape};
static const Style LATEX = {"--", "\\textbf{", "}", latex_escape};

/* Formats plain text, then escapes it for STYLE. */
static char *styled(const Style *style, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *styled(const Style *style, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *plain = jn_vformat(fmt, ap);
  va_end(ap);
  char *escaped = style->escape(plain);
  free(plain);
  return escaped;
}

typedef struct {
  int n_cols, n_rows; /* row 0 is the header */
  int n_text_cols;    /* leading left-aligned columns; the rest are numbers */
  char **cells;       /* [row * n_cols + col], owned */
  bool *starts_group; /* per row: a new model group begins */
} TextGrid;

static TextGrid grid_new(int n_cols, int n_text_cols) {
  return (TextGrid){.n_cols = n_cols, .n_text_cols = n_text_cols};
}

static int grid_add_row(TextGrid *g, bool starts_group) {
  g->cells = jn_realloc(g->cells, sizeof *g->cells * (size_t)((g->n_rows + 1) * g->n_cols));
  g->starts_group = jn_realloc(g->starts_group, sizeof *g->starts_group * (size_t)(g->n_rows + 1));
  for (int c = 0; c < g->n_cols; c++) g->cells[g->n_rows * g->n_cols + c] = jn_strdup("");
  g->starts_group[g->n_rows] = starts_group;
  return g->n_rows++;
}

/* Takes ownership of TEXT. */
static void grid_set(TextGrid *g, int row, int col, char *text) {
  free(g->cells[row * g->n_cols + col]);
  g->cells[row * g->n_cols + col] = text;
}

static void grid_free(TextGrid *g) {
  for (int i = 0; i < g->n_rows * g->n_cols; i++) free(g->cells[i]);
  free(g->cells);
  free(g->starts_group);
}

static int display_width(const char *text) {
  int width = 0;
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) width += (*c & 0xC0) != 0x80;
  return width;
}

static void write_markdown_row(FILE *out, const TextGrid *g, int row, const int *widths) {
  for (int c = 0; c < g->n_cols; c++) {
    const char *text = g->cells[row * g->n_cols + c];
    int pad = widths[c] - display_width(text);
    if (c < g->n_text_cols)
      fprintf(out, "| %s%*s ", text, pad, "");
    else
      fprintf(out, "| %*s%s ", pad, "", text);
  }
  fputs("|\n", out);
}

static void write_markdown_rule(FILE *out, const TextGrid *g, const int *widths) {
  for (int c = 0; c < g->n_cols; c++) {
    bool left = c < g->n_text_cols;
    fprintf(out, "| %s", left ? ":" : "");
    for (int i = 1; i < widths[c]; i++) fputc('-', out);
    fprintf(out, "%s ", left ? "" : ":");
  }
  fputs("|\n", out);
}

static void write_markdown_grid(FILE *out, const TextGrid *g) {
  int *widths = jn_calloc((size_t)g->n_cols, sizeof *widths);
  for (int i = 0; i < g->n_rows * g->n_cols; i++) {
    int width = display_width(g->cells[i]);
    if (width > widths[i % g->n_cols]) widths[i % g->n_cols] = width;
  }
  for (int c = 0; c < g->n_cols; c++)
    if (widths[c] < 3) widths[c] = 3;
  write_markdown_row(out, g, 0, widths);
  write_markdown_rule(out, g, widths);
  for (int r = 1; r < g->n_rows; r++) write_markdown_row(out, g, r, widths);
  free(widths);
}

static void write_latex_row(FILE *out, const TextGrid *g, int row) {
  for (int c = 0; c < g->n_cols; c++)
    fprintf(out, "%s%s", c ? " & " : "", g->cells[row * g->n_cols + c]);
  fputs(" \\\\\n", out);
}

static void write_latex_grid(FILE *out, const TextGrid *g) {
  fputs("\\begin{tabular}{", out);
  for (int c = 0; c < g->n_cols; c++) fputc(c < g->n_text_cols ? 'l' : 'r', out);
  fputs("}\n\\toprule\n", out);
  write_latex_row(out, g, 0);
  fputs("\\midrule\n", out);
  for (int r = 1; r < g->n_rows; r++) {
    if (r > 1 && g->starts_group[r]) fputs("\\midrule\n", out);
    write_latex_row(out, g, r);
  }
  fputs("\\bottomrule\n\\end{tabular}\n", out);
}

/* ---- the table grids ---------------------------------------------------- */

typedef struct {
  bool with_stats; /* n, std and 95% CI columns beside each mean */
  const Style *style;
} Typography;

static int columns_per_language(const Typography *ty) { return ty->with_stats ? 4 : 1; }

static void set_header(TextGrid *g, const Results *r, const Typography *ty) {
  grid_set(g, 0, 0, jn_strdup("Model"));
  grid_set(g, 0, 1, jn_strdup("Attention"));
  for (int k = 0; k < r->n_languages; k++) {
    const char *language = r->languages[k];
    int col = 2 + k * columns_per_language(ty);
    if (!ty->with_stats) {
      grid_set(g, 0, col, styled(ty->style, "%s", language));
      continue;
    }
    grid_set(g, 0, col, styled(ty->style, "%s F1", language));
    grid_set(g, 0, col + 1, styled(ty->style, "%s n", language));
    grid_set(g, 0, col + 2, styled(ty->style, "%s std", language));
    grid_set(g, 0, col + 3, styled(ty->style, "%s 95%% CI", language));
  }
}

static char *mean_text(const Results *r, int table, int line, int language, const Style *style) {
  const Cell *cell = cell_at(r, table, line, language);
  if (cell->n == 0) return jn_strdup(style->dash);
  bool bold = is_best_in_column(r, table, line, language);
  char *mean = jn_format("%s%.2f%s", bold ? style->bold_open : "", cell->summary.mean,
                           bold ? style->bold_close : "");
  if (!is_partial(cell)) return mean;
  char *flagged = jn_format("%s (%d/%d)", mean, cell->n, cell->n_seeds);
  free(mean);
  return flagged;
}

static void set_stats_cells(TextGrid *g, int row, int col, const Cell *cell, const Style *style) {
  const SampleSummary *s = &cell->summary;
  grid_set(g, row, col, jn_format("%d", cell->n));
  if (cell->n < 2) {
    grid_set(g, row, col + 1, jn_strdup(style->dash));
    grid_set(g, row, col + 2, jn_strdup(style->dash));
    return;
  }
  grid_set(g, row, col + 1, jn_format("%.2f", s->std));
  grid_set(g, row, col + 2,
           jn_format("[%.2f, %.2f]", s->mean - s->ci_half, s->mean + s->ci_half));
}

static void add_line_row(TextGrid *g, const Results *r, int table, int line, const Typography *ty) {
  const TableLine *layout_line = &LAYOUTS[table].lines[line];
  bool new_group = starts_model_group(table, line);
  int row = grid_add_row(g, new_group);
  if (new_group) grid_set(g, row, 0, jn_strdup(layout_line->model));
  grid_set(g, row, 1, jn_strdup(attention_name(layout_line->attention)->label));
  for (int k = 0; k < r->n_languages; k++) {
    int col = 2 + k * columns_per_language(ty);
    grid_set(g, row, col, mean_text(r, table, line, k, ty->style));
    if (ty->with_stats) set_stats_cells(g, row, col + 1, cell_at(r, table, line, k), ty->style);
  }
}

static TextGrid table_grid(const Results *r, int table, const Typography *ty) {
  TextGrid g = grid_new(2 + r->n_languages * columns_per_language(ty), 2);
  grid_add_row(&g, false);
  set_header(&g, r, ty);
  for (int l = 0; l < LAYOUTS[table].n_lines; l++) add_line_row(&g, r, table, l, ty);
  return g;
}

static char *improvement_text(Improvement imp, const Style *style) {
  if (!imp.defined) return jn_strdup(style->dash);
  return styled(style, "%+.2f%% (%s)", imp.percent, attention_name(imp.attention)->short_label);
}

static TextGrid improvement_grid(const Results *r, const Style *style) {
  TextGrid g = grid_new(1 + r->n_languages, 1);
  grid_add_row(&g, false);
  grid_set(&g, 0, 0,
           jn_format("Relative improvement over %s (%s)", BASELINE.model, BASELINE.attention));
  for (int k = 0; k < r->n_languages; k++)
    grid_set(&g, 0, 1 + k, styled(style, "%s", r->languages[k]));
  for (int m = 0; m < N_IMPROVED_MODELS; m++) {
    int row = grid_add_row(&g, false);
    grid_set(&g, row, 0, jn_format("%s (best attention)", IMPROVED_MODELS[m]));
    for (int k = 0; k < r->n_languages; k++)
      grid_set(&g, row, 1 + k,
               improvement_text(improvement_over_baseline(r, IMPROVED_MODELS[m], k), style));
  }
  return g;
}

/* The explanation printed under a table, in plain text, then escaped. */
static char *table_notes(const Results *r, int table, const Typography *ty) {
  char notes[1024];
  int used =
      snprintf(notes, sizeof notes, "Each cell: the mean over seeds; bold: the best per column.");
  if (table_has(r, table, is_partial))
    used +=
        snprintf(notes + used, sizeof notes - (size_t)used,
                 " (n/N): only n of the N planned seeds are complete; the mean is over those n.");
  if (table_has(r, table, is_empty))
    used += snprintf(notes + used, sizeof notes - (size_t)used, " %s: no complete run.",
                     ty->style->dash);
  if (ty->with_stats)
    snprintf(
        notes + used, sizeof notes - (size_t)used,
        " n: seeds; std: sample standard deviation; 95%% CI: mean +/- t(0.975, n-1) std/sqrt(n).");
  return ty->style->escape(notes);
}

static const char IMPROVEMENT_NOTE[] =
    "(best - base) / base * 100, best over the attention variants of the model (in parentheses).";

/* ---- writing the files --------------------------------------------------- */

static void write_markdown_table(FILE *out, const Results *r, int table, bool with_stats) {
  Typography ty = {with_stats, &MARKDOWN};
  TextGrid g = table_grid(r, table, &ty);
  char *notes = table_notes(r, table, &ty);
  fprintf(out, "### %s: %s\n\n", LAYOUTS[table].number, LAYOUTS[table].caption);
  write_markdown_grid(out, &g);
  fprintf(out, "\n%s\n", notes);
  if (table == TABLE_1) {
    TextGrid imp = improvement_grid(r, &MARKDOWN);
    fputc('\n', out);
    write_markdown_grid(out, &imp);
    fprintf(out, "\n%s\n", IMPROVEMENT_NOTE);
    grid_free(&imp);
  }
  free(notes);
  grid_free(&g);
}

static void write_latex_table(FILE *out, const Results *r, int table, bool with_stats) {
  Typography ty = {with_stats, &LATEX};
  TextGrid g = table_grid(r, table, &ty);
  char *caption = latex_escape(LAYOUTS[table].caption), *notes = table_notes(r, table, &ty);
  fprintf(out, "%% %s, written by `jointner tables`; needs \\usepackage{booktabs}.\n",
          LAYOUTS[table].number);
  fputs("\\begin{table}[t]\n\\centering\n", out);
  write_latex_grid(out, &g);
  if (table == TABLE_1) {
    TextGrid imp = improvement_grid(r, &LATEX);
    fputs("\n\\medskip\n", out);
    write_latex_grid(out, &imp);
    grid_free(&imp);
  }
  fprintf(out, "\\caption{%s. %s", caption, notes);
  if (table == TABLE_1) {
    char *improvement_note = latex_escape(IMPROVEMENT_NOTE);
    fprintf(out, " Relative improvement: %s", improvement_note);
    free(improvement_note);
  }
  fprintf(out, "}\n\\label{tab:%s}\n\\end{table}\n", LAYOUTS[table].grid_name);
  free(caption);
  free(notes);
  grid_free(&g);
}

static void write_csv_field(FILE *out, const char *text) {
  if (!strpbrk(text, ",\"\r\n")) {
    fputs(text, out);
    return;
  }
  fputc('"', out);
  for (const char *c = text; *c; c++) {
    if (*c == '"') fputc('"', out);
    fputc(*c, out);
  }
  fputc('"', out);
}

static void write_csv_cell(FILE *out, const Results *r, int table, int line, int language) {
  const Cell *cell = cell_at(r, table, line, language);
  const SampleSummary *s = &cell->summary;
  const char *fields[] = {LAYOUTS[table].grid_name, LAYOUTS[table].lines[line].model,
                          LAYOUTS[table].lines[line].attention, r->languages[language]};
  for (int f = 0; f < 4; f++) {
    write_csv_field(out, fields[f]);
    fputc(',', out);
  }
  fprintf(out, "%d,%d,%.4f", cell->n, cell->n_seeds, s->mean);
  if (cell->n >= 2)
    fprintf(out, ",%.4f,%.4f,%.4f\n", s->std, s->mean - s->ci_half, s->mean + s->ci_half);
  else
    fputs(",,,\n", out);
}

/* One line per cell with at least one complete run, in table order; the CSV
 * always has every statistic, so WITH_STATS does not matter. */
static void write_csv_table(FILE *out, const Results *r, int table, bool with_stats) {
  (void)with_stats;
  fputs("table,model,attention,language,n,n_seeds,mean_f1,std_f1,ci95_low,ci95_high\n", out);
  for (int l = 0; l < LAYOUTS[table].n_lines; l++)
    for (int k = 0; k < r->n_languages; k++)
      if (cell_at(r, table, l, k)->n > 0) write_csv_cell(out, r, table, l, k);
}

/* ---- the strip plot -------------------------------------------------------- */

typedef struct {
  int n_rows;
  char **labels;
  bool *separator_above;
  PlotSample *samples; /* [language * n_rows + row] */
} PlotData;

static bool line_has_runs(const Results *r, int table, int line) {
  for (int k = 0; k < r->n_languages; k++)
    if (cell_at(r, table, line, k)->n > 0) return true;
  return false;
}

static char *plot_label(int table, int line) {
  const TableLine *l = &LAYOUTS[table].lines[line];
  return jn_format("%s%s, %s", table == TABLE_1 ? "" : "Table 2: ", l->model,
                     attention_name(l->attention)->label);
}

/* Rows: every configuration with a complete run, in table order. */
static PlotData plot_data(const Results *r) {
  int capacity = LAYOUTS[TABLE_1].n_lines + LAYOUTS[TABLE_2].n_lines;
  PlotData d = {0};
  int *tables = jn_malloc(sizeof *tables * (size_t)capacity),
      *lines = jn_malloc(sizeof *lines * (size_t)capacity);
  d.labels = jn_malloc(sizeof *d.labels * (size_t)capacity);
  d.separator_above = jn_malloc(sizeof *d.separator_above * (size_t)capacity);
  for (int t = 0; t < N_TABLES; t++)
    for (int l = 0; l < LAYOUTS[t].n_lines; l++) {
      if (!line_has_runs(r, t, l)) continue;
      bool new_group =
          d.n_rows == 0 || tables[d.n_rows - 1] != t ||
          strcmp(LAYOUTS[t].lines[l].model, LAYOUTS[t].lines[lines[d.n_rows - 1]].model);
      tables[d.n_rows] = t, lines[d.n_rows] = l;
      d.separator_above[d.n_rows] = new_group;
      d.labels[d.n_rows++] = plot_label(t, l);
    }
  d.samples = jn_calloc((size_t)(r->n_languages * d.n_rows), sizeof *d.samples);
  for (int k = 0; k < r->n_languages; k++)
    for (int row = 0; row < d.n_rows; row++) {
      const Cell *cell = cell_at(r, tables[row], lines[row], k);
      d.samples[k * d.n_rows + row] = (PlotSample){cell->f1, cell->n};
    }
  free(tables);
  free(lines);
  return d;
}

static void free_plot_data(PlotData *d) {
  for (int i = 0; i < d->n_rows; i++) free(d->labels[i]);
  free(d->labels);
  free(d->separator_above);
  free(d->samples);
}

static void write_plot(FILE *out, const Results *r) {
  PlotData d = plot_data(r);
  StripPlot plot = {
      .title = "Test F1 per seed, by configuration",
      .subtitle = "dots: seeds; box: quartiles; thick line: median; whiskers: min to max",
      .x_label = "test F1 (%)",
      .n_rows = d.n_rows,
      .row_labels = (const char *const *)d.labels,
      .separator_above = d.separator_above,
      .n_panels = r->n_languages,
      .panel_titles = (const char *const *)r->languages,
      .samples = d.samples,
  };
  svg_write_strip_plot(out, &plot);
  free_plot_data(&d);
}

/* ---- the command -------------------------------------------------------- */

enum { FORMAT_MD = 1, FORMAT_TEX = 2, FORMAT_CSV = 4 };

typedef struct {
  const char *results_dir;
  const char *out_dir;
  int formats;
  bool with_stats;
} TablesOptions;

static const char USAGE[] =
    "usage: jointner tables RESULTS_DIR [--out DIR] [--format md,tex,csv] [--stats]\n"
    "\n"
    "Reads the run records RESULTS_DIR/runs/*.h5 and writes the paper's Table 1 and\n"
    "Table 2 (mean test F1 over seeds per cell) as table1.md/.tex/.csv and\n"
    "table2.md/.tex/.csv, plus f1_by_config.svg (per-seed test F1 per configuration),\n"
    "into DIR (default RESULTS_DIR); the Markdown tables also go to stdout.\n"
    "Only records with status \"complete\" count.\n"
    "\n"
    "  --out DIR       where to write the files (created if missing)\n"
    "  --format LIST   which of md, tex, csv to write (default all three)\n"
    "  --stats         add n, std and the 95% t-interval to the Markdown and LaTeX\n"
    "                  tables (the CSV always has them)\n";

static int parse_formats(const char *list) {
  int formats = 0;
  char *copy = jn_strdup(list), *state = NULL;
  for (char *name = strtok_r(copy, ",", &state); name; name = strtok_r(NULL, ",", &state)) {
    if (!strcmp(name, "md"))
      formats |= FORMAT_MD;
    else if (!strcmp(name, "tex"))
      formats |= FORMAT_TEX;
    else if (!strcmp(name, "csv"))
      formats |= FORMAT_CSV;
    else
      jn_die("tables: unknown format '%s' (expected md, tex or csv)", name);
  }
  free(copy);
  if (!formats) jn_die("tables: --format needs at least one of md, tex, csv");
  return formats;
}

static const char *option_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) jn_die("tables: %s needs a value\n%s", argv[*i], USAGE);
  return argv[++*i];
}

static TablesOptions parse_options(int argc, char **argv) {
  TablesOptions o = {.formats = FORMAT_MD | FORMAT_TEX | FORMAT_CSV};
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--out"))
      o.out_dir = option_value(argc, argv, &i);
    else if (!strcmp(argv[i], "--format"))
      o.formats = parse_formats(option_value(argc, argv, &i));
    else if (!strcmp(argv[i], "--stats"))
      o.with_stats = true;
    else if (argv[i][0] == '-')
      jn_die("tables: unknown option '%s'\n%s", argv[i], USAGE);
    else if (o.results_dir)
      jn_die("tables: more than one RESULTS_DIR ('%s')\n%s", argv[i], USAGE);
    else
      o.results_dir = argv[i];
  }
  if (!o.results_dir) jn_die("tables: RESULTS_DIR is missing\n%s", USAGE);
  if (!o.out_dir) o.out_dir = o.results_dir;
  return o;
}

static bool wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return true;
  return false;
}

static FILE *open_output(const char *dir, const char *file_name, char **path) {
  *path = jn_format("%s/%s", dir, file_name);
  FILE *out = fopen(*path, "w");
  if (!out) jn_die("tables: cannot write %s: %s", *path, strerror(errno));
  return out;
}

static void close_output(FILE *out, char *path) {
  if (ferror(out) | fclose(out)) jn_die("tables: error writing %s", path);
  free(path);
}

typedef void (*TableWriter)(FILE *out, const Results *r, int table, bool with_stats);

static const struct {
  int format;
  const char *extension;
  TableWriter write;
} TABLE_FORMATS[] = {
    {FORMAT_MD, "md", write_markdown_table},
    {FORMAT_TEX, "tex", write_latex_table},
    {FORMAT_CSV, "csv", write_csv_table},
};

static void write_table_files(const TablesOptions *o, const Results *r, int table) {
  for (size_t f = 0; f < sizeof TABLE_FORMATS / sizeof *TABLE_FORMATS; f++) {
    if (!(o->formats & TABLE_FORMATS[f].format)) continue;
    char *path, *name = jn_format("%s.%s", LAYOUTS[table].grid_name, TABLE_FORMATS[f].extension);
    FILE *out = open_output(o->out_dir, name, &path);
    TABLE_FORMATS[f].write(out, r, table, o->with_stats);
    close_output(out, path);
    free(name);
  }
}

static void write_outputs(const TablesOptions *o, const Results *r) {
  make_directories(o->out_dir);
  for (int t = 0; t < N_TABLES; t++) {
    write_table_files(o, r, t);
    if (t) fputc('\n', stdout);
    write_markdown_table(stdout, r, t, o->with_stats);
  }
  char *path;
  FILE *out = open_output(o->out_dir, "f1_by_config.svg", &path);
  write_plot(out, r);
  close_output(out, path);
}

int cmd_tables(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(USAGE, stdout);
    return 0;
  }
  TablesOptions options = parse_options(argc, argv);
  RunSet runs = read_run_records(options.results_dir);
  Results results = gather_results(&runs);
  write_outputs(&options, &results);
  report_tally(&runs.tally);
  free_results(&results);
  free_run_set(&runs);
  return 0;
}
