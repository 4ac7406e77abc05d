/* pretrained_init.h: the Joint + Pre-trained model starts from the W1 and
 * BiLSTM of a pre-training run (the paper's Section 3). */
#ifndef JN_PRETRAINED_INIT_H
#define JN_PRETRAINED_INIT_H
#include <stddef.h>
#include "model/params.h"

/* Copies the tensors from the complete pre-training record at path into
 * params (layout L of model cfg). Dies on a record that is not a complete
 * pre-training, on other word vectors (by checksum: canonical is this
 * run's canonical config) or on any shape mismatch. Appends to note which
 * tensors were taken. */
void pretrained_init(const char *path, const char *canonical, const ParamLayout *L,
                     const ModelConfig *cfg, float *params, char *note, size_t note_size);

#endif
