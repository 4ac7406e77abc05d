/* config.c: JSON configuration: strict parsing, defaults, canonical form. */
#include "runner/config.h"
#include <cJSON.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "data/checksum_memo.h"
#include "data/language_code.h"
#include "data/sha256.h"
#include "model/base.h"
#include "data/files.h"
#include "runner/cli.h"

static const char *const model_type_names[] = {"ner", "joint", "joint-pretrained", "pretrain"};

const char *model_type_name(ModelType t) { return model_type_names[t]; }

typedef struct {
  const char *source, *dir;
} Ctx;

/* Dies if obj has a key outside allowed (NULL-terminated). */
static void check_keys(const Ctx *src, const cJSON *obj, const char *section, const char *const *allowed) {
  if (!cJSON_IsObject(obj)) jn_die("%s: \"%s\" must be an object", src->source, section);
  for (const cJSON *it = obj->child; it; it = it->next) {
    int ok = 0;
    for (const char *const *a = allowed; *a; a++) ok |= !strcmp(*a, it->string);
    if (!ok) jn_die("%s: unknown key \"%s\" in \"%s\"", src->source, it->string, section);
  }
}

static const cJSON *member(const cJSON *obj, const char *key) {
  return obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static double get_number(const Ctx *src, const cJSON *obj, const char *section, const char *key,
                         double dflt, double lo, double hi) {
  const cJSON *v = member(obj, key);
  if (!v) return dflt;
  if (!cJSON_IsNumber(v)) jn_die("%s: \"%s.%s\" must be a number", src->source, section, key);
  if (!(v->valuedouble >= lo && v->valuedouble <= hi))
    jn_die("%s: \"%s.%s\" = %g is out of range [%g, %g]", src->source, section, key, v->valuedouble,
           lo, hi);
  return v->valuedouble;
}

static int get_int(const Ctx *src, const cJSON *obj, const char *section, const char *key, int dflt,
                   int lo, int hi) {
  double d = get_number(src, obj, section, key, dflt, lo, hi);
  if (d != (int)d) jn_die("%s: \"%s.%s\" must be a whole number", src->source, section, key);
  return (int)d;
}

static int get_bool(const Ctx *src, const cJSON *obj, const char *section, const char *key, int dflt) {
  const cJSON *v = member(obj, key);
  if (!v) return dflt;
  if (!cJSON_IsBool(v)) jn_die("%s: \"%s.%s\" must be true or false", src->source, section, key);
  return cJSON_IsTrue(v);
}

/* A string value (malloc'd), or a copy of dflt (NULL allowed). */
static char *get_string(const Ctx *src, const cJSON *obj, const char *section, const char *key,
                        const char *dflt) {
  const cJSON *v = member(obj, key);
  if (!v) return dflt ? jn_strdup(dflt) : NULL;
  if (!cJSON_IsString(v) || !*v->valuestring)
    jn_die("%s: \"%s.%s\" must be a non-empty string", src->source, section, key);
  return jn_strdup(v->valuestring);
}

/* The path p (as written under section.key) relative to the config's
 * folder; an input must be a regular file and is made absolute. */
static char *resolve_path(const Ctx *src, const char *section, const char *key, const char *p, int input) {
  char *full = path_in_dir(src->dir, p);
  if (!input) return full;
  char *abs = realpath(full, NULL);
  if (!abs) jn_die("%s: \"%s.%s\": cannot open %s", src->source, section, key, full);
  struct stat st;
  if (stat(abs, &st) != 0 || !S_ISREG(st.st_mode)) /* a folder; /dev/urandom would never end */
    jn_die("%s: \"%s.%s\": %s is not a regular file", src->source, section, key, full);
  free(full);
  return abs;
}

static char *get_path(const Ctx *src, const cJSON *obj, const char *section, const char *key,
                      int input) {
  char *p = get_string(src, obj, section, key, NULL);
  if (!p) return NULL;
  char *path = resolve_path(src, section, key, p, input);
  free(p);
  return path;
}

/* "data.train": one file, or for pre-training a list of them (the corpus
 * in shards, each plain or gzip); c->train is the first. */
static void get_train_files(Config *c, const Ctx *src, const cJSON *d, int needs_ner) {
  const cJSON *v = member(d, "train");
  if (!cJSON_IsArray(v)) {
    c->train = get_path(src, d, "data", "train", 1);
    if (!c->train) return;
    c->n_train_files = 1;
    c->train_files = jn_malloc(sizeof(char *));
    c->train_files[0] = jn_strdup(c->train);
    return;
  }
  if (needs_ner)
    jn_die("%s: \"data.train\" may be a list of files only for pre-training (model.type \"pretrain\")",
           src->source);
  int n = cJSON_GetArraySize(v);
  if (n == 0) jn_die("%s: \"data.train\" is an empty list", src->source);
  c->train_files = jn_calloc((size_t)n, sizeof(char *));
  for (int i = 0; i < n; i++) {
    const cJSON *item = cJSON_GetArrayItem(v, i);
    if (!cJSON_IsString(item) || !*item->valuestring)
      jn_die("%s: \"data.train\" item %d must be a non-empty string (a file's path)", src->source, i + 1);
    c->train_files[i] = resolve_path(src, "data", "train", item->valuestring, 1);
    c->n_train_files = i + 1;
    for (int j = 0; j < i; j++)
      if (!strcmp(c->train_files[j], c->train_files[i]))
        jn_die("%s: \"data.train\" lists %s twice (items %d and %d)", src->source, c->train_files[i],
               j + 1, i + 1);
  }
  c->train = jn_strdup(c->train_files[0]);
}

static int get_choice(const Ctx *src, const cJSON *obj, const char *section, const char *key,
                      const char *const *names, int n, int dflt) {
  char *s = get_string(src, obj, section, key, NULL);
  if (!s) return dflt;
  for (int i = 0; i < n; i++)
    if (!strcmp(s, names[i])) {
      free(s);
      return i;
    }
  jn_die("%s: \"%s.%s\" = \"%s\" is not one of the allowed values (e.g. \"%s\")", src->source, section,
         key, s, names[0]);
}

static void parse_data(Config *c, const Ctx *src, const cJSON *d, int needs_ner) {
  static const char *const keys[] = {"train", "dev", "test", "vectors", "augment",
                                     "label_classifier", "language",
                                     "token_column", "tag_column", "separator", "tag_scheme", NULL};
  if (!d) jn_die("%s: missing the \"data\" section", src->source);
  check_keys(src, d, "data", keys);
  get_train_files(c, src, d, needs_ner);
  c->dev = get_path(src, d, "data", "dev", 1);
  c->test = get_path(src, d, "data", "test", 1);
  c->vectors = get_path(src, d, "data", "vectors", 1);
  c->augment = get_path(src, d, "data", "augment", 1);
  c->label_classifier = get_path(src, d, "data", "label_classifier", 1);
  c->language = get_string(src, d, "data", "language", "xx");
  if (!language_code_known(c->language))
    jn_die("%s: \"data.language\" = \"%s\" is not an ISO 639 language code (e.g. \"id\", \"th\", "
           "\"vi\"; \"xx\" leaves it unnamed)", src->source, c->language);
  const char *required[] = {"train", "dev", "vectors"};
  char *values[] = {c->train, c->dev, c->vectors};
  for (int i = 0; i < 3; i++)
    if (!values[i]) jn_die("%s: \"data.%s\" is required", src->source, required[i]);
  if (needs_ner && !c->test) jn_die("%s: \"data.test\" is required", src->source);
  c->columns.token_column = get_int(src, d, "data", "token_column", 0, 0, 63);
  c->columns.tag_column = get_int(src, d, "data", "tag_column", 1, 0, 63);
  if (c->columns.token_column == c->columns.tag_column)
    jn_die("%s: \"data.token_column\" and \"data.tag_column\" are the same column", src->source);
  static const char *const seps[] = {"tab", "whitespace"};
  c->columns.whitespace_separated = get_choice(src, d, "data", "separator", seps, 2, 0);
  static const char *const schemes[] = {"auto", "bio", "iobes"};
  strcpy(c->scheme, schemes[get_choice(src, d, "data", "tag_scheme", schemes, 3, 0)]);
  c->columns.scheme = c->scheme;
}

static void parse_model(Config *c, const Ctx *src, const cJSON *m) {
  static const char *const keys[] = {"type", "attention", "residual", "attention_dropout",
                                     "hidden", "heads", "soft_dim", "word_dropout",
                                     "locked_dropout", "attention_prob_dropout", "lambda",
                                     "init_range", "pretrained", NULL};
  if (m) check_keys(src, m, "model", keys);
  c->type = (ModelType)get_choice(src, m, "model", "type", model_type_names, 4, MODEL_JOINT);
  static const char *const atts[] = {"none", "soft", "self-scaled", "self-unscaled", "self-learned"};
  ModelConfig *mc = &c->model;
  mc->attention = (AttentionKind)get_choice(src, m, "model", "attention", atts, 5, ATT_NONE);
  mc->residual = get_bool(src, m, "model", "residual", 1);
  mc->attn_locked_dropout = (float)get_number(src, m, "model", "attention_dropout", 0.5, 0, 0.99);
  mc->hidden = get_int(src, m, "model", "hidden", 256, 1, 8192);
  mc->heads = get_int(src, m, "model", "heads", 8, 1, 256);
  mc->soft_dim = get_int(src, m, "model", "soft_dim", 2 * mc->hidden, 1, 16384);
  mc->word_dropout = (float)get_number(src, m, "model", "word_dropout", 0.05, 0, 0.99);
  mc->locked_dropout = (float)get_number(src, m, "model", "locked_dropout", 0.5, 0, 0.99);
  mc->attn_prob_dropout = (float)get_number(src, m, "model", "attention_prob_dropout", 0.1, 0, 0.99);
  mc->lambda = (float)get_number(src, m, "model", "lambda", 1.0, 0, 1e6);
  mc->init_range = (float)get_number(src, m, "model", "init_range", 0.1, 0, 10);
  if ((2 * mc->hidden) % mc->heads)
    jn_die("%s: \"model.heads\" = %d does not divide 2 * hidden = %d", src->source, mc->heads,
           2 * mc->hidden);
  c->pretrained = get_path(src, m, "model", "pretrained", 1);
  if (c->type == MODEL_JOINT_PRETRAINED && !c->pretrained)
    jn_die("%s: model type \"joint-pretrained\" needs \"model.pretrained\" (a pre-training run record)",
           src->source);
  if (c->type != MODEL_JOINT_PRETRAINED && c->pretrained)
    jn_die("%s: \"model.pretrained\" is only for model type \"joint-pretrained\"", src->source);
}

static void parse_train(Config *c, const Ctx *src, const cJSON *t) {
  static const char *const keys[] = {"seed", "lr", "min_lr", "clip", "anneal_factor", "patience",
                                     "batch_size", "max_epochs", "beta1", "beta2", "eps",
                                     "threads", "checkpoint_steps", "data_parallel", "accumulate",
                                     "lr_scaling", "warmup", "ranks", NULL};
  if (t) check_keys(src, t, "train", keys);
  double seed = get_number(src, t, "train", "seed", 1, 0, 4294967295.0);
  if (seed != (double)(unsigned long)seed)
    jn_die("%s: \"train.seed\" must be a whole number", src->source);
  c->seed = (unsigned long)seed;
  c->lr = get_number(src, t, "train", "lr", 1e-3, 1e-12, 10);
  c->min_lr = get_number(src, t, "train", "min_lr", 1e-5, 0, 10);
  c->clip = get_number(src, t, "train", "clip", 5.0, 0, 1e9);
  c->anneal_factor = get_number(src, t, "train", "anneal_factor", 0.5, 1e-6, 1);
  c->patience = get_int(src, t, "train", "patience", 3, 0, 1000);
  c->batch_size = get_int(src, t, "train", "batch_size", 32, 1, 1 << 20);
  c->max_epochs = get_int(src, t, "train", "max_epochs", c->type == MODEL_PRETRAIN ? 2 : 100, 1, 100000);
  c->beta1 = get_number(src, t, "train", "beta1", 0.9, 0, 0.999999);
  c->beta2 = get_number(src, t, "train", "beta2", 0.999, 0, 0.999999);
  c->adam_eps = get_number(src, t, "train", "eps", 1e-8, 0, 1);
  c->threads = get_int(src, t, "train", "threads", 0, 0, 1024);
  c->checkpoint_steps = get_int(src, t, "train", "checkpoint_steps", 0, 0, 1 << 30);
  static const char *const modes[] = {"exact", "scaling"};
  c->data_parallel = (DataParallel)get_choice(src, t, "train", "data_parallel", modes, 2, PARALLEL_EXACT);
  if (c->data_parallel == PARALLEL_SCALING && c->type != MODEL_PRETRAIN)
    jn_die("%s: \"train.data_parallel\" is for pre-training (model.type \"pretrain\")", src->source);
  if (c->data_parallel == PARALLEL_EXACT) {
    static const char *const scaling_only[] = {"accumulate", "lr_scaling", "warmup", "ranks", NULL};
    for (const char *const *k = scaling_only; *k; k++)
      if (member(t, *k))
        jn_die("%s: \"train.%s\" needs \"train.data_parallel\": \"scaling\"", src->source, *k);
  }
  c->accumulate = get_int(src, t, "train", "accumulate", 1, 1, 1 << 20);
  static const char *const rules[] = {"none", "sqrt", "linear"};
  c->lr_scaling = (LrScaling)get_choice(src, t, "train", "lr_scaling", rules, 3, LR_SCALING_SQRT);
  c->warmup = get_number(src, t, "train", "warmup", 0.05, 0, 1);
  c->ranks = get_int(src, t, "train", "ranks", 0, 0, 1 << 20);
}

const char *lr_scaling_name(LrScaling s) {
  return s == LR_SCALING_LINEAR ? "linear" : s == LR_SCALING_SQRT ? "sqrt" : "none";
}

double lr_scale(LrScaling s, int factor) {
  return s == LR_SCALING_LINEAR ? factor : s == LR_SCALING_SQRT ? sqrt((double)factor) : 1.0;
}

static int json_line_of(const char *json, const char *at) {
  int line = 1;
  for (const char *p = json; p < at && *p; p++) line += *p == '\n';
  return line;
}

void config_parse(Config *c, const char *json, const char *source, const char *dir) {
  memset(c, 0, sizeof *c);
  Ctx src = {source, dir};
  cJSON *root = cJSON_Parse(json);
  if (!root) {
    const char *at = cJSON_GetErrorPtr();
    jn_die("%s:%d: invalid JSON near \"%.20s\"", source, at ? json_line_of(json, at) : 0,
           at ? at : "");
  }
  /* "checksums" is written by config_canonical and only informative here */
  static const char *const keys[] = {"data",      "model",     "train", "output", "grid",
                                     "checksums", "semantics", NULL};
  check_keys(&src, root, "top level", keys);
  const cJSON *semantics = member(root, "semantics");
  if (semantics && !(cJSON_IsNumber(semantics) && semantics->valuedouble == CONFIG_SEMANTICS))
    jn_die("%s: \"semantics\" is %s; this jointner reads version %d (a record or config of another "
           "version is another run: drop the key to take this version's meaning)",
           source, cJSON_IsNumber(semantics) ? "another version" : "not a number", CONFIG_SEMANTICS);
  parse_model(c, &src, member(root, "model"));
  parse_data(c, &src, member(root, "data"), c->type != MODEL_PRETRAIN);
  parse_train(c, &src, member(root, "train"));
  c->output = get_path(&src, root, "top level", "output", 0);
  if (!c->output) jn_die("%s: \"output\" (the run record's path) is required", source);
  const cJSON *grid = member(root, "grid");
  if (grid) {
    if (!cJSON_IsObject(grid)) jn_die("%s: \"grid\" must be an object", source);
    c->grid_json = cJSON_PrintUnformatted(grid);
  }
  c->model.d_emb = 0; /* from the vectors */
  c->path = jn_strdup(source);
  cJSON_Delete(root);
}

void config_load(Config *c, const char *path) {
  char *text = jn_read_file(path);
  char *copy = jn_strdup(path);
  config_parse(c, text, path, dirname(copy));
  free(copy);
  free(text);
}

/* Path under data/model, its SHA-256 under "checksums". */
static void add_file(cJSON *obj, cJSON *checksums, const char *key, const char *path) {
  if (!path) return;
  char hex[65];
  checksum_file(path, hex);
  cJSON_AddStringToObject(obj, key, path);
  cJSON_AddStringToObject(checksums, key, hex);
}

char *config_canonical(const Config *c, int for_identity) {
  cJSON *root = cJSON_CreateObject();
  cJSON *d = cJSON_AddObjectToObject(root, "data");
  cJSON *sums = cJSON_CreateObject();
  if (c->n_train_files > 1) { /* a list: paths and checksums in its order */
    cJSON *paths = cJSON_AddArrayToObject(d, "train"), *hexes = cJSON_AddArrayToObject(sums, "train");
    for (int i = 0; i < c->n_train_files; i++) {
      char hex[65];
      checksum_file(c->train_files[i], hex);
      cJSON_AddItemToArray(paths, cJSON_CreateString(c->train_files[i]));
      cJSON_AddItemToArray(hexes, cJSON_CreateString(hex));
    }
  } else {
    add_file(d, sums, "train", c->train);
  }
  add_file(d, sums, "dev", c->dev);
  add_file(d, sums, "test", c->test);
  add_file(d, sums, "vectors", c->vectors);
  add_file(d, sums, "augment", c->augment);
  add_file(d, sums, "label_classifier", c->label_classifier);
  cJSON_AddStringToObject(d, "language", c->language);
  cJSON_AddNumberToObject(d, "token_column", c->columns.token_column);
  cJSON_AddNumberToObject(d, "tag_column", c->columns.tag_column);
  cJSON_AddStringToObject(d, "separator", c->columns.whitespace_separated ? "whitespace" : "tab");
  cJSON_AddStringToObject(d, "tag_scheme", c->scheme);
  const ModelConfig *mc = &c->model;
  cJSON *m = cJSON_AddObjectToObject(root, "model");
  cJSON_AddStringToObject(m, "type", model_type_name(c->type));
  cJSON_AddStringToObject(m, "attention", attention_name(mc->attention));
  cJSON_AddBoolToObject(m, "residual", mc->residual);
  cJSON_AddNumberToObject(m, "attention_dropout", mc->attn_locked_dropout);
  cJSON_AddNumberToObject(m, "hidden", mc->hidden);
  cJSON_AddNumberToObject(m, "heads", mc->heads);
  cJSON_AddNumberToObject(m, "soft_dim", mc->soft_dim);
  cJSON_AddNumberToObject(m, "word_dropout", mc->word_dropout);
  cJSON_AddNumberToObject(m, "locked_dropout", mc->locked_dropout);
  cJSON_AddNumberToObject(m, "attention_prob_dropout", mc->attn_prob_dropout);
  cJSON_AddNumberToObject(m, "lambda", mc->lambda);
  cJSON_AddNumberToObject(m, "init_range", mc->init_range);
  add_file(m, sums, "pretrained", c->pretrained);
  cJSON *t = cJSON_AddObjectToObject(root, "train");
  cJSON_AddNumberToObject(t, "seed", (double)c->seed);
  cJSON_AddNumberToObject(t, "lr", c->lr);
  cJSON_AddNumberToObject(t, "min_lr", c->min_lr);
  cJSON_AddNumberToObject(t, "clip", c->clip);
  cJSON_AddNumberToObject(t, "anneal_factor", c->anneal_factor);
  cJSON_AddNumberToObject(t, "patience", c->patience);
  cJSON_AddNumberToObject(t, "batch_size", c->batch_size);
  cJSON_AddNumberToObject(t, "max_epochs", c->max_epochs);
  cJSON_AddNumberToObject(t, "beta1", c->beta1);
  cJSON_AddNumberToObject(t, "beta2", c->beta2);
  cJSON_AddNumberToObject(t, "eps", c->adam_eps);
  cJSON_AddNumberToObject(t, "checkpoint_steps", c->checkpoint_steps);
  if (c->data_parallel == PARALLEL_SCALING) {
    cJSON_AddStringToObject(t, "data_parallel", "scaling");
    cJSON_AddNumberToObject(t, "accumulate", c->accumulate);
    cJSON_AddStringToObject(t, "lr_scaling", lr_scaling_name(c->lr_scaling));
    cJSON_AddNumberToObject(t, "warmup", c->warmup);
    cJSON_AddNumberToObject(t, "ranks", c->ranks);
  }
  if (!for_identity) {
    cJSON_AddStringToObject(root, "output", c->output);
    if (c->grid_json) cJSON_AddItemToObject(root, "grid", cJSON_Parse(c->grid_json));
  }
  cJSON_AddNumberToObject(root, "semantics", CONFIG_SEMANTICS);
  cJSON_AddItemToObject(root, "checksums", sums);
  char *s = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return s;
}

void config_hash(const char *canonical, char hex[17]) {
  char full[65];
  sha256_hex(canonical, strlen(canonical), full);
  memcpy(hex, full, 16);
  hex[16] = '\0';
}

int config_command_line(int argc, char **argv, const char *usage, const char **path, int *force) {
  static const struct option opts[] = {{"config", required_argument, 0, 'c'},
                                       {"force", no_argument, 0, 'f'},
                                       CLI_HELP,
                                       CLI_END};
  *path = NULL;
  *force = 0;
  int o, status;
  while ((o = cli_option(argc, argv, argv[0], opts, usage, &status)) > 0) {
    if (o == 'c') *path = optarg;
    else if (o == 'f') *force = 1;
  }
  if (o < 0) return status;
  if (!*path) jn_die("%s: --config FILE is required", argv[0]);
  return 0;
}

void config_free(Config *c) {
  char *strings[] = {c->train, c->dev,     c->test,   c->vectors,   c->augment, c->label_classifier,
                     c->language, c->pretrained, c->output, c->grid_json, c->path};
  for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) free(strings[i]);
  for (int i = 0; i < c->n_train_files; i++) free(c->train_files[i]);
  free(c->train_files);
  memset(c, 0, sizeof *c);
}
