/* adam.h: Adam (PyTorch semantics, no weight decay) and global-norm
 * gradient clipping, on the flat parameter buffers. */
#ifndef JN_ADAM_H
#define JN_ADAM_H
#include <stddef.h>

typedef struct {
  double beta1, beta2, eps;
  long step; /* updates done so far (for bias correction) */
} Adam;

/* PyTorch clip_grad_norm_: norm = ||g||_2; if max_norm / (norm + 1e-6) < 1
 * the gradient is scaled by it. Returns the norm before clipping. */
double clip_global_norm(float *grads, size_t n, double max_norm);

/* One update of params with lr; m and v are the first and second moments. */
void adam_update(Adam *a, float *params, const float *grads, float *m, float *v, size_t n, double lr);

#endif
