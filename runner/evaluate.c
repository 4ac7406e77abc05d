/* evaluate.c: decoding a data split and scoring it as conlleval does. */
#include "runner/evaluate.h"
#include <stdlib.h>
#include <string.h>
#include "data/batch.h"
#include "model/base.h"
#include "model/sentence_head.h"

enum { EVAL_BATCH = 64 };

/* Predicted tag name; special tags (<unk>, <START>, <STOP>) read as O. */
static const char *tag_name(const Experiment *ex, int id) {
  const char *t = ex->tags.words[id];
  return t[0] == '<' ? "O" : t;
}

/* One tag: prefix (O, B, I, E or S) and the type of tag. */
static void write_tag(FILE *out, char prefix, const char *tag) {
  if (prefix == 'O') fputs("\tO", out);
  else fprintf(out, "\t%c-%s", prefix, strchr(tag, '-') + 1);
}

void evaluate_split(Model *m, const float *params, const Experiment *ex, const DataSplit *s,
                    Evaluation *ev, FILE *out) {
  evaluate_split_writing(m, params, ex, s, ev, out, 0);
}

void evaluate_split_writing(Model *m, const float *params, const Experiment *ex, const DataSplit *s,
                            Evaluation *ev, FILE *out, int bio) {
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
  char *gold_prefix = NULL, *pred_prefix = NULL;
  int cap = 0;
  for (int first = 0; first < d->n_sentences; first += EVAL_BATCH) {
    int count = d->n_sentences - first < EVAL_BATCH ? d->n_sentences - first : EVAL_BATCH;
    for (int i = 0; i < count; i++) order[i] = first + i;
    batch_fill(&bb, &s->indexed, order, count);
    const Batch *b = &bb.batch;
    tags = jn_realloc(tags, sizeof(int) * b->T * b->B);
    model_predict(m, params, ex->words.table, b, m->cfg.n_tags ? tags : NULL, C ? probs : NULL);
    if (b->T > cap) {
      cap = b->T;
      gold = jn_realloc(gold, sizeof(char *) * cap);
      pred = jn_realloc(pred, sizeof(char *) * cap);
      gold_prefix = jn_realloc(gold_prefix, (size_t)cap);
      pred_prefix = jn_realloc(pred_prefix, (size_t)cap);
    }
    for (int i = 0; i < count; i++) {
      int sent = first + i, len = b->lengths[i], best = C ? argmax(probs + (long)i * C, C) : 0;
      if (ev && C && s->label_ids) {
        ev->sentences++;
        ev->sentences_correct += best == s->label_ids[sent];
      }
      for (int t = 0; t < len; t++) {
        pred[t] = tag_name(ex, tags[t * b->B + i]);
        gold[t] = d->tags ? d->tags[d->start[sent] + t] : NULL;
      }
      if (ev && d->tags) score_sentence(&ev->ner, gold, pred, len);
      if (!out) continue;
      if (C) fprintf(out, "# label = %s\n", ex->classes.words[best]);
      if (d->tags) score_chunk_prefixes(gold, len, bio, gold_prefix);
      score_chunk_prefixes(pred, len, bio, pred_prefix);
      for (int t = 0; t < len; t++) {
        fputs(d->words[d->start[sent] + t], out);
        if (d->tags) write_tag(out, gold_prefix[t], gold[t]);
        write_tag(out, pred_prefix[t], pred[t]);
        fputc('\n', out);
      }
      fputc('\n', out);
    }
  }
  free(gold);
  free(pred);
  free(gold_prefix);
  free(pred_prefix);
  free(tags);
  free(probs);
  batch_free(&bb);
}

void evaluation_free(Evaluation *ev) { score_free(&ev->ner); }
