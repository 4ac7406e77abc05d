/* crf.c: linear-chain CRF as in Flair 0.4.4 (see crf.h).
 *
 * Loss and gradient run in double, in log space per state, while the K x K
 * transition scores enter as E[j][i] = exp(trans[j][i] - tmax), computed
 * once per call: a time step costs K exps, K logs and one K x K
 * matrix-vector product rather than K*K exps. Flair's -10000 scores
 * (non-START initial states, the START row and STOP column of trans) turn
 * into exact zeros, as exp(-10000) is in Flair's own arithmetic; a state
 * whose sum underflows gets log 0 = -inf and drops out. This assumes the
 * scores that matter lie within ~700 nats of each other, which trained
 * emissions and transitions do by far. */
#include "model/crf.h"
#include <math.h>
#include <stdlib.h>
#include "model/base.h"

#define FLAIR_IMPOSSIBLE (-10000.0)

typedef struct {
  int T, B, K, start, stop;
} Dims;

/* Scratch of one crf_loss call, allocated once per call. */
typedef struct {
  double tmax;     /* max over trans */
  double *E;       /* [K][K] exp(trans[j][i] - tmax) */
  double *alpha;   /* [T+1][K] log forward scores; alpha[0] = initial state */
  double *beta;    /* [T+1][K] log backward scores; beta[L][i] = trans[stop][i] */
  double *pw;      /* [T][K] exp(feats[t][j] + beta[t+1][j] - max_j of the same) */
  double *S;       /* [T][K] sum_j E[j][i] pw[t][j] */
  double *g0, *g1; /* [K] posteriors at two adjacent positions */
  double *tmp;     /* [K] */
  double *acc;     /* [K][K] d(loss)/d(trans) before grad_scale; NULL if not wanted */
} Scratch;

static size_t row_at(const Dims *d, int t, int b) { return ((size_t)t * d->B + b) * d->K; }

static double max_of(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++)
    if (x[i] > m) m = x[i];
  return m;
}

static int checked_length(const int *lengths, const Dims *d, int b) {
  int L = lengths[b];
  if (L < 1 || L > d->T) jn_die("crf: sentence %d has length %d, not in [1, %d]", b, L, d->T);
  return L;
}

static void scratch_init(Scratch *s, const float *trans, const Dims *d, int want_dtrans) {
  size_t K = (size_t)d->K, KK = K * K, TK = (size_t)d->T * K;
  s->tmax = trans[0];
  for (size_t k = 1; k < KK; k++)
    if (trans[k] > s->tmax) s->tmax = trans[k];
  s->E = jn_malloc(KK * sizeof(double));
  for (size_t k = 0; k < KK; k++) s->E[k] = exp(trans[k] - s->tmax);
  s->alpha = jn_malloc((TK + K) * sizeof(double));
  s->beta = jn_malloc((TK + K) * sizeof(double));
  s->pw = jn_malloc(TK * sizeof(double));
  s->S = jn_malloc(TK * sizeof(double));
  s->g0 = jn_malloc(K * sizeof(double));
  s->g1 = jn_malloc(K * sizeof(double));
  s->tmp = jn_malloc(K * sizeof(double));
  s->acc = want_dtrans ? jn_calloc(KK, sizeof(double)) : NULL;
}

static void scratch_free(Scratch *s) {
  free(s->E);
  free(s->alpha);
  free(s->beta);
  free(s->pw);
  free(s->S);
  free(s->g0);
  free(s->g1);
  free(s->tmp);
  free(s->acc);
}

/* alpha[t+1][j] = feats[t][j] + logsumexp_i(trans[j][i] + alpha[t][i]), t < L */
static void forward(Scratch *s, const float *feats, const Dims *d, int b, int L) {
  int K = d->K;
  double *p = s->tmp;
  for (int i = 0; i < K; i++) s->alpha[i] = FLAIR_IMPOSSIBLE;
  s->alpha[d->start] = 0.0;
  for (int t = 0; t < L; t++) {
    const double *a = s->alpha + (size_t)t * K;
    double *next = s->alpha + (size_t)(t + 1) * K;
    const float *f = feats + row_at(d, t, b);
    double m = max_of(a, K);
    for (int i = 0; i < K; i++) p[i] = exp(a[i] - m);
    for (int j = 0; j < K; j++) {
      const double *e = s->E + (size_t)j * K;
      double v = 0.0;
      for (int i = 0; i < K; i++) v += e[i] * p[i];
      next[j] = f[j] + m + s->tmax + log(v);
    }
  }
}

