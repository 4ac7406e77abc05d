/* augment.c: label unlabeled titles with a dictionary of training entities. */
#include "data/augment.h"
#include <stdlib.h>
#include <string.h>
#include "data/conll.h"
#include "data/import.h"
#include "data/line_reader.h"
#include "data/string_map.h"
#include "data/tokenize.h"
#include "model/base.h"
#include "model/rng.h"

typedef struct {
  StringMap index;    /* entity tokens joined by ' ' -> entry + 1 */
  StringMap prefixes; /* the first 1..n-1 tokens of every entry of n, joined */
  NameCounts *types;  /* per entry: how often each type labels it */
  char **best;        /* per entry: its most frequent type */
  long n;
  int longest;        /* tokens of the longest entry */
  int fold_case;      /* keys and lookups are case-folded */
  Tokens folded;      /* scratch: the tokens being matched, folded */
} Dictionary;

static char *join_range(char *const *tokens, int from, int to) {
  Tokens view = {(char **)tokens + from, to - from, 0};
  return tokens_join(&view);
}

/* The tokens as the dictionary compares them: tokens, or their folded copy. */
static const Tokens *match_form(Dictionary *d, const Tokens *tokens) {
  if (!d->fold_case) return tokens;
  tokens_fold_case(tokens, &d->folded);
  return &d->folded;
}

static void dictionary_build(Dictionary *d, const char *path) {
  LineReader r;
  line_reader_open(&r, path);
  NerSentence s = {0};
  Spans spans = {0};
  long *lines = NULL;
  while (conll_read(&r, &s)) {
    lines = jn_realloc(lines, (size_t)s.tags.n * sizeof *lines);
    for (int i = 0; i < s.tags.n; i++) lines[i] = r.line;
    spans_clear(&spans);
    spans_from_tags(s.tags.v, s.tags.n, r.name, lines, &spans);
    const Tokens *form = match_form(d, &s.tokens);
    for (int k = 0; k < spans.n; k++) {
      char *key = join_range(form->v, spans.v[k].start, spans.v[k].end);
      int inserted;
      long *slot = string_map_slot(&d->index, key, &inserted);
      if (inserted) {
        d->types = jn_realloc(d->types, (size_t)(d->n + 1) * sizeof *d->types);
        memset(&d->types[d->n], 0, sizeof *d->types);
        *slot = ++d->n;
      }
      name_counts_add(&d->types[*slot - 1], spans.v[k].type, 1);
      for (int end = spans.v[k].start + 1; end < spans.v[k].end; end++) {
        char *prefix = join_range(form->v, spans.v[k].start, end);
        string_map_slot(&d->prefixes, prefix, NULL);
        free(prefix);
      }
      if (spans.v[k].end - spans.v[k].start > d->longest) d->longest = spans.v[k].end - spans.v[k].start;
      free(key);
    }
  }
  line_reader_close(&r);
  d->best = jn_malloc((size_t)(d->n ? d->n : 1) * sizeof *d->best);
  for (long e = 0; e < d->n; e++) {
    const NameCounts *t = &d->types[e];
    int b = 0;
    for (int i = 1; i < t->n; i++)
      if (t->v[i].count > t->v[b].count || (t->v[i].count == t->v[b].count && strcmp(t->v[i].name, t->v[b].name) < 0)) b = i;
    d->best[e] = t->v[b].name;
  }
  free(lines);
  spans_free(&spans);
  ner_sentence_free(&s);
}

static void dictionary_free(Dictionary *d) {
  for (long e = 0; e < d->n; e++) name_counts_free(&d->types[e]);
  free(d->types);
  free(d->best);
  string_map_free(&d->index);
  string_map_free(&d->prefixes);
  tokens_free(&d->folded);
}

/* Longest-match tagging of tokens; returns the number of matches. From
 * each token the candidate grows a token at a time while it is still the
 * beginning of some entry, so a scan stops after a few tokens, not after
 * the longest entry's. */
static int dictionary_tag(Dictionary *d, const Tokens *original, Spans *out) {
  const Tokens *tokens = match_form(d, original);
  spans_clear(out);
  for (int i = 0; i < tokens->n;) {
    int matched = 0;
    long matched_entry = 0;
    for (int len = 1; len <= d->longest && i + len <= tokens->n; len++) {
      char *key = join_range(tokens->v, i, i + len);
      long *entry = string_map_find(&d->index, key);
      int goes_on = string_map_find(&d->prefixes, key) != NULL;
      free(key);
      if (entry) matched = len, matched_entry = *entry;
      if (!goes_on) break;
    }
    if (matched) spans_push(out, i, i + matched, d->best[matched_entry - 1]);
    i += matched ? matched : 1;
  }
  return out->n;
}

static int compare_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

void augment_run(const AugmentOptions *o) {
  Dictionary d = {.fold_case = o->fold_case};
  dictionary_build(&d, o->ner);
  if (!d.n) jn_die("%s: no entities to build a dictionary from", o->ner);
  NerSentence s = {0};
  Spans spans = {0};
  long *candidates = NULL, n_candidates = 0, cap = 0, lines = 0;
  LineReader r;
  line_reader_open(&r, o->unlabeled);
  for (char *line; (line = line_reader_next(&r)); lines++) {
    tokens_clear(&s.tokens);
    tokenize_whitespace(line, strlen(line), &s.tokens);
    if (!dictionary_tag(&d, &s.tokens, &spans)) continue;
    if (n_candidates == cap) {
      cap = cap ? 2 * cap : 1024;
      candidates = jn_realloc(candidates, (size_t)cap * sizeof *candidates);
    }
    candidates[n_candidates++] = r.line;
  }
  line_reader_close(&r);
  Rng rng;
  rng_seed(&rng, o->seed);
  for (long i = n_candidates - 1; i > 0; i--) { /* Fisher-Yates over line numbers */
    long j = (long)(rng_next(&rng) % (uint64_t)(i + 1)), t = candidates[i];
    candidates[i] = candidates[j];
    candidates[j] = t;
  }
  long picked = o->count < n_candidates ? o->count : n_candidates;
  if (picked < o->count)
    fprintf(stderr, "augment: only %ld of %ld titles have a dictionary match; writing all %ld\n", n_candidates, lines, picked);
  if (picked) qsort(candidates, (size_t)picked, sizeof *candidates, compare_long);
  ImportReport report;
  report_init(&report, 0);
  FILE *out = output_open(o->out);
  line_reader_open(&r, o->unlabeled);
  long next = 0;
  for (char *line; next < picked && (line = line_reader_next(&r));) {
    if (r.line != candidates[next]) continue;
    next++;
    tokens_clear(&s.tokens);
    tokenize_whitespace(line, strlen(line), &s.tokens);
    dictionary_tag(&d, &s.tokens, &spans);
    ner_set_tags(&s, &spans);
    conll_write(out, &s);
    report_ner(&report, &s);
  }
  line_reader_close(&r);
  output_close(out, o->out);
  printf("dictionary-entries %ld\nunlabeled-titles %ld\nmatching-titles %ld\nwrote %s %ld\n", d.n, lines,
         n_candidates, o->out, picked);
  report_finish(&report, "augment");
  free(candidates);
  spans_free(&spans);
  ner_sentence_free(&s);
  dictionary_free(&d);
}
