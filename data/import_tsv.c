/* import_tsv.c: `text<TAB>label` files (IndoNLU smsa_*.tsv) -> a sentence
 * corpus (.tsv) or unlabeled text (.txt). The label is after the last tab;
 * the text is split by tokenize() (Thai segmented); an empty text is
 * skipped (--max-skip); a line without a tab or with an empty label dies. */
#include <stdlib.h>
#include <string.h>
#include "data/import.h"
#include "data/line_reader.h"
#include "model/base.h"

void import_tsv(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  SentenceWriter w;
  sentence_writer_open(&w, o->out);
  Tokens tokens = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char *line;
    while ((line = line_reader_next(&r))) {
      char *tab = strrchr(line, '\t');
      if (!tab) jn_die("%s:%ld: expected text<TAB>label", r.name, r.line);
      *tab = '\0';
      char *label = clean_label(tab + 1, r.name, r.line);
      import_text(&report, &w, &tokens, label, line, r.name, r.line, "empty text");
      free(label);
    }
    line_reader_close(&r);
  }
  report_finish(&report, "tsv");
  sentence_writer_close(&w, o->out);
  tokens_free(&tokens);
}
