/* grid_config.c: strict parsing of a grid config and its canonical form. */
#include "runner/grid/grid_config.h"
#include <libgen.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/language_code.h"
#include "model/base.h"
#include "data/files.h"

/* A language's file keys, in canonical (alphabetical) order, and where
 * each is kept in GridLanguage. */
static const struct {
  const char *key;
  size_t offset;
} LANGUAGE_FILES[] = {
    {"augment_10k", offsetof(GridLanguage, augment_10k)},
    {"augment_50k", offsetof(GridLanguage, augment_50k)},
    {"dev", offsetof(GridLanguage, dev)},
    {"label_classifier", offsetof(GridLanguage, label_classifier)},
    {"pretrain_dev", offsetof(GridLanguage, pretrain_dev)},
    {"pretrain_train", offsetof(GridLanguage, pretrain_train)},
    {"test", offsetof(GridLanguage, test)},
    {"train", offsetof(GridLanguage, train)},
    {"vectors", offsetof(GridLanguage, vectors)},
};
enum { N_LANGUAGE_FILES = sizeof LANGUAGE_FILES / sizeof *LANGUAGE_FILES };

/* Passed through to the "data" section of every NER run (checked there). */
static const char *const FORMAT_KEYS[] = {"token_column", "tag_column", "separator", "tag_scheme"};
enum { N_FORMAT_KEYS = sizeof FORMAT_KEYS / sizeof *FORMAT_KEYS };

static char **file_slot(GridLanguage *l, int i) {
  return (char **)((char *)l + LANGUAGE_FILES[i].offset);
}

static int is_one_of(const char *s, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (!strcmp(s, names[i])) return i;
  return -1;
}

static const char *string_value(const GridConfig *g, const cJSON *v, const char *key) {
  if (!cJSON_IsString(v) || !*v->valuestring)
    jn_die("%s: \"%s\" must be a non-empty string", g->path, key);
  return v->valuestring;
}

static void parse_language(GridConfig *g, GridLanguage *l, const cJSON *obj, const char *dir) {
  l->name = jn_strdup(obj->string);
  if (!cJSON_IsObject(obj)) jn_die("%s: \"languages.%s\" must be an object", g->path, l->name);
  if (!language_code_known(l->name))
    jn_die("%s: \"languages.%s\": a language is named by its ISO 639 code (\"id\", \"th\", "
           "\"vi\", ...) or \"xx\"", g->path, l->name);
  l->format = cJSON_CreateObject();
  for (const cJSON *it = obj->child; it; it = it->next) {
    char key[160];
    snprintf(key, sizeof key, "languages.%s.%s", l->name, it->string);
    int f = 0;
    while (f < N_LANGUAGE_FILES && strcmp(LANGUAGE_FILES[f].key, it->string)) f++;
    if (!strcmp(it->string, "label_classifier") && cJSON_IsString(it) &&
        !strcmp(it->valuestring, "pretraining")) {
      l->labels_from_pretraining = 1;
    } else if (f < N_LANGUAGE_FILES) {
      char *given = path_in_dir(dir, string_value(g, it, key));
      char *absolute = realpath(given, NULL);
      if (!absolute) jn_die("%s: \"%s\": cannot open %s", g->path, key, given);
      free(given);
      *file_slot(l, f) = absolute;
    } else if (is_one_of(it->string, FORMAT_KEYS, N_FORMAT_KEYS) >= 0) {
      cJSON_AddItemToObject(l->format, it->string, cJSON_Duplicate(it, 1));
    } else {
      jn_die("%s: unknown key \"%s\" (a language has train, dev, test, vectors, pretrain_train, "
             "pretrain_dev, augment_10k, augment_50k, label_classifier, token_column, tag_column, "
             "separator, tag_scheme)",
             g->path, key);
    }
  }
}

/* A list of names from `names` (all of them when absent) as flags. */
static void parse_choices(const GridConfig *g, const cJSON *v, const char *key,
                          const char *const *names, int n, int *flags) {
  if (!v) {
    for (int i = 0; i < n; i++) flags[i] = 1;
    return;
  }
  if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
    jn_die("%s: \"%s\" must be a non-empty list", g->path, key);
  for (const cJSON *it = v->child; it; it = it->next) {
    int i = cJSON_IsString(it) ? is_one_of(it->valuestring, names, n) : -1;
    if (i < 0) jn_die("%s: \"%s\": %s is not one of \"%s\" ... \"%s\"", g->path, key,
                      cJSON_IsString(it) ? it->valuestring : "a non-string", names[0], names[n - 1]);
    if (flags[i]) jn_die("%s: \"%s\": \"%s\" is listed twice", g->path, key, names[i]);
    flags[i] = 1;
  }
}

