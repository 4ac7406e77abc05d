/* tokenize.c: whitespace, edge punctuation and Thai word segmentation. */
#include "data/tokenize.h"
#include <stdbool.h>
#include <string.h>
#include "data/thai_segment.h"
#include "data/utf8.h"

static bool is_leading_punct(char c) { return c && strchr("([{\"'<", c); }
static bool is_trailing_punct(char c) { return c && strchr(".,;:!?)]}\"'>", c); }

static void split_edge_punctuation(const char *s, size_t n, Tokens *out) {
  size_t lead = 0, trail = 0;
  while (lead < n && is_leading_punct(s[lead])) lead++;
  while (trail < n - lead && is_trailing_punct(s[n - 1 - trail])) trail++;
  if (lead + trail == n) {
    tokens_push(out, s, n);
    return;
  }
  for (size_t i = 0; i < lead; i++) tokens_push(out, s + i, 1);
  tokens_push(out, s + lead, n - lead - trail);
  for (size_t i = n - trail; i < n; i++) tokens_push(out, s + i, 1);
}

/* Calls emit on every maximal run of non-space characters. */
static void for_each_run(const char *text, size_t n, Tokens *out,
                         void (*emit)(const char *, size_t, bool, Tokens *)) {
  size_t i = 0;
  while (i < n) {
    uint32_t cp;
    int len = utf8_decode(text + i, &cp);
    if (utf8_is_space(cp)) { i += (size_t)len; continue; }
    size_t start = i;
    bool thai = false;
    while (i < n) {
      len = utf8_decode(text + i, &cp);
      if (utf8_is_space(cp)) break;
      thai = thai || utf8_is_thai(cp);
      i += (size_t)len;
    }
    emit(text + start, i - start, thai, out);
  }
}

static void emit_word(const char *s, size_t n, bool thai, Tokens *out) {
  if (thai) thai_segment_run(s, n, out);
  else split_edge_punctuation(s, n, out);
}

static void emit_unchanged(const char *s, size_t n, bool thai, Tokens *out) {
  (void)thai;
  tokens_push(out, s, n);
}

void tokenize(const char *text, Tokens *out) { for_each_run(text, strlen(text), out, emit_word); }

void tokenize_whitespace(const char *text, size_t n, Tokens *out) {
  for_each_run(text, n, out, emit_unchanged);
}

char *tokenize_to_text(const char *text) {
  Tokens t = {0};
  tokenize(text, &t);
  char *joined = tokens_join(&t);
  tokens_free(&t);
  return joined;
}
