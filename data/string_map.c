/* string_map.c: open addressing with linear probing, FNV-1a hashes. */
#include "data/string_map.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static long probe(const StringMap *m, const char *key) {
  long i = (long)(hash(key) & (uint64_t)(m->cap - 1));
  while (m->keys[i] && strcmp(m->keys[i], key)) i = (i + 1) & (m->cap - 1);
  return i;
}

static void grow(StringMap *m) {
  StringMap bigger = {jn_calloc((size_t)(m->cap ? 2 * m->cap : 64), sizeof(char *)),
                      jn_calloc((size_t)(m->cap ? 2 * m->cap : 64), sizeof(long)), m->n,
                      m->cap ? 2 * m->cap : 64};
  for (long i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      long j = probe(&bigger, m->keys[i]);
      bigger.keys[j] = m->keys[i];
      bigger.values[j] = m->values[i];
    }
  free(m->keys);
  free(m->values);
  *m = bigger;
}

long *string_map_slot(StringMap *m, const char *key, int *inserted) {
  if (2 * (m->n + 1) > m->cap) grow(m);
  long i = probe(m, key);
  if (inserted) *inserted = !m->keys[i];
  if (!m->keys[i]) {
    m->keys[i] = jn_strdup(key);
    m->values[i] = 0;
    m->n++;
  }
  return &m->values[i];
}

long *string_map_find(const StringMap *m, const char *key) {
  if (!m->cap) return NULL;
  long i = probe(m, key);
  return m->keys[i] ? &m->values[i] : NULL;
}

void string_map_free(StringMap *m) {
  for (long i = 0; i < m->cap; i++) free(m->keys[i]);
  free(m->keys);
  free(m->values);
  memset(m, 0, sizeof *m);
}
