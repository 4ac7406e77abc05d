/* import_bracket.c: bracket-tagged raw text -> IOBES .conll.
 *
 * One sentence a line, untokenised, entities marked inline:
 *   [PERSON]นายจตุพร พรหมพันธุ์[/PERSON] เดินทางไป[LOCATION]เชียงใหม่[/LOCATION]
 * (the format of several Thai NER corpora). A tag is `[NAME]` or `[/NAME]`
 * with NAME a capital letter followed by capitals, digits, '_' or '-'; any
 * other '[' ("[sic]", "[1]") is text. Each plain and each tagged piece is tokenised on its own
 * (tokenize(): Thai segmented by ICU), so an entity's edges are always
 * token edges even where the text has no space there. Byte-order marks
 * (U+FEFF) are removed wherever they occur. A `# label = CATEGORY` line
 * gives the next sentence's label; blank lines are ignored. A line that
 * cannot be parsed (an unclosed, unopened, nested or empty entity, or no
 * text) stops the import with file:line, what is wrong and a hint, unless
 * --max-skip allows skipping it. Output as the bio importer's: --out
 * FILE.conll, or with --split A,B,C DIR/{train,dev,test}.conll +
 * DIR/unlabeled.txt. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "data/import.h"
#include "data/line_reader.h"
#include "data/tokenize.h"
#include "model/base.h"

static const char BOM[] = "\xEF\xBB\xBF";

/* Removes every U+FEFF from s in place. */
static void remove_byte_order_marks(char *s) {
  char *out = s;
  for (const char *p = s; *p;) {
    if (!strncmp(p, BOM, 3)) { p += 3; continue; }
    *out++ = *p++;
  }
  *out = '\0';
}

/* Length of a tag `[NAME]` or `[/NAME]` at p (0 if p is not one); its name
 * is p[*name_at .. *name_at + *name_len). */
static size_t tag_at(const char *p, size_t *name_at, size_t *name_len) {
  if (p[0] != '[') return 0;
  size_t i = p[1] == '/' ? 2 : 1;
  if (!isupper((unsigned char)p[i])) return 0;
  size_t start = i;
  while (isupper((unsigned char)p[i]) || isdigit((unsigned char)p[i]) || p[i] == '_' || p[i] == '-') i++;
  if (p[i] != ']') return 0;
  *name_at = start;
  *name_len = i - start;
  return i + 1;
}

static void add_text(const char *s, size_t n, Tokens *tokens) {
  char *copy = jn_malloc(n + 1);
  memcpy(copy, s, n);
  copy[n] = '\0';
  tokenize(copy, tokens);
  free(copy);
}

/* Parses one line into s; returns NULL or what is wrong, with a hint
 * (static buffer). */
static const char *parse_line(const char *line, NerSentence *s) {
  static char why[256];
  Spans spans = {0};
  const char *text = line, *open = NULL; /* open: the body of the open entity */
  char type[64] = "";
  const char *reason = NULL;
  for (const char *p = line; *p && !reason;) {
    size_t name_at, name_len, len = tag_at(p, &name_at, &name_len);
    if (!len) { p++; continue; }
    int closing = p[1] == '/';
    if (!closing && open) {
      snprintf(why, sizeof why, "[%.*s] inside [%s]: entities cannot nest (close [/%s] first)",
               (int)name_len, p + name_at, type, type);
      reason = why;
    } else if (closing && !open) {
      snprintf(why, sizeof why, "[/%.*s] without an opening [%.*s]", (int)name_len, p + name_at,
               (int)name_len, p + name_at);
      reason = why;
    } else if (closing && (strlen(type) != name_len || strncmp(type, p + name_at, name_len))) {
      snprintf(why, sizeof why, "[/%.*s] closes [%s]: the names must match", (int)name_len,
               p + name_at, type);
      reason = why;
    } else if (!closing) {
      if (name_len >= sizeof type) {
        snprintf(why, sizeof why, "entity type longer than %zu characters", sizeof type - 1);
        reason = why;
        break;
      }
      add_text(text, (size_t)(p - text), &s->tokens);
      memcpy(type, p + name_at, name_len);
      type[name_len] = '\0';
      open = p + len;
    } else {
      int first = s->tokens.n;
      add_text(open, (size_t)(p - open), &s->tokens);
      if (s->tokens.n == first) {
        snprintf(why, sizeof why,
                 "[%s] entity has no text (only spaces or invisible characters); remove the empty "
                 "tags", type);
        reason = why;
      }
      spans_push(&spans, first, s->tokens.n, type);
      open = NULL;
      text = p + len;
    }
    p += len;
  }
  if (!reason && open) {
    snprintf(why, sizeof why, "[%s] is not closed: add [/%s] where the entity ends", type, type);
    reason = why;
  }
  if (!reason) add_text(text, strlen(text), &s->tokens);
  if (!reason && !s->tokens.n) reason = "no text on the line (only tags?)";
  if (!reason) ner_set_tags(s, &spans);
  spans_free(&spans);
  return reason;
}

void import_bracket(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  NerSentence *sentences = NULL;
  int n = 0, cap = 0;
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char *line, *label = NULL;
    while ((line = line_reader_next(&r))) {
      remove_byte_order_marks(line);
      if (!strncmp(line, "# label = ", 10)) {
        free(label);
        label = clean_label(line + 10, r.name, r.line);
        continue;
      }
      if (!line[strspn(line, " \t")]) continue;
      if (n == cap) {
        cap = cap ? 2 * cap : 1024;
        sentences = jn_realloc(sentences, (size_t)cap * sizeof *sentences);
      }
      NerSentence *s = &sentences[n];
      memset(s, 0, sizeof *s);
      const char *reason = parse_line(line, s);
      if (reason && o->max_skip == 0) jn_die("%s:%ld: %s", r.name, r.line, reason);
      if (reason) {
        report_skip(&report, r.name, r.line, reason);
        ner_sentence_free(s);
        free(label);
        label = NULL;
      } else {
        s->label = label;
        label = NULL;
        report_ner(&report, s);
        n++;
      }
    }
    if (label) jn_die("%s: '# label' line at the end of the file with no sentence", r.name);
    line_reader_close(&r);
  }
  report_finish(&report, "bracket");
  write_ner_output(o, sentences, n);
  for (int i = 0; i < n; i++) ner_sentence_free(&sentences[i]);
  free(sentences);
}
