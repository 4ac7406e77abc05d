/* stats.c: mean, sample std, 95% t-interval and quantiles of a small sample. */
#include "runner/stats.h"
#include <math.h>

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