static int seed_count(const GridConfig *g, const cJSON *v, const char *key) {
  if (!cJSON_IsNumber(v) || v->valuedouble != (int)v->valuedouble || v->valuedouble < 1 ||
      v->valuedouble > 1000)
    jn_die("%s: \"%s\" must be a whole number of seeds in [1, 1000]", g->path, key);
  return (int)v->valuedouble;
}

/* "seeds": N (every cell; default 10), or {"default": N, ROW: N, ROW:
 * {ATTENTION: N, ...}, "table2": N}: the paper's claims can take more seeds
 * than the other cells. */
static void parse_seeds(GridConfig *g, const cJSON *v, const char *const *attention_names) {
  int fallback = 10;
  if (cJSON_IsObject(v)) {
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(v, "default");
    if (d) fallback = seed_count(g, d, "seeds.default");
  } else if (v) {
    fallback = seed_count(g, v, "seeds");
  }
  for (int r = 0; r < N_GRID_ROWS; r++)
    for (int a = 0; a < N_ATTENTION; a++) g->seeds[r][a] = fallback;
  g->table2_seeds = fallback;
  for (const cJSON *it = cJSON_IsObject(v) ? v->child : NULL; it; it = it->next) {
    char key[200];
    snprintf(key, sizeof key, "seeds.%s", it->string);
    if (!strcmp(it->string, "default")) continue;
    if (!strcmp(it->string, "table2")) {
      g->table2_seeds = seed_count(g, it, key);
      continue;
    }
    int r = is_one_of(it->string, GRID_ROW_NAMES, N_GRID_ROWS);
    if (r < 0)
      jn_die("%s: \"%s\": not \"default\", \"table2\" or a row (\"%s\" ... \"%s\")", g->path, key,
             GRID_ROW_NAMES[0], GRID_ROW_NAMES[N_GRID_ROWS - 1]);
    if (!cJSON_IsObject(it)) {
      int n = seed_count(g, it, key);
      for (int a = 0; a < N_ATTENTION; a++) g->seeds[r][a] = n;
      continue;
    }
    for (const cJSON *at = it->child; at; at = at->next) {
      char akey[400];
      snprintf(akey, sizeof akey, "%s.%s", key, at->string);
      int a = is_one_of(at->string, attention_names, N_ATTENTION);
      if (a < 0) jn_die("%s: \"%s\": not an attention variant", g->path, akey);
      g->seeds[r][a] = seed_count(g, at, akey);
    }
  }
  g->max_seeds = g->table2 ? g->table2_seeds : 0;
  for (int r = 0; r < N_GRID_ROWS; r++)
    for (int a = 0; a < N_ATTENTION; a++)
      if (g->has_row[r] && (r == ROW_NER_10K || r == ROW_NER_50K ? a == ATT_NONE : g->has_attention[a]) &&
          g->seeds[r][a] > g->max_seeds)
        g->max_seeds = g->seeds[r][a];
}

/* An override object (a copy; empty when absent) without the keys the grid
 * sets itself. */
static cJSON *parse_overrides(const GridConfig *g, const cJSON *v, const char *key,
                              const char *const *reserved, int n_reserved) {
  if (!v) return cJSON_CreateObject();
  if (!cJSON_IsObject(v)) jn_die("%s: \"%s\" must be an object", g->path, key);
  for (const cJSON *it = v->child; it; it = it->next) {
    if (is_one_of(it->string, reserved, n_reserved) >= 0)
      jn_die("%s: \"%s.%s\" is set by the grid for each run; remove it", g->path, key, it->string);
    if (cJSON_IsObject(it) || cJSON_IsArray(it))
      jn_die("%s: \"%s.%s\" must be a number, string or boolean", g->path, key, it->string);
  }
  return cJSON_Duplicate(v, 1);
}

int grid_needs_pretraining(const GridConfig *g, const GridLanguage *l) {
  return g->has_row[ROW_JOINT_PRETRAINED] || g->table2 ||
         (g->has_row[ROW_JOINT] && l->labels_from_pretraining);
}

