/* thai_segment.h: Thai word segmentation with ICU's dictionary-based word
 * BreakIterator (locale "th"), for tokenize.c (which calls it on the runs
 * that contain Thai; this file calls nothing of it).
 *
 * Why ICU and not libthai's th_brk: jn_data already links ICU (the build
 * needs no other library), ICU's iterator handles mixed Thai/Latin/digit/
 * emoji runs in one pass, and its dictionary is versioned with libicu, so
 * the pinned segmentations in tests/test_data_thai_segment.c name the one
 * thing that can change them. */
#ifndef JN_THAI_SEGMENT_H
#define JN_THAI_SEGMENT_H
#include <stddef.h>
#include "data/tokens.h"

/* Appends the words of the non-space UTF-8 run s[0..n) to out: ICU's
 * word segments, each further split where it changes between Thai and
 * other characters (ICU returns "ถือSamsung" as one word). */
void thai_segment_run(const char *s, size_t n, Tokens *out);

#endif
