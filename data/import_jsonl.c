/* import_jsonl.c: JSON lines `{"category": .., "texts": ..}` (Wisesight
 * sentiment) -> a sentence corpus (.tsv) or unlabeled text (.txt). An input
 * ending in .zip is read through `unzip -p ZIP MEMBER` with --member (e.g.
 * data/train.jsonl of wisesight_splits.zip). The raw text is split by
 * tokenize(), which segments Thai with ICU; an empty text is skipped
 * (--max-skip); a line that is not such an object dies with file:line. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "data/import.h"
#include "data/utf8.h"
#include "model/base.h"

static const char *string_field(const cJSON *obj, const char *key, const char *file, long line) {
  const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!cJSON_IsString(item)) jn_die("%s:%ld: no string field \"%s\"", file, line, key);
  return item->valuestring;
}

void import_jsonl(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  SentenceWriter w;
  sentence_writer_open(&w, o->out);
  Tokens tokens = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    open_input(&r, o->inputs[f], o->member, "data/train.jsonl");
    char *line;
    while ((line = line_reader_next(&r))) {
      if (!*line) { report_skip(&report, r.name, r.line, "blank line"); continue; }
      cJSON *obj = cJSON_Parse(line);
      if (!cJSON_IsObject(obj)) jn_die("%s:%ld: not a JSON object", r.name, r.line);
      char *label = clean_label(string_field(obj, "category", r.name, r.line), r.name, r.line);
      const char *text = string_field(obj, "texts", r.name, r.line);
      if (!utf8_valid(text, strlen(text))) jn_die("%s:%ld: \"texts\" decodes to invalid UTF-8", r.name, r.line);
      import_text(&report, &w, &tokens, label, text, r.name, r.line, "empty text");
      free(label);
      cJSON_Delete(obj);
    }
    line_reader_close(&r);
  }
  report_finish(&report, "jsonl");
  sentence_writer_close(&w, o->out);
  tokens_free(&tokens);
}
