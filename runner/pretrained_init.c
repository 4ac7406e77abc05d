/* pretrained_init.c: initialise a joint model from a pre-training record. */
#include "runner/pretrained_init.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>
#include "model/base.h"
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

void pretrained_init(const char *path, const char *canonical, const ParamLayout *L,
                     const ModelConfig *cfg, float *params, char *note, size_t note_size) {
  RunRecord pre;
  char why[256];
  if (record_load(path, &pre, why, sizeof why) != 0)
    jn_die("%s: cannot use as pre-training: %s", path, why);
  if (!pre.kind || strcmp(pre.kind, "pretrain"))
    jn_die("%s: is a '%s' record, not a pre-training", path, pre.kind ? pre.kind : "?");
  if (!record_verify_complete(&pre, why, sizeof why))
    jn_die("%s: the pre-training is not complete (%s)", path, why);
  char mine[65], theirs[65];
  vectors_checksum(canonical, mine);
  vectors_checksum(pre.config_json, theirs);
  if (strcmp(mine, theirs))
    jn_die("%s: pre-trained with other word vectors (sha256 %.12s..., this run %.12s...): the "
           "vocabularies differ",
           path, theirs, mine);
  Config pc;
  config_parse(&pc, pre.config_json, path, "");
  ModelConfig pm = pc.model;
  pm.d_emb = cfg->d_emb;
  pm.n_tags = 0;
  pm.n_classes = pre.n_classes;
  ParamLayout PL;
  param_layout(&pm, &PL);
  if (PL.total != pre.n_params)
    jn_die("%s: %zu parameters stored, %zu expected for its configuration with %d-d vectors", path,
           pre.n_params, PL.total, cfg->d_emb);
  size_t used = strlen(note);
  used += (size_t)snprintf(note + used, note_size - used, "; initialised from %s:", path);
  for (int p = P_W1; p <= P_BHH_B; p++) { /* W1 and the BiLSTM, as in the paper */
    if (PL.rows[p] != L->rows[p] || PL.cols[p] != L->cols[p])
      jn_die("%s: tensor %s is %dx%d there, %dx%d here", path, param_name(p), PL.rows[p],
             PL.cols[p], L->rows[p], L->cols[p]);
    memcpy(params + L->offset[p], pre.best_params + PL.offset[p], sizeof(float) * L->size[p]);
    if (used < note_size) used += (size_t)snprintf(note + used, note_size - used, " %s", param_name(p));
  }
  config_free(&pc);
  record_free(&pre);
}
