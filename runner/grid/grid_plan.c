/* grid_plan.c: a grid config expanded into jobs, their run configs and
 * RESULTS/plan.json.
 *
 * Expansion, per language (in the grid's order):
 *   table1        each row x attention x seed 1..n (n: the cell's seed
 *                 count); the +10k/+50k rows use attention "none" only, as
 *                 in the paper
 *   table2        per seed: the full model (Joint + Pre-trained,
 *                 self-learned), "w/o residual" (model.residual false) and
 *                 "w/o locked dropout" (model.attention_dropout 0); the
 *                 ablations start from the same self-learned pre-training
 *                 (only W1 and the BiLSTM are taken from it)
 *   pre-training  one per attention variant and seed that a Joint +
 *                 Pre-trained or Table 2 run starts from (train.seed is the
 *                 run's seed, the schedule from the grid's "pretrain"
 *                 section), planned before the first run that needs it
 * Sentence labels (DESIGN.md 1.10): in a language whose label_classifier is
 * "pretraining", every Joint, Joint + Pre-trained and Table 2 run of seed s
 * has its unlabelled sentences labelled by the attention-none pre-training
 * of seed s (data.label_classifier), whatever its own attention, so that
 * the columns of a row differ only in their attention; it waits for it.
 * A run that two placements share (Table 2's full row is Table 1's Joint +
 * Pre-trained / self-learned cell) is one job; its "grid" object names the
 * first placement and lists the others under "also".
 *
 * Identity: config_hash of config_canonical(cfg, 1), computed here with
 * each data file hashed once per invocation (see grid_checksums.h): the
 * canonical form is made without the file paths and the paths and their
 * checksums are put back where config_canonical puts them (tests/
 * test_grid_plan.c checks the two agree). A pre-training record that a run
 * uses (model.pretrained, data.label_classifier) does not exist before the
 * pre-training has run, so its checksum in the identity is replaced by
 * "run:<pre-training id>"; the record that `jointner train` writes carries
 * the real checksum (and hence another config_hash than the job id). */
#include "runner/grid/grid_plan.h"
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/config.h"
#include "runner/grid/grid_checksums.h"
#include "runner/grid/grid_config.h"
#include "data/files.h"

/* A job before it has an id. */
typedef struct {
  JobKind kind;
  const GridLanguage *language;
  AttentionKind attention;
  GridRow row;          /* model type and augmentation (Table 1 row) */
  const char *table;    /* "table1", "table2", "pretrain" */
  const char *row_name; /* the grid's "row": a Table 1 or Table 2 row name */
  int residual;         /* 0 for "w/o residual" */
  int no_attention_dropout; /* 1 for "w/o locked dropout" */
  int seed;             /* train.seed (pre-training too) */
  int n_seeds;          /* the cell's seed count (1 for pre-training) */
  int pretraining;      /* job index of the pre-training it starts from, else -1 */
  int labelled_by;      /* job index of the pre-training labelling its sentences, else -1 */
} JobSpec;

typedef struct {
  const GridConfig *grid;
  GridChecksums checksums;
  Plan *plan;
  cJSON **configs; /* [n_jobs] the run configs; their "grid" is added last */
  cJSON **grids;   /* [n_jobs] the "grid" objects */
  int *pretrainings[64]; /* [language][attention * (max_seeds + 1) + seed]: job index or -1 */
} Builder;

/* ---- files ------------------------------------------------------------ */

/* RESULTS/<dir>/<id><extension> */
static char *job_path(const char *results, const char *dir, const char *id, const char *extension) {
  return jn_format("%s%s%s%s", results, dir, id, extension);
}




static double file_bytes(const char *path) {
  struct stat st;
  return path && stat(path, &st) == 0 ? (double)st.st_size : 0;
}

/* ---- run configs -------------------------------------------------------- */

static const char *model_type_of(const JobSpec *s) {
  if (s->kind == JOB_PRETRAIN) return "pretrain";
  switch (s->row) {
    case ROW_JOINT: return "joint";
    case ROW_JOINT_PRETRAINED: return "joint-pretrained";
    default: return "ner";
  }
}

static void set_item(cJSON *obj, const char *key, cJSON *value) {
  if (cJSON_GetObjectItemCaseSensitive(obj, key))
    cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
  else
    cJSON_AddItemToObject(obj, key, value);
}

