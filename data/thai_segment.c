/* thai_segment.c: ICU word BreakIterator segmentation of Thai runs. */
#include "data/thai_segment.h"
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include "data/utf8.h"
#include "model/base.h"

/* ICU keeps "ถือSamsung" and "5,900บาท" as one word; split where the
 * text changes between Thai and other characters. s holds no space (it is
 * part of a non-space run). */
static void split_at_script_changes(const char *s, size_t n, Tokens *out) {
  size_t start = 0;
  int previous_thai = -1;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int len = utf8_decode(s + i, &cp), thai = utf8_is_thai(cp);
    if (previous_thai >= 0 && thai != previous_thai) {
      tokens_push(out, s + start, i - start);
      start = i;
    }
    previous_thai = thai;
    i += (size_t)len;
  }
  if (n > start) tokens_push(out, s + start, n - start);
}

static void push_segment(const UChar *u, int32_t from, int32_t to, Tokens *out) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = 0;
  u_strToUTF8(NULL, 0, &len, u + from, to - from, &err);
  char *utf8 = jn_malloc((size_t)len + 1);
  err = U_ZERO_ERROR;
  u_strToUTF8(utf8, len + 1, NULL, u + from, to - from, &err);
  if (U_FAILURE(err)) jn_die("ICU u_strToUTF8: %s", u_errorName(err));
  split_at_script_changes(utf8, (size_t)len, out);
  free(utf8);
}

void thai_segment_run(const char *s, size_t n, Tokens *out) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t ulen = 0;
  u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &err);
  UChar *u = jn_malloc(((size_t)ulen + 1) * sizeof *u);
  err = U_ZERO_ERROR;
  u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)n, &err);
  if (U_FAILURE(err)) jn_die("ICU u_strFromUTF8: %s", u_errorName(err));
  UBreakIterator *it = ubrk_open(UBRK_WORD, "th", u, ulen, &err);
  if (U_FAILURE(err)) jn_die("ICU ubrk_open: %s", u_errorName(err));
  int32_t from = ubrk_first(it);
  for (int32_t to = ubrk_next(it); to != UBRK_DONE; from = to, to = ubrk_next(it))
    push_segment(u, from, to, out);
  ubrk_close(it);
  free(u);
}
