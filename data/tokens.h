/* tokens.h: a growable list of owned token strings. */
#ifndef JN_TOKENS_H
#define JN_TOKENS_H
#include <stddef.h>

typedef struct {
  char **v;
  int n, cap;
} Tokens;

void tokens_push(Tokens *t, const char *s, size_t len); /* copies s[0..len) */
void tokens_clear(Tokens *t);                            /* frees the strings, keeps capacity */
void tokens_free(Tokens *t);
/* The tokens joined by single spaces (malloc'd). */
char *tokens_join(const Tokens *t);
/* out = in with every token case-folded (utf8_fold_case); out is cleared first. */
void tokens_fold_case(const Tokens *in, Tokens *out);

#endif
