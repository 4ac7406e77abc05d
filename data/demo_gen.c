/* demo_gen.c: generated product titles with attribute tags and categories. */
#include "data/demo_gen.h"
#include <stdlib.h>
#include <string.h>
#include "data/conll.h"
#include "data/demo_words.h"
#include "data/import.h"
#include "model/base.h"
#include "model/rng.h"

enum { MIN_TOKENS = 6, MAX_TOKENS = 20, MAX_SEGMENTS = 16 };

typedef struct {
  char phrase[256];
  const char *type; /* NULL: O */
} Segment;

DemoOptions demo_default_options(void) {
  return (DemoOptions){.seed = 1, .pretrain = 100000, .unlabeled = 20000, .ner = {1000, 500, 500}};
}

static int list_length(const char *const *list) {
  int n = 0;
  while (list[n]) n++;
  return n;
}

static const char *pick(Rng *r, const char *const *list) {
  int n = list_length(list);
  return n ? list[rng_below(r, (uint32_t)n)] : NULL;
}

static int add(Segment *segs, int n, const char *phrase, const char *type) {
  if (!phrase || n == MAX_SEGMENTS) return n;
  snprintf(segs[n].phrase, sizeof segs[n].phrase, "%s", phrase);
  segs[n].type = type;
  return n + 1;
}

static int phrase_tokens(const char *phrase) {
  int n = 1;
  for (const char *p = phrase; *p; p++) n += *p == ' ';
  return n;
}

/* One title of category c into s (tokens, IOBES tags, label). */
static void generate_title(Rng *r, const DemoLanguage *lang, int c, NerSentence *s) {
  const DemoCategoryWords *words = &lang->categories[c];
  bool patterned = c == 0 || c == 3 || c == 4;
  for (;;) {
    Segment segs[MAX_SEGMENTS];
    int n = add(segs, 0, pick(r, words->products), "PRODUCT");
    if (rng_uniform(r) < 0.65f) n = add(segs, n, pick(r, demo_brands[c]), "BRAND");
    if (rng_uniform(r) < 0.45f) n = add(segs, n, pick(r, lang->colors), "COLOR");
    if (rng_uniform(r) < (patterned ? 0.35f : 0.1f)) n = add(segs, n, pick(r, lang->patterns), "PATTERN");
    if (rng_uniform(r) < 0.4f) n = add(segs, n, pick(r, lang->consumer_groups), "CONSUMER_GROUP");
    if (rng_uniform(r) < 0.4f) n = add(segs, n, pick(r, words->materials), "MATERIAL");
    if (rng_uniform(r) < 0.1f) n = add(segs, n, pick(r, words->products), "PRODUCT");
    for (int k = (int)rng_below(r, 3); k > 0; k--) n = add(segs, n, pick(r, lang->fillers), NULL);
    if (rng_uniform(r) < 0.35f) n = add(segs, n, pick(r, demo_english_fillers), NULL);
    if (rng_uniform(r) < 0.15f) { /* a repeated expression */
      const char *f = pick(r, lang->fillers);
      char twice[256];
      snprintf(twice, sizeof twice, "%s %s", f, f);
      n = add(segs, n, twice, NULL);
    }
    int order[MAX_SEGMENTS];
    for (int i = 0; i < n; i++) order[i] = i;
    rng_shuffle(r, order, n);
    if (rng_uniform(r) < 0.6f) /* the product usually comes first */
      for (int i = 0; i < n; i++)
        if (order[i] == 0) { order[i] = order[0]; order[0] = 0; }
    int tokens = 0;
    for (int i = 0; i < n; i++) tokens += phrase_tokens(segs[i].phrase);
    while (tokens < MIN_TOKENS && n < MAX_SEGMENTS) {
      n = add(segs, n, pick(r, lang->fillers), NULL);
      order[n - 1] = n - 1;
      tokens += phrase_tokens(segs[n - 1].phrase);
    }
    if (tokens < MIN_TOKENS || tokens > MAX_TOKENS) continue;
    ner_sentence_clear(s);
    Spans spans = {0};
    for (int i = 0; i < n; i++) {
      const Segment *seg = &segs[order[i]];
      int start = s->tokens.n;
      char copy[256];
      snprintf(copy, sizeof copy, "%s", seg->phrase);
      for (char *save, *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save)) tokens_push(&s->tokens, t, strlen(t));
      if (seg->type) spans_push(&spans, start, s->tokens.n, seg->type);
    }
    ner_set_tags(s, &spans);
    spans_free(&spans);
    s->label = jn_strdup(demo_category_names[c]);
    return;
  }
}

