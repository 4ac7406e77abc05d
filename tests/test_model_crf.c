/* test_model_crf.c: the CRF (model/crf.c) against hand-worked scores and a
 * brute-force enumeration of all K^L paths in double (log Z, gold score,
 * Viterbi, marginals and expected transition counts), against central
 * finite differences, for padding invariance, and on a full-size batch. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "model/base.h"
#include "model/crf.h"
#include "model/rng.h"

enum { UNK = 0, O = 1, X = 2, START = 3, STOP = 4, K5 = 5, MAXT = 4 };

typedef struct {
  int T, B, K, start, stop;
  float *feats; /* [T][B][K]; padding rows NaN */
  float *trans; /* [K][K], trans[to*K + from] */
  int *tags;    /* [T][B]; padding -1 */
  int *lengths; /* [B] */
} Problem;

static size_t at(const Problem *p, int t, int b) { return ((size_t)t * p->B + b) * p->K; }

static Problem problem_new(int T, int B, int K) {
  Problem p = {T, B, K, K - 2, K - 1, NULL, NULL, NULL, NULL};
  p.feats = jn_calloc((size_t)T * B * K, sizeof(float));
  p.trans = jn_calloc((size_t)K * K, sizeof(float));
  p.tags = jn_calloc((size_t)T * B, sizeof(int));
  p.lengths = jn_calloc((size_t)B, sizeof(int));
  for (int b = 0; b < B; b++) p.lengths[b] = T;
  return p;
}

static void problem_free(Problem *p) {
  free(p->feats);
  free(p->trans);
  free(p->tags);
  free(p->lengths);
}

/* Flair's initial constraints: nothing goes to START, nothing leaves STOP. */
static void forbid_start_stop(Problem *p) {
  for (int i = 0; i < p->K; i++) {
    p->trans[(size_t)p->start * p->K + i] = -10000.0f;
    p->trans[(size_t)i * p->K + p->stop] = -10000.0f;
  }
}

/* Random scores in [-scale, scale), the given lengths or random ones (the
 * first sentence full), gold tags among the real ones (<unk> included,
 * START/STOP not). */
static Problem problem_random(Rng *r, int T, int B, int K, float scale, int flair_init,
                              const int *lengths) {
  Problem p = problem_new(T, B, K);
  for (int b = 0; b < B; b++)
    p.lengths[b] = lengths ? lengths[b] : b ? 1 + (int)rng_below(r, (uint32_t)T) : T;
  for (int k = 0; k < K * K; k++) p.trans[k] = rng_range(r, -scale, scale);
  if (flair_init) forbid_start_stop(&p);
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      int real = t < p.lengths[b];
      for (int j = 0; j < K; j++) p.feats[at(&p, t, b) + j] = real ? rng_range(r, -scale, scale) : NAN;
      p.tags[(size_t)t * B + b] = real ? (int)rng_below(r, (uint32_t)K - 2) : -1;
    }
  return p;
}

static float loss_of(const Problem *p, float *dfeats, float *dtrans, float scale) {
  return crf_loss(p->feats, p->trans, p->tags, p->lengths, p->T, p->B, p->K, p->start, p->stop,
                  dfeats, dtrans, scale);
}

static void viterbi_of(const Problem *p, int *out) {
  crf_viterbi(p->feats, p->trans, p->lengths, p->T, p->B, p->K, p->start, p->stop, out);
}

/* Score of path y[0..L-1] of sentence b: emissions plus START, y.., STOP. */
static double path_score(const Problem *p, int b, const int *y, int L) {
  double s = 0.0;
  int prev = p->start;
  for (int t = 0; t < L; t++) {
    s += p->feats[at(p, t, b) + y[t]] + p->trans[(size_t)y[t] * p->K + prev];
    prev = y[t];
  }
  return s + p->trans[(size_t)p->stop * p->K + prev];
}

static void gold_path(const Problem *p, int b, int *y) {
  for (int t = 0; t < p->lengths[b]; t++) y[t] = p->tags[(size_t)t * p->B + b];
}

typedef struct {
  double logZ, gold;
  double marg[MAXT][K5];  /* P(y_t = j) */
  double pairs[K5][K5];   /* expected count of from -> to, as [to][from], START and STOP included */
  int best[MAXT];         /* best path whose last tag is neither START nor STOP */
} Brute;

static void decode_path(long code, int K, int L, int *y) {
  for (int t = 0; t < L; t++, code /= K) y[t] = (int)(code % K);
}

