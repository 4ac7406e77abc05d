/* vectors_subset.c: collect the keys runs can ask for; write their cache. */
#include "runner/vectors_subset.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "data/checksum_memo.h"
#include "data/line_reader.h"
#include "data/ner_data.h"
#include "data/vectors_cache.h"
#include "data/vocab.h"
#include "model/base.h"

void vectors_subset_init(VectorsSubset *s, const char *vectors) {
  memset(s, 0, sizeof *s);
  s->vectors = jn_strdup(vectors);
}

static void add_key(VectorsSubset *s, const char *key) {
  int inserted;
  long *slot = string_map_slot(&s->keys, key, &inserted);
  if (!inserted) return;
  *slot = 1;
  if (s->n == s->cap) s->list = jn_realloc(s->list, sizeof *s->list * (size_t)(s->cap = s->cap ? 2 * s->cap : 4096));
  s->list[s->n++] = jn_strdup(key);
}

static void add_word(VectorsSubset *s, const char *word) {
  if (string_map_find(&s->keys, word)) return; /* its fallback forms were added with it */
  char *keys[4];
  vocab_fallback_keys(word, keys);
  for (int k = 0; k < 4; k++) {
    add_key(s, keys[k]);
    free(keys[k]);
  }
}

/* 1 the first time path is seen. */
static int first_time(VectorsSubset *s, const char *path) {
  int inserted;
  string_map_slot(&s->files, path, &inserted);
  return inserted;
}

void vectors_subset_add_config(VectorsSubset *s, const Config *cfg) {
  const char *files[] = {cfg->train, cfg->dev, cfg->test, cfg->augment};
  for (int i = 0; i < 4; i++) {
    if (!files[i] || !first_time(s, files[i])) continue;
    NerData d;
    ner_data_read(&d, files[i], &cfg->columns);
    for (long t = 0; t < d.n_tokens; t++) add_word(s, d.words[t]);
    ner_data_free(&d);
  }
}

void vectors_subset_add_text(VectorsSubset *s, const char *path) {
  if (!first_time(s, path)) return;
  LineReader r;
  line_reader_open(&r, path);
  char *line;
  while ((line = line_reader_next(&r)))
    for (char *save, *tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
      add_word(s, tok);
  line_reader_close(&r);
}

/* The cache's path and the source's checksum and size; NULL when the
 * cache is turned off. */
static char *cache_of(const VectorsSubset *s, char sha[65], long long *size) {
  char *dir = jn_cache_dir();
  if (!dir) return NULL;
  free(dir);
  struct stat st;
  checksum_file(s->vectors, sha);
  if (stat(s->vectors, &st) != 0) jn_die("%s: cannot open", s->vectors);
  *size = (long long)st.st_size;
  return vectors_cache_path(sha);
}

int vectors_subset_cached(const VectorsSubset *s) {
  char sha[65], why[200];
  long long size;
  char *path = cache_of(s, sha, &size);
  if (!path) return 0;
  VectorsCache c;
  int ok = vectors_cache_load(&c, path, sha, size, why, sizeof why) == 0;
  if (ok) {
    for (long i = 0; ok && i < s->n; i++) ok = vectors_cache_row(&c, s->list[i]) != -2;
    vectors_cache_free(&c);
  }
  free(path);
  return ok;
}

void vectors_subset_write(const VectorsSubset *s) {
  char sha[65];
  long long size;
  char *path = cache_of(s, sha, &size);
  if (!path) jn_die("%s: the vectors cache is turned off (JOINTNER_CACHE=off) or its folder cannot be made", s->vectors);
  double start = jn_now();
  long n = vectors_cache_write(s->vectors, sha, s->list, s->n, path);
  fprintf(stderr, "jointner: vectors cache %s: %ld keys asked of %s (sha256 %.12s...), written in %.1f s\n", path,
          n, s->vectors, sha, jn_now() - start);
  free(path);
}

void vectors_subset_free(VectorsSubset *s) {
  for (long i = 0; i < s->n; i++) free(s->list[i]);
  free(s->list);
  free(s->vectors);
  string_map_free(&s->keys);
  string_map_free(&s->files);
  memset(s, 0, sizeof *s);
}
