/* stats.c: mean, sample std, 95% t-interval and quantiles of a small
 * sample; Welch's t and a permutation test between two samples, and
 * Welch's t for a contrast of several. */
#include "runner/tables/stats.h"
#include <math.h>
#include <stdlib.h>
#include "model/base.h"
#include "model/rng.h"

/* t_{0.975, df} for df = 1..30. */
static const double T_975[30] = {
    12.7062047362, 4.3026527298, 3.1824463053, 2.7764451052, 2.5705818356, 2.4469118511,
    2.3646242516,  2.3060041352, 2.2621571628, 2.2281388520, 2.2009851601, 2.1788128297,
    2.1603686565,  2.1447866879, 2.1314495456, 2.1199052992, 2.1098155778, 2.1009220402,
    2.0930240544,  2.0859634473, 2.0796138447, 2.0738730679, 2.0686576104, 2.0638985616,
    2.0595385528,  2.0555294386, 2.0518305165, 2.0484071418, 2.0452296421, 2.0422724563,
};

/* Cornish-Fisher expansion of the t quantile around the normal one, four
 * terms in 1/df (Abramowitz & Stegun 26.7.5). */
static double t_quantile_975_asymptotic(int df) {
  const double z = 1.959963984540054; /* the normal 0.975 quantile */
  const double v = df, z2 = z * z;
  const double g1 = (z2 + 1) * z / 4;
  const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
}

double stats_t_quantile_975(int df) {
  if (df < 1) return NAN;
  return df <= 30 ? T_975[df - 1] : t_quantile_975_asymptotic(df);
}

static double mean_of(const double *x, int n) {
  double sum = 0;
  for (int i = 0; i < n; i++) sum += x[i];
  return sum / n;
}

static double sample_std(const double *x, int n, double mean) {
  double squares = 0;
  for (int i = 0; i < n; i++) squares += (x[i] - mean) * (x[i] - mean);
  return sqrt(squares / (n - 1));
}

SampleSummary stats_summarize(const double *x, int n) {
  SampleSummary s = {.n = n, .mean = NAN, .std = NAN, .ci_half = NAN};
  if (n < 1) return s;
  s.mean = mean_of(x, n);
  if (n < 2) return s;
  s.std = sample_std(x, n, s.mean);
  s.ci_half = stats_t_quantile_975(n - 1) * s.std / sqrt((double)n);
  return s;
}

double stats_quantile_sorted(const double *sorted, int n, double p) {
  double position = p * (n - 1);
  int below = (int)floor(position);
  if (below >= n - 1) return sorted[n - 1];
  double fraction = position - below;
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

/* ---- Student's t at any degrees of freedom ---------------------------------- */

/* The continued fraction of the regularized incomplete beta function,
 * evaluated by the modified Lentz method (Press et al., Numerical Recipes,
 * 6.4); converges for x < (a + 1) / (a + b + 2). */
static double beta_continued_fraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; m++) {
    double m2 = 2.0 * m;
    double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + even * d;
    c = 1 + even / c;
    if (fabs(d) < tiny) d = tiny;
    if (fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + odd * d;
    c = 1 + odd / c;
    if (fabs(d) < tiny) d = tiny;
    if (fabs(c) < tiny) c = tiny;
    d = 1 / d;
    double step = d * c;
    h *= step;
    if (fabs(step - 1) < 1e-15) break;
  }
  return h;
}

/* I_x(a, b), 0 <= x <= 1 */
static double regularized_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_continued_fraction(a, b, x) / a;
  return 1 - front * beta_continued_fraction(b, a, 1 - x) / b;
}

double stats_t_cdf(double t, double df) {
  if (!(df > 0) || isnan(t)) return NAN;
  double tail = 0.5 * regularized_beta(df / 2, 0.5, df / (df + t * t)); /* P(T > |t|) */
  return t >= 0 ? 1 - tail : tail;
}

