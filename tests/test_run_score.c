/* test_run_score.c: the conlleval scorer (runner/score.c) on hand-worked
 * sentences. Each case states the chunks of both columns and the counts
 * derived from them: EXPECT(s, correct, guessed, gold, tokens, correct_tags). */
#include <string.h>
#include "check.h"
#include "model/base.h"
#include "runner/score.h"

#define EXPECT(s, c, g, o, t, ct)                                                       \
  do {                                                                                  \
    CHECK((s)->correct == (c) && (s)->guessed == (g) && (s)->gold == (o));              \
    CHECK((s)->tokens == (t) && (s)->correct_tags == (ct));                             \
  } while (0)

#define EXPECT_TYPE(s, name, c, g, o)                                                   \
  do {                                                                                  \
    const ScoreByType *t_ = find_type(s, name);                                         \
    CHECK(t_ && t_->correct == (c) && t_->guessed == (g) && t_->gold == (o));           \
  } while (0)

static const ScoreByType *find_type(const NerScore *s, const char *name) {
  for (int i = 0; i < s->n_types; i++)
    if (strcmp(s->types[i].type, name) == 0) return &s->types[i];
  return NULL;
}

static int split_words(char *line, const char **out, int max) {
  int n = 0;
  for (char *save = NULL, *w = strtok_r(line, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
    out[n++] = w;
  return n;
}

/* Scores one sentence given as space-separated gold and predicted tags. */
static void add(NerScore *s, const char *gold, const char *pred) {
  char *gbuf = jn_strdup(gold), *pbuf = jn_strdup(pred);
  const char *g[32], *p[32];
  int n = split_words(gbuf, g, 32);
  CHECK(split_words(pbuf, p, 32) == n);
  score_sentence(s, g, p, n);
  free(gbuf);
  free(pbuf);
}

static void check_rates(const NerScore *s, double p, double r, double f) {
  CHECK_CLOSE(score_precision(s), p, 1e-12);
  CHECK_CLOSE(score_recall(s), r, 1e-12);
  CHECK_CLOSE(score_f1(s), f, 1e-12);
}

static void test_perfect_match(void) {
  NerScore s;
  score_init(&s);
  /* PER[0-1] and LOC[3] in both columns; all 4 tags equal. */
  add(&s, "B-PER I-PER O B-LOC", "B-PER I-PER O B-LOC");
  EXPECT(&s, 2, 2, 2, 4, 4);
  check_rates(&s, 100, 100, 100);
  CHECK(s.n_types == 2 && strcmp(s.types[0].type, "LOC") == 0 && strcmp(s.types[1].type, "PER") == 0);
  EXPECT_TYPE(&s, "LOC", 1, 1, 1);
  EXPECT_TYPE(&s, "PER", 1, 1, 1);
  CHECK_CLOSE(score_type_f1(&s.types[1]), 100.0, 1e-12);
  score_free(&s);
  CHECK(s.n_types == 0 && s.types == NULL && s.tokens == 0);
}

static void test_wrong_type(void) {
  NerScore s;
  score_init(&s);
  /* gold PER[0-1], predicted ORG[0-1]: same span, other type; only the O tag is right. */
  add(&s, "B-PER I-PER O", "B-ORG I-ORG O");
  EXPECT(&s, 0, 1, 1, 3, 1);
  EXPECT_TYPE(&s, "ORG", 0, 1, 0);
  EXPECT_TYPE(&s, "PER", 0, 0, 1);
  check_rates(&s, 0, 0, 0);
  score_free(&s);
}

static void test_wrong_boundary(void) {
  NerScore s;
  score_init(&s);
  /* gold PER[0-2] LOC[4], predicted PER[0-1] LOC[4-5]: the predicted PER
   * ends early, the predicted LOC late. Tags right at 0, 1, 3, 4. */
  add(&s, "B-PER I-PER I-PER O B-LOC O", "B-PER I-PER O O B-LOC I-LOC");
  EXPECT(&s, 0, 2, 2, 6, 4);
  score_free(&s);
}

static void test_bio_i_starts_chunk(void) {
  NerScore s;
  score_init(&s);
  /* I- after O starts a chunk: gold PER[1-2] equals predicted PER[1-2];
   * tag 1 differs (I- vs B-). */
  add(&s, "O I-PER I-PER O", "O B-PER I-PER O");
  EXPECT(&s, 1, 1, 1, 4, 3);
  score_free(&s);

  score_init(&s);
  /* I- of another type ends PER and starts LOC: gold PER[0] LOC[1],
   * predicted PER[0] LOC[1]; both correct, tag 1 differs. */
  add(&s, "B-PER I-LOC O", "B-PER B-LOC O");
  EXPECT(&s, 2, 2, 2, 3, 2);
  EXPECT_TYPE(&s, "PER", 1, 1, 1);
  EXPECT_TYPE(&s, "LOC", 1, 1, 1);
  score_free(&s);

  score_init(&s);
  /* the same split in the prediction only: gold PER[0-1], predicted PER[0] LOC[1]. */
  add(&s, "B-PER I-PER", "B-PER I-LOC");
  EXPECT(&s, 0, 2, 1, 2, 1);
  score_free(&s);
}

static void test_iobes(void) {
  NerScore s;
  score_init(&s);
  /* PER[0] LOC[1-2] PER[3] PER[4]: consecutive S- tags are separate chunks. */
  add(&s, "S-PER B-LOC E-LOC S-PER S-PER O", "S-PER B-LOC E-LOC S-PER S-PER O");
  EXPECT(&s, 4, 4, 4, 6, 6);
  EXPECT_TYPE(&s, "PER", 3, 3, 3);
  EXPECT_TYPE(&s, "LOC", 1, 1, 1);
  score_free(&s);

  score_init(&s);
  /* gold PER[0-1] PER[2] (E- ends, S- starts), predicted PER[0-2]; only tag 0 equal. */
  add(&s, "B-PER E-PER S-PER", "B-PER I-PER I-PER");
  EXPECT(&s, 0, 1, 2, 3, 1);
  score_free(&s);

  score_init(&s);
  /* E- after S- starts a chunk: gold PER[0] PER[1] = predicted PER[0] PER[1]. */
  add(&s, "S-PER E-PER", "S-PER S-PER");
  EXPECT(&s, 2, 2, 2, 2, 1);
  score_free(&s);

  score_init(&s);
  /* B- after E- of the same type: two chunks PER[0-1] PER[2-3]. */
  add(&s, "B-PER E-PER B-PER E-PER", "B-PER E-PER B-PER E-PER");
  EXPECT(&s, 2, 2, 2, 4, 4);
  score_free(&s);

  score_init(&s);
  /* S- after B- or I- of the same type ends that chunk and is one of its own:
   * predicted PER[0-1] PER[2] and PER[3] PER[4] match gold; tags 1 and 3 differ. */
  add(&s, "B-PER E-PER S-PER S-PER S-PER", "B-PER I-PER S-PER B-PER S-PER");
  EXPECT(&s, 4, 4, 4, 5, 3);
  score_free(&s);
}

static void test_chunk_at_sentence_end(void) {
  NerScore s;
  score_init(&s);
  /* MISC[1-2] closed by the end of the sentence. */
  add(&s, "O B-MISC I-MISC", "O B-MISC I-MISC");
  EXPECT(&s, 1, 1, 1, 3, 3);
  score_free(&s);

  score_init(&s);
  /* The sentence break closes PER[1]; the next sentence's I-PER opens PER[0]. */
  add(&s, "O B-PER", "O B-PER");
  EXPECT(&s, 1, 1, 1, 2, 2);
  add(&s, "I-PER O", "I-PER O");
  EXPECT(&s, 2, 2, 2, 4, 4);
  score_free(&s);

  score_init(&s);
  /* gold PER[0-1] runs to the end, predicted PER[0] stops early. */
  add(&s, "B-PER I-PER", "B-PER O");
  EXPECT(&s, 0, 1, 1, 2, 1);
  score_free(&s);
}

static void test_mixed_bio_iobes(void) {
  NerScore s;
  score_init(&s);
  /* Same spans PER[0-1] LOC[3] ORG[5-7] in BIO (gold) and IOBES (pred):
   * all 3 correct; tags differ at 1 (I/E), 3 (B/S), 7 (I/E). */
  add(&s, "B-PER I-PER O B-LOC O B-ORG I-ORG I-ORG", "B-PER E-PER O S-LOC O B-ORG I-ORG E-ORG");
  EXPECT(&s, 3, 3, 3, 8, 5);
  check_rates(&s, 100, 100, 100);
  score_free(&s);
}

static void test_empty_and_all_o(void) {
  NerScore s;
  score_init(&s);
  score_sentence(&s, NULL, NULL, 0);
  EXPECT(&s, 0, 0, 0, 0, 0);
  check_rates(&s, 0, 0, 0);
  CHECK(s.n_types == 0);
  /* No chunks at all: P, R, F are 0, not 0/0. */
  add(&s, "O O O", "O O O");
  EXPECT(&s, 0, 0, 0, 3, 3);
  check_rates(&s, 0, 0, 0);
  score_free(&s);

  score_init(&s);
  /* gold PER[0], nothing predicted: P undefined -> 0, R 0, F 0. */
  add(&s, "B-PER O", "O O");
  EXPECT(&s, 0, 0, 1, 2, 1);
  check_rates(&s, 0, 0, 0);
  /* plus a predicted LOC[0] with nothing gold. */
  add(&s, "O O", "S-LOC O");
  EXPECT(&s, 0, 1, 1, 4, 2);
  check_rates(&s, 0, 0, 0);
  score_free(&s);
}

static void test_type_with_hyphen(void) {
  NerScore s;
  score_init(&s);
  /* conlleval splits at the first '-': type "ORG-GPE", chunk [0-1]. */
  add(&s, "B-ORG-GPE I-ORG-GPE", "B-ORG-GPE I-ORG-GPE");
  EXPECT(&s, 1, 1, 1, 2, 2);
  EXPECT_TYPE(&s, "ORG-GPE", 1, 1, 1);
  score_free(&s);
}

static void test_rates_and_report(void) {
  NerScore s;
  score_init(&s);
  /* gold PER[0] LOC[2] ORG[4] MISC[6]; predicted PER[0] LOC[4]:
   * 1 correct of 2 guessed and 4 gold: P 50, R 25, F1 2*50*25/75 = 33.33;
   * tags right at 0, 1, 3, 5: accuracy 4/7. Types arrive as PER, LOC, ORG,
   * MISC and are listed sorted. */
  add(&s, "B-PER O B-LOC O B-ORG O B-MISC", "B-PER O O O B-LOC O O");
  EXPECT(&s, 1, 2, 4, 7, 4);
  check_rates(&s, 50, 25, 100.0 / 3.0);
  const char *order[4] = {"LOC", "MISC", "ORG", "PER"};
  CHECK(s.n_types == 4);
  for (int i = 0; i < 4 && i < s.n_types; i++) CHECK(strcmp(s.types[i].type, order[i]) == 0);
  EXPECT_TYPE(&s, "LOC", 0, 1, 1);
  EXPECT_TYPE(&s, "MISC", 0, 0, 1);
  EXPECT_TYPE(&s, "PER", 1, 1, 1);

  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  score_print(&s, f);
  fclose(f);
  const char *want =
      "processed 7 tokens with 4 phrases; found: 2 phrases; correct: 1.\n"
      "accuracy:  57.14%; precision:  50.00%; recall:  25.00%; FB1:  33.33\n"
      "              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
      "             MISC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n"
      "              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  0\n"
      "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1\n";
  CHECK(strcmp(text, want) == 0);
  if (strcmp(text, want) != 0) fprintf(stderr, "got:\n%s", text);
  free(text);
  score_free(&s);
}

int main(void) {
  test_perfect_match();
  test_wrong_type();
  test_wrong_boundary();
  test_bio_i_starts_chunk();
  test_iobes();
  test_chunk_at_sentence_end();
  test_mixed_bio_iobes();
  test_empty_and_all_o();
  test_type_with_hyphen();
  test_rates_and_report();
  return check_exit("test_run_score");
}
