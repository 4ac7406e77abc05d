/* pretrain.c: `jointner pretrain`: the sentence classifier (embedding, W1,
 * BiLSTM, the variant's attention, max-pool head) trained on a large
 * sentence-labeled corpus, data-parallel over MPI ranks.
 *
 * Global batch = train.batch_size sentences, the next ones of the
 * (buffer-)shuffled stream; every rank reads the same stream and computes
 * the sentences at positions rank, rank + N, ... of each global batch.
 * Each rank's gradient is the SUM over its sentences; one MPI_Allreduce of
 * [gradients | sentences, loss sum, correct, stop flag] gives the global
 * sums, divided by the global sentence count: the update of a single
 * process on the whole batch, up to float rounding. Every rank takes the
 * same number of steps (ceil(lines / batch)), whatever its share. The
 * learning rate is train.lr for the global batch, as in one process. Rank 0
 * alone writes the run record. */
#include <cblas.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data/batch.h"
#include "data/sentence_corpus.h"
#include "data/vocab.h"
#include "model/adam.h"
#include "model/base.h"
#include "model/network.h"
#include "model/sentence_head.h"
#include "runner/config.h"
#include "runner/mpi_env.h"
#include "runner/record_lock.h"
#include "runner/run_record.h"
#include "runner/signals.h"

enum { SHUFFLE_BUFFER = 100000, EXTRA = 4 }; /* extra reduced values: sentences, loss, correct, stop */

typedef struct {
  Config cfg;
  int rank, world, with_mpi; /* with_mpi 0: one process, MPI never initialised */
  CorpusSummary train;
  Vocab words;      /* every token of the train and dev corpora, with its vector */
  /* dev set in memory */
  int n_dev;
  int *dev_start, *dev_tokens, *dev_labels;
  Model model;
  RunRecord rec;
  float *grads;     /* [n_params + EXTRA] */
  Adam adam;
  Rng *rngs;
  /* the local share of a global batch, as indexed data */
  int *start, *tokens, *labels, token_cap;
  BatchBuffer batch;
} Pretrainer;

/* Appends the tokens of text to the growing arrays. Returns the count. */
static int index_text(Pretrainer *p, char *text, int **tokens, int *n_tokens, int *cap) {
  int count = 0;
  for (char *tok = strtok(text, " "); tok; tok = strtok(NULL, " ")) {
    if (*n_tokens == *cap) {
      *cap = *cap ? 2 * *cap : 1024;
      *tokens = jn_realloc(*tokens, sizeof(int) * *cap);
    }
    int row = vocab_find(&p->words, tok);
    if (row < 0) jn_die("pretrain: '%s' was not in the corpus when it was read first (a file changed?)", tok);
    (*tokens)[(*n_tokens)++] = row;
    count++;
  }
  return count;
}

static int label_index(const Pretrainer *p, const char *label, const char *path, long line) {
  int id = vocab_find(&p->train.labels, label);
  if (id < 0) jn_die("%s:%ld: label '%s' does not occur in the training corpus", path, line, label);
  return id;
}

static void load_dev(Pretrainer *p) {
  CorpusStream s;
  corpus_open(&s, p->cfg.dev, 0, 0);
  int n_tokens = 0, cap = 0, cap_s = 0;
  char *line, *label, *text;
  long ln;
  while ((line = corpus_next(&s, &ln))) {
    corpus_split_line(line, p->cfg.dev, ln, &label, &text);
    if (p->n_dev + 1 >= cap_s) {
      cap_s = cap_s ? 2 * cap_s : 256;
      p->dev_start = jn_realloc(p->dev_start, sizeof(int) * (cap_s + 1));
      p->dev_labels = jn_realloc(p->dev_labels, sizeof(int) * cap_s);
    }
    p->dev_labels[p->n_dev] = label_index(p, label, p->cfg.dev, ln);
    p->dev_start[p->n_dev] = n_tokens;
    index_text(p, text, &p->dev_tokens, &n_tokens, &cap);
    p->dev_start[++p->n_dev] = n_tokens;
  }
  corpus_close(&s);
  if (p->n_dev == 0) jn_die("%s: no sentences", p->cfg.dev);
}

