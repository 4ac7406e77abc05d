/* gen_vectors.c: a crawl-size fastText .vec for the vectors benchmark
 * (bench/vectors.sh): "COUNT DIM", then the words of --words (one a line,
 * e.g. a data set's vocabulary) and made-up words up to COUNT, each with
 * DIM values written as cc.LANG.300.vec writes them (4 decimals, e.g.
 * "-0.0123"). Uniform values in (-0.25, 0.25), a fixed seed.
 * usage: gen-vectors --words FILE --count N --dim D --out FILE.vec */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/rng.h"

static void row(FILE *out, const char *word, int dim, Rng *rng) {
  char line[64 + 8 * 4096], *p = line;
  p += snprintf(p, 64, "%s", word);
  for (int j = 0; j < dim && j < 4096; j++) {
    int v = (int)(rng_uniform(rng) * 5000) - 2500; /* 1e-4 units */
    *p++ = ' ';
    if (v < 0) *p++ = '-', v = -v;
    *p++ = '0', *p++ = '.';
    *p++ = (char)('0' + v / 1000), *p++ = (char)('0' + v / 100 % 10);
    *p++ = (char)('0' + v / 10 % 10), *p++ = (char)('0' + v % 10);
  }
  *p++ = ' ', *p++ = '\n';
  fwrite(line, 1, (size_t)(p - line), out);
}

int main(int argc, char **argv) {
  const char *words = NULL, *out_path = NULL;
  long count = 0;
  int dim = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--words")) words = argv[i + 1];
    else if (!strcmp(argv[i], "--count")) count = atol(argv[i + 1]);
    else if (!strcmp(argv[i], "--dim")) dim = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--out")) out_path = argv[i + 1];
  }
  if (!words || !out_path || count < 1 || dim < 1 || dim > 4096) {
    fprintf(stderr, "usage: gen-vectors --words FILE --count N --dim D --out FILE.vec\n");
    return 2;
  }
  FILE *in = fopen(words, "r"), *out = fopen(out_path, "w");
  if (!in || !out) {
    perror(!in ? words : out_path);
    return 2;
  }
  Rng rng;
  rng_seed(&rng, 17);
  fprintf(out, "%ld %d\n", count, dim);
  char word[256];
  long n = 0;
  while (n < count && fgets(word, sizeof word, in)) {
    word[strcspn(word, "\n")] = '\0';
    if (!*word || strchr(word, ' ')) continue;
    row(out, word, dim, &rng);
    n++;
  }
  fclose(in);
  for (long i = 0; n < count; i++, n++) {
    snprintf(word, sizeof word, "w%07ld", i);
    row(out, word, dim, &rng);
  }
  if (fclose(out) != 0) {
    perror(out_path);
    return 2;
  }
  return 0;
}
