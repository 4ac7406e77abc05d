/* grid_vectors.h: the vectors cache of each word-vector source a grid's
 * jobs use, made once before any job runs, for the words of all their data
 * files and pre-training corpora (vectors_subset.h); jobs then read it instead of the
 * crawl-size source. Nothing is written when every cache is already there
 * and covers the words, or when the cache is turned off. */
#ifndef JN_GRID_VECTORS_H
#define JN_GRID_VECTORS_H
#include "runner/grid/grid_plan.h"

void grid_vectors_prepare(const Plan *plan);

#endif
