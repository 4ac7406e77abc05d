/* test_data_thai_segment.c: Thai segmentation (ICU 72 word BreakIterator,
 * pinned outputs verified by hand), the tokenizer's punctuation rules,
 * UTF-8 validation and IOBES conversion. */
#include <stdlib.h>
#include <string.h>
#include "data/conll.h"
#include "data/tokenize.h"
#include "data/utf8.h"
#include "tests/check.h"

static void check_segment(const char *text, const char *expect) {
  char *got = tokenize_to_text(text);
  if (strcmp(got, expect)) fprintf(stderr, "segment(%s) = [%s], expected [%s]\n", text, got, expect);
  CHECK(!strcmp(got, expect));
  free(got);
}

static void check_iobes(const char *const *in, int n, const char *const *expect) {
  NerSentence s = {0};
  long lines[16];
  for (int i = 0; i < n; i++) {
    tokens_push(&s.tokens, "w", 1);
    tokens_push(&s.tags, in[i], strlen(in[i]));
    lines[i] = i + 1;
  }
  Spans spans = {0};
  spans_from_tags(s.tags.v, n, "test", lines, &spans);
  ner_set_tags(&s, &spans);
  for (int i = 0; i < n; i++) {
    if (strcmp(s.tags.v[i], expect[i])) fprintf(stderr, "tag %d: %s, expected %s\n", i, s.tags.v[i], expect[i]);
    CHECK(!strcmp(s.tags.v[i], expect[i]));
  }
  spans_free(&spans);
  ner_sentence_free(&s);
}

int main(void) {
  check_segment("สวัสดีครับ", "สวัสดี ครับ");
  check_segment("ขอบคุณมากค่ะ", "ขอบคุณ มาก ค่ะ");
  check_segment("ฉันรักภาษาไทย", "ฉัน รัก ภาษา ไทย");
  check_segment("ร้านนี้อร่อยมาก", "ร้าน นี้ อร่อย มาก");
  check_segment("โทรศัพท์มือถือSamsung สีดำ ราคา 5,900บาท!", "โทรศัพท์ มือ ถือ Samsung สีดำ ราคา 5,900 บาท !");
  check_segment("  hello, world (test)  ", "hello , world ( test )");
  check_segment("Rp.50.000, \"baru\"", "Rp.50.000 , \" baru \"");
  check_segment("...", "...");
  check_segment("a\xe2\x80\x8b" "b\xc2\xa0" "c", "a b c"); /* zero-width space, no-break space */
  check_segment("", "");

  CHECK(utf8_valid("ok \xe0\xb8\xaa", 6));
  CHECK(!utf8_valid("\xc0\xaf", 2));         /* overlong */
  CHECK(!utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
  CHECK(!utf8_valid("\xe0\xb8", 2));         /* truncated */
  char *t = token_without_spaces(" เรื่อย ๆ ");
  CHECK(t && !strcmp(t, "เรื่อย_ๆ"));
  free(t);
  CHECK(token_without_spaces(" \t ") == NULL);

  const char *bio[] = {"B-PER", "I-PER", "O", "I-LOC", "B-LOC", "B-LOC", "I-LOC", "I-ORG"};
  const char *iobes[] = {"B-PER", "E-PER", "O", "S-LOC", "S-LOC", "B-LOC", "E-LOC", "S-ORG"};
  check_iobes(bio, 8, iobes);
  check_iobes(iobes, 8, iobes);
  return check_exit("test_data_thai_segment");
}
