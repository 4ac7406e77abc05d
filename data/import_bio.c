/* import_bio.c: token/tag column files (nerp_*.bio, thainer13.conll, or the
 * project's own .conll) -> IOBES .conll. The input is BIO when none of its
 * tags is E- or S- (printed as `input-scheme bio|iobes`); with
 * --keep-scheme a BIO input is written as BIO, so that a model trained on it
 * predicts BIO too (IOBES stays the default: the files of the public data,
 * and so the identities of their runs, stay as they were).
 *
 * A line is TOKEN<TAB>TAG (split at the last tab) or, without a tab,
 * TOKEN TAG (split at the last space); a blank line ends a sentence; a
 * `# label = X` line before a sentence is kept. Tags are BIO or IOBES.
 * Whitespace-only tokens (ThaiNER's space tokens) are dropped and the
 * entity spans recomputed over the kept tokens, so the IOBES tags stay
 * consistent; an entity made only of whitespace disappears (counted as
 * `dropped-entities`); whitespace inside a token becomes '_'.
 * Without --split every input goes, in order, to the --out FILE. With
 * --split A,B,C the sentences are sampled with --seed into
 * DIR/{train,dev,test}.conll (file order kept) and the rest is written as
 * unlabeled text, DIR/unlabeled.txt. */
#include <stdlib.h>
#include <string.h>
#include "data/import.h"
#include "data/line_reader.h"
#include "model/base.h"

typedef struct {
  NerSentence *v;
  int n, cap;
  long dropped_entities;
  int iobes; /* an input has an E- or S- tag */
} Corpus;

typedef struct {
  Tokens tokens, tags;
  long *lines;
  int cap;
  char *label;
} RawSentence;

static void raw_add(RawSentence *raw, const char *token, size_t token_len, const char *tag, long line) {
  if (raw->tokens.n == raw->cap) {
    raw->cap = raw->cap ? 2 * raw->cap : 64;
    raw->lines = jn_realloc(raw->lines, (size_t)raw->cap * sizeof *raw->lines);
  }
  raw->lines[raw->tokens.n] = line;
  tokens_push(&raw->tokens, token, token_len);
  tokens_push(&raw->tags, tag, strlen(tag));
}

static void finish_sentence(RawSentence *raw, const char *file, Corpus *c, ImportReport *report) {
  if (!raw->tokens.n) return;
  int n = raw->tokens.n;
  Spans spans = {0}, kept_spans = {0};
  spans_from_tags(raw->tags.v, n, file, raw->lines, &spans);
  int *kept_before = jn_malloc(((size_t)n + 1) * sizeof *kept_before); /* kept tokens before raw i */
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 1024;
    c->v = jn_realloc(c->v, (size_t)c->cap * sizeof *c->v);
  }
  NerSentence *s = &c->v[c->n];
  memset(s, 0, sizeof *s);
  kept_before[0] = 0;
  for (int i = 0; i < n; i++) {
    char *clean = token_without_spaces(raw->tokens.v[i]);
    if (clean) {
      tokens_push(&s->tokens, clean, strlen(clean));
      free(clean);
    }
    kept_before[i + 1] = s->tokens.n;
  }
  for (int k = 0; k < spans.n; k++) {
    int start = kept_before[spans.v[k].start], end = kept_before[spans.v[k].end];
    if (start < end) spans_push(&kept_spans, start, end, spans.v[k].type);
    else c->dropped_entities++;
  }
  if (!s->tokens.n) {
    report_skip(report, file, raw->lines[0], "sentence has only whitespace tokens");
    ner_sentence_free(s);
  } else {
    ner_set_tags(s, &kept_spans);
    s->label = raw->label;
    raw->label = NULL;
    report_ner(report, s);
    c->n++;
  }
  free(kept_before);
  spans_free(&spans);
  spans_free(&kept_spans);
  tokens_clear(&raw->tokens);
  tokens_clear(&raw->tags);
  free(raw->label);
  raw->label = NULL;
}

static void read_file(const char *path, Corpus *c, ImportReport *report) {
  LineReader r;
  line_reader_open(&r, path);
  RawSentence raw = {0};
  char *line;
  while ((line = line_reader_next(&r))) {
    if (!*line) { finish_sentence(&raw, r.name, c, report); continue; }
    if (!strncmp(line, "# label = ", 10) && !raw.tokens.n) {
      free(raw.label);
      raw.label = clean_label(line + 10, r.name, r.line);
      continue;
    }
    char *sep = strrchr(line, '\t');
    if (!sep) sep = strrchr(line, ' ');
    if (!sep || !sep[1]) jn_die("%s:%ld: expected TOKEN<TAB>TAG", r.name, r.line);
    if (sep == line) jn_die("%s:%ld: empty token", r.name, r.line);
    raw_add(&raw, line, (size_t)(sep - line), sep + 1, r.line);
    c->iobes |= (sep[1] == 'E' || sep[1] == 'S') && sep[2] == '-';
  }
  finish_sentence(&raw, r.name, c, report);
  line_reader_close(&r);
  tokens_free(&raw.tokens);
  tokens_free(&raw.tags);
  free(raw.lines);
}

void import_bio(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  Corpus c = {0};
  for (int f = 0; f < o->n_inputs; f++) read_file(o->inputs[f], &c, &report);
  int write_bio = !c.iobes && o->keep_scheme;
  printf("dropped-entities %ld\ninput-scheme %s\noutput-scheme %s\n", c.dropped_entities,
         c.iobes ? "iobes" : "bio", write_bio ? "bio" : "iobes");
  if (write_bio)
    for (int i = 0; i < c.n; i++) tags_iobes_to_bio(&c.v[i].tags);
  report_finish(&report, "bio");
  write_ner_output(o, c.v, c.n);
  for (int i = 0; i < c.n; i++) ner_sentence_free(&c.v[i]);
  free(c.v);
}
