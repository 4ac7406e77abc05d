/* jointner_bench.c: throughput of the model (never a timed test).
 *
 *   jointner-bench sgemm [--n 2048] [--reps 5]
 *       measured sgemm peak (GFLOP/s) at the OpenBLAS thread count of the
 *       environment, plus the shapes the model runs.
 *   jointner-bench recurrent [--hidden 256] [--reps 5]
 *       the LSTM's recurrent GEMMs at 1-32 rows, forward (h . Whh^T) and
 *       backward (dgates . Whh): cblas_sgemm against model/panel_gemm.c
 *       with Whh packed once, microseconds a call; and the pack itself.
 *   jointner-bench train --data FILE.conll | --gen N:LEN  --model ner|joint|pretrain
 *       [--attention none|soft|self-learned|...] [--epochs 3] [--warmup 1]
 *       [--batch 32] [--seed 1] [--threads T] [--dump-data OUT.bin]
 *       whole training epochs (forward, backward, clipping, Adam) at the
 *       paper's sizes: 300-d vectors, BiLSTM 2x256, IOBES tags of the data
 *       (generated data: 6 entity types). Prints one line of key=value.
 *   jointner-bench dump --model ner|joint|pretrain --attention A --dropout 0|1 --out FILE
 *       a small batch, the parameters, the dropout masks the C side drew,
 *       the loss and every gradient, for tests/torch_reference.py.
 *
 * Data files written here (--dump-data, dump) are a list of named arrays:
 *   "JNB1" then per array: char name[48], char type ('f' float32 | 'i'
 *   int32), int32 ndim, int32 dims[ndim], the data (little endian). */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/batch.h"
#include "data/ner_data.h"
#include "data/vocab.h"
#include "model/adam.h"
#include "model/base.h"
#include "model/blas_kernels.h"
#include "model/network.h"
#include "model/panel_gemm.h"

/* ---- named-array file ---------------------------------------------------- */

static void put(FILE *f, const char *name, char type, const void *data, int ndim, const int *dims) {
  char nm[48] = {0};
  snprintf(nm, sizeof nm, "%s", name);
  fwrite(nm, 1, 48, f);
  fwrite(&type, 1, 1, f);
  fwrite(&ndim, 4, 1, f);
  fwrite(dims, 4, ndim, f);
  size_t n = 1;
  for (int i = 0; i < ndim; i++) n *= (size_t)dims[i];
  fwrite(data, 4, n, f);
}
static void put_f(FILE *f, const char *name, const float *x, int d0, int d1) {
  int dims[2] = {d0, d1};
  put(f, name, 'f', x, d1 ? 2 : 1, dims);
}
static void put_i(FILE *f, const char *name, const int *x, int d0, int d1) {
  int dims[2] = {d0, d1};
  put(f, name, 'i', x, d1 ? 2 : 1, dims);
}
static void put_scalar_i(FILE *f, const char *name, int v) { put_i(f, name, &v, 1, 0); }
static void put_scalar_f(FILE *f, const char *name, float v) { put_f(f, name, &v, 1, 0); }

/* ---- data ------------------------------------------------------------------ */

enum { EMB_DIM = 300, HIDDEN = 256, GEN_TYPES = 6, GEN_VOCAB = 20000 };

typedef struct {
  int n_sent, n_tok, V, K, C, tag_start, tag_stop;
  int *start, *ids, *tags, *labels;
  float *emb; /* [V][EMB_DIM] */
  IndexedData idx;
} Data;

static void random_embeddings(Data *d, Rng *r) {
  d->emb = jn_malloc(sizeof(float) * (size_t)d->V * EMB_DIM);
  for (size_t i = 0; i < (size_t)d->V * EMB_DIM; i++) d->emb[i] = rng_range(r, -0.5f, 0.5f);
}

static void finish_data(Data *d, int C, Rng *r) {
  d->C = C;
  d->labels = jn_malloc(sizeof(int) * d->n_sent);
  for (int i = 0; i < d->n_sent; i++) d->labels[i] = (int)rng_below(r, (uint32_t)C);
  d->idx = (IndexedData){d->start, d->ids, d->tags, d->labels};
}

/* Column file: words -> rows of a random 300-d table; tags <unk>, O, the
 * data's IOBES tags, <START>, <STOP>; sentence labels random in [0, C). */