/* Enumerates the K^L paths from START. Flair's other initial states carry
 * -10000 and add exp(-10000) = 0 in double, so leaving them out is exact. */
static void brute_force(const Problem *p, int b, Brute *out) {
  int K = p->K, L = p->lengths[b], y[MAXT];
  long n = 1;
  for (int t = 0; t < L; t++) n *= K;
  double max = -INFINITY, best = -INFINITY, Z = 0.0;
  for (long c = 0; c < n; c++) {
    decode_path(c, K, L, y);
    double s = path_score(p, b, y, L);
    if (s > max) max = s;
    if (y[L - 1] != p->start && y[L - 1] != p->stop && s > best) {
      best = s;
      memcpy(out->best, y, sizeof y);
    }
  }
  memset(out->marg, 0, sizeof out->marg);
  memset(out->pairs, 0, sizeof out->pairs);
  for (long c = 0; c < n; c++) {
    decode_path(c, K, L, y);
    double w = exp(path_score(p, b, y, L) - max);
    Z += w;
    int prev = p->start;
    for (int t = 0; t < L; t++) {
      out->marg[t][y[t]] += w;
      out->pairs[y[t]][prev] += w;
      prev = y[t];
    }
    out->pairs[p->stop][prev] += w;
  }
  for (int t = 0; t < L; t++)
    for (int j = 0; j < K; j++) out->marg[t][j] /= Z;
  for (int j = 0; j < K; j++)
    for (int i = 0; i < K; i++) out->pairs[j][i] /= Z;
  out->logZ = max + log(Z);
  gold_path(p, b, y);
  out->gold = path_score(p, b, y, L);
}

/* (b) Gold scores worked by hand (they also pin down trans[to][from]), and
 * log Z of one token with zero scores: log 5, or log 3 under Flair's
 * constraints (START and STOP cannot be the last tag before STOP). */
static void test_hand_worked(void) {
  Problem p = problem_new(2, 1, K5);
  p.feats[0 * K5 + O] = 0.5f;
  p.feats[1 * K5 + X] = 0.25f;
  p.trans[O * K5 + START] = 1.0f;
  p.trans[X * K5 + O] = 2.0f;
  p.trans[STOP * K5 + X] = 4.0f;
  /* gold (O, X): 1 + 0.5 + 2 + 0.25 + 4 = 7.75; (X, O): 0; (O, O): 1 + 0.5 = 1.5.
   * log Z is the same for all three, so loss differences are gold differences. */
  p.tags[0] = O, p.tags[1] = X;
  float loss_ox = loss_of(&p, NULL, NULL, 1.0f);
  p.tags[0] = X, p.tags[1] = O;
  float loss_xo = loss_of(&p, NULL, NULL, 1.0f);
  p.tags[0] = O, p.tags[1] = O;
  float loss_oo = loss_of(&p, NULL, NULL, 1.0f);
  CHECK_CLOSE(loss_xo - loss_ox, 7.75, 1e-6);
  CHECK_CLOSE(loss_oo - loss_ox, 6.25, 1e-6);
  CHECK(loss_ox > 0.0f);
  int out[2];
  viterbi_of(&p, out); /* (O, X) collects every positive score */
  CHECK(out[0] == O && out[1] == X);
  problem_free(&p);

  Problem q = problem_new(1, 1, K5);
  q.tags[0] = O;
  CHECK_CLOSE(loss_of(&q, NULL, NULL, 1.0f), log(5.0), 1e-6);
  forbid_start_stop(&q);
  CHECK_CLOSE(loss_of(&q, NULL, NULL, 1.0f), log(3.0), 1e-6);
  /* Viterbi: START/STOP may not end a path, however large their emission ... */
  q.feats[STOP] = 50.0f, q.feats[START] = 40.0f, q.feats[X] = 1.0f;
  viterbi_of(&q, out);
  CHECK(out[0] == X);
  problem_free(&q);

  /* ... but, as in Flair, they are ordinary states inside the path. */
  Problem r = problem_new(2, 1, K5);
  r.feats[0 * K5 + STOP] = 50.0f;
  r.feats[1 * K5 + X] = 1.0f;
  viterbi_of(&r, out);
  CHECK(out[0] == STOP && out[1] == X);
  problem_free(&r);
}

/* (a) log Z, (b) gold, (c) Viterbi, (d) marginals and transition counts
 * against brute force, on batches of mixed lengths, T = 1..4. */
