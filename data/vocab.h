/* vocab.h: words of the data and their rows in the frozen embedding table,
 * filled from a fastText .vec file with Flair's fallbacks: exact word ->
 * lowercase -> lowercase with digits as '#' -> digits as '0' -> zero.
 * "Digits" are Unicode's decimal digits (Python's \d), Thai ones too. */
#ifndef JN_VOCAB_H
#define JN_VOCAB_H
#include "data/string_map.h"

typedef struct {
  StringMap index; /* word -> row */
  char **words;    /* [n] */
  int n, cap;
  int dim;         /* vector size (after vocab_load_vectors) */
  float *table;    /* [n][dim] */
  long found[5];   /* words resolved by each rule: exact, lower, '#', '0', none */
} Vocab;

/* Row of word, adding it when absent. */
int vocab_add(Vocab *v, const char *word);
/* Row of word or -1. */
int vocab_find(const Vocab *v, const char *word);
/* Fills the table for the words already added from the .vec or .vec.gz
 * (vec_reader.h: every row checked, file:line on a fault); expect_dim > 0
 * must match its header. When the vectors cache of the source (named by
 * its SHA-256, vectors_cache.h) was asked for every key these words need,
 * the table comes from it instead: the same vectors, bit for bit; a damaged
 * cache is reported on stderr and the source read. */
void vocab_load_vectors(Vocab *v, const char *vec_path, int expect_dim);
/* Row of word by Flair's fallbacks (exact, lowercase, digits as '#', as
 * '0'), or -1. */
int vocab_lookup(const Vocab *v, const char *word);
void vocab_free(Vocab *v);
/* A malloc'd copy of v's words (not the strings) in strcmp order. */
char **vocab_sorted_words(const Vocab *v);

/* Flair's fallback keys of a word: lowercase, then digits replaced.
 * Returns malloc'd strings. */
char *word_lowercase(const char *word);
/* The four keys a word is looked up by, in Flair's order: itself, its
 * lowercase, and the lowercase with digits as '#' and as '0' (malloc'd). */
void vocab_fallback_keys(const char *word, char *keys[4]);
char *word_replace_digits(const char *word, char with);

#endif
