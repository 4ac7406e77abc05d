/* score.c: conlleval's chunk counting (see score.h). */
#include "runner/score.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

/* A tag split as conlleval splits it: prefix up to the first '-', type after it. */
typedef struct {
  const char *prefix;
  size_t prefix_len;
  const char *type;
} Tag;

static Tag split_tag(const char *s) {
  const char *dash = strchr(s, '-');
  Tag t = {s, dash ? (size_t)(dash - s) : strlen(s), dash ? dash + 1 : ""};
  return t;
}

static int is(const Tag *t, char prefix) { return t->prefix_len == 1 && t->prefix[0] == prefix; }

static int same_type(const Tag *a, const Tag *b) { return strcmp(a->type, b->type) == 0; }

static int same_tag(const Tag *a, const Tag *b) {
  return a->prefix_len == b->prefix_len && memcmp(a->prefix, b->prefix, a->prefix_len) == 0 &&
         same_type(a, b);
}

/* conlleval's endOfChunk: did a chunk end between prev and cur? */
static int chunk_ends(const Tag *prev, const Tag *cur) {
  if (is(prev, 'E') || is(prev, 'S')) return 1;
  if ((is(prev, 'B') || is(prev, 'I')) && (is(cur, 'B') || is(cur, 'S') || is(cur, 'O'))) return 1;
  return !is(prev, 'O') && !is(prev, '.') && !same_type(prev, cur);
}

/* conlleval's startOfChunk: did a chunk start between prev and cur? */
static int chunk_starts(const Tag *prev, const Tag *cur) {
  if (is(cur, 'B') || is(cur, 'S')) return 1;
  if ((is(prev, 'E') || is(prev, 'S') || is(prev, 'O')) && (is(cur, 'E') || is(cur, 'I'))) return 1;
  return !is(cur, 'O') && !is(cur, '.') && !same_type(prev, cur);
}

/* The entry of type, inserted in sorted place if new. */
static ScoreByType *type_entry(NerScore *s, const char *type) {
  int i = 0;
  while (i < s->n_types && strcmp(s->types[i].type, type) < 0) i++;
  if (i < s->n_types && strcmp(s->types[i].type, type) == 0) return &s->types[i];
  s->types = jn_realloc(s->types, (size_t)(s->n_types + 1) * sizeof *s->types);
  memmove(&s->types[i + 1], &s->types[i], (size_t)(s->n_types - i) * sizeof *s->types);
  s->n_types++;
  s->types[i] = (ScoreByType){jn_strdup(type), 0, 0, 0};
  return &s->types[i];
}

void score_init(NerScore *s) { memset(s, 0, sizeof *s); }

/* conlleval's main loop over the tokens, then over the blank line that
 * follows the sentence (an O in both columns, not counted as a token). */
void score_sentence(NerScore *s, const char *const *gold, const char *const *pred, int n) {
  const Tag outside = split_tag("O");
  Tag last_g = outside, last_p = outside;
  int in_correct = 0; /* inside a chunk both started together with one type */
  for (int i = 0; i <= n; i++) {
    Tag g = i < n ? split_tag(gold[i]) : outside, p = i < n ? split_tag(pred[i]) : outside;
    int end_g = chunk_ends(&last_g, &g), end_p = chunk_ends(&last_p, &p);
    int start_g = chunk_starts(&last_g, &g), start_p = chunk_starts(&last_p, &p);
    if (in_correct) {
      if (end_g && end_p && same_type(&last_g, &last_p)) {
        in_correct = 0;
        s->correct++;
        type_entry(s, last_g.type)->correct++;
      } else if (end_g != end_p || !same_type(&g, &p)) {
        in_correct = 0;
      }
    }
    if (start_g && start_p && same_type(&g, &p)) in_correct = 1;
    if (start_g) {
      s->gold++;
      type_entry(s, g.type)->gold++;
    }
    if (start_p) {
      s->guessed++;
      type_entry(s, p.type)->guessed++;
    }
    if (i < n) {
      s->tokens++;
      s->correct_tags += same_tag(&g, &p);
    }
    last_g = g;
    last_p = p;
  }
}

static double percent(long part, long whole) {
  return whole > 0 ? 100.0 * (double)part / (double)whole : 0.0;
}

static double f1_of(double precision, double recall) {
  return precision + recall > 0.0 ? 2.0 * precision * recall / (precision + recall) : 0.0;
}

double score_precision(const NerScore *s) { return percent(s->correct, s->guessed); }
double score_recall(const NerScore *s) { return percent(s->correct, s->gold); }
double score_f1(const NerScore *s) { return f1_of(score_precision(s), score_recall(s)); }

double score_type_f1(const ScoreByType *t) {
  return f1_of(percent(t->correct, t->guessed), percent(t->correct, t->gold));
}

void score_print(const NerScore *s, FILE *out) {
  fprintf(out, "processed %ld tokens with %ld phrases; found: %ld phrases; correct: %ld.\n",
          s->tokens, s->gold, s->guessed, s->correct);
  if (s->tokens > 0)
    fprintf(out, "accuracy: %6.2f%%; precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f\n",
            percent(s->correct_tags, s->tokens), score_precision(s), score_recall(s), score_f1(s));
  for (int i = 0; i < s->n_types; i++) {
    const ScoreByType *t = &s->types[i];
    fprintf(out, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %ld\n", t->type,
            percent(t->correct, t->guessed), percent(t->correct, t->gold), score_type_f1(t),
            t->guessed);
  }
}

void score_free(NerScore *s) {
  for (int i = 0; i < s->n_types; i++) free(s->types[i].type);
  free(s->types);
  score_init(s);
}

void score_chunk_prefixes(const char *const *tags, int n, int bio, char *prefix) {
  const Tag outside = split_tag("O");
  Tag prev = outside;
  for (int i = 0; i < n; i++) {
    Tag cur = split_tag(tags[i]), next = i + 1 < n ? split_tag(tags[i + 1]) : outside;
    if (is(&cur, 'O')) {
      prefix[i] = 'O';
    } else {
      int first = chunk_starts(&prev, &cur), last = chunk_ends(&cur, &next);
      if (bio) prefix[i] = first ? 'B' : 'I';
      else prefix[i] = first ? (last ? 'S' : 'B') : (last ? 'E' : 'I');
    }
    prev = cur;
  }
}
