/* dropout.h: Flair's word dropout and locked dropout masks. */
#ifndef JN_DROPOUT_H
#define JN_DROPOUT_H
#include "model/rng.h"

/* Every sentence b draws its masks from its own generator rngs[b], so a
 * sentence gets the same masks whichever batch or MPI rank it is in. */

/* mask[T][B]: per real token 0 with probability p, else 1 (no rescaling);
 * padding gets 0. */
void word_dropout_mask(float *mask, const int *lengths, int T, int B, float p, Rng *rngs);

/* mask[B][F]: one Bernoulli draw per sentence and feature, shared over
 * time, 0 or 1/(1-p). p = 0 gives all ones. */
void locked_dropout_mask(float *mask, int B, int F, float p, Rng *rngs);

/* x[n][F] *= mask[B][F], x packed over real tokens as model/lstm.h says:
 * the nb[t] rows of time t follow each other, the b-th of them sentence b. */
void apply_locked_mask(float *x, const float *mask, const int *nb, int T, int F);

#endif
