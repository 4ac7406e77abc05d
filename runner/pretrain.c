/* pretrain.c: `jointner pretrain`: the sentence classifier (embedding, W1,
 * BiLSTM, the variant's attention, max-pool head) trained on a large
 * sentence-labeled corpus, data-parallel over MPI ranks, in one of two
 * modes (train.data_parallel).
 *
 * Exact (the default): global batch = train.batch_size sentences, the next
 * ones of the (buffer-)shuffled stream; every rank reads the same stream
 * and computes its share of each global batch (shares of even token
 * counts; a sentence's dropout is keyed by its place in the batch): the
 * update of a single process on the whole batch, up to float rounding,
 * whatever the number of ranks. Every rank reads the whole
 * corpus (parsing only its own lines). The learning rate is train.lr.
 *
 * Scaling: each rank reads only its shard of the corpus (of one plain
 * file, the lines that start in its 1/N of the bytes,
 * line_reader_open_range; of a list of files, whole files, own_files),
 * shuffles within it, and takes train.accumulate micro-batches of train.batch_size
 * sentences a step: global batch = batch_size * accumulate * N. The labels
 * are the union of the shards'. The learning rate is
 * lr * (accumulate * N)^p (p = 1/2 for "sqrt", the default, 1 for
 * "linear"), reached by a linear warm-up over the first train.warmup of
 * all steps. The number of ranks is part of the run's identity.
 *
 * Either way each rank's gradient is the SUM over its sentences, reduced
 * bucket by bucket while the backward pass runs (gradient_reduce.h) with
 * [sentences, loss sum, correct, stop flag], and divided by the global
 * sentence count at the update. Every rank takes the same number of steps.
 * Rank 0 alone writes the run record. */
