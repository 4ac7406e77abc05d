/* lstm.h: one direction of an LSTM over a batch sorted by length (longest
 * first), in PyTorch's packed layout: the real tokens of time t are the
 * rows off[t] .. off[t] + nb[t] - 1 of the packed arrays, row off[t] + b
 * being sentence b; nb[t] = number of sentences longer than t (so the
 * sentences still running at t are a prefix of the batch). Padding is
 * never computed: the recurrent GEMM of step t has at most nb[t] rows.
 * Gate order i, f, g, o (PyTorch). The reversed direction starts afresh at
 * each sentence's own last token. The GEMMs run at the caller's OpenBLAS
 * thread count; two directions may run at once on two threads when their
 * output buffers and scratch differ (model/network.c).
 * The recurrent GEMMs have at most B rows and the same Whh at every step:
 * given panels (lstm_panel_floats(H) floats of scratch), each direction
 * packs Whh once and multiplies with model/panel_gemm.c; given NULL (or
 * where lstm_panel_floats is 0: no AVX-512), with cblas_sgemm. */
#ifndef JN_LSTM_H
#define JN_LSTM_H
#include <stddef.h>

/* Floats of the panels scratch of one direction's pass; 0 where the
 * recurrent GEMMs use cblas_sgemm. */
size_t lstm_panel_floats(int H);

/* gates [n][4H] packed: on entry the input projection x Wih^T + bih + bhh
 *   of every real token; on return i, f, g, o after their non-linearities.
 * c [n][H] packed: cell states.
 * h: hidden states, packed the same way, row (t, b) at h + (off[t]+b)*ldh
 *   (H columns written).
 * reverse: run t = T-1..0. */
void lstm_forward(float *gates, float *c, float *h, int ldh, const float *Whh, float *panels,
                  const int *off, const int *nb, int T, int H, int reverse);

/* dh_out: gradient of the loss w.r.t. h (same layout as h).
 * dgates [n][4H] packed out: gradient w.r.t. the gates' pre-activations,
 *   which is also the gradient w.r.t. the input projection.
 * dWhh [4H][H] accumulated. scratch: 2 * B * H + n * H floats. */
void lstm_backward(const float *gates, const float *c, const float *h, int ldh, const float *dh_out,
                   const float *Whh, float *panels, const int *off, const int *nb, int T, int B,
                   int H, int reverse, float *dgates, float *dWhh, float *scratch);

#endif