static void require_files(const GridConfig *g) {
  for (int k = 0; k < g->n_languages; k++) {
    const GridLanguage *l = &g->languages[k];
    const struct {
      const char *key;
      const char *value;
      int needed;
      const char *why;
    } required[] = {
        {"train", l->train, 1, ""},
        {"dev", l->dev, 1, ""},
        {"test", l->test, 1, ""},
        {"vectors", l->vectors, 1, ""},
        {"pretrain_train", l->pretrain_train, grid_needs_pretraining(g, l), " (pre-training)"},
        {"pretrain_dev", l->pretrain_dev, grid_needs_pretraining(g, l), " (pre-training)"},
        {"augment_10k", l->augment_10k, g->has_row[ROW_NER_10K], " (row \"NER-only +10k\")"},
        {"augment_50k", l->augment_50k, g->has_row[ROW_NER_50K], " (row \"NER-only +50k\")"},
    };
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
      if (required[i].needed && !required[i].value)
        jn_die("%s: \"languages.%s.%s\" is required%s", g->path, l->name, required[i].key,
               required[i].why);
  }
}

static void parse_root(GridConfig *g, const cJSON *root, const char *dir) {
  static const char *const keys[] = {"results", "languages", "rows",  "attention", "seeds",
                                     "table2",  "model",     "train", "pretrain"};
  if (!cJSON_IsObject(root)) jn_die("%s: a grid config is a JSON object", g->path);
  for (const cJSON *it = root->child; it; it = it->next)
    if (is_one_of(it->string, keys, (int)(sizeof keys / sizeof *keys)) < 0)
      jn_die("%s: unknown key \"%s\" at the top level (allowed: results, languages, rows, "
             "attention, seeds, table2, model, train, pretrain)",
             g->path, it->string);
  const cJSON *results = cJSON_GetObjectItemCaseSensitive(root, "results");
  if (!results) jn_die("%s: \"results\" (the results folder) is required", g->path);
  g->results_dir = path_in_dir(dir, string_value(g, results, "results"));
  const cJSON *languages = cJSON_GetObjectItemCaseSensitive(root, "languages");
  if (!cJSON_IsObject(languages) || !languages->child)
    jn_die("%s: \"languages\" must be an object with at least one language", g->path);
  g->n_languages = cJSON_GetArraySize(languages);
  g->languages = jn_calloc((size_t)g->n_languages, sizeof *g->languages);
  int k = 0;
  for (const cJSON *it = languages->child; it; it = it->next)
    parse_language(g, &g->languages[k++], it, dir);
  parse_choices(g, cJSON_GetObjectItemCaseSensitive(root, "rows"), "rows", GRID_ROW_NAMES,
                N_GRID_ROWS, g->has_row);
  const char *attention_names[N_ATTENTION];
  for (int a = 0; a < N_ATTENTION; a++) attention_names[a] = attention_name((AttentionKind)a);
  parse_choices(g, cJSON_GetObjectItemCaseSensitive(root, "attention"), "attention",
                attention_names, N_ATTENTION, g->has_attention);
  const cJSON *table2 = cJSON_GetObjectItemCaseSensitive(root, "table2");
  if (table2 && !cJSON_IsBool(table2)) jn_die("%s: \"table2\" must be true or false", g->path);
  g->table2 = cJSON_IsTrue(table2);
  parse_seeds(g, cJSON_GetObjectItemCaseSensitive(root, "seeds"), attention_names);
  static const char *const model_reserved[] = {"type", "attention", "pretrained"};
  static const char *const train_reserved[] = {"seed"};
  g->model = parse_overrides(g, cJSON_GetObjectItemCaseSensitive(root, "model"), "model",
                             model_reserved, 3);
  g->train = parse_overrides(g, cJSON_GetObjectItemCaseSensitive(root, "train"), "train",
                             train_reserved, 1);
  g->pretrain = parse_overrides(g, cJSON_GetObjectItemCaseSensitive(root, "pretrain"), "pretrain",
                                NULL, 0);
  if (!cJSON_GetObjectItemCaseSensitive(g->pretrain, "max_epochs"))
    cJSON_AddNumberToObject(g->pretrain, "max_epochs", 2); /* the paper's 2 epochs */
  require_files(g);
}

void grid_config_load(GridConfig *g, const char *path) {
  memset(g, 0, sizeof *g);
  g->path = jn_strdup(path);
  char *text = jn_read_file(path);
  cJSON *root = cJSON_Parse(text);
  if (!root) {
    const char *at = cJSON_GetErrorPtr();
    int line = 1;
    for (const char *p = text; at && p < at && *p; p++) line += *p == '\n';
    jn_die("%s:%d: invalid JSON near \"%.20s\"", path, line, at ? at : "");
  }
  char *copy = jn_strdup(path);
  parse_root(g, root, dirname(copy));
  free(copy);
  cJSON_Delete(root);
  free(text);
}