static void load_conll(Data *d, const char *path, int C, Rng *r) {
  NerData nd;
  ColumnFormat fmt = {0, 1, 1, "auto"};
  ner_data_read(&nd, path, &fmt);
  Vocab words = {0}, tags = {0};
  vocab_add(&tags, "<unk>");
  vocab_add(&tags, "O");
  d->n_sent = nd.n_sentences;
  d->n_tok = (int)nd.n_tokens;
  d->start = jn_malloc(sizeof(int) * (d->n_sent + 1));
  for (int i = 0; i <= d->n_sent; i++) d->start[i] = nd.start[i];
  d->ids = jn_malloc(sizeof(int) * d->n_tok);
  d->tags = jn_malloc(sizeof(int) * d->n_tok);
  for (int i = 0; i < d->n_tok; i++) {
    d->ids[i] = vocab_add(&words, nd.words[i]);
    d->tags[i] = vocab_add(&tags, nd.tags[i]);
  }
  d->tag_start = vocab_add(&tags, "<START>");
  d->tag_stop = vocab_add(&tags, "<STOP>");
  d->K = tags.n;
  d->V = words.n;
  random_embeddings(d, r);
  finish_data(d, C, r);
  vocab_free(&words);
  vocab_free(&tags);
  ner_data_free(&nd);
}

/* n sentences of len tokens; tags from <unk>, O and 6 types x IOBES. */
static void generate(Data *d, int n, int len, int C, Rng *r) {
  d->n_sent = n;
  d->n_tok = n * len;
  d->V = GEN_VOCAB;
  d->K = 2 + 4 * GEN_TYPES + 2;
  d->tag_start = d->K - 2;
  d->tag_stop = d->K - 1;
  d->start = jn_malloc(sizeof(int) * (n + 1));
  for (int i = 0; i <= n; i++) d->start[i] = i * len;
  d->ids = jn_malloc(sizeof(int) * d->n_tok);
  d->tags = jn_malloc(sizeof(int) * d->n_tok);
  for (int i = 0; i < d->n_tok; i++) {
    d->ids[i] = (int)rng_below(r, GEN_VOCAB);
    d->tags[i] = 1 + (int)rng_below(r, 4 * GEN_TYPES + 1);
  }
  random_embeddings(d, r);
  finish_data(d, C, r);
}

static void dump_data(const Data *d, const char *path) {
  FILE *f = fopen(path, "wb");
  if (!f) jn_die("%s: cannot write", path);
  fwrite("JNB1", 1, 4, f);
  put_scalar_i(f, "K", d->K);
  put_scalar_i(f, "C", d->C);
  put_scalar_i(f, "tag_start", d->tag_start);
  put_scalar_i(f, "tag_stop", d->tag_stop);
  put_i(f, "start", d->start, d->n_sent + 1, 0);
  put_i(f, "ids", d->ids, d->n_tok, 0);
  put_i(f, "tags", d->tags, d->n_tok, 0);
  put_i(f, "labels", d->labels, d->n_sent, 0);
  put_f(f, "emb", d->emb, d->V, EMB_DIM);
  fclose(f);
}

static ModelConfig paper_config(const char *model, const char *attention, const Data *d) {
  ModelConfig c = {.d_emb = EMB_DIM, .hidden = HIDDEN, .n_tags = d->K, .n_classes = d->C,
                   .attention = ATT_NONE, .heads = 8, .soft_dim = 2 * HIDDEN, .residual = 1,
                   .word_dropout = 0.05f, .locked_dropout = 0.5f, .attn_locked_dropout = 0.5f,
                   .attn_prob_dropout = 0.1f, .lambda = 1.0f, .init_range = 0.1f};
  if (attention_parse(attention, &c.attention)) jn_die("unknown attention %s", attention);
  if (!strcmp(model, "ner"))
    c.n_classes = 0;
  else if (!strcmp(model, "pretrain"))
    c.n_tags = 0;
  else if (strcmp(model, "joint"))
    jn_die("--model is ner, joint or pretrain, not %s", model);
  return c;
}

/* ---- sgemm peak ------------------------------------------------------------ */

