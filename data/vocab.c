/* vocab.c: vocabulary and the frozen embedding table from a .vec file. */
#include "data/vocab.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>
#include "data/line_reader.h"
#include "model/base.h"

int vocab_add(Vocab *v, const char *word) {
  int inserted;
  long *slot = string_map_slot(&v->index, word, &inserted);
  if (!inserted) return (int)*slot;
  if (v->n == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 1024;
    v->words = jn_realloc(v->words, sizeof(char *) * v->cap);
  }
  *slot = v->n;
  v->words[v->n] = jn_strdup(word);
  return v->n++;
}

int vocab_find(const Vocab *v, const char *word) {
  long *slot = string_map_find(&v->index, word);
  return slot ? (int)*slot : -1;
}

char *word_lowercase(const char *word) {
  UErrorCode err = U_ZERO_ERROR;
  UCaseMap *map = ucasemap_open("", 0, &err);
  int32_t n = (int32_t)strlen(word), cap = 2 * n + 8;
  char *out = jn_malloc((size_t)cap);
  int32_t len = ucasemap_utf8ToLower(map, out, cap, word, n, &err);
  ucasemap_close(map);
  if (U_FAILURE(err) || len >= cap) { /* cannot happen for valid UTF-8; keep the word */
    free(out);
    return jn_strdup(word);
  }
  out[len] = '\0';
  return out;
}

/* Python's re \d, as Flair applies it to str: every code point of Unicode
 * category Nd (ASCII, Thai U+0E50-0E59, Arabic-Indic, fullwidth, ...)
 * becomes one `with`; bytes that are not valid UTF-8 are copied. */
char *word_replace_digits(const char *word, char with) {
  int32_t n = (int32_t)strlen(word), i = 0;
  char *out = jn_malloc((size_t)n + 1), *o = out;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(word, i, n, c);
    if (c >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      *o++ = with;
    } else {
      memcpy(o, word + start, (size_t)(i - start));
      o += i - start;
    }
  }
  *o = '\0';
  return out;
}


void vocab_load_vectors(Vocab *v, const char *vec_path, int expect_dim) {
  /* Map every fallback key to the words that use it; a key can serve
   * several words (e.g. "Apple" and "APPLE" both lowercase to "apple"). */
  StringMap key_to_list = {0};
  long *next = jn_malloc(sizeof(long) * 4 * (v->n ? v->n : 1)); /* linked lists of (word, rule) */
  int *rule = jn_malloc(sizeof(int) * (v->n ? v->n : 1));
  for (int w = 0; w < v->n; w++) {
    char *lower = word_lowercase(v->words[w]);
    char *keys[4] = {jn_strdup(v->words[w]), lower, word_replace_digits(lower, '#'),
                     word_replace_digits(lower, '0')};
    rule[w] = 4;
    for (int k = 0; k < 4; k++) {
      int inserted;
      long *head = string_map_slot(&key_to_list, keys[k], &inserted);
      long node = (long)w * 4 + k;
      next[node] = inserted ? -1 : *head;
      *head = node;
      free(keys[k]);
    }
  }
  LineReader r;
  line_reader_open(&r, vec_path);
  char *line = line_reader_next(&r);
  if (!line) jn_die("%s: empty vector file", vec_path);
  long count;
  int dim;
  if (sscanf(line, "%ld %d", &count, &dim) != 2 || dim <= 0)
    jn_die("%s:1: expected the header 'COUNT DIM' of a fastText .vec file", vec_path);
  if (expect_dim > 0 && dim != expect_dim)
    jn_die("%s:1: vectors have dimension %d, the configuration says %d", vec_path, dim, expect_dim);
  v->dim = dim;
  v->table = jn_calloc((size_t)(v->n ? v->n : 1) * dim, sizeof(float));
  float *vec = jn_malloc(sizeof(float) * dim);
  long rows = 0;
  while ((line = line_reader_next(&r))) {
    char *sp = strchr(line, ' ');
    if (!sp) jn_die("%s:%ld: expected a word and %d numbers", vec_path, r.line, dim);
    *sp = '\0';
    char *p = sp + 1, *end;
    for (int j = 0; j < dim; j++) {
      errno = 0;
      vec[j] = strtof(p, &end);
      if (end == p || errno == ERANGE)
        jn_die("%s:%ld: expected %d numbers after the word, found %d", vec_path, r.line, dim, j);
      p = end;
    }
    while (*p == ' ') p++;
    if (*p) jn_die("%s:%ld: more than %d numbers after the word", vec_path, r.line, dim);
    rows++;
    long *head = string_map_find(&key_to_list, line);
    for (long node = head ? *head : -1; node >= 0; node = next[node]) {
      int w = (int)(node / 4), k = (int)(node % 4);
      if (k < rule[w]) {
        rule[w] = k;
        memcpy(v->table + (long)w * dim, vec, sizeof(float) * dim);
      }
    }
  }
  line_reader_close(&r);
  if (rows == 0) jn_die("%s: no vectors after the header", vec_path);
  memset(v->found, 0, sizeof v->found);
  for (int w = 0; w < v->n; w++) v->found[rule[w]]++;
  free(vec);
  free(rule);
  free(next);
  string_map_free(&key_to_list);
}

int vocab_load_all_vectors(Vocab *v, const char *vec_path) {
  LineReader r;
  line_reader_open(&r, vec_path);
  char *line = line_reader_next(&r);
  long count;
  int dim;
  if (!line || sscanf(line, "%ld %d", &count, &dim) != 2 || dim <= 0)
    jn_die("%s:1: expected the header 'COUNT DIM' of a fastText .vec file", vec_path);
  v->dim = dim;
  long cap = count > 0 ? count + 1 : 1024;
  v->table = jn_malloc(sizeof(float) * cap * dim);
  while ((line = line_reader_next(&r))) {
    char *sp = strchr(line, ' ');
    if (!sp) jn_die("%s:%ld: expected a word and %d numbers", vec_path, r.line, dim);
    *sp = '\0';
    int row = vocab_add(v, line);
    if (row + 1 >= cap) {
      cap *= 2;
      v->table = jn_realloc(v->table, sizeof(float) * cap * dim);
    }
    char *p = sp + 1, *end;
    for (int j = 0; j < dim; j++) {
      v->table[(long)row * dim + j] = strtof(p, &end);
      if (end == p) jn_die("%s:%ld: expected %d numbers after the word, found %d", vec_path, r.line, dim, j);
      p = end;
    }
    while (*p == ' ') p++;
    if (*p) jn_die("%s:%ld: more than %d numbers after the word", vec_path, r.line, dim);
  }
  line_reader_close(&r);
  if (v->n == 0) jn_die("%s: no vectors after the header", vec_path);
  int zero = vocab_add(v, "\x01<no vector>");
  memset(v->table + (long)zero * dim, 0, sizeof(float) * dim);
  return zero;
}

int vocab_lookup(const Vocab *v, const char *word) {
  int row = vocab_find(v, word);
  if (row >= 0) return row;
  char *lower = word_lowercase(word);
  row = vocab_find(v, lower);
  for (int k = 0; row < 0 && k < 2; k++) {
    char *digits = word_replace_digits(lower, k ? '0' : '#');
    row = vocab_find(v, digits);
    free(digits);
  }
  free(lower);
  return row;
}

void vocab_free(Vocab *v) {
  for (int i = 0; i < v->n; i++) free(v->words[i]);
  free(v->words);
  free(v->table);
  string_map_free(&v->index);
  memset(v, 0, sizeof *v);
}
