/* attention.c: soft attention and multi-head self-attention, forward and
 * backward. The input comes packed time-major as the BiLSTM leaves it; both
 * variants regroup it sentence by sentence (row start[b] + t is token t of
 * sentence b), so that each sentence's rows are consecutive for the
 * per-head products. */
#include "model/attention.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "model/linear.h"

#define PARAM(p) (params + L->offset[p])
#define GRAD(p) (grads + L->offset[p])

static inline float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

void attention_free(Attention *at) {
  float **bufs[] = {&at->xs, &at->ys, &at->dxs, &at->q,     &at->k,     &at->v,
                    &at->ctx, &at->scores, &at->probs, &at->drop, &at->z,     &at->delta,
                    &at->g,  &at->a_raw, &at->a,     &at->dq,    &at->dk,    &at->dv,
                    &at->dctx, &at->dp, &at->pd};
  for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) {
    free(*bufs[i]);
    *bufs[i] = NULL;
  }
  free(at->start);
  at->start = NULL;
  at->cap_tokens = at->cap_scores = 0;
  at->cap_len = at->cap_batch = 0;
}

static void ensure_capacity(Attention *at, const ModelConfig *cfg, int T, int B) {
  size_t D = 2 * (size_t)cfg->hidden, N = (size_t)T * B;
  size_t n_scores = (size_t)B * cfg->heads * T * T;
  if (N <= at->cap_tokens && n_scores <= at->cap_scores && T <= at->cap_len && B <= at->cap_batch)
    return;
  if (N < at->cap_tokens) N = at->cap_tokens;
  if (n_scores < at->cap_scores) n_scores = at->cap_scores;
  if (T < at->cap_len) T = at->cap_len;
  if (B < at->cap_batch) B = at->cap_batch;
  attention_free(at);
  at->cap_tokens = N;
  at->cap_scores = n_scores;
  at->cap_len = T;
  at->cap_batch = B;
  float **by_token_d[] = {&at->xs, &at->ys, &at->dxs, &at->q,  &at->k,  &at->v,
                          &at->ctx, &at->dq, &at->dk, &at->dv, &at->dctx};
  for (size_t i = 0; i < sizeof by_token_d / sizeof *by_token_d; i++)
    *by_token_d[i] = jn_calloc(N * D, sizeof(float));
  at->scores = jn_calloc(n_scores, sizeof(float));
  at->probs = jn_calloc(n_scores, sizeof(float));
  at->drop = jn_calloc(n_scores, sizeof(float));
  at->dp = jn_calloc((size_t)T * T, sizeof(float));
  at->pd = jn_calloc((size_t)T * T, sizeof(float));
  at->z = jn_calloc(N, sizeof(float));
  at->delta = jn_calloc(N, sizeof(float));
  at->a_raw = jn_calloc(N, sizeof(float));
  at->a = jn_calloc(N, sizeof(float));
  at->g = jn_calloc(N * (size_t)(cfg->soft_dim > 0 ? cfg->soft_dim : 1), sizeof(float));
  at->start = jn_calloc((size_t)B + 1, sizeof(int));
}

/* ---- soft attention ---------------------------------------------------- */

static void soft_forward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                         const float *params, int B) {
  int D = 2 * cfg->hidden, S = cfg->soft_dim, n = at->start[B];
  linear_forward(at->g, at->xs, PARAM(P_W3), PARAM(P_B3), n, D, S);
  for (long i = 0; i < (long)n * S; i++) at->g[i] = tanhf(at->g[i]);
  const float *w2 = PARAM(P_W2);
  float b2 = PARAM(P_B2)[0];
  for (int b = 0; b < B; b++) {
    float sum = 0;
    for (int i = at->start[b]; i < at->start[b + 1]; i++) {
      const float *g = at->g + (long)i * S;
      float z = b2;
      for (int s = 0; s < S; s++) z += w2[s] * g[s];
      at->a_raw[i] = sigmoidf(z);
      sum += at->a_raw[i];
    }
    for (int i = at->start[b]; i < at->start[b + 1]; i++) {
      float a = at->a[i] = at->a_raw[i] / sum;
      const float *xr = at->xs + (long)i * D;
      float *o = at->ys + (long)i * D;
      for (int d = 0; d < D; d++) o[d] = a * xr[d];
    }
  }
}

