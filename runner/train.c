/* train.c: the training loop of a NER run with the paper's schedule (Adam,
 * global-norm clipping, ReduceLROnPlateau on dev F1 as Flair 0.4.4 uses it,
 * best-dev parameters for test), checkpointed in the run record. */
#include "runner/train.h"
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data/batch.h"
#include "model/adam.h"
#include "model/base.h"
#include "model/blas_kernels.h"
#include "model/network.h"
#include "runner/evaluate.h"
#include "runner/experiment.h"
#include "runner/pretrained_init.h"
#include "runner/record_lock.h"
#include "runner/run_record.h"
#include "runner/signals.h"

typedef struct {
  Experiment ex;
  Model model;
  RunRecord rec;
  float *grads;
  Adam adam;
  Rng rng;
  BatchBuffer batch;
  Rng *sentence_rngs; /* [batch_size] dropout generators of the batch's sentences */
} Trainer;

static void print_final(const RunRecord *r, const char *path) {
  printf("run %s complete: dev F1 %.2f, test F1 %.2f (P %.2f, R %.2f)  [%s]\n", r->config_hash,
         record_final(r, "dev_f1", NAN), record_final(r, "test_f1", NAN),
         record_final(r, "test_precision", NAN), record_final(r, "test_recall", NAN), path);
}

static void save(Trainer *tr) {
  memcpy(tr->rec.state.rng, tr->rng.s, sizeof tr->rng.s);
  tr->rec.state.adam_step = tr->adam.step;
  record_save(tr->ex.cfg.output, &tr->rec);
}

static char **copy_names(const Vocab *v) {
  char **out = jn_malloc(sizeof(char *) * (v->n ? v->n : 1));
  for (int i = 0; i < v->n; i++) out[i] = jn_strdup(v->words[i]);
  return out;
}

/* A new record: initial parameters from the seed (and the pre-training). */
static void start_fresh(Trainer *tr, const char *canonical, const char *hash) {
  const Config *c = &tr->ex.cfg;
  RunRecord *r = &tr->rec;
  size_t n = tr->model.layout.total;
  memset(r, 0, sizeof *r);
  record_set_string(&r->kind, "train");
  record_set_string(&r->config_json, canonical);
  record_set_string(&r->config_hash, hash);
  record_set_string(&r->status, "running");
  record_set_provenance(r);
  r->n_tags = tr->ex.tags.n;
  r->tag_names = copy_names(&tr->ex.tags);
  r->n_classes = tr->ex.model.n_classes;
  r->class_names = r->n_classes ? copy_names(&tr->ex.classes) : NULL;
  r->n_params = n;
  r->params = jn_malloc(sizeof(float) * n);
  r->adam_m = jn_calloc(n, sizeof(float));
  r->adam_v = jn_calloc(n, sizeof(float));
  r->best_params = jn_malloc(sizeof(float) * n);
  rng_seed(&tr->rng, c->seed);
  param_init(&tr->ex.model, &tr->model.layout, r->params, &tr->rng, tr->ex.tag_start, tr->ex.tag_stop);
  char note[2048];
  snprintf(note, sizeof note, "%s", tr->ex.label_note);
  if (c->type == MODEL_JOINT_PRETRAINED)
    pretrained_init(c->pretrained, canonical, &tr->model.layout, &tr->ex.model, r->params, note,
                    sizeof note);
  record_set_string(&r->notes, note);
  memcpy(r->best_params, r->params, sizeof(float) * n);
  r->state.lr = c->lr;
  r->state.best = -INFINITY;
}

/* Takes over a resumable record after checking it fits this model. */
static void resume(Trainer *tr, RunRecord *old) {
  size_t n = tr->model.layout.total;
  if (old->n_params != n || !old->params)
    jn_die("%s: checkpoint has %zu parameters, the model %zu", tr->ex.cfg.output, old->n_params, n);
  const TrainState *s = &old->state;
  int sentences = tr->ex.train.ner.n_sentences, bs = tr->ex.cfg.batch_size;
  if (s->step > 0 && (s->n_order != sentences || s->step > (sentences + bs - 1) / bs))
    jn_die("%s: checkpoint at step %d of an epoch of %d sentences; the training data has %d",
           tr->ex.cfg.output, s->step, s->n_order, sentences);
  tr->rec = *old;
  memset(old, 0, sizeof *old);
  tr->rec.restarts++;
  memcpy(tr->rng.s, tr->rec.state.rng, sizeof tr->rng.s);
  tr->adam.step = tr->rec.state.adam_step;
  printf("resuming %s at epoch %d, step %d (restart %d)\n", tr->rec.config_hash,
         tr->rec.state.epoch + 1, tr->rec.state.step, tr->rec.restarts);
}

