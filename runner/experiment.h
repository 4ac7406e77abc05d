/* experiment.h: everything a NER run needs in memory: the configuration,
 * the data sets indexed against the tag, label and word dictionaries, and
 * the frozen embedding table. */
#ifndef JN_EXPERIMENT_H
#define JN_EXPERIMENT_H
#include "data/batch.h"
#include "data/ner_data.h"
#include "data/vocab.h"
#include "runner/config.h"

typedef struct {
  NerData ner;
  int *token_ids, *tag_ids, *label_ids;
  IndexedData indexed;
} DataSplit;

typedef struct {
  Config cfg;
  DataSplit train, dev, test;
  Vocab words, tags, classes; /* tags: <unk>, O, ..., <START>, <STOP> */
  int tag_start, tag_stop;
  ModelConfig model;          /* with d_emb, n_tags, n_classes filled */
  char label_note[1024];      /* where the sentence labels came from and how many of each, for the record */
} Experiment;

/* Reads data and vectors for cfg (which it takes over). Tag and class
 * dictionaries come from the data unless given (a record's, for eval). */
void experiment_load(Experiment *ex, Config *cfg, char **tag_names, int n_tags, char **class_names,
                     int n_classes);
void experiment_free(Experiment *ex);

/* Reads one more file (eval/predict input) against the dictionaries;
 * tags that are not in the dictionary are an error. */
void experiment_load_split(Experiment *ex, DataSplit *s, const char *path, const ColumnFormat *fmt);
void split_free(DataSplit *s);

#endif
