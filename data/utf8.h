/* utf8.h: UTF-8 validation and decoding for the readers. */
#ifndef JN_UTF8_H
#define JN_UTF8_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
bool utf8_valid(const char *s, size_t n);
/* Decodes the code point at s (which must be valid UTF-8); returns its byte length. */
int utf8_decode(const char *s, uint32_t *cp);
/* Whitespace for tokenisation: Unicode White_Space plus zero-width space and BOM. */
bool utf8_is_space(uint32_t cp);
/* Thai block U+0E00..U+0E7F. */
bool utf8_is_thai(uint32_t cp);
/* Unicode case folding (ICU), for case-insensitive matching; malloc'd. */
char *utf8_fold_case(const char *s);

#endif