/* Best of reps timings (after one warm-up) of inner calls, in microseconds a call. */
#define TIME_CALLS(result, reps, inner, call)                   \
  do {                                                         \
    double best_ = 1e30;                                       \
    for (int r_ = 0; r_ <= (reps); r_++) {                     \
      double t0_ = jn_now();                                   \
      for (int i_ = 0; i_ < (inner); i_++) call;               \
      double dt_ = (jn_now() - t0_) / (inner);                 \
      if (r_ > 0 && dt_ < best_) best_ = dt_;                  \
    }                                                          \
    (result) = 1e6 * best_;                                    \
  } while (0)

static double time_sgemm(int M, int N, int K, int reps, int transb) {
  float *A = jn_malloc(sizeof(float) * (size_t)M * K), *Bm = jn_malloc(sizeof(float) * (size_t)K * N),
        *Cm = jn_calloc((size_t)M * N, sizeof(float));
  for (size_t i = 0; i < (size_t)M * K; i++) A[i] = (float)(i % 7) * 0.1f;
  for (size_t i = 0; i < (size_t)K * N; i++) Bm[i] = (float)(i % 5) * 0.1f;
  int inner = 1;
  double flops = 2.0 * M * N * K, us;
  while (inner * flops < 2e9) inner *= 2; /* ~10+ ms per timing */
  TIME_CALLS(us, reps, inner,
             cblas_sgemm(CblasRowMajor, CblasNoTrans, transb ? CblasTrans : CblasNoTrans, M, N, K, 1.0f,
                         A, K, Bm, transb ? K : N, 0.0f, Cm, N));
  free(A), free(Bm), free(Cm);
  return flops / us / 1e3;
}

static int cmd_sgemm(int argc, char **argv) {
  int n = 2048, reps = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--n")) n = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
  }
  printf("sgemm threads=%d n=%d gflops=%.1f", openblas_get_num_threads(), n,
         time_sgemm(n, n, n, reps, 0));
  /* the model's shapes: recurrent step, input projection (T=25), dWih */
  printf(" step_32x1024x256=%.1f proj_800x1024x300=%.1f dW_1024x300x800=%.1f\n",
         time_sgemm(32, 1024, 256, reps, 1), time_sgemm(800, 1024, 300, reps, 1),
         time_sgemm(1024, 300, 800, reps, 0));
  return 0;
}

/* ---- the recurrent GEMMs -------------------------------------------------- */

static int cmd_recurrent(int argc, char **argv) {
  int H = 256, reps = 5, inner = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--hidden")) H = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
  }
  if (H < 1 || reps < 1) jn_die("--hidden and --reps are positive");
  if (!panel_gemm_available()) {
    printf("recurrent: no AVX-512 here; the LSTM uses cblas_sgemm\n");
    return 0;
  }
  int G = 4 * H, rows[] = {1, 2, 3, 4, 5, 8, 9, 12, 13, 15, 16, 24, 32};
  float *Whh = jn_malloc(sizeof(float) * G * H), *A = jn_malloc(sizeof(float) * 32 * G);
  float *C = jn_calloc((size_t)32 * G, sizeof(float));
  float *fw = jn_malloc(sizeof(float) * panel_floats(H, G)), *bw = jn_malloc(sizeof(float) * panel_floats(G, H));
  for (int i = 0; i < G * H; i++) Whh[i] = (float)(i % 13) * 0.01f - 0.06f;
  for (int i = 0; i < 32 * G; i++) A[i] = (float)(i % 7) * 0.1f - 0.3f;
  double pack_fw, pack_bw;
  TIME_CALLS(pack_fw, reps, inner, panel_pack(fw, Whh, H, 1, H, G));
  TIME_CALLS(pack_bw, reps, inner, panel_pack(bw, Whh, H, 0, G, H));
  printf("recurrent hidden=%d: packing Whh once a pass: %.1f us (forward, Whh^T), %.1f us (backward)\n",
         H, pack_fw, pack_bw);
  printf("| rows | forward: cblas_sgemm us | panel_gemm us | GFLOP/s | backward: cblas_sgemm us | panel_gemm us | GFLOP/s |\n");
  printf("|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    int n = rows[i];
    double f_blas, f_panel, b_blas, b_panel, flops = 2.0 * n * G * H;
    TIME_CALLS(f_blas, reps, inner,
               cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, G, H, 1.0f, A, H, Whh, H, 1.0f, C, G));
    TIME_CALLS(f_panel, reps, inner, panel_gemm(n, G, H, A, H, fw, C, G, 1));
    TIME_CALLS(b_blas, reps, inner,
               cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, H, G, 1.0f, A, G, Whh, H, 0.0f, C, H));
    TIME_CALLS(b_panel, reps, inner, panel_gemm(n, H, G, A, G, bw, C, H, 0));
    printf("| %d | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f |\n", n, f_blas, f_panel, flops / f_panel / 1e3,
           b_blas, b_panel, flops / b_panel / 1e3);
  }
  free(Whh), free(A), free(C), free(fw), free(bw);
  return 0;
}

