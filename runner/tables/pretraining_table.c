/* pretraining_table.c: the pre-trainings' dev accuracy and macro-F1 per
 * attention variant and language (pretraining.md). */
#include "runner/tables/pretraining_table.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "runner/paper_layout.h"
#include "runner/tables/stats.h"
#include "runner/tables/text_table.h"

/* The seeds of one attention variant x language. */
typedef struct {
  double *accuracy, *macro_f1;
  int n;
} Seeds;

typedef struct {
  const char **languages; /* the paper's order; point into the results */
  int n_languages;
  Seeds *cells; /* [attention * n_languages + language] */
  double *seconds; /* per language: the epochs' time, summed */
  int *runs;       /* per language */
} Gathered;

static int find_language(const Gathered *g, const char *language) {
  for (int k = 0; k < g->n_languages; k++)
    if (!strcmp(g->languages[k], language)) return k;
  return -1;
}

static void push(double **values, int n, double value) {
  *values = jn_realloc(*values, sizeof **values * (size_t)(n + 1));
  (*values)[n] = value;
}

static Gathered gather(const PretrainResults *p) {
  Gathered g = {0};
  g.languages = jn_malloc(sizeof *g.languages * (size_t)(p->n_runs + 1));
  for (int i = 0; i < p->n_runs; i++)
    if (find_language(&g, p->runs[i].language) < 0) g.languages[g.n_languages++] = p->runs[i].language;
  qsort(g.languages, (size_t)g.n_languages, sizeof *g.languages, paper_language_order);
  g.cells = jn_calloc((size_t)(N_ATTENTION * g.n_languages) + 1, sizeof *g.cells);
  g.seconds = jn_calloc((size_t)g.n_languages + 1, sizeof *g.seconds);
  g.runs = jn_calloc((size_t)g.n_languages + 1, sizeof *g.runs);
  for (int i = 0; i < p->n_runs; i++) {
    const PretrainResult *run = &p->runs[i];
    AttentionKind a;
    if (attention_parse(run->attention, &a) != 0) {
      fprintf(stderr, "jointner: warning: pre-training %s: unknown attention '%s'; not in the table\n",
              run->record, run->attention);
      continue;
    }
    int k = find_language(&g, run->language);
    Seeds *cell = &g.cells[a * g.n_languages + k];
    push(&cell->accuracy, cell->n, run->dev_accuracy);
    push(&cell->macro_f1, cell->n, run->dev_macro_f1);
    cell->n++;
    g.seconds[k] += run->wall_seconds;
    g.runs[k]++;
  }
  return g;
}

static void free_gathered(Gathered *g) {
  for (int c = 0; c < N_ATTENTION * g->n_languages; c++) {
    free(g->cells[c].accuracy);
    free(g->cells[c].macro_f1);
  }
  free(g->cells);
  free(g->seconds);
  free(g->runs);
  free(g->languages);
}

/* "mean ± std", the mean alone for one seed, a dash for none. */
static char *mean_std(const double *values, int n) {
  if (n == 0) return jn_strdup(MARKDOWN_STYLE.dash);
  SampleSummary s = stats_summarize(values, n);
  return n < 2 ? jn_format("%.2f", s.mean) : jn_format("%.2f ± %.2f", s.mean, s.std);
}

static TextTable grid_of(const Gathered *g) {
  TextTable t = text_table_new(1 + 3 * g->n_languages, 1);
  text_table_add_row(&t, false);
  text_table_set(&t, 0, 0, jn_strdup("Attention"));
  for (int k = 0; k < g->n_languages; k++) {
    char *language = markdown_escape(g->languages[k]);
    text_table_set(&t, 0, 1 + 3 * k, jn_format("%s accuracy", language));
    text_table_set(&t, 0, 2 + 3 * k, jn_format("%s macro-F1", language));
    text_table_set(&t, 0, 3 + 3 * k, jn_format("%s n", language));
    free(language);
  }
  for (int a = 0; a < N_ATTENTION; a++) {
    const Seeds *row = &g->cells[a * g->n_languages];
    int any = 0;
    for (int k = 0; k < g->n_languages; k++) any |= row[k].n > 0;
    if (!any) continue;
    int r = text_table_add_row(&t, false);
    text_table_set(&t, r, 0, jn_strdup(attention_label((AttentionKind)a)));
    for (int k = 0; k < g->n_languages; k++) {
      text_table_set(&t, r, 1 + 3 * k, mean_std(row[k].accuracy, row[k].n));
      text_table_set(&t, r, 2 + 3 * k, mean_std(row[k].macro_f1, row[k].n));
      text_table_set(&t, r, 3 + 3 * k, jn_format("%d", row[k].n));
    }
  }
  return t;
}

void pretraining_table_write_markdown(FILE *out, const PretrainResults *p) {
  Gathered g = gather(p);
  TextTable t = grid_of(&g);
  fputs("### Pre-training: the sentence classifiers' dev accuracy and macro-F1 (%)\n\n", out);
  text_table_write_markdown(out, &t);
  fputs("\nEach cell: the mean over seeds ± the sample standard deviation (the value alone for "
        "one seed); n: seeds. One classifier per language, attention variant and seed, scored "
        "on the language's pre-training dev set after its last epoch. Their epochs' time, "
        "summed:",
        out);
  for (int k = 0; k < g.n_languages; k++) {
    char *language = markdown_escape(g.languages[k]);
    fprintf(out, "%s %s %.2f h (%d pre-training%s)", k ? "," : "", language, g.seconds[k] / 3600,
            g.runs[k], g.runs[k] == 1 ? "" : "s");
    free(language);
  }
  fputs(".\n", out);
  text_table_free(&t);
  free_gathered(&g);
}