/* log Z = logsumexp_i(alpha[L][i] + trans[stop][i]) */
static double log_partition(Scratch *s, const float *trans, const Dims *d, int L) {
  int K = d->K;
  const double *a = s->alpha + (size_t)L * K;
  const float *to_stop = trans + (size_t)d->stop * K;
  for (int i = 0; i < K; i++) s->tmp[i] = a[i] + to_stop[i];
  double m = max_of(s->tmp, K), sum = 0.0;
  for (int i = 0; i < K; i++) sum += exp(s->tmp[i] - m);
  return m + log(sum);
}

/* Emissions of the gold tags plus the transitions START, y_1 .. y_L, STOP. */
static double gold_score(const float *feats, const float *trans, const int *tags, const Dims *d,
                         int b, int L) {
  int K = d->K, prev = d->start;
  double score = 0.0;
  for (int t = 0; t < L; t++) {
    int y = tags[(size_t)t * d->B + b];
    if (y < 0 || y >= K) jn_die("crf: tag %d of sentence %d at %d not in [0, %d)", y, b, t, K);
    score += feats[row_at(d, t, b) + y] + trans[(size_t)y * K + prev];
    prev = y;
  }
  return score + trans[(size_t)d->stop * K + prev];
}

/* beta[t][i] = logsumexp_j(trans[j][i] + feats[t][j] + beta[t+1][j]), kept
 * with its factors: beta[t][i] = log S[t][i] + max_j(...) + tmax. */
static void backward(Scratch *s, const float *feats, const float *trans, const Dims *d, int b,
                     int L) {
  int K = d->K;
  double *last = s->beta + (size_t)L * K;
  for (int i = 0; i < K; i++) last[i] = trans[(size_t)d->stop * K + i];
  for (int t = L - 1; t >= 0; t--) {
    const double *next = s->beta + (size_t)(t + 1) * K;
    double *cur = s->beta + (size_t)t * K;
    double *pw = s->pw + (size_t)t * K, *S = s->S + (size_t)t * K;
    const float *f = feats + row_at(d, t, b);
    for (int j = 0; j < K; j++) pw[j] = f[j] + next[j];
    double mw = max_of(pw, K);
    for (int j = 0; j < K; j++) pw[j] = exp(pw[j] - mw);
    for (int i = 0; i < K; i++) S[i] = 0.0;
    for (int j = 0; j < K; j++) {
      const double *e = s->E + (size_t)j * K;
      for (int i = 0; i < K; i++) S[i] += e[i] * pw[j];
    }
    for (int i = 0; i < K; i++) cur[i] = log(S[i]) + mw + s->tmax;
  }
}

/* g[i] = P(state i at alpha index t) = exp(alpha[t][i] + beta[t][i] - log Z) */
static void posterior(const Scratch *s, int K, int t, double logZ, double *g) {
  const double *a = s->alpha + (size_t)t * K, *be = s->beta + (size_t)t * K;
  for (int i = 0; i < K; i++) g[i] = exp(a[i] + be[i] - logZ);
}

/* acc[j][i] += expected count of i -> j between alpha indices t and t+1:
 * g[i] * P(j | i) with P(j | i) = E[j][i] pw[t][j] / S[t][i] <= 1. */
static void add_expected_transitions(Scratch *s, int K, int t, const double *g) {
  const double *pw = s->pw + (size_t)t * K, *S = s->S + (size_t)t * K;
  double *den = s->tmp;
  for (int i = 0; i < K; i++) den[i] = S[i] > 0.0 ? S[i] : 1.0; /* S = 0: every term is 0 */
  for (int j = 0; j < K; j++) {
    const double *e = s->E + (size_t)j * K;
    double *a = s->acc + (size_t)j * K;
    for (int i = 0; i < K; i++) a[i] += g[i] * (e[i] * pw[j] / den[i]);
  }
}

/* acc -= gold counts of START -> y_1, y_t -> y_{t+1}, y_L -> STOP */
static void sub_gold_transitions(double *acc, const int *tags, const Dims *d, int b, int L) {
  int K = d->K, prev = d->start;
  for (int t = 0; t < L; t++) {
    int y = tags[(size_t)t * d->B + b];
    acc[(size_t)y * K + prev] -= 1.0;
    prev = y;
  }
  acc[(size_t)d->stop * K + prev] -= 1.0;
}

