/* check.h: minimal assertions for the C tests. A failed CHECK prints the
 * place and the values and counts a failure; main returns check_exit(). */
#ifndef JN_CHECK_H
#define JN_CHECK_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      check_failures++;                                                  \
    }                                                                    \
  } while (0)

/* |a - b| <= tol * max(1, |a|, |b|) */
#define CHECK_CLOSE(a, b, tol)                                                   \
  do {                                                                           \
    double a_ = (a), b_ = (b), m_ = fmax(1.0, fmax(fabs(a_), fabs(b_)));         \
    if (!(fabs(a_ - b_) <= (tol) * m_)) {                                        \
      fprintf(stderr, "%s:%d: CHECK_CLOSE failed: %s = %.9g vs %s = %.9g\n",     \
              __FILE__, __LINE__, #a, a_, #b, b_);                               \
      check_failures++;                                                          \
    }                                                                            \
  } while (0)

static inline int check_exit(const char *name) {
  if (check_failures) {
    fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    return 1;
  }
  printf("%s: all checks passed\n", name);
  return 0;
}
#endif
