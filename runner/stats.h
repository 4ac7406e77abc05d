/* stats.h: summaries of a small sample (the test F1 of a few seeds): mean,
 * sample standard deviation, the 95% Student-t interval of the mean, and
 * quantiles for box plots. */
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

#endif
