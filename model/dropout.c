/* dropout.c: Flair's word dropout and locked dropout masks. */
#include "model/dropout.h"

void word_dropout_mask(float *mask, const int *lengths, int T, int B, float p, Rng *rngs) {
  for (int b = 0; b < B; b++)
    for (int t = 0; t < T; t++)
      mask[t * B + b] = t < lengths[b] ? (p > 0 && rng_uniform(&rngs[b]) < p ? 0.0f : 1.0f) : 0.0f;
}

void locked_dropout_mask(float *mask, int B, int F, float p, Rng *rngs) {
  float keep = 1.0f / (1.0f - p);
  for (int b = 0; b < B; b++)
    for (int f = 0; f < F; f++)
      mask[b * F + f] = p > 0 && rng_uniform(&rngs[b]) < p ? 0.0f : (p > 0 ? keep : 1.0f);
}

void apply_locked_mask(float *x, const float *mask, const int *nb, int T, int F) {
  float *row = x;
  for (int t = 0; t < T; t++)
    for (int b = 0; b < nb[t]; b++, row += F) {
      const float *m = mask + (long)b * F;
      for (int f = 0; f < F; f++) row[f] *= m[f];
    }
}
