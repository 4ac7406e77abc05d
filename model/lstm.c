/* lstm.c: one direction of an LSTM over a time-major padded batch. */
#include "model/lstm.h"
#include <cblas.h>
#include <math.h>
#include <string.h>

static inline float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

/* Position of processing step s: t = s forward, T-1-s reversed. */
static inline int step_time(int s, int T, int reverse) { return reverse ? T - 1 - s : s; }

void lstm_forward(float *gates, float *c, float *h, int ldh, const float *Whh, const float *mask,
                  int T, int B, int H, int reverse) {
  int G = 4 * H;
  for (int s = 0; s < T; s++) {
    int t = step_time(s, T, reverse);
    float *gt = gates + (long)t * B * G;
    const float *h_prev = NULL, *c_prev = NULL;
    if (s > 0) {
      int tp = step_time(s - 1, T, reverse);
      h_prev = h + (long)tp * B * ldh;
      c_prev = c + (long)tp * B * H;
      /* gt[B][4H] += h_prev[B][H] . Whh[4H][H]^T */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, G, H, 1.0f, h_prev, ldh, Whh, H, 1.0f,
                  gt, G);
    }
    for (int b = 0; b < B; b++) {
      float m = mask[(long)t * B + b];
      float *g = gt + (long)b * G;
      float *ct = c + ((long)t * B + b) * H;
      float *ht = h + ((long)t * B + b) * ldh;
      const float *cp = c_prev ? c_prev + (long)b * H : NULL;
      for (int j = 0; j < H; j++) {
        float i = sigmoidf(g[j]), f = sigmoidf(g[H + j]);
        float gg = tanhf(g[2 * H + j]), o = sigmoidf(g[3 * H + j]);
        g[j] = i, g[H + j] = f, g[2 * H + j] = gg, g[3 * H + j] = o;
        float cv = i * gg + (cp ? f * cp[j] : 0.0f);
        ct[j] = m * cv;
        ht[j] = m * o * tanhf(cv);
      }
    }
  }
}

void lstm_backward(const float *gates, const float *c, const float *h, int ldh, const float *dh_out,
                   const float *Whh, const float *mask, int T, int B, int H, int reverse,
                   float *dgates, float *dWhh, float *scratch) {
  int G = 4 * H;
  float *dh_rec = scratch, *dc_rec = scratch + (long)B * H;
  memset(scratch, 0, sizeof(float) * 2 * B * H);
  for (int s = T - 1; s >= 0; s--) {
    int t = step_time(s, T, reverse);
    const float *c_prev = s > 0 ? c + (long)step_time(s - 1, T, reverse) * B * H : NULL;
    float *dg_t = dgates + (long)t * B * G;
    for (int b = 0; b < B; b++) {
      float m = mask[(long)t * B + b];
      const float *g = gates + ((long)t * B + b) * G;
      const float *ct = c + ((long)t * B + b) * H;
      const float *dho = dh_out + ((long)t * B + b) * ldh;
      float *dhr = dh_rec + (long)b * H, *dcr = dc_rec + (long)b * H;
      float *dg = dg_t + (long)b * G;
      for (int j = 0; j < H; j++) {
        float i = g[j], f = g[H + j], gg = g[2 * H + j], o = g[3 * H + j];
        float tc = tanhf(ct[j]);
        float dh = m * (dho[j] + dhr[j]);
        float dc = m * dcr[j] + dh * o * (1.0f - tc * tc);
        float cp = c_prev ? c_prev[(long)b * H + j] : 0.0f;
        dg[j] = dc * gg * i * (1.0f - i);
        dg[H + j] = dc * cp * f * (1.0f - f);
        dg[2 * H + j] = dc * i * (1.0f - gg * gg);
        dg[3 * H + j] = dh * tc * o * (1.0f - o);
        dcr[j] = dc * f;
      }
    }
    if (s > 0) /* dh_rec[B][H] = dg_t[B][4H] . Whh[4H][H] */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, G, 1.0f, dg_t, G, Whh, H, 0.0f,
                  dh_rec, H);
  }
  if (T < 2) return;
  /* dWhh += sum over steps of dgates(step)^T . h(previous step), one GEMM:
   * forward pairs (t, t-1), reversed pairs (t, t+1). */
  const float *dg = reverse ? dgates : dgates + (long)B * G;
  const float *hp = reverse ? h + (long)B * ldh : h;
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, G, H, (T - 1) * B, 1.0f, dg, G, hp, ldh, 1.0f,
              dWhh, H);
}
