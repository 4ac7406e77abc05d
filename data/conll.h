/* conll.h: the project's NER file format (.conll) and tag conversion.
 *
 * A .conll file is UTF-8, one `TOKEN<TAB>TAG` line per token with IOBES
 * tags (S-, B-, I-, E-, O; or BIO, which `data import --format bio
 * --keep-scheme` keeps when its input is BIO), a blank line after each sentence, and an optional
 * `# label = CATEGORY` line directly before a sentence. */
#ifndef JN_CONLL_H
#define JN_CONLL_H
#include <stdbool.h>
#include <stdio.h>
#include "data/line_reader.h"
#include "data/tokens.h"

typedef struct {
  int start, end; /* token range [start, end) */
  char *type;
} Span;

typedef struct {
  Span *v;
  int n, cap;
} Spans;

typedef struct {
  Tokens tokens;
  Tokens tags;  /* IOBES, one per token */
  char *label;  /* sentence label or NULL */
} NerSentence;

void spans_push(Spans *s, int start, int end, const char *type);
void spans_clear(Spans *s);
void spans_free(Spans *s);

/* Parses BIO or IOBES tags into spans. I- after O or after another type
 * starts a new span (as conlleval does); tags other than O, B-, I-, E-, S-
 * followed by a type die with "file:line: bad tag". line[i] is the file
 * line of tag i. */
void spans_from_tags(char *const *tags, int n, const char *file, const long *line, Spans *out);
/* Sets s->tags (IOBES) from spans over s->tokens (spans must not overlap). */
void ner_set_tags(NerSentence *s, const Spans *spans);

/* IOBES tags to BIO in place: S- becomes B-, E- becomes I-. */
void tags_iobes_to_bio(Tokens *tags);

void ner_sentence_clear(NerSentence *s);
void ner_sentence_free(NerSentence *s);
/* Token with every whitespace run replaced by '_' and the ends trimmed;
 * NULL when the token is only whitespace. malloc'd. */
char *token_without_spaces(const char *raw);

void conll_write(FILE *f, const NerSentence *s);
/* Reads the next sentence of a .conll file written in this format (IOBES
 * checked); false at end of file. */
bool conll_read(LineReader *r, NerSentence *s);

#endif
