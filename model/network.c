/* network.c: the whole model of the paper, forward and backward. */
#include "model/network.h"
#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "model/crf.h"
#include "model/dropout.h"
#include "model/linear.h"
#include "model/lstm.h"
#include "model/sentence_head.h"

#define PARAM(p) (params + m->layout.offset[p])
#define GRAD(p) (grads + m->layout.offset[p])

void model_init(Model *m, const ModelConfig *cfg, int tag_start, int tag_stop) {
  memset(m, 0, sizeof *m);
  m->cfg = *cfg;
  param_layout(cfg, &m->layout);
  m->tag_start = tag_start;
  m->tag_stop = tag_stop;
  size_t panels = lstm_panel_floats(cfg->hidden);
  if (panels) m->lstm_panels = jn_calloc(2 * panels, sizeof(float)); /* one per direction */
}

static void free_buffers(Model *m) {
  void *bufs[] = {m->word_mask, m->emb_mask,  m->lstm_mask,    m->att_mask,  m->x0,
                  m->x1,        m->gates_fw,  m->gates_bw,     m->cell_fw,   m->cell_bw,
                  m->h,         m->hd,        m->att,          m->hp,        m->feats,
                  m->token_feats, m->pooled,  m->logits,       m->argmax,    m->dfeats,
                  m->token_dfeats, m->dhp,    m->datt,         m->dhd,       m->dgates_fw,
                  m->dgates_bw, m->dx1,       m->dlogits,      m->dpooled,   m->lstm_scratch,
                  m->bias_sum,  m->perm,      m->s_ids,        m->s_tags,    m->s_lengths,
                  m->s_labels,  m->off,       m->nb,           m->s_rngs};
  for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) free(bufs[i]);
}

void model_free(Model *m) {
  free_buffers(m);
  free(m->lstm_panels);
  attention_free(&m->attention);
  memset(m, 0, sizeof *m);
}

/* Grow the activation buffers to hold T x B tokens (never shrinks). */
static void ensure_capacity(Model *m, int T, int B) {
  size_t N = (size_t)T * B;
  if (N <= m->cap_tokens && (size_t)B <= m->cap_batch) return;
  free_buffers(m);
  if (N < m->cap_tokens) N = m->cap_tokens;
  size_t nb = (size_t)B > m->cap_batch ? (size_t)B : m->cap_batch;
  size_t E = m->cfg.d_emb, H = m->cfg.hidden, D = 2 * H;
  size_t K = m->cfg.n_tags ? m->cfg.n_tags : 1, C = m->cfg.n_classes ? m->cfg.n_classes : 1;
  m->cap_tokens = N;
  m->cap_batch = nb;
  m->word_mask = jn_calloc(N, sizeof(float));
  m->emb_mask = jn_calloc(nb * E, sizeof(float));
  m->lstm_mask = jn_calloc(nb * D, sizeof(float));
  m->att_mask = jn_calloc(nb * D, sizeof(float));
  m->x0 = jn_calloc(N * E, sizeof(float));
  m->x1 = jn_calloc(N * E, sizeof(float));
  m->dx1 = jn_calloc(N * E, sizeof(float));
  m->gates_fw = jn_calloc(N * 4 * H, sizeof(float));
  m->gates_bw = jn_calloc(N * 4 * H, sizeof(float));
  m->dgates_fw = jn_calloc(N * 4 * H, sizeof(float));
  m->dgates_bw = jn_calloc(N * 4 * H, sizeof(float));
  m->cell_fw = jn_calloc(N * H, sizeof(float));
  m->cell_bw = jn_calloc(N * H, sizeof(float));
  float **by_token_d[] = {&m->h, &m->hd, &m->att, &m->hp, &m->dhp, &m->datt, &m->dhd};
  for (size_t i = 0; i < 7; i++) *by_token_d[i] = jn_calloc(N * D, sizeof(float));
  m->feats = jn_calloc(N * K, sizeof(float));
  m->dfeats = jn_calloc(N * K, sizeof(float));
  m->token_feats = jn_calloc(N * K, sizeof(float));
  m->token_dfeats = jn_calloc(N * K, sizeof(float));
  m->pooled = jn_calloc(nb * D, sizeof(float));
  m->dpooled = jn_calloc(nb * D, sizeof(float));
  m->argmax = jn_calloc(nb * D, sizeof(int));
  m->logits = jn_calloc(nb * C, sizeof(float));
  m->dlogits = jn_calloc(nb * C, sizeof(float));
  m->lstm_scratch = jn_calloc(2 * (2 * nb * H + N * H), sizeof(float)); /* per direction */
  m->bias_sum = jn_calloc(2 * 4 * H, sizeof(float));
  m->perm = jn_calloc(nb, sizeof(int));
  m->s_lengths = jn_calloc(nb, sizeof(int));
  m->s_labels = jn_calloc(nb, sizeof(int));
  m->s_ids = jn_calloc(N, sizeof(int));
  m->s_tags = jn_calloc(N, sizeof(int));
  m->off = jn_calloc(N + 1, sizeof(int));
  m->nb = jn_calloc(N, sizeof(int));
  m->s_rngs = jn_calloc(nb, sizeof(Rng));
}

