/* parse_float.c: strict decimal -> float, exact fast path plus strtof. */
#include "data/parse_float.h"
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* strtof on the already checked text [p, end): copied so that strtof sees
 * exactly the accepted characters. */
__attribute__((noinline)) static ParseFloatStatus slow_path(const char *p, const char *end, float *out) {
  char local[64], *text = local;
  size_t n = (size_t)(end - p);
  if (n >= sizeof local) text = malloc(n + 1);
  if (!text) return PARSE_FLOAT_RANGE;
  memcpy(text, p, n);
  text[n] = '\0';
  errno = 0;
  *out = strtof(text, NULL);
  int range = errno == ERANGE;
  if (text != local) free(text);
  return range ? PARSE_FLOAT_RANGE : PARSE_FLOAT_OK;
}

ParseFloatStatus parse_float(const char *p, const char **end, float *out) {
  const char *s = p;
  int negative = *s == '-';
  s += *s == '-' || *s == '+';
  /* one pass over the digits; past 19 of them the mantissa may wrap, and
   * the slow path takes over */
  uint64_t mantissa = 0;
  long n_digits = 0, n_frac = 0;
  for (; is_digit(*s); s++, n_digits++) mantissa = mantissa * 10 + (uint64_t)(*s - '0');
  if (*s == '.') {
    const char *frac = ++s;
    for (; is_digit(*s); s++) mantissa = mantissa * 10 + (uint64_t)(*s - '0');
    n_frac = s - frac;
    n_digits += n_frac;
  }
  if (n_digits == 0) return PARSE_FLOAT_SYNTAX;
  long exp10 = 0;
  if (*s == 'e' || *s == 'E') {
    const char *e = s + 1;
    int minus = *e == '-';
    e += *e == '-' || *e == '+';
    if (is_digit(*e)) {
      for (; is_digit(*e); e++)
        if (exp10 < 100000) exp10 = exp10 * 10 + (*e - '0');
      if (minus) exp10 = -exp10;
      s = e;
    }
  }
  *end = s;
  if (n_digits > 19) return slow_path(p, s, out);
  exp10 -= n_frac;
  if (mantissa == 0) { /* zero, however written */
    *out = negative ? -0.0f : 0.0f;
    return PARSE_FLOAT_OK;
  }
  if (mantissa > (1ull << 53) || exp10 < -22 || exp10 > 22) return slow_path(p, s, out);
  double m = (double)(int64_t)mantissa; /* exact: at most 2^53 */
  double d = exp10 < 0 ? m / POW10[-exp10] : m * POW10[exp10];
  if (d < FLT_MIN || d > FLT_MAX) return slow_path(p, s, out);
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  if ((bits & ((1u << 29) - 1)) == (1u << 28)) return slow_path(p, s, out); /* halfway */
  float f = (float)d;
  *out = negative ? -f : f;
  return PARSE_FLOAT_OK;
}