static void test_against_brute_force(void) {
  Rng r;
  rng_seed(&r, 11);
  for (int trial = 0; trial < 32; trial++) {
    int T = 1 + trial % MAXT, B = 3;
    Problem p = problem_random(&r, T, B, K5, trial % 3 ? 2.0f : 4.0f, trial % 2, NULL);
    Brute bf[3];
    double want = 0.0;
    for (int b = 0; b < B; b++) {
      brute_force(&p, b, &bf[b]);
      want += bf[b].logZ - bf[b].gold;
    }
    float loss = loss_of(&p, NULL, NULL, 1.0f);
    CHECK_CLOSE(loss, want, 1e-5);

    int out[MAXT * 3];
    viterbi_of(&p, out);
    for (int b = 0; b < B; b++)
      for (int t = 0; t < T; t++)
        CHECK(out[t * B + b] == (t < p.lengths[b] ? bf[b].best[t] : -1));

    /* gradient = base + scale * (expected - gold), added to what is there */
    const float base = 0.25f, scale = 0.5f;
    float dfeats[MAXT * 3 * K5], dtrans[K5 * K5];
    for (int k = 0; k < T * B * K5; k++) dfeats[k] = base;
    for (int k = 0; k < K5 * K5; k++) dtrans[k] = base;
    CHECK(loss_of(&p, dfeats, dtrans, scale) == loss);
    double counts[K5][K5] = {{0}};
    for (int b = 0; b < B; b++) {
      int y[MAXT], prev = p.start;
      gold_path(&p, b, y);
      for (int t = 0; t < T; t++)
        for (int j = 0; j < K5; j++) {
          double g = t < p.lengths[b] ? bf[b].marg[t][j] - (j == y[t]) : 0.0;
          CHECK_CLOSE(dfeats[at(&p, t, b) + j], base + scale * g, 1e-5);
        }
      for (int j = 0; j < K5; j++)
        for (int i = 0; i < K5; i++) counts[j][i] += bf[b].pairs[j][i];
      for (int t = 0; t < p.lengths[b]; t++) counts[y[t]][prev] -= 1.0, prev = y[t];
      counts[p.stop][prev] -= 1.0;
    }
    for (int j = 0; j < K5; j++)
      for (int i = 0; i < K5; i++) CHECK_CLOSE(dtrans[j * K5 + i], base + scale * counts[j][i], 1e-5);
    problem_free(&p);
  }
}

/* (d) Every real emission and every transition against central differences
 * of the float loss (eps 1e-2). */
static void test_finite_differences(void) {
  Rng r;
  rng_seed(&r, 5);
  for (int trial = 0; trial < 2; trial++) {
    int lens[2] = {3, 2 - trial};
    Problem p = problem_random(&r, 3, 2, K5, 1.0f, 0, lens);
    float dfeats[3 * 2 * K5] = {0}, dtrans[K5 * K5] = {0};
    loss_of(&p, dfeats, dtrans, 1.0f);
    const float eps = 1e-2f;
    for (int t = 0; t < p.T; t++)
      for (int b = 0; b < p.B; b++)
        for (int j = 0; j < K5 && t < p.lengths[b]; j++) {
          float *x = &p.feats[at(&p, t, b) + j], x0 = *x;
          *x = x0 + eps;
          float up = loss_of(&p, NULL, NULL, 1.0f);
          *x = x0 - eps;
          float down = loss_of(&p, NULL, NULL, 1.0f);
          *x = x0;
          CHECK_CLOSE((up - down) / (2 * eps), dfeats[at(&p, t, b) + j], 1e-2);
        }
    for (int k = 0; k < K5 * K5; k++) {
      float x0 = p.trans[k];
      p.trans[k] = x0 + eps;
      float up = loss_of(&p, NULL, NULL, 1.0f);
      p.trans[k] = x0 - eps;
      float down = loss_of(&p, NULL, NULL, 1.0f);
      p.trans[k] = x0;
      CHECK_CLOSE((up - down) / (2 * eps), dtrans[k], 1e-2);
    }
    problem_free(&p);
  }
}

