/* lstm.c: one direction of an LSTM over a length-sorted batch, packed
 * layout (see lstm.h). The gate non-linearities are one fused pass per
 * sentence-step with branch-free expf/tanhf (Cephes polynomials, ~1-2 ulp
 * in float), not libm calls per element; CMakeLists.txt compiles this file
 * with the flags that let GCC vectorise them (16 floats at a time). */
#include "model/lstm.h"
#include "model/panel_gemm.h"
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* expf for |x| <= 88 (clamped), Cephes: 2^n * P(r), r = x - n ln 2. */
static inline float exp_approx(float x) {
  x = x > 88.3762626647949f ? 88.3762626647949f : x;
  x = x < -87.3365447504019f ? -87.3365447504019f : x;
  float fx = x * 1.44269504088896341f + 0.5f;
  float fl = (float)(int)fx;
  fl = fl > fx ? fl - 1.0f : fl; /* floor */
  float r = x - fl * 0.693359375f + fl * 2.12194440e-4f;
  float z = r * r;
  float y = 1.9875691500E-4f;
  y = y * r + 1.3981999507E-3f;
  y = y * r + 8.3334519073E-3f;
  y = y * r + 4.1665795894E-2f;
  y = y * r + 1.6666665459E-1f;
  y = y * r + 5.0000001201E-1f;
  y = y * z + r + 1.0f;
  union { int32_t i; float f; } u;
  u.i = ((int32_t)fl + 127) << 23;
  return y * u.f;
}

static inline float sigmoid_approx(float x) { return 1.0f / (1.0f + exp_approx(-x)); }

/* Cephes tanhf: odd polynomial below 0.625, 1 - 2/(e^{2|x|} + 1) above. */
static inline float tanh_approx(float x) {
  float ax = fabsf(x), z = x * x;
  float p = -5.70498872745E-3f;
  p = p * z + 2.06390887954E-2f;
  p = p * z - 5.37397155531E-2f;
  p = p * z + 1.33314422036E-1f;
  p = p * z - 3.33332819422E-1f;
  float small = p * z * x + x;
  float big = 1.0f - 2.0f / (exp_approx(2.0f * ax) + 1.0f);
  big = x < 0 ? -big : big;
  return ax > 0.625f ? big : small;
}

/* One sentence-step of the cell: g [4H] pre-activations -> activations,
 * c = i*g + f*cp, h = o*tanh(c). */
static void cell_forward(float *restrict g, float *restrict ct, float *restrict ht,
                         const float *restrict cp, int H) {
  float *gi = g, *gf = g + H, *gg = g + 2 * H, *go = g + 3 * H;
  if (cp) {
    for (int j = 0; j < H; j++) {
      float i = sigmoid_approx(gi[j]), f = sigmoid_approx(gf[j]);
      float u = tanh_approx(gg[j]), o = sigmoid_approx(go[j]);
      gi[j] = i, gf[j] = f, gg[j] = u, go[j] = o;
      float cv = i * u + f * cp[j];
      ct[j] = cv;
      ht[j] = o * tanh_approx(cv);
    }
  } else {
    for (int j = 0; j < H; j++) {
      float i = sigmoid_approx(gi[j]), f = sigmoid_approx(gf[j]);
      float u = tanh_approx(gg[j]), o = sigmoid_approx(go[j]);
      gi[j] = i, gf[j] = f, gg[j] = u, go[j] = o;
      float cv = i * u;
      ct[j] = cv;
      ht[j] = o * tanh_approx(cv);
    }
  }
}

/* One sentence-step of the cell backward: dh = dho + dhr, dc = dcr +
 * dh o (1 - tanh(c)^2); the four gate gradients into dg [4H]; dcr becomes
 * dc f for the step before. c0 is the previous step's c (cp), or 0 where
 * the sentence has no previous step in this direction (first): one loop
 * each, with no select inside, so that GCC vectorises both. */
static inline __attribute__((always_inline)) void cell_backward_with(
    const float *restrict g, const float *restrict ct, const float *restrict cp,
    const float *restrict dho, float *restrict dhr, float *restrict dcr, float *restrict dg, int H,
    int first) {
  const float *gi = g, *gf = g + H, *gg = g + 2 * H, *go = g + 3 * H;
  for (int j = 0; j < H; j++) {
    float i = gi[j], f = gf[j], u = gg[j], o = go[j];
    float tc = tanh_approx(ct[j]);
    float dh = dho[j] + dhr[j];
    float dc = dcr[j] + dh * o * (1.0f - tc * tc);
    float c0 = first ? 0.0f : cp[j];
    dg[j] = dc * u * i * (1.0f - i);
    dg[H + j] = dc * c0 * f * (1.0f - f);
    dg[2 * H + j] = dc * i * (1.0f - u * u);
    dg[3 * H + j] = dh * tc * o * (1.0f - o);
    dcr[j] = dc * f;
  }
}

