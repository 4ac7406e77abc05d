/* pretrain_results.c: the pre-trainings file (pretrainings.tsv). */
#include "runner/tables/pretrain_results.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/files.h"
#include "model/base.h"
#include "runner/tables/tsv.h"

static const char *const NAMES[] = {"record",       "config_hash",  "language",
                                    "attention",    "seed",         "epochs",
                                    "dev_accuracy", "dev_macro_f1", "wall_seconds",
                                    "commit"};
static const TsvColumns COLUMNS = {NAMES, sizeof NAMES / sizeof *NAMES, "pretrainings"};

void pretrain_results_add(PretrainResults *p, PretrainResult run) {
  p->runs = jn_realloc(p->runs, sizeof *p->runs * (size_t)(p->n_runs + 1));
  p->runs[p->n_runs++] = run;
}

static void free_run(PretrainResult *run) {
  char *strings[] = {run->record, run->config_hash, run->language, run->attention, run->commit};
  for (int k = 0; k < 5; k++) free(strings[k]);
}

void pretrain_results_write(const char *path, const PretrainResults *p) {
  TsvText t = {0};
  tsv_add_header(&t, &COLUMNS);
  for (int i = 0; i < p->n_runs; i++) {
    const PretrainResult *run = &p->runs[i];
    char *numbers[] = {jn_format("%d", run->seed), jn_format("%d", run->epochs),
                       jn_format("%.17g", run->dev_accuracy), jn_format("%.17g", run->dev_macro_f1),
                       jn_format("%.17g", run->wall_seconds)};
    const char *fields[] = {run->record, run->config_hash, run->language, run->attention,
                            numbers[0],  numbers[1],       numbers[2],    numbers[3],
                            numbers[4],  run->commit};
    tsv_add_line(&t, &COLUMNS, fields, run->record);
    for (int k = 0; k < 5; k++) free(numbers[k]);
  }
  write_file_atomically(path, t.text);
  free(t.text);
}

static void parse_line(void *ctx, const char *path, long line, char **f) {
  PretrainResult run = {0};
  if (tsv_parse_int(f[4], 1, &run.seed) || tsv_parse_int(f[5], 0, &run.epochs))
    jn_die("%s:%ld: seed must be a whole number >= 1, epochs >= 0", path, line);
  if (tsv_parse_double(f[6], &run.dev_accuracy) || tsv_parse_double(f[7], &run.dev_macro_f1) ||
      tsv_parse_double(f[8], &run.wall_seconds))
    jn_die("%s:%ld: dev_accuracy, dev_macro_f1 and wall_seconds must be finite numbers", path,
           line);
  if (run.dev_accuracy < 0 || run.dev_accuracy > 100 || run.dev_macro_f1 < 0 ||
      run.dev_macro_f1 > 100)
    jn_die("%s:%ld: an accuracy or macro-F1 outside [0, 100]", path, line);
  char **strings[] = {&run.record, &run.config_hash, &run.language, &run.attention, &run.commit};
  const int columns[] = {0, 1, 2, 3, 9};
  for (int k = 0; k < 5; k++) *strings[k] = jn_strdup(f[columns[k]]);
  pretrain_results_add(ctx, run);
}

PretrainResults pretrain_results_read(const char *path) {
  PretrainResults p = {0};
  tsv_read(path, &COLUMNS, parse_line, &p);
  return p;
}

static int compare_records(const void *a, const void *b) {
  return strcmp(((const PretrainResult *)a)->record, ((const PretrainResult *)b)->record);
}

int pretrain_results_add_missing(PretrainResults *p, const char *path) {
  PretrainResults extra = pretrain_results_read(path);
  int added = 0;
  for (int i = 0; i < extra.n_runs; i++) {
    int known = 0;
    for (int k = 0; k < p->n_runs && !known; k++) known = !strcmp(p->runs[k].record, extra.runs[i].record);
    if (known) {
      free_run(&extra.runs[i]);
      continue;
    }
    pretrain_results_add(p, extra.runs[i]);
    added++;
  }
  free(extra.runs);
  if (p->n_runs) qsort(p->runs, (size_t)p->n_runs, sizeof *p->runs, compare_records);
  fprintf(stderr, "jointner: tables: %d pre-training(s) from %s that have no record here\n", added,
          path);
  return added;
}

void pretrain_results_free(PretrainResults *p) {
  for (int i = 0; i < p->n_runs; i++) free_run(&p->runs[i]);
  free(p->runs);
  p->runs = NULL;
  p->n_runs = 0;
}