/* m->sorted = bt with its sentences sorted by length, longest first
 * (stable); the per-sentence generators follow their sentences. Fills
 * off/nb of the packed layout. Returns the number of real tokens. */
static int sort_batch(Model *m, const Batch *bt, const Rng *rngs) {
  int T = bt->T, B = bt->B;
  ensure_capacity(m, T, B);
  int *perm = m->perm;
  for (int i = 0; i < B; i++) { /* insertion sort: stable, B is small */
    int j = i, len = bt->lengths[i];
    while (j > 0 && bt->lengths[perm[j - 1]] < len) perm[j] = perm[j - 1], j--;
    perm[j] = i;
  }
  for (int i = 0; i < B; i++) {
    int b = perm[i];
    m->s_lengths[i] = bt->lengths[b];
    if (bt->labels) m->s_labels[i] = bt->labels[b];
    if (rngs) m->s_rngs[i] = rngs[b];
    for (int t = 0; t < T; t++) {
      m->s_ids[t * B + i] = bt->ids[t * B + b];
      if (bt->tags) m->s_tags[t * B + i] = bt->tags[t * B + b];
    }
  }
  m->off[0] = 0;
  for (int t = 0; t < T; t++) {
    int n = 0;
    while (n < B && m->s_lengths[n] > t) n++;
    m->nb[t] = n;
    m->off[t + 1] = m->off[t] + n;
  }
  m->sorted = (Batch){.T = T, .B = B, .ids = m->s_ids, .lengths = m->s_lengths,
                      .tags = bt->tags ? m->s_tags : NULL, .labels = bt->labels ? m->s_labels : NULL};
  return m->off[T];
}

/* One direction of the BiLSTM (dir 0 forward, 1 backward) over m->sorted;
 * what both_directions hands to each thread. */
typedef struct {
  Model *m;
  const float *params;
  float *grads;
  int dir;
} Direction;

/* This direction's scratch for Whh in panels, or NULL (model/lstm.h). */
static float *direction_panels(const Direction *d) {
  size_t floats = lstm_panel_floats(d->m->cfg.hidden);
  return d->m->lstm_panels ? d->m->lstm_panels + d->dir * floats : NULL;
}

/* gates [n][4H] = x1 Wih^T + bih + bhh for every step at once, then the
 * recurrence writes this direction's half of h [n][2H]. */
static void *direction_forward(void *arg) {
  const Direction *d = arg;
  Model *m = d->m;
  const float *params = d->params;
  int T = m->sorted.T, E = m->cfg.d_emb, H = m->cfg.hidden, G = 4 * H;
  int wih = d->dir ? P_WIH_B : P_WIH_F;
  float *gates = d->dir ? m->gates_bw : m->gates_fw, *bias_sum = m->bias_sum + d->dir * G;
  const float *bih = PARAM(wih + 2), *bhh = PARAM(wih + 3);
  for (int j = 0; j < G; j++) bias_sum[j] = bih[j] + bhh[j];
  linear_forward(gates, m->x1, PARAM(wih), bias_sum, m->off[T], E, G);
  lstm_forward(gates, d->dir ? m->cell_bw : m->cell_fw, m->h + d->dir * H, 2 * H,
               PARAM(wih + 1), direction_panels(d), m->off, m->nb, T, H, d->dir);
  return NULL;
}

