/* pretrained_init.h: the Joint + Pre-trained model starts from the W1 and
 * BiLSTM of a pre-training run (the paper's Section 3). */
#ifndef JN_PRETRAINED_INIT_H
#define JN_PRETRAINED_INIT_H
#include <stddef.h>
#include "data/batch.h"
#include "data/ner_data.h"
#include "data/vocab.h"
#include "model/params.h"

/* Copies the tensors from the complete pre-training record at path into
 * params (layout L of model cfg). Dies on a record that is not a complete
 * pre-training, on other word vectors (by checksum: canonical is this
 * run's canonical config) or on any shape mismatch. Appends to note which
 * tensors were taken. */
void pretrained_init(const char *path, const char *canonical, const ParamLayout *L,
                     const ModelConfig *cfg, float *params, char *note, size_t note_size);

/* The sentence labels of the pre-training record at path, in its order. */
void pretrained_class_names(const char *path, Vocab *classes);

/* Labels every sentence of d without a label by the pre-trained classifier
 * of the record at path (eval mode, argmax). The record must have been
 * trained on the vectors at vectors_path (checked by SHA-256); words/indexed
 * give the sentences' rows in the embedding table. Returns the count. */
long pretrained_assign_labels(const char *path, const char *vectors_path, const Vocab *words,
                              NerData *d, const IndexedData *indexed, const Vocab *classes);

#endif
