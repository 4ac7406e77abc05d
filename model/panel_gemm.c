/* panel_gemm.c: see panel_gemm.h. A block of up to 8 rows of C by one
 * panel (32 columns) lives in 16 AVX-512 registers while k runs over K;
 * the panel ([K][32], 32 KB at K = 256) is read in order and stays in L1
 * across the row blocks. The row count of a block is a constant in each
 * instance (CMakeLists.txt compiles this file with -O3, which unrolls the
 * row loops), so nothing spills. */
#include "model/panel_gemm.h"
#include <string.h>

size_t panel_floats(int K, int N) {
  return (size_t)((N + PANEL_WIDTH - 1) / PANEL_WIDTH) * (size_t)K * PANEL_WIDTH;
}

void panel_pack(float *P, const float *src, int ld, int transposed, int K, int N) {
  for (int c0 = 0; c0 < N; c0 += PANEL_WIDTH) {
    float *panel = P + (size_t)c0 * K;
    int cols = N - c0 < PANEL_WIDTH ? N - c0 : PANEL_WIDTH;
    if (cols < PANEL_WIDTH) memset(panel, 0, sizeof(float) * (size_t)K * PANEL_WIDTH);
    if (transposed) /* column c0 + j of B is row c0 + j of src: each row read
                       in order (src comes cold from the optimiser's update),
                       written down a column of the panel, which is in L1 */
      for (int j = 0; j < cols; j++) {
        const float *s = src + (size_t)(c0 + j) * ld;
        for (int k = 0; k < K; k++) panel[(size_t)k * PANEL_WIDTH + j] = s[k];
      }
    else
      for (int k = 0; k < K; k++) memcpy(panel + (size_t)k * PANEL_WIDTH, src + (size_t)k * ld + c0, sizeof(float) * cols);
  }
}

#if defined(__AVX512F__)
#include <immintrin.h>

int panel_gemm_available(void) { return 1; }

/* C[R][cols] (+)= A[R][K] . panel[K][32]; m0/m1 mask the two halves of
 * the 32 columns to the cols that exist. */
static inline __attribute__((always_inline)) void block(int R, int K, const float *A, int lda,
                                                        const float *panel, float *C, int ldc,
                                                        __mmask16 m0, __mmask16 m1, int accumulate) {
  __m512 lo[8], hi[8];
  for (int r = 0; r < R; r++) {
    lo[r] = accumulate ? _mm512_maskz_loadu_ps(m0, C + (size_t)r * ldc) : _mm512_setzero_ps();
    hi[r] = accumulate ? _mm512_maskz_loadu_ps(m1, C + (size_t)r * ldc + 16) : _mm512_setzero_ps();
  }
  for (int k = 0; k < K; k++) {
    __m512 b0 = _mm512_loadu_ps(panel + (size_t)k * PANEL_WIDTH);
    __m512 b1 = _mm512_loadu_ps(panel + (size_t)k * PANEL_WIDTH + 16);
    for (int r = 0; r < R; r++) {
      __m512 a = _mm512_set1_ps(A[(size_t)r * lda + k]);
      lo[r] = _mm512_fmadd_ps(a, b0, lo[r]);
      hi[r] = _mm512_fmadd_ps(a, b1, hi[r]);
    }
  }
  for (int r = 0; r < R; r++) {
    _mm512_mask_storeu_ps(C + (size_t)r * ldc, m0, lo[r]);
    _mm512_mask_storeu_ps(C + (size_t)r * ldc + 16, m1, hi[r]);
  }
}

void panel_gemm(int n, int N, int K, const float *A, int lda, const float *P, float *C, int ldc,
                int accumulate) {
  for (int c0 = 0; c0 < N; c0 += PANEL_WIDTH) {
    int cols = N - c0 < PANEL_WIDTH ? N - c0 : PANEL_WIDTH;
    __mmask16 m0 = cols >= 16 ? 0xFFFF : (__mmask16)((1u << cols) - 1);
    __mmask16 m1 = cols >= 32 ? 0xFFFF : cols > 16 ? (__mmask16)((1u << (cols - 16)) - 1) : 0;
    const float *panel = P + (size_t)c0 * K;
    int b = 0;
#define BLOCK(R) block(R, K, A + (size_t)b * lda, lda, panel, C + (size_t)b * ldc + c0, ldc, m0, m1, accumulate)
    for (; b + 8 <= n; b += 8) BLOCK(8);
    switch (n - b) {
    case 7: BLOCK(7); break;
    case 6: BLOCK(6); break;
    case 5: BLOCK(5); break;
    case 4: BLOCK(4); break;
    case 3: BLOCK(3); break;
    case 2: BLOCK(2); break;
    case 1: BLOCK(1); break;
    default: break;
    }
#undef BLOCK
  }
}

#else

int panel_gemm_available(void) { return 0; }

/* Plain loops, for the tests on machines without AVX-512; lstm.c calls
 * cblas_sgemm there instead. */
void panel_gemm(int n, int N, int K, const float *A, int lda, const float *P, float *C, int ldc,
                int accumulate) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < N; j++) {
      const float *col = P + (size_t)(j / PANEL_WIDTH) * PANEL_WIDTH * K + j % PANEL_WIDTH;
      float s = accumulate ? C[(size_t)i * ldc + j] : 0.0f;
      for (int k = 0; k < K; k++) s += A[(size_t)i * lda + k] * col[(size_t)k * PANEL_WIDTH];
      C[(size_t)i * ldc + j] = s;
    }
}

#endif
