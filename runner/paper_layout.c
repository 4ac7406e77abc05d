/* paper_layout.c: the paper's rows, the printed names of the attention
 * variants and the order of its language columns. */
#include "runner/paper_layout.h"
#include <string.h>

const char *const GRID_ROW_NAMES[N_GRID_ROWS] = {"NER-only", "NER-only +10k", "NER-only +50k",
                                                 "Joint", "Joint + Pre-trained"};
const char *const TABLE2_ROW_NAMES[N_TABLE2_ROWS] = {"Joint + Pre-trained", "w/o residual",
                                                     "w/o locked dropout"};

int table1_has_line(GridRow r, AttentionKind a) {
  return r == ROW_NER_10K || r == ROW_NER_50K ? a == ATT_NONE : 1;
}

static const char *const LABELS[N_ATTENTION] = {"none", "soft", "self-attention (scaled)",
                                                "self-attention (un-scaled)",
                                                "self-attention (learned)"};
static const char *const SHORT_LABELS[N_ATTENTION] = {"none", "soft", "scaled", "un-scaled",
                                                      "learned"};

const char *attention_label(AttentionKind a) { return LABELS[a]; }
const char *attention_short_label(AttentionKind a) { return SHORT_LABELS[a]; }

static int language_rank(const char *language) {
  static const char *const PAPER_ORDER[] = {"vi", "th", "id"};
  const int n_paper = (int)(sizeof PAPER_ORDER / sizeof *PAPER_ORDER);
  for (int i = 0; i < n_paper; i++)
    if (!strcmp(language, PAPER_ORDER[i])) return i;
  return n_paper;
}

int paper_language_order(const void *a, const void *b) {
  const char *x = *(char *const *)a, *y = *(char *const *)b;
  int rx = language_rank(x), ry = language_rank(y);
  return rx != ry ? rx - ry : strcmp(x, y);
}
