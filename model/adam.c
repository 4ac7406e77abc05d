/* adam.c: Adam and global-norm gradient clipping. */
#include "model/adam.h"
#include <math.h>

double clip_global_norm(float *grads, size_t n, double max_norm) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += (double)grads[i] * grads[i];
  double norm = sqrt(sum), coef = max_norm / (norm + 1e-6);
  if (coef < 1)
    for (size_t i = 0; i < n; i++) grads[i] = (float)(grads[i] * coef);
  return norm;
}

void adam_update(Adam *a, float *params, const float *grads, float *m, float *v, size_t n, double lr) {
  a->step++;
  float b1 = (float)a->beta1, b2 = (float)a->beta2;
  double c1 = 1 - pow(a->beta1, (double)a->step), c2 = 1 - pow(a->beta2, (double)a->step);
  float step_size = (float)(lr / c1), sqrt_c2 = (float)sqrt(c2), eps = (float)a->eps;
  for (size_t i = 0; i < n; i++) {
    float g = grads[i];
    m[i] = b1 * m[i] + (1 - b1) * g;
    v[i] = b2 * v[i] + (1 - b2) * g * g;
    params[i] -= step_size * m[i] / (sqrtf(v[i]) / sqrt_c2 + eps);
  }
}
