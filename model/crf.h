/* crf.h: linear-chain CRF exactly as Flair 0.4.4's SequenceTagger
 * (_forward_alg, _score_sentence, _viterbi_decode).
 *
 * Shapes: feats [T][B][K] emission scores, time-major (row (t, b) starts at
 * (t*B + b)*K); trans [K][K] with trans[to*K + from]; tags and out_tags
 * [T][B]; lengths [B] with 1 <= lengths[b] <= T. Rows and tags at
 * t >= lengths[b] are padding and never read.
 *
 * All K tags (<unk>, START and STOP included) are states of every position,
 * as in Flair. Position 0 is reached from alpha_0 = 0 for START and -10000
 * elsewhere; log Z = logsumexp_i(alpha_L[i] + trans[stop][i]); the gold
 * score sums the emissions of the tags and the transitions along
 * START, y_1 .. y_L, STOP. Viterbi forbids START and STOP as the last tag
 * (their terminal scores are set to -10000, as Flair does). */
#ifndef JN_CRF_H
#define JN_CRF_H

/* Returns the sum over the batch of (log Z - gold score). If dfeats or
 * dtrans is not NULL, adds grad_scale * d(loss)/d(feats) (padding rows
 * untouched) or grad_scale * d(loss)/d(trans) into it. */
float crf_loss(const float *feats, const float *trans, const int *tags, const int *lengths, int T,
               int B, int K, int start, int stop, float *dfeats, float *dtrans, float grad_scale);

/* Best path of each sentence into out_tags[t*B + b] for t < lengths[b];
 * padding positions are set to -1. */
void crf_viterbi(const float *feats, const float *trans, const int *lengths, int T, int B, int K,
                 int start, int stop, int *out_tags);

#endif
