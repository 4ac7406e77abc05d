/* import_product_csv.c: product-title CSV files with weak entity spans ->
 * an IOBES .conll of titles with a category as sentence label.
 *
 * tiki (tiki_*.csv): the delimiter is whichever of ';' and ',' occurs more
 * often in the header; the title is column `name`, `product_name` or
 * `product name`, the label `category`, and `brand` gives BRAND spans (the
 * description is not used).
 *
 * shopee-coreterms (shopee_coreterms_<CAT>.csv, ','): the title is
 * `product_name`, `brand` gives BRAND spans and `core_terms` (one or more,
 * ','-separated) PRODUCT spans; the label is `main_cat`, or <CAT> from the
 * file name in a file without that column.
 *
 * Every case-insensitive (ICU case folding) occurrence of a value's tokens
 * (tokenize()) in the title's tokens becomes a span, BRAND first, then
 * PRODUCT on tokens no span holds (`titles-with-brand`, and
 * `titles-with-product` for shopee-coreterms, count the titles with one).
 * Titles are de-duplicated by their case-folded tokens across all inputs,
 * the first occurrence kept (`duplicates`, and `duplicate-conflicts` for
 * repeats with another label). An empty title is skipped (--max-skip). */
#include <stdlib.h>
#include <string.h>
#include "data/csv.h"
#include "data/import.h"
#include "data/string_map.h"
#include "data/tokenize.h"
#include "model/base.h"

typedef enum { TIKI, SHOPEE_CORETERMS } ProductFormat;

typedef struct {
  int title, brand, category, core_terms, n; /* column indices, -1: absent */
} Columns;

static int is_title_column(ProductFormat format, const char *name) {
  if (!strcmp(name, "product_name")) return 1;
  return format == TIKI && (!strcmp(name, "name") || !strcmp(name, "product name"));
}

static Columns read_header(LineReader *r, ProductFormat format, char *delim) {
  const char *line = line_reader_next(r);
  if (!line) jn_die("%s: empty file", r->name);
  int semicolons = 0, commas = 0;
  for (const char *p = line; *p; p++) semicolons += *p == ';', commas += *p == ',';
  *delim = format == TIKI && semicolons > commas ? ';' : ',';
  Columns c = {-1, -1, -1, -1, 0};
  const char *category = format == TIKI ? "category" : "main_cat";
  char *copy = jn_strdup(line), *save = NULL;
  char sep[2] = {*delim, 0};
  for (char *name = strtok_r(copy, sep, &save); name; name = strtok_r(NULL, sep, &save), c.n++) {
    if (is_title_column(format, name)) c.title = c.n;
    else if (!strcmp(name, "brand")) c.brand = c.n;
    else if (!strcmp(name, category)) c.category = c.n;
    else if (format == SHOPEE_CORETERMS && !strcmp(name, "core_terms")) c.core_terms = c.n;
  }
  free(copy);
  if (format == TIKI && (c.title < 0 || c.brand < 0 || c.category < 0))
    jn_die("%s:1: header needs columns name (or product_name), brand and category", r->name);
  if (format == SHOPEE_CORETERMS && (c.title < 0 || c.brand < 0 || c.core_terms < 0))
    jn_die("%s:1: header needs columns product_name, core_terms and brand", r->name);
  return c;
}

/* <CAT> of .../shopee_coreterms_<CAT>.csv (malloc'd); dies naming the file
 * when the name has no such part. */
static char *category_from_file_name(const char *path) {
  char *category = file_name_suffix(path, 1, ".csv");
  if (!category)
    jn_die("%s:1: no main_cat column, and the file name has no category (shopee_coreterms_<CAT>.csv)",
           path);
  return category;
}

/* Scratch of one title's spans. */
typedef struct {
  Tokens value, folded;
  char *taken; /* [title tokens]: 1 where a span already is */
  int cap;
} Matcher;

/* Adds a TYPE span at every occurrence of the tokens of value in title
 * (both case-folded) that overlaps no earlier span; returns how many. */
