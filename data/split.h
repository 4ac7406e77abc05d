/* split.h: deterministic train/dev/test assignment of n items. */
#ifndef JN_SPLIT_H
#define JN_SPLIT_H
#include <stdint.h>

enum { SPLIT_TRAIN = 0, SPLIT_DEV = 1, SPLIT_TEST = 2, SPLIT_REST = 3 };

/* part[i] for i < n: the items are shuffled with rng_seed(seed) and
 * rng_shuffle; the first sizes[0] go to train, the next sizes[1] to dev,
 * the next sizes[2] to test, the others to SPLIT_REST. Dies when
 * sizes[0] + sizes[1] + sizes[2] > n. Returns a malloc'd array. */
int *split_assign(int n, const int sizes[3], uint64_t seed);

#endif
