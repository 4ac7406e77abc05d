/* lstm.h: one direction of an LSTM over a time-major padded batch.
 * Gate order i, f, g, o (PyTorch). Padding positions (mask 0) hold h = c = 0,
 * so the backward direction starts afresh at each sentence's last token. */
#ifndef JN_LSTM_H
#define JN_LSTM_H

/* gates [T][B][4H]: on entry the input projection x Wih^T + bih + bhh of
 *   every step; on return i, f, g, o after their non-linearities.
 * c [T][B][H]: cell states; h: hidden states, row (t, b) at h + (t*B+b)*ldh.
 * mask [T][B]: 1 for real tokens, 0 for padding. reverse: run t = T-1..0. */
void lstm_forward(float *gates, float *c, float *h, int ldh, const float *Whh, const float *mask,
                  int T, int B, int H, int reverse);

/* dh_out: gradient of the loss w.r.t. h (same strides as h).
 * dgates [T][B][4H] out: gradient w.r.t. the gates' pre-activations, which
 *   is also the gradient w.r.t. the input projection.
 * dWhh [4H][H] accumulated. scratch: 2 * B * H floats. */
void lstm_backward(const float *gates, const float *c, const float *h, int ldh, const float *dh_out,
                   const float *Whh, const float *mask, int T, int B, int H, int reverse,
                   float *dgates, float *dWhh, float *scratch);

#endif
