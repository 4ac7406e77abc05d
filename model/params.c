/* params.c: parameter layout and initialisation. */
#include "model/params.h"
#include <string.h>

static const char *const attention_names[] = {"none", "soft", "self-scaled", "self-unscaled",
                                              "self-learned"};

const char *attention_name(AttentionKind a) { return attention_names[a]; }

int attention_parse(const char *name, AttentionKind *out) {
  for (int i = 0; i <= ATT_SELF_LEARNED; i++)
    if (!strcmp(name, attention_names[i])) {
      *out = (AttentionKind)i;
      return 0;
    }
  return -1;
}

static const char *const names[P_COUNT] = {
    "W1", "b1", "lstm_fw_Wih", "lstm_fw_Whh", "lstm_fw_bih", "lstm_fw_bhh", "lstm_bw_Wih",
    "lstm_bw_Whh", "lstm_bw_bih", "lstm_bw_bhh", "soft_W3", "soft_b3", "soft_w2", "soft_b2",
    "self_Wq", "self_bq", "self_Wk", "self_bk", "self_Wv", "self_bv", "self_Wo", "self_bo",
    "self_w4", "self_b4", "tag_W", "tag_b", "crf_transitions", "cls_W", "cls_b"};

const char *param_name(int p) { return names[p]; }

static int is_self_attention(AttentionKind a) { return a >= ATT_SELF_SCALED; }

void param_layout(const ModelConfig *c, ParamLayout *L) {
  int E = c->d_emb, H = c->hidden, D = 2 * H, K = c->n_tags, C = c->n_classes, S = c->soft_dim;
  int shape[P_COUNT][2];
  memset(shape, 0, sizeof shape);
  shape[P_W1][0] = E, shape[P_W1][1] = E;
  shape[P_B1][0] = E, shape[P_B1][1] = 1;
  for (int dir = 0; dir < 2; dir++) {
    int base = dir ? P_WIH_B : P_WIH_F;
    shape[base][0] = 4 * H, shape[base][1] = E;
    shape[base + 1][0] = 4 * H, shape[base + 1][1] = H;
    shape[base + 2][0] = 4 * H, shape[base + 2][1] = 1;
    shape[base + 3][0] = 4 * H, shape[base + 3][1] = 1;
  }
  if (c->attention == ATT_SOFT) {
    shape[P_W3][0] = S, shape[P_W3][1] = D;
    shape[P_B3][0] = S, shape[P_B3][1] = 1;
    shape[P_W2][0] = S, shape[P_W2][1] = 1;
    shape[P_B2][0] = 1, shape[P_B2][1] = 1;
  }
  if (is_self_attention(c->attention))
    for (int p = P_WQ; p <= P_BO; p += 2) {
      shape[p][0] = D, shape[p][1] = D;
      shape[p + 1][0] = D, shape[p + 1][1] = 1;
    }
  if (c->attention == ATT_SELF_LEARNED) {
    shape[P_W4][0] = D, shape[P_W4][1] = 1;
    shape[P_B4][0] = 1, shape[P_B4][1] = 1;
  }
  if (K > 0) {
    shape[P_WTAG][0] = K, shape[P_WTAG][1] = D;
    shape[P_BTAG][0] = K, shape[P_BTAG][1] = 1;
    shape[P_TRANS][0] = K, shape[P_TRANS][1] = K;
  }
  if (C > 0) {
    shape[P_WCLS][0] = C, shape[P_WCLS][1] = D;
    shape[P_BCLS][0] = C, shape[P_BCLS][1] = 1;
  }
  size_t off = 0;
  for (int p = 0; p < P_COUNT; p++) {
    L->rows[p] = shape[p][0];
    L->cols[p] = shape[p][1];
    L->size[p] = (size_t)shape[p][0] * (size_t)shape[p][1];
    L->offset[p] = off;
    off += L->size[p];
  }
  L->total = off;
}

void param_init(const ModelConfig *c, const ParamLayout *L, float *params, Rng *rng, int tag_start,
                int tag_stop) {
  float r = c->init_range;
  for (size_t i = 0; i < L->total; i++) params[i] = rng_range(rng, -r, r);
  if (L->size[P_TRANS]) {
    float *T = params + L->offset[P_TRANS];
    int K = c->n_tags;
    for (int i = 0; i < K; i++) {
      T[tag_start * K + i] = -10000.0f; /* nothing moves into START */
      T[i * K + tag_stop] = -10000.0f;  /* nothing leaves STOP */
    }
  }
}
