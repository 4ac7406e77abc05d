/* import_tiki.c: Tiki product CSV files (tiki_*.csv) -> an IOBES .conll of
 * titles with their category as sentence label and weak BRAND spans.
 *
 * The delimiter is whichever of ';' and ',' occurs more often in the
 * header; the header names the columns: the title is `name`,
 * `product_name` or `product name`, plus `brand` and `category` (the
 * description is not used). Every case-insensitive (ICU case folding)
 * occurrence of the brand's tokens in the title's tokens (tokenize())
 * becomes a BRAND span (`titles-with-brand` counts the titles with one).
 * Titles are de-duplicated by their case-folded tokens across all inputs,
 * the first occurrence kept (`duplicates`, and `duplicate-conflicts` for
 * repeats with another category). An empty title is skipped (--max-skip). */
#include <stdlib.h>
#include <string.h>
#include "data/csv.h"
#include "data/import.h"
#include "data/string_map.h"
#include "data/tokenize.h"
#include "data/utf8.h"
#include "model/base.h"

typedef struct {
  int title, brand, category, n;
} Columns;

static Columns read_header(LineReader *r, char *delim) {
  const char *line = line_reader_next(r);
  if (!line) jn_die("%s: empty file", r->name);
  int semicolons = 0, commas = 0;
  for (const char *p = line; *p; p++) semicolons += *p == ';', commas += *p == ',';
  *delim = semicolons > commas ? ';' : ',';
  Columns c = {-1, -1, -1, 0};
  char *copy = jn_strdup(line), *save = NULL;
  char sep[2] = {*delim, 0};
  for (char *name = strtok_r(copy, sep, &save); name; name = strtok_r(NULL, sep, &save), c.n++) {
    if (!strcmp(name, "name") || !strcmp(name, "product_name") || !strcmp(name, "product name")) c.title = c.n;
    else if (!strcmp(name, "brand")) c.brand = c.n;
    else if (!strcmp(name, "category")) c.category = c.n;
  }
  free(copy);
  if (c.title < 0 || c.brand < 0 || c.category < 0)
    jn_die("%s:1: header needs columns name (or product_name), brand and category", r->name);
  return c;
}

static void fold_all(const Tokens *in, Tokens *out) {
  tokens_clear(out);
  for (int i = 0; i < in->n; i++) {
    char *folded = utf8_fold_case(in->v[i]);
    tokens_push(out, folded, strlen(folded));
    free(folded);
  }
}

static void brand_spans(const Tokens *title, const Tokens *brand, Spans *out) {
  for (int i = 0; brand->n && i + brand->n <= title->n;) {
    int k = 0;
    while (k < brand->n && !strcmp(title->v[i + k], brand->v[k])) k++;
    if (k == brand->n) {
      spans_push(out, i, i + k, "BRAND");
      i += k;
    } else i++;
  }
}

void import_tiki(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  FILE *out = open_output(o->out);
  StringMap seen = {0}; /* folded title -> index + 1 into categories */
  Tokens categories = {0}, fields = {0}, brand = {0}, folded_title = {0}, folded_brand = {0};
  long duplicates = 0, conflicts = 0, with_brand = 0;
  NerSentence s = {0};
  Spans spans = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char delim;
    Columns c = read_header(&r, &delim);
    long line;
    while (csv_next(&r, delim, &fields, &line)) {
      if (fields.n != c.n) jn_die("%s:%ld: expected %d fields, got %d", r.name, line, c.n, fields.n);
      ner_sentence_clear(&s);
      tokenize(fields.v[c.title], &s.tokens);
      if (!s.tokens.n) { report_skip(&report, r.name, line, "empty title"); continue; }
      s.label = clean_label(fields.v[c.category], r.name, line);
      fold_all(&s.tokens, &folded_title);
      char *key = tokens_join(&folded_title);
      int inserted;
      long *slot = string_map_slot(&seen, key, &inserted);
      free(key);
      if (!inserted) {
        duplicates++;
        conflicts += strcmp(categories.v[*slot - 1], s.label) != 0;
        continue;
      }
      tokens_push(&categories, s.label, strlen(s.label));
      *slot = categories.n;
      tokens_clear(&brand);
      tokenize(fields.v[c.brand], &brand);
      fold_all(&brand, &folded_brand);
      spans_clear(&spans);
      brand_spans(&folded_title, &folded_brand, &spans);
      with_brand += spans.n > 0;
      ner_set_tags(&s, &spans);
      conll_write(out, &s);
      report_ner(&report, &s);
    }
    line_reader_close(&r);
  }
  printf("duplicates %ld\nduplicate-conflicts %ld\ntitles-with-brand %ld\n", duplicates, conflicts, with_brand);
  report_finish(&report, "tiki");
  close_output(out, o->out);
  ner_sentence_free(&s);
  spans_free(&spans);
  string_map_free(&seen);
  tokens_free(&categories);
  tokens_free(&fields);
  tokens_free(&brand);
  tokens_free(&folded_title);
  tokens_free(&folded_brand);
}
