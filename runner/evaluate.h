/* evaluate.h: decoding a data split with a model and scoring it. */
#ifndef JN_EVALUATE_H
#define JN_EVALUATE_H
#include <stdio.h>
#include "model/network.h"
#include "runner/experiment.h"
#include "runner/score.h"

typedef struct {
  NerScore ner;      /* entity-level, conlleval */
  long sentences, sentences_correct; /* sentence-label accuracy (joint models) */
} Evaluation;

/* Decodes every sentence of s (eval mode). Fills ev if not NULL (s must
 * have tags); writes to out, if not NULL, as evaluate_split_writing does
 * with IOBES. */
void evaluate_split(Model *m, const float *params, const Experiment *ex, const DataSplit *s,
                    Evaluation *ev, FILE *out);
/* The same, and writes CoNLL lines "word gold? predicted" and "# label = X"
 * to out if not NULL, each tag sequence as a valid BIO (bio) or IOBES one
 * with the chunks the scorer counts in it (score_chunk_prefixes). */
void evaluate_split_writing(Model *m, const float *params, const Experiment *ex, const DataSplit *s,
                            Evaluation *ev, FILE *out, int bio);
void evaluation_free(Evaluation *ev);

#endif