/* ---- training throughput ------------------------------------------------- */

typedef struct {
  const char *data, *gen, *model, *attention, *dump;
  int epochs, warmup, batch, seed, C;
} TrainArgs;

static void load(Data *d, const TrainArgs *a, Rng *r) {
  memset(d, 0, sizeof *d);
  if (a->data)
    load_conll(d, a->data, a->C, r);
  else {
    int n = 2000, len = 25;
    if (a->gen && sscanf(a->gen, "%d:%d", &n, &len) != 2) jn_die("--gen N:LEN");
    generate(d, n, len, a->C, r);
  }
}

static void data_free(Data *d) {
  free(d->start), free(d->ids), free(d->tags), free(d->labels), free(d->emb);
}

static int cmd_train(int argc, char **argv) {
  TrainArgs a = {NULL, NULL, "ner", "none", NULL, 3, 1, 32, 1, 10};
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--data")) a.data = v;
    else if (!strcmp(k, "--gen")) a.gen = v;
    else if (!strcmp(k, "--model")) a.model = v;
    else if (!strcmp(k, "--attention")) a.attention = v;
    else if (!strcmp(k, "--epochs")) a.epochs = atoi(v);
    else if (!strcmp(k, "--warmup")) a.warmup = atoi(v);
    else if (!strcmp(k, "--batch")) a.batch = atoi(v);
    else if (!strcmp(k, "--seed")) a.seed = atoi(v);
    else if (!strcmp(k, "--classes")) a.C = atoi(v);
    else if (!strcmp(k, "--threads")) openblas_set_num_threads(atoi(v));
    else if (!strcmp(k, "--dump-data")) a.dump = v;
    else jn_die("unknown option %s", k);
  }
  Rng r;
  rng_seed(&r, (uint64_t)a.seed);
  Data d;
  load(&d, &a, &r);
  if (a.dump) dump_data(&d, a.dump);
  ModelConfig cfg = paper_config(a.model, a.attention, &d);
  Model m;
  model_init(&m, &cfg, d.tag_start, d.tag_stop);
  size_t n = m.layout.total;
  float *params = jn_malloc(sizeof(float) * n), *grads = jn_malloc(sizeof(float) * n),
        *am = jn_calloc(n, sizeof(float)), *av = jn_calloc(n, sizeof(float));
  param_init(&cfg, &m.layout, params, &r, d.tag_start, d.tag_stop);
  Adam adam = {0.9, 0.999, 1e-8, 0};
  int *order = jn_malloc(sizeof(int) * d.n_sent);
  Rng *rngs = jn_malloc(sizeof(Rng) * a.batch); /* per-sentence dropout generators, as train.c */
  BatchBuffer bb = {0};
  double seconds = 0, flops = 0, real = 0, loss_sum = 0;
  long sentences = 0, steps = 0;
  for (int ep = 0; ep < a.warmup + a.epochs; ep++) {
    for (int i = 0; i < d.n_sent; i++) order[i] = i;
    rng_shuffle(&r, order, d.n_sent);
    double t0 = jn_now(), ep_flops = 0, ep_loss = 0, ep_real = 0;
    long ep_steps = 0;
    for (int first = 0; first < d.n_sent; first += a.batch) {
      int count = d.n_sent - first < a.batch ? d.n_sent - first : a.batch;
      batch_fill(&bb, &d.idx, order + first, count);
      for (int b = 0; b < count; b++) rng_seed_keyed(&rngs[b], (uint64_t)a.seed, (uint64_t)ep, (uint64_t)(first + b));
      memset(grads, 0, sizeof(float) * n);
      Loss l = model_loss(&m, params, grads, d.emb, &bb.batch, rngs);
      adam_step(&adam, params, grads, am, av, n, 1e-3, 1.0, 5.0);
      ep_flops += model_step_flops(&cfg, bb.batch.T, bb.batch.B, bb.batch.lengths);
      for (int b = 0; b < count; b++) /* the same without padding: the work needed */
        ep_real += model_step_flops(&cfg, bb.batch.lengths[b], 1, &bb.batch.lengths[b]);
      ep_loss += l.total;
      ep_steps++;
    }
    double dt = jn_now() - t0;
    if (ep >= a.warmup) {
      seconds += dt, flops += ep_flops, real += ep_real, sentences += d.n_sent, steps += ep_steps;
      loss_sum += ep_loss / ep_steps;
    }
  }
  printf("impl=c model=%s attention=%s threads=%d sentences=%d tokens=%d tags=%d classes=%d "
         "epochs=%d sent_per_s=%.1f step_ms=%.2f gflop_per_step=%.4f gflop_per_step_unpadded=%.4f "
         "gflops=%.2f gflops_unpadded=%.2f mean_loss=%.4f\n",
         a.model, a.attention, openblas_get_num_threads(), d.n_sent, d.n_tok, d.K, d.C, a.epochs,
         sentences / seconds, 1e3 * seconds / steps, flops / steps / 1e9, real / steps / 1e9,
         flops / seconds / 1e9, real / seconds / 1e9,
         loss_sum / a.epochs);
  free(params), free(grads), free(am), free(av), free(order), free(rngs);
  batch_free(&bb);
  model_free(&m);
  data_free(&d);
  return 0;
}

