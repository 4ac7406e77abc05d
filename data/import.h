/* import.h: what every importer (data/import_<format>.c) shares: its
 * options, its report (the counts printed after an import, and explicit,
 * bounded skipping of unparseable lines) and its writers.
 *
 * Report lines on stdout are `key value` or `key name value`, e.g.
 * `sentences 1709`, `entity BRAND 1187`, `label FASHION 21970`,
 * `skipped 5`, so tests and scripts can grep them. Labels and tokens never
 * contain whitespace (runs of it become '_'). */
#ifndef JN_IMPORT_H
#define JN_IMPORT_H
#include <stdint.h>
#include <stdio.h>
#include "data/conll.h"
#include "data/files.h" /* output_open, output_close */
#include "data/line_reader.h"
#include "data/tokens.h"

typedef struct {
  char **inputs;
  int n_inputs;
  const char *out;        /* a directory or a file, as the format says */
  uint64_t seed;          /* splits */
  int split[3];           /* train, dev, test sizes; split[0] == 0: none */
  long max_skip;          /* unparseable lines allowed before failing */
  const char *label_map;  /* csv-title: raw, domain or category */
  const char *categories; /* csv-title: ndsc_categories.json */
  const char *member;     /* jsonl, csv-columns: member of a .zip input */
  const char *text_column, *label_column; /* csv-columns: header names */
  int keep_scheme;        /* bio: write BIO input as BIO (default: IOBES) */
} ImportOptions;

typedef struct {
  char *name;
  long count;
} NameCount;

typedef struct {
  NameCount *v;
  int n, cap;
} NameCounts;

typedef struct {
  long sentences, tokens, skipped, max_skip;
  NameCounts entities, labels;
} ImportReport;

void name_counts_add(NameCounts *c, const char *name, long k);
void name_counts_free(NameCounts *c);

void report_init(ImportReport *r, long max_skip);
/* Counts a sentence: its tokens, the entities of its IOBES tags, its label. */
void report_ner(ImportReport *r, const NerSentence *s);
void report_sentence(ImportReport *r, const char *label, int n_tokens);
/* Prints "file:line: skipped: reason" on stderr and counts it. */
void report_skip(ImportReport *r, const char *file, long line, const char *reason);
/* Prints the counts; dies when more lines were skipped than allowed. */
void report_finish(ImportReport *r, const char *format);

/* Label text with whitespace runs replaced by '_' (malloc'd); dies with
 * file:line when it is empty. */
char *clean_label(const char *raw, const char *file, long line);

/* Sentence corpus output chosen by the file name: `.tsv` writes
 * LABEL<TAB>tokens, `.txt` writes tokens only; anything else dies. */
typedef struct {
  FILE *f;
  int labeled;
} SentenceWriter;

int sentence_output_labeled(const char *path); /* 1 for .tsv, 0 for .txt */
void sentence_writer_open(SentenceWriter *w, const char *path);
void sentence_writer_put(SentenceWriter *w, const char *label, const Tokens *tokens);
void sentence_writer_close(SentenceWriter *w, const char *path);
/* Tokenises text (tokenize(), Thai segmented) and writes it with label, or
 * reports the line as skipped for empty_reason when it has no tokens.
 * tokens is the caller's scratch list. */
void import_text(ImportReport *r, SentenceWriter *w, Tokens *tokens, const char *label,
                 const char *text, const char *file, long line, const char *empty_reason);

/* Opens an input: a .zip through `unzip -p PATH MEMBER` (dies when member
 * is NULL, naming example, e.g. "data/train.jsonl"), anything else as a
 * file. */
void open_input(LineReader *r, const char *path, const char *member, const char *example);

/* Writes NER sentences: without o->split every sentence, in order, to the
 * file o->out; with --split A,B,C sampled with o->seed into
 * DIR/{train,dev,test}.conll (file order kept) and the rest as unlabeled
 * text, DIR/unlabeled.txt. Prints `wrote PATH COUNT` per file. */
void write_ner_output(const ImportOptions *o, const NerSentence *sentences, int n);
/* DIR/{train,dev,test}.conll: the sentences whose part (split_assign) is
 * 0, 1, 2, in file order; prints `wrote PATH SIZE` with sizes[k]. */
void write_ner_splits(const char *dir, const NerSentence *sentences, int n, const int *part,
                      const int sizes[3]);

/* Outputs are written with output_open and output_close (data/files.h),
 * so a failed import (die before close) never leaves a complete-looking
 * file; importers call report_finish before closing. */
/* DIR/NAME (malloc'd), creating DIR and its parents if needed. */
char *output_path(const char *dir, const char *name);
/* Base name of path without directories. */
const char *path_base(const char *path);
/* The part of path's base name after its first '_' (after its last with
 * last_underscore) without the ending ext where it has it, e.g.
 * vnexpress_DU_LICH.txt -> DU_LICH, shopee_coreterms_40.csv (last) -> 40;
 * malloc'd, NULL when there is no such non-empty part. */
char *file_name_suffix(const char *path, int last_underscore, const char *ext);

void import_enamex(const ImportOptions *o);
void import_bio(const ImportOptions *o);
void import_bracket(const ImportOptions *o);
void import_csv_title(const ImportOptions *o);
void import_tsv(const ImportOptions *o);
void import_jsonl(const ImportOptions *o);
void import_tiki(const ImportOptions *o);
void import_shopee_coreterms(const ImportOptions *o);
void import_class_files(const ImportOptions *o);
void import_csv_columns(const ImportOptions *o);

#endif
