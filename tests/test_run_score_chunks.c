/* test_run_score_chunks.c: predicted tags rewritten as valid BIO or IOBES
 * (score_chunk_prefixes) keep exactly the chunks the scorer counts. */
#include <string.h>
#include "check.h"
#include "runner/score.h"

/* prefixes of tags (space-separated) in the scheme, as a string */
static void rewrite(const char *tags_text, int bio, char *out) {
  char buf[256], *tags[32];
  int n = 0;
  strcpy(buf, tags_text);
  for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) tags[n++] = t;
  char prefix[32];
  score_chunk_prefixes((const char *const *)tags, n, bio, prefix);
  out[0] = '\0';
  for (int i = 0; i < n; i++) {
    char one[64];
    if (prefix[i] == 'O') snprintf(one, sizeof one, "%sO", i ? " " : "");
    else snprintf(one, sizeof one, "%s%c-%s", i ? " " : "", prefix[i], strchr(tags[i], '-') + 1);
    strcat(out, one);
  }
}

/* the rewritten tags score the same as the original against themselves and
 * against the original, as gold */
static void check_same_chunks(const char *tags_text, const char *rewritten) {
  char a[256], b[256], *ta[32], *tb[32];
  int n = 0, m = 0;
  strcpy(a, tags_text);
  strcpy(b, rewritten);
  for (char *t = strtok(a, " "); t; t = strtok(NULL, " ")) ta[n++] = t;
  for (char *t = strtok(b, " "); t; t = strtok(NULL, " ")) tb[m++] = t;
  CHECK(n == m);
  NerScore s;
  score_init(&s);
  score_sentence(&s, (const char *const *)ta, (const char *const *)tb, n);
  CHECK(s.correct == s.gold && s.correct == s.guessed);
  score_free(&s);
}

static void case_(const char *tags, const char *want_bio, const char *want_iobes) {
  char got[256];
  rewrite(tags, 1, got);
  if (strcmp(got, want_bio)) fprintf(stderr, "bio of '%s': got '%s', want '%s'\n", tags, got, want_bio);
  CHECK(!strcmp(got, want_bio));
  check_same_chunks(tags, got);
  rewrite(tags, 0, got);
  if (strcmp(got, want_iobes)) fprintf(stderr, "iobes of '%s': got '%s', want '%s'\n", tags, got, want_iobes);
  CHECK(!strcmp(got, want_iobes));
  check_same_chunks(tags, got);
}

int main(void) {
  /* valid IOBES */
  case_("B-PER E-PER O S-LOC", "B-PER I-PER O B-LOC", "B-PER E-PER O S-LOC");
  /* the case: a sentence that ends inside an entity */
  case_("O B-DATE I-DATE", "O B-DATE I-DATE", "O B-DATE E-DATE");
  case_("O I-DATE", "O B-DATE", "O S-DATE");
  /* an E- after O starts a chunk; a type change starts one */
  case_("E-PER O B-LOC I-ORG E-ORG", "B-PER O B-LOC B-ORG I-ORG", "S-PER O S-LOC B-ORG E-ORG");
  /* two singletons in a row stay two chunks */
  case_("S-PER S-PER", "B-PER B-PER", "S-PER S-PER");
  case_("O O", "O O", "O O");
  return check_exit("test_run_score_chunks");
}