/* dys -> dxs (overwritten) and grads. */
static void soft_backward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                          const float *params, float *grads, int B) {
  int D = 2 * cfg->hidden, S = cfg->soft_dim, n = at->start[B];
  const float *w2 = PARAM(P_W2), *dys = at->ys;
  float *dgpre = at->g; /* overwritten in place: tanh output -> gradient of its input */
  float *dz = at->z;    /* [n] */
  for (int b = 0; b < B; b++) {
    float sum = 0, weighted = 0;
    for (int i = at->start[b]; i < at->start[b + 1]; i++) sum += at->a_raw[i];
    /* da_t = dout_t . x_t; dx_t = a_t dout_t */
    for (int i = at->start[b]; i < at->start[b + 1]; i++) {
      const float *xr = at->xs + (long)i * D, *dr = dys + (long)i * D;
      float *dxr = at->dxs + (long)i * D, a = at->a[i], da = 0;
      for (int d = 0; d < D; d++) {
        da += dr[d] * xr[d];
        dxr[d] = a * dr[d];
      }
      dz[i] = da;
      weighted += da * a;
    }
    /* a_t = r_t / sum r -> dr_j = (da_j - sum_t da_t a_t) / sum; dz = dr r(1-r) */
    for (int i = at->start[b]; i < at->start[b + 1]; i++) {
      float r = at->a_raw[i];
      dz[i] = (dz[i] - weighted) / sum * r * (1.0f - r);
    }
  }
  float *dw2 = GRAD(P_W2), *db2 = GRAD(P_B2);
  for (int i = 0; i < n; i++) {
    float *g = at->g + (long)i * S, d = dz[i];
    db2[0] += d;
    for (int s = 0; s < S; s++) {
      dw2[s] += d * g[s];
      dgpre[(long)i * S + s] = d * w2[s] * (1.0f - g[s] * g[s]);
    }
  }
  linear_backward(dgpre, at->xs, PARAM(P_W3), at->dxs, 1, GRAD(P_W3), GRAD(P_B3), n, D, S);
}

/* ---- multi-head self-attention ----------------------------------------- */

static float score_scale_cap(const ModelConfig *cfg) {
  return sqrtf((float)(2 * cfg->hidden) / (float)cfg->heads);
}

/* delta [n]: the divisor of each query row. */
static void compute_scales(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                           const float *params, int n) {
  int D = 2 * cfg->hidden;
  float cap = score_scale_cap(cfg);
  for (int i = 0; i < n; i++) {
    if (cfg->attention == ATT_SELF_SCALED) {
      at->delta[i] = cap;
    } else if (cfg->attention == ATT_SELF_UNSCALED) {
      at->delta[i] = 1.0f;
    } else {
      const float *w4 = PARAM(P_W4), *xr = at->xs + (long)i * D;
      float z = PARAM(P_B4)[0];
      for (int d = 0; d < D; d++) z += w4[d] * xr[d];
      at->z[i] = z;
      at->delta[i] = fminf(fmaxf(z, 0.0f), cap) + 1.0f;
    }
  }
}

