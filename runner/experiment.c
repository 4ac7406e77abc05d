/* experiment.c: data, dictionaries and vectors of a NER run. */
#include "runner/experiment.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "runner/pretrained_init.h"

static int uses_sentence_labels(ModelType t) { return t == MODEL_JOINT || t == MODEL_JOINT_PRETRAINED; }

static void add_tags_of(Vocab *tags, const NerData *d) {
  for (long i = 0; i < d->n_tokens; i++) vocab_add(tags, d->tags[i]);
}

static void add_labels_of(Vocab *classes, const NerData *d) {
  for (int s = 0; s < d->n_sentences; s++)
    if (d->labels[s]) vocab_add(classes, d->labels[s]);
}

static int has_missing_labels(const NerData *d) {
  for (int i = 0; i < d->n_sentences; i++)
    if (!d->labels[i]) return 1;
  return 0;
}

/* Sentence label ids of gold data (text to predict needs none). */
static void index_labels(Experiment *ex, DataSplit *s) {
  const NerData *d = &s->ner;
  s->label_ids = NULL;
  if (!ex->model.n_classes || !d->tags) return;
  s->label_ids = jn_malloc(sizeof(int) * d->n_sentences);
  for (int i = 0; i < d->n_sentences; i++) {
    if (!d->labels[i])
      jn_die("%s:%ld: sentence has no '# label = ...' line; joint models need sentence labels "
             "(or data.label_classifier, a pre-training record to assign them)",
             d->path, d->lines[i]);
    s->label_ids[i] = vocab_find(&ex->classes, d->labels[i]);
    if (s->label_ids[i] < 0)
      jn_die("%s:%ld: sentence label '%s' is not in the model's label set", d->path, d->lines[i],
             d->labels[i]);
  }
  s->indexed.label_ids = s->label_ids;
}

/* Appends "; training sentences by label: A 12, B 950" to note, in the
 * label set's order, cut to "..." when it does not fit. */
static void append_label_counts(char *note, size_t size, const Vocab *classes, const DataSplit *train) {
  if (!train->label_ids) return;
  long *count = jn_calloc((size_t)(classes->n ? classes->n : 1), sizeof *count);
  for (int i = 0; i < train->ner.n_sentences; i++) count[train->label_ids[i]]++;
  size_t used = strlen(note);
  const char *sep = "; training sentences by label: ";
  for (int k = 0; k < classes->n && used < size; k++, sep = ", ") {
    int n = snprintf(note + used, size - used, "%s%s %ld", sep, classes->words[k], count[k]);
    used += n > 0 ? (size_t)n : 0;
  }
  if (used >= size) strcpy(note + size - 4, "...");
  free(count);
}

/* Indexes the words (added to the vocabulary) and tags (which must exist) of s. */
static void index_split(Experiment *ex, DataSplit *s) {
  const NerData *d = &s->ner;
  s->token_ids = jn_malloc(sizeof(int) * (d->n_tokens ? d->n_tokens : 1));
  for (long i = 0; i < d->n_tokens; i++) s->token_ids[i] = vocab_add(&ex->words, d->words[i]);
  s->tag_ids = NULL;
  if (d->tags && ex->tags.n) {
    s->tag_ids = jn_malloc(sizeof(int) * (d->n_tokens ? d->n_tokens : 1));
    for (int sent = 0; sent < d->n_sentences; sent++)
      for (int i = d->start[sent]; i < d->start[sent + 1]; i++) {
        int id = vocab_find(&ex->tags, d->tags[i]);
        if (id < 0)
          jn_die("%s:%ld: tag '%s' is not in the model's tag set", d->path, d->lines[sent],
                 d->tags[i]);
        s->tag_ids[i] = id;
      }
  }
  s->indexed = (IndexedData){d->start, s->token_ids, s->tag_ids, NULL};
}

static void fill_dictionary(Vocab *v, char **names, int n) {
  for (int i = 0; i < n; i++) vocab_add(v, names[i]);
}

