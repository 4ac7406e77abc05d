/* network.h: the whole model of the paper, forward and backward.
 *   x0 = emb[ids] * word dropout * locked dropout        [n][E], n real tokens
 *   x1 = x0 W1^T + b1                                     [n][E]
 *   H  = BiLSTM(x1), Hd = LockedDropout(H)                [n][D], D = 2*hidden
 *   H' = Hd + LD(A(Hd))  (or LD(A(Hd)) without residual; Hd for "none")
 *   NER: feats = H' Wtag^T + btag -> CRF                  [n][K]
 *   sentence: maxpool(H') -> Wcls -> softmax CE           [B][C]
 *   L = L_NER + lambda L_C                                                  */
#ifndef JN_NETWORK_H
#define JN_NETWORK_H
#include "model/attention.h"
#include "model/params.h"
#include "model/rng.h"

typedef struct {
  int T, B;
  const int *ids;     /* [T][B] rows of the embedding table (any valid row at padding) */
  const int *lengths; /* [B], each >= 1 */
  const int *tags;    /* [T][B] gold tag indices, or NULL */
  const int *labels;  /* [B] gold sentence labels, or NULL */
} Batch;

typedef struct {
  float total, ner, sentence;
  int sentences_correct; /* sentence-label argmax equal to the gold label */
} Loss;

typedef struct {
  ModelConfig cfg;
  ParamLayout layout;
  int tag_start, tag_stop;
  size_t cap_tokens, cap_batch;
  /* activations; [n] is packed over the n real tokens (below) */
  float *word_mask;                          /* [T][B] */
  float *emb_mask, *lstm_mask, *att_mask;    /* [B][E], [B][D], [B][D] locked dropout */
  float *x0, *x1;                            /* [n][E] */
  float *gates_fw, *gates_bw;                /* [n][4H] */
  float *cell_fw, *cell_bw;                  /* [n][H] */
  float *h, *hd, *att, *hp;                  /* [n][D] */
  float *token_feats;                        /* [n][K] */
  float *feats;                              /* [T][B][K], the CRF's layout; real rows only */
  float *pooled, *logits;                    /* [B][D], [B][C] */
  int *argmax;                               /* [B][D] */
  /* gradients of activations */
  float *dfeats, *token_dfeats, *dhp, *datt, *dhd, *dgates_fw, *dgates_bw, *dx1, *dlogits,
      *dpooled;
  float *lstm_scratch, *bias_sum;
  float *lstm_panels; /* Whh packed for the recurrent GEMMs, per direction (model/lstm.h) */
  /* The batch sorted by length, longest first (stable), so the sentences
   * running at time t are a prefix: perm[i] is the caller's sentence at
   * sorted position i. Every activation from x0 to H' and its gradient is
   * packed over real tokens (model/lstm.h): time t is rows off[t] ..
   * off[t] + nb[t] - 1, row off[t] + b being sentence b. The [T][B]
   * arrays are in sorted order (mask row i belongs to sentence perm[i]). */
  int *perm, *s_ids, *s_tags, *s_lengths, *s_labels, *off, *nb;
  Rng *s_rngs;
  Batch sorted;
  Attention attention;
  /* Optional: model_loss calls it as each stretch [offset, offset + count)
   * of the gradient buffer becomes final (heads and attention, the forward
   * LSTM, the backward LSTM, then W1), always in this order, so that a
   * data-parallel caller can reduce one while the rest is computed. */
  void (*grads_ready)(void *ctx, size_t offset, size_t count);
  void *grads_ready_ctx;
} Model;

void model_init(Model *m, const ModelConfig *cfg, int tag_start, int tag_stop);
void model_free(Model *m);

/* Training-mode loss (dropout on; sentence b draws its masks from
 * rngs[b]). If grads is not NULL, the gradients are added into it (same
 * layout as params). emb is the frozen embedding table [V][E]. */
Loss model_loss(Model *m, const float *params, float *grads, const float *emb, const Batch *b,
                Rng *rngs);

/* Calls grads_ready for every stretch, in model_loss's order, without a
 * backward pass: a data-parallel rank with no sentences in a step still
 * takes part in each bucket's reduction. */
void model_report_all_grads(Model *m);

/* Evaluation mode: Viterbi tags [T][B] (padding -1) and/or sentence label
 * probabilities [B][C]; either output may be NULL. */
void model_predict(Model *m, const float *params, const float *emb, const Batch *b, int *tags,
                   float *label_probs);

/* FLOPs (2 per multiply-add) of the matrix products of one training step,
 * forward and backward, on a batch padded to T with these lengths. */
double model_step_flops(const ModelConfig *cfg, int T, int B, const int *lengths);

#endif
