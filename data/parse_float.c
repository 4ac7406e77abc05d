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
static ParseFloatStatus slow_path(const char *p, const char *end, float *out) {
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
  if (*s == '-' || *s == '+') s++;
  uint64_t mantissa = 0;
  int digits = 0, any = 0;  /* significant digits kept; any digit at all */
  long exp10 = 0;
  for (; is_digit(*s); s++, any = 1) {
    if (digits < 19) {
      mantissa = mantissa * 10 + (uint64_t)(*s - '0');
      digits += mantissa != 0;
    } else {
      exp10++, digits++;
    }
  }
  if (*s == '.') {
    for (s++; is_digit(*s); s++, any = 1) {
      if (digits < 19) {
        mantissa = mantissa * 10 + (uint64_t)(*s - '0');
        digits += mantissa != 0;
        exp10--;
      } else {
        digits++;
      }
    }
  }
  if (!any) return PARSE_FLOAT_SYNTAX;
  if (*s == 'e' || *s == 'E') {
    const char *e = s + 1;
    int minus = *e == '-';
    if (*e == '-' || *e == '+') e++;
    if (is_digit(*e)) {
      long x = 0;
      for (; is_digit(*e); e++)
        if (x < 100000) x = x * 10 + (*e - '0');
      exp10 += minus ? -x : x;
      s = e;
    }
  }
  *end = s;
  if (mantissa == 0 && digits == 0) { /* zero, however written */
    *out = negative ? -0.0f : 0.0f;
    return PARSE_FLOAT_OK;
  }
  if (digits > 15 || exp10 < -22 || exp10 > 22) return slow_path(p, s, out);
  double d = exp10 < 0 ? (double)mantissa / POW10[-exp10] : (double)mantissa * POW10[exp10];
  if (d < FLT_MIN || d > FLT_MAX) return slow_path(p, s, out);
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  if ((bits & ((1u << 29) - 1)) == (1u << 28)) return slow_path(p, s, out); /* halfway */
  float f = (float)d;
  *out = negative ? -f : f;
  return PARSE_FLOAT_OK;
}
