/* test_data_shards.c: the shards of scaling-mode pre-training. For files
 * of random lines (CRLF, a last line without newline, a BOM, lines longer
 * than a shard) and every partition of their bytes into 1..9 shards: the
 * shards hold every line exactly once and in order, each with its file
 * line number (first line = 1 + the line counts of the shards before, as
 * MPI_Exscan gives it), and the shard summaries add up to the whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data/line_reader.h"
#include "data/sentence_corpus.h"
#include "model/rng.h"
#include "tests/check.h"

enum { MAX_LINES = 400 };

/* Writes a LABEL<TAB>text corpus of n lines; returns the lines as read. */
static char **write_corpus(const char *path, int n, Rng *rng, int bom, int crlf, int last_newline) {
  FILE *f = fopen(path, "wb");
  char **lines = calloc(n, sizeof(char *));
  if (bom) fputs("\xEF\xBB\xBF", f);
  for (int i = 0; i < n; i++) {
    char text[2048];
    int len = snprintf(text, sizeof text, "L%u\t", rng_below(rng, 5));
    int words = 1 + (int)rng_below(rng, rng_below(rng, 10) == 0 ? 200 : 8); /* a few long lines */
    for (int w = 0; w < words; w++) len += snprintf(text + len, sizeof text - len, "%sw%u", w ? " " : "", rng_below(rng, 50));
    lines[i] = strdup(text);
    fputs(text, f);
    if (i < n - 1 || last_newline) fputs(crlf ? "\r\n" : "\n", f);
  }
  fclose(f);
  return lines;
}

static void check_partition(const char *path, char **lines, int n, int shards) {
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f), before = 0, seen = 0, summarized = 0;
  fclose(f);
  for (int r = 0; r < shards; r++) {
    long begin = size * r / shards, end = size * (r + 1) / shards;
    long count = line_count_range(path, begin, end);
    LineReader lr;
    line_reader_open_range(&lr, path, begin, end, before + 1);
    char *line;
    while ((line = line_reader_next(&lr))) {
      CHECK(seen < n);
      if (seen >= n) break;
      if (strcmp(line, lines[seen])) fprintf(stderr, "shard %d/%d: line %ld differs\n", r, shards, seen + 1);
      CHECK(!strcmp(line, lines[seen]));
      CHECK(lr.line == seen + 1);
      seen++;
    }
    line_reader_close(&lr);
    CHECK(seen == before + count);
    CorpusSummary s;
    corpus_summarize_shard(path, begin, end, before + 1, &s, NULL);
    CHECK(s.lines == count);
    summarized += s.lines;
    corpus_summary_free(&s);
    before += count;
  }
  CHECK(seen == n);
  CHECK(summarized == n);
}

int main(void) {
  char path[] = "/tmp/test_data_shards_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  close(fd);
  Rng rng;
  rng_seed(&rng, 7);
  for (int trial = 0; trial < 24; trial++) {
    int n = 1 + (int)rng_below(&rng, trial < 4 ? 3 : MAX_LINES);
    char **lines = write_corpus(path, n, &rng, trial % 5 == 1, trial % 3 == 2, trial % 4 != 3);
    for (int shards = 1; shards <= 9; shards++) check_partition(path, lines, n, shards);
    for (int i = 0; i < n; i++) free(lines[i]);
    free(lines);
  }
  unlink(path);
  return check_exit("test_data_shards");
}