/* The run config of s (without "grid"); record is its "output". */
static cJSON *run_config(const Builder *b, const JobSpec *s, const char *record) {
  const GridLanguage *l = s->language;
  cJSON *root = cJSON_CreateObject();
  cJSON *data = cJSON_AddObjectToObject(root, "data");
  if (s->kind == JOB_PRETRAIN) {
    cJSON_AddStringToObject(data, "train", l->pretrain_train);
    cJSON_AddStringToObject(data, "dev", l->pretrain_dev);
  } else {
    cJSON_AddStringToObject(data, "train", l->train);
    cJSON_AddStringToObject(data, "dev", l->dev);
    cJSON_AddStringToObject(data, "test", l->test);
  }
  cJSON_AddStringToObject(data, "vectors", l->vectors);
  if (s->row == ROW_NER_10K) cJSON_AddStringToObject(data, "augment", l->augment_10k);
  if (s->row == ROW_NER_50K) cJSON_AddStringToObject(data, "augment", l->augment_50k);
  if (s->labelled_by >= 0)
    cJSON_AddStringToObject(data, "label_classifier", b->plan->jobs[s->labelled_by].record_path);
  else if (s->kind == JOB_TRAIN && (s->row == ROW_JOINT || s->row == ROW_JOINT_PRETRAINED) &&
           l->label_classifier)
    cJSON_AddStringToObject(data, "label_classifier", l->label_classifier);
  cJSON_AddStringToObject(data, "language", l->name);
  if (s->kind == JOB_TRAIN)
    for (const cJSON *it = l->format->child; it; it = it->next)
      cJSON_AddItemToObject(data, it->string, cJSON_Duplicate(it, 1));
  cJSON *model = cJSON_Duplicate(b->grid->model, 1);
  cJSON_AddItemToObject(root, "model", model);
  cJSON_AddStringToObject(model, "type", model_type_of(s));
  cJSON_AddStringToObject(model, "attention", attention_name(s->attention));
  if (!s->residual) set_item(model, "residual", cJSON_CreateFalse());
  if (s->no_attention_dropout) set_item(model, "attention_dropout", cJSON_CreateNumber(0));
  if (s->pretraining >= 0)
    cJSON_AddStringToObject(model, "pretrained", b->plan->jobs[s->pretraining].record_path);
  cJSON *train = cJSON_Duplicate(s->kind == JOB_PRETRAIN ? b->grid->pretrain : b->grid->train, 1);
  cJSON_AddItemToObject(root, "train", train);
  if (s->seed) set_item(train, "seed", cJSON_CreateNumber(s->seed));
  cJSON_AddStringToObject(root, "output", record);
  return root;
}

/* ---- identity ----------------------------------------------------------- */

/* The data files in the order config_canonical writes them under "data"
 * (and their checksums under "checksums"). */
static const char *const DATA_FILE_KEYS[] = {"train",   "dev",     "test",
                                             "vectors", "augment", "label_classifier"};
enum { N_DATA_FILES = 6 };

/* "run:<id>": a planned record in an identity, in place of its checksum. */
static cJSON *planned_record(const Job *job) {
  char name[32];
  snprintf(name, sizeof name, "run:%s", job->id);
  return cJSON_CreateString(name);
}

/* config_canonical(cfg, 1) with the checksums from the cache. Records of
 * planned pre-trainings (s->pretraining, s->labelled_by; cfg was parsed
 * without them, as "joint") are named by their ids. Takes over cfg. */
static char *canonical_identity(Builder *b, Config *cfg, const JobSpec *s) {
  char **slots[N_DATA_FILES] = {&cfg->train,   &cfg->dev,     &cfg->test,
                                &cfg->vectors, &cfg->augment, &cfg->label_classifier};
  char *files[N_DATA_FILES];
  for (int i = 0; i < N_DATA_FILES; i++) {
    files[i] = *slots[i];
    *slots[i] = NULL;
  }
  char *stripped = config_canonical(cfg, 1);
  for (int i = 0; i < N_DATA_FILES; i++) *slots[i] = files[i];
  cJSON *root = cJSON_Parse(stripped);
  free(stripped);
  cJSON *old_data = cJSON_GetObjectItemCaseSensitive(root, "data");
  cJSON *data = cJSON_CreateObject(), *sums = cJSON_CreateObject();
  for (int i = 0; i < N_DATA_FILES; i++) {
    if (i == N_DATA_FILES - 1 && s->labelled_by >= 0) { /* label_classifier */
      const Job *labeller = &b->plan->jobs[s->labelled_by];
      cJSON_AddStringToObject(data, DATA_FILE_KEYS[i], labeller->record_path);
      cJSON_AddItemToObject(sums, DATA_FILE_KEYS[i], planned_record(labeller));
    }
    if (!files[i]) continue;
    cJSON_AddStringToObject(data, DATA_FILE_KEYS[i], files[i]);
    cJSON_AddStringToObject(sums, DATA_FILE_KEYS[i], grid_checksum(&b->checksums, files[i]));
  }
  for (const cJSON *it = old_data->child; it; it = it->next)
    cJSON_AddItemToObject(data, it->string, cJSON_Duplicate(it, 1));
  cJSON_ReplaceItemInObjectCaseSensitive(root, "data", data);
  if (s->pretraining >= 0) {
    const Job *p = &b->plan->jobs[s->pretraining];
    cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    cJSON_ReplaceItemInObjectCaseSensitive(model, "type", cJSON_CreateString("joint-pretrained"));
    cJSON_AddStringToObject(model, "pretrained", p->record_path);
    cJSON_AddItemToObject(sums, "pretrained", planned_record(p));
  }
  cJSON_ReplaceItemInObjectCaseSensitive(root, "checksums", sums);
  char *canonical = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  config_free(cfg);
  return canonical;
}

