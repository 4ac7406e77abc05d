/* grid_vectors.c: one vectors cache per source, before the grid's jobs. */
#include "runner/grid/grid_vectors.h"
#include <cJSON.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include "data/checksum_memo.h"
#include "model/base.h"
#include "runner/config.h"
#include "runner/vectors_subset.h"

/* The data part of a job's config: its "model" (whose pre-training record
 * may not exist yet) and data.label_classifier (likewise) left out. */
static void load_data_config(Config *cfg, const char *path) {
  char *text = jn_read_file(path), *dir = jn_strdup(path);
  cJSON *root = cJSON_Parse(text);
  if (!root) jn_die("%s: invalid JSON", path);
  cJSON_DeleteItemFromObjectCaseSensitive(root, "model");
  cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "data"), "label_classifier");
  char *pruned = cJSON_PrintUnformatted(root);
  config_parse(cfg, pruned, path, dirname(dir));
  cJSON_Delete(root);
  free(pruned);
  free(dir);
  free(text);
}

void grid_vectors_prepare(const Plan *plan) {
  char *dir = jn_cache_dir();
  if (!dir) return;
  free(dir);
  VectorsSubset *sources = NULL;
  int n = 0;
  for (int j = 0; j < plan->n_jobs; j++) {
    Config cfg;
    int pretraining = plan->jobs[j].kind == JOB_PRETRAIN;
    if (pretraining)
      config_load(&cfg, plan->jobs[j].config_path); /* needs no other record */
    else
      load_data_config(&cfg, plan->jobs[j].config_path);
    int s = 0;
    while (s < n && strcmp(sources[s].vectors, cfg.vectors)) s++;
    if (s == n) {
      sources = jn_realloc(sources, sizeof *sources * (size_t)(n + 1));
      vectors_subset_init(&sources[n++], cfg.vectors);
    }
    if (pretraining) { /* sentence corpora: LABEL<TAB>tokens */
      vectors_subset_add_text(&sources[s], cfg.train);
      vectors_subset_add_text(&sources[s], cfg.dev);
    } else {
      vectors_subset_add_config(&sources[s], &cfg);
    }
    config_free(&cfg);
  }
  for (int s = 0; s < n; s++) {
    if (!vectors_subset_cached(&sources[s])) vectors_subset_write(&sources[s]);
    vectors_subset_free(&sources[s]);
  }
  free(sources);
}
