/* sentence_corpus.c: streaming reader of sentence-labeled corpora. */
#include "data/sentence_corpus.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

void corpus_split_line(char *line, const char *path, long line_number, char **label, char **text) {
  char *tab = strchr(line, '\t');
  if (!tab) jn_die("%s:%ld: expected LABEL<TAB>text", path, line_number);
  *tab = '\0';
  *label = line;
  *text = tab + 1;
  if (!**label) jn_die("%s:%ld: empty label", path, line_number);
  if (strchr(*text, '\t')) jn_die("%s:%ld: more than one TAB (expected LABEL<TAB>text)", path, line_number);
  if ((*text)[strspn(*text, " ")] == '\0') jn_die("%s:%ld: empty text", path, line_number);
}

/* Counts of the labels seen so far, in order of first sight. */
typedef struct {
  Vocab seen;
  long *counts;
} LabelCounts;

/* Adds every line of r to the counts, s->lines and words; closes r. */
static void summarize_reader(LineReader *r, CorpusSummary *s, Vocab *words, LabelCounts *lc) {
  char *line, *label, *text;
  while ((line = line_reader_next(r))) {
    corpus_split_line(line, r->name, r->line, &label, &text);
    int id = vocab_add(&lc->seen, label);
    if (id == lc->seen.n - 1) lc->counts = jn_realloc(lc->counts, sizeof(long) * lc->seen.n), lc->counts[id] = 0;
    lc->counts[id]++;
    s->lines++;
    for (char *save, *tok = words ? strtok_r(text, " ", &save) : NULL; tok; tok = strtok_r(NULL, " ", &save))
      vocab_add(words, tok);
  }
  line_reader_close(r);
}

/* s->labels sorted, with their counts; frees lc. */
static void finish_summary(CorpusSummary *s, LabelCounts *lc) {
  if (lc->seen.n > 0) { /* else an empty shard */
    char **sorted = vocab_sorted_words(&lc->seen);
    s->per_label = jn_calloc(lc->seen.n, sizeof(long));
    for (int i = 0; i < lc->seen.n; i++) {
      vocab_add(&s->labels, sorted[i]);
      s->per_label[i] = lc->counts[vocab_find(&lc->seen, sorted[i])];
    }
    free(sorted);
  }
  free(lc->counts);
  vocab_free(&lc->seen);
}

void corpus_summarize(const char *path, CorpusSummary *s, Vocab *words) {
  corpus_summarize_shard(path, 0, -1, 1, s, words);
  if (s->lines == 0) jn_die("%s: no sentences (empty file?)", path);
}

void corpus_summarize_shard(const char *path, long begin, long end, long first_line,
                            CorpusSummary *s, Vocab *words) {
  memset(s, 0, sizeof *s);
  LabelCounts lc = {0};
  LineReader r;
  line_reader_open_range(&r, path, begin, end, first_line);
  summarize_reader(&r, s, words, &lc);
  finish_summary(s, &lc);
}

void corpus_summarize_files(char *const *paths, int n, CorpusSummary *s, Vocab *words) {
  memset(s, 0, sizeof *s);
  LabelCounts lc = {0};
  for (int i = 0; i < n; i++) {
    LineReader r;
    line_reader_open(&r, paths[i]);
    summarize_reader(&r, s, words, &lc);
  }
  finish_summary(s, &lc);
}

void corpus_summary_free(CorpusSummary *s) {
  vocab_free(&s->labels);
  free(s->per_label);
  memset(s, 0, sizeof *s);
}

void corpus_open(CorpusStream *s, const char *path, int capacity, uint64_t seed) {
  corpus_open_shard(s, path, 0, -1, 1, capacity, seed);
}

static void open_stream(CorpusStream *s, int capacity, uint64_t seed) {
  s->unshuffled = capacity <= 0;
  s->capacity = capacity > 0 ? capacity : 1;
  s->buffer = jn_calloc(s->capacity, sizeof(char *));
  s->buffer_line = jn_calloc(s->capacity, sizeof(long));
  s->buffer_file = jn_calloc(s->capacity, sizeof(int));
  rng_seed(&s->rng, seed);
}

void corpus_open_shard(CorpusStream *s, const char *path, long begin, long end, long first_line,
                       int capacity, uint64_t seed) {
  memset(s, 0, sizeof *s);
  s->paths = jn_malloc(sizeof(char *));
  s->paths[0] = jn_strdup(path);
  s->n_paths = 1;
  line_reader_open_range(&s->reader, path, begin, end, first_line);
  open_stream(s, capacity, seed);
}

void corpus_open_files(CorpusStream *s, char *const *paths, int n, int capacity, uint64_t seed) {
  memset(s, 0, sizeof *s);
  s->paths = jn_calloc(n > 0 ? (size_t)n : 1, sizeof(char *));
  for (int i = 0; i < n; i++) s->paths[i] = jn_strdup(paths[i]);
  s->n_paths = n;
  if (n > 0) line_reader_open(&s->reader, paths[0]);
  open_stream(s, capacity, seed);
}

/* Moves the next line of the files into slot i; 0 at the end of the last. */
static int refill(CorpusStream *s, int i) {
  char *line = NULL;
  while (s->at < s->n_paths && !(line = line_reader_next(&s->reader))) {
    line_reader_close(&s->reader);
    if (++s->at < s->n_paths) line_reader_open(&s->reader, s->paths[s->at]);
  }
  if (!line) return 0;
  free(s->buffer[i]);
  s->buffer[i] = jn_strdup(line);
  s->buffer_line[i] = s->reader.line;
  s->buffer_file[i] = s->at;
  return 1;
}

char *corpus_next(CorpusStream *s, const char **path, long *line_number) {
  free(s->current);
  s->current = NULL;
  int j = 0;
  if (s->unshuffled) {
    if (!refill(s, 0)) return NULL;
  } else {
    while (s->held < s->capacity && refill(s, s->held)) s->held++;
    if (s->held == 0) return NULL;
    j = (int)rng_below(&s->rng, (uint32_t)s->held);
  }
  s->current = s->buffer[j];
  *path = s->paths[s->buffer_file[j]];
  *line_number = s->buffer_line[j];
  s->buffer[j] = NULL;
  if (!s->unshuffled && !refill(s, j)) { /* end of the files: close the gap */
    s->held--;
    s->buffer[j] = s->buffer[s->held];
    s->buffer_line[j] = s->buffer_line[s->held];
    s->buffer_file[j] = s->buffer_file[s->held];
    s->buffer[s->held] = NULL;
  }
  return s->current;
}

void corpus_close(CorpusStream *s) {
  if (s->at < s->n_paths) line_reader_close(&s->reader);
  for (int i = 0; i < s->capacity; i++) free(s->buffer[i]);
  for (int i = 0; i < s->n_paths; i++) free(s->paths[i]);
  free(s->paths);
  free(s->buffer);
  free(s->buffer_line);
  free(s->buffer_file);
  free(s->current);
  memset(s, 0, sizeof *s);
}
