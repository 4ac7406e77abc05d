/* sentence_head.c: max-pool, linear, softmax cross-entropy. */
#include "model/sentence_head.h"
#include <math.h>
#include "model/linear.h"

void sentence_head_forward(const float *x, const int *lengths, const int *off, int B, int D,
                           const float *W, const float *bias, int C, float *pooled, int *argmax,
                           float *logits) {
  for (int b = 0; b < B; b++) {
    float *p = pooled + (long)b * D;
    int *am = argmax + (long)b * D;
    for (int d = 0; d < D; d++) p[d] = x[((long)off[0] + b) * D + d], am[d] = 0;
    for (int t = 1; t < lengths[b]; t++) {
      const float *xr = x + ((long)off[t] + b) * D;
      for (int d = 0; d < D; d++)
        if (xr[d] > p[d]) p[d] = xr[d], am[d] = t;
    }
  }
  linear_forward(logits, pooled, W, bias, B, D, C);
}

int argmax(const float *x, int n) {
  int best = 0;
  for (int i = 1; i < n; i++)
    if (x[i] > x[best]) best = i;
  return best;
}

void softmax_rows(float *z, int B, int C) {
  for (int b = 0; b < B; b++, z += C) {
    float mx = z[0], sum = 0;
    for (int c = 1; c < C; c++) mx = fmaxf(mx, z[c]);
    for (int c = 0; c < C; c++) sum += (z[c] = expf(z[c] - mx));
    for (int c = 0; c < C; c++) z[c] /= sum;
  }
}

float softmax_cross_entropy(float *logits, const int *labels, int B, int C, float scale,
                            float *dlogits) {
  double loss = 0;
  softmax_rows(logits, B, C);
  for (int b = 0; b < B; b++) {
    const float *z = logits + (long)b * C;
    loss -= log(fmax(z[labels[b]], 1e-30));
    if (dlogits)
      for (int c = 0; c < C; c++)
        dlogits[(long)b * C + c] = scale * (z[c] - (c == labels[b] ? 1.0f : 0.0f)) / (float)B;
  }
  return (float)(loss / B);
}

void sentence_head_backward(const float *dlogits, const float *pooled, const int *argmax,
                            const int *off, int B, int D, const float *W, int C, float *dW,
                            float *db, float *dpooled, float *dx) {
  linear_backward(dlogits, pooled, W, dpooled, 0, dW, db, B, D, C);
  for (int b = 0; b < B; b++)
    for (int d = 0; d < D; d++)
      dx[((long)off[argmax[(long)b * D + d]] + b) * D + d] += dpooled[(long)b * D + d];
}
