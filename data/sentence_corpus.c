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

void corpus_summarize(const char *path, CorpusSummary *s, Vocab *words) {
  corpus_summarize_shard(path, 0, -1, 1, s, words);
  if (s->lines == 0) jn_die("%s: no sentences (empty file?)", path);
}

void corpus_summarize_shard(const char *path, long begin, long end, long first_line,
                            CorpusSummary *s, Vocab *words) {
  memset(s, 0, sizeof *s);
  Vocab seen = {0};
  long *counts = NULL;
  LineReader r;
  line_reader_open_range(&r, path, begin, end, first_line);
  char *line, *label, *text;
  while ((line = line_reader_next(&r))) {
    corpus_split_line(line, path, r.line, &label, &text);
    int id = vocab_add(&seen, label);
    if (id == seen.n - 1) counts = jn_realloc(counts, sizeof(long) * seen.n), counts[id] = 0;
    counts[id]++;
    s->lines++;
    for (char *save, *tok = words ? strtok_r(text, " ", &save) : NULL; tok; tok = strtok_r(NULL, " ", &save))
      vocab_add(words, tok);
  }
  line_reader_close(&r);
  if (seen.n == 0) { /* an empty shard */
    vocab_free(&seen);
    return;
  }
  char **sorted = vocab_sorted_words(&seen);
  s->per_label = jn_calloc(seen.n, sizeof(long));
  for (int i = 0; i < seen.n; i++) {
    vocab_add(&s->labels, sorted[i]);
    s->per_label[i] = counts[vocab_find(&seen, sorted[i])];
  }
  free(sorted);
  free(counts);
  vocab_free(&seen);
}

void corpus_summary_free(CorpusSummary *s) {
  vocab_free(&s->labels);
  free(s->per_label);
  memset(s, 0, sizeof *s);
}

void corpus_open(CorpusStream *s, const char *path, int capacity, uint64_t seed) {
  corpus_open_shard(s, path, 0, -1, 1, capacity, seed);
}

void corpus_open_shard(CorpusStream *s, const char *path, long begin, long end, long first_line,
                       int capacity, uint64_t seed) {
  memset(s, 0, sizeof *s);
  line_reader_open_range(&s->reader, path, begin, end, first_line);
  s->unshuffled = capacity <= 0;
  s->capacity = capacity > 0 ? capacity : 1;
  s->buffer = jn_calloc(s->capacity, sizeof(char *));
  s->buffer_line = jn_calloc(s->capacity, sizeof(long));
  rng_seed(&s->rng, seed);
}

/* Moves the next line of the file into slot i; 0 at end of file. */
static int refill(CorpusStream *s, int i) {
  char *line = line_reader_next(&s->reader);
  if (!line) return 0;
  free(s->buffer[i]);
  s->buffer[i] = jn_strdup(line);
  s->buffer_line[i] = s->reader.line;
  return 1;
}

char *corpus_next(CorpusStream *s, long *line_number) {
  free(s->current);
  s->current = NULL;
  if (s->unshuffled) {
    if (!refill(s, 0)) return NULL;
    s->current = s->buffer[0];
    s->buffer[0] = NULL;
    *line_number = s->buffer_line[0];
    return s->current;
  }
  while (s->held < s->capacity && refill(s, s->held)) s->held++;
  if (s->held == 0) return NULL;
  int j = (int)rng_below(&s->rng, (uint32_t)s->held);
  s->current = s->buffer[j];
  *line_number = s->buffer_line[j];
  s->buffer[j] = NULL;
  if (!refill(s, j)) { /* end of file: close the gap */
    s->held--;
    s->buffer[j] = s->buffer[s->held];
    s->buffer_line[j] = s->buffer_line[s->held];
    s->buffer[s->held] = NULL;
  }
  return s->current;
}

void corpus_close(CorpusStream *s) {
  line_reader_close(&s->reader);
  for (int i = 0; i < s->capacity; i++) free(s->buffer[i]);
  free(s->buffer);
  free(s->buffer_line);
  free(s->current);
  memset(s, 0, sizeof *s);
}