/* ReduceLROnPlateau(mode=max, threshold=1e-4 rel, patience, factor). */
static void scheduler_step(TrainState *s, double score, const Config *c) {
  if (score > s->best * (1 + 1e-4)) {
    s->best = score;
    s->bad_epochs = 0;
  } else if (++s->bad_epochs > c->patience) {
    s->lr *= c->anneal_factor;
    s->bad_epochs = 0;
  }
}

static void new_epoch_order(Trainer *tr) {
  TrainState *s = &tr->rec.state;
  int n = tr->ex.train.ner.n_sentences;
  free(s->order);
  s->order = jn_malloc(sizeof(int) * n);
  s->n_order = n;
  for (int i = 0; i < n; i++) s->order[i] = i;
  rng_shuffle(&tr->rng, s->order, n);
  s->epoch_loss = s->epoch_seconds = 0;
  s->epoch_sentences = 0;
}

static double dev_f1(Trainer *tr, const float *params) {
  Evaluation ev;
  evaluate_split(&tr->model, params, &tr->ex, &tr->ex.dev, &ev, NULL);
  double f1 = score_f1(&ev.ner);
  evaluation_free(&ev);
  return f1;
}

/* Runs the rest of the current epoch; 1 if stopped by a signal. */
static int run_epoch(Trainer *tr) {
  const Config *c = &tr->ex.cfg;
  TrainState *s = &tr->rec.state;
  RunRecord *r = &tr->rec;
  int bs = c->batch_size, n_batches = (s->n_order + bs - 1) / bs;
  double t0 = jn_now(), last_report = t0;
  while (s->step < n_batches) {
    int first = s->step * bs, count = s->n_order - first < bs ? s->n_order - first : bs;
    batch_fill(&tr->batch, &tr->ex.train.indexed, s->order + first, count);
    for (int b = 0; b < count; b++)
      rng_seed_keyed(&tr->sentence_rngs[b], c->seed, (uint64_t)s->epoch, (uint64_t)(first + b));
    memset(tr->grads, 0, sizeof(float) * r->n_params);
    Loss loss = model_loss(&tr->model, r->params, tr->grads, tr->ex.words.table, &tr->batch.batch,
                           tr->sentence_rngs);
    adam_step(&tr->adam, r->params, tr->grads, r->adam_m, r->adam_v, r->n_params, s->lr, 1.0, c->clip);
    s->step++;
    s->epoch_loss += loss.total;
    s->epoch_sentences += count;
    double now = jn_now();
    if (now - last_report > 30) {
      double rate = s->epoch_sentences / (s->epoch_seconds + now - t0);
      printf("  epoch %d: batch %d/%d, loss %.4f, %.0f sentences/s\n", s->epoch + 1, s->step,
             n_batches, s->epoch_loss / s->step, rate);
      fflush(stdout);
      last_report = now;
    }
    int periodic = c->checkpoint_steps && tr->adam.step % c->checkpoint_steps == 0;
    if ((jn_stop_requested || periodic) && s->step < n_batches) {
      s->epoch_seconds += now - t0;
      t0 = now;
      save(tr);
      if (jn_stop_requested) return 1;
    }
  }
  s->epoch_seconds += jn_now() - t0;
  return 0;
}