void experiment_load(Experiment *ex, Config *cfg, char **tag_names, int n_tags, char **class_names,
                     int n_classes) {
  memset(ex, 0, sizeof *ex);
  ex->cfg = *cfg;
  memset(cfg, 0, sizeof *cfg);
  const Config *c = &ex->cfg;
  ner_data_read(&ex->train.ner, c->train, &c->columns);
  if (c->augment) {
    NerData extra;
    ner_data_read(&extra, c->augment, &c->columns);
    ner_data_append(&ex->train.ner, &extra);
    ner_data_free(&extra);
  }
  ner_data_read(&ex->dev.ner, c->dev, &c->columns);
  ner_data_read(&ex->test.ner, c->test, &c->columns);
  if (tag_names) {
    fill_dictionary(&ex->tags, tag_names, n_tags);
  } else {
    vocab_add(&ex->tags, "<unk>");
    vocab_add(&ex->tags, "O");
    add_tags_of(&ex->tags, &ex->train.ner);
    add_tags_of(&ex->tags, &ex->dev.ner);
    add_tags_of(&ex->tags, &ex->test.ner);
    vocab_add(&ex->tags, "<START>");
    vocab_add(&ex->tags, "<STOP>");
  }
  ex->tag_start = vocab_find(&ex->tags, "<START>");
  ex->tag_stop = vocab_find(&ex->tags, "<STOP>");
  if (ex->tag_start < 0 || ex->tag_stop < 0) jn_die("tag set without <START>/<STOP>");
  const char *classifier = c->label_classifier ? c->label_classifier
                           : c->type == MODEL_JOINT_PRETRAINED ? c->pretrained : NULL;
  DataSplit *splits[3] = {&ex->train, &ex->dev, &ex->test};
  int assign = 0;
  for (int i = 0; i < 3; i++) assign |= has_missing_labels(&splits[i]->ner);
  assign = assign && classifier && uses_sentence_labels(c->type) && !class_names;
  if (class_names) {
    fill_dictionary(&ex->classes, class_names, n_classes);
  } else if (assign) {
    pretrained_class_names(classifier, &ex->classes);
  } else if (uses_sentence_labels(c->type)) {
    add_labels_of(&ex->classes, &ex->train.ner);
    add_labels_of(&ex->classes, &ex->dev.ner);
    add_labels_of(&ex->classes, &ex->test.ner);
    if (ex->classes.n < 2)
      jn_die("%s: a joint model needs at least 2 sentence labels ('# label = ...' lines); found %d",
             c->train, ex->classes.n);
  }
  ex->model = c->model;
  ex->model.n_tags = ex->tags.n;
  ex->model.n_classes = uses_sentence_labels(c->type) ? ex->classes.n : 0;
  for (int i = 0; i < 3; i++) index_split(ex, splits[i]);
  vocab_load_vectors(&ex->words, c->vectors, 0);
  ex->model.d_emb = ex->words.dim;
  long assigned = 0;
  for (int i = 0; assign && i < 3; i++)
    assigned += pretrained_assign_labels(classifier, c->vectors, &ex->words, &splits[i]->ner,
                                         &splits[i]->indexed, &ex->classes);
  for (int i = 0; i < 3; i++) index_labels(ex, splits[i]);
  if (!uses_sentence_labels(c->type))
    snprintf(ex->label_note, sizeof ex->label_note, "sentence labels: not used");
  else if (assigned)
    snprintf(ex->label_note, sizeof ex->label_note,
             "sentence labels: %ld sentences labelled by the classifier of %s, the rest from the data",
             assigned, classifier);
  else
    snprintf(ex->label_note, sizeof ex->label_note, "sentence labels: from the data");
  append_label_counts(ex->label_note, sizeof ex->label_note, &ex->classes, &ex->train);
}

void experiment_load_split(Experiment *ex, DataSplit *s, const char *path, const ColumnFormat *fmt) {
  memset(s, 0, sizeof *s);
  ner_data_read(&s->ner, path, fmt);
  int before = ex->words.n;
  index_split(ex, s);
  index_labels(ex, s);
  if (ex->words.n > before) { /* new words: look their vectors up */
    free(ex->words.table);
    vocab_load_vectors(&ex->words, ex->cfg.vectors, ex->model.d_emb);
  }
}

void split_free(DataSplit *s) {
  ner_data_free(&s->ner);
  free(s->token_ids);
  free(s->tag_ids);
  free(s->label_ids);
  memset(s, 0, sizeof *s);
}

void experiment_free(Experiment *ex) {
  split_free(&ex->train);
  split_free(&ex->dev);
  split_free(&ex->test);
  vocab_free(&ex->words);
  vocab_free(&ex->tags);
  vocab_free(&ex->classes);
  config_free(&ex->cfg);
}