static const DemoLanguage *find_language(const char *code, int *index) {
  for (int i = 0; demo_languages[i].code; i++)
    if (!strcmp(demo_languages[i].code, code)) { *index = i; return &demo_languages[i]; }
  jn_die("data demo: unknown language '%s' (vi, th or id)", code);
}

/* Independent streams per language and file, all from the one seed. */
static void seed_stream(Rng *r, uint64_t seed, int language, int file) {
  rng_seed(r, seed * 0x9E3779B97F4A7C15ULL + (uint64_t)(16 * language + file + 1));
}

void demo_write_readme(const DemoOptions *o, const char *languages) {
  char *path = output_path(o->out, "README.md");
  FILE *f = output_open(path);
  fprintf(f,
          "# GENERATED demo data: not real product titles\n\n"
          "Written by `jointner data demo --lang %s --seed %llu --pretrain %ld --unlabeled %ld --ner %d,%d,%d`\n"
          "from the small word lists in data/demo_words.c (see data/demo_gen.h for how titles are\n"
          "built). It stands in for the paper's proprietary product titles so the pipeline can run\n"
          "end to end; scores on it say nothing about the paper's results.\n\n"
          "Per language (vi, th, id): train/dev/test.conll (IOBES; PRODUCT, BRAND, COLOR, PATTERN,\n"
          "CONSUMER_GROUP, MATERIAL; `# label = CATEGORY` before each title), pretrain.tsv\n"
          "(CATEGORY<TAB>tokens) and unlabeled.txt (tokens). Thai titles are already segmented.\n",
          languages, (unsigned long long)o->seed, o->pretrain, o->unlabeled, o->ner[0], o->ner[1], o->ner[2]);
  output_close(f, path);
  free(path);
}

void demo_generate(const DemoOptions *o, const char *code) {
  int index;
  const DemoLanguage *lang = find_language(code, &index);
  char *dir = output_path(o->out, code);
  Rng r;
  NerSentence s = {0};
  static const char *const ner_files[3] = {"train.conll", "dev.conll", "test.conll"};
  for (int k = 0; k < 3; k++) {
    char *path = output_path(dir, ner_files[k]);
    FILE *f = output_open(path);
    seed_stream(&r, o->seed, index, k);
    for (int i = 0; i < o->ner[k]; i++) {
      generate_title(&r, lang, (int)rng_below(&r, DEMO_CATEGORIES), &s);
      conll_write(f, &s);
    }
    output_close(f, path);
    printf("wrote %s %d\n", path, o->ner[k]);
    free(path);
  }
  static const char *const text_files[2] = {"pretrain.tsv", "unlabeled.txt"};
  const long counts[2] = {o->pretrain, o->unlabeled};
  for (int k = 0; k < 2; k++) {
    char *path = output_path(dir, text_files[k]);
    SentenceWriter w;
    sentence_writer_open(&w, path);
    seed_stream(&r, o->seed, index, 3 + k);
    for (long i = 0; i < counts[k]; i++) {
      generate_title(&r, lang, (int)rng_below(&r, DEMO_CATEGORIES), &s);
      sentence_writer_put(&w, s.label, &s.tokens);
    }
    sentence_writer_close(&w, path);
    printf("wrote %s %ld\n", path, counts[k]);
    free(path);
  }
  ner_sentence_free(&s);
  free(dir);
}
