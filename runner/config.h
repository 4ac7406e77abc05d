/* config.h: a training run's configuration (JSON, read with cJSON).
 * Every key has the paper's default; unknown keys, wrong types and
 * out-of-range values are errors naming the file and the key. The
 * canonical form (every key, defaults filled, fixed order, absolute paths,
 * SHA-256 of every data file under "checksums") is what the run record
 * stores and parses back; the hash of it without "output" and "grid" (where
 * the run sits in a table) is the run's identity. Relative paths are
 * relative to the config file's folder. */
#ifndef JN_CONFIG_H
#define JN_CONFIG_H
#include "data/ner_data.h"
#include "model/params.h"

/* The version of what a config means, part of every canonical form and so
 * of every run's identity: a record made under another version is another
 * run and never counts as done.
 *   1 (no "semantics" key): the first releases.
 *   2: "w/o residual" is H' = A(H) without locked dropout; OOV digit
 *      fallbacks map every Unicode decimal digit (Python's \d), not only
 *      ASCII; grids pre-train per seed and label every Joint row with the
 *      attention-none pre-training of its seed. */
enum { CONFIG_SEMANTICS = 2 };

typedef enum { MODEL_NER, MODEL_JOINT, MODEL_JOINT_PRETRAINED, MODEL_PRETRAIN } ModelType;
typedef enum { PARALLEL_EXACT, PARALLEL_SCALING } DataParallel;
typedef enum { LR_SCALING_NONE, LR_SCALING_SQRT, LR_SCALING_LINEAR } LrScaling;

typedef struct {
  char *train, *dev, *test, *vectors, *augment; /* augment: extra training file or NULL */
  /* data.train's files: [train] for one file; for pre-training the list
   * given in its order, train being its first. A list of one is one file
   * (the same identity); a longer one is written to the canonical form as
   * a list, with a checksum per file. */
  char **train_files;
  int n_train_files;
  char *label_classifier; /* pre-training record that labels sentences without '# label' */
  char *language;
  ColumnFormat columns;
  char scheme[8];
  /* training schedule */
  unsigned long seed;
  double lr, min_lr, clip, anneal_factor, beta1, beta2, adam_eps;
  int batch_size, max_epochs, patience, threads;
  int checkpoint_steps; /* pre-training: save every K steps (0: each epoch only) */
  /* pre-training across ranks (runner/pretrain.c): exact mode (default) or
   * scaling mode, whose batch_size is per rank and micro-batch, the global
   * batch batch_size * accumulate * ranks, the learning rate
   * lr * (accumulate * ranks)^lr_scaling after a linear warm-up over the
   * first `warmup` fraction of all steps. Written to the canonical form
   * only in scaling mode, so exact-mode identities are those of before. */
  DataParallel data_parallel;
  int accumulate;     /* micro-batches per step and rank */
  LrScaling lr_scaling;
  double warmup;      /* fraction of the run's steps */
  int ranks;          /* the MPI world size the run is for; 0: as launched */
  ModelType type;
  char *pretrained; /* run record of the pre-training (joint-pretrained) */
  ModelConfig model; /* n_tags / n_classes are filled from the data */
  char *output;      /* run record path */
  char *grid_json;   /* the optional "grid" object, verbatim, or NULL */
  char *path;        /* the config file */
} Config;

/* Parses the config file at path. */
void config_load(Config *c, const char *path);
/* Parses JSON text; `source` names it in messages, `dir` resolves paths. */
void config_parse(Config *c, const char *json, const char *source, const char *dir);
/* The canonical JSON (malloc'd); for_identity leaves out "output" and
 * "grid", and config_hash of that (16 hex digits) is the run's identity.
 * Checksums are computed here. */
char *config_canonical(const Config *c, int for_identity);
void config_hash(const char *canonical, char hex[17]);
void config_free(Config *c);

/* The command line of `train` and `pretrain`: --config FILE [--force]
 * [--help]. Returns 0 with *path set, or the exit status to return at once
 * (0 after --help, 2 after a usage error; usage printed either way). */
int config_command_line(int argc, char **argv, const char *usage, const char **path, int *force);

const char *model_type_name(ModelType t);
const char *lr_scaling_name(LrScaling s);
/* The factor lr_scaling gives for a global batch `factor` times batch_size. */
double lr_scale(LrScaling s, int factor);

#endif
