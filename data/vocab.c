/* vocab.c: vocabulary and the frozen embedding table from a .vec file. */
#include "data/vocab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/utf8.h>
#include "data/checksum_memo.h"
#include "data/vec_reader.h"
#include "data/vectors_cache.h"
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

void vocab_fallback_keys(const char *word, char *keys[4]) {
  char *lower = word_lowercase(word);
  keys[0] = jn_strdup(word), keys[1] = lower;
  keys[2] = word_replace_digits(lower, '#'), keys[3] = word_replace_digits(lower, '0');
}

/* Fills the table from the cache when it was asked for every key the
 * words need; returns 0 when it was not (nothing changed then). */
static int fill_from_cache(Vocab *v, const VectorsCache *c, int *rule) {
  long *row = jn_malloc(sizeof(long) * (v->n ? v->n : 1));
  int covered = 1;
  for (int w = 0; w < v->n && covered; w++) {
    char *keys[4];
    vocab_fallback_keys(v->words[w], keys);
    rule[w] = 4, row[w] = -1;
    for (int k = 0; k < 4 && rule[w] == 4; k++) {
      long r = vectors_cache_row(c, keys[k]);
      if (r == -2) covered = 0;
      if (r >= 0) rule[w] = k, row[w] = r;
    }
    for (int k = 0; k < 4; k++) free(keys[k]);
  }
  if (covered) {
    v->dim = c->dim;
    v->table = jn_calloc((size_t)(v->n ? v->n : 1) * c->dim, sizeof(float));
    for (int w = 0; w < v->n; w++)
      if (row[w] >= 0)
        memcpy(v->table + (long)w * c->dim, c->table + sizeof(float) * row[w] * c->dim, sizeof(float) * c->dim);
  }
  free(row);
  return covered;
}

/* The cache of the source (named by its checksum), when there is a valid
 * one; a damaged one is reported and ignored. */
static int open_cache(VectorsCache *c, const char *vec_path) {
  char *dir = jn_cache_dir(), sha[65], why[200];
  if (!dir) return 0;
  free(dir);
  checksum_file(vec_path, sha);
  char *path = vectors_cache_path(sha);
  if (!path) return 0;
  struct stat st;
  int ok = stat(path, &st) == 0 && stat(vec_path, &st) == 0;
  if (ok && vectors_cache_load(c, path, sha, (long long)st.st_size, why, sizeof why) != 0) {
    fprintf(stderr, "jointner: warning: %s: vectors cache ignored (%s); reading %s\n", path, why, vec_path);
    ok = 0;
  }
  free(path);
  return ok;
}

static void check_dim(const char *vec_path, int dim, int expect_dim) {
  if (expect_dim > 0 && dim != expect_dim)
    jn_die("%s:1: vectors have dimension %d, the configuration says %d", vec_path, dim, expect_dim);
}

/* Streams the source: every key of every word is looked up as the rows go
 * by; a word takes the first row of its best key. */
static void fill_from_source(Vocab *v, const char *vec_path, int expect_dim, int *rule) {
  /* Map every fallback key to the words that use it; a key can serve
   * several words (e.g. "Apple" and "APPLE" both lowercase to "apple"). */
  StringMap key_to_list = {0};
  long *next = jn_malloc(sizeof(long) * 4 * (v->n ? v->n : 1)); /* linked lists of (word, rule) */
  for (int w = 0; w < v->n; w++) {
    char *keys[4];
    vocab_fallback_keys(v->words[w], keys);
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
  VecReader r;
  vec_reader_open(&r, vec_path);
  int dim = r.dim;
  check_dim(vec_path, dim, expect_dim);
  v->dim = dim;
  v->table = jn_calloc((size_t)(v->n ? v->n : 1) * dim, sizeof(float));
  float *vec = jn_malloc(sizeof(float) * dim);
  const char *word;
  while ((word = vec_reader_next(&r, vec))) {
    long *head = string_map_find(&key_to_list, word);
    for (long node = head ? *head : -1; node >= 0; node = next[node]) {
      int w = (int)(node / 4), k = (int)(node % 4);
      if (k < rule[w]) {
        rule[w] = k;
        memcpy(v->table + (long)w * dim, vec, sizeof(float) * dim);
      }
    }
  }
  if (r.line == 1) jn_die("%s: no vectors after the header", vec_path);
  vec_reader_close(&r);
  free(vec);
  free(next);
  string_map_free(&key_to_list);
}

void vocab_load_vectors(Vocab *v, const char *vec_path, int expect_dim) {
  int *rule = jn_malloc(sizeof(int) * (v->n ? v->n : 1));
  VectorsCache cache;
  int cached = open_cache(&cache, vec_path);
  if (!cached || !fill_from_cache(v, &cache, rule)) fill_from_source(v, vec_path, expect_dim, rule);
  if (cached) vectors_cache_free(&cache);
  check_dim(vec_path, v->dim, expect_dim);
  memset(v->found, 0, sizeof v->found);
  for (int w = 0; w < v->n; w++) v->found[rule[w]]++;
  free(rule);
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

static int compare_words(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

char **vocab_sorted_words(const Vocab *v) {
  char **sorted = jn_malloc(sizeof(char *) * (v->n ? v->n : 1));
  memcpy(sorted, v->words, sizeof(char *) * v->n);
  qsort(sorted, v->n, sizeof(char *), compare_words);
  return sorted;
}

void vocab_free(Vocab *v) {
  for (int i = 0; i < v->n; i++) free(v->words[i]);
  free(v->words);
  free(v->table);
  string_map_free(&v->index);
  memset(v, 0, sizeof *v);
}
