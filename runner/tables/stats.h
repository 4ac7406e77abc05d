/* stats.h: summaries of a small sample (the test F1 of a few seeds): mean,
 * sample standard deviation, the 95% Student-t interval of the mean, and
 * quantiles for box plots; and comparisons of two such samples: Welch's
 * t (interval and p-value) and a permutation test; Welch's t for a
 * contrast of several samples. */
#ifndef JN_STATS_H
#define JN_STATS_H

typedef struct {
  int n;
  double mean;    /* NAN when n == 0 */
  double std;     /* sample standard deviation (divides by n - 1); NAN when n < 2 */
  double ci_half; /* t_{0.975, n-1} * std / sqrt(n); NAN when n < 2 */
} SampleSummary;

SampleSummary stats_summarize(const double *x, int n);

/* The 0.975 quantile of Student's t with df >= 1 degrees of freedom: exact
 * (to 10 significant digits) for df <= 30, a Cornish-Fisher expansion
 * beyond (error below 3e-8). */
double stats_t_quantile_975(int df);

/* The p-quantile (0 <= p <= 1) of n >= 1 ascending values, interpolated
 * linearly between order statistics (Hyndman & Fan type 7, as R and numpy). */
double stats_quantile_sorted(const double *sorted, int n, double p);

/* Student's t distribution with df > 0 (not necessarily whole) degrees of
 * freedom: P(T <= t), and the quantile of probability 0 < p < 1. */
double stats_t_cdf(double t, double df);
double stats_t_quantile(double p, double df);

/* Mean of a minus mean of b with Welch's unequal-variance t: the 95%
 * interval of the difference, Welch-Satterthwaite degrees of freedom and
 * the two-sided p-value. Needs n >= 2 in both; otherwise defined = 0. */
typedef struct {
  int defined;
  double difference, se, low, high, df, t, p;
} WelchResult;
WelchResult stats_welch(const double *a, int na, const double *b, int nb);
/* The interval of w's difference at another confidence (0 < confidence <
 * 1), e.g. 1 - 0.05 / m for one of m comparisons (Bonferroni). */
void stats_welch_interval(const WelchResult *w, double confidence, double *low, double *high);
/* The same for a contrast sum_i c[i] * mean(x[i]) of k independent samples
 * (e.g. a difference of two differences: c = 1, -1, -1, 1): its standard
 * error sqrt(sum_i c[i]^2 s_i^2 / n_i), the Welch-Satterthwaite degrees of
 * freedom of that sum, the 95% interval and the two-sided p. Needs n >= 2
 * in every sample; otherwise defined = 0. stats_welch is the contrast
 * (1, -1) of a and b. */
WelchResult stats_welch_contrast(const double *const *x, const int *n, const double *c, int k);

/* Two-sided permutation test of the difference of means: the share of
 * relabellings of the pooled sample whose |mean difference| is at least
 * the observed one. Exact (every relabelling) up to EXACT_LIMIT of them;
 * beyond, MONTE_CARLO draws with a fixed seed, p = (hits + 1) / (draws + 1).
 * NAN when a sample is empty. */
enum { PERMUTATION_EXACT_LIMIT = 1000000, PERMUTATION_MONTE_CARLO = 200000 };
double stats_permutation_p(const double *a, int na, const double *b, int nb);

#endif
