/* record_check.c: a run record's contents, checked before use. */
#include "runner/record_check.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_NAME_BYTES = 4096 }; /* a tag or class name */

static int fail(char *why, size_t why_size, const char *what) {
  snprintf(why, why_size, "%s", what);
  return -1;
}

static int is_hash(const char *s) {
  if (strlen(s) != 16) return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
  return 1;
}

static int names_ok(char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (!names[i][0] || strlen(names[i]) > MAX_NAME_BYTES) return 0;
  return 1;
}

static int all_finite(const float *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(v[i])) return 0;
  return 1;
}

static int all_non_negative(const float *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!(v[i] >= 0)) return 0;
  return 1;
}

static int epochs_ok(const RunRecord *r) {
  for (int i = 0; i < r->n_epochs; i++) {
    const EpochLog *e = &r->epochs[i];
    if (e->epoch != i + 1 || !isfinite(e->loss) || !isfinite(e->dev_score) || !isfinite(e->lr) ||
        !(e->lr > 0) || !isfinite(e->seconds) || !(e->seconds >= 0) ||
        !(e->sentences_per_second >= 0))
      return 0;
  }
  return 1;
}

static int finals_ok(const RunRecord *r) {
  for (int i = 0; i < r->n_final; i++)
    if (!isfinite(r->final[i].value)) return 0;
  return 1;
}

/* 1 if order holds each of 0..n-1 exactly once. */
static int is_permutation(const int *order, int n) {
  unsigned char *seen = calloc((size_t)(n ? n : 1), 1);
  int ok = seen != NULL;
  for (int i = 0; ok && i < n; i++) {
    ok = order[i] >= 0 && order[i] < n && !seen[order[i]];
    if (ok) seen[order[i]] = 1;
  }
  free(seen);
  return ok;
}

static int state_ok(const RunRecord *r) {
  const TrainState *s = &r->state;
  return s->epoch == r->n_epochs && s->step >= 0 && s->adam_step >= 0 && isfinite(s->lr) &&
         s->lr > 0 && !isnan(s->best) && s->best != INFINITY && s->bad_epochs >= 0 &&
         isfinite(s->epoch_loss) && isfinite(s->epoch_seconds) && s->epoch_seconds >= 0 &&
         s->epoch_sentences >= 0;
}

int record_check(const RunRecord *r, char *why, size_t why_size) {
  if (strcmp(r->kind, "train") && strcmp(r->kind, "pretrain"))
    return fail(why, why_size, "unknown kind of record");
  if (strcmp(r->status, "running") && strcmp(r->status, "complete"))
    return fail(why, why_size, "unknown status");
  if (!is_hash(r->config_hash)) return fail(why, why_size, "malformed config_hash");
  if (!names_ok(r->tag_names, r->n_tags) || !names_ok(r->class_names, r->n_classes))
    return fail(why, why_size, "empty or oversized tag or class name");
  if (!epochs_ok(r)) return fail(why, why_size, "epoch log not numbered 1..n or not finite");
  if (!finals_ok(r)) return fail(why, why_size, "a final score is not finite");
  if (r->best_params && (r->n_params == 0 || !all_finite(r->best_params, r->n_params)))
    return fail(why, why_size, "model parameters empty or not finite");
  if (r->params && !(all_finite(r->params, r->n_params) && all_finite(r->adam_m, r->n_params) &&
                     all_finite(r->adam_v, r->n_params) && all_non_negative(r->adam_v, r->n_params)))
    return fail(why, why_size, "checkpoint parameters or Adam moments not finite");
  if (!state_ok(r)) return fail(why, why_size, "checkpoint counters out of range");
  if (!is_permutation(r->state.order, r->state.n_order))
    return fail(why, why_size, "checkpoint order is not a permutation");
  return 0;
}
