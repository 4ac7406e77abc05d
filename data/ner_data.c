/* ner_data.c: NER column files into memory, tags checked and made IOBES. */
#include "data/ner_data.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/line_reader.h"
#include "model/base.h"

const char *tag_type(const char *tag) {
  return strcmp(tag, "O") ? tag + 2 : NULL;
}

/* O, or one of B I E S, '-', a non-empty type. */
static int tag_well_formed(const char *tag) {
  if (!strcmp(tag, "O")) return 1;
  return strchr("BIES", tag[0]) && tag[0] && tag[1] == '-' && tag[2];
}

/* Both tags typed (not O) and of the same type. */
static int same_type(const char *a, const char *b) {
  return strcmp(a, "O") && strcmp(b, "O") && !strcmp(a + 2, b + 2);
}

const char *tags_to_iobes(char **tags, int n, int bio, int *bad) {
  static char msg[160];
  for (int i = 0; i < n; i++) {
    char *t = tags[i], p = t[0];
    const char *prev = i > 0 ? tags[i - 1] : "O";
    int continues = (prev[0] == 'B' || prev[0] == 'I') && same_type(prev, t);
    *bad = i;
    if (bio && (p == 'E' || p == 'S')) {
      snprintf(msg, sizeof msg, "tag '%s' in a file read as BIO", t);
      return msg;
    }
    if ((p == 'I' || p == 'E') && !continues) {
      snprintf(msg, sizeof msg, "invalid tag sequence: '%s' after '%s'", t, prev);
      return msg;
    }
    if (!bio && (prev[0] == 'B' || prev[0] == 'I') && !((p == 'I' || p == 'E') && same_type(prev, t))) {
      snprintf(msg, sizeof msg, "invalid tag sequence: '%s' after '%s' (IOBES)", t, prev);
      return msg;
    }
  }
  if (!bio && n > 0 && (tags[n - 1][0] == 'B' || tags[n - 1][0] == 'I')) {
    *bad = n - 1;
    snprintf(msg, sizeof msg, "invalid tag sequence: sentence ends in '%s' (IOBES)", tags[n - 1]);
    return msg;
  }
  if (bio) /* B I I O -> B I E O; B O -> S O */
    for (int i = 0; i < n; i++) {
      char p = tags[i][0];
      int next_inside = i + 1 < n && tags[i + 1][0] == 'I';
      if (p == 'B' && !next_inside) tags[i][0] = 'S';
      if (p == 'I' && !next_inside) tags[i][0] = 'E';
    }
  return NULL;
}

typedef struct {
  NerData *d;
  long cap_tokens;
  int cap_sentences;
  char *pending_label;
  long *token_lines; /* [tokens of the open sentence] */
  int open_tokens;
  long open_line;
} Builder;

static void push_token(Builder *b, char *word, char *tag, long line) {
  NerData *d = b->d;
  if (d->n_tokens == b->cap_tokens) {
    b->cap_tokens = b->cap_tokens ? 2 * b->cap_tokens : 1024;
    d->words = jn_realloc(d->words, sizeof(char *) * b->cap_tokens);
    d->tags = jn_realloc(d->tags, sizeof(char *) * b->cap_tokens);
    b->token_lines = jn_realloc(b->token_lines, sizeof(long) * b->cap_tokens);
  }
  if (b->open_tokens == 0) b->open_line = line;
  d->words[d->n_tokens] = word;
  d->tags[d->n_tokens] = tag;
  b->token_lines[b->open_tokens++] = line;
  d->n_tokens++;
}

static void close_sentence(Builder *b, const ColumnFormat *fmt, int bio) {
  NerData *d = b->d;
  if (b->open_tokens == 0) return;
  if (d->n_sentences + 1 >= b->cap_sentences) {
    b->cap_sentences = b->cap_sentences ? 2 * b->cap_sentences : 256;
    d->start = jn_realloc(d->start, sizeof(int) * (b->cap_sentences + 1));
    d->labels = jn_realloc(d->labels, sizeof(char *) * b->cap_sentences);
    d->lines = jn_realloc(d->lines, sizeof(long) * b->cap_sentences);
  }
  long first = d->n_tokens - b->open_tokens;
  if (fmt->tag_column >= 0) {
    int bad;
    const char *err = tags_to_iobes(d->tags + first, b->open_tokens, bio, &bad);
    if (err) jn_die("%s:%ld: %s", d->path, b->token_lines[bad], err);
  }
  d->start[d->n_sentences] = (int)first;
  d->labels[d->n_sentences] = b->pending_label;
  d->lines[d->n_sentences] = b->open_line;
  d->n_sentences++;
  d->start[d->n_sentences] = (int)d->n_tokens;
  b->pending_label = NULL;
  b->open_tokens = 0;
}

/* Splits line into at most max fields in place; returns the count. */
static int split_fields(char *line, char **fields, int max, int whitespace) {
  int n = 0;
  char *p = line;
  while (n < max) {
    if (whitespace) {
      while (*p == ' ' || *p == '\t') p++;
      if (!*p) break;
    }
    fields[n++] = p;
    char *end = whitespace ? p + strcspn(p, " \t") : strchr(p, '\t');
    if (!end || !*end) break;
    *end = '\0';
    p = end + 1;
  }
  return n;
}