/* Gradient of sentence b's loss: dfeats[t][j] += scale * (P(y_t = j) - [gold y_t = j]);
 * expected minus gold transition counts into s->acc. Needs forward and backward. */
static void add_gradient(Scratch *s, const int *tags, const Dims *d, int b, int L, double logZ,
                         float *dfeats, float scale) {
  int K = d->K;
  double *g = s->g0, *gn = s->g1;
  posterior(s, K, 0, logZ, g);
  for (int t = 0; t < L; t++) {
    if (s->acc) add_expected_transitions(s, K, t, g);
    posterior(s, K, t + 1, logZ, gn);
    if (dfeats) {
      float *df = dfeats + row_at(d, t, b);
      int y = tags[(size_t)t * d->B + b];
      for (int j = 0; j < K; j++) df[j] += (float)(scale * (gn[j] - (j == y)));
    }
    double *swap = g;
    g = gn;
    gn = swap;
  }
  if (!s->acc) return;
  for (int i = 0; i < K; i++) s->acc[(size_t)d->stop * K + i] += g[i];
  sub_gold_transitions(s->acc, tags, d, b, L);
}

float crf_loss(const float *feats, const float *trans, const int *tags, const int *lengths, int T,
               int B, int K, int start, int stop, float *dfeats, float *dtrans, float grad_scale) {
  Dims d = {T, B, K, start, stop};
  Scratch s;
  scratch_init(&s, trans, &d, dtrans != NULL);
  double total = 0.0;
  for (int b = 0; b < B; b++) {
    int L = checked_length(lengths, &d, b);
    forward(&s, feats, &d, b, L);
    double logZ = log_partition(&s, trans, &d, L);
    total += logZ - gold_score(feats, trans, tags, &d, b, L);
    if (!dfeats && !dtrans) continue;
    backward(&s, feats, trans, &d, b, L);
    add_gradient(&s, tags, &d, b, L, logZ, dfeats, grad_scale);
  }
  if (dtrans)
    for (size_t k = 0; k < (size_t)K * K; k++) dtrans[k] += (float)(grad_scale * s.acc[k]);
  scratch_free(&s);
  return (float)total;
}

/* Flair's _viterbi_decode on sentence b: delta [2][K] and bp [T][K] are
 * scratch; ties go to the lowest tag index. */
static void viterbi_sentence(const float *feats, const float *trans, const Dims *d, int b, int L,
                             double *delta, int *bp, int *out_tags) {
  int K = d->K;
  double *prev = delta, *next = delta + K;
  for (int i = 0; i < K; i++) prev[i] = FLAIR_IMPOSSIBLE;
  prev[d->start] = 0.0;
  for (int t = 0; t < L; t++) {
    const float *f = feats + row_at(d, t, b);
    for (int j = 0; j < K; j++) {
      const float *tr = trans + (size_t)j * K;
      int arg = 0;
      double best = prev[0] + tr[0];
      for (int i = 1; i < K; i++)
        if (prev[i] + tr[i] > best) best = prev[i] + tr[i], arg = i;
      next[j] = best + f[j];
      bp[(size_t)t * K + j] = arg;
    }
    double *swap = prev;
    prev = next;
    next = swap;
  }
  for (int i = 0; i < K; i++) prev[i] += trans[(size_t)d->stop * K + i];
  prev[d->start] = prev[d->stop] = FLAIR_IMPOSSIBLE;
  int y = 0;
  for (int i = 1; i < K; i++)
    if (prev[i] > prev[y]) y = i;
  for (int t = L - 1; t >= 0; t--) {
    out_tags[(size_t)t * d->B + b] = y;
    y = bp[(size_t)t * K + y];
  }
  for (int t = L; t < d->T; t++) out_tags[(size_t)t * d->B + b] = -1;
}

void crf_viterbi(const float *feats, const float *trans, const int *lengths, int T, int B, int K,
                 int start, int stop, int *out_tags) {
  Dims d = {T, B, K, start, stop};
  double *delta = jn_malloc(2 * (size_t)K * sizeof(double));
  int *bp = jn_malloc((size_t)T * K * sizeof(int));
  for (int b = 0; b < B; b++)
    viterbi_sentence(feats, trans, &d, b, checked_length(lengths, &d, b), delta, bp, out_tags);
  free(delta);
  free(bp);
}
