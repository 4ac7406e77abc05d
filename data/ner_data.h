/* ner_data.h: NER training data in memory, read from column files.
 * A column file has one token per line, columns separated by TAB (or any
 * whitespace), a blank line after each sentence, and optional comment lines
 * `# key = value` before a sentence; `# label = CATEGORY` gives the
 * sentence label. Tags are BIO or IOBES (checked strictly: an invalid
 * sequence is an error naming file and line) and are stored as IOBES. */
#ifndef JN_NER_DATA_H
#define JN_NER_DATA_H

typedef struct {
  int token_column, tag_column; /* 0-based; tag_column -1: no tags (text to predict) */
  int whitespace_separated;     /* 0: TAB only, 1: any run of spaces/tabs */
  const char *scheme;           /* "bio", "iobes" or "auto" (from the tags seen) */
} ColumnFormat;

typedef struct {
  int n_sentences;
  long n_tokens;
  int *start;     /* [n_sentences + 1]: sentence i is tokens start[i] .. start[i+1]-1 */
  char **words;   /* [n_tokens] */
  char **tags;    /* [n_tokens] IOBES, or NULL without tags */
  char **labels;  /* [n_sentences] sentence label or NULL */
  long *lines;    /* [n_sentences] file line of the first token */
  int bio;        /* the file's tags were BIO (as read, before conversion) */
  char *path;
} NerData;

/* Reads the whole file; dies with "file:line: ..." on malformed input,
 * invalid UTF-8, an invalid tag or tag sequence, or no sentences. */
void ner_data_read(NerData *d, const char *path, const ColumnFormat *fmt);
/* Appends the sentences of src to d (training data augmentation). */
void ner_data_append(NerData *d, const NerData *src);
void ner_data_free(NerData *d);

/* Converts a sentence's tags in place from BIO or IOBES to IOBES after
 * checking the sequence; returns NULL or a message for an invalid one
 * (static buffer) and sets *bad to the offending position. */
const char *tags_to_iobes(char **tags, int n, int bio, int *bad);

/* Entity type of a tag ("B-PER" -> "PER"), NULL for O. */
const char *tag_type(const char *tag);

#endif