/* One sentence of p as a batch of its own (B = 1, T = its length). */
static Problem sentence_alone(const Problem *p, int b) {
  int L = p->lengths[b];
  Problem s = problem_new(L, 1, p->K);
  memcpy(s.trans, p->trans, (size_t)p->K * p->K * sizeof(float));
  for (int t = 0; t < L; t++) {
    memcpy(s.feats + (size_t)t * p->K, p->feats + at(p, t, b), (size_t)p->K * sizeof(float));
    s.tags[t] = p->tags[(size_t)t * p->B + b];
  }
  return s;
}

/* (e) Padding rows (NaN in p) replaced by other scores and tags change
 * nothing, padding rows of dfeats stay as they were, either gradient alone
 * equals both together, and each sentence scored alone gives the same
 * loss, gradient rows and path. */
static void test_padding_invariance(void) {
  Rng r;
  rng_seed(&r, 7);
  const int T = 6, B = 4, K = 7;
  const int lens[4] = {6, 1, 3, 5};
  Problem p = problem_random(&r, T, B, K, 2.0f, 1, lens);
  Problem q = problem_random(&r, T, B, K, 2.0f, 1, lens);
  memcpy(q.trans, p.trans, (size_t)K * K * sizeof(float));
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++) {
      int real = t < lens[b];
      for (int j = 0; j < K; j++) {
        float x = p.feats[at(&p, t, b) + j];
        q.feats[at(&q, t, b) + j] = real ? x : rng_range(&r, -1e3f, 1e3f);
      }
      q.tags[t * B + b] = real ? p.tags[t * B + b] : (int)rng_below(&r, (uint32_t)K);
    }
  size_t nf = (size_t)T * B * K;
  float *dfp = jn_malloc(nf * sizeof(float)), *dfq = jn_malloc(nf * sizeof(float));
  float dtp[49] = {0}, dtq[49] = {0};
  for (size_t k = 0; k < nf; k++) dfp[k] = dfq[k] = 3.0f;
  float lp = loss_of(&p, dfp, dtp, 1.0f), lq = loss_of(&q, dfq, dtq, 1.0f);
  CHECK(isfinite(lp) && lp == lq);
  CHECK(memcmp(dfp, dfq, nf * sizeof(float)) == 0);
  CHECK(memcmp(dtp, dtq, sizeof dtp) == 0);
  for (int t = 0; t < T; t++)
    for (int b = 0; b < B; b++)
      for (int j = 0; j < K && t >= lens[b]; j++) CHECK(dfp[at(&p, t, b) + j] == 3.0f);
  /* either gradient alone is the same as both together */
  float *df_only = jn_malloc(nf * sizeof(float)), dt_only[49] = {0};
  for (size_t k = 0; k < nf; k++) df_only[k] = 3.0f;
  CHECK(loss_of(&p, df_only, NULL, 1.0f) == lp && loss_of(&p, NULL, dt_only, 1.0f) == lp);
  CHECK(memcmp(df_only, dfp, nf * sizeof(float)) == 0);
  CHECK(memcmp(dt_only, dtp, sizeof dtp) == 0);
  free(df_only);
  int vp[24], vq[24];
  viterbi_of(&p, vp);
  viterbi_of(&q, vq);
  CHECK(memcmp(vp, vq, sizeof vp) == 0);

  double sum = 0.0;
  float dt_alone[49] = {0};
  for (int b = 0; b < B; b++) {
    Problem s = sentence_alone(&p, b);
    float df[6 * 7] = {0};
    int v[6];
    sum += loss_of(&s, df, dt_alone, 1.0f);
    viterbi_of(&s, v);
    for (int t = 0; t < s.T; t++) {
      CHECK(v[t] == vp[t * B + b]);
      for (int j = 0; j < K; j++) CHECK_CLOSE(df[t * K + j], dfp[at(&p, t, b) + j] - 3.0f, 1e-6);
    }
    problem_free(&s);
  }
  CHECK_CLOSE(sum, lp, 1e-6);
  for (int k = 0; k < K * K; k++) CHECK_CLOSE(dt_alone[k], dtp[k], 1e-5);
  free(dfp);
  free(dfq);
  problem_free(&p);
  problem_free(&q);
}

/* Row sums of the emission gradient are 0 (marginals sum to 1), the
 * transition gradient sums to 0 (L+1 expected and gold transitions per
 * sentence; tol relative to its size), padding rows stay at their 7,
 * everything is finite. */
