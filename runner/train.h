/* train.h: one training run of a NER model (NER-only, Joint, Joint +
 * Pre-trained) with the paper's schedule, recorded and resumable. */
#ifndef JN_TRAIN_H
#define JN_TRAIN_H
#include "runner/config.h"

/* Trains (or resumes, or reports a finished run) and returns the exit
 * status: 0 done, JN_EXIT_PREEMPTED when stopped by a signal after a
 * checkpoint. Takes over cfg. */
int train_run(Config *cfg, int force);

#endif
