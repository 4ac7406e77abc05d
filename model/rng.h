/* rng.h: xoshiro256** seeded by splitmix64. The whole state is four
 * uint64 words, saved in checkpoints so that a resumed run draws the same
 * numbers as an uninterrupted one. */
#ifndef JN_RNG_H
#define JN_RNG_H
#include <stdint.h>

typedef struct { uint64_t s[4]; } Rng;

void rng_seed(Rng *r, uint64_t seed);
uint64_t rng_next(Rng *r);
float rng_uniform(Rng *r);                    /* [0, 1) */
float rng_range(Rng *r, float lo, float hi); /* [lo, hi) */
uint32_t rng_below(Rng *r, uint32_t n);       /* [0, n) */
void rng_shuffle(Rng *r, int *a, int n);      /* Fisher-Yates */
/* A generator for item `index` of `epoch` of a run seeded by seed: the
 * dropout of a sentence depends on where it is in the data, never on the
 * batch, the process or the MPI rank that computes it. */
void rng_seed_keyed(Rng *r, uint64_t seed, uint64_t epoch, uint64_t index);

#endif
