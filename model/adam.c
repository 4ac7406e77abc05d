/* adam.c: one optimiser step on the flat buffers: gradient scaling,
 * global-norm clipping and Adam, in two passes over memory (the norm, then
 * the update). CMakeLists.txt compiles this file so that both loops
 * vectorise (sqrtf without errno). */
#include "model/adam.h"
#include <math.h>

/* sum of x[i]^2: 16 float lanes within blocks of 4096 (vectorises without
 * reassociation flags), double across blocks. */
static double sum_of_squares(const float *restrict x, size_t n) {
  enum { LANES = 16, BLOCK = 4096 };
  double total = 0;
  size_t i = 0;
  for (; i + BLOCK <= n; i += BLOCK) {
    float acc[LANES] = {0};
    for (size_t j = i; j < i + BLOCK; j += LANES)
      for (int k = 0; k < LANES; k++) acc[k] += x[j + k] * x[j + k];
    for (int k = 0; k < LANES; k++) total += acc[k];
  }
  for (; i < n; i++) total += (double)x[i] * x[i];
  return total;
}

double adam_step(Adam *a, float *restrict params, const float *restrict grads, float *restrict m,
                 float *restrict v, size_t n, double lr, double grad_scale, double max_norm) {
  double norm = fabs(grad_scale) * sqrt(sum_of_squares(grads, n));
  double clip = max_norm / (norm + 1e-6);
  float scale = (float)(clip < 1 ? grad_scale * clip : grad_scale);
  a->step++;
  float b1 = (float)a->beta1, b2 = (float)a->beta2;
  double c1 = 1 - pow(a->beta1, (double)a->step), c2 = 1 - pow(a->beta2, (double)a->step);
  float step_size = (float)(lr / c1), sqrt_c2 = (float)sqrt(c2), eps = (float)a->eps;
  for (size_t i = 0; i < n; i++) {
    float g = scale * grads[i];
    m[i] = b1 * m[i] + (1 - b1) * g;
    v[i] = b2 * v[i] + (1 - b2) * g * g;
    params[i] -= step_size * m[i] / (sqrtf(v[i]) / sqrt_c2 + eps);
  }
  return norm;
}