static void self_forward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                         const float *params, int T, int B, Rng *rngs, int train) {
  int D = 2 * cfg->hidden, n = at->start[B], nh = cfg->heads, dk = D / nh;
  float p = train ? cfg->attn_prob_dropout : 0.0f, keep = 1.0f / (1.0f - p);
  linear_forward(at->q, at->xs, PARAM(P_WQ), PARAM(P_BQ), n, D, D);
  linear_forward(at->k, at->xs, PARAM(P_WK), PARAM(P_BK), n, D, D);
  linear_forward(at->v, at->xs, PARAM(P_WV), PARAM(P_BV), n, D, D);
  compute_scales(at, cfg, L, params, n);
  for (int b = 0; b < B; b++) {
    int len = at->start[b + 1] - at->start[b];
    for (int h = 0; h < nh; h++) {
      long off = (long)at->start[b] * D + h * dk;
      float *S = at->scores + ((long)b * nh + h) * T * T;
      float *P = at->probs + ((long)b * nh + h) * T * T;
      float *M = at->drop + ((long)b * nh + h) * T * T;
      /* S[len][len] = Q_bh . K_bh^T, rows divided by delta_t */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, len, len, dk, 1.0f, at->q + off, D,
                  at->k + off, D, 0.0f, S, T);
      for (int t = 0; t < len; t++) {
        float inv = 1.0f / at->delta[at->start[b] + t], mx = -INFINITY, sum = 0;
        float *s = S + (long)t * T, *pr = P + (long)t * T, *m = M + (long)t * T;
        for (int j = 0; j < len; j++) {
          s[j] *= inv;
          mx = fmaxf(mx, s[j]);
        }
        for (int j = 0; j < len; j++) sum += (pr[j] = expf(s[j] - mx));
        for (int j = 0; j < len; j++) {
          pr[j] /= sum;
          m[j] = p > 0 && rng_uniform(&rngs[b]) < p ? 0.0f : (p > 0 ? keep : 1.0f);
          at->pd[(long)t * T + j] = pr[j] * m[j];
        }
      }
      /* ctx_bh[len][dk] = Pd[len][len] . V_bh */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, len, dk, len, 1.0f, at->pd, T,
                  at->v + off, D, 0.0f, at->ctx + off, D);
    }
  }
  linear_forward(at->ys, at->ctx, PARAM(P_WO), PARAM(P_BO), n, D, D);
}

/* dys -> dxs (overwritten) and grads. */
static void self_backward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                          const float *params, float *grads, int T, int B) {
  int D = 2 * cfg->hidden, n = at->start[B], nh = cfg->heads, dk = D / nh;
  linear_backward(at->ys, at->ctx, PARAM(P_WO), at->dctx, 0, GRAD(P_WO), GRAD(P_BO), n, D, D);
  memset(at->dq, 0, sizeof(float) * n * D);
  memset(at->dk, 0, sizeof(float) * n * D);
  memset(at->dv, 0, sizeof(float) * n * D);
  float *ddelta = at->a; /* [n], unused by self-attention otherwise */
  memset(ddelta, 0, sizeof(float) * n);
  for (int b = 0; b < B; b++) {
    int len = at->start[b + 1] - at->start[b];
    for (int h = 0; h < nh; h++) {
      long off = (long)at->start[b] * D + h * dk;
      const float *S = at->scores + ((long)b * nh + h) * T * T;
      const float *P = at->probs + ((long)b * nh + h) * T * T;
      const float *M = at->drop + ((long)b * nh + h) * T * T;
      for (int t = 0; t < len; t++)
        for (int j = 0; j < len; j++) at->pd[(long)t * T + j] = P[(long)t * T + j] * M[(long)t * T + j];
      /* dPd[len][len] = dctx_bh . V_bh^T;  dV_bh += Pd^T . dctx_bh */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, len, len, dk, 1.0f, at->dctx + off, D,
                  at->v + off, D, 0.0f, at->dp, T);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, len, dk, len, 1.0f, at->pd, T,
                  at->dctx + off, D, 1.0f, at->dv + off, D);
      /* softmax backward; then through the division by delta_t */
      for (int t = 0; t < len; t++) {
        float *dp = at->dp + (long)t * T, dot = 0, dsum = 0;
        const float *pr = P + (long)t * T, *m = M + (long)t * T, *s = S + (long)t * T;
        for (int j = 0; j < len; j++) dot += (dp[j] *= m[j]) * pr[j];
        float inv = 1.0f / at->delta[at->start[b] + t];
        for (int j = 0; j < len; j++) {
          float ds = pr[j] * (dp[j] - dot);
          dsum += ds * s[j];
          dp[j] = ds * inv; /* now the gradient of the raw score q.k */
        }
        ddelta[at->start[b] + t] -= dsum * inv;
      }
      /* dQ_bh = dRaw . K_bh; dK_bh = dRaw^T . Q_bh */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, len, dk, len, 1.0f, at->dp, T,
                  at->k + off, D, 1.0f, at->dq + off, D);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, len, dk, len, 1.0f, at->dp, T,
                  at->q + off, D, 1.0f, at->dk + off, D);
    }
  }
  linear_backward(at->dq, at->xs, PARAM(P_WQ), at->dxs, 0, GRAD(P_WQ), GRAD(P_BQ), n, D, D);
  linear_backward(at->dk, at->xs, PARAM(P_WK), at->dxs, 1, GRAD(P_WK), GRAD(P_BK), n, D, D);
  linear_backward(at->dv, at->xs, PARAM(P_WV), at->dxs, 1, GRAD(P_WV), GRAD(P_BV), n, D, D);
  if (cfg->attention != ATT_SELF_LEARNED) return;
  /* delta = min(relu(z), cap) + 1: dz = ddelta where 0 < z < cap */
  float cap = score_scale_cap(cfg), *dw4 = GRAD(P_W4), *db4 = GRAD(P_B4);
  const float *w4 = PARAM(P_W4);
  for (int i = 0; i < n; i++) {
    float z = at->z[i];
    if (!(z > 0.0f && z < cap)) continue;
    float dz = ddelta[i];
    const float *xr = at->xs + (long)i * D;
    float *dxr = at->dxs + (long)i * D;
    db4[0] += dz;
    for (int d = 0; d < D; d++) {
      dw4[d] += dz * xr[d];
      dxr[d] += dz * w4[d];
    }
  }
}

