/* conll.c: IOBES conversion, reading and writing of .conll files. */
#include "data/conll.h"
#include <stdlib.h>
#include <string.h>
#include "data/utf8.h"
#include "model/base.h"

void spans_push(Spans *s, int start, int end, const char *type) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 8;
    s->v = jn_realloc(s->v, (size_t)s->cap * sizeof *s->v);
  }
  s->v[s->n++] = (Span){start, end, jn_strdup(type)};
}

void spans_clear(Spans *s) {
  for (int i = 0; i < s->n; i++) free(s->v[i].type);
  s->n = 0;
}

void spans_free(Spans *s) {
  spans_clear(s);
  free(s->v);
  memset(s, 0, sizeof *s);
}

void spans_from_tags(char *const *tags, int n, const char *file, const long *line, Spans *out) {
  int open = -1; /* index of the open span in out, or -1 */
  for (int i = 0; i < n; i++) {
    const char *t = tags[i];
    if (!strcmp(t, "O")) { open = -1; continue; }
    if (!strchr("BIES", t[0]) || t[1] != '-' || !t[2]) jn_die("%s:%ld: bad tag '%s'", file, line[i], t);
    const char *type = t + 2;
    bool continues = (t[0] == 'I' || t[0] == 'E') && open >= 0 && !strcmp(out->v[open].type, type);
    if (continues) out->v[open].end = i + 1;
    else {
      spans_push(out, i, i + 1, type);
      open = out->n - 1;
    }
    if (t[0] == 'E' || t[0] == 'S') open = -1;
  }
}

void ner_set_tags(NerSentence *s, const Spans *spans) {
  tokens_clear(&s->tags);
  for (int i = 0; i < s->tokens.n; i++) tokens_push(&s->tags, "O", 1);
  for (int k = 0; k < spans->n; k++) {
    const Span *sp = &spans->v[k];
    for (int i = sp->start; i < sp->end; i++) {
      char prefix = sp->end - sp->start == 1 ? 'S' : i == sp->start ? 'B' : i == sp->end - 1 ? 'E' : 'I';
      size_t len = strlen(sp->type) + 3;
      char *tag = jn_malloc(len);
      snprintf(tag, len, "%c-%s", prefix, sp->type);
      free(s->tags.v[i]);
      s->tags.v[i] = tag;
    }
  }
}

void ner_sentence_clear(NerSentence *s) {
  tokens_clear(&s->tokens);
  tokens_clear(&s->tags);
  free(s->label);
  s->label = NULL;
}

void ner_sentence_free(NerSentence *s) {
  ner_sentence_clear(s);
  tokens_free(&s->tokens);
  tokens_free(&s->tags);
}

char *token_without_spaces(const char *raw) {
  size_t n = strlen(raw);
  char *out = jn_malloc(n + 1), *p = out;
  bool pending_space = false;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int len = utf8_decode(raw + i, &cp);
    if (utf8_is_space(cp)) pending_space = p > out;
    else {
      if (pending_space) *p++ = '_';
      pending_space = false;
      memcpy(p, raw + i, (size_t)len);
      p += len;
    }
    i += (size_t)len;
  }
  *p = '\0';
  if (p == out) {
    free(out);
    return NULL;
  }
  return out;
}

void tags_iobes_to_bio(Tokens *tags) {
  for (int i = 0; i < tags->n; i++) {
    char *t = tags->v[i];
    if (t[0] == 'S' && t[1] == '-') t[0] = 'B';
    if (t[0] == 'E' && t[1] == '-') t[0] = 'I';
  }
}

void conll_write(FILE *f, const NerSentence *s) {
  if (s->label) fprintf(f, "# label = %s\n", s->label);
  for (int i = 0; i < s->tokens.n; i++) fprintf(f, "%s\t%s\n", s->tokens.v[i], s->tags.v[i]);
  fputc('\n', f);
}

bool conll_read(LineReader *r, NerSentence *s) {
  ner_sentence_clear(s);
  char *line;
  while ((line = line_reader_next(r))) {
    if (!*line) {
      if (s->tokens.n) return true;
      continue;
    }
    if (!strncmp(line, "# label = ", 10) && !s->tokens.n) {
      free(s->label);
      s->label = jn_strdup(line + 10);
      continue;
    }
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || strchr(tab + 1, '\t'))
      jn_die("%s:%ld: expected TOKEN<TAB>TAG", r->name, r->line);
    const char *tag = tab + 1;
    bool iobes = !strcmp(tag, "O") || (strchr("BIES", tag[0]) && tag[1] == '-' && tag[2]);
    if (!iobes) jn_die("%s:%ld: bad IOBES tag '%s'", r->name, r->line, tag);
    tokens_push(&s->tokens, line, (size_t)(tab - line));
    tokens_push(&s->tags, tag, strlen(tag));
  }
  return s->tokens.n > 0;
}
