/* test_model_grad.c: every layer's backward pass against central finite
 * differences, through the whole joint loss, for each attention variant,
 * each model type (NER-only, joint, sentence-only) and the two ablations.
 * Dropout is on: the same RNG state gives the same masks each evaluation. */
#include <math.h>
#include <string.h>
#include "model/base.h"
#include "model/network.h"
#include "check.h"

enum { T = 5, B = 3, E = 6, H = 4, V = 10, K = 7, C = 3 };
static const int lengths[B] = {5, 3, 1};

typedef struct {
  const char *what;
  ModelConfig cfg;
} Case;

static ModelConfig small_config(AttentionKind att, int ner, int cls) {
  ModelConfig c = {.d_emb = E, .hidden = H, .n_tags = ner ? K : 0, .n_classes = cls ? C : 0,
                   .attention = att, .heads = 2, .soft_dim = 5, .residual = 1,
                   .word_dropout = 0.2f, .locked_dropout = 0.3f, .attn_locked_dropout = 0.3f,
                   .attn_prob_dropout = 0.2f, .lambda = 0.7f, .init_range = 0.5f};
  return c;
}

/* Returns the worst violation ratio; > 1 fails. */
static double check_case(const Case *cs, int *ids, int *tags, int *labels, const float *emb) {
  Model m;
  model_init(&m, &cs->cfg, K - 2, K - 1);
  size_t n = m.layout.total;
  float *params = jn_malloc(n * sizeof(float)), *grads = jn_calloc(n, sizeof(float));
  Rng init;
  rng_seed(&init, 11);
  param_init(&cs->cfg, &m.layout, params, &init, K - 2, K - 1);
  if (m.layout.size[P_TRANS]) /* keep the CRF's -10000 entries out of the check's range */
    for (size_t i = 0; i < m.layout.size[P_TRANS]; i++)
      if (params[m.layout.offset[P_TRANS] + i] < -1000) params[m.layout.offset[P_TRANS] + i] = -5;
  if (m.layout.size[P_B4]) params[m.layout.offset[P_B4]] = 1.0f; /* away from ReLU/min kinks */
  Batch bt = {.T = T, .B = B, .ids = ids, .lengths = lengths, .tags = tags, .labels = labels};
  Rng rngs[B], start[B];
  for (int b = 0; b < B; b++) rng_seed(&start[b], 5 + b);
  memcpy(rngs, start, sizeof rngs);
  model_loss(&m, params, grads, emb, &bt, rngs);
  double worst = 0;
  const float eps = 2e-3f;
  for (size_t i = 0; i < n; i++) {
    float saved = params[i];
    params[i] = saved + eps;
    memcpy(rngs, start, sizeof rngs);
    double up = model_loss(&m, params, NULL, emb, &bt, rngs).total;
    params[i] = saved - eps;
    memcpy(rngs, start, sizeof rngs);
    double down = model_loss(&m, params, NULL, emb, &bt, rngs).total;
    params[i] = saved;
    double numeric = (up - down) / (2 * eps), analytic = grads[i];
    double ratio = fabs(numeric - analytic) / (2e-3 + 2e-2 * fabs(numeric));
    if (ratio > worst) worst = ratio;
    if (ratio > 1) {
      int p = 0;
      while (p + 1 < P_COUNT && m.layout.offset[p + 1] <= i) p++;
      fprintf(stderr, "  %s: %s[%zu] analytic %.6g numeric %.6g\n", cs->what, param_name(p),
              i - m.layout.offset[p], analytic, numeric);
    }
  }
  free(params);
  free(grads);
  model_free(&m);
  return worst;
}

int main(void) {
  Rng r;
  rng_seed(&r, 3);
  float emb[V * E];
  for (int i = 0; i < V * E; i++) emb[i] = rng_range(&r, -1, 1);
  int ids[T * B], tags[T * B], labels[B] = {0, 2, 1};
  for (int i = 0; i < T * B; i++) ids[i] = (int)rng_below(&r, V), tags[i] = (int)rng_below(&r, K - 2);
  Case cases[32];
  int n = 0;
  for (int a = ATT_NONE; a <= ATT_SELF_LEARNED; a++) {
    cases[n++] = (Case){attention_name(a), small_config(a, 1, 1)};
    cases[n++] = (Case){"ner-only", small_config(a, 1, 0)};
    cases[n++] = (Case){"sentence-only", small_config(a, 0, 1)};
    if (a != ATT_NONE) {
      cases[n] = (Case){"w/o residual", small_config(a, 1, 1)};
      cases[n++].cfg.residual = 0;
      cases[n] = (Case){"w/o locked dropout", small_config(a, 1, 1)};
      cases[n++].cfg.attn_locked_dropout = 0;
    }
  }
  for (int i = 0; i < n; i++) {
    double worst = check_case(&cases[i], ids, tags, labels, emb);
    printf("%-14s %-20s worst |error|/tolerance = %.3f\n", attention_name(cases[i].cfg.attention),
           cases[i].what, worst);
    CHECK(worst <= 1.0);
  }
  return check_exit("test_model_grad");
}
