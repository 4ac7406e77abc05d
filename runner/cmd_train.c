/* cmd_train.c: `jointner train`, `jointner eval`, `jointner predict`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "data/files.h"
#include "data/line_reader.h"
#include "data/tokenize.h"
#include "model/base.h"
#include "model/network.h"
#include "runner/cli.h"
#include "runner/config.h"
#include "runner/evaluate.h"
#include "runner/experiment.h"
#include "runner/run_record.h"
#include "runner/train.h"

int cmd_train(int argc, char **argv) {
  const char *config;
  int force, status = config_command_line(
      argc, argv,
      "usage: jointner train --config FILE [--force]\n"
      "Trains one configuration; a rerun resumes from its checkpoint, or reports the\n"
      "finished run. --force overwrites a record made with another configuration, or\n"
      "an unusable one (corrupt, truncated, inconsistent).\n",
      &config, &force);
  if (!config) return status;
  Config cfg;
  config_load(&cfg, config);
  return train_run(&cfg, force);
}

/* Loads a finished run: its experiment (dictionaries from the record) and
 * a model with the best parameters. */
typedef struct {
  RunRecord rec;
  Experiment ex;
  Model model;
} LoadedRun;

static void load_run(LoadedRun *lr, const char *path) {
  char why[256];
  if (record_load(path, &lr->rec, why, sizeof why) != 0) jn_die("%s: %s", path, why);
  if (strcmp(lr->rec.kind, "train")) jn_die("%s: not a NER training record", path);
  if (!lr->rec.best_params) jn_die("%s: no model parameters yet", path);
  Config cfg;
  config_parse(&cfg, lr->rec.config_json, path, "");
  experiment_load(&lr->ex, &cfg, lr->rec.tag_names, lr->rec.n_tags, lr->rec.class_names,
                  lr->rec.n_classes);
  model_init(&lr->model, &lr->ex.model, lr->ex.tag_start, lr->ex.tag_stop);
  if (lr->model.layout.total != lr->rec.n_params)
    jn_die("%s: %zu parameters stored, the configuration needs %zu", path, lr->rec.n_params,
           lr->model.layout.total);
}

static void free_run(LoadedRun *lr) {
  model_free(&lr->model);
  experiment_free(&lr->ex);
  record_free(&lr->rec);
}

static const char EVAL_USAGE[] =
    "usage: jointner eval --record RUN.h5 [--data FILE.conll] [--out PRED.conll]\n"
    "                     [--scheme bio|iobes]\n"
    "Scores the run's best model on its test set (or FILE) as conlleval does.\n"
    "--out writes token, gold tag and predicted tag, in the scheme of the scored file\n"
    "(BIO in, BIO out) unless --scheme says otherwise; every sequence is valid.\n";

/* --scheme: 1 for bio, 0 for iobes. */
static int parse_scheme(const char *s) {
  if (!strcmp(s, "bio")) return 1;
  if (!strcmp(s, "iobes")) return 0;
  jn_die("--scheme: expected bio or iobes, got '%s'", s);
}

int cmd_eval(int argc, char **argv) {
  static const struct option OPTS[] = {{"record", required_argument, 0, 'r'},
                                       {"data", required_argument, 0, 'd'},
                                       {"out", required_argument, 0, 'o'},
                                       {"scheme", required_argument, 0, 's'},
                                       CLI_HELP,
                                       CLI_END};
  const char *record = NULL, *data = NULL, *out_path = NULL;
  int o, bio = -1, status;
  while ((o = cli_option(argc, argv, "eval", OPTS, EVAL_USAGE, &status)) > 0) {
    if (o == 'r') record = optarg;
    else if (o == 'd') data = optarg;
    else if (o == 'o') out_path = optarg;
    else if (o == 's') bio = parse_scheme(optarg);
  }
  if (o < 0) return status;
  if (!record) {
    fputs(EVAL_USAGE, stderr);
    return JN_EXIT_ERROR;
  }
  LoadedRun lr;
  load_run(&lr, record);
  DataSplit extra, *split = &lr.ex.test;
  if (data) {
    experiment_load_split(&lr.ex, &extra, data, &lr.ex.cfg.columns);
    split = &extra;
  }
  FILE *out = out_path ? output_open(out_path) : NULL;
  Evaluation ev;
  evaluate_split_writing(&lr.model, lr.rec.best_params, &lr.ex, split, &ev, out,
                         bio >= 0 ? bio : split->ner.bio);
  if (out) output_close(out, out_path);
  printf("%s (%d sentences):\n", split->ner.path, split->ner.n_sentences);
  score_print(&ev.ner, stdout);
  if (ev.sentences)
    printf("sentence labels: accuracy %.2f%% (%ld of %ld)\n",
           100.0 * ev.sentences_correct / ev.sentences, ev.sentences_correct, ev.sentences);
  evaluation_free(&ev);
  if (data) split_free(&extra);
  free_run(&lr);
  return 0;
}

