/* paper_layout.h: the paper's tables, in one place. Table 1's rows (also
 * the "row" a grid names and a run's config carries), Table 2's rows (the
 * full model and its two ablations, all with learned self-attention), which
 * attention variants each Table 1 row has, and how the tables print an
 * attention variant. The grid plans its jobs by these, `jointner tables`
 * lays out its lines by them and the comparisons name their cells with
 * them. */
#ifndef JN_PAPER_LAYOUT_H
#define JN_PAPER_LAYOUT_H
#include "model/params.h" /* AttentionKind, attention_name: a variant's code */

/* Table 1's rows, in the paper's order. */
typedef enum { ROW_NER, ROW_NER_10K, ROW_NER_50K, ROW_JOINT, ROW_JOINT_PRETRAINED, N_GRID_ROWS } GridRow;
extern const char *const GRID_ROW_NAMES[N_GRID_ROWS];
/* Table 2's rows: the full model (Table 1's Joint + Pre-trained cell with
 * learned self-attention) and its two ablations. */
typedef enum { TABLE2_FULL, TABLE2_NO_RESIDUAL, TABLE2_NO_LOCKED_DROPOUT, N_TABLE2_ROWS } Table2Row;
extern const char *const TABLE2_ROW_NAMES[N_TABLE2_ROWS];
/* Table 2's one attention variant. */
#define TABLE2_ATTENTION ATT_SELF_LEARNED
enum { N_ATTENTION = ATT_SELF_LEARNED + 1 };

/* 1 if Table 1 has a line for row r with attention a: the augmented rows
 * (+10k, +50k) only without attention, the others with every variant. */
int table1_has_line(GridRow r, AttentionKind a);
/* How the tables print a variant: "self-attention (learned)"; and in a
 * comparison's short name: "learned". */
const char *attention_label(AttentionKind a);
const char *attention_short_label(AttentionKind a);

/* A qsort comparison of languages (const char * elements) in the paper's
 * column order: vi, th, id, then any other alphabetically. */
int paper_language_order(const void *a, const void *b);

#endif