/* dgates of this direction and dWhh, from dhd (the gradient w.r.t. h). */
static void *direction_backward(void *arg) {
  const Direction *d = arg;
  Model *m = d->m;
  const float *params = d->params;
  float *grads = d->grads;
  int T = m->sorted.T, B = m->sorted.B, H = m->cfg.hidden, wih = d->dir ? P_WIH_B : P_WIH_F;
  long scratch = 2L * (long)m->cap_batch * H + (long)m->cap_tokens * H;
  lstm_backward(d->dir ? m->gates_bw : m->gates_fw, d->dir ? m->cell_bw : m->cell_fw,
                m->h + d->dir * H, 2 * H, m->dhd + d->dir * H, PARAM(wih + 1),
                direction_panels(d), m->off, m->nb, T, B, H, d->dir,
                d->dir ? m->dgates_bw : m->dgates_fw, GRAD(wih + 1),
                m->lstm_scratch + d->dir * scratch);
  return NULL;
}

/* Runs fn for both directions. The recurrent GEMMs have at most B (32)
 * rows, too few to split over OpenBLAS threads (its hand-off costs more than
 * it saves: bench/README.md), so every GEMM here runs on one thread; when
 * OpenBLAS was given more than one, the backward direction runs on a thread
 * of its own instead, which is where the second core pays. The two write
 * disjoint buffers; the numbers are the same either way. */
static void both_directions(void *(*fn)(void *), Model *m, const float *params, float *grads) {
  Direction dirs[2] = {{m, params, grads, 0}, {m, params, grads, 1}};
  int threads = openblas_get_num_threads();
  if (threads > 1) openblas_set_num_threads(1);
  pthread_t other;
  int parallel = threads > 1 && pthread_create(&other, NULL, fn, &dirs[1]) == 0;
  fn(&dirs[0]);
  if (parallel)
    pthread_join(other, NULL);
  else
    fn(&dirs[1]);
  if (threads > 1) openblas_set_num_threads(threads);
}

/* padded[t][B][K] = packed[off[t] + b][K] for the real tokens: the CRF
 * reads the padded layout, and only its real rows. */
static void tokens_to_padded(const Model *m, float *padded, const float *packed, int K) {
  for (int t = 0; t < m->sorted.T; t++)
    memcpy(padded + (long)t * m->sorted.B * K, packed + (long)m->off[t] * K,
           sizeof(float) * m->nb[t] * K);
}

/* The reverse: the CRF's gradient back to the real tokens' rows. */
static void padded_to_tokens(const Model *m, float *packed, const float *padded, int K) {
  for (int t = 0; t < m->sorted.T; t++)
    memcpy(packed + (long)m->off[t] * K, padded + (long)t * m->sorted.B * K,
           sizeof(float) * m->nb[t] * K);
}

/* Everything up to H' (m->hp) and the heads' outputs, on m->sorted. */
static void forward(Model *m, const float *params, const float *emb, Rng *rngs, int train) {
  const ModelConfig *c = &m->cfg;
  const Batch *bt = &m->sorted;
  int T = bt->T, B = bt->B, E = c->d_emb, H = c->hidden, D = 2 * H, n = m->off[T];
  if (train) {
    word_dropout_mask(m->word_mask, bt->lengths, T, B, c->word_dropout, rngs);
    locked_dropout_mask(m->emb_mask, B, E, c->locked_dropout, rngs);
  }
  /* x0 packed over real tokens: emb * word dropout * locked dropout */
  for (int t = 0; t < T; t++)
    for (int b = 0; b < m->nb[t]; b++) {
      float s = train ? m->word_mask[t * B + b] : 1.0f;
      const float *e = emb + (long)bt->ids[t * B + b] * E, *lm = m->emb_mask + (long)b * E;
      float *x = m->x0 + ((long)m->off[t] + b) * E;
      if (train)
        for (int j = 0; j < E; j++) x[j] = s * e[j] * lm[j];
      else
        for (int j = 0; j < E; j++) x[j] = e[j];
    }
  linear_forward(m->x1, m->x0, PARAM(P_W1), PARAM(P_B1), n, E, E);

  both_directions(direction_forward, m, params, NULL);
  memcpy(m->hd, m->h, sizeof(float) * n * D);
  if (train) {
    locked_dropout_mask(m->lstm_mask, B, D, c->locked_dropout, rngs);
    apply_locked_mask(m->hd, m->lstm_mask, m->nb, T, D);
  }

  if (c->attention == ATT_NONE) {
    memcpy(m->hp, m->hd, sizeof(float) * n * D);
  } else {
    attention_forward(&m->attention, c, &m->layout, params, m->hd, bt->lengths, m->off, T, B,
                      m->att, rngs, train);
    /* H' = H + LockedDropout(A(H)); "w/o residual" is H' = A(H), no dropout */
    if (train && c->residual) {
      locked_dropout_mask(m->att_mask, B, D, c->attn_locked_dropout, rngs);
      apply_locked_mask(m->att, m->att_mask, m->nb, T, D);
    }
    for (long i = 0; i < (long)n * D; i++) m->hp[i] = (c->residual ? m->hd[i] : 0.0f) + m->att[i];
  }

  if (c->n_tags) {
    linear_forward(m->token_feats, m->hp, PARAM(P_WTAG), PARAM(P_BTAG), n, D, c->n_tags);
    tokens_to_padded(m, m->feats, m->token_feats, c->n_tags);
  }
  if (c->n_classes)
    sentence_head_forward(m->hp, bt->lengths, m->off, B, D, PARAM(P_WCLS), PARAM(P_BCLS),
                          c->n_classes, m->pooled, m->argmax, m->logits);
}

