/* import_enamex.c: prodattr_enamex.txt (Rif'at et al. 2018) -> IOBES
 * train/dev/test.conll.
 *
 * Each line is a quoted title with inline `<ENAMEX TYPE="X"> ... </ENAMEX>`.
 * The 16+ attribute types map to the paper's six: TYPE->PRODUCT, BRAND,
 * COLOR, MOTIVE and THEME->PATTERN, GENDER and AGE->CONSUMER_GROUP,
 * MATERIAL; all others become O (printed as `unmapped TYPE count`). Text is
 * split by tokenize(). Lines that cannot be parsed (malformed or nested
 * tags) are skipped with their line number and reason; an entity tag
 * around no text (11 in the real file) adds no entity and is counted as
 * `unmapped (empty)`; the real file has 5
 * such lines (553, 724, 1090, 1543, 1675), so importing it needs
 * --max-skip 5. Split: sentences shuffled with --seed (default 2020,
 * set in runner/cmd_data.c); the first 1000 are train and the rest is
 * halved, dev = rest / 2, test the remainder (--split A,B,C overrides).
 * Each split keeps the file's order. */
#include <stdlib.h>
#include <string.h>
#include "data/import.h"
#include "data/line_reader.h"
#include "data/split.h"
#include "data/tokenize.h"
#include "model/base.h"

static const char *paper_type(const char *type) {
  static const char *const map[][2] = {
      {"TYPE", "PRODUCT"},   {"BRAND", "BRAND"},           {"COLOR", "COLOR"},
      {"MOTIVE", "PATTERN"}, {"THEME", "PATTERN"},         {"GENDER", "CONSUMER_GROUP"},
      {"AGE", "CONSUMER_GROUP"}, {"MATERIAL", "MATERIAL"},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(map[i][0], type)) return map[i][1];
  return NULL;
}

static void add_text(const char *s, size_t n, Tokens *tokens) {
  char *copy = jn_malloc(n + 1);
  memcpy(copy, s, n);
  copy[n] = '\0';
  tokenize(copy, tokens);
  free(copy);
}

/* Parses one line into s; returns NULL or the reason it cannot be parsed. */
static const char *parse_line(const char *line, NerSentence *s, NameCounts *unmapped) {
  static const char open_tag[] = "<ENAMEX TYPE=\"", close_tag[] = "</ENAMEX>";
  size_t n = strlen(line);
  if (n < 2 || line[0] != '"' || line[n - 1] != '"') return "not a quoted line";
  const char *p = line + 1, *end = line + n - 1;
  Spans spans = {0};
  const char *reason = NULL;
  while (p < end && !reason) {
    const char *tag = strstr(p, "<");
    while (tag && tag < end && strncmp(tag, "<ENAMEX", 7) && strncmp(tag, "</ENAMEX", 8)) tag = strstr(tag + 1, "<");
    if (!tag || tag >= end) { add_text(p, (size_t)(end - p), &s->tokens); break; }
    add_text(p, (size_t)(tag - p), &s->tokens);
    if (tag[1] == '/') { reason = "</ENAMEX> without <ENAMEX>"; break; }
    if (strncmp(tag, open_tag, sizeof open_tag - 1)) { reason = "malformed <ENAMEX TYPE=\"X\"> tag"; break; }
    const char *type = tag + sizeof open_tag - 1, *type_end = strstr(type, "\">");
    const char *body = type_end ? type_end + 2 : NULL, *close = body ? strstr(body, close_tag) : NULL;
    const char *nested = body ? strstr(body, "<ENAMEX") : NULL;
    if (!type_end || type_end == type || memchr(type, '"', (size_t)(type_end - type)) ||
        memchr(type, ' ', (size_t)(type_end - type))) { reason = "malformed <ENAMEX TYPE=\"X\"> tag"; break; }
    if (!close || close >= end) { reason = "<ENAMEX> not closed"; break; }
    if (nested && nested < close) { reason = "nested <ENAMEX>"; break; }
    int first = s->tokens.n;
    add_text(body, (size_t)(close - body), &s->tokens);
    if (s->tokens.n == first) { /* `<ENAMEX TYPE="BRAND"> </ENAMEX>`: no tokens, no entity */
      name_counts_add(unmapped, "(empty)", 1);
      p = close + sizeof close_tag - 1;
      continue;
    }
    char *name = jn_malloc((size_t)(type_end - type) + 1);
    memcpy(name, type, (size_t)(type_end - type));
    name[type_end - type] = '\0';
    const char *mapped = paper_type(name);
    if (mapped) spans_push(&spans, first, s->tokens.n, mapped);
    else name_counts_add(unmapped, name, 1);
    free(name);
    p = close + sizeof close_tag - 1;
  }
  if (!reason && !s->tokens.n) reason = "no tokens";
  if (!reason) ner_set_tags(s, &spans);
  spans_free(&spans);
  return reason;
}

void import_enamex(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  NerSentence *sentences = NULL;
  int n = 0, cap = 0;
  NameCounts unmapped = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char *line;
    while ((line = line_reader_next(&r))) {
      if (n == cap) {
        cap = cap ? 2 * cap : 1024;
        sentences = jn_realloc(sentences, (size_t)cap * sizeof *sentences);
      }
      NerSentence *s = &sentences[n];
      memset(s, 0, sizeof *s);
      NameCounts line_unmapped = {0};
      const char *reason = parse_line(line, s, &line_unmapped);
      if (reason) {
        report_skip(&report, r.name, r.line, reason);
        ner_sentence_free(s);
      } else {
        for (int i = 0; i < line_unmapped.n; i++) name_counts_add(&unmapped, line_unmapped.v[i].name, line_unmapped.v[i].count);
        report_ner(&report, s);
        n++;
      }
      name_counts_free(&line_unmapped);
    }
    line_reader_close(&r);
  }
  for (int i = 0; i < unmapped.n; i++) printf("unmapped %s %ld\n", unmapped.v[i].name, unmapped.v[i].count);
  name_counts_free(&unmapped);
  report_finish(&report, "enamex");
  int sizes[3] = {o->split[0], o->split[1], o->split[2]};
  if (!sizes[0]) {
    if (n < 1000) jn_die("enamex: %d sentences, fewer than the 1000 for train", n);
    sizes[0] = 1000;
    sizes[1] = (n - 1000) / 2;
    sizes[2] = n - 1000 - sizes[1];
  }
  int *part = split_assign(n, sizes, o->seed);
  write_ner_splits(o->out, sentences, n, part, sizes);
  for (int i = 0; i < n; i++) ner_sentence_free(&sentences[i]);
  free(sentences);
  free(part);
}