#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "data/batch.h"
#include "data/sentence_corpus.h"
#include "data/vocab.h"
#include "model/adam.h"
#include "model/base.h"
#include "model/blas_kernels.h"
#include "model/network.h"
#include "model/sentence_head.h"
#include "runner/config.h"
#include "runner/gradient_reduce.h"
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
  float *grads;     /* [n_params + EXTRA]: the step's sums */
  float *micro;     /* [n_params]: one micro-batch's gradient (its mean); NULL with one a step */
  GradientReduce reduce;
  /* this epoch's per-step work on this rank (the step's time outside MPI),
   * in seconds: count, sum, sum of squares; the straggler term of the
   * README's scaling model comes from its spread */
  long work_steps;
  double work_sum, work_sq;
  Adam adam;
  /* the input: exact mode reads the whole stream, scaling mode its shard */
  int scaling, micro_batches; /* micro-batches a step: accumulate (scaling), 1 (exact) */
  char **files;     /* the corpus files this rank reads whole, in order (the config's strings) */
  int n_files;
  int byte_range;   /* scaling mode over one plain file: this rank reads the bytes below */
  long shard_begin, shard_end, shard_first_line; /* bytes [begin, end); end -1: to the end */
  long lines_per_step;   /* lines each rank's stream advances a step */
  long global_batch, steps_per_epoch;
  Rng *rngs;
  /* the local share of a global batch, as indexed data */
  int *start, *tokens, *labels, token_cap;
  int *positions;   /* exact mode: each local sentence's place in the global batch */
  int *in_order;    /* 0, 1, 2, ... [batch_size]: the local sentences in their order */
  char **held;      /* exact mode: the global batch's lines [batch_size] */
  const char **held_path; /* their files (the stream's own strings) */
  long *held_tokens;      /* their token counts */
  int *held_owner;        /* the rank that computes each (share_out) */
  long *held_line;
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
  const char *path;
  long ln;
  while ((line = corpus_next(&s, &path, &ln))) {
    corpus_split_line(line, path, ln, &label, &text);
    if (p->n_dev + 1 >= cap_s) {
      cap_s = cap_s ? 2 * cap_s : 256;
      p->dev_start = jn_realloc(p->dev_start, sizeof(int) * (cap_s + 1));
      p->dev_labels = jn_realloc(p->dev_labels, sizeof(int) * cap_s);
    }
    p->dev_labels[p->n_dev] = label_index(p, label, path, ln);
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

/* Appends a corpus line (path:line_number) to the local share as indexed
 * data: its label, and its tokens after *n_tokens. */
static void keep_sentence(Pretrainer *p, char *line, const char *path, long line_number, int *local,
                          int *n_tokens) {
  char *label, *text;
  corpus_split_line(line, path, line_number, &label, &text);
  p->labels[*local] = label_index(p, label, path, line_number);
  p->start[*local] = *n_tokens;
  index_text(p, text, &p->tokens, n_tokens, &p->token_cap);
  p->start[++*local] = *n_tokens;
}

/* Tokens of a corpus line (its space-separated pieces): the cost of the
 * sentence, for sharing a batch out. */
static int count_tokens(const char *line) {
  int n = 0;
  for (const char *c = line; *c; c++) n += *c != ' ' && (c == line || c[-1] == ' ');
  return n;
}

/* owner[j] of each of n items of the given sizes (a batch's sentences in
 * tokens, a corpus's files in bytes): the largest first, each to the rank
 * with the least so far (the lowest on a tie, the earlier item on equal
 * sizes); every rank computes the same split. */
typedef struct {
  long size;
  int index;
} SizedItem;

static int larger_first(const void *a, const void *b) { /* size descending, then index ascending */
  const SizedItem *x = a, *y = b;
  return x->size != y->size ? (x->size < y->size) - (x->size > y->size) : (x->index > y->index) - (x->index < y->index);
}

static void share_out(const long *size, int n, int world, int *owner) {
  SizedItem *order = jn_malloc(sizeof *order * (size_t)(n > 0 ? n : 1));
  long *load = jn_calloc((size_t)world, sizeof *load);
  for (int j = 0; j < n; j++) order[j] = (SizedItem){size[j], j};
  qsort(order, (size_t)n, sizeof *order, larger_first);
  for (int i = 0; i < n; i++) {
    int best = 0;
    for (int r = 1; r < world; r++) best = load[r] < load[best] ? r : best;
    owner[order[i].index] = best;
    load[best] += order[i].size;
  }
  free(order), free(load);
}

/* Exact mode: reads the next global batch from the stream and keeps this
 * rank's share as indexed data, with each sentence's place in the batch.
 * The shares have even token counts (share_out), as a step waits for its
 * slowest rank. Returns the global batch size. */
static int next_global_batch(Pretrainer *p, CorpusStream *s, int *local) {
  int G = p->cfg.batch_size, got = 0, n_tokens = 0, *owner = p->held_owner;
  long *tokens = p->held_tokens;
  char *line;
  const char *path;
  long ln;
  while (got < G && (line = corpus_next(s, &path, &ln))) {
    free(p->held[got]);
    p->held[got] = jn_strdup(line);
    p->held_path[got] = path;
    p->held_line[got] = ln;
    tokens[got++] = count_tokens(line);
  }
  *local = 0;
  if (got == 0) return 0;
  share_out(tokens, got, p->world, owner);
  for (int j = 0; j < got; j++) {
    if (owner[j] != p->rank) continue;
    p->positions[*local] = j;
    keep_sentence(p, p->held[j], p->held_path[j], p->held_line[j], local, &n_tokens);
  }
  return got;
}

static void save(Pretrainer *p) {
  if (p->rank == 0) {
    p->rec.state.adam_step = p->adam.step;
    record_save(p->cfg.output, &p->rec);
  }
}

/* Reads this rank's next micro-batch from its shard. Returns its size. */
static int next_local_batch(Pretrainer *p, CorpusStream *s) {
  int local = 0, n_tokens = 0;
  char *line;
  const char *path;
  long ln;
  while (local < p->cfg.batch_size && (line = corpus_next(s, &path, &ln)))
    keep_sentence(p, line, path, ln, &local, &n_tokens);
  return local;
}

/* The learning rate of the step: train.lr in exact mode; in scaling mode
 * scaled to the global batch after the warm-up. */
static double step_lr(const Pretrainer *p) {
  const TrainState *st = &p->rec.state;
  if (!p->scaling) return st->lr;
  long done = (long)st->epoch * p->steps_per_epoch + st->step,
       warm = (long)ceil(p->cfg.warmup * p->cfg.max_epochs * p->steps_per_epoch);
  double ramp = done < warm ? (done + 1.0) / warm : 1.0;
  return st->lr * lr_scale(p->cfg.lr_scaling, p->micro_batches * p->world) * ramp;
}

/* One global step; returns 1 if any rank was asked to stop. */
static int step(Pretrainer *p, CorpusStream *s, double *loss_sum, long *sentences, long *correct) {
  TrainState *st = &p->rec.state;
  size_t n = p->rec.n_params;
  /* sums over sentences, divided by the global count at the update; one
   * process on one batch keeps the mean as it is */
  int sums = p->world > 1 || p->micro_batches > 1, global = 0, local_total = 0, right = 0;
  double loss = 0, started = jn_now(), waited = p->reduce.wait_seconds;
  memset(p->grads, 0, sizeof(float) * (n + EXTRA));
  for (int k = 0; k < p->micro_batches; k++) {
    int local, last = k == p->micro_batches - 1;
    if (p->scaling)
      local = next_local_batch(p, s);
    else
      global = next_global_batch(p, s, &local);
    p->reduce.scale = sums ? (float)local : 1.0f;
    p->model.grads_ready = last ? gradient_reduce_ready : NULL;
    if (local == 0) {
      if (last) model_report_all_grads(&p->model); /* every rank joins every bucket */
      continue;
    }
    IndexedData d = {p->start, p->tokens, NULL, p->labels};
    batch_fill(&p->batch, &d, p->in_order, local);
    for (int i = 0; i < local; i++) { /* the sentence's dropout, by its place in the data */
      uint64_t at = p->scaling ? ((uint64_t)p->rank << 40) + ((uint64_t)st->step * p->micro_batches + k) *
                                                                p->cfg.batch_size + i
                               : (uint64_t)st->step * p->cfg.batch_size + p->positions[i];
      rng_seed_keyed(&p->rngs[i], p->cfg.seed, (uint64_t)st->epoch, at);
    }
    float *into = p->micro ? p->micro : p->grads; /* grads is zero: one micro-batch a step */
    if (p->micro) memset(p->micro, 0, sizeof(float) * n);
    Loss l = model_loss(&p->model, p->rec.params, into, p->words.table, &p->batch.batch, p->rngs);
    if (!last) gradient_reduce_add(&p->reduce, 0, n);
    local_total += local;
    loss += l.total * (double)local;
    right += l.sentences_correct;
  }
  p->grads[n] = (float)local_total;
  p->grads[n + 1] = (float)loss;
  p->grads[n + 2] = (float)right;
  p->grads[n + 3] = jn_stop_requested ? 1.0f : 0.0f;
  double work = jn_now() - started - (p->reduce.wait_seconds - waited);
  p->work_steps++, p->work_sum += work, p->work_sq += work * work;
  gradient_reduce_finish(&p->reduce);
  float total = p->grads[n];
  if (!p->scaling && total != (float)global) jn_die("pretrain: ranks disagree on the global batch");
  if (total > 0)
    adam_step(&p->adam, p->rec.params, p->grads, p->rec.adam_m, p->rec.adam_v, n, step_lr(p),
              sums ? 1.0 / total : 1.0, p->cfg.clip);
  st->step++;
  *loss_sum += p->grads[n + 1];
  *sentences += (long)total;
  *correct += (long)p->grads[n + 2];
  return p->grads[n + 3] > 0;
}

/* The shuffle's seed of an epoch; in scaling mode each shard has its own
 * (rank 0's is exact mode's). */
static uint64_t epoch_stream_seed(const Pretrainer *p, int epoch) {
  Rng r;
  rng_seed_keyed(&r, p->cfg.seed, (uint64_t)epoch, UINT64_MAX - (p->scaling ? (uint64_t)p->rank : 0));
  return rng_next(&r);
}

/* Runs (the rest of) an epoch; 1 if stopped by a signal. */
static int run_epoch(Pretrainer *p) {
  TrainState *st = &p->rec.state;
  CorpusStream s;
  uint64_t seed = epoch_stream_seed(p, st->epoch);
  if (p->byte_range)
    corpus_open_shard(&s, p->cfg.train, p->shard_begin, p->shard_end, p->shard_first_line, SHUFFLE_BUFFER, seed);
  else
    corpus_open_files(&s, p->files, p->n_files, SHUFFLE_BUFFER, seed);
  const char *path;
  long ln, steps = p->steps_per_epoch;
  for (long i = 0; i < st->step * p->lines_per_step; i++) corpus_next(&s, &path, &ln); /* resume */
  double t0 = jn_now(), last = t0, loss = 0;
  long sentences = 0, correct = 0;
  int stopped = 0;
  p->reduce.wait_seconds = 0;
  p->work_steps = 0, p->work_sum = p->work_sq = 0;
  while (st->step < steps && !stopped) {
    stopped = step(p, &s, &loss, &sentences, &correct);
    st->epoch_loss += loss, st->epoch_sentences += sentences;
    double now = jn_now(), rate = sentences / (now - t0);
    if (p->rank == 0 && (now - last > 10 || st->step == steps)) {
      double left = (steps - st->step + (double)(p->cfg.max_epochs - st->epoch - 1) * steps) *
                    p->global_batch / rate;
      printf("  epoch %d step %d/%ld  loss %.4f  accuracy %.2f%%  %.0f sentences/s (%d ranks)  ETA %.0fs\n",
             st->epoch + 1, st->step, steps, loss / sentences, 100.0 * correct / sentences, rate,
             p->world, left);
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
  char note[160];
  snprintf(note, sizeof note, "data-parallel over %d MPI ranks, %s mode, global batch %ld", p->world,
           p->scaling ? "scaling" : "exact", p->global_batch);
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
  for (int j = 0; p->held && j < p->cfg.batch_size; j++) free(p->held[j]);
  free(p->held), free(p->held_path), free(p->held_line), free(p->held_tokens), free(p->held_owner);
  free(p->positions), free(p->in_order), free(p->files);
  free(p->grads), free(p->micro), free(p->rngs), free(p->start), free(p->tokens), free(p->labels);
  batch_free(&p->batch);
  config_free(&p->cfg);
}

/* Scaling mode over a list of files: this rank's whole files, shared out
 * by their bytes (share_out), kept in the list's order. */
static void own_files(Pretrainer *p) {
  const Config *c = &p->cfg;
  int n = c->n_train_files;
  if (n < p->world)
    jn_die("%s: \"data.train\" lists %d files for %d ranks: scaling mode gives each rank whole files, "
           "at least one (or give one uncompressed file, which is split by bytes)", c->path, n, p->world);
  long *size = jn_malloc(sizeof(long) * (size_t)n);
  int *owner = jn_malloc(sizeof(int) * (size_t)n);
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (stat(c->train_files[i], &st) != 0) jn_die("%s: cannot stat: %s", c->train_files[i], strerror(errno));
    size[i] = (long)st.st_size;
  }
  share_out(size, n, p->world, owner);
  p->n_files = 0;
  for (int i = 0; i < n; i++)
    if (owner[i] == p->rank) p->files[p->n_files++] = c->train_files[i];
  free(size), free(owner);
}

/* The part of the corpus this rank reads: every file in exact mode (and on
 * one rank); in scaling mode its own files of a list (own_files), or of
 * one file its shard, the bytes [size * rank / N, size * (rank + 1) / N),
 * aligned to lines, with its first line's number from the shards before it
 * (MPI_Exscan of their line counts). */
static void find_shard(Pretrainer *p) {
  const Config *c = &p->cfg;
  p->files = jn_malloc(sizeof(char *) * (size_t)c->n_train_files);
  memcpy(p->files, c->train_files, sizeof(char *) * (size_t)c->n_train_files);
  p->n_files = c->n_train_files;
  p->byte_range = 0;
  p->shard_begin = 0, p->shard_end = -1, p->shard_first_line = 1;
  if (!p->scaling || p->world == 1) return;
  if (c->n_train_files > 1) {
    own_files(p);
    return;
  }
  p->byte_range = 1;
  struct stat st;
  if (stat(p->cfg.train, &st) != 0) jn_die("%s: cannot stat: %s", p->cfg.train, strerror(errno));
  long size = (long)st.st_size, q = size / p->world, m = size % p->world;
  p->shard_begin = q * p->rank + m * p->rank / p->world;
  p->shard_end = q * (p->rank + 1) + m * (p->rank + 1) / p->world;
  long lines = line_count_range(p->cfg.train, p->shard_begin, p->shard_end), before = 0;
  MPI_Exscan(&lines, &before, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  p->shard_first_line = (p->rank ? before : 0) + 1;
}

/* Scaling mode: the labels are the sorted union of the shards' (each
 * shard's summary has only its own), the line count their sum. */
static void agree_on_labels(Pretrainer *p) {
  if (!p->scaling || p->world == 1) return;
  CorpusSummary *t = &p->train;
  int mine = 0;
  for (int i = 0; i < t->labels.n; i++) mine += (int)strlen(t->labels.words[i]) + 1;
  int *sizes = jn_malloc(sizeof(int) * p->world), *at = jn_malloc(sizeof(int) * p->world), all = 0;
  MPI_Allgather(&mine, 1, MPI_INT, sizes, 1, MPI_INT, MPI_COMM_WORLD);
  for (int r = 0; r < p->world; r++) at[r] = all, all += sizes[r];
  char *packed = jn_malloc((size_t)mine + 1), *every = jn_malloc((size_t)all + 1), *w = packed;
  for (int i = 0; i < t->labels.n; i++) w = stpcpy(w, t->labels.words[i]) + 1;
  MPI_Allgatherv(packed, mine, MPI_CHAR, every, sizes, at, MPI_CHAR, MPI_COMM_WORLD);
  Vocab labels = {0};
  for (char *l = every; l < every + all; l += strlen(l) + 1) vocab_add(&labels, l);
  char **in_order = vocab_sorted_words(&labels);
  Vocab sorted = {0};
  for (int i = 0; i < labels.n; i++) vocab_add(&sorted, in_order[i]);
  free(in_order);
  long lines = t->lines;
  MPI_Allreduce(&lines, &t->lines, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  vocab_free(&t->labels);
  free(t->per_label);
  t->per_label = NULL;
  t->labels = sorted;
  vocab_free(&labels);
  free(sizes), free(at), free(packed), free(every);
}

static int pretrain_run(Pretrainer *p, int force) {
  Config *c = &p->cfg;
  if (p->scaling && c->ranks && c->ranks != p->world)
    jn_die("%s: \"train.ranks\" is %d but %d rank(s) were launched (in scaling mode the global "
           "batch, and so the run, depends on it)", c->path, c->ranks, p->world);
  if (p->rank == 0) record_lock(c->output);
  char *canonical = config_canonical(c, 0), *identity = config_canonical(c, 1), hash[17];
  config_hash(identity, hash);
  free(identity);
  /* only the corpora's words (in scaling mode, of this rank's shard), each
   * with its vector by Flair's fallbacks (or zero), so memory follows the
   * corpus, not the .vec, and the vectors cache serves them when it covers
   * them (vocab.h) */
  CorpusSummary dev;
  find_shard(p);
  if (p->byte_range)
    corpus_summarize_shard(c->train, p->shard_begin, p->shard_end, p->shard_first_line, &p->train, &p->words);
  else
    corpus_summarize_files(p->files, p->n_files, &p->train, &p->words);
  long shard_lines = p->train.lines;
  agree_on_labels(p);
  if (p->train.lines == 0) jn_die("%s: no sentences (empty file?)", c->train);
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
  p->micro_batches = p->scaling ? c->accumulate : 1;
  p->lines_per_step = (long)c->batch_size * p->micro_batches;
  p->global_batch = p->scaling ? p->lines_per_step * p->world : c->batch_size;
  long longest_shard = shard_lines;
  if (p->scaling && p->with_mpi)
    MPI_Allreduce(&shard_lines, &longest_shard, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
  p->steps_per_epoch = p->scaling ? (longest_shard + p->lines_per_step - 1) / p->lines_per_step
                                  : (p->train.lines + c->batch_size - 1) / c->batch_size;
  if (have) {
    if (old.n_params != p->model.layout.total || !old.params)
      jn_die("%s: checkpoint does not fit the model", c->output);
    int made_on = 0; /* scaling mode: the global batch is that of the ranks that began it */
    if (p->scaling && old.notes && sscanf(old.notes, "data-parallel over %d", &made_on) == 1 &&
        made_on != p->world)
      jn_die("%s: the checkpoint was made on %d ranks; in scaling mode the global batch depends on "
             "them: resume on %d ranks, or pass --force to start afresh", c->output, made_on, made_on);
    long steps = p->steps_per_epoch;
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
  p->micro = p->micro_batches > 1 ? jn_malloc(sizeof(float) * n) : NULL;
  gradient_reduce_init(&p->reduce, p->grads, p->micro, n, EXTRA, p->with_mpi && p->world > 1);
  p->model.grads_ready_ctx = &p->reduce;
  int per_rank = c->batch_size; /* in exact mode a share may hold up to the whole batch */
  p->rngs = jn_malloc(sizeof(Rng) * per_rank);
  p->start = jn_malloc(sizeof(int) * (per_rank + 1));
  p->labels = jn_malloc(sizeof(int) * per_rank);
  p->positions = jn_malloc(sizeof(int) * per_rank);
  p->in_order = jn_malloc(sizeof(int) * per_rank);
  for (int i = 0; i < per_rank; i++) p->in_order[i] = i;
  p->held = jn_calloc(per_rank, sizeof(char *));
  p->held_path = jn_malloc(sizeof(char *) * per_rank);
  p->held_tokens = jn_malloc(sizeof(long) * per_rank);
  p->held_owner = jn_malloc(sizeof(int) * per_rank);
  p->held_line = jn_malloc(sizeof(long) * per_rank);
  long *lines_of = jn_malloc(sizeof(long) * p->world);
  lines_of[0] = shard_lines;
  if (p->scaling && p->with_mpi)
    MPI_Gather(&shard_lines, 1, MPI_LONG, lines_of, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  if (p->rank == 0) {
    printf("pre-training %s: %ld sentences, %d labels, %d-d vectors (%d words), attention %s, "
           "%zu parameters, %d ranks, %s mode, global batch %ld, %ld steps per epoch%s\n",
           p->rec.config_hash, p->train.lines, p->train.labels.n, p->words.dim, p->words.n - 1,
           attention_name(mc.attention), n, p->world, p->scaling ? "scaling" : "exact",
           p->global_batch, p->steps_per_epoch, have ? " (resumed)" : "");
    if (p->scaling) {
      printf("  batch %d per rank x %d micro-batch(es); learning rate %g x %.3g (%s rule), "
             "warm-up %ld step(s); sentences per shard:",
             c->batch_size, p->micro_batches, c->lr,
             lr_scale(c->lr_scaling, p->micro_batches * p->world), lr_scaling_name(c->lr_scaling),
             (long)ceil(c->warmup * c->max_epochs * p->steps_per_epoch));
      for (int r = 0; r < p->world; r++) printf(" %ld", lines_of[r]);
      printf("\n");
    }
    fflush(stdout);
  }
  free(lines_of);
  /* before the first record: a job whose record is on disk stops at a
   * checkpoint (exit 75) when signalled, never by the signal's default */
  signals_install();
  if (!have) save(p);
  TrainState *st = &p->rec.state;
  while (st->epoch < c->max_epochs) {
    if (run_epoch(p)) {
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
      printf("epoch %d/%d  loss %.4f  dev accuracy %.2f%%  macro-F1 %.2f  %.0f sentences/s  %.0fs",
             e.epoch, c->max_epochs, e.loss, accuracy, macro_f1, e.sentences_per_second, e.seconds);
      if (p->world > 1) printf("  MPI wait %.1f%% of the time", 100.0 * p->reduce.wait_seconds / e.seconds);
      if (p->work_steps > 1) {
        double mean = p->work_sum / p->work_steps,
               var = (p->work_sq - p->work_sum * mean) / (p->work_steps - 1);
        printf("  step work %.1f ± %.1f ms", 1e3 * mean, 1e3 * sqrt(var > 0 ? var : 0));
      }
      printf("\n");
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
      "LABEL<TAB>text corpus read as a stream: one file or a list of files, each plain\n"
      "or gzip; data.dev is scored after each epoch.\n"
      "train.data_parallel \"exact\" (default): train.batch_size is the GLOBAL batch,\n"
      "split over the ranks, and train.lr applies to it (any rank count, one update).\n"
      "\"scaling\": each rank reads its shard (of one plain file a byte range, of a\n"
      "list whole files); train.batch_size is per rank and micro-batch,\n"
      "train.accumulate micro-batches a step; the learning rate is scaled by\n"
      "train.lr_scaling (\"sqrt\", \"linear\", \"none\") after train.warmup (0.05).\n"
      "A rerun resumes from the checkpoint (train.checkpoint_steps, SIGTERM, SIGUSR1).\n",
      &config, &force);
  if (!config) return status;
  Pretrainer p;
  memset(&p, 0, sizeof p);
  p.with_mpi = launched_by_mpi();
  p.world = 1;
  if (p.with_mpi) {
    gradient_reduce_before_mpi_init();
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &p.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &p.world);
  }
  config_load(&p.cfg, config);
  if (p.cfg.type != MODEL_PRETRAIN)
    jn_die("%s: \"model.type\" must be \"pretrain\" for jointner pretrain", config);
  p.scaling = p.cfg.data_parallel == PARALLEL_SCALING;
  if (p.cfg.threads > 0) openblas_set_num_threads(p.cfg.threads);
  if (p.rank == 0) blas_kernels_warn();
  status = pretrain_run(&p, force);
  pretrainer_free(&p);
  if (p.with_mpi) MPI_Finalize();
  return status;
}