/* Raw text, one sentence a line, tokenised as the importers do (Thai runs
 * segmented by ICU), written one token a line to a temporary file whose
 * path is returned (malloc'd). */
static char *tokenize_to_temp_file(const char *path) {
  char *tmp = jn_format("%s/jointner-predict-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  int fd = mkstemp(tmp);
  if (fd < 0) jn_die("%s: cannot create a temporary file", tmp);
  FILE *out = fdopen(fd, "w");
  LineReader r;
  line_reader_open(&r, path);
  Tokens tokens = {0};
  char *line;
  while ((line = line_reader_next(&r))) {
    tokens_clear(&tokens);
    tokenize(line, &tokens);
    if (tokens.n == 0) continue;
    for (int i = 0; i < tokens.n; i++) fprintf(out, "%s\n", tokens.v[i]);
    fputc('\n', out);
  }
  line_reader_close(&r);
  tokens_free(&tokens);
  if (fclose(out) != 0) jn_die("%s: cannot write", tmp);
  return tmp;
}

static const char PREDICT_USAGE[] =
    "usage: jointner predict --record RUN.h5 --in FILE [--text] [--out OUT.conll]\n"
    "                        [--scheme bio|iobes]\n"
    "Tags FILE with the run's best model and writes CoNLL: token TAB predicted tag,\n"
    "and a '# label = X' line per sentence for joint models. FILE has one token per\n"
    "line (first column; blank line between sentences), or with --text one raw\n"
    "sentence per line, tokenised as the importers do (Thai segmented by ICU).\n"
    "Tags are in the scheme of the run's training data (BIO in, BIO out) unless\n"
    "--scheme says otherwise; every sequence is valid.\n";

int cmd_predict(int argc, char **argv) {
  static const struct option OPTS[] = {{"record", required_argument, 0, 'r'},
                                       {"in", required_argument, 0, 'i'},
                                       {"text", no_argument, 0, 't'},
                                       {"out", required_argument, 0, 'o'},
                                       {"scheme", required_argument, 0, 's'},
                                       CLI_HELP,
                                       CLI_END};
  const char *record = NULL, *in = NULL, *out_path = NULL;
  int o, raw_text = 0, bio = -1, status;
  while ((o = cli_option(argc, argv, "predict", OPTS, PREDICT_USAGE, &status)) > 0) {
    if (o == 'r') record = optarg;
    else if (o == 'i') in = optarg;
    else if (o == 't') raw_text = 1;
    else if (o == 'o') out_path = optarg;
    else if (o == 's') bio = parse_scheme(optarg);
  }
  if (o < 0) return status;
  if (!record || !in) jn_die("predict: --record and --in are required (see --help)");
  char *tokens_path = raw_text ? tokenize_to_temp_file(in) : NULL;
  if (tokens_path) in = tokens_path;
  LoadedRun lr;
  load_run(&lr, record);
  ColumnFormat fmt = lr.ex.cfg.columns;
  fmt.token_column = 0;
  fmt.tag_column = -1;
  DataSplit split;
  experiment_load_split(&lr.ex, &split, in, &fmt);
  FILE *out = out_path ? output_open(out_path) : stdout;
  evaluate_split_writing(&lr.model, lr.rec.best_params, &lr.ex, &split, NULL, out,
                         bio >= 0 ? bio : lr.ex.train.ner.bio);
  if (out != stdout) output_close(out, out_path);
  split_free(&split);
  if (tokens_path) unlink(tokens_path);
  free(tokens_path);
  free_run(&lr);
  return 0;
}