/* A comment line before a sentence: "# key = value"; returns the value of
 * `label` (malloc'd) or NULL for other keys. */
static char *comment_label(const char *line) {
  const char *p = line + 1;
  while (*p == ' ') p++;
  if (strncmp(p, "label", 5)) return NULL;
  p += 5;
  while (*p == ' ') p++;
  if (*p != '=') return NULL;
  p++;
  while (*p == ' ') p++;
  size_t n = strlen(p);
  while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  char *v = jn_malloc(n + 1);
  memcpy(v, p, n);
  v[n] = '\0';
  return v;
}

/* "auto": BIO unless an E- or S- tag occurs anywhere in the file. */
static int file_is_bio(const char *path, const ColumnFormat *fmt) {
  if (!strcmp(fmt->scheme, "bio")) return 1;
  if (!strcmp(fmt->scheme, "iobes") || fmt->tag_column < 0) return 0;
  LineReader r;
  line_reader_open(&r, path);
  int bio = 1;
  char *line, *fields[64];
  while (bio && (line = line_reader_next(&r))) {
    if (!*line || line[0] == '#') continue;
    int n = split_fields(line, fields, 64, fmt->whitespace_separated);
    if (n > fmt->tag_column && (fields[fmt->tag_column][0] == 'E' || fields[fmt->tag_column][0] == 'S') &&
        fields[fmt->tag_column][1] == '-')
      bio = 0;
  }
  line_reader_close(&r);
  return bio;
}

void ner_data_read(NerData *d, const char *path, const ColumnFormat *fmt) {
  memset(d, 0, sizeof *d);
  d->path = jn_strdup(path);
  int bio = file_is_bio(path, fmt);
  d->bio = fmt->tag_column >= 0 && bio;
  int need = (fmt->token_column > fmt->tag_column ? fmt->token_column : fmt->tag_column) + 1;
  Builder b = {.d = d};
  LineReader r;
  line_reader_open(&r, path);
  char *line, *fields[64];
  while ((line = line_reader_next(&r))) {
    int blank = line[strspn(line, " \t")] == '\0';
    if (blank) {
      close_sentence(&b, fmt, bio);
      continue;
    }
    if (line[0] == '#' && b.open_tokens == 0 && !strchr(line, '\t')) {
      char *label = comment_label(line);
      if (label) {
        if (b.pending_label) jn_die("%s:%ld: a second '# label' line for one sentence", path, r.line);
        b.pending_label = label;
      }
      continue;
    }
    int n = split_fields(line, fields, 64, fmt->whitespace_separated);
    if (n < need)
      jn_die("%s:%ld: expected at least %d column%s, found %d", path, r.line, need,
             need > 1 ? "s" : "", n);
    const char *word = fields[fmt->token_column];
    if (!*word) jn_die("%s:%ld: empty token", path, r.line);
    char *tag = NULL;
    if (fmt->tag_column >= 0) {
      tag = fields[fmt->tag_column];
      size_t len = strcspn(tag, " \t");
      tag[len] = '\0';
      if (!tag_well_formed(tag))
        jn_die("%s:%ld: unknown tag '%s' (expected O or B-, I-, E-, S- and a type)", path, r.line,
               tag);
      tag = jn_strdup(tag);
    }
    push_token(&b, jn_strdup(word), tag, r.line);
  }
  close_sentence(&b, fmt, bio);
  line_reader_close(&r);
  free(b.token_lines);
  if (b.pending_label) jn_die("%s: '# label' line at the end of the file with no sentence", path);
  if (d->n_sentences == 0) jn_die("%s: no sentences (empty file?)", path);
  if (fmt->tag_column < 0) {
    free(d->tags);
    d->tags = NULL;
  }
}

void ner_data_append(NerData *d, const NerData *src) {
  long nt = d->n_tokens + src->n_tokens;
  int ns = d->n_sentences + src->n_sentences;
  d->words = jn_realloc(d->words, sizeof(char *) * nt);
  d->tags = jn_realloc(d->tags, sizeof(char *) * nt);
  d->start = jn_realloc(d->start, sizeof(int) * (ns + 1));
  d->labels = jn_realloc(d->labels, sizeof(char *) * ns);
  d->lines = jn_realloc(d->lines, sizeof(long) * ns);
  for (long i = 0; i < src->n_tokens; i++) {
    d->words[d->n_tokens + i] = jn_strdup(src->words[i]);
    d->tags[d->n_tokens + i] = jn_strdup(src->tags[i]);
  }
  for (int s = 0; s < src->n_sentences; s++) {
    d->start[d->n_sentences + s] = (int)(d->n_tokens + src->start[s]);
    d->labels[d->n_sentences + s] = src->labels[s] ? jn_strdup(src->labels[s]) : NULL;
    d->lines[d->n_sentences + s] = src->lines[s];
  }
  d->n_tokens = nt;
  d->n_sentences = ns;
  d->start[ns] = (int)nt;
}

void ner_data_free(NerData *d) {
  for (long i = 0; i < d->n_tokens; i++) {
    free(d->words[i]);
    if (d->tags) free(d->tags[i]);
  }
  for (int s = 0; s < d->n_sentences; s++) free(d->labels[s]);
  free(d->words);
  free(d->tags);
  free(d->labels);
  free(d->start);
  free(d->lines);
  free(d->path);
  memset(d, 0, sizeof *d);
}