static int compare_keys(const void *a, const void *b) {
  return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* A copy of a flat object with its keys in sorted order. */
static cJSON *sorted_copy(const cJSON *obj) {
  int n = cJSON_GetArraySize(obj);
  const cJSON **items = jn_malloc(sizeof *items * (size_t)(n ? n : 1));
  int i = 0;
  for (const cJSON *it = obj->child; it; it = it->next) items[i++] = it;
  qsort(items, (size_t)n, sizeof *items, compare_keys);
  cJSON *copy = cJSON_CreateObject();
  for (i = 0; i < n; i++) cJSON_AddItemToObject(copy, items[i]->string, cJSON_Duplicate(items[i], 1));
  free(items);
  return copy;
}

static int compare_languages(const void *a, const void *b) {
  return strcmp((*(const GridLanguage *const *)a)->name, (*(const GridLanguage *const *)b)->name);
}

char *grid_config_canonical(const GridConfig *g, GridChecksums *checksums) {
  cJSON *root = cJSON_CreateObject();
  const GridLanguage **sorted = jn_malloc(sizeof *sorted * (size_t)g->n_languages);
  for (int k = 0; k < g->n_languages; k++) sorted[k] = &g->languages[k];
  qsort(sorted, (size_t)g->n_languages, sizeof *sorted, compare_languages);
  cJSON *languages = cJSON_AddObjectToObject(root, "languages");
  cJSON *sums = cJSON_CreateObject();
  for (int k = 0; k < g->n_languages; k++) {
    GridLanguage *l = (GridLanguage *)sorted[k];
    cJSON *entry = sorted_copy(l->format), *entry_sums = cJSON_AddObjectToObject(sums, l->name);
    for (int f = 0; f < N_LANGUAGE_FILES; f++) {
      const char *path = *file_slot(l, f);
      if (!path) continue;
      cJSON_AddStringToObject(entry, LANGUAGE_FILES[f].key, path);
      cJSON_AddStringToObject(entry_sums, LANGUAGE_FILES[f].key, grid_checksum(checksums, path));
    }
    if (l->labels_from_pretraining) cJSON_AddStringToObject(entry, "label_classifier", "pretraining");
    cJSON *ordered = sorted_copy(entry);
    cJSON_Delete(entry);
    cJSON_AddItemToObject(languages, l->name, ordered);
  }
  free(sorted);
  cJSON *rows = cJSON_AddArrayToObject(root, "rows");
  for (int r = 0; r < N_GRID_ROWS; r++)
    if (g->has_row[r]) cJSON_AddItemToArray(rows, cJSON_CreateString(GRID_ROW_NAMES[r]));
  cJSON *attention = cJSON_AddArrayToObject(root, "attention");
  for (int a = 0; a < N_ATTENTION; a++)
    if (g->has_attention[a])
      cJSON_AddItemToArray(attention, cJSON_CreateString(attention_name((AttentionKind)a)));
  int uniform = 1;
  for (int r = 0; r < N_GRID_ROWS; r++)
    for (int a = 0; a < N_ATTENTION; a++) uniform &= g->seeds[r][a] == g->table2_seeds;
  if (uniform) {
    cJSON_AddNumberToObject(root, "seeds", g->table2_seeds);
  } else { /* every row and variant, resolved */
    cJSON *seeds = cJSON_AddObjectToObject(root, "seeds");
    for (int r = 0; r < N_GRID_ROWS; r++) {
      cJSON *row = cJSON_AddObjectToObject(seeds, GRID_ROW_NAMES[r]);
      for (int a = 0; a < N_ATTENTION; a++)
        cJSON_AddNumberToObject(row, attention_name((AttentionKind)a), g->seeds[r][a]);
    }
    cJSON_AddNumberToObject(seeds, "table2", g->table2_seeds);
  }
  cJSON_AddBoolToObject(root, "table2", g->table2);
  cJSON_AddItemToObject(root, "model", sorted_copy(g->model));
  cJSON_AddItemToObject(root, "train", sorted_copy(g->train));
  cJSON_AddItemToObject(root, "pretrain", sorted_copy(g->pretrain));
  cJSON_AddItemToObject(root, "checksums", sums);
  char *text = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return text;
}

void grid_config_free(GridConfig *g) {
  for (int k = 0; k < g->n_languages; k++) {
    GridLanguage *l = &g->languages[k];
    free(l->name);
    for (int f = 0; f < N_LANGUAGE_FILES; f++) free(*file_slot(l, f));
    cJSON_Delete(l->format);
  }
  free(g->languages);
  free(g->path);
  free(g->results_dir);
  cJSON_Delete(g->model);
  cJSON_Delete(g->train);
  cJSON_Delete(g->pretrain);
  memset(g, 0, sizeof *g);
}
