/* linear.h: fully connected layer on row-major matrices, via OpenBLAS. */
#ifndef JN_LINEAR_H
#define JN_LINEAR_H

/* out[N][n_out] = in[N][n_in] . W[n_out][n_in]^T + b[n_out]   (b may be NULL) */
void linear_forward(float *out, const float *in, const float *W, const float *b, int N, int n_in, int n_out);

/* dW[n_out][n_in] += dout^T . in; db[n_out] += column sums of dout (db may be NULL);
 * din[N][n_in] = dout . W, added to din if accumulate, skipped if din is NULL. */
void linear_backward(const float *dout, const float *in, const float *W, float *din, int accumulate,
                     float *dW, float *db, int N, int n_in, int n_out);

/* db[n] += sum over rows of x[rows][n] */
void add_column_sums(float *db, const float *x, int rows, int n);

#endif
