/* adam.h: Adam (PyTorch semantics, no weight decay) with global-norm
 * gradient clipping, on the flat parameter buffers. */
#ifndef JN_ADAM_H
#define JN_ADAM_H
#include <stddef.h>

typedef struct {
  double beta1, beta2, eps;
  long step; /* updates done so far (for bias correction) */
} Adam;

/* One update of params [n] with lr from g = grad_scale * grads (grads is
 * left as it is): first PyTorch's clip_grad_norm_ (norm = ||g||_2; if
 * max_norm / (norm + 1e-6) < 1, g is scaled by it), then Adam with the
 * moments m and v. Returns the norm before clipping. */
double adam_step(Adam *a, float *params, const float *grads, float *m, float *v, size_t n, double lr,
                 double grad_scale, double max_norm);

#endif