/* ---- reference dump ------------------------------------------------------ */

static int cmd_dump(int argc, char **argv) {
  const char *model = "joint", *attention = "none", *out = NULL;
  int dropout = 0, seed = 7;
  for (int i = 2; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--model")) model = v;
    else if (!strcmp(k, "--attention")) attention = v;
    else if (!strcmp(k, "--dropout")) dropout = atoi(v);
    else if (!strcmp(k, "--seed")) seed = atoi(v);
    else if (!strcmp(k, "--out")) out = v;
    else jn_die("unknown option %s", k);
  }
  if (!out) jn_die("dump: --out FILE");
  Rng r;
  rng_seed(&r, (uint64_t)seed);
  enum { T = 9, B = 5, V = 40, C = 4 };
  static const int lengths[B] = {9, 4, 1, 7, 9};
  Data d = {0};
  d.V = V;
  d.K = 2 + 4 * GEN_TYPES + 2, d.C = C, d.tag_start = d.K - 2, d.tag_stop = d.K - 1;
  random_embeddings(&d, &r);
  int ids[T * B], tags[T * B], labels[B];
  for (int i = 0; i < T * B; i++) ids[i] = (int)rng_below(&r, V), tags[i] = 1 + (int)rng_below(&r, d.K - 3);
  for (int b = 0; b < B; b++) labels[b] = (int)rng_below(&r, C);
  ModelConfig cfg = paper_config(model, attention, &d);
  if (!dropout)
    cfg.word_dropout = cfg.locked_dropout = cfg.attn_locked_dropout = cfg.attn_prob_dropout = 0;
  Model m;
  model_init(&m, &cfg, d.tag_start, d.tag_stop);
  size_t n = m.layout.total;
  float *params = jn_malloc(sizeof(float) * n), *grads = jn_calloc(n, sizeof(float));
  param_init(&cfg, &m.layout, params, &r, d.tag_start, d.tag_stop);
  Batch bt = {.T = T, .B = B, .ids = ids, .lengths = lengths, .tags = cfg.n_tags ? tags : NULL,
              .labels = cfg.n_classes ? labels : NULL};
  Rng rngs[B];
  for (int b = 0; b < B; b++) rng_seed_keyed(&rngs[b], (uint64_t)seed, 0, (uint64_t)b);
  Loss loss = model_loss(&m, params, grads, d.emb, &bt, rngs);
  FILE *f = fopen(out, "wb");
  if (!f) jn_die("%s: cannot write", out);
  fwrite("JNB1", 1, 4, f);
  int D = 2 * HIDDEN;
  put_scalar_i(f, "E", EMB_DIM);
  put_scalar_i(f, "H", HIDDEN);
  put_scalar_i(f, "K", cfg.n_tags);
  put_scalar_i(f, "C", cfg.n_classes);
  put_scalar_i(f, "attention", (int)cfg.attention);
  put_scalar_i(f, "heads", cfg.heads);
  put_scalar_i(f, "residual", cfg.residual);
  put_scalar_i(f, "tag_start", d.tag_start);
  put_scalar_i(f, "tag_stop", d.tag_stop);
  put_scalar_f(f, "lambda", cfg.lambda);
  put_scalar_i(f, "dropout", dropout);
  put_i(f, "ids", ids, T, B);
  put_i(f, "lengths", lengths, B, 0);
  put_i(f, "tags", tags, T, B);
  put_i(f, "labels", labels, B, 0);
  put_f(f, "emb", d.emb, V, EMB_DIM);
  /* the model runs the batch sorted by length: masks back to batch order */
  float word[T * B], embm[B * EMB_DIM], lstm[B * 2 * HIDDEN], att[B * 2 * HIDDEN];
  for (int i = 0; i < B; i++) {
    int b = m.perm[i];
    for (int t = 0; t < T; t++) word[t * B + b] = m.word_mask[t * B + i];
    memcpy(embm + b * EMB_DIM, m.emb_mask + i * EMB_DIM, sizeof(float) * EMB_DIM);
    memcpy(lstm + b * D, m.lstm_mask + i * D, sizeof(float) * D);
    memcpy(att + b * D, m.att_mask + i * D, sizeof(float) * D);
  }
  put_f(f, "mask.word", word, T, B);
  put_f(f, "mask.emb", embm, B, EMB_DIM);
  put_f(f, "mask.lstm", lstm, B, D);
  put_f(f, "mask.att", att, B, D);
  if (cfg.attention >= ATT_SELF_SCALED && dropout) {
    int dims[4] = {B, cfg.heads, T, T};
    size_t per = (size_t)cfg.heads * T * T;
    float *pm = jn_malloc(sizeof(float) * B * per);
    for (int i = 0; i < B; i++) memcpy(pm + m.perm[i] * per, m.attention.drop + i * per, sizeof(float) * per);
    put(f, "mask.prob", 'f', pm, 4, dims);
    free(pm);
  }
  put_scalar_f(f, "loss.total", loss.total);
  put_scalar_f(f, "loss.ner", loss.ner);
  put_scalar_f(f, "loss.sentence", loss.sentence);
  for (int p = 0; p < P_COUNT; p++) {
    if (!m.layout.size[p]) continue;
    char name[48];
    snprintf(name, sizeof name, "param.%s", param_name(p));
    put_f(f, name, params + m.layout.offset[p], m.layout.rows[p], m.layout.cols[p]);
    snprintf(name, sizeof name, "grad.%s", param_name(p));
    put_f(f, name, grads + m.layout.offset[p], m.layout.rows[p], m.layout.cols[p]);
  }
  fclose(f);
  printf("dumped %s: %s/%s dropout=%d loss %.6f (ner %.6f, sentence %.6f), %zu parameters\n", out,
         model, attention, dropout, loss.total, loss.ner, loss.sentence, n);
  free(params), free(grads), free(d.emb);
  model_free(&m);
  return 0;
}

int main(int argc, char **argv) {
  jn_flush_denormals(); /* as jointner does */
  if (argc >= 2 && !strcmp(argv[1], "kernels")) { /* what jointner would ask OpenBLAS for */
    const char *better = blas_kernels_better();
    if (better) printf("%s\n", better);
    return 0;
  }
  blas_kernels_warn();
  if (argc >= 2 && !strcmp(argv[1], "sgemm")) return cmd_sgemm(argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "recurrent")) return cmd_recurrent(argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "train")) return cmd_train(argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "dump")) return cmd_dump(argc, argv);
  fprintf(stderr, "usage: jointner-bench sgemm|recurrent|train|dump|kernels [options] (see bench/README.md)\n");
  return 2;
}
