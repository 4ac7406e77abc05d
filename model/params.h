/* params.h: the model's hyperparameters and its parameter layout.
 * Every trainable tensor is a slice of one flat float buffer (as in llm.c);
 * gradients and Adam moments are flat buffers of the same layout, so a
 * data-parallel step is one MPI_Allreduce and a checkpoint one write. */
#ifndef JN_PARAMS_H
#define JN_PARAMS_H
#include <stddef.h>
#include "model/rng.h"

typedef enum { ATT_NONE, ATT_SOFT, ATT_SELF_SCALED, ATT_SELF_UNSCALED, ATT_SELF_LEARNED } AttentionKind;

const char *attention_name(AttentionKind a);
int attention_parse(const char *name, AttentionKind *out); /* 0 on success */

typedef struct {
  int d_emb;     /* word vector size (300) */
  int hidden;    /* LSTM units per direction (256); d_h = 2 * hidden */
  int n_tags;    /* CRF tag set incl. <unk>, <START>, <STOP>; 0 = no NER head */
  int n_classes; /* sentence labels; 0 = no sentence head */
  AttentionKind attention;
  int heads;          /* self-attention heads (8) */
  int soft_dim;       /* soft attention hidden size */
  int residual;       /* H' = H + LD(A(H)) if 1, H' = LD(A(H)) if 0 */
  float word_dropout;      /* 0.05 */
  float locked_dropout;    /* 0.5, on embeddings and on the BiLSTM output */
  float attn_locked_dropout; /* 0.5, on A(H); 0 for the ablation */
  float attn_prob_dropout;   /* 0.1, on self-attention probabilities */
  float lambda;              /* weight of the sentence loss */
  float init_range;          /* U(-r, r) init (0.1) */
} ModelConfig;

/* The tensors, in buffer order. Shapes are [out][in] row-major. */
enum {
  P_W1, P_B1,                                     /* [E][E], [E] */
  P_WIH_F, P_WHH_F, P_BIH_F, P_BHH_F,             /* [4H][E], [4H][H], [4H], [4H] */
  P_WIH_B, P_WHH_B, P_BIH_B, P_BHH_B,             /* same, backward direction */
  P_W3, P_B3, P_W2, P_B2,                         /* soft: [S][D], [S], [S], [1] */
  P_WQ, P_BQ, P_WK, P_BK, P_WV, P_BV, P_WO, P_BO, /* self: [D][D], [D] each */
  P_W4, P_B4,                                     /* self-learned: [D], [1] */
  P_WTAG, P_BTAG, P_TRANS,                        /* NER: [K][D], [K], [K][K] (to, from) */
  P_WCLS, P_BCLS,                                 /* sentence: [C][D], [C] */
  P_COUNT
};

typedef struct {
  size_t offset[P_COUNT]; /* into the flat buffer */
  size_t size[P_COUNT];   /* 0 where the tensor is absent in this config */
  int rows[P_COUNT], cols[P_COUNT];
  size_t total;
} ParamLayout;

const char *param_name(int p);
void param_layout(const ModelConfig *cfg, ParamLayout *layout);
/* U(-init_range, init_range) everywhere; the CRF's START row and STOP
 * column at -10000 (Flair's constraints). */
void param_init(const ModelConfig *cfg, const ParamLayout *layout, float *params, Rng *rng,
                int tag_start, int tag_stop);

#endif