static void finish(Trainer *tr) {
  RunRecord *r = &tr->rec;
  Evaluation dev, test;
  evaluate_split(&tr->model, r->best_params, &tr->ex, &tr->ex.dev, &dev, NULL);
  evaluate_split(&tr->model, r->best_params, &tr->ex, &tr->ex.test, &test, NULL);
  record_set_final(r, "dev_precision", score_precision(&dev.ner));
  record_set_final(r, "dev_recall", score_recall(&dev.ner));
  record_set_final(r, "dev_f1", score_f1(&dev.ner));
  record_set_final(r, "test_precision", score_precision(&test.ner));
  record_set_final(r, "test_recall", score_recall(&test.ner));
  record_set_final(r, "test_f1", score_f1(&test.ner));
  if (test.sentences) record_set_final(r, "test_label_accuracy", 100.0 * test.sentences_correct / test.sentences);
  int best_epoch = 0;
  for (int i = 0; i < r->n_epochs; i++)
    if (r->epochs[i].dev_score == r->state.best) best_epoch = r->epochs[i].epoch;
  record_set_final(r, "best_epoch", best_epoch);
  record_set_final(r, "epochs", r->n_epochs);
  char *report = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&report, &len);
  score_print(&test.ner, mem);
  fclose(mem);
  record_set_string(&r->report, report);
  printf("test (best dev epoch %d):\n%s", best_epoch, report);
  free(report);
  evaluation_free(&dev);
  evaluation_free(&test);
  record_set_string(&r->status, "complete");
  record_set_string(&r->finished, utc_now());
  free(r->params), free(r->adam_m), free(r->adam_v); /* the model is best_params */
  r->params = r->adam_m = r->adam_v = NULL;
  save(tr);
}

static void print_epoch(const Trainer *tr, const EpochLog *e, double elapsed) {
  const Config *c = &tr->ex.cfg;
  double left = (c->max_epochs - e->epoch) * (elapsed / e->epoch);
  printf("epoch %3d/%d  loss %8.4f  dev F1 %6.2f (best %6.2f)  lr %.2e  %6.0f sent/s  "
         "%.0fs  ETA <= %.0fs\n",
         e->epoch, c->max_epochs, e->loss, e->dev_score, tr->rec.state.best, e->lr,
         e->sentences_per_second, e->seconds, left);
  fflush(stdout);
}

/* Entities (B- and S- tags) of a data set. */
static long entity_count(const NerData *d) {
  long n = 0;
  for (long i = 0; i < d->n_tokens; i++) n += d->tags[i][0] == 'B' || d->tags[i][0] == 'S';
  return n;
}

/* Says, once, when dev F1 has been 0 for the last few epochs, what to check:
 * nothing is learnt and the schedule still halves the rate on the ties. */
static void warn_if_dev_f1_stays_zero(const Trainer *tr) {
  enum { ZERO_EPOCHS = 3 };
  const RunRecord *r = &tr->rec;
  int zeros = 0;
  while (zeros < r->n_epochs && r->epochs[r->n_epochs - 1 - zeros].dev_score == 0) zeros++;
  if (zeros != ZERO_EPOCHS) return;
  const Experiment *ex = &tr->ex;
  printf("warning: dev F1 has been 0 for %d epochs: the model finds no dev entity. Check:\n"
         "  - the vectors: found for %ld of %d words (data.vectors should be trained on text\n"
         "    like this data, e.g. `jointner embed`, with --min-count low enough);\n"
         "  - the tags: %ld entities in train, %ld in dev (both need entities, of the same types);\n"
         "  - the epochs: %d of at most %d done; small data may need more.\n"
         "  Ties at 0 count as bad epochs: the learning rate halves every %d of them, and the\n"
         "  \"best dev epoch\" of a run that stays at 0 is just its last one.\n",
         zeros, ex->words.n - ex->words.found[4], ex->words.n, entity_count(&ex->train.ner),
         entity_count(&ex->dev.ner), r->n_epochs, ex->cfg.max_epochs, ex->cfg.patience + 1);
  fflush(stdout);
}

