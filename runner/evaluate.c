/* evaluate.c: decoding a data split and scoring it as conlleval does. */
#include "runner/evaluate.h"
#include <stdlib.h>
#include <string.h>
#include "data/batch.h"
#include "model/base.h"
#include "model/sentence_head.h"

enum { EVAL_BATCH = 64 };

/* Predicted tag name; special tags (<unk>, <START>, <STOP>) read as O. */
static const char *tag_name(const Experiment *x, int id) {
  const char *t = x->tags.words[id];
  return t[0] == '<' ? "O" : t;
}

void evaluate_split(Model *m, const float *params, const Experiment *x, const DataSplit *s,
                    Evaluation *ev, FILE *out) {
  const NerData *d = &s->ner;
  int C = m->cfg.n_classes;
  if (ev) {
    memset(ev, 0, sizeof *ev);
    score_init(&ev->ner);
  }
  BatchBuffer bb = {0};
  int order[EVAL_BATCH];
  int *tags = NULL;
  float *probs = jn_malloc(sizeof(float) * EVAL_BATCH * (C ? C : 1));
  const char **gold = NULL, **pred = NULL;
  int cap = 0;
  for (int first = 0; first < d->n_sentences; first += EVAL_BATCH) {
    int count = d->n_sentences - first < EVAL_BATCH ? d->n_sentences - first : EVAL_BATCH;
    for (int i = 0; i < count; i++) order[i] = first + i;
    batch_fill(&bb, &s->indexed, order, count);
    const Batch *b = &bb.batch;
    tags = jn_realloc(tags, sizeof(int) * b->T * b->B);
    model_predict(m, params, x->words.table, b, m->cfg.n_tags ? tags : NULL, C ? probs : NULL);
    if (b->T > cap) {
      cap = b->T;
      gold = jn_realloc(gold, sizeof(char *) * cap);
      pred = jn_realloc(pred, sizeof(char *) * cap);
    }
    for (int i = 0; i < count; i++) {
      int sent = first + i, len = b->lengths[i], best = C ? argmax(probs + (long)i * C, C) : 0;
      if (ev && C && s->label_ids) {
        ev->sentences++;
        ev->sentences_correct += best == s->label_ids[sent];
      }
      for (int t = 0; t < len; t++) {
        pred[t] = tag_name(x, tags[t * b->B + i]);
        gold[t] = d->tags ? d->tags[d->start[sent] + t] : NULL;
      }
      if (ev && d->tags) score_sentence(&ev->ner, gold, pred, len);
      if (!out) continue;
      if (C) fprintf(out, "# label = %s\n", x->classes.words[best]);
      for (int t = 0; t < len; t++) {
        fputs(d->words[d->start[sent] + t], out);
        if (gold[t]) fprintf(out, "\t%s", gold[t]);
        fprintf(out, "\t%s\n", pred[t]);
      }
      fputc('\n', out);
    }
  }
  free(gold);
  free(pred);
  free(tags);
  free(probs);
  batch_free(&bb);
}

void evaluation_free(Evaluation *ev) { score_free(&ev->ner); }
