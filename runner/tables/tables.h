/* tables.h: `jointner tables RESULTS_DIR [--out DIR] [--format md,tex,csv]
 * [--stats]`: the paper's Table 1 and Table 2 from the run records in
 * RESULTS_DIR/runs/ (one .h5 file per run): the mean test F1 over seeds per
 * cell (n, std and the 95% t-interval on request, always in the CSV), the
 * relative improvement of the joint models over the NER-only baseline, and
 * a strip plot of the per-seed test F1 (f1_by_config.svg). */
#ifndef JN_TABLES_H
#define JN_TABLES_H

int cmd_tables(int argc, char **argv);

#endif