/* Relative expected run time: bytes of training data x epochs x a factor
 * for the attention variant and the heads. Only the order matters. */
static double job_cost(const Config *c) {
  static const double attention_factor[N_ATTENTION] = {1.0, 1.1, 1.5, 1.5, 1.5};
  double model_factor = c->type == MODEL_PRETRAIN ? 0.8 : c->type == MODEL_NER ? 1.0 : 1.05;
  return (file_bytes(c->train) + file_bytes(c->augment)) * c->max_epochs *
         attention_factor[c->model.attention] * model_factor;
}

/* Parses the run config (the grid file and the run named on errors), and
 * fills the id, the cost and the identity (malloc'd) it hashes. */
static void identify(Builder *b, const JobSpec *s, const cJSON *config, char id[17], double *cost,
                     char **identity) {
  cJSON *copy = cJSON_Duplicate(config, 1); /* without planned records: they may not exist */
  if (s->pretraining >= 0) {
    cJSON *model = cJSON_GetObjectItemCaseSensitive(copy, "model");
    cJSON_ReplaceItemInObjectCaseSensitive(model, "type", cJSON_CreateString("joint"));
    cJSON_DeleteItemFromObjectCaseSensitive(model, "pretrained");
  }
  if (s->labelled_by >= 0)
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(copy, "data"),
                                            "label_classifier");
  char *text = cJSON_PrintUnformatted(copy);
  cJSON_Delete(copy);
  char source[512];
  int n = snprintf(source, sizeof source, "%s, run %s / %s / %s / %s", b->grid->path, s->table,
                   s->row_name, s->language->name, attention_name(s->attention));
  if (s->seed && n > 0 && n < (int)sizeof source)
    snprintf(source + n, sizeof source - (size_t)n, " / seed %d", s->seed);
  Config cfg;
  config_parse(&cfg, text, source, "");
  free(text);
  *cost = job_cost(&cfg);
  *identity = canonical_identity(b, &cfg, s);
  config_hash(*identity, id);
}

/* ---- expansion ------------------------------------------------------------ */

static cJSON *grid_object(const JobSpec *s, int n_seeds, int seed) {
  cJSON *g = cJSON_CreateObject();
  cJSON_AddStringToObject(g, "table", s->table);
  cJSON_AddStringToObject(g, "row", s->row_name);
  cJSON_AddStringToObject(g, "language", s->language->name);
  cJSON_AddStringToObject(g, "attention", attention_name(s->attention));
  cJSON_AddNumberToObject(g, "seed", seed);
  cJSON_AddNumberToObject(g, "n_seeds", n_seeds);
  return g;
}

static int find_job(const Plan *plan, const char *id) {
  for (int j = 0; j < plan->n_jobs; j++)
    if (!strcmp(plan->jobs[j].id, id)) return j;
  return -1;
}

/* Adds the job of s, or another placement to the job with the same id;
 * returns its index. */
