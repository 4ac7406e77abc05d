/* float_parse.c: parse_float against strtof on the numbers of a .vec
 * (bench/vectors.sh). Reads up to --mb MB of the file, splits the rows
 * into number tokens in memory, then parses them all with each parser
 * (best of 3), checks that both give the same bits and prints numbers/s.
 * usage: float-parse FILE.vec [MB] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/parse_float.h"
#include "model/base.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: float-parse FILE.vec [MB]\n");
    return 2;
  }
  size_t cap = (size_t)(argc > 2 ? atol(argv[2]) : 200) << 20;
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  char *text = jn_malloc(cap + 1);
  size_t n = fread(text, 1, cap, f);
  fclose(f);
  text[n] = '\0';
  char *last = strrchr(text, '\n');
  if (last) last[1] = '\0';
  /* number tokens: every field but the first of each row after the header */
  size_t n_tok = 0, tok_cap = 1 << 20;
  char **tok = jn_malloc(sizeof *tok * tok_cap);
  char *line = strchr(text, '\n') + 1;
  while (*line) {
    char *end = strchr(line, '\n');
    *end = '\0';
    char *save, *field = strtok_r(line, " ", &save);
    while ((field = strtok_r(NULL, " ", &save))) {
      if (n_tok == tok_cap) tok = jn_realloc(tok, sizeof *tok * (tok_cap *= 2));
      tok[n_tok++] = field;
    }
    line = end + 1;
  }
  float *a = jn_malloc(sizeof(float) * n_tok), *b = jn_malloc(sizeof(float) * n_tok);
  double best_strtof = 1e30, best_fast = 1e30;
  for (int rep = 0; rep < 3; rep++) {
    double t0 = jn_now();
    for (size_t i = 0; i < n_tok; i++) a[i] = strtof(tok[i], NULL);
    double t1 = jn_now();
    for (size_t i = 0; i < n_tok; i++) {
      const char *end;
      parse_float(tok[i], &end, &b[i]);
    }
    double t2 = jn_now();
    if (t1 - t0 < best_strtof) best_strtof = t1 - t0;
    if (t2 - t1 < best_fast) best_fast = t2 - t1;
  }
  size_t differ = 0;
  for (size_t i = 0; i < n_tok; i++) differ += memcmp(&a[i], &b[i], sizeof(float)) != 0;
  printf("%zu numbers (%.0f MB): strtof %.1f M/s, parse_float %.1f M/s, %.1fx; %zu differ\n", n_tok,
         (double)n / 1e6, n_tok / best_strtof / 1e6, n_tok / best_fast / 1e6, best_strtof / best_fast, differ);
  free(a), free(b), free(tok), free(text);
  return differ != 0;
}
