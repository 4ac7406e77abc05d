/* record_check.h: what a run record must satisfy before any of it is used:
 * known kind and status, a 16-hex-digit hash, epoch logs numbered 1..n
 * with finite values, finite parameters and Adam moments (second moments
 * >= 0), a checkpoint whose order is a permutation of 0..n-1 and whose
 * counters are in range. Whether the checkpoint fits a model and its data
 * is for the trainer to check (sizes it alone knows). */
#ifndef JN_RECORD_CHECK_H
#define JN_RECORD_CHECK_H
#include <stddef.h>
#include "runner/run_record.h"

/* 0, or -1 with what is wrong in why. */
int record_check(const RunRecord *r, char *why, size_t why_size);

#endif