static int add_job(Builder *b, const JobSpec *s) {
  Plan *plan = b->plan;
  const char *results = plan->results_dir;
  char *placeholder = jn_format("%s/runs/unknown.h5", results); /* "output" is not identity */
  cJSON *config = run_config(b, s, placeholder);
  free(placeholder);
  char id[17], *identity;
  double cost;
  identify(b, s, config, id, &cost, &identity);
  int j = find_job(plan, id);
  if (j >= 0) {
    free(identity);
    cJSON_Delete(config);
    cJSON *also = cJSON_GetObjectItemCaseSensitive(b->grids[j], "also");
    if (!also) also = cJSON_AddArrayToObject(b->grids[j], "also");
    cJSON *placement = cJSON_CreateObject();
    cJSON_AddStringToObject(placement, "table", s->table);
    cJSON_AddStringToObject(placement, "row", s->row_name);
    cJSON_AddItemToArray(also, placement);
    return j;
  }
  j = plan->n_jobs++;
  plan->jobs = jn_realloc(plan->jobs, sizeof *plan->jobs * (size_t)plan->n_jobs);
  b->configs = jn_realloc(b->configs, sizeof *b->configs * (size_t)plan->n_jobs);
  b->grids = jn_realloc(b->grids, sizeof *b->grids * (size_t)plan->n_jobs);
  Job *job = &plan->jobs[j];
  memset(job, 0, sizeof *job);
  memcpy(job->id, id, sizeof job->id);
  job->identity = identity;
  job->kind = s->kind;
  job->config_path = job_path(results, "/jobs/", id, ".json");
  job->record_path = job_path(results, "/runs/", id, ".h5");
  job->log_path = job_path(results, "/logs/", id, ".log");
  job->language = jn_strdup(s->language->name);
  job->table = jn_strdup(s->table);
  job->row = jn_strdup(s->row_name);
  job->attention = jn_strdup(attention_name(s->attention));
  job->cost = cost;
  if (s->pretraining >= 0) job->deps[job->n_deps++] = s->pretraining;
  if (s->labelled_by >= 0 && s->labelled_by != s->pretraining) job->deps[job->n_deps++] = s->labelled_by;
  cJSON_ReplaceItemInObjectCaseSensitive(config, "output", cJSON_CreateString(job->record_path));
  b->configs[j] = config;
  const cJSON *seed = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(config, "train"), "seed");
  job->seed = seed ? (int)seed->valuedouble : 1; /* 1: train.seed's default */
  b->grids[j] = grid_object(s, s->n_seeds, job->seed);
  return j;
}

/* The job of language k's pre-training with attention a and seed `seed`,
 * planned when first asked for. */
static int pretraining_job(Builder *b, int k, AttentionKind a, int seed) {
  int *slot = &b->pretrainings[k][(int)a * (b->grid->max_seeds + 1) + seed];
  if (*slot < 0) {
    JobSpec s = {.kind = JOB_PRETRAIN, .language = &b->grid->languages[k], .attention = a,
                 .row = ROW_JOINT_PRETRAINED, .table = "pretrain", .row_name = "pretrain",
                 .residual = 1, .seed = seed, .n_seeds = 1, .pretraining = -1, .labelled_by = -1};
    *slot = add_job(b, &s);
  }
  return *slot;
}

/* The pre-training that labels the sentences of language k's joint runs of
 * seed `seed` (the attention-none one of that seed), or -1: the data has
 * labels, or the language names its own label_classifier record. */
static int labeller_job(Builder *b, int k, int seed) {
  return b->grid->languages[k].labels_from_pretraining ? pretraining_job(b, k, ATT_NONE, seed) : -1;
}

static void add_table1(Builder *b, int k) {
  const GridConfig *g = b->grid;
  for (int r = 0; r < N_GRID_ROWS; r++) {
    if (!g->has_row[r]) continue;
    for (int a = 0; a < N_ATTENTION; a++) {
      if (!table1_has_line((GridRow)r, (AttentionKind)a)) continue;
      if (r != ROW_NER_10K && r != ROW_NER_50K && !g->has_attention[a]) continue;
      int joint = r == ROW_JOINT || r == ROW_JOINT_PRETRAINED;
      for (int seed = 1; seed <= g->seeds[r][a]; seed++) {
        JobSpec s = {.kind = JOB_TRAIN, .language = &g->languages[k],
                     .attention = (AttentionKind)a, .row = (GridRow)r, .table = "table1",
                     .row_name = GRID_ROW_NAMES[r], .residual = 1, .seed = seed,
                     .n_seeds = g->seeds[r][a],
                     .pretraining = r == ROW_JOINT_PRETRAINED ? pretraining_job(b, k, a, seed) : -1,
                     .labelled_by = joint ? labeller_job(b, k, seed) : -1};
        add_job(b, &s);
      }
    }
  }
}

