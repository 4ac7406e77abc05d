/* tables.h: `jointner tables RESULTS_DIR [--out DIR] [--format md,tex,csv]
 * [--stats]`: the paper's Table 1 and Table 2 from the run records in
 * RESULTS_DIR/runs/ (one .h5 file per run): the mean test F1 over seeds per
 * cell (n, std and the 95% t-interval on request, always in the CSV), the
 * relative improvement of the joint models over the NER-only baseline, and
 * a strip plot of the per-seed test F1 (f1_by_config.svg). */
#ifndef JN_TABLES_H
#define JN_TABLES_H

#include <stdbool.h>

enum { FORMAT_MD = 1, FORMAT_TEX = 2, FORMAT_CSV = 4 };

typedef struct {
  const char *results_dir; /* NULL with from_file */
  const char *from_file;   /* --from: a runs.tsv instead of the records */
  const char *with_file;   /* --with: a runs.tsv whose runs join the records' */
  const char *paper_file;  /* --paper: the paper's tables.csv */
  const char *out_dir;     /* where the files go (--out; the command's default: results_dir) */
  int formats;             /* FORMAT_* bits */
  bool with_stats;         /* --stats */
} TablesOptions;

/* Writes the tables, comparisons, plot, pretraining.md (when there are
 * pre-trainings) and (unless from_file) runs.tsv and pretrainings.tsv into
 * out_dir, the Markdown tables, pre-trainings and comparisons to stdout and
 * a tally of the records to stderr; dies on bad input. */
void tables_write(const TablesOptions *options);

int cmd_tables(int argc, char **argv);

#endif
