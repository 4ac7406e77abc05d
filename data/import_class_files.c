/* import_class_files.c: one file per class, one title a line
 * (vnexpress_<CLASS>.txt) -> a sentence corpus (.tsv) or unlabeled text
 * (.txt). The class is the file's base name after its first '_' without
 * the .txt ending (vnexpress_DU_LICH.txt -> DU_LICH). Titles are split by
 * tokenize(); blank lines are skipped (--max-skip). */
#include <stdlib.h>
#include "data/import.h"
#include "data/line_reader.h"
#include "model/base.h"

static char *class_of(const char *path) {
  char *label = file_name_suffix(path, 0, ".txt");
  if (!label) jn_die("%s: file name must be <name>_<CLASS>.txt", path);
  return label;
}

void import_class_files(const ImportOptions *o) {
  ImportReport report;
  report_init(&report, o->max_skip);
  SentenceWriter w;
  sentence_writer_open(&w, o->out);
  Tokens tokens = {0};
  for (int f = 0; f < o->n_inputs; f++) {
    char *label = class_of(o->inputs[f]);
    LineReader r;
    line_reader_open(&r, o->inputs[f]);
    char *line;
    while ((line = line_reader_next(&r))) {
      import_text(&report, &w, &tokens, label, line, r.name, r.line, "blank line");
    }
    line_reader_close(&r);
    free(label);
  }
  report_finish(&report, "class-files");
  sentence_writer_close(&w, o->out);
  tokens_free(&tokens);
}
