/* tokenize.h: raw text -> tokens, as every importer of untokenised text
 * does it. The text is split on whitespace (utf8_is_space); a run that
 * contains Thai is segmented into words by ICU (thai_segment.h); other runs
 * have their leading ( [ { " ' < and trailing . , ; : ! ? ) ] } " ' >
 * characters split off as tokens of their own (a run made only of such
 * characters stays whole), so "Rp.50.000," -> "Rp.50.000" ",". */
#ifndef JN_TOKENIZE_H
#define JN_TOKENIZE_H
#include "data/tokens.h"

/* Appends the tokens of text to out. text must be valid UTF-8. */
void tokenize(const char *text, Tokens *out);
/* Appends the whitespace-separated runs of text[0..n) to out, unchanged. */
void tokenize_whitespace(const char *text, size_t n, Tokens *out);
/* Raw UTF-8 text -> its tokens joined by single spaces (malloc'd). */
char *tokenize_to_text(const char *text);

#endif
