/* pretrain_results.h: one line per complete pre-training of a grid (the
 * sentence classifier: its dev accuracy and macro-F1), the form of those
 * results that survives the machine. `jointner tables` writes it beside
 * runs.tsv (pretrainings.tsv) from the run records, and reads it back with
 * --from and --with.
 *
 * Format: as runs.tsv (runner/tables/tsv.h), the columns
 *   record config_hash language attention seed epochs dev_accuracy
 *   dev_macro_f1 wall_seconds commit
 * one line per pre-training in record-name order; accuracy and macro-F1
 * in percent with 17 significant digits. */
#ifndef JN_PRETRAIN_RESULTS_H
#define JN_PRETRAIN_RESULTS_H

/* Its name beside runs.tsv. */
#define PRETRAININGS_FILE "pretrainings.tsv"

typedef struct {
  char *record;      /* the record's file name (its job id under a grid) */
  char *config_hash; /* the run's identity as its record states it */
  char *language, *attention;
  int seed;
  int epochs; /* epochs trained */
  double dev_accuracy, dev_macro_f1, wall_seconds;
  char *commit; /* of the binary that made it */
} PretrainResult;

typedef struct {
  PretrainResult *runs;
  int n_runs;
} PretrainResults;

/* Adds RUN (its strings are taken over). */
void pretrain_results_add(PretrainResults *p, PretrainResult run);
/* Writes the file atomically; dies if a field would be empty or hold a tab
 * or newline. */
void pretrain_results_write(const char *path, const PretrainResults *p);
/* Reads a file written by pretrain_results_write; dies with file:line on
 * anything else. */
PretrainResults pretrain_results_read(const char *path);
/* Adds the pre-trainings of the file at PATH whose record is not among P's,
 * keeping record-name order; returns how many. */
int pretrain_results_add_missing(PretrainResults *p, const char *path);
void pretrain_results_free(PretrainResults *p);

#endif
