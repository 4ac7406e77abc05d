/* run_record.h: one HDF5 file per run, written by its owner only, always
 * as a whole to a temporary file that is fsync'ed and renamed over the old
 * one, so a crash leaves either the previous or the new record.
 *
 * Layout:
 *   /                  attributes (strings): kind ("train"|"pretrain"),
 *                      config_json, config_hash, status ("running"|"complete"),
 *                      git_commit, host, versions, started, finished, notes,
 *                      params_sha256; (int) restarts, slurm_restart_count
 *   /labels/tags, /labels/classes   string arrays (CRF tag set, sentence labels)
 *   /metrics/{epoch,loss,dev_score,lr,seconds,sentences_per_second}
 *                      per-epoch, 1-D extendible datasets
 *   /final             attributes (double): dev_f1, test_f1, ... (percent)
 *   /final/report      string: the conlleval-style test report
 *   /model/params      float[n]: the best-dev parameters
 *   /checkpoint/{params,adam_m,adam_v}  float[n] (dropped once complete)
 *   /checkpoint/{rng (uint64[4]), order (int[])} + attributes epoch, step,
 *                      adam_step, lr, best, bad_epochs, epoch_loss,
 *                      epoch_sentences, epoch_seconds                      */
#ifndef JN_RUN_RECORD_H
#define JN_RUN_RECORD_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  int epoch;
  double loss, dev_score, lr, seconds, sentences_per_second;
} EpochLog;

typedef struct {
  char name[32];
  double value;
} NamedValue;

typedef struct {
  uint64_t rng[4];
  int epoch;      /* epochs completed */
  int step;       /* batches done in the current epoch */
  int n_order;    /* training order of the current epoch */
  int *order;
  long adam_step;
  double lr, best;
  int bad_epochs;
  double epoch_loss, epoch_seconds;
  long epoch_sentences;
} TrainState;

typedef struct {
  char *kind, *config_json, *config_hash, *status, *git_commit, *host, *versions, *started,
      *finished, *notes, *report;
  int restarts, slurm_restart_count;
  int n_tags, n_classes;
  char **tag_names, **class_names;
  int n_epochs;
  EpochLog *epochs;
  int n_final;
  NamedValue final[64];
  size_t n_params;
  float *best_params;                    /* the model */
  float *params, *adam_m, *adam_v;       /* checkpoint; NULL once complete */
  int has_checkpoint;                    /* the file holds them (record_load_summary too) */
  TrainState state;
} RunRecord;

/* Writes atomically (temp file, fsync, rename, fsync of the folder); on a
 * failure such as a full disk, dies with the reason and leaves no temporary
 * file and the old record as it was. */
void record_save(const char *path, const RunRecord *r);
/* 0 on success; -1 (and a reason in why) for a missing, unreadable,
 * malformed or inconsistent file (record_check.h), r then empty. Never
 * dies, hangs or crashes on a bad file: it is read first in a child with a
 * time limit (record_load.c). */
int record_load(const char *path, RunRecord *r, char *why, size_t why_size);
/* record_load without the parameter arrays, for listing and tabling
 * records: best_params, params, adam_m and adam_v stay NULL; n_params and
 * has_checkpoint say what the file holds. A complete record found sound
 * before in the state it is in now (record_memo.h) is read once in this
 * process, without its arrays; any other is loaded whole as record_load
 * does (remembered when sound and complete) and its arrays dropped. */
int record_load_summary(const char *path, RunRecord *r, char *why, size_t why_size);
/* 1 if the record is complete, with model parameters (loaded whole: they
 * match their checksum); otherwise 0 with the reason. */
int record_verify_complete(const RunRecord *r, char *why, size_t why_size);
/* A record's state, from a few attributes (no datasets): cheap enough to
 * list a whole sweep's progress. */
typedef struct {
  int exists;     /* a readable HDF5 file (or one that libhdf5 hangs or crashes on) */
  int complete;   /* status == "complete" */
  int epoch;      /* checkpoint: epochs completed (-1 unknown) */
  int step;       /* checkpoint: steps done in the epoch after those (-1 unknown) */
  int restarts;   /* slurm_restart_count (-1 unknown) */
  double test_f1; /* -1 unknown */
} RecordState;
/* The state of the record at path, read (as record_load) first in a child
 * with a time limit; a file libhdf5 cannot get through exists but is not
 * complete. */
void record_load_state(const char *path, RecordState *st);
void record_free(RunRecord *r);

void record_set_final(RunRecord *r, const char *name, double value);
double record_final(const RunRecord *r, const char *name, double missing);
void record_add_epoch(RunRecord *r, const EpochLog *e);
/* Replaces a string field (copies value). */
void record_set_string(char **field, const char *value);
/* Fills git commit, host, versions and started. */
void record_set_provenance(RunRecord *r);
/* The current UTC time as ISO 8601 (static buffer). */
const char *utc_now(void);

#endif
