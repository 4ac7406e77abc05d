/* test_data_vocab.c: Flair's OOV fallbacks (exact -> lowercase -> digits as
 * '#' -> digits as '0'), with "digit" read as Python's \d does: every
 * Unicode decimal digit (category Nd), Thai digits included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data/vocab.h"
#include "tests/check.h"

static void check_digits(const char *word, char with, const char *expect) {
  char *got = word_replace_digits(word, with);
  if (strcmp(got, expect)) fprintf(stderr, "replace_digits(%s) = [%s], expected [%s]\n", word, got, expect);
  CHECK(!strcmp(got, expect));
  free(got);
}

int main(void) {
  check_digits("abc", '#', "abc");
  check_digits("iphone11", '#', "iphone##");
  /* Thai digits U+0E51 U+0E52 (3 bytes each) become one '#' each */
  check_digits("\xe0\xb9\x91\xe0\xb9\x92\xe0\xb8\x9a", '#', "##\xe0\xb8\x9a");
  /* Arabic-Indic U+0663 and fullwidth U+FF15 are Nd too */
  check_digits("x\xd9\xa3\xef\xbc\x95", '0', "x00");
  /* Thai letters, superscript two (No, not Nd) and Roman numeral (Nl) stay */
  check_digits("\xe0\xb8\x81\xc2\xb2\xe2\x85\xa0", '#', "\xe0\xb8\x81\xc2\xb2\xe2\x85\xa0");
  /* invalid UTF-8 is copied byte for byte */
  check_digits("a\xff" "1", '#', "a\xff#");

  /* the lookup falls back to the '#' form of a Thai-digit token */
  char path[] = "/tmp/test_data_vocab_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("2 2\n##\xe0\xb8\x9a 1 2\nabc 3 4\n", f);
  fclose(f);
  Vocab v = {0};
  int thai = vocab_add(&v, "\xe0\xb9\x91\xe0\xb9\x92\xe0\xb8\x9a"); /* ๑๒บ */
  int plain = vocab_add(&v, "ABC");
  vocab_load_vectors(&v, path, 2);
  CHECK(v.table[(long)thai * 2] == 1.0f && v.table[(long)thai * 2 + 1] == 2.0f);
  CHECK(v.table[(long)plain * 2] == 3.0f && v.table[(long)plain * 2 + 1] == 4.0f);
  vocab_free(&v);
  unlink(path);
  return check_exit("test_data_vocab");
}