/* The stretches of the gradient buffer backward() finishes, in its order:
 * stretch i is [at[i][0], at[i][1]): heads and attention, the forward
 * LSTM, the backward LSTM, W1. */
enum { STRETCHES = 4 };
static void grad_stretches(const ParamLayout *l, size_t at[STRETCHES][2]) {
  size_t fw = l->offset[P_WIH_F], bw = l->offset[P_WIH_B], above = l->offset[P_W3];
  size_t order[STRETCHES][2] = {{above, l->total}, {fw, bw}, {bw, above}, {0, fw}};
  memcpy(at, order, sizeof order);
}

static void report_stretch(Model *m, size_t at[STRETCHES][2], int i) {
  if (m->grads_ready) m->grads_ready(m->grads_ready_ctx, at[i][0], at[i][1] - at[i][0]);
}

void model_report_all_grads(Model *m) {
  size_t at[STRETCHES][2];
  grad_stretches(&m->layout, at);
  for (int i = 0; i < STRETCHES; i++) report_stretch(m, at, i);
}

static void backward(Model *m, const float *params, float *grads) {
  const Batch *bt = &m->sorted;
  const ModelConfig *c = &m->cfg;
  int T = bt->T, B = bt->B, E = c->d_emb, H = c->hidden, D = 2 * H, n = m->off[T];
  memset(m->dhp, 0, sizeof(float) * n * D);
  if (c->n_tags) {
    padded_to_tokens(m, m->token_dfeats, m->dfeats, c->n_tags);
    linear_backward(m->token_dfeats, m->hp, PARAM(P_WTAG), m->dhp, 1, GRAD(P_WTAG), GRAD(P_BTAG),
                    n, D, c->n_tags);
  }
  if (c->n_classes)
    sentence_head_backward(m->dlogits, m->pooled, m->argmax, m->off, B, D, PARAM(P_WCLS),
                           c->n_classes, GRAD(P_WCLS), GRAD(P_BCLS), m->dpooled, m->dhp);

  if (c->attention == ATT_NONE) {
    memcpy(m->dhd, m->dhp, sizeof(float) * n * D);
  } else {
    memcpy(m->datt, m->dhp, sizeof(float) * n * D);
    if (c->residual) {
      apply_locked_mask(m->datt, m->att_mask, m->nb, T, D);
      memcpy(m->dhd, m->dhp, sizeof(float) * n * D);
    } else {
      memset(m->dhd, 0, sizeof(float) * n * D);
    }
    attention_backward(&m->attention, c, &m->layout, params, grads, m->off, T, B, m->datt, m->dhd);
  }
  apply_locked_mask(m->dhd, m->lstm_mask, m->nb, T, D); /* now the gradient w.r.t. H */
  size_t at[STRETCHES][2];
  grad_stretches(&m->layout, at);
  report_stretch(m, at, 0);

  both_directions(direction_backward, m, params, grads);
  for (int dir = 0; dir < 2; dir++) {
    int wih = dir ? P_WIH_B : P_WIH_F;
    const float *dg = dir ? m->dgates_bw : m->dgates_fw;
    linear_backward(dg, m->x1, PARAM(wih), m->dx1, dir, GRAD(wih), GRAD(wih + 2), n, E, 4 * H);
    add_column_sums(GRAD(wih + 3), dg, n, 4 * H);
    report_stretch(m, at, 1 + dir);
  }
  linear_backward(m->dx1, m->x0, PARAM(P_W1), NULL, 0, GRAD(P_W1), GRAD(P_B1), n, E, E);
  report_stretch(m, at, 3);
}

