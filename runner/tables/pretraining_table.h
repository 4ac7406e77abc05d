/* pretraining_table.h: the grid's pre-trainings as a table
 * (pretraining.md): for each attention variant (rows) and language
 * (columns, the paper's order), the sentence classifier's dev accuracy and
 * macro-F1 as mean +/- std over seeds, and each language's time. */
#ifndef JN_PRETRAINING_TABLE_H
#define JN_PRETRAINING_TABLE_H
#include <stdio.h>
#include "runner/tables/pretrain_results.h"

/* Writes the Markdown table and its notes; a pre-training whose attention
 * is not a known variant is warned about and left out. */
void pretraining_table_write_markdown(FILE *out, const PretrainResults *p);

#endif
