/* panel_gemm.c: see panel_gemm.h. A block of 8 rows of C by one panel
 * (32 columns) lives in 16 AVX-512 registers while k runs over K; the
 * panel ([K][32], 32 KB at K = 256) is read in order and stays in L1
 * across the row blocks; the 1-7 rows past a multiple of 8 join the last
 * block. Calls with fewer than 8 rows take 2 or 4 panels at once. Rows
 * and panels of a block are constants in each instance
 * (CMakeLists.txt compiles this file with -O3, which unrolls their loops),
 * so the accumulators stay in registers. */
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

/* C[R][32 NP] (+)= A[R][K] . NP panels side by side; m[p] masks the two
 * halves of panel p's 32 columns to the columns that exist. Each element
 * is the same chain of FMAs over k whatever R and NP are, so the floats do
 * not depend on how rows and panels are grouped. */
static inline __attribute__((always_inline)) void block(int R, int NP, int K, const float *A, int lda,
                                                        const float *P, float *C, int ldc,
                                                        __mmask16 m[][2], int accumulate) {
  __m512 acc[4][15][2];
  for (int p = 0; p < NP; p++)
    for (int r = 0; r < R; r++)
      for (int h = 0; h < 2; h++)
        acc[p][r][h] = accumulate ? _mm512_maskz_loadu_ps(m[p][h], C + (size_t)r * ldc + 32 * p + 16 * h)
                                  : _mm512_setzero_ps();
  for (int k = 0; k < K; k++) {
    __m512 b[4][2];
    for (int p = 0; p < NP; p++)
      for (int h = 0; h < 2; h++) b[p][h] = _mm512_loadu_ps(P + ((size_t)p * K + k) * PANEL_WIDTH + 16 * h);
    for (int r = 0; r < R; r++) {
      __m512 a = _mm512_set1_ps(A[(size_t)r * lda + k]);
      for (int p = 0; p < NP; p++)
        for (int h = 0; h < 2; h++) acc[p][r][h] = _mm512_fmadd_ps(a, b[p][h], acc[p][r][h]);
    }
  }
  for (int p = 0; p < NP; p++)
    for (int r = 0; r < R; r++)
      for (int h = 0; h < 2; h++) _mm512_mask_storeu_ps(C + (size_t)r * ldc + 32 * p + 16 * h, m[p][h], acc[p][r][h]);
}

/* Panels that a call with n = 1-7 rows takes at once. One panel gives 2n
 * chains of FMAs, too few to cover an FMA's latency; 2 or 4 panels give
 * 8-28. The counts were the fastest measured at hidden 256 (bench/README.md,
 * "The calls with few rows"). */
static const int FEW_ROWS_PANELS[8] = {1, 4, 2, 4, 2, 2, 2, 2};

/* C[R][32 NP] (+)= A[R][K] . the NP panels from P on, R = 1-7: all NP in
 * one block when NP is FEW_ROWS_PANELS[R], else (fewer left at the end of
 * B) one at a time. */
static void few_rows(int R, int NP, int K, const float *A, int lda, const float *P, float *C, int ldc,
                     __mmask16 m[][2], int accumulate) {
#define ROWS(rows, np)                                                                           \
  case rows:                                                                                     \
    if (NP == np) block(rows, np, K, A, lda, P, C, ldc, m, accumulate);                          \
    else                                                                                         \
      for (int p = 0; p < NP; p++, P += (size_t)K * PANEL_WIDTH, C += PANEL_WIDTH, m++)          \
        block(rows, 1, K, A, lda, P, C, ldc, m, accumulate);                                     \
    break;
  switch (R) {
    ROWS(1, 4)
    ROWS(2, 2)
    ROWS(3, 4)
    ROWS(4, 2)
    ROWS(5, 2)
    ROWS(6, 2)
    ROWS(7, 2)
  default: break;
  }
#undef ROWS
}

/* Eight rows by one panel, in a function of its own: inlined beside the
 * larger blocks, its loop lost a register to the stack and ran 2-5% slower. */
static __attribute__((noinline)) void eight_rows(int K, const float *A, int lda, const float *panel, float *C,
                                                 int ldc, __mmask16 m[][2], int accumulate) {
  block(8, 1, K, A, lda, panel, C, ldc, m, accumulate);
}

/* C[n][32] (+)= A[n][K] . one panel, n >= 8: blocks of 8 rows, the last
 * one taking the 1-7 rows left over too (9-15 rows), so that they run
 * while the panel is in L1 and with 18-30 chains of FMAs. */
static void many_rows(int n, int K, const float *A, int lda, const float *panel, float *C, int ldc,
                      __mmask16 m[][2], int accumulate) {
  int b = 0;
  for (; n - b >= 16; b += 8) eight_rows(K, A + (size_t)b * lda, lda, panel, C + (size_t)b * ldc, ldc, m, accumulate);
  A += (size_t)b * lda, C += (size_t)b * ldc;
  switch (n - b) {
#define LAST(rows)                                                                               \
  case rows: block(rows, 1, K, A, lda, panel, C, ldc, m, accumulate); break;
    LAST(15) LAST(14) LAST(13) LAST(12) LAST(11) LAST(10) LAST(9)
#undef LAST
  case 8: eight_rows(K, A, lda, panel, C, ldc, m, accumulate); break;
  default: break;
  }
}

void panel_gemm(int n, int N, int K, const float *A, int lda, const float *P, float *C, int ldc,
                int accumulate) {
  int group = n >= 8 ? 1 : FEW_ROWS_PANELS[n];
  for (int c0 = 0; c0 < N; c0 += group * PANEL_WIDTH) {
    __mmask16 m[4][2]; /* per panel of the group: the two 16-column halves */
    int NP = 0;
    for (; NP < group && c0 + NP * PANEL_WIDTH < N; NP++) {
      int first = c0 + NP * PANEL_WIDTH, cols = N - first < PANEL_WIDTH ? N - first : PANEL_WIDTH;
      m[NP][0] = cols >= 16 ? 0xFFFF : (__mmask16)((1u << cols) - 1);
      m[NP][1] = cols >= 32 ? 0xFFFF : cols > 16 ? (__mmask16)((1u << (cols - 16)) - 1) : 0;
    }
    if (n >= 8) many_rows(n, K, A, lda, P + (size_t)c0 * K, C + c0, ldc, m, accumulate);
    else if (n > 0) few_rows(n, NP, K, A, lda, P + (size_t)c0 * K, C + c0, ldc, m, accumulate);
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
