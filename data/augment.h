/* augment.h: data augmentation by dictionary matching (the paper's "+10k"
 * and "+50k" rows). Every entity of the NER training file (its token
 * sequence and type) goes into a dictionary; each unlabeled title (one per
 * line, tokens separated by spaces) is tagged left to right by longest
 * match: at each position the longest dictionary entry starting there
 * wins, and an entry seen with several types takes its most frequent type
 * (ties: the type name first in strcmp order). Of the titles with at least
 * one match, `count` are picked at random with `seed` (all of them, with a
 * warning, when there are fewer) and written, in input order, as IOBES
 * .conll. With fold_case, entries and titles are compared case-folded
 * (utf8_fold_case; entries that differ only in case are one entry), and the
 * titles are written as they are. */
#ifndef JN_AUGMENT_H
#define JN_AUGMENT_H
#include <stdint.h>

typedef struct {
  const char *ner, *unlabeled, *out;
  long count;
  uint64_t seed;
  int fold_case;
} AugmentOptions;

void augment_run(const AugmentOptions *o);

#endif
