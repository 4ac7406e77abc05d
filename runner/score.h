/* score.h: entity-level precision, recall and F1 as CoNLL's conlleval
 * computes them: a chunk counts as correct when gold and prediction start
 * it at the same token, end it at the same token, and give it the same
 * type. Tags are strings split at their first '-' into prefix and type
 * ("B-PER" -> "B", "PER"; "O" -> "O", "").
 *
 * Chunk boundaries follow conlleval's startOfChunk/endOfChunk, with the
 * IOBES extension of its widely used Python port (as in seqeval): a B- or
 * S- tag always starts a chunk, an E- or S- tag always ends one, an I- or
 * E- tag starts one after O, E- or S-, and any change of type starts and
 * ends one (so "O I-PER" and "B-PER I-LOC" open chunks, as in conlleval).
 * On BIO (and IOB1, IOE) input this is exactly conlleval.pl, which has no
 * S- rules of its own. "[" and "]" chunks are not supported.
 *
 * Each sentence is scored as if followed by a blank line in conlleval's
 * input, which closes every chunk; sentences are independent. */
#ifndef JN_SCORE_H
#define JN_SCORE_H
#include <stdio.h>

typedef struct {
  char *type;
  long correct, guessed, gold; /* chunks of this type */
} ScoreByType;

typedef struct {
  long correct, guessed, gold;  /* chunks */
  long tokens, correct_tags;    /* token accuracy: whole tags equal */
  int n_types;
  ScoreByType *types;           /* sorted by type name (strcmp, as Perl's sort) */
} NerScore;

void score_init(NerScore *s);
/* Adds one sentence of n tokens (n may be 0). */
void score_sentence(NerScore *s, const char *const *gold, const char *const *pred, int n);
/* In percent like conlleval; 0 when undefined (nothing guessed, nothing gold). */
double score_precision(const NerScore *s);
double score_recall(const NerScore *s);
double score_f1(const NerScore *s);
double score_type_f1(const ScoreByType *t);
/* conlleval's report: totals, accuracy/precision/recall/FB1, one line per type. */
void score_print(const NerScore *s, FILE *out);
void score_free(NerScore *s);

/* The chunks these rules find in tags[0..n), written as a valid sequence:
 * prefix[i] is 'O' outside chunks, else B/I (bio) or B/I/E/S (IOBES) and the
 * type stays tags[i]'s. Scoring the rewritten tags gives the same chunks,
 * so a sentence ending in "O I-DATE" becomes "O B-DATE" (BIO) or "O S-DATE". */
void score_chunk_prefixes(const char *const *tags, int n, int bio, char *prefix);

#endif