static void cell_backward(const float *g, const float *ct, const float *cp, const float *dho,
                          float *dhr, float *dcr, float *dg, int H) {
  if (cp)
    cell_backward_with(g, ct, cp, dho, dhr, dcr, dg, H, 0);
  else
    cell_backward_with(g, ct, cp, dho, dhr, dcr, dg, H, 1);
}

/* Position of processing step s: t = s forward, T-1-s reversed. */
static inline int step_time(int s, int T, int reverse) { return reverse ? T - 1 - s : s; }

size_t lstm_panel_floats(int H) {
  size_t forward = panel_floats(H, 4 * H), backward = panel_floats(4 * H, H); /* Whh^T, Whh */
  return !panel_gemm_available() ? 0 : forward > backward ? forward : backward;
}

void lstm_forward(float *gates, float *c, float *h, int ldh, const float *Whh, float *panels,
                  const int *off, const int *nb, int T, int H, int reverse) {
  int G = 4 * H;
  if (panels) panel_pack(panels, Whh, H, 1, H, G); /* B = Whh^T [H][4H] */
  for (int s = 0; s < T; s++) {
    int t = step_time(s, T, reverse), n = nb[t];
    float *gt = gates + (long)off[t] * G;
    int tp = s > 0 ? step_time(s - 1, T, reverse) : -1;
    /* gt[k][4H] += h_prev[k][H] . Whh[4H][H]^T for the k sentences that ran
     * at tp too; reversed, the sentences that end at t start there (h 0) */
    int k = tp < 0 ? 0 : n < nb[tp] ? n : nb[tp];
    const float *h_prev = tp < 0 ? NULL : h + (long)off[tp] * ldh;
    if (k > 0 && panels)
      panel_gemm(k, G, H, h_prev, ldh, panels, gt, G, 1);
    else if (k > 0)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, k, G, H, 1.0f, h_prev, ldh, Whh, H, 1.0f,
                  gt, G);
    for (int b = 0; b < n; b++) {
      const float *cp = tp >= 0 && b < nb[tp] ? c + ((long)off[tp] + b) * H : NULL;
      cell_forward(gt + (long)b * G, c + ((long)off[t] + b) * H, h + ((long)off[t] + b) * ldh, cp, H);
    }
  }
}

void lstm_backward(const float *gates, const float *c, const float *h, int ldh, const float *dh_out,
                   const float *Whh, float *panels, const int *off, const int *nb, int T, int B,
                   int H, int reverse, float *dgates, float *dWhh, float *scratch) {
  int G = 4 * H;
  if (panels) panel_pack(panels, Whh, H, 0, G, H); /* B = Whh [4H][H] */
  float *dh_rec = scratch, *dc_rec = scratch + (long)B * H, *hprev = scratch + 2L * B * H;
  memset(scratch, 0, sizeof(float) * 2 * B * H);
  for (int s = T - 1; s >= 0; s--) {
    int t = step_time(s, T, reverse), n = nb[t];
    int tp = s > 0 ? step_time(s - 1, T, reverse) : -1;
    float *dg_t = dgates + (long)off[t] * G;
    for (int b = 0; b < n; b++) {
      const float *cp = tp >= 0 && b < nb[tp] ? c + ((long)off[tp] + b) * H : NULL;
      long r = (long)off[t] + b;
      cell_backward(gates + r * G, c + r * H, cp, dh_out + r * ldh,
                    dh_rec + (long)b * H, dc_rec + (long)b * H, dg_t + (long)b * G, H);
      /* h of the previous step, packed like dgates, for dWhh */
      float *hp = hprev + r * H;
      if (cp)
        memcpy(hp, h + ((long)off[tp] + b) * ldh, sizeof(float) * H);
      else
        memset(hp, 0, sizeof(float) * H);
    }
    if (s > 0 && n > 0 && panels) /* dh_rec[n][H] = dg_t[n][4H] . Whh[4H][H] */
      panel_gemm(n, H, G, dg_t, G, panels, dh_rec, H, 0);
    else if (s > 0 && n > 0)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, H, G, 1.0f, dg_t, G, Whh, H, 0.0f,
                  dh_rec, H);
  }
  /* dWhh += dgates^T . hprev over all real tokens, one GEMM */
  int total = off[T];
  if (total > 0)
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, G, H, total, 1.0f, dgates, G, hprev, H,
                1.0f, dWhh, H);
}
