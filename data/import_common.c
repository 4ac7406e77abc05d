/* import_common.c: counts, skipping and output shared by the importers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "data/import.h"
#include "data/split.h"
#include "data/tokenize.h"
#include "data/files.h"
#include "model/base.h"

void name_counts_add(NameCounts *c, const char *name, long k) {
  for (int i = 0; i < c->n; i++)
    if (!strcmp(c->v[i].name, name)) { c->v[i].count += k; return; }
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 16;
    c->v = jn_realloc(c->v, (size_t)c->cap * sizeof *c->v);
  }
  c->v[c->n++] = (NameCount){jn_strdup(name), k};
}

void name_counts_free(NameCounts *c) {
  for (int i = 0; i < c->n; i++) free(c->v[i].name);
  free(c->v);
  memset(c, 0, sizeof *c);
}

void report_init(ImportReport *r, long max_skip) {
  memset(r, 0, sizeof *r);
  r->max_skip = max_skip;
}

void report_ner(ImportReport *r, const NerSentence *s) {
  report_sentence(r, s->label, s->tokens.n);
  for (int i = 0; i < s->tags.n; i++) {
    const char *t = s->tags.v[i];
    if (t[0] == 'B' || t[0] == 'S') name_counts_add(&r->entities, t + 2, 1);
  }
}

void report_sentence(ImportReport *r, const char *label, int n_tokens) {
  r->sentences++;
  r->tokens += n_tokens;
  if (label) name_counts_add(&r->labels, label, 1);
}

void report_skip(ImportReport *r, const char *file, long line, const char *reason) {
  fprintf(stderr, "%s:%ld: skipped: %s\n", file, line, reason);
  r->skipped++;
}

static int by_name(const void *a, const void *b) {
  return strcmp(((const NameCount *)a)->name, ((const NameCount *)b)->name);
}

void report_finish(ImportReport *r, const char *format) {
  printf("format %s\nsentences %ld\ntokens %ld\n", format, r->sentences, r->tokens);
  if (r->entities.n) qsort(r->entities.v, (size_t)r->entities.n, sizeof(NameCount), by_name);
  if (r->labels.n) qsort(r->labels.v, (size_t)r->labels.n, sizeof(NameCount), by_name);
  long total = 0;
  for (int i = 0; i < r->entities.n; i++) {
    printf("entity %s %ld\n", r->entities.v[i].name, r->entities.v[i].count);
    total += r->entities.v[i].count;
  }
  printf("entities %ld\n", total);
  for (int i = 0; i < r->labels.n; i++) printf("label %s %ld\n", r->labels.v[i].name, r->labels.v[i].count);
  printf("labels %d\nskipped %ld\n", r->labels.n, r->skipped);
  if (r->skipped) fprintf(stderr, "%s: skipped %ld unparseable line(s) (allowed: --max-skip %ld)\n",
                          format, r->skipped, r->max_skip);
  name_counts_free(&r->entities);
  name_counts_free(&r->labels);
  if (r->skipped > r->max_skip)
    jn_die("%s: %ld line(s) skipped, more than --max-skip %ld", format, r->skipped, r->max_skip);
}

char *clean_label(const char *raw, const char *file, long line) {
  char *label = token_without_spaces(raw);
  if (!label) jn_die("%s:%ld: empty label", file, line);
  return label;
}

void open_input(LineReader *r, const char *path, const char *member, const char *example) {
  size_t n = strlen(path);
  if (n <= 4 || strcmp(path + n - 4, ".zip")) {
    line_reader_open(r, path);
    return;
  }
  if (!member) jn_die("%s: a .zip input needs --member (e.g. %s)", path, example);
  line_reader_open_zip_member(r, path, member);
}

char *output_path(const char *dir, const char *name) {
  make_directories(dir);
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = jn_malloc(n);
  snprintf(p, n, "%s/%s", dir, name);
  return p;
}

const char *path_base(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

char *file_name_suffix(const char *path, int last_underscore, const char *ext) {
  const char *base = path_base(path);
  const char *underscore = last_underscore ? strrchr(base, '_') : strchr(base, '_');
  size_t n = strlen(base) - (ends_with(base, ext) ? strlen(ext) : 0);
  if (!underscore || underscore + 1 >= base + n) return NULL;
  size_t len = (size_t)(base + n - underscore - 1);
  char *suffix = jn_malloc(len + 1);
  memcpy(suffix, underscore + 1, len);
  suffix[len] = '\0';
  return suffix;
}

int sentence_output_labeled(const char *path) {
  if (ends_with(path, ".tsv")) return 1;
  if (ends_with(path, ".txt")) return 0;
  jn_die("%s: output must end in .tsv (labeled) or .txt (unlabeled)", path);
}

void sentence_writer_open(SentenceWriter *w, const char *path) {
  w->labeled = sentence_output_labeled(path);
  w->f = output_open(path);
}

void sentence_writer_put(SentenceWriter *w, const char *label, const Tokens *tokens) {
  if (w->labeled) fprintf(w->f, "%s\t", label);
  for (int i = 0; i < tokens->n; i++) fprintf(w->f, i ? " %s" : "%s", tokens->v[i]);
  fputc('\n', w->f);
}

void sentence_writer_close(SentenceWriter *w, const char *path) { output_close(w->f, path); }

void import_text(ImportReport *r, SentenceWriter *w, Tokens *tokens, const char *label,
                 const char *text, const char *file, long line, const char *empty_reason) {
  tokens_clear(tokens);
  tokenize(text, tokens);
  if (!tokens->n) {
    report_skip(r, file, line, empty_reason);
    return;
  }
  sentence_writer_put(w, label, tokens);
  report_sentence(r, w->labeled ? label : NULL, tokens->n);
}

void write_ner_splits(const char *dir, const NerSentence *sentences, int n, const int *part,
                      const int sizes[3]) {
  static const char *const names[3] = {"train.conll", "dev.conll", "test.conll"};
  for (int k = 0; k < 3; k++) {
    char *path = output_path(dir, names[k]);
    FILE *f = output_open(path);
    for (int i = 0; i < n; i++)
      if (part[i] == k) conll_write(f, &sentences[i]);
    output_close(f, path);
    printf("wrote %s %d\n", path, sizes[k]);
    free(path);
  }
}

void write_ner_output(const ImportOptions *o, const NerSentence *sentences, int n) {
  if (!o->split[0]) {
    FILE *f = output_open(o->out);
    for (int i = 0; i < n; i++) conll_write(f, &sentences[i]);
    output_close(f, o->out);
    printf("wrote %s %d\n", o->out, n);
    return;
  }
  int *part = split_assign(n, o->split, o->seed);
  write_ner_splits(o->out, sentences, n, part, o->split);
  char *path = output_path(o->out, "unlabeled.txt");
  SentenceWriter w;
  sentence_writer_open(&w, path);
  for (int i = 0; i < n; i++)
    if (part[i] == SPLIT_REST) sentence_writer_put(&w, NULL, &sentences[i].tokens);
  sentence_writer_close(&w, path);
  printf("wrote %s %d\n", path, n - o->split[0] - o->split[1] - o->split[2]);
  free(path);
  free(part);
}