Loss model_loss(Model *m, const float *params, float *grads, const float *emb, const Batch *in,
                Rng *rngs) {
  const ModelConfig *c = &m->cfg;
  sort_batch(m, in, rngs);
  const Batch *bt = &m->sorted;
  int T = bt->T, B = bt->B;
  Loss loss = {0, 0, 0, 0};
  forward(m, params, emb, m->s_rngs, 1);
  for (int i = 0; i < B; i++) rngs[m->perm[i]] = m->s_rngs[i]; /* advanced as if unsorted */
  if (c->n_tags) {
    if (grads) memset(m->dfeats, 0, sizeof(float) * T * B * c->n_tags);
    loss.ner = crf_loss(m->feats, PARAM(P_TRANS), bt->tags, bt->lengths, T, B, c->n_tags,
                        m->tag_start, m->tag_stop, grads ? m->dfeats : NULL,
                        grads ? GRAD(P_TRANS) : NULL, 1.0f / (float)B) /
               (float)B;
  }
  if (c->n_classes) {
    int C = c->n_classes;
    loss.sentence = softmax_cross_entropy(m->logits, bt->labels, B, C, c->lambda,
                                          grads ? m->dlogits : NULL);
    for (int i = 0; i < B; i++) /* logits now hold the probabilities */
      loss.sentences_correct += argmax(m->logits + (long)i * C, C) == bt->labels[i];
  }
  loss.total = loss.ner + c->lambda * loss.sentence;
  if (grads) backward(m, params, grads);
  return loss;
}

void model_predict(Model *m, const float *params, const float *emb, const Batch *in, int *tags,
                   float *label_probs) {
  const ModelConfig *c = &m->cfg;
  sort_batch(m, in, NULL);
  const Batch *bt = &m->sorted;
  int T = bt->T, B = bt->B;
  forward(m, params, emb, NULL, 0);
  if (tags && c->n_tags) {
    crf_viterbi(m->feats, PARAM(P_TRANS), bt->lengths, T, B, c->n_tags, m->tag_start, m->tag_stop,
                m->s_tags);
    for (int t = 0; t < T; t++)
      for (int i = 0; i < B; i++) tags[t * B + m->perm[i]] = m->s_tags[t * B + i];
  }
  if (label_probs && c->n_classes) {
    int C = c->n_classes;
    for (int i = 0; i < B; i++)
      memcpy(label_probs + (long)m->perm[i] * C, m->logits + (long)i * C, sizeof(float) * C);
    softmax_rows(label_probs, B, C);
  }
}

double model_step_flops(const ModelConfig *c, int T, int B, const int *lengths) {
  double N = (double)T * B, E = c->d_emb, H = c->hidden, D = 2 * H, K = c->n_tags;
  double C = c->n_classes;
  /* multiply-adds of the forward pass on the padded batch */
  double fwd = N * (E * E + 2 * (E * 4 * H + H * 4 * H) + D * K) + B * D * C;
  double bwd = 2 * fwd - N * E * E; /* dW and dx of every map; no dx for x0 */
  if (c->attention == ATT_SOFT) {
    fwd += N * D * c->soft_dim;
    bwd += 2 * N * D * c->soft_dim;
  } else if (c->attention != ATT_NONE) {
    double squares = 0; /* QK^T and PV: 2 L^2 D per sentence; backward twice that */
    for (int b = 0; b < B; b++) squares += (double)lengths[b] * lengths[b];
    fwd += N * 4 * D * D + 2 * squares * D;
    bwd += 2 * N * 4 * D * D + 4 * squares * D;
  }
  return 2.0 * (fwd + bwd);
}
