/* utf8.c: UTF-8 validation and decoding. */
#include "data/utf8.h"
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include "model/base.h"

bool utf8_valid(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    if (c < 0x80) { i++; continue; }
    int len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return false;
    if (i + (size_t)len > n) return false;
    for (int k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += (size_t)len;
  }
  return true;
}

int utf8_decode(const char *str, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if (s[0] < 0xE0) { *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F); return 2; }
  if (s[0] < 0xF0) {
    *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
        ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  return 4;
}

bool utf8_is_space(uint32_t cp) {
  return u_isUWhiteSpace((UChar32)cp) || cp == 0x200B || cp == 0xFEFF;
}

bool utf8_is_thai(uint32_t cp) { return cp >= 0x0E00 && cp <= 0x0E7F; }

char *utf8_fold_case(const char *s) {
  UErrorCode err = U_ZERO_ERROR;
  UCaseMap *map = ucasemap_open(NULL, U_FOLD_CASE_DEFAULT, &err);
  int32_t n = (int32_t)strlen(s), cap = 3 * n + 1;
  char *out = jn_malloc((size_t)cap);
  ucasemap_utf8FoldCase(map, out, cap, s, n, &err);
  if (U_FAILURE(err)) jn_die("ICU case folding failed: %s", u_errorName(err));
  ucasemap_close(map);
  return out;
}
