/* tokens.c: a growable list of owned token strings. */
#include "data/tokens.h"
#include <stdlib.h>
#include <string.h>
#include "data/utf8.h"
#include "model/base.h"

void tokens_push(Tokens *t, const char *s, size_t len) {
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 16;
    t->v = jn_realloc(t->v, (size_t)t->cap * sizeof *t->v);
  }
  char *copy = jn_malloc(len + 1);
  memcpy(copy, s, len);
  copy[len] = '\0';
  t->v[t->n++] = copy;
}

void tokens_clear(Tokens *t) {
  for (int i = 0; i < t->n; i++) free(t->v[i]);
  t->n = 0;
}

void tokens_free(Tokens *t) {
  tokens_clear(t);
  free(t->v);
  t->v = NULL;
  t->cap = 0;
}

char *tokens_join(const Tokens *t) {
  size_t len = 1;
  for (int i = 0; i < t->n; i++) len += strlen(t->v[i]) + 1;
  char *out = jn_malloc(len), *p = out;
  for (int i = 0; i < t->n; i++) {
    if (i) *p++ = ' ';
    size_t k = strlen(t->v[i]);
    memcpy(p, t->v[i], k);
    p += k;
  }
  *p = '\0';
  return out;
}

void tokens_fold_case(const Tokens *in, Tokens *out) {
  tokens_clear(out);
  for (int i = 0; i < in->n; i++) {
    char *folded = utf8_fold_case(in->v[i]);
    tokens_push(out, folded, strlen(folded));
    free(folded);
  }
}
