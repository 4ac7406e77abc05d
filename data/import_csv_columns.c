/* import_csv_columns.c: a CSV file with a header (',' delimited, RFC 4180)
 * -> a sentence corpus (.tsv) or unlabeled text (.txt), taking the text
 * from the column named --text-column and the label from --label-column
 * (needed for .tsv). An input ending in .zip is read through `unzip -p`
 * with --member, e.g. TrueVoice's mari_train.csv:
 *   --text-column texts --label-column destination
 * The text is split by tokenize(), which segments Thai with ICU; an empty
 * text is skipped (--max-skip); a record with another number of fields than
 * the header dies with file:line. */
#include <string.h>
#include <stdlib.h>
#include "data/csv.h"
#include "data/import.h"
#include "model/base.h"

/* Index of the column called name in the header, or dies naming the file. */
static int column_index(const Tokens *header, const char *name, const char *option, const char *file) {
  for (int i = 0; i < header->n; i++)
    if (!strcmp(header->v[i], name)) return i;
  jn_die("%s:1: no column '%s' (%s) in the header", file, name, option);
}

void import_csv_columns(const ImportOptions *o) {
  if (!o->text_column) jn_die("csv-columns needs --text-column NAME");
  if (sentence_output_labeled(o->out) && !o->label_column)
    jn_die("%s: a labeled .tsv output needs --label-column NAME", o->out);
  ImportReport report;
  report_init(&report, o->max_skip);
  SentenceWriter w;
  sentence_writer_open(&w, o->out);
  Tokens header = {0}, fields = {0}, tokens = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    open_input(&r, o->inputs[f], o->member, "mari_train.csv");
    long line;
    if (!csv_next(&r, ',', &header, &line)) jn_die("%s: empty file", r.name);
    int text = column_index(&header, o->text_column, "--text-column", r.name);
    int label = w.labeled ? column_index(&header, o->label_column, "--label-column", r.name) : -1;
    while (csv_next(&r, ',', &fields, &line)) {
      if (fields.n != header.n) jn_die("%s:%ld: expected %d fields, got %d", r.name, line, header.n, fields.n);
      char *name = label >= 0 ? clean_label(fields.v[label], r.name, line) : NULL;
      import_text(&report, &w, &tokens, name, fields.v[text], r.name, line, "empty text");
      free(name);
    }
    line_reader_close(&r);
  }
  report_finish(&report, "csv-columns");
  sentence_writer_close(&w, o->out);
  tokens_free(&header);
  tokens_free(&fields);
  tokens_free(&tokens);
}