/* Dev accuracy and macro-F1 (percent), rank 0. */
static void evaluate_dev(Pretrainer *p, const float *params, double *accuracy, double *macro_f1) {
  int C = p->model.cfg.n_classes, order[64];
  long *tp = jn_calloc(C, sizeof(long)), *guessed = jn_calloc(C, sizeof(long)),
       *gold = jn_calloc(C, sizeof(long)), correct = 0;
  float *probs = jn_malloc(sizeof(float) * 64 * C);
  IndexedData d = {p->dev_start, p->dev_tokens, NULL, p->dev_labels};
  for (int first = 0; first < p->n_dev; first += 64) {
    int count = p->n_dev - first < 64 ? p->n_dev - first : 64;
    for (int i = 0; i < count; i++) order[i] = first + i;
    batch_fill(&p->batch, &d, order, count);
    model_predict(&p->model, params, p->words.table, &p->batch.batch, NULL, probs);
    for (int i = 0; i < count; i++) {
      int best = argmax(probs + (long)i * C, C), y = p->dev_labels[first + i];
      guessed[best]++, gold[y]++;
      if (best == y) tp[y]++, correct++;
    }
  }
  double f1_sum = 0;
  for (int c = 0; c < C; c++)
    f1_sum += guessed[c] + gold[c] ? 2.0 * tp[c] / (guessed[c] + gold[c]) : 0;
  *accuracy = 100.0 * correct / p->n_dev;
  *macro_f1 = 100.0 * f1_sum / C;
  free(tp), free(guessed), free(gold), free(probs);
}

/* Reads the next global batch from the stream; keeps this rank's share as
 * indexed data. Returns the global batch size. */
static int next_global_batch(Pretrainer *p, CorpusStream *s, int *local) {
  int G = p->cfg.batch_size, got = 0, n_tokens = 0;
  *local = 0;
  char *line, *label, *text;
  long ln;
  while (got < G && (line = corpus_next(s, &ln))) {
    if (got++ % p->world != p->rank) continue;
    corpus_split_line(line, p->cfg.train, ln, &label, &text);
    p->labels[*local] = label_index(p, label, p->cfg.train, ln);
    p->start[*local] = n_tokens;
    index_text(p, text, &p->tokens, &n_tokens, &p->token_cap);
    p->start[++*local] = n_tokens;
  }
  return got;
}

static void save(Pretrainer *p) {
  if (p->rank == 0) {
    p->rec.state.adam_step = p->adam.step;
    record_save(p->cfg.output, &p->rec);
  }
}

