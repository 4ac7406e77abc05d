/* sentence_head.h: max-pool over a sentence's real tokens, a linear map to
 * the C sentence labels, softmax cross-entropy. */
#ifndef JN_SENTENCE_HEAD_H
#define JN_SENTENCE_HEAD_H

/* x [n][D] packed over real tokens, token t of sentence b at row
 * off[t] + b (model/lstm.h) -> pooled [B][D] (argmax [B][D] holds the time
 * step) -> logits [B][C]. */
void sentence_head_forward(const float *x, const int *lengths, const int *off, int B, int D,
                           const float *W, const float *bias, int C, float *pooled, int *argmax,
                           float *logits);

/* Index of the largest of x[0..n-1] (the first of ties). */
int argmax(const float *x, int n);

/* z[B][C] <- softmax of each row */
void softmax_rows(float *z, int B, int C);

/* Mean cross-entropy over the batch; turns logits into probabilities in
 * place. If dlogits is not NULL, writes scale * d(mean CE)/d(logits). */
float softmax_cross_entropy(float *logits, const int *labels, int B, int C, float scale,
                            float *dlogits);

/* dx [n][D] (packed as x) += gradient through the pooling; dW, db
 * accumulated. */
void sentence_head_backward(const float *dlogits, const float *pooled, const int *argmax,
                            const int *off, int B, int D, const float *W, int C, float *dW,
                            float *db, float *dpooled, float *dx);

#endif
