/* batch.c: padded, time-major mini-batches of sentences. */
#include "data/batch.h"
#include <stdlib.h>
#include <string.h>
#include "model/base.h"

void batch_fill(BatchBuffer *bb, const IndexedData *d, const int *order, int count) {
  int T = 0;
  for (int i = 0; i < count; i++) {
    int len = d->start[order[i] + 1] - d->start[order[i]];
    if (len > T) T = len;
  }
  if (T * count > bb->cap_tokens || count > bb->cap_batch) {
    bb->cap_tokens = T * count > bb->cap_tokens ? T * count : bb->cap_tokens;
    bb->cap_batch = count > bb->cap_batch ? count : bb->cap_batch;
    bb->ids = jn_realloc(bb->ids, sizeof(int) * bb->cap_tokens);
    bb->tags = jn_realloc(bb->tags, sizeof(int) * bb->cap_tokens);
    bb->lengths = jn_realloc(bb->lengths, sizeof(int) * bb->cap_batch);
    bb->labels = jn_realloc(bb->labels, sizeof(int) * bb->cap_batch);
  }
  memset(bb->ids, 0, sizeof(int) * T * count);
  memset(bb->tags, 0, sizeof(int) * T * count);
  for (int b = 0; b < count; b++) {
    int s = order[b], first = d->start[s], len = d->start[s + 1] - first;
    bb->lengths[b] = len;
    bb->labels[b] = d->label_ids ? d->label_ids[s] : 0;
    for (int t = 0; t < len; t++) {
      bb->ids[t * count + b] = d->token_ids[first + t];
      if (d->tag_ids) bb->tags[t * count + b] = d->tag_ids[first + t];
    }
  }
  bb->batch = (Batch){.T = T, .B = count, .ids = bb->ids, .lengths = bb->lengths,
                      .tags = d->tag_ids ? bb->tags : NULL, .labels = d->label_ids ? bb->labels : NULL};
}

void batch_free(BatchBuffer *bb) {
  free(bb->ids);
  free(bb->tags);
  free(bb->lengths);
  free(bb->labels);
  memset(bb, 0, sizeof *bb);
}