double stats_t_quantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return NAN;
  double lo = -1, hi = 1;
  while (stats_t_cdf(lo, df) > p) lo *= 2;
  while (stats_t_cdf(hi, df) < p) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * fmax(1, fabs(lo)); i++) {
    double mid = 0.5 * (lo + hi);
    if (stats_t_cdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* ---- a contrast of samples ------------------------------------------------------- */

WelchResult stats_welch_contrast(const double *const *x, const int *n, const double *c, int k) {
  WelchResult w = {0};
  for (int i = 0; i < k; i++)
    if (n[i] < 2) return w;
  double variance = 0, df_denominator = 0; /* of the estimate; sum of (c_i^2 s_i^2 / n_i)^2 / (n_i - 1) */
  for (int i = 0; i < k; i++) {
    SampleSummary s = stats_summarize(x[i], n[i]);
    double v = c[i] * c[i] * s.std * s.std / n[i];
    w.difference += c[i] * s.mean;
    variance += v;
    df_denominator += v * v / (n[i] - 1);
  }
  w.defined = 1;
  double se = w.se = sqrt(variance);
  if (se == 0) { /* every sample constant: the contrast is exact */
    w.low = w.high = w.difference;
    w.df = INFINITY;
    w.t = w.difference == 0 ? 0 : copysign(INFINITY, w.difference);
    w.p = w.difference == 0 ? 1 : 0;
    return w;
  }
  w.df = variance * variance / df_denominator;
  w.t = w.difference / se;
  w.p = 2 * stats_t_cdf(-fabs(w.t), w.df);
  double half = stats_t_quantile(0.975, w.df) * se;
  w.low = w.difference - half;
  w.high = w.difference + half;
  return w;
}

void stats_welch_interval(const WelchResult *w, double confidence, double *low, double *high) {
  double half = w->se > 0 ? stats_t_quantile(1 - (1 - confidence) / 2, w->df) * w->se : 0;
  *low = w->difference - half;
  *high = w->difference + half;
}

WelchResult stats_welch(const double *a, int na, const double *b, int nb) {
  const double *x[2] = {a, b};
  return stats_welch_contrast(x, (const int[]){na, nb}, (const double[]){1, -1}, 2);
}

/* C(n, k), saturating at limit + 1 */
static double choose_capped(int n, int k, double limit) {
  double c = 1;
  for (int i = 1; i <= k && c <= limit; i++) c = c * (n - k + i) / i;
  return c;
}

double stats_permutation_p(const double *a, int na, const double *b, int nb) {
  if (na < 1 || nb < 1) return NAN;
  int n = na + nb;
  double *pooled = jn_malloc(sizeof *pooled * (size_t)n), total = 0, sum_a = 0;
  for (int i = 0; i < n; i++) total += pooled[i] = i < na ? a[i] : b[i - na];
  for (int i = 0; i < na; i++) sum_a += a[i];
  /* |mean_a - mean_b| as a function of the sum of the first group */
#define DIFFERENCE(s) fabs((s) / na - (total - (s)) / nb)
  const double observed = DIFFERENCE(sum_a) * (1 - 1e-12) - 1e-12; /* ties count as extreme */
  long hits = 0, draws = 0;
  if (choose_capped(n, na, PERMUTATION_EXACT_LIMIT) <= PERMUTATION_EXACT_LIMIT) {
    int *pick = jn_malloc(sizeof *pick * (size_t)na); /* ascending indices of group a */
    for (int i = 0; i < na; i++) pick[i] = i;
    for (;;) {
      double s = 0;
      for (int i = 0; i < na; i++) s += pooled[pick[i]];
      hits += DIFFERENCE(s) >= observed;
      draws++;
      int i = na - 1;
      while (i >= 0 && pick[i] == n - na + i) i--;
      if (i < 0) break;
      pick[i]++;
      for (int j = i + 1; j < na; j++) pick[j] = pick[j - 1] + 1;
    }
    free(pick);
    free(pooled);
    return (double)hits / (double)draws;
  }
  Rng rng;
  rng_seed(&rng, 20200705);
  for (draws = 0; draws < PERMUTATION_MONTE_CARLO; draws++) {
    for (int i = 0; i < na; i++) { /* a random group a: the first na of a partial shuffle */
      int j = i + (int)rng_below(&rng, (uint32_t)(n - i));
      double t = pooled[i];
      pooled[i] = pooled[j];
      pooled[j] = t;
    }
    double s = 0;
    for (int i = 0; i < na; i++) s += pooled[i];
    hits += DIFFERENCE(s) >= observed;
  }
#undef DIFFERENCE
  free(pooled);
  return (double)(hits + 1) / (double)(draws + 1);
}
