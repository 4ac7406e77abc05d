/* test_data_parse_float.c: parse_float gives strtof's float, bit for bit,
 * and its range errors, on millions of numbers as .vec files write them
 * (fastText's 5 significant digits, exponents) and on hard cases (halfway
 * between two floats, long mantissas, subnormals, overflow); it refuses
 * nan, inf and hex floats, which strtof would take. */
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/parse_float.h"
#include "model/rng.h"
#include "tests/check.h"

static long checked, mismatches;

static void same_as_strtof(const char *text) {
  char *strtof_end;
  errno = 0;
  float want = strtof(text, &strtof_end);
  int want_range = errno == ERANGE;
  const char *end;
  float got = 0;
  ParseFloatStatus s = parse_float(text, &end, &got);
  checked++;
  int ok = end == strtof_end && (want_range ? s == PARSE_FLOAT_RANGE
                                            : s == PARSE_FLOAT_OK && !memcmp(&got, &want, sizeof got));
  if (!ok && mismatches++ < 10)
    fprintf(stderr, "'%s': parse_float %.9g (status %d, %td chars), strtof %.9g (range %d, %td chars)\n", text,
            got, s, end - text, want, want_range, strtof_end - text);
}

static void refused(const char *text) {
  const char *end;
  float x;
  ParseFloatStatus s = parse_float(text, &end, &x);
  if (s == PARSE_FLOAT_OK && !*end) fprintf(stderr, "'%s' accepted\n", text);
  CHECK(s == PARSE_FLOAT_SYNTAX || *end);
}

int main(void) {
  Rng rng;
  rng_seed(&rng, 42);
  char text[128];
  static const char *const fixed[] = {
      "0", "-0", "+0", "0.0", "-0.000", "0e5", "1", "-1", ".5", "5.", "-.25", "1e10", "1E-10", "1e+3",
      "3.4028235e38", "3.4028236e38", "3.5e38", "1e39", "-1e39", "1.17549435e-38", "1.1754942e-38",
      "1e-38", "1e-40", "1e-45", "1.4e-45", "1e-46", "1e-50", "7e-46",
      "16777216", "16777217", "16777218", "16777219", "33554435", "0.1", "0.2", "0.3",
      "123456789012345678901234567890", "0.000000000000000000000000000000123456789",
      "1.00000005960464477539062500000000001", "1.000000059604644775390625",
      "1.0000000596046447753906249999", "9999999999999999999e-19", "1e22", "1e23", "1e-22", "1e-23",
      "0.0017543", "-0.0017543", "1.2345e-05", "1e", "1e+", "1.5e-", "12abc"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) same_as_strtof(fixed[i]);
  for (long i = 0; i < 2000000; i++) { /* fastText-like: %.5g of normal-ish values */
    float x = (float)(rng_uniform(&rng) * 2 - 1) * (float)(i % 7 == 0 ? 1e-6 : 1.0);
    snprintf(text, sizeof text, "%.5g", x);
    same_as_strtof(text);
  }
  for (long i = 0; i < 2000000; i++) { /* any float, shortest and longer forms */
    uint32_t bits = (uint32_t)rng_next(&rng);
    float x;
    memcpy(&x, &bits, sizeof x);
    if (x != x || x - x != 0) continue;
    snprintf(text, sizeof text, "%.*g", 1 + (int)(i % 17), x);
    same_as_strtof(text);
  }
  for (long i = 0; i < 2000000; i++) { /* random digit strings and exponents */
    int n = 1 + (int)(rng_next(&rng) % 20), dot = (int)(rng_next(&rng) % (unsigned)(n + 1)), at = 0;
    if (rng_next(&rng) & 1) text[at++] = '-';
    for (int k = 0; k < n; k++) {
      if (k == dot) text[at++] = '.';
      text[at++] = (char)('0' + rng_next(&rng) % 10);
    }
    if (rng_next(&rng) & 1) at += snprintf(text + at, 16, "e%d", (int)(rng_next(&rng) % 100) - 60);
    text[at] = '\0';
    same_as_strtof(text);
  }
  for (long i = 0; i < 500000; i++) { /* exactly halfway between two floats */
    uint32_t bits = 0x00800000u + (uint32_t)(rng_next(&rng) % 0x7e000000u);
    float lo;
    memcpy(&lo, &bits, sizeof lo);
    double mid = ((double)lo + (double)nextafterf(lo, INFINITY)) / 2;
    snprintf(text, sizeof text, "%.17g", mid);
    same_as_strtof(text);
    snprintf(text, sizeof text, "%.40g", mid);
    same_as_strtof(text);
  }
  fprintf(stderr, "%ld numbers, %ld differ from strtof\n", checked, mismatches);
  CHECK(mismatches == 0);
  static const char *const bad[] = {"nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x1p3", "0X1.8P1",
                                    "", "-", "+", ".", "-.", "e5", "abc"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) refused(bad[i]);
  return check_exit("test_data_parse_float");
}