static void add_table2(Builder *b, int k) {
  const GridConfig *g = b->grid;
  for (int line = 0; line < N_TABLE2_ROWS; line++)
    for (int seed = 1; seed <= g->table2_seeds; seed++) {
      JobSpec s = {.kind = JOB_TRAIN, .language = &g->languages[k], .attention = TABLE2_ATTENTION,
                   .row = ROW_JOINT_PRETRAINED, .table = "table2", .row_name = TABLE2_ROW_NAMES[line],
                   .residual = line != TABLE2_NO_RESIDUAL,
                   .no_attention_dropout = line == TABLE2_NO_LOCKED_DROPOUT, .seed = seed,
                   .n_seeds = g->table2_seeds,
                   .pretraining = pretraining_job(b, k, TABLE2_ATTENTION, seed),
                   .labelled_by = labeller_job(b, k, seed)};
      add_job(b, &s);
    }
}

/* ---- plan.json ------------------------------------------------------------ */

static cJSON *plan_json(const Plan *plan, const char *grid_path) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "grid_hash", plan->grid_hash);
  cJSON_AddStringToObject(root, "grid_config", grid_path);
  cJSON_AddStringToObject(root, "results", plan->results_dir);
  cJSON *jobs = cJSON_AddArrayToObject(root, "jobs");
  for (int j = 0; j < plan->n_jobs; j++) {
    const Job *job = &plan->jobs[j];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", job->id);
    cJSON_AddStringToObject(o, "kind", job->kind == JOB_PRETRAIN ? "pretrain" : "train");
    cJSON_AddStringToObject(o, "config", job->config_path);
    cJSON_AddStringToObject(o, "record", job->record_path);
    cJSON_AddStringToObject(o, "log", job->log_path);
    cJSON_AddStringToObject(o, "language", job->language);
    cJSON_AddStringToObject(o, "table", job->table);
    cJSON_AddStringToObject(o, "row", job->row);
    cJSON_AddStringToObject(o, "attention", job->attention);
    cJSON_AddNumberToObject(o, "seed", job->seed);
    cJSON *deps = cJSON_AddArrayToObject(o, "deps");
    for (int d = 0; d < job->n_deps; d++)
      cJSON_AddItemToArray(deps, cJSON_CreateString(plan->jobs[job->deps[d]].id));
    cJSON_AddNumberToObject(o, "cost", job->cost);
    cJSON_AddItemToArray(jobs, o);
  }
  return root;
}

/* Dies (unless allowed) when RESULTS/plan.json is of another grid. */
static void check_same_grid(const Plan *plan, const char *plan_path, int allow_other_grid) {
  char *text = read_file_or_null(plan_path);
  if (!text) return;
  cJSON *old = cJSON_Parse(text);
  free(text);
  const char *old_hash = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(old, "grid_hash"));
  const char *old_grid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(old, "grid_config"));
  if (!old_hash || strcmp(old_hash, plan->grid_hash)) {
    if (!allow_other_grid)
      jn_die("%s holds the plan of another grid (planned by %s, grid hash %s; this grid's is "
             "%s). Use another \"results\" folder, or pass --force-other-grid to run this grid "
             "there (the other grid's records stay in runs/ and `jointner tables` reads them too)",
             plan->results_dir, old_grid ? old_grid : "?", old_hash ? old_hash : "unreadable",
             plan->grid_hash);
    fprintf(stderr, "jointner: warning: %s held the plan of another grid (%s); replacing it\n",
            plan->results_dir, old_grid ? old_grid : "?");
  }
  cJSON_Delete(old);
}