static int train_loop(Trainer *tr) {
  const Config *c = &tr->ex.cfg;
  TrainState *s = &tr->rec.state;
  double started = jn_now(), done_before = 0;
  for (int i = 0; i < tr->rec.n_epochs; i++) done_before += tr->rec.epochs[i].seconds;
  for (;;) {
    if (s->step == 0) {
      if (s->epoch >= c->max_epochs) break;
      if (s->lr < c->min_lr) {
        printf("learning rate %.2e below %.0e: training stops\n", s->lr, c->min_lr);
        break;
      }
      new_epoch_order(tr);
    }
    if (run_epoch(tr)) {
      printf("stopped by signal %d at epoch %d step %d: checkpoint saved, rerun to resume\n",
             (int)jn_stop_requested, s->epoch + 1, s->step);
      return JN_EXIT_PREEMPTED;
    }
    double lr_used = s->lr, f1 = dev_f1(tr, tr->rec.params);
    scheduler_step(s, f1, c);
    if (f1 == s->best) memcpy(tr->rec.best_params, tr->rec.params, sizeof(float) * tr->rec.n_params);
    int n_batches = (s->n_order + c->batch_size - 1) / c->batch_size;
    EpochLog e = {s->epoch + 1, s->epoch_loss / n_batches, f1, lr_used, s->epoch_seconds,
                  s->epoch_sentences / s->epoch_seconds};
    record_add_epoch(&tr->rec, &e);
    s->epoch++;
    s->step = 0;
    save(tr);
    print_epoch(tr, &e, done_before + jn_now() - started);
    warn_if_dev_f1_stays_zero(tr);
    if (jn_stop_requested) {
      printf("stopped by signal %d after epoch %d: checkpoint saved, rerun to resume\n",
             (int)jn_stop_requested, s->epoch);
      return JN_EXIT_PREEMPTED;
    }
  }
  finish(tr);
  return 0;
}

int train_run(Config *cfg, int force) {
  if (cfg->type == MODEL_PRETRAIN) jn_die("%s: model type \"pretrain\" runs with `jointner pretrain`", cfg->path);
  record_lock(cfg->output);
  if (cfg->threads > 0) openblas_set_num_threads(cfg->threads);
  blas_kernels_warn();
  char *canonical = config_canonical(cfg, 0), *identity = config_canonical(cfg, 1), hash[17];
  config_hash(identity, hash);
  free(identity);
  RunRecord old;
  char why[256];
  int have = record_load(cfg->output, &old, why, sizeof why) == 0;
  if (!have && access(cfg->output, F_OK) == 0 && !force)
    jn_die("%s: unusable run record (%s); move it away or pass --force to start afresh",
           cfg->output, why);
  if (have && strcmp(old.config_hash, hash)) {
    if (!force)
      jn_die("%s: a run record of another configuration (%s, this one is %s) is there; "
             "remove it or pass --force to overwrite",
             cfg->output, old.config_hash, hash);
    record_free(&old);
    have = 0;
  }
  if (have && record_verify_complete(&old, why, sizeof why)) {
    print_final(&old, cfg->output);
    record_free(&old);
    free(canonical);
    config_free(cfg);
    return 0;
  }
  Trainer tr;
  memset(&tr, 0, sizeof tr);
  experiment_load(&tr.ex, cfg, NULL, 0, NULL, 0);
  const Config *c = &tr.ex.cfg;
  model_init(&tr.model, &tr.ex.model, tr.ex.tag_start, tr.ex.tag_stop);
  tr.adam = (Adam){c->beta1, c->beta2, c->adam_eps, 0};
  if (have)
    resume(&tr, &old);
  else
    start_fresh(&tr, canonical, hash);
  const char *slurm_restarts = getenv("SLURM_RESTART_COUNT");
  if (slurm_restarts) tr.rec.slurm_restart_count = atoi(slurm_restarts);
  tr.grads = jn_malloc(sizeof(float) * tr.rec.n_params);
  tr.sentence_rngs = jn_malloc(sizeof(Rng) * c->batch_size);
  printf("run %s: %s, attention %s, %d train / %d dev / %d test sentences, %d tags, %d labels, "
         "%zu parameters; vectors found for %ld of %d words\n",
         tr.rec.config_hash, model_type_name(c->type), attention_name(c->model.attention),
         tr.ex.train.ner.n_sentences, tr.ex.dev.ner.n_sentences, tr.ex.test.ner.n_sentences,
         tr.ex.tags.n, tr.ex.model.n_classes, tr.rec.n_params,
         tr.ex.words.n - tr.ex.words.found[4], tr.ex.words.n);
  if (tr.ex.model.n_classes) printf("%s\n", tr.ex.label_note);
  fflush(stdout);
  /* before the first record: a job whose record is on disk stops at a
   * checkpoint (exit 75) when signalled, never by the signal's default */
  signals_install();
  if (!have) save(&tr);
  int status = train_loop(&tr);
  if (status == 0) print_final(&tr.rec, c->output);
  free(tr.grads);
  free(tr.sentence_rngs);
  free(canonical);
  batch_free(&tr.batch);
  model_free(&tr.model);
  record_free(&tr.rec);
  experiment_free(&tr.ex);
  return status;
}
