/* vectors_subset.h: the keys a set of runs can ask of their word vectors
 * (every token of their NER files and of plain text files, each with its
 * fallback forms), and the vectors cache of a source made for them
 * (data/vectors_cache.h). Used by `jointner vectors subset` and once per
 * grid (grid_vectors.h). */
#ifndef JN_VECTORS_SUBSET_H
#define JN_VECTORS_SUBSET_H
#include "data/string_map.h"
#include "runner/config.h"

typedef struct {
  char *vectors;   /* the source .vec / .vec.gz */
  StringMap keys;  /* key -> 1 */
  char **list;     /* [n] the keys in insertion order */
  long n, cap;
  StringMap files; /* files already read */
} VectorsSubset;

void vectors_subset_init(VectorsSubset *s, const char *vectors);
/* Adds the words of cfg's train, dev, test and augment files (read with
 * its column format); each file once. */
void vectors_subset_add_config(VectorsSubset *s, const Config *cfg);
/* Adds every whitespace-separated token of a text file (a sentence corpus
 * line "LABEL<TAB>tokens" gives its label as one more token: harmless). */
void vectors_subset_add_text(VectorsSubset *s, const char *path);
/* 1 when the source's cache exists, is valid and was asked for every key. */
int vectors_subset_cached(const VectorsSubset *s);
/* Writes (or widens) the source's cache; prints what it did to stderr. */
void vectors_subset_write(const VectorsSubset *s);
void vectors_subset_free(VectorsSubset *s);

#endif