/* ---- the BiLSTM's layout <-> sentence by sentence ------------------------ */

/* to[start[b] + t] = from[off[t] + b]: token t of sentence b, from the
 * BiLSTM's time-major packing (model/lstm.h) to consecutive rows. */
static void to_sentences(float *to, const float *from, const int *start, const int *off, int B,
                         int D) {
  for (int b = 0; b < B; b++)
    for (int t = 0; t < start[b + 1] - start[b]; t++)
      memcpy(to + (long)(start[b] + t) * D, from + ((long)off[t] + b) * D, sizeof(float) * D);
}

/* The way back: to[off[t] + b] = (or +=, accumulate) from[start[b] + t]. */
static void from_sentences(float *to, const float *from, const int *start, const int *off, int B,
                           int D, int accumulate) {
  for (int b = 0; b < B; b++)
    for (int t = 0; t < start[b + 1] - start[b]; t++) {
      const float *src = from + (long)(start[b] + t) * D;
      float *dst = to + ((long)off[t] + b) * D;
      if (accumulate)
        for (int d = 0; d < D; d++) dst[d] += src[d];
      else
        memcpy(dst, src, sizeof(float) * D);
    }
}

void attention_forward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                       const float *params, const float *x, const int *lengths, const int *off,
                       int T, int B, float *out, Rng *rngs, int train) {
  int D = 2 * cfg->hidden;
  ensure_capacity(at, cfg, T, B);
  at->start[0] = 0;
  for (int b = 0; b < B; b++) at->start[b + 1] = at->start[b] + lengths[b];
  to_sentences(at->xs, x, at->start, off, B, D);
  if (cfg->attention == ATT_SOFT)
    soft_forward(at, cfg, L, params, B);
  else
    self_forward(at, cfg, L, params, T, B, rngs, train);
  from_sentences(out, at->ys, at->start, off, B, D, 0);
}

void attention_backward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                        const float *params, float *grads, const int *off, int T, int B,
                        const float *dout, float *dx) {
  int D = 2 * cfg->hidden;
  to_sentences(at->ys, dout, at->start, off, B, D); /* ys now holds dout */
  if (cfg->attention == ATT_SOFT)
    soft_backward(at, cfg, L, params, grads, B);
  else
    self_backward(at, cfg, L, params, grads, T, B);
  from_sentences(dx, at->dxs, at->start, off, B, D, 1);
}
