/* test_model_grad.c: every layer's backward pass against central finite
 * differences, through the whole joint loss, for each attention variant,
 * each model type (NER-only, joint, sentence-only) and the two ablations.
 * Dropout is on: the same RNG state gives the same masks each evaluation.
 * Then: with two OpenBLAS threads (the BiLSTM's directions on two threads
 * of their own) the loss and gradients are those of one thread, up to the
 * rounding of GEMMs that OpenBLAS splits over its threads (~1e-7 here).
 * And "w/o residual" takes no locked dropout on A(H). */
#include <cblas.h>
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

/* loss and gradients of cfg on bt at the given OpenBLAS thread count */
static float loss_and_grads(const ModelConfig *cfg, int threads, const Batch *bt, const float *emb,
                            float *grads, size_t n) {
  openblas_set_num_threads(threads);
  Model m;
  model_init(&m, cfg, K - 2, K - 1);
  CHECK(m.layout.total == n);
  float *params = jn_malloc(n * sizeof(float));
  Rng init, rngs[bt->B];
  rng_seed(&init, 11);
  param_init(cfg, &m.layout, params, &init, K - 2, K - 1);
  for (int b = 0; b < bt->B; b++) rng_seed(&rngs[b], 5 + b);
  memset(grads, 0, n * sizeof(float));
  float loss = model_loss(&m, params, grads, emb, bt, rngs).total;
  free(params);
  model_free(&m);
  openblas_set_num_threads(1);
  return loss;
}

/* A batch big enough (16 x 40 tokens, H 128) for the two directions'
 * threads to overlap, so that shared scratch would show. */
static void check_two_threads(void) {
  enum { T2 = 40, B2 = 16, E2 = 32 };
  ModelConfig cfg = small_config(ATT_SELF_LEARNED, 1, 1);
  cfg.d_emb = E2, cfg.hidden = 128, cfg.init_range = 0.1f;
  Rng r;
  rng_seed(&r, 4);
  static float emb[V * E2];
  static int ids[T2 * B2], tags[T2 * B2], lens[B2], labels[B2];
  for (int i = 0; i < V * E2; i++) emb[i] = rng_range(&r, -1, 1);
  for (int i = 0; i < T2 * B2; i++) ids[i] = (int)rng_below(&r, V), tags[i] = (int)rng_below(&r, K - 2);
  for (int b = 0; b < B2; b++) lens[b] = 1 + (int)rng_below(&r, T2), labels[b] = b % C;
  lens[0] = T2;
  Batch bt = {.T = T2, .B = B2, .ids = ids, .lengths = lens, .tags = tags, .labels = labels};
  ParamLayout layout;
  param_layout(&cfg, &layout);
  size_t n = layout.total;
  float *one = jn_malloc(n * sizeof(float)), *two = jn_malloc(n * sizeof(float));
  float loss1 = loss_and_grads(&cfg, 1, &bt, emb, one, n);
  openblas_set_num_threads(2);
  if (openblas_get_num_threads() < 2) /* OPENBLAS_NUM_THREADS=1 caps it */
    fprintf(stderr, "OpenBLAS runs one thread here: the two-thread check would test nothing\n");
  CHECK(openblas_get_num_threads() == 2);
  int differ = 0, reps = 10;
  for (int rep = 0; rep < reps; rep++) {
    float loss2 = loss_and_grads(&cfg, 2, &bt, emb, two, n);
    /* generous for other CPUs' kernels; shared scratch gives errors of O(1) */
    double worst = fabs(loss2 - loss1) / (1e-5 * (1 + fabs(loss1)));
    for (size_t i = 0; i < n; i++) {
      double r2 = fabs(two[i] - one[i]) / (1e-5 + 1e-4 * fabs(one[i]));
      if (r2 > worst) worst = r2;
    }
    differ += worst > 1;
  }
  printf("two OpenBLAS threads: loss %.7g; loss and gradients beyond rounding of one thread's in %d of %d runs\n",
         loss1, differ, reps);
  CHECK(differ == 0);
  free(one);
  free(two);
}

/* "w/o residual" is H' = A(H) with no locked dropout on A(H) (DESIGN.md
 * 1.4): its training loss and gradients do not depend on the attention's
 * locked-dropout probability. */
static void check_no_residual_has_no_attention_dropout(int *ids, int *tags, int *labels,
                                                        const float *emb) {
  ModelConfig a = small_config(ATT_SELF_LEARNED, 1, 1), b = a;
  a.residual = b.residual = 0;
  a.attn_locked_dropout = 0.5f;
  b.attn_locked_dropout = 0.0f;
  Model m;
  model_init(&m, &a, K - 2, K - 1);
  size_t n = m.layout.total;
  float *params = jn_malloc(n * sizeof(float));
  float *ga = jn_calloc(n, sizeof(float)), *gb = jn_calloc(n, sizeof(float));
  Rng init, rngs[B];
  rng_seed(&init, 11);
  param_init(&a, &m.layout, params, &init, K - 2, K - 1);
  Batch bt = {.T = T, .B = B, .ids = ids, .lengths = lengths, .tags = tags, .labels = labels};
  for (int i = 0; i < B; i++) rng_seed(&rngs[i], 5 + i);
  float la = model_loss(&m, params, ga, emb, &bt, rngs).total;
  model_free(&m);
  model_init(&m, &b, K - 2, K - 1);
  for (int i = 0; i < B; i++) rng_seed(&rngs[i], 5 + i);
  float lb = model_loss(&m, params, gb, emb, &bt, rngs).total;
  model_free(&m);
  printf("w/o residual: loss %.7g with attention dropout 0.5, %.7g with 0\n", la, lb);
  CHECK(la == lb);
  CHECK(!memcmp(ga, gb, n * sizeof(float)));
  free(params);
  free(ga);
  free(gb);
}

int main(void) {
  openblas_set_num_threads(1); /* check_two_threads alone runs two */
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
  check_no_residual_has_no_attention_dropout(ids, tags, labels, emb);
  check_two_threads();
  return check_exit("test_model_grad");
}
