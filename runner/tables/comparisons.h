/* comparisons.h: the paper's comparisons computed on a sweep's runs, as the
 * paper reports them (../shared/paper/): differences of cell means in F1
 * points (relative % beside), each with the 95% Welch interval, Welch's t
 * and a permutation test across seeds, the paper's own value beside it,
 * whether the signs agree and whether the paper's value lies in our interval; the headline (Joint + Pre-trained with learned
 * self-attention minus NER-only without attention); and a check of the
 * paper's textual claims, each held / not held / inconclusive at 95%,
 * with every comparison each claim rests on (for the claim across
 * languages, a difference of differences with Welch's t); and what the
 * seeds can resolve: each language's pooled spread of seeds within a cell
 * and the 95% half-width it gives a difference of 10 or 5 seeds a side. */
#ifndef JN_COMPARISONS_H
#define JN_COMPARISONS_H
#include <stdio.h>

/* The test F1 of a cell's seeds. */
typedef struct {
  const double *f1;
  int n;
} SeedScores;

/* The seeds of a cell: table "table1"/"table2", the grid's row and
 * attention names, a language; n = 0 when the cell has no run. */
typedef SeedScores (*ScoresOf)(const void *ctx, const char *table, const char *model,
                               const char *attention, const char *language);

typedef struct {
  const char *const *languages; /* the columns, in table order */
  int n_languages;
  ScoresOf scores;
  const void *ctx;
} ComparisonInput;

/* The paper's published cells (tables.csv: table,model,attention,LANG...). */
typedef struct {
  int n_rows, n_languages;
  char **languages;          /* [n_languages] */
  char **tables, **models, **attentions; /* [n_rows] */
  double *values;            /* [n_rows * n_languages], NAN where blank */
} PaperTables;

/* Reads and checks the CSV; dies with file:line on anything malformed. */
void paper_tables_load(PaperTables *p, const char *path);
/* The paper's value of a cell, or NAN. */
double paper_value(const PaperTables *p, const char *table, const char *model,
                   const char *attention, const char *language);
void paper_tables_free(PaperTables *p);

/* comparisons.md and comparisons.csv; PAPER may be NULL (no paper columns). */
void comparisons_write_markdown(FILE *out, const ComparisonInput *in, const PaperTables *paper);
void comparisons_write_csv(FILE *out, const ComparisonInput *in, const PaperTables *paper);

#endif
