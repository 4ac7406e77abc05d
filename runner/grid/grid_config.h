/* grid_config.h: a grid config (configs/table1.json, see configs/README.md):
 * which languages (and their data files), Table 1 rows, attention variants
 * and seeds to run, whether to add Table 2's ablations, and overrides of the
 * run configs' "model", "train" and pre-training "train" sections. Parsing is
 * strict: unknown keys, wrong types and missing files are errors naming the
 * grid file and the key. */
#ifndef JN_GRID_CONFIG_H
#define JN_GRID_CONFIG_H
#include <cJSON.h>
#include "runner/paper_layout.h" /* GridRow and its names, N_ATTENTION */
#include "runner/grid/grid_checksums.h"

/* One language's data; every path absolute, NULL when not given. */
typedef struct {
  char *name; /* "vi", "th", "id", ... */
  char *train, *dev, *test, *vectors;
  char *pretrain_train, *pretrain_dev; /* sentence corpus (LABEL<TAB>tokens) */
  char *augment_10k, *augment_50k;     /* auto-labelled titles for the +10k/+50k rows */
  /* what labels the Joint rows' sentences that have no "# label" line: a
   * pre-training record (label_classifier), or with labels_from_pretraining
   * the grid's own pre-training of the same attention variant (as Joint +
   * Pre-trained runs use theirs); neither: the data must have labels */
  char *label_classifier;
  int labels_from_pretraining;
  cJSON *format; /* column/format keys (token_column, ...) for every NER run's "data" */
} GridLanguage;

typedef struct {
  char *path;        /* the grid config file */
  char *results_dir; /* absolute */
  int n_languages;
  GridLanguage *languages; /* in file order */
  int has_row[N_GRID_ROWS];
  int has_attention[N_ATTENTION]; /* indexed by AttentionKind */
  /* seeds per cell: its runs use train.seed 1..n; "seeds" in the config is
   * a number for every cell, or {"default": N, ROW: N or {ATTENTION: N},
   * "table2": N} */
  int seeds[N_GRID_ROWS][N_ATTENTION];
  int table2_seeds; /* Table 2's ablations */
  int max_seeds;    /* the largest count of any cell the grid runs */
  int table2;       /* add Table 2's ablations */
  cJSON *model, *train, *pretrain; /* override objects (pretrain: max_epochs filled) */
} GridConfig;

/* Parses the grid config at path; dies on any error (file and key named). */
void grid_config_load(GridConfig *g, const char *path);
/* 1 if language l needs pre-trainings: for a Joint + Pre-trained row,
 * Table 2, or as the label classifier of its Joint rows. */
int grid_needs_pretraining(const GridConfig *g, const GridLanguage *l);
/* The canonical form (malloc'd JSON): keys sorted, rows and attention in
 * the paper's order, defaults filled, the SHA-256 of every data file under
 * "checksums"; the results folder is left out (where the runs go does
 * not make another grid). */
char *grid_config_canonical(const GridConfig *g, GridChecksums *checksums);
void grid_config_free(GridConfig *g);

#endif