static void check_gradient_sums(const Problem *p, const float *dfeats, const float *dtrans, double tol) {
  for (int t = 0; t < p->T; t++)
    for (int b = 0; b < p->B; b++) {
      double s = 0.0;
      int ok = 1;
      for (int j = 0; j < p->K; j++) {
        float g = dfeats[at(p, t, b) + j];
        s += g - 7.0;
        ok &= t < p->lengths[b] ? isfinite(g) : g == 7.0f;
      }
      CHECK(ok);
      if (t < p->lengths[b]) CHECK(fabs(s) < tol);
    }
  double s = 0.0, size = 0.0;
  for (int k = 0; k < p->K * p->K; k++) {
    CHECK(isfinite(dtrans[k]));
    s += dtrans[k];
    size += fabs(dtrans[k]);
  }
  CHECK(fabs(s) <= tol * size);
}

/* Full size (K 30, T 60, B 32, Flair's constraints): gradient identities,
 * no gradient into the forbidden START row, and the Viterbi path scoring at
 * least the gold path and 200 random ones (brute force is out of reach). */
static void test_full_size(void) {
  Rng r;
  rng_seed(&r, 3);
  const int T = 60, B = 32, K = 30, reps = 10;
  Problem p = problem_random(&r, T, B, K, 1.0f, 1, NULL);
  for (size_t k = 0; k < (size_t)T * B * K; k++) p.feats[k] *= 5.0f;
  size_t nf = (size_t)T * B * K;
  float *dfeats = jn_malloc(nf * sizeof(float)), *dtrans = jn_calloc((size_t)K * K, sizeof(float));
  int *out = jn_malloc((size_t)T * B * sizeof(int));
  double t0 = jn_now();
  float loss = 0.0f;
  for (int rep = 0; rep < reps; rep++) {
    for (size_t k = 0; k < nf; k++) dfeats[k] = 7.0f;
    memset(dtrans, 0, (size_t)K * K * sizeof(float));
    loss = loss_of(&p, dfeats, dtrans, 1.0f);
  }
  double t1 = jn_now();
  for (int rep = 0; rep < reps; rep++) viterbi_of(&p, out);
  double t2 = jn_now();
  printf("K=%d T=%d B=%d: loss+gradient %.2f ms, viterbi %.2f ms\n", K, T, B,
         1e3 * (t1 - t0) / reps, 1e3 * (t2 - t1) / reps);
  CHECK(isfinite(loss) && loss > 0.0f);
  check_gradient_sums(&p, dfeats, dtrans, 1e-4);
  for (int i = 0; i < K; i++) CHECK(dtrans[(size_t)p.start * K + i] == 0.0f);

  for (int b = 0; b < B; b++) {
    int L = p.lengths[b], y[60];
    for (int t = 0; t < L; t++) y[t] = out[t * B + b];
    CHECK(y[L - 1] != p.start && y[L - 1] != p.stop);
    double best = path_score(&p, b, y, L);
    gold_path(&p, b, y);
    CHECK(best >= path_score(&p, b, y, L));
    for (int trial = 0; trial < 200; trial++) {
      for (int t = 0; t < L; t++) y[t] = (int)rng_below(&r, (uint32_t)K);
      y[L - 1] = (int)rng_below(&r, (uint32_t)K - 2);
      CHECK(best >= path_score(&p, b, y, L));
    }
  }
  free(dfeats);
  free(dtrans);
  free(out);
  problem_free(&p);
}

/* Emissions of +-100 and transitions of +-10 stay finite and consistent. */
static void test_extreme_scores(void) {
  Rng r;
  rng_seed(&r, 9);
  const int T = 20, B = 4, K = 30;
  Problem p = problem_random(&r, T, B, K, 10.0f, 1, NULL);
  for (size_t k = 0; k < (size_t)T * B * K; k++) p.feats[k] *= 10.0f;
  size_t nf = (size_t)T * B * K;
  float *dfeats = jn_malloc(nf * sizeof(float)), *dtrans = jn_calloc((size_t)K * K, sizeof(float));
  for (size_t k = 0; k < nf; k++) dfeats[k] = 7.0f;
  float loss = loss_of(&p, dfeats, dtrans, 1.0f);
  CHECK(isfinite(loss) && loss >= 0.0f);
  check_gradient_sums(&p, dfeats, dtrans, 1e-4);
  free(dfeats);
  free(dtrans);
  problem_free(&p);
}

int main(void) {
  test_hand_worked();
  test_against_brute_force();
  test_finite_differences();
  test_padding_invariance();
  test_full_size();
  test_extreme_scores();
  return check_exit("test_model_crf");
}