static int mark_spans(Matcher *m, const Tokens *title, const char *value, const char *type, Spans *out) {
  tokens_clear(&m->value);
  tokenize(value, &m->value);
  tokens_fold_case(&m->value, &m->folded);
  const Tokens *v = &m->folded;
  int added = 0;
  for (int i = 0; v->n && i + v->n <= title->n;) {
    int k = 0;
    while (k < v->n && !m->taken[i + k] && !strcmp(title->v[i + k], v->v[k])) k++;
    if (k < v->n) {
      i++;
      continue;
    }
    spans_push(out, i, i + k, type);
    memset(m->taken + i, 1, (size_t)k);
    added++;
    i += k;
  }
  return added;
}

/* PRODUCT spans of each ','-separated core term; returns how many. */
static int mark_core_terms(Matcher *m, const Tokens *title, const char *core_terms, Spans *out) {
  char *list = jn_strdup(core_terms), *save = NULL;
  int added = 0;
  for (char *term = strtok_r(list, ",", &save); term; term = strtok_r(NULL, ",", &save))
    added += mark_spans(m, title, term, "PRODUCT", out);
  free(list);
  return added;
}

static void import_product_csv(const ImportOptions *o, ProductFormat format) {
  ImportReport report;
  report_init(&report, o->max_skip);
  FILE *out = output_open(o->out);
  StringMap seen = {0}; /* folded title -> index + 1 into labels */
  Tokens labels = {0}, fields = {0}, folded_title = {0};
  Matcher m = {0};
  long duplicates = 0, conflicts = 0, with_brand = 0, with_product = 0;
  NerSentence s = {0};
  Spans spans = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char delim;
    Columns c = read_header(&r, format, &delim);
    char *file_category = c.category < 0 ? category_from_file_name(o->inputs[f]) : NULL;
    long line;
    while (csv_next(&r, delim, &fields, &line)) {
      if (fields.n != c.n) jn_die("%s:%ld: expected %d fields, got %d", r.name, line, c.n, fields.n);
      ner_sentence_clear(&s);
      tokenize(fields.v[c.title], &s.tokens);
      if (!s.tokens.n) { report_skip(&report, r.name, line, "empty title"); continue; }
      s.label = clean_label(file_category ? file_category : fields.v[c.category], r.name, line);
      tokens_fold_case(&s.tokens, &folded_title);
      char *key = tokens_join(&folded_title);
      int inserted;
      long *slot = string_map_slot(&seen, key, &inserted);
      free(key);
      if (!inserted) {
        duplicates++;
        conflicts += strcmp(labels.v[*slot - 1], s.label) != 0;
        continue;
      }
      tokens_push(&labels, s.label, strlen(s.label));
      *slot = labels.n;
      if (m.cap < s.tokens.n) m.taken = jn_realloc(m.taken, (size_t)(m.cap = s.tokens.n));
      memset(m.taken, 0, (size_t)s.tokens.n);
      spans_clear(&spans);
      with_brand += mark_spans(&m, &folded_title, fields.v[c.brand], "BRAND", &spans) > 0;
      if (c.core_terms >= 0) with_product += mark_core_terms(&m, &folded_title, fields.v[c.core_terms], &spans) > 0;
      ner_set_tags(&s, &spans);
      conll_write(out, &s);
      report_ner(&report, &s);
    }
    free(file_category);
    line_reader_close(&r);
  }
  printf("duplicates %ld\nduplicate-conflicts %ld\ntitles-with-brand %ld\n", duplicates, conflicts, with_brand);
  if (format == SHOPEE_CORETERMS) printf("titles-with-product %ld\n", with_product);
  report_finish(&report, format == TIKI ? "tiki" : "shopee-coreterms");
  output_close(out, o->out);
  ner_sentence_free(&s);
  spans_free(&spans);
  string_map_free(&seen);
  tokens_free(&labels);
  tokens_free(&fields);
  tokens_free(&folded_title);
  tokens_free(&m.value);
  tokens_free(&m.folded);
  free(m.taken);
}

void import_tiki(const ImportOptions *o) { import_product_csv(o, TIKI); }

void import_shopee_coreterms(const ImportOptions *o) { import_product_csv(o, SHOPEE_CORETERMS); }
