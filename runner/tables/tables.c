/* tables.c: `jointner tables`: reads every run record in RESULTS_DIR/runs,
 * groups the complete ones into the cells of the paper's Table 1 and
 * Table 2 (model x attention x language, one value per seed) and writes the
 * tables as Markdown, LaTeX and CSV, plus a strip plot of the seeds.
 *
 * A record counts only when its status is "complete" and its config has a
 * "grid" object naming a cell of the paper's layout (runner/paper_layout.h);
 * anything else is noted or warned about, counted, and skipped. */
#include "runner/tables/tables.h"
#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "model/base.h"
#include "runner/cli.h"
#include "runner/paper_layout.h"
#include "runner/tables/stats.h"
#include "runner/tables/svg_plot.h"
#include "runner/tables/text_table.h"
#include "runner/tables/comparisons.h"
#include "data/files.h"
#include "runner/tables/run_results.h"
#include "runner/tables/pretraining_table.h"

/* ---- the paper's layout ------------------------------------------------ */

typedef struct {
  const char *model;     /* the grid's "row" */
  const char *attention; /* the grid's "attention" */
} TableLine;

typedef struct {
  const char *grid_name; /* the grid's "table", also the output file stem */
  const char *number;    /* "Table 1" */
  const char *caption;
  const TableLine *lines;
  int n_lines;
} TableLayout;

enum { TABLE_1, TABLE_2, N_TABLES };

/* Table 1's lines (row x attention) and Table 2's, from paper_layout.h. */
static TableLine table1_lines[N_GRID_ROWS * N_ATTENTION], table2_lines[N_TABLE2_ROWS];

static TableLayout LAYOUTS[N_TABLES] = {
    {"table1", "Table 1",
     "Test F1 (%) of the NER-only and joint models with each attention variant", table1_lines, 0},
    {"table2", "Table 2",
     "Ablations of Joint + Pre-trained with self-attention (learned), test F1 (%)", table2_lines, 0},
};

/* The paper's headline comparison (its abstract): Joint + Pre-trained with
 * learned self-attention minus NER-only without attention, in F1 points. */
static TableLine HEADLINE, BASELINE;

/* Fills the lines of LAYOUTS, HEADLINE and BASELINE (once). */
static void init_layouts(void) {
  if (LAYOUTS[TABLE_1].n_lines) return;
  for (int r = 0; r < N_GRID_ROWS; r++)
    for (int a = 0; a < N_ATTENTION; a++)
      if (table1_has_line((GridRow)r, (AttentionKind)a))
        table1_lines[LAYOUTS[TABLE_1].n_lines++] =
            (TableLine){GRID_ROW_NAMES[r], attention_name((AttentionKind)a)};
  for (int r = 0; r < N_TABLE2_ROWS; r++)
    table2_lines[LAYOUTS[TABLE_2].n_lines++] =
        (TableLine){TABLE2_ROW_NAMES[r], attention_name(TABLE2_ATTENTION)};
  HEADLINE = (TableLine){GRID_ROW_NAMES[ROW_JOINT_PRETRAINED], attention_name(ATT_SELF_LEARNED)};
  BASELINE = (TableLine){GRID_ROW_NAMES[ROW_NER], attention_name(ATT_NONE)};
}