/* One global step; returns 1 if any rank was asked to stop. */
static int step(Pretrainer *p, CorpusStream *s, double *loss_sum, long *sentences, long *correct) {
  TrainState *st = &p->rec.state;
  size_t n = p->rec.n_params;
  int local, position0 = st->step * p->cfg.batch_size;
  int global = next_global_batch(p, s, &local);
  memset(p->grads, 0, sizeof(float) * (n + EXTRA));
  if (local > 0) {
    int order[local];
    for (int i = 0; i < local; i++) order[i] = i;
    IndexedData d = {p->start, p->tokens, NULL, p->labels};
    batch_fill(&p->batch, &d, order, local);
    for (int i = 0; i < local; i++) /* the sentence at global position rank + i*world */
      rng_seed_keyed(&p->rngs[i], p->cfg.seed, (uint64_t)st->epoch,
                     (uint64_t)(position0 + p->rank + i * p->world));
    Loss l = model_loss(&p->model, p->rec.params, p->grads, p->words.table, &p->batch.batch, p->rngs);
    if (p->world > 1) /* mean -> sum, for the reduction; one rank keeps the mean */
      for (size_t i = 0; i < n; i++) p->grads[i] *= (float)local;
    p->grads[n] = (float)local;
    p->grads[n + 1] = l.total * (float)local;
    p->grads[n + 2] = (float)l.sentences_correct;
  }
  p->grads[n + 3] = jn_stop_requested ? 1.0f : 0.0f;
  if (p->with_mpi)
    MPI_Allreduce(MPI_IN_PLACE, p->grads, (int)(n + EXTRA), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  float total = p->grads[n];
  if (total != (float)global) jn_die("pretrain: ranks disagree on the global batch");
  adam_step(&p->adam, p->rec.params, p->grads, p->rec.adam_m, p->rec.adam_v, n, st->lr,
            p->world > 1 ? 1.0 / total : 1.0, p->cfg.clip);
  st->step++;
  *loss_sum += p->grads[n + 1];
  *sentences += (long)total;
  *correct += (long)p->grads[n + 2];
  return p->grads[n + 3] > 0;
}

static uint64_t epoch_stream_seed(const Config *c, int epoch) {
  Rng r;
  rng_seed_keyed(&r, c->seed, (uint64_t)epoch, UINT64_MAX);
  return rng_next(&r);
}

/* Runs (the rest of) an epoch; 1 if stopped by a signal. */
static int run_epoch(Pretrainer *p, long steps_per_epoch) {
  TrainState *st = &p->rec.state;
  CorpusStream s;
  corpus_open(&s, p->cfg.train, SHUFFLE_BUFFER, epoch_stream_seed(&p->cfg, st->epoch));
  long ln;
  for (long i = 0; i < (long)st->step * p->cfg.batch_size; i++) corpus_next(&s, &ln); /* resume */
  double t0 = jn_now(), last = t0, loss = 0;
  long sentences = 0, correct = 0;
  int stopped = 0;
  while (st->step < steps_per_epoch && !stopped) {
    stopped = step(p, &s, &loss, &sentences, &correct);
    st->epoch_loss += loss, st->epoch_sentences += sentences;
    double now = jn_now(), rate = sentences / (now - t0);
    if (p->rank == 0 && (now - last > 10 || st->step == steps_per_epoch)) {
      double left = (steps_per_epoch - st->step + (double)(p->cfg.max_epochs - st->epoch - 1) * steps_per_epoch) *
                    p->cfg.batch_size / rate;
      printf("  epoch %d step %d/%ld  loss %.4f  accuracy %.2f%%  %.0f sentences/s (%d ranks)  ETA %.0fs\n",
             st->epoch + 1, st->step, steps_per_epoch, loss / sentences, 100.0 * correct / sentences,
             rate, p->world, left);
      fflush(stdout);
      last = now;
    }
    st->epoch_seconds += now - t0;
    t0 = now;
    loss = 0, sentences = 0, correct = 0;
    if (stopped || (p->cfg.checkpoint_steps && st->step % p->cfg.checkpoint_steps == 0)) save(p);
  }
  corpus_close(&s);
  return stopped;
}

static void start_fresh(Pretrainer *p, const char *canonical, const char *hash) {
  RunRecord *r = &p->rec;
  size_t n = p->model.layout.total;
  record_set_string(&r->kind, "pretrain");
  record_set_string(&r->config_json, canonical);
  record_set_string(&r->config_hash, hash);
  record_set_string(&r->status, "running");
  record_set_provenance(r);
  char note[128];
  snprintf(note, sizeof note, "data-parallel over %d MPI ranks", p->world);
  record_set_string(&r->notes, note);
  r->n_classes = p->train.labels.n;
  r->class_names = jn_malloc(sizeof(char *) * r->n_classes);
  for (int i = 0; i < r->n_classes; i++) r->class_names[i] = jn_strdup(p->train.labels.words[i]);
  r->n_params = n;
  r->params = jn_malloc(sizeof(float) * n);
  r->adam_m = jn_calloc(n, sizeof(float));
  r->adam_v = jn_calloc(n, sizeof(float));
  r->best_params = jn_malloc(sizeof(float) * n);
  Rng rng;
  rng_seed(&rng, p->cfg.seed);
  param_init(&p->model.cfg, &p->model.layout, r->params, &rng, 0, 0);
  memcpy(r->best_params, r->params, sizeof(float) * n);
  r->state.lr = p->cfg.lr;
  r->state.best = -INFINITY;
}

static void pretrainer_free(Pretrainer *p) {
  corpus_summary_free(&p->train);
  vocab_free(&p->words);
  free(p->dev_start), free(p->dev_tokens), free(p->dev_labels);
  model_free(&p->model);
  record_free(&p->rec);
  free(p->grads), free(p->rngs), free(p->start), free(p->tokens), free(p->labels);
  batch_free(&p->batch);
  config_free(&p->cfg);
}

static int pretrain_run(Pretrainer *p, int force) {
  Config *c = &p->cfg;
  if (p->rank == 0) record_lock(c->output);
  char *canonical = config_canonical(c, 0), *identity = config_canonical(c, 1), hash[17];
  config_hash(identity, hash);
  free(identity);
  /* only the corpora's words, each with its vector by Flair's fallbacks (or
   * zero), so memory follows the corpus, not the .vec, and the vectors
   * cache serves them when it covers them (vocab.h) */
  CorpusSummary dev;
  corpus_summarize(c->train, &p->train, &p->words);
  corpus_summarize(c->dev, &dev, &p->words);
  corpus_summary_free(&dev);
  vocab_load_vectors(&p->words, c->vectors, 0);
  load_dev(p);
  ModelConfig mc = c->model;
  mc.d_emb = p->words.dim;
  mc.n_tags = 0;
  mc.n_classes = p->train.labels.n;
  model_init(&p->model, &mc, 0, 0);
  RunRecord old;
  char why[256];
  int have = record_load(c->output, &old, why, sizeof why) == 0;
  if (!have && access(c->output, F_OK) == 0 && !force)
    jn_die("%s: unusable run record (%s); move it away or pass --force to start afresh", c->output,
           why);
  if (have && strcmp(old.config_hash, hash)) {
    if (!force) jn_die("%s: a record of another configuration is there (pass --force)", c->output);
    record_free(&old);
    have = 0;
  }
  if (have && record_verify_complete(&old, why, sizeof why)) {
    if (p->rank == 0) printf("pre-training %s already complete [%s]\n", hash, c->output);
    record_free(&old);
    free(canonical);
    return 0;
  }
  if (have) {
    if (old.n_params != p->model.layout.total || !old.params)
      jn_die("%s: checkpoint does not fit the model", c->output);
    long steps = (p->train.lines + c->batch_size - 1) / c->batch_size;
    if (old.state.step > steps)
      jn_die("%s: checkpoint at step %d of an epoch of %ld steps", c->output, old.state.step, steps);
    p->rec = old;
    p->rec.restarts++;
  } else {
    start_fresh(p, canonical, hash);
  }
  free(canonical);
  const char *slurm_restarts = getenv("SLURM_RESTART_COUNT");
  if (slurm_restarts) p->rec.slurm_restart_count = atoi(slurm_restarts);
  size_t n = p->rec.n_params;
  if (p->with_mpi) MPI_Bcast(p->rec.params, (int)n, MPI_FLOAT, 0, MPI_COMM_WORLD); /* rank 0's start */
  p->adam = (Adam){c->beta1, c->beta2, c->adam_eps, p->rec.state.adam_step};
  p->grads = jn_malloc(sizeof(float) * (n + EXTRA));
  int per_rank = (c->batch_size + p->world - 1) / p->world;
  p->rngs = jn_malloc(sizeof(Rng) * per_rank);
  p->start = jn_malloc(sizeof(int) * (per_rank + 1));
  p->labels = jn_malloc(sizeof(int) * per_rank);
  long steps_per_epoch = (p->train.lines + c->batch_size - 1) / c->batch_size;
  if (p->rank == 0) {
    printf("pre-training %s: %ld sentences, %d labels, %d-d vectors (%d words), attention %s, "
           "%zu parameters, %d ranks, global batch %d, %ld steps per epoch%s\n",
           p->rec.config_hash, p->train.lines, p->train.labels.n, p->words.dim, p->words.n - 1,
           attention_name(mc.attention), n, p->world, c->batch_size, steps_per_epoch,
           have ? " (resumed)" : "");
    fflush(stdout);
  }
  if (!have) save(p);
  signals_install();
  TrainState *st = &p->rec.state;
  while (st->epoch < c->max_epochs) {
    if (run_epoch(p, steps_per_epoch)) {
      if (p->rank == 0)
        printf("stopped by a signal at epoch %d step %d: checkpoint saved, rerun to resume\n",
               st->epoch + 1, st->step);
      return JN_EXIT_PREEMPTED;
    }
    double accuracy = 0, macro_f1 = 0;
    if (p->rank == 0) evaluate_dev(p, p->rec.params, &accuracy, &macro_f1);
    EpochLog e = {st->epoch + 1, st->epoch_loss / st->epoch_sentences, accuracy, st->lr,
                  st->epoch_seconds, st->epoch_sentences / st->epoch_seconds};
    record_add_epoch(&p->rec, &e);
    if (p->rank == 0) {
      printf("epoch %d/%d  loss %.4f  dev accuracy %.2f%%  macro-F1 %.2f  %.0f sentences/s  %.0fs\n",
             e.epoch, c->max_epochs, e.loss, accuracy, macro_f1, e.sentences_per_second, e.seconds);
      fflush(stdout);
    }
    record_set_final(&p->rec, "dev_accuracy", accuracy);
    record_set_final(&p->rec, "dev_macro_f1", macro_f1);
    st->epoch++;
    st->step = 0;
    st->epoch_loss = st->epoch_seconds = 0;
    st->epoch_sentences = 0;
    save(p);
  }
  RunRecord *r = &p->rec;
  memcpy(r->best_params, r->params, sizeof(float) * n); /* the last epoch's model */
  record_set_string(&r->status, "complete");
  record_set_string(&r->finished, utc_now());
  free(r->params), free(r->adam_m), free(r->adam_v);
  r->params = r->adam_m = r->adam_v = NULL;
  save(p);
  if (p->rank == 0) printf("pre-training %s complete [%s]\n", r->config_hash, c->output);
  return 0;
}

int cmd_pretrain(int argc, char **argv) {
  const char *config;
  int force, status = config_command_line(
      argc, argv,
      "usage: [mpirun -np N | srun --mpi=pmix -n N] jointner pretrain --config FILE [--force]\n"
      "Pre-trains the sentence classifier (model.type \"pretrain\") on data.train, a\n"
      "LABEL<TAB>text corpus read as a stream; data.dev is scored after each epoch.\n"
      "train.batch_size is the GLOBAL batch, split over the ranks; train.lr applies to it.\n"
      "A rerun resumes from the checkpoint (train.checkpoint_steps, SIGTERM, SIGUSR1).\n",
      &config, &force);
  if (!config) return status;
  Pretrainer p;
  memset(&p, 0, sizeof p);
  p.with_mpi = launched_by_mpi();
  p.world = 1;
  if (p.with_mpi) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &p.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &p.world);
  }
  config_load(&p.cfg, config);
  if (p.cfg.type != MODEL_PRETRAIN)
    jn_die("%s: \"model.type\" must be \"pretrain\" for jointner pretrain", config);
  if (p.cfg.threads > 0) openblas_set_num_threads(p.cfg.threads);
  status = pretrain_run(&p, force);
  pretrainer_free(&p);
  if (p.with_mpi) MPI_Finalize();
  return status;
}
