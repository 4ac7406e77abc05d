/* import_csv_title.c: `itemid,title,label` CSV files (ndsc_*.csv) -> a
 * sentence corpus (.tsv) or unlabeled text (.txt).
 *
 * RFC 4180 quoting; a first record starting with `itemid` is a header.
 * --label-map says what the label becomes:
 *   raw       the label column as it is;
 *   domain    the 3-class domain from the file name: *beauty* ->
 *             HEALTH_BEAUTY, *fashion* -> FASHION, *mobile* -> ELECTRONICS;
 *   category  the fine category name from --categories ndsc_categories.json
 *             ({"Beauty": {name: id}, "Fashion": ..., "Mobile": ...}); the
 *             label column is the id minus the domain's first id (beauty 0,
 *             fashion 17, mobile 31), as in the NDSC files.
 * Titles are split by tokenize(); an empty title is skipped (--max-skip). */
#include <cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "data/csv.h"
#include "data/import.h"
#include "model/base.h"

typedef struct {
  const char *file_word, *domain, *json_key;
  int first_id;
} Domain;

static const Domain domains[] = {
    {"beauty", "HEALTH_BEAUTY", "Beauty", 0},
    {"fashion", "FASHION", "Fashion", 17},
    {"mobile", "ELECTRONICS", "Mobile", 31},
};

static const Domain *domain_of(const char *path) {
  for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)
    if (strstr(path_base(path), domains[i].file_word)) return &domains[i];
  jn_die("%s: cannot tell the domain (beauty, fashion or mobile) from the file name", path);
}

static cJSON *load_json(const char *path) {
  char *text = jn_read_file(path);
  cJSON *json = cJSON_Parse(text);
  if (!json) jn_die("%s: not valid JSON", path);
  free(text);
  return json;
}

static char *category_name(const cJSON *categories, const Domain *d, long id, const char *file, long line) {
  const cJSON *names = cJSON_GetObjectItemCaseSensitive(categories, d->json_key), *item;
  if (!cJSON_IsObject(names)) jn_die("categories file has no object \"%s\"", d->json_key);
  cJSON_ArrayForEach(item, names)
    if (cJSON_IsNumber(item) && (long)item->valuedouble == id) return clean_label(item->string, file, line);
  jn_die("%s:%ld: category id %ld is not in \"%s\" of the categories file", file, line, id, d->json_key);
}

static long parse_id(const char *s, const char *file, long line) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < 0) jn_die("%s:%ld: label '%s' is not a non-negative integer", file, line, s);
  return v;
}

void import_csv_title(const ImportOptions *o) {
  int by_domain = !strcmp(o->label_map, "domain"), by_category = !strcmp(o->label_map, "category");
  if (!by_domain && !by_category && strcmp(o->label_map, "raw"))
    jn_die("--label-map must be raw, domain or category, not '%s'", o->label_map);
  if (by_category && !o->categories) jn_die("--label-map category needs --categories ndsc_categories.json");
  cJSON *categories = by_category ? load_json(o->categories) : NULL;
  ImportReport report;
  report_init(&report, o->max_skip);
  SentenceWriter w;
  sentence_writer_open(&w, o->out);
  Tokens fields = {0}, tokens = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    const Domain *d = by_domain || by_category ? domain_of(o->inputs[f]) : NULL;
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    long line;
    while (csv_next(&r, ',', &fields, &line)) {
      if (fields.n != 3) jn_die("%s:%ld: expected 3 fields itemid,title,label, got %d", r.name, line, fields.n);
      if (line == 1 && !strcmp(fields.v[0], "itemid")) continue;
      char *label = by_domain     ? (parse_id(fields.v[2], r.name, line), jn_strdup(d->domain))
                    : by_category ? category_name(categories, d, parse_id(fields.v[2], r.name, line) + d->first_id, r.name, line)
                                  : clean_label(fields.v[2], r.name, line);
      import_text(&report, &w, &tokens, label, fields.v[1], r.name, line, "empty title");
      free(label);
    }
    line_reader_close(&r);
  }
  report_finish(&report, "csv-title");
  sentence_writer_close(&w, o->out);
  tokens_free(&fields);
  tokens_free(&tokens);
  cJSON_Delete(categories);
}
