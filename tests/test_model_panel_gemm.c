/* test_model_panel_gemm.c: model/panel_gemm.c against a double-precision
 * triple loop, over row counts 0-40 (every remainder of the 8-row blocks),
 * column counts that are and are not multiples of the 32-column panel,
 * both packings (B and src^T), overwrite and accumulate, leading
 * dimensions wider than the matrices; writes stay inside the n x N block
 * (a sentinel around it is checked), and each row computed alone gives
 * the same bits. Then the LSTM's two directions with
 * and without panels agree (model/lstm.c). */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "model/base.h"
#include "model/lstm.h"
#include "model/panel_gemm.h"
#include "model/rng.h"

static const float SENTINEL = 12345.0f;

static void fill(Rng *r, float *x, size_t n) {
  for (size_t i = 0; i < n; i++) x[i] = (float)rng_uniform(r) - 0.5f;
}

static void check_shape(Rng *r, int n, int N, int K, int transposed, int accumulate) {
  int lda = K + 3, ldc = N + 5, ld = transposed ? K + 2 : N + 2;
  float *A = jn_calloc((size_t)(n ? n : 1) * lda, sizeof(float));
  float *src = jn_calloc((size_t)(transposed ? N : K) * ld, sizeof(float));
  float *C = jn_calloc((size_t)(n + 1) * ldc, sizeof(float));
  float *P = jn_calloc(panel_floats(K, N), sizeof(float));
  fill(r, A, (size_t)(n ? n : 1) * lda);
  fill(r, src, (size_t)(transposed ? N : K) * ld);
  for (size_t i = 0; i < (size_t)(n + 1) * ldc; i++) C[i] = SENTINEL;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < N; j++) C[(size_t)i * ldc + j] = (float)rng_uniform(r);
  double *want = jn_calloc((size_t)(n ? n : 1) * (N ? N : 1), sizeof(double));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < N; j++) {
      double s = accumulate ? C[(size_t)i * ldc + j] : 0.0;
      for (int k = 0; k < K; k++)
        s += (double)A[(size_t)i * lda + k] *
             (transposed ? src[(size_t)j * ld + k] : src[(size_t)k * ld + j]);
      want[(size_t)i * N + j] = s;
    }
  float *before = jn_calloc((size_t)(n + 1) * ldc, sizeof(float));
  memcpy(before, C, sizeof(float) * (size_t)(n + 1) * ldc);
  panel_pack(P, src, ld, transposed, K, N);
  panel_gemm(n, N, K, A, lda, P, C, ldc, accumulate);
  /* Each row on its own gives the same bits: how rows and panels are
   * grouped into blocks leaves every element's sum as it is. */
  int regrouped = 0;
  for (int i = 0; i < n; i++) {
    float *row = before + (size_t)i * ldc;
    panel_gemm(1, N, K, A + (size_t)i * lda, lda, P, row, ldc, accumulate);
    regrouped += memcmp(row, C + (size_t)i * ldc, sizeof(float) * N) != 0;
  }
  int wrong = 0, outside = 0;
  for (int i = 0; i <= n; i++)
    for (int j = 0; j < ldc; j++) {
      float got = C[(size_t)i * ldc + j];
      if (i < n && j < N) {
        double w = want[(size_t)i * N + j];
        wrong += fabs(got - w) > 1e-5 * (1.0 + K);
      } else {
        outside += got != SENTINEL;
      }
    }
  if (wrong || outside || regrouped)
    fprintf(stderr, "n=%d N=%d K=%d transposed=%d accumulate=%d: %d wrong, %d written outside, %d rows differ alone\n",
            n, N, K, transposed, accumulate, wrong, outside, regrouped);
  CHECK(wrong == 0);
  CHECK(outside == 0);
  CHECK(regrouped == 0);
  free(A), free(src), free(C), free(P), free(want), free(before);
}

/* One direction over a packed batch of B sentences, with and without
 * panels: the same h and, backward, the same dgates and dWhh. */
static void check_lstm(Rng *r, int H, int reverse) {
  enum { T = 6, B = 5 };
  int lengths[B] = {6, 6, 4, 2, 1}, off[T + 1] = {0}, nb[T];
  for (int t = 0; t < T; t++) {
    nb[t] = 0;
    for (int b = 0; b < B; b++) nb[t] += lengths[b] > t;
    off[t + 1] = off[t] + nb[t];
  }
  int n = off[T], G = 4 * H;
  float *Whh = jn_calloc((size_t)G * H, sizeof(float)), *x = jn_calloc((size_t)n * G, sizeof(float));
  float *dh = jn_calloc((size_t)n * H, sizeof(float));
  fill(r, Whh, (size_t)G * H), fill(r, x, (size_t)n * G), fill(r, dh, (size_t)n * H);
  float *out[2][4]; /* h, dgates, dWhh, gates */
  for (int with = 0; with < 2; with++) {
    float *gates = jn_calloc((size_t)n * G, sizeof(float)), *c = jn_calloc((size_t)n * H, sizeof(float));
    float *h = jn_calloc((size_t)n * H, sizeof(float)), *dg = jn_calloc((size_t)n * G, sizeof(float));
    float *dW = jn_calloc((size_t)G * H, sizeof(float));
    float *scratch = jn_calloc((size_t)2 * B * H + (size_t)n * H, sizeof(float));
    float *panels = with && lstm_panel_floats(H) ? jn_calloc(lstm_panel_floats(H), sizeof(float)) : NULL;
    memcpy(gates, x, sizeof(float) * n * G);
    lstm_forward(gates, c, h, H, Whh, panels, off, nb, T, H, reverse);
    lstm_backward(gates, c, h, H, dh, Whh, panels, off, nb, T, B, H, reverse, dg, dW, scratch);
    out[with][0] = h, out[with][1] = dg, out[with][2] = dW, out[with][3] = gates;
    free(c), free(scratch), free(panels);
  }
  size_t sizes[4] = {(size_t)n * H, (size_t)n * G, (size_t)G * H, (size_t)n * G};
  for (int k = 0; k < 4; k++) {
    int wrong = 0;
    for (size_t i = 0; i < sizes[k]; i++)
      wrong += fabsf(out[0][k][i] - out[1][k][i]) > 1e-4f * (1.0f + fabsf(out[0][k][i]));
    if (wrong) fprintf(stderr, "lstm H=%d reverse=%d, output %d: %d values differ\n", H, reverse, k, wrong);
    CHECK(wrong == 0);
    free(out[0][k]), free(out[1][k]);
  }
  free(Whh), free(x), free(dh);
}

int main(void) {
  Rng r;
  rng_seed(&r, 7);
  printf("panel_gemm: %s\n", panel_gemm_available() ? "AVX-512 kernel" : "portable loops");
  int cols[] = {1, 16, 17, 31, 32, 33, 64, 100, 160, 230}; /* 1-8 panels */
  for (int n = 0; n <= 40; n++)
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
      for (int transposed = 0; transposed < 2; transposed++)
        check_shape(&r, n, cols[c], n % 3 == 0 ? 1 : 7 + n, transposed, (n + (int)c) % 2);
  check_shape(&r, 32, 1024, 256, 1, 1); /* the LSTM's shapes at hidden 256 */
  check_shape(&r, 13, 256, 1024, 0, 0);
  for (int reverse = 0; reverse < 2; reverse++) {
    check_lstm(&r, 8, reverse);
    check_lstm(&r, 40, reverse); /* 4H = 160: five panels; H = 40: a partial one */
  }
  return check_exit("test_model_panel_gemm");
}