/* A variant's code ("self-learned") as the tables print it. */
static AttentionKind attention_of(const char *code) {
  AttentionKind a;
  if (attention_parse(code, &a) != 0) jn_die("tables: no display name for attention '%s'", code);
  return a;
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

/* LINE begins a model group among the shown lines (shown: NULL for all). */
static bool starts_model_group(int table, int line, const bool *shown) {
  const TableLine *lines = LAYOUTS[table].lines;
  int before = line - 1;
  while (before >= 0 && shown && !shown[before]) before--;
  return before < 0 || strcmp(lines[before].model, lines[line].model) != 0;
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

/* ---- runs placed in the tables' cells ----------------------------------------- */

typedef struct {
  int table, line;
  const char *language; /* the run's */
  int seed, n_seeds;
} GridPosition;

typedef struct {
  const char *record; /* the run's */
  GridPosition position;
  double test_f1;
} Run;

typedef struct {
  int used, off_layout, duplicates;
} PlacementTally;

typedef struct {
  Run *runs;
  int n_runs;
  PlacementTally tally;
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

/* Places RUN in the cell of TABLE / ROW (its attention, language, seed). */
static void place(RunSet *set, const RunResult *run, const char *table, const char *row) {
  GridPosition position = {.language = run->language, .seed = run->seed, .n_seeds = run->n_seeds};
  position.table = find_table(table);
  position.line = position.table < 0 ? -1 : find_line(position.table, row, run->attention);
  if (position.line < 0) {
    warn("%s: grid %s / %s / %s is not a cell of the paper's tables; skipped", run->record, table,
         row, run->attention);
    set->tally.off_layout++;
    return;
  }
  const Run *earlier = same_cell_and_seed(set, &position);
  if (earlier) {
    char cell[256];
    describe_position(&position, cell, sizeof cell);
    warn("%s: duplicate of %s (%s); ignored, the first is used", run->record, earlier->record, cell);
    set->tally.duplicates++;
    return;
  }
  set->runs = jn_realloc(set->runs, sizeof *set->runs * (size_t)(set->n_runs + 1));
  set->runs[set->n_runs++] = (Run){run->record, position, run->test_f1};
  set->tally.used++;
}

/* Every run in its cell and in the cells its grid's "also" names (`jointner
 * grid` runs Table 2's full row once, as Table 1's Joint + Pre-trained /
 * self-learned cell, and lists the Table 2 row there). */
static RunSet place_runs(const RunResults *results) {
  RunSet set = {0};
  for (int i = 0; i < results->n_runs; i++) {
    const RunResult *run = &results->runs[i];
    for (int a = 0; a < run->n_also; a++) place(&set, run, run->also[a].table, run->also[a].row);
    place(&set, run, run->table, run->row);
  }
  return set;
}

static void report_tally(const RecordTally *r, const PlacementTally *p) {
  fflush(stdout); /* the tables printed so far come before the tally, not through it */
  fprintf(stderr,
          "jointner: tables: %d record file(s): %d table cell entries (a run in two tables "
          "counts twice), %d pre-training(s), %d partial (status not complete), "
          "%d without grid, %d unreadable or malformed, %d off the layout, %d duplicate(s)\n",
          r->files, p->used, r->pretrainings, r->partial, r->ungridded, r->unreadable,
          p->off_layout, p->duplicates);
}

/* ---- cells: the seeds of one model x attention x language ------------------ */

typedef struct {
  double *f1; /* test F1 per seed, in file order */
  int n;
  int n_seeds; /* planned: the largest n_seeds of its records */
  SampleSummary summary;
} Cell;

typedef struct {
  const char **languages; /* the columns: vi, th, id, then the others alphabetically */
  int n_languages;
  Cell *cells[N_TABLES]; /* [line * n_languages + language] */
  bool *shown[N_TABLES];  /* [line]: has a run (a grid without that row or variant has none) */
} Results;

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
  qsort(r->languages, (size_t)r->n_languages, sizeof *r->languages, paper_language_order);
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
  for (int t = 0; t < N_TABLES; t++) {
    r.shown[t] = jn_calloc((size_t)LAYOUTS[t].n_lines, sizeof(bool));
    for (int c = 0; c < LAYOUTS[t].n_lines * r.n_languages; c++) {
      r.cells[t][c].summary = stats_summarize(r.cells[t][c].f1, r.cells[t][c].n);
      if (r.cells[t][c].n) r.shown[t][c / r.n_languages] = true;
    }
  }
  return r;
}

static bool table_shown(const Results *r, int table) {
  for (int l = 0; l < LAYOUTS[table].n_lines; l++)
    if (r->shown[table][l]) return true;
  return false;
}

/* The seeds of a cell by names, for the comparisons (ctx: the Results). */
static SeedScores scores_of(const void *ctx, const char *table, const char *model,
                            const char *attention, const char *language) {
  const Results *r = ctx;
  int t = find_table(table), k = find_language(r, language);
  int line = t < 0 ? -1 : find_line(t, model, attention);
  if (line < 0 || k < 0) return (SeedScores){NULL, 0};
  const Cell *cell = cell_at(r, t, line, k);
  return (SeedScores){cell->f1, cell->n};
}

static void free_results(Results *r) {
  for (int t = 0; t < N_TABLES; t++) {
    for (int c = 0; c < LAYOUTS[t].n_lines * r->n_languages; c++) free(r->cells[t][c].f1);
    free(r->cells[t]);
    free(r->shown[t]);
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
    if (r->shown[table][c / r->n_languages] && property(&r->cells[table][c])) return true;
  return false;
}

static bool is_empty(const Cell *cell) { return cell->n == 0; }

/* ---- the headline: one cell minus the baseline, in F1 points --------------- */

typedef struct {
  bool defined;
  double points;  /* mean - baseline mean */
  double percent; /* points / baseline mean * 100 */
} Improvement;

static Improvement headline_gain(const Results *r, int language) {
  Improvement result = {0};
  const Cell *base =
      cell_at(r, TABLE_1, find_line(TABLE_1, BASELINE.model, BASELINE.attention), language);
  const Cell *best =
      cell_at(r, TABLE_1, find_line(TABLE_1, HEADLINE.model, HEADLINE.attention), language);
  if (best->n == 0 || base->n == 0 || base->summary.mean == 0) return result;
  result.defined = true;
  result.points = best->summary.mean - base->summary.mean;
  result.percent = result.points / base->summary.mean * 100;
  return result;
}

/* ---- the table grids ---------------------------------------------------- */

typedef struct {
  bool with_stats; /* n, std and 95% CI columns beside each mean */
  const Style *style;
} Typography;

static int columns_per_language(const Typography *ty) { return ty->with_stats ? 4 : 1; }

static void set_header(TextTable *g, const Results *r, const Typography *ty) {
  text_table_set(g, 0, 0, jn_strdup("Model"));
  text_table_set(g, 0, 1, jn_strdup("Attention"));
  for (int k = 0; k < r->n_languages; k++) {
    const char *language = r->languages[k];
    int col = 2 + k * columns_per_language(ty);
    if (!ty->with_stats) {
      text_table_set(g, 0, col, styled(ty->style, "%s", language));
      continue;
    }
    text_table_set(g, 0, col, styled(ty->style, "%s F1", language));
    text_table_set(g, 0, col + 1, styled(ty->style, "%s n", language));
    text_table_set(g, 0, col + 2, styled(ty->style, "%s std", language));
    text_table_set(g, 0, col + 3, styled(ty->style, "%s 95%% CI", language));
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

static void set_stats_cells(TextTable *g, int row, int col, const Cell *cell, const Style *style) {
  const SampleSummary *s = &cell->summary;
  text_table_set(g, row, col, jn_format("%d", cell->n));
  if (cell->n < 2) {
    text_table_set(g, row, col + 1, jn_strdup(style->dash));
    text_table_set(g, row, col + 2, jn_strdup(style->dash));
    return;
  }
  text_table_set(g, row, col + 1, jn_format("%.2f", s->std));
  text_table_set(g, row, col + 2,
           jn_format("[%.2f, %.2f]", s->mean - s->ci_half, s->mean + s->ci_half));
}

static void add_line_row(TextTable *g, const Results *r, int table, int line, const Typography *ty) {
  const TableLine *layout_line = &LAYOUTS[table].lines[line];
  bool new_group = starts_model_group(table, line, r->shown[table]);
  int row = text_table_add_row(g, new_group);
  if (new_group) text_table_set(g, row, 0, jn_strdup(layout_line->model));
  text_table_set(g, row, 1, jn_strdup(attention_label(attention_of(layout_line->attention))));
  for (int k = 0; k < r->n_languages; k++) {
    int col = 2 + k * columns_per_language(ty);
    text_table_set(g, row, col, mean_text(r, table, line, k, ty->style));
    if (ty->with_stats) set_stats_cells(g, row, col + 1, cell_at(r, table, line, k), ty->style);
  }
}

static TextTable table_grid(const Results *r, int table, const Typography *ty) {
  TextTable g = text_table_new(2 + r->n_languages * columns_per_language(ty), 2);
  text_table_add_row(&g, false);
  set_header(&g, r, ty);
  for (int l = 0; l < LAYOUTS[table].n_lines; l++)
    if (r->shown[table][l]) add_line_row(&g, r, table, l, ty);
  return g;
}

static char *improvement_text(Improvement imp, const Style *style) {
  if (!imp.defined) return jn_strdup(style->dash);
  return styled(style, "%+.2f (%+.1f%%)", imp.points, imp.percent);
}

static TextTable improvement_grid(const Results *r, const Style *style) {
  TextTable g = text_table_new(1 + r->n_languages, 1);
  text_table_add_row(&g, false);
  text_table_set(&g, 0, 0, jn_strdup("The paper's headline"));
  for (int k = 0; k < r->n_languages; k++)
    text_table_set(&g, 0, 1 + k, styled(style, "%s", r->languages[k]));
  int row = text_table_add_row(&g, false);
  text_table_set(&g, row, 0,
           styled(style, "%s, %s − %s, %s (F1 points)", HEADLINE.model,
                  attention_short_label(attention_of(HEADLINE.attention)), BASELINE.model,
                  attention_short_label(attention_of(BASELINE.attention))));
  for (int k = 0; k < r->n_languages; k++)
    text_table_set(&g, row, 1 + k, improvement_text(headline_gain(r, k), style));
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
    "Difference of the two cells' means in F1 points, as the paper's abstract reports it (its "
    "+3.78, +4.20, +2.08 for vi, th, id); relative to the baseline in parentheses. "
    "comparisons.md has every comparison with its interval and tests.";

/* ---- writing the files --------------------------------------------------- */

static void write_markdown_table(FILE *out, const Results *r, int table, bool with_stats) {
  Typography ty = {with_stats, &MARKDOWN_STYLE};
  TextTable g = table_grid(r, table, &ty);
  char *notes = table_notes(r, table, &ty);
  fprintf(out, "### %s: %s\n\n", LAYOUTS[table].number, LAYOUTS[table].caption);
  text_table_write_markdown(out, &g);
  fprintf(out, "\n%s\n", notes);
  if (table == TABLE_1) {
    TextTable imp = improvement_grid(r, &MARKDOWN_STYLE);
    fputc('\n', out);
    text_table_write_markdown(out, &imp);
    fprintf(out, "\n%s\n", IMPROVEMENT_NOTE);
    text_table_free(&imp);
  }
  free(notes);
  text_table_free(&g);
}

static void write_latex_table(FILE *out, const Results *r, int table, bool with_stats) {
  Typography ty = {with_stats, &LATEX_STYLE};
  TextTable g = table_grid(r, table, &ty);
  char *caption = latex_escape(LAYOUTS[table].caption), *notes = table_notes(r, table, &ty);
  fprintf(out, "%% %s, written by `jointner tables`; needs \\usepackage{booktabs}.\n",
          LAYOUTS[table].number);
  fputs("\\begin{table}[t]\n\\centering\n", out);
  text_table_write_latex(out, &g);
  if (table == TABLE_1) {
    TextTable imp = improvement_grid(r, &LATEX_STYLE);
    fputs("\n\\medskip\n", out);
    text_table_write_latex(out, &imp);
    text_table_free(&imp);
  }
  fprintf(out, "\\caption{%s. %s", caption, notes);
  if (table == TABLE_1) {
    char *improvement_note = latex_escape(IMPROVEMENT_NOTE);
    fprintf(out, " Headline: %s", improvement_note);
    free(improvement_note);
  }
  fprintf(out, "}\n\\label{tab:%s}\n\\end{table}\n", LAYOUTS[table].grid_name);
  free(caption);
  free(notes);
  text_table_free(&g);
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
                     attention_label(attention_of(l->attention)));
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

static const char USAGE[] =
    "usage: jointner tables RESULTS_DIR [--out DIR] [--format md,tex,csv] [--stats]\n"
    "                       [--paper TABLES.csv]\n"
    "       jointner tables --from RUNS.tsv --out DIR [--format ...] [--stats] [--paper ...]\n"
    "       jointner tables RESULTS_DIR --with RUNS.tsv ...\n"
    "\n"
    "Reads the run records RESULTS_DIR/runs/*.h5 and writes the paper's Table 1 and\n"
    "Table 2 (mean test F1 over seeds per cell) as table1.md/.tex/.csv and\n"
    "table2.md/.tex/.csv, f1_by_config.svg (per-seed test F1 per configuration),\n"
    "comparisons.md/.csv (the paper's comparisons in F1 points with Welch intervals,\n"
    "Welch and permutation tests, and a check of its claims), runs.tsv (one line\n"
    "per complete run: the results in a form to commit), pretrainings.tsv (the same\n"
    "for the grid's pre-trainings) and pretraining.md (their dev accuracy and\n"
    "macro-F1 per attention variant) into DIR (default RESULTS_DIR); the Markdown\n"
    "tables, pretraining.md and comparisons.md also go to stdout. Only records with\n"
    "status \"complete\" count. A table shows the lines that have runs (the rows\n"
    "and attention variants of the grid).\n"
    "\n"
    "  --out DIR       where to write the files (created if missing)\n"
    "  --from FILE     rebuild everything from a runs.tsv alone (no records needed),\n"
    "                  with the pretrainings.tsv beside it when there is one\n"
    "  --with FILE     add the runs of a runs.tsv that RESULTS_DIR has no record of\n"
    "                  (a sweep continued on another machine), and the\n"
    "                  pre-trainings of the pretrainings.tsv beside it; runs.tsv and\n"
    "                  pretrainings.tsv hold both\n"
    "  --paper FILE    the paper's published cells (../shared/paper/tables.csv), set\n"
    "                  beside ours in comparisons.md\n"
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

/* 0 and the options, or the exit status of --help or a usage error. */
static int parse_options(int argc, char **argv, TablesOptions *out) {
  static const struct option OPTS[] = {{"out", required_argument, 0, 'o'},
                                       {"format", required_argument, 0, 'F'},
                                       {"stats", no_argument, 0, 's'},
                                       {"from", required_argument, 0, 'f'},
                                       {"with", required_argument, 0, 'w'},
                                       {"paper", required_argument, 0, 'p'},
                                       CLI_HELP,
                                       CLI_END};
  TablesOptions o = {.formats = FORMAT_MD | FORMAT_TEX | FORMAT_CSV};
  int c, status;
  while ((c = cli_option(argc, argv, "tables", OPTS, USAGE, &status)) > 0) {
    if (c == 'o') o.out_dir = optarg;
    else if (c == 'F') o.formats = parse_formats(optarg);
    else if (c == 's') o.with_stats = true;
    else if (c == 'f') o.from_file = optarg;
    else if (c == 'w') o.with_file = optarg;
    else if (c == 'p') o.paper_file = optarg;
  }
  if (c < 0) return status;
  if (optind < argc) o.results_dir = argv[optind++];
  if (optind < argc) jn_die("tables: more than one RESULTS_DIR ('%s')\n%s", argv[optind], USAGE);
  if (!o.results_dir == !o.from_file)
    jn_die("tables: give either RESULTS_DIR or --from RUNS.tsv\n%s", USAGE);
  if (!o.out_dir && o.from_file) jn_die("tables: --from needs --out DIR\n%s", USAGE);
  if (o.with_file && o.from_file) jn_die("tables: --with goes with RESULTS_DIR, not --from\n%s", USAGE);
  if (!o.out_dir) o.out_dir = o.results_dir;
  *out = o;
  return -1;
}

/* dir/file_name, opened with output_open (data/files.h); *path for close_output. */
static FILE *open_output(const char *dir, const char *file_name, char **path) {
  *path = jn_format("%s/%s", dir, file_name);
  return output_open(*path);
}

static void close_output(FILE *out, char *path) {
  output_close(out, path);
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

static void write_comparisons(const TablesOptions *o, const Results *r) {
  PaperTables paper;
  if (o->paper_file) paper_tables_load(&paper, o->paper_file);
  ComparisonInput in = {r->languages, r->n_languages, scores_of, r};
  const PaperTables *p = o->paper_file ? &paper : NULL;
  char *path;
  FILE *out = open_output(o->out_dir, "comparisons.md", &path);
  comparisons_write_markdown(out, &in, p);
  close_output(out, path);
  out = open_output(o->out_dir, "comparisons.csv", &path);
  comparisons_write_csv(out, &in, p);
  close_output(out, path);
  fputc('\n', stdout);
  comparisons_write_markdown(stdout, &in, p);
  if (p) paper_tables_free(&paper);
}

static void write_outputs(const TablesOptions *o, const Results *r, const RunResults *runs) {
  make_directories(o->out_dir);
  if (!o->from_file) {
    char *path = jn_format("%s/runs.tsv", o->out_dir);
    run_results_write(path, runs);
    free(path);
    path = jn_format("%s/%s", o->out_dir, PRETRAININGS_FILE);
    pretrain_results_write(path, &runs->pretrainings);
    free(path);
  }
  bool first = true;
  for (int t = 0; t < N_TABLES; t++) {
    if (!table_shown(r, t)) continue;
    write_table_files(o, r, t);
    if (!first) fputc('\n', stdout);
    first = false;
    write_markdown_table(stdout, r, t, o->with_stats);
  }
  char *path;
  FILE *out;
  if (runs->pretrainings.n_runs) {
    out = open_output(o->out_dir, "pretraining.md", &path);
    pretraining_table_write_markdown(out, &runs->pretrainings);
    close_output(out, path);
    if (!first) fputc('\n', stdout);
    pretraining_table_write_markdown(stdout, &runs->pretrainings);
  }
  out = open_output(o->out_dir, "f1_by_config.svg", &path);
  write_plot(out, r);
  close_output(out, path);
  write_comparisons(o, r);
}

/* The pre-trainings file beside a runs file (the same folder), or NULL if
 * there is none. */
static char *pretrainings_beside(const char *runs_file) {
  const char *slash = strrchr(runs_file, '/');
  char *path = slash ? jn_format("%.*s/%s", (int)(slash - runs_file), runs_file, PRETRAININGS_FILE)
                     : jn_strdup(PRETRAININGS_FILE);
  struct stat st;
  if (lstat(path, &st) == 0) return path;
  free(path);
  return NULL;
}

void tables_write(const TablesOptions *options) {
  init_layouts();
  RunResults runs;
  const char *runs_file = options->from_file ? options->from_file : options->with_file;
  char *pretrainings_file = runs_file ? pretrainings_beside(runs_file) : NULL;
  if (options->from_file) {
    runs = run_results_read(options->from_file);
    if (pretrainings_file) runs.pretrainings = pretrain_results_read(pretrainings_file);
  } else {
    char *runs_dir = jn_format("%s/runs", options->results_dir);
    runs = run_results_from_records(runs_dir);
    free(runs_dir);
    if (options->with_file) run_results_add_missing(&runs, options->with_file);
    if (pretrainings_file) pretrain_results_add_missing(&runs.pretrainings, pretrainings_file);
  }
  free(pretrainings_file);
  RunSet placed = place_runs(&runs);
  Results results = gather_results(&placed);
  write_outputs(options, &results, &runs);
  report_tally(&runs.tally, &placed.tally);
  free_results(&results);
  free(placed.runs);
  run_results_free(&runs);
}

int cmd_tables(int argc, char **argv) {
  TablesOptions options;
  int status = parse_options(argc, argv, &options);
  if (status >= 0) return status;
  tables_write(&options);
  return 0;
}
