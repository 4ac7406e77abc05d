/* pretrained_init.c: initialise a joint model from a pre-training record. */
#include "runner/pretrained_init.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/checksum_memo.h"
#include "model/base.h"
#include "model/network.h"
#include "model/sentence_head.h"
#include "runner/config.h"
#include "runner/run_record.h"

/* checksums.vectors of a canonical config, or "" */
static void vectors_checksum(const char *canonical, char out[65]) {
  cJSON *root = cJSON_Parse(canonical);
  const cJSON *sums = cJSON_GetObjectItemCaseSensitive(root, "checksums");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(sums, "vectors");
  snprintf(out, 65, "%s", cJSON_IsString(v) ? v->valuestring : "");
  cJSON_Delete(root);
}

/* Loads a complete pre-training record; dies with the reason otherwise. */
static void load_pretraining(const char *path, RunRecord *pre) {
  char why[256];
  if (record_load(path, pre, why, sizeof why) != 0)
    jn_die("%s: cannot use as pre-training: %s", path, why);
  if (!pre->kind || strcmp(pre->kind, "pretrain"))
    jn_die("%s: is a '%s' record, not a pre-training", path, pre->kind ? pre->kind : "?");
  if (!record_verify_complete(pre, why, sizeof why))
    jn_die("%s: the pre-training is not complete (%s)", path, why);
}

/* Dies unless the record was trained on vectors with checksum mine. */
static void check_same_vectors(const char *path, const RunRecord *pre, const char *mine) {
  char theirs[65];
  vectors_checksum(pre->config_json, theirs);
  if (strcmp(mine, theirs))
    jn_die("%s: pre-trained with other word vectors (sha256 %.12s..., this run %.12s...): the "
           "vocabularies differ",
           path, theirs, mine);
}

/* The layout of the pre-trained model (d_emb from this run, checked). */
static void pretraining_layout(const char *path, const RunRecord *pre, int d_emb, ModelConfig *pm,
                               ParamLayout *PL) {
  Config pc;
  config_parse(&pc, pre->config_json, path, "");
  *pm = pc.model;
  config_free(&pc);
  pm->d_emb = d_emb;
  pm->n_tags = 0;
  pm->n_classes = pre->n_classes;
  param_layout(pm, PL);
  if (PL->total != pre->n_params)
    jn_die("%s: %zu parameters stored, %zu expected for its configuration with %d-d vectors", path,
           pre->n_params, PL->total, d_emb);
}

void pretrained_class_names(const char *path, Vocab *classes) {
  RunRecord pre;
  load_pretraining(path, &pre);
  for (int i = 0; i < pre.n_classes; i++) vocab_add(classes, pre.class_names[i]);
  record_free(&pre);
}

long pretrained_assign_labels(const char *path, const char *vectors_path, const Vocab *words,
                              NerData *d, const IndexedData *indexed, const Vocab *classes) {
  RunRecord pre;
  load_pretraining(path, &pre);
  char mine[65];
  checksum_file(vectors_path, mine);
  check_same_vectors(path, &pre, mine);
  ModelConfig pm;
  ParamLayout PL;
  pretraining_layout(path, &pre, words->dim, &pm, &PL);
  Model m;
  model_init(&m, &pm, 0, 0);
  BatchBuffer bb = {0};
  float *probs = jn_malloc(sizeof(float) * 64 * pm.n_classes);
  int order[64];
  long assigned = 0;
  for (int first = 0; first < d->n_sentences; first += 64) {
    int count = 0;
    for (int s = first; s < d->n_sentences && s < first + 64; s++)
      if (!d->labels[s]) order[count++] = s;
    if (!count) continue;
    batch_fill(&bb, indexed, order, count);
    model_predict(&m, pre.best_params, words->table, &bb.batch, NULL, probs);
    for (int i = 0; i < count; i++) {
      int best = argmax(probs + (long)i * pm.n_classes, pm.n_classes);
      d->labels[order[i]] = jn_strdup(classes->words[best]);
      assigned++;
    }
  }
  free(probs);
  batch_free(&bb);
  model_free(&m);
  record_free(&pre);
  return assigned;
}

void pretrained_init(const char *path, const char *canonical, const ParamLayout *L,
                     const ModelConfig *cfg, float *params, char *note, size_t note_size) {
  RunRecord pre;
  load_pretraining(path, &pre);
  char mine[65];
  vectors_checksum(canonical, mine);
  check_same_vectors(path, &pre, mine);
  ModelConfig pm;
  ParamLayout PL;
  pretraining_layout(path, &pre, cfg->d_emb, &pm, &PL);
  size_t used = strlen(note);
  used += (size_t)snprintf(note + used, note_size - used, "; initialised from %s:", path);
  for (int p = P_W1; p <= P_BHH_B; p++) { /* W1 and the BiLSTM, as in the paper */
    if (PL.rows[p] != L->rows[p] || PL.cols[p] != L->cols[p])
      jn_die("%s: tensor %s is %dx%d there, %dx%d here", path, param_name(p), PL.rows[p],
             PL.cols[p], L->rows[p], L->cols[p]);
    memcpy(params + L->offset[p], pre.best_params + PL.offset[p], sizeof(float) * L->size[p]);
    if (used < note_size) used += (size_t)snprintf(note + used, note_size - used, " %s", param_name(p));
  }
  record_free(&pre);
}
