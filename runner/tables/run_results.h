/* run_results.h: one line per complete training run of a grid, the form of
 * a sweep's results that survives the machine (it is small text, meant to
 * be committed; the HDF5 records are not). `jointner tables` writes it
 * beside the tables (runs.tsv) from the run records, and can rebuild every
 * table from it alone (`--from`). A scan of the records also collects the
 * grid's pre-trainings (pretrain_results.h).
 *
 * Format: UTF-8 text, tab-separated (runner/tables/tsv.h), the columns
 *   record config_hash language table row attention seed n_seeds also
 *   epochs dev_f1 test_f1 wall_seconds commit
 * then one line per run in record-name order. `also` lists the run's other
 * table placements as TABLE|ROW joined by ';' ("-" for none); F1 values are
 * percent with 17 significant digits, so a value read back is the value
 * written. A field never holds a tab or a newline. */
#ifndef JN_RUN_RESULTS_H
#define JN_RUN_RESULTS_H
#include "runner/tables/pretrain_results.h"

typedef struct {
  char *table, *row;
} Placement;

typedef struct {
  char *record;      /* the record's file name (its job id under a grid) */
  char *config_hash; /* the run's identity as its record states it */
  char *language, *table, *row, *attention;
  int seed, n_seeds;
  Placement *also; /* the run's other cells (same language, attention, seed) */
  int n_also;
  int epochs; /* epochs trained */
  double dev_f1, test_f1, wall_seconds;
  char *commit; /* of the binary that made it */
} RunResult;

/* What a scan of the records found: complete, gridded training runs and
 * pre-trainings, and the rest by why they are left out. */
typedef struct {
  int files, complete, pretrainings, partial, ungridded, unreadable;
} RecordTally;

typedef struct {
  RunResult *runs;
  int n_runs;
  PretrainResults pretrainings; /* complete, gridded pre-trainings */
  RecordTally tally;
} RunResults;

/* Every .h5 file of RUNS_DIR in name order, read with record_load; complete
 * training runs and pre-trainings with a "grid" object are kept, the rest
 * counted (and warned about where they are broken). */
RunResults run_results_from_records(const char *runs_dir);
/* Writes the file atomically; dies if a field would hold a tab or newline. */
void run_results_write(const char *path, const RunResults *r);
/* Reads a file written by run_results_write; dies with file:line on
 * anything else. */
RunResults run_results_read(const char *path);
/* Adds the runs of the file at PATH whose record is not among R's, after
 * R's (a sweep continued on another machine); returns how many. */
int run_results_add_missing(RunResults *r, const char *path);
void run_results_free(RunResults *r);

#endif
