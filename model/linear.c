/* linear.c: fully connected layer on row-major matrices, via OpenBLAS. */
#include "model/linear.h"
#include <cblas.h>

void linear_forward(float *out, const float *in, const float *W, const float *b, int N, int n_in, int n_out) {
  if (N == 0) return;
  if (b)
    for (int n = 0; n < N; n++)
      for (int o = 0; o < n_out; o++) out[(long)n * n_out + o] = b[o];
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, n_out, n_in, 1.0f, in, n_in, W, n_in, b ? 1.0f : 0.0f,
              out, n_out);
}

void add_column_sums(float *db, const float *x, int rows, int n) {
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < n; j++) db[j] += x[(long)r * n + j];
}

void linear_backward(const float *dout, const float *in, const float *W, float *din, int accumulate,
                     float *dW, float *db, int N, int n_in, int n_out) {
  if (N == 0) return;
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n_out, n_in, N, 1.0f, dout, n_out, in, n_in, 1.0f, dW, n_in);
  if (db) add_column_sums(db, dout, N, n_out);
  if (din)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, n_in, n_out, 1.0f, dout, n_out, W, n_in,
                accumulate ? 1.0f : 0.0f, din, n_in);
}
