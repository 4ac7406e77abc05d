/* sentence_corpus.h: a sentence-labeled corpus (`LABEL<TAB>tok tok ...`
 * per line), read as a stream so that memory stays flat however large the
 * corpus is. Shuffling uses a fixed-size buffer: the first `capacity` lines
 * fill it, then each draw takes a random line out and the next line of the
 * file takes its place. The same seed gives the same order everywhere. A
 * corpus may come as several files (shards, each plain or gzip), read one
 * after the other as if they were one. */
#ifndef JN_SENTENCE_CORPUS_H
#define JN_SENTENCE_CORPUS_H
#include "data/line_reader.h"
#include "data/vocab.h"
#include "model/rng.h"

typedef struct {
  long lines;     /* sentences */
  Vocab labels;   /* label -> index, in sorted order */
  long *per_label;
} CorpusSummary;

/* Reads the whole file once: checks every line (file:line on an error),
 * counts sentences per label and, when words is not NULL, adds every token
 * to it (the words whose vectors a run over the corpus needs). */
void corpus_summarize(const char *path, CorpusSummary *s, Vocab *words);
/* The same over the files paths[0..n) as one corpus (n may be 0: empty). */
void corpus_summarize_files(char *const *paths, int n, CorpusSummary *s, Vocab *words);
/* The same over one shard: the lines starting in bytes [begin, end) of
 * path, numbered from first_line (line_reader_open_range). A shard may be
 * empty (s->lines 0). */
void corpus_summarize_shard(const char *path, long begin, long end, long first_line,
                            CorpusSummary *s, Vocab *words);
void corpus_summary_free(CorpusSummary *s);

typedef struct {
  LineReader reader;
  char **paths;   /* the files, read in turn; reader is on paths[at] */
  int n_paths, at;
  char **buffer;  /* [capacity] lines */
  long *buffer_line;
  int *buffer_file; /* the index in paths of each buffered line's file */
  int capacity, held;
  Rng rng;
  int unshuffled; /* capacity 0: file order */
  char *current;  /* the line last handed out, freed on the next call */
} CorpusStream;

void corpus_open(CorpusStream *s, const char *path, int capacity, uint64_t seed);
/* A stream over one shard of path (as corpus_summarize_shard). */
void corpus_open_shard(CorpusStream *s, const char *path, long begin, long end, long first_line,
                       int capacity, uint64_t seed);
/* A stream over the files paths[0..n) as one corpus (n may be 0: empty). */
void corpus_open_files(CorpusStream *s, char *const *paths, int n, int capacity, uint64_t seed);
/* The next line (valid until the next call) or NULL; sets its file's path
 * and its line number in that file, for messages. */
char *corpus_next(CorpusStream *s, const char **path, long *line_number);
void corpus_close(CorpusStream *s);

/* Splits "LABEL<TAB>text" in place; dies naming file:line if malformed. */
void corpus_split_line(char *line, const char *path, long line_number, char **label, char **text);

#endif
