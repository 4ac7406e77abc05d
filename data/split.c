/* split.c: deterministic train/dev/test assignment. */
#include "data/split.h"
#include <stdlib.h>
#include "model/base.h"
#include "model/rng.h"

int *split_assign(int n, const int sizes[3], uint64_t seed) {
  if ((long)sizes[0] + sizes[1] + sizes[2] > n)
    jn_die("split %d,%d,%d needs %d sentences, have %d", sizes[0], sizes[1], sizes[2],
           sizes[0] + sizes[1] + sizes[2], n);
  int *order = jn_malloc((size_t)n * sizeof *order), *part = jn_malloc((size_t)n * sizeof *part);
  for (int i = 0; i < n; i++) order[i] = i;
  Rng rng;
  rng_seed(&rng, seed);
  rng_shuffle(&rng, order, n);
  for (int k = 0; k < n; k++)
    part[order[k]] = k < sizes[0] ? SPLIT_TRAIN
                     : k < sizes[0] + sizes[1] ? SPLIT_DEV
                     : k < sizes[0] + sizes[1] + sizes[2] ? SPLIT_TEST : SPLIT_REST;
  free(order);
  return part;
}
