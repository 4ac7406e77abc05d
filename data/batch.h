/* batch.h: padded, time-major mini-batches of sentences. */
#ifndef JN_BATCH_H
#define JN_BATCH_H
#include "model/network.h"

typedef struct {
  const int *start;     /* [n_sentences + 1] token offsets of each sentence */
  const int *token_ids; /* [n_tokens] rows of the embedding table */
  const int *tag_ids;   /* [n_tokens] or NULL */
  const int *label_ids; /* [n_sentences] or NULL */
} IndexedData;

typedef struct {
  int *ids, *tags, *lengths, *labels; /* [T][B], [T][B], [B], [B] */
  int cap_tokens, cap_batch;
  Batch batch;                          /* views of the arrays above */
} BatchBuffer;

/* Fills bb with the sentences order[0..count-1], padded to the longest
 * (padding: id 0, tag 0). */
void batch_fill(BatchBuffer *bb, const IndexedData *d, const int *order, int count);
void batch_free(BatchBuffer *bb);

#endif
