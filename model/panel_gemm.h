/* panel_gemm.h: C[n][N] = A[n][K] . B[K][N] (or C += ...), with B packed
 * once into column panels and reused: the LSTM's recurrent products. There
 * the row count n is the number of sentences still running at a time step
 * (1-32) and B is Whh (1 MB at hidden 256), the same at every step.
 * OpenBLAS packs B again on every call, which at these row counts costs as
 * much as the arithmetic: at 2-32 rows a forward call takes 130-240 us
 * there against 26-160 us here (bench/README.md). Built where the compiler
 * targets AVX-512; elsewhere panel_gemm_available() is 0 and callers use
 * cblas_sgemm. */
#ifndef JN_PANEL_GEMM_H
#define JN_PANEL_GEMM_H
#include <stddef.h>

enum { PANEL_WIDTH = 32 }; /* columns of B per panel */

int panel_gemm_available(void);

/* Floats of the panels of a K x N matrix: ceil(N / 32) panels of K x 32. */
size_t panel_floats(int K, int N);

/* P = the panels of B[K][N]: panel p holds columns 32p .. 32p+31 as
 * [K][32], columns past N set to 0. B[k][j] is src[k * ld + j], or
 * src[j * ld + k] when transposed (B = src^T). */
void panel_pack(float *P, const float *src, int ld, int transposed, int K, int N);

/* C[n][N] (ldc) = A[n][K] (lda) . B, or C += A . B when accumulate;
 * P from panel_pack of B. */
void panel_gemm(int n, int N, int K, const float *A, int lda, const float *P, float *C, int ldc,
                int accumulate);

#endif
