/* attention.h: the paper's attention variants over the BiLSTM states.
 * soft: a_t = sigmoid(w2 . tanh(W3 h_t + b3) + b2), normalised over the
 *   sentence; A(H)_t = a_t h_t.
 * self-*: 8-head self-attention (Annotated Transformer) with Q, K, V, O
 *   maps; scores divided by sqrt(d_h/n) (scaled), 1 (un-scaled) or the
 *   learned per-query delta_t = min(ReLU(w4 . h_t + b4), sqrt(d_h/n)) + 1.
 * Only real tokens enter the maps and the softmax. */
#ifndef JN_ATTENTION_H
#define JN_ATTENTION_H
#include <stddef.h>
#include "model/params.h"
#include "model/rng.h"

typedef struct {
  /* Saved activations over the batch's real tokens, packed sentence by
   * sentence: row start[b] + t is token t of sentence b (n = start[B]). */
  int *start;                   /* [B + 1] */
  float *xs;                    /* [n][D] the input, gathered */
  float *ys;                    /* [n][D] the output; in backward, its gradient */
  float *q, *k, *v, *ctx;       /* [n][D] */
  float *scores, *probs, *drop; /* [B][heads][T][T]: scaled scores, softmax, dropout mask */
  float *z, *delta;             /* [n]: learned-scale pre-activation and delta */
  float *g;                     /* soft: [n][S] tanh layer */
  float *a_raw, *a;             /* soft: [n] sigmoid and normalised weights */
  /* backward scratch */
  float *dxs;                   /* [n][D] gradient w.r.t. xs */
  float *dq, *dk, *dv, *dctx;   /* [n][D] */
  float *dp, *pd;               /* [T][T] */
  size_t cap_tokens, cap_scores;
  int cap_len;   /* longest sentence the [T][T] scratch holds */
  int cap_batch; /* sentences start[] holds */
} Attention;

void attention_free(Attention *at);

/* x [n][D] -> out [n][D] = A(x), both packed over the real tokens as the
 * BiLSTM's output (model/lstm.h): token t of sentence b at row off[t] + b,
 * the batch sorted by length. Dropout on probabilities when train, drawn
 * from rngs[b] for sentence b. */
void attention_forward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                       const float *params, const float *x, const int *lengths, const int *off,
                       int T, int B, float *out, Rng *rngs, int train);

/* After attention_forward on the same batch. dout [n][D]: gradient w.r.t.
 * out. Adds into dx [n][D] and grads. */
void attention_backward(Attention *at, const ModelConfig *cfg, const ParamLayout *L,
                        const float *params, float *grads, const int *off, int T, int B,
                        const float *dout, float *dx);

#endif