void grid_plan_build(Plan *plan, const char *grid_config_path, int allow_other_grid) {
  memset(plan, 0, sizeof *plan);
  GridConfig grid;
  grid_config_load(&grid, grid_config_path);
  if (grid.n_languages > 64) jn_die("%s: more than 64 languages", grid_config_path);
  make_directories(grid.results_dir);
  plan->results_dir = realpath(grid.results_dir, NULL);
  if (!plan->results_dir) jn_die("cannot resolve %s: %s", grid.results_dir, strerror(errno));
  Builder b = {.grid = &grid, .plan = plan};
  char *canonical = grid_config_canonical(&grid, &b.checksums), hash[17];
  config_hash(canonical, hash);
  free(canonical);
  plan->grid_hash = jn_strdup(hash);
  char *plan_path = jn_format("%s/plan.json", plan->results_dir);
  check_same_grid(plan, plan_path, allow_other_grid);
  size_t slots = (size_t)N_ATTENTION * (size_t)(grid.max_seeds + 1);
  for (int k = 0; k < grid.n_languages; k++) {
    b.pretrainings[k] = jn_malloc(sizeof(int) * slots);
    for (size_t i = 0; i < slots; i++) b.pretrainings[k][i] = -1;
  }
  for (int k = 0; k < grid.n_languages; k++) {
    add_table1(&b, k);
    if (grid.table2) add_table2(&b, k);
  }
  static const char *const subdirs[] = {"/jobs", "/runs", "/logs"};
  for (int i = 0; i < 3; i++) {
    char *dir = jn_format("%s%s", plan->results_dir, subdirs[i]);
    make_directories(dir);
    free(dir);
  }
  for (int j = 0; j < plan->n_jobs; j++) {
    cJSON_AddItemToObject(b.configs[j], "grid", b.grids[j]);
    char *text = cJSON_Print(b.configs[j]);
    write_file_atomically(plan->jobs[j].config_path, text);
    free(text);
    cJSON_Delete(b.configs[j]);
  }
  char *grid_path = realpath(grid.path, NULL);
  cJSON *json = plan_json(plan, grid_path ? grid_path : grid.path);
  free(grid_path);
  char *text = cJSON_Print(json);
  write_file_atomically(plan_path, text);
  free(text);
  cJSON_Delete(json);
  free(plan_path);
  free(b.configs);
  free(b.grids);
  for (int k = 0; k < grid.n_languages; k++) free(b.pretrainings[k]);
  grid_checksums_free(&b.checksums);
  grid_config_free(&grid);
}

void grid_plan_free(Plan *plan) {
  for (int j = 0; j < plan->n_jobs; j++) {
    Job *job = &plan->jobs[j];
    char *strings[] = {job->config_path, job->record_path, job->log_path, job->language,
                       job->table,       job->row,         job->attention,  job->identity};
    for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) free(strings[i]);
  }
  free(plan->jobs);
  free(plan->results_dir);
  free(plan->grid_hash);
  memset(plan, 0, sizeof *plan);
}

/* text with every occurrence of from replaced by to (malloc'd). */
static char *replace_all(const char *text, const char *from, const char *to) {
  size_t nf = strlen(from), nt = strlen(to), n = 0;
  for (const char *p = strstr(text, from); p; p = strstr(p + nf, from)) n++;
  char *out = jn_malloc(strlen(text) + n * nt + 1), *o = out;
  for (const char *p = text, *q; ; p = q + nf) {
    q = strstr(p, from);
    size_t len = q ? (size_t)(q - p) : strlen(p);
    memcpy(o, p, len);
    o += len;
    if (!q) break;
    memcpy(o, to, nt);
    o += nt;
  }
  *o = '\0';
  return out;
}

/* An absolute folder without its trailing slashes, as it appears inside a
 * JSON string: '"' and the folder (malloc'd). */
static char *json_folder(const char *prefix, const char *option_side) {
  if (prefix[0] != '/') jn_die("--moved: %s folder '%s' is not absolute", option_side, prefix);
  for (const char *p = prefix; *p; p++)
    if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
      jn_die("--moved: %s folder '%s' has a character JSON escapes", option_side, prefix);
  size_t n = strlen(prefix);
  while (n > 1 && prefix[n - 1] == '/') n--;
  return jn_format("\"%.*s/", (int)n, prefix);
}

char (*grid_plan_moved_ids(const Plan *plan, const char *moved))[17] {
  const char *eq = strstr(moved, "=/"); /* NEW is absolute; OLD may hold a '=' */
  if (!eq || eq == moved) jn_die("--moved '%s': not OLD=NEW, two absolute folders", moved);
  char *old_prefix = jn_format("%.*s", (int)(eq - moved), moved);
  char *real = realpath(eq + 1, NULL); /* identities hold resolved paths */
  char *from = json_folder(real ? real : eq + 1, "the new"), *to = json_folder(old_prefix, "the old");
  free(real);
  free(old_prefix);
  char (*ids)[17] = jn_malloc(sizeof *ids * (size_t)(plan->n_jobs + 1));
  for (int j = 0; j < plan->n_jobs; j++) { /* a job's pre-trainings come before it */
    const Job *job = &plan->jobs[j];
    char *text = replace_all(job->identity, from, to);
    for (int d = 0; d < job->n_deps; d++) {
      char *named = replace_all(text, plan->jobs[job->deps[d]].id, ids[job->deps[d]]);
      free(text);
      text = named;
    }
    config_hash(text, ids[j]);
    free(text);
  }
  free(from);
  free(to);
  return ids;
}
