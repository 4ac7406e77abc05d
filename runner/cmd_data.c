/* cmd_data.c: `jointner data import|demo|augment|text` and `jointner embed`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/augment.h"
#include "data/demo_gen.h"
#include "data/embed_fasttext.h"
#include "data/import.h"
#include "data/ner_data.h"
#include "model/base.h"
#include "runner/cli.h"

#define ENAMEX_DEFAULT_SEED 2020 /* the documented split seed of the enamex data */

static const char data_usage[] =
    "usage:\n"
    "  jointner data import --format F --in FILE[,FILE...] --out DIR-or-FILE [options]\n"
    "    formats (output):\n"
    "      enamex       prodattr_enamex.txt -> DIR/{train,dev,test}.conll (1000 / rest halved,\n"
    "                   --seed default 2020; the real file needs --max-skip 5)\n"
    "      bio          TOKEN<TAB or space>TAG files, BIO or IOBES -> FILE.conll (IOBES;\n"
    "                   --keep-scheme: BIO stays BIO); with --split A,B,C (a deterministic\n"
    "                   sample, --seed) -> DIR/{train,dev,test}.conll + DIR/unlabeled.txt\n"
    "                   (the rest)\n"
    "      bracket      raw text, one sentence a line, entities as [TYPE]text[/TYPE]\n"
    "                   (Thai segmented by ICU, each piece apart) -> FILE.conll (IOBES),\n"
    "                   or DIR/... with --split A,B,C as for bio\n"
    "      csv-title    itemid,title,label -> FILE.tsv or FILE.txt; --label-map raw|domain|category\n"
    "                   (category needs --categories ndsc_categories.json)\n"
    "      tsv          text<TAB>label -> FILE.tsv or FILE.txt\n"
    "      jsonl        {\"category\":..,\"texts\":..} lines (or --member M of a .zip) -> FILE.tsv/.txt\n"
    "      tiki         tiki_*.csv -> FILE.conll (label = category, weak BRAND spans, deduped titles)\n"
    "      shopee-coreterms  shopee_coreterms_<CAT>.csv -> FILE.conll (label = main_cat or <CAT>,\n"
    "                   weak BRAND and PRODUCT (core_terms) spans, deduped titles)\n"
    "      class-files  <name>_<CLASS>.txt, one title a line -> FILE.tsv or FILE.txt\n"
    "      csv-columns  CSV with a header (or --member M of a .zip) -> FILE.tsv or FILE.txt;\n"
    "                   --text-column NAME, --label-column NAME (for .tsv)\n"
    "    options: --seed S  --split A,B,C  --max-skip N (default 0)  --keep-scheme (bio)\n"
    "  jointner data demo --out DIR [--lang vi,th,id] [--seed 1] [--pretrain 100000]\n"
    "                     [--unlabeled 20000] [--ner 1000,500,500]   (generated titles)\n"
    "  jointner data augment --ner train.conll --unlabeled U.txt --count N --out aug.conll [--seed S]\n"
    "                        [--fold-case]   (match case-insensitively)\n"
    "  jointner data text --in FILE.conll[,FILE...] --out FILE.txt\n"
    "                     the tokens of CoNLL files (first column), one sentence a line,\n"
    "                     separated by spaces: text for `jointner embed`\n";

static const char embed_usage[] =
    "usage: jointner embed --in TEXT[,TEXT...] --out FILE.vec [--dim 300] [--epoch 5]\n"
    "                      [--threads N] [--min-count 5] [--lowercase]\n"
    "  TEXT is plain text, one sentence a line, tokens separated by spaces, as\n"
    "  fastText reads it: the .txt an import writes (unlabeled.txt), or the tokens of\n"
    "  CoNLL files from `jointner data text --in train.conll --out train.txt`.\n"
    "  Runs `fasttext skipgram -minn 0 -maxn 0`, keeps the .vec, removes the .bin,\n"
    "  prints `sha256 HEX` of the .vec. Words seen fewer than --min-count times get\n"
    "  no vector: lower it (e.g. 1) for a small corpus. --lowercase trains on the\n"
    "  lowercased text (Unicode lowercasing, as the lookup's fallback does): for a\n"
    "  corpus that is mostly lowercase, so that a cased word of the NER data takes\n"
    "  the well-trained vector of its lowercase form, not one of its own from a\n"
    "  handful of occurrences.\n";

static long parse_long(const char *opt, const char *s, long min) {
  char *end;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < min) jn_die("%s: expected an integer >= %ld, got '%s'", opt, min, s);
  return v;
}

static void parse_triple(const char *opt, const char *s, int out[3]) {
  char extra;
  if (sscanf(s, "%d,%d,%d%c", &out[0], &out[1], &out[2], &extra) != 3 || out[0] < 1 || out[1] < 0 || out[2] < 0)
    jn_die("%s: expected A,B,C (e.g. 1000,500,500), got '%s'", opt, s);
}

/* Splits a comma list in place; returns the count. */
static int split_list(char *s, char ***out) {
  int n = 1;
  for (char *p = s; *p; p++) n += *p == ',';
  *out = jn_malloc((size_t)n * sizeof **out);
  int k = 0;
  for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) (*out)[k++] = tok;
  if (k == 0) jn_die("empty list");
  return k;
}

static int data_import(int argc, char **argv) {
  static const struct option OPTS[] = {
      {"format", required_argument, 0, 'f'},      {"in", required_argument, 0, 'i'},
      {"out", required_argument, 0, 'o'},         {"seed", required_argument, 0, 's'},
      {"split", required_argument, 0, 'p'},       {"max-skip", required_argument, 0, 'm'},
      {"label-map", required_argument, 0, 'l'},   {"categories", required_argument, 0, 'c'},
      {"member", required_argument, 0, 'M'},      {"text-column", required_argument, 0, 't'},
      {"label-column", required_argument, 0, 'L'}, {"keep-scheme", no_argument, 0, 'k'},
      CLI_HELP,                                   CLI_END};
  ImportOptions o = {.seed = ENAMEX_DEFAULT_SEED, .label_map = "raw"};
  const char *format = NULL;
  char *inputs = NULL;
  int c, status;
  while ((c = cli_option(argc, argv, "data import", OPTS, data_usage, &status)) > 0) {
    if (c == 'k') o.keep_scheme = 1;
    else if (c == 'f') format = optarg;
    else if (c == 'i') inputs = jn_strdup(optarg);
    else if (c == 'o') o.out = optarg;
    else if (c == 's') o.seed = (uint64_t)parse_long("--seed", optarg, 0);
    else if (c == 'p') parse_triple("--split", optarg, o.split);
    else if (c == 'm') o.max_skip = parse_long("--max-skip", optarg, 0);
    else if (c == 'l') o.label_map = optarg;
    else if (c == 'c') o.categories = optarg;
    else if (c == 'M') o.member = optarg;
    else if (c == 't') o.text_column = optarg;
    else if (c == 'L') o.label_column = optarg;
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "data import", data_usage))) {
    free(inputs);
    return status;
  }
  if (!format || !inputs || !o.out) jn_die("data import needs --format, --in and --out\n%s", data_usage);
  if (o.keep_scheme && strcmp(format, "bio")) jn_die("data import: --keep-scheme is for --format bio");
  o.n_inputs = split_list(inputs, &o.inputs);
  static const struct {
    const char *name;
    void (*run)(const ImportOptions *);
  } importers[] = {
      {"enamex", import_enamex}, {"bio", import_bio},     {"bracket", import_bracket},
      {"csv-title", import_csv_title},
      {"tsv", import_tsv},       {"jsonl", import_jsonl}, {"tiki", import_tiki},
      {"class-files", import_class_files}, {"shopee-coreterms", import_shopee_coreterms},
      {"csv-columns", import_csv_columns},
  };
  size_t k = 0;
  while (k < sizeof importers / sizeof importers[0] && strcmp(importers[k].name, format)) k++;
  if (k == sizeof importers / sizeof importers[0]) jn_die("data import: unknown format '%s'\n%s", format, data_usage);
  importers[k].run(&o);
  free(o.inputs);
  free(inputs);
  return 0;
}

static int data_demo(int argc, char **argv) {
  static const struct option OPTS[] = {
      {"out", required_argument, 0, 'o'},      {"lang", required_argument, 0, 'l'},
      {"seed", required_argument, 0, 's'},     {"pretrain", required_argument, 0, 'p'},
      {"unlabeled", required_argument, 0, 'u'}, {"ner", required_argument, 0, 'n'},
      CLI_HELP,                                CLI_END};
  DemoOptions o = demo_default_options();
  const char *langs = NULL;
  int c, status;
  while ((c = cli_option(argc, argv, "data demo", OPTS, data_usage, &status)) > 0) {
    if (c == 'o') o.out = optarg;
    else if (c == 'l') langs = optarg;
    else if (c == 's') o.seed = (uint64_t)parse_long("--seed", optarg, 0);
    else if (c == 'p') o.pretrain = parse_long("--pretrain", optarg, 0);
    else if (c == 'u') o.unlabeled = parse_long("--unlabeled", optarg, 0);
    else if (c == 'n') parse_triple("--ner", optarg, o.ner);
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "data demo", data_usage))) return status;
  if (!o.out) jn_die("data demo needs --out DIR\n%s", data_usage);
  char *list = jn_strdup(langs ? langs : "vi,th,id");
  char **names;
  int n = split_list(list, &names);
  for (int i = 0; i < n; i++) demo_generate(&o, names[i]);
  demo_write_readme(&o, langs ? langs : "vi,th,id");
  free(names);
  free(list);
  return 0;
}

static int data_augment(int argc, char **argv) {
  static const struct option OPTS[] = {
      {"ner", required_argument, 0, 'n'},  {"unlabeled", required_argument, 0, 'u'},
      {"count", required_argument, 0, 'c'}, {"out", required_argument, 0, 'o'},
      {"seed", required_argument, 0, 's'}, {"fold-case", no_argument, 0, 'F'},
      CLI_HELP,                            CLI_END};
  AugmentOptions o = {.seed = 1, .count = -1};
  int c, status;
  while ((c = cli_option(argc, argv, "data augment", OPTS, data_usage, &status)) > 0) {
    if (c == 'F') o.fold_case = 1;
    else if (c == 'n') o.ner = optarg;
    else if (c == 'u') o.unlabeled = optarg;
    else if (c == 'c') o.count = parse_long("--count", optarg, 1);
    else if (c == 'o') o.out = optarg;
    else if (c == 's') o.seed = (uint64_t)parse_long("--seed", optarg, 0);
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "data augment", data_usage))) return status;
  if (!o.ner || !o.unlabeled || o.count < 0 || !o.out)
    jn_die("data augment needs --ner, --unlabeled, --count and --out\n%s", data_usage);
  augment_run(&o);
  return 0;
}

/* The tokens of CoNLL files, one sentence a line: text for fastText. */
static int data_text(int argc, char **argv) {
  static const struct option OPTS[] = {
      {"in", required_argument, 0, 'i'}, {"out", required_argument, 0, 'o'}, CLI_HELP, CLI_END};
  const char *inputs_arg = NULL, *out = NULL;
  int c, status;
  while ((c = cli_option(argc, argv, "data text", OPTS, data_usage, &status)) > 0) {
    if (c == 'i') inputs_arg = optarg;
    else if (c == 'o') out = optarg;
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "data text", data_usage))) return status;
  char *inputs = inputs_arg ? jn_strdup(inputs_arg) : NULL;
  if (!inputs || !out) jn_die("data text needs --in and --out\n%s", data_usage);
  if (sentence_output_labeled(out)) jn_die("%s: data text writes tokens only: use a .txt name", out);
  char **paths;
  int n = split_list(inputs, &paths);
  const ColumnFormat tokens_only = {.token_column = 0, .tag_column = -1, .whitespace_separated = 1,
                                    .scheme = "auto"};
  SentenceWriter w;
  sentence_writer_open(&w, out);
  long sentences = 0;
  for (int f = 0; f < n; f++) {
    NerData d;
    ner_data_read(&d, paths[f], &tokens_only);
    for (int s = 0; s < d.n_sentences; s++) {
      Tokens line = {d.words + d.start[s], d.start[s + 1] - d.start[s], 0};
      sentence_writer_put(&w, NULL, &line);
    }
    sentences += d.n_sentences;
    ner_data_free(&d);
  }
  sentence_writer_close(&w, out);
  printf("wrote %s %ld\n", out, sentences);
  free(paths);
  free(inputs);
  return 0;
}

int cmd_data(int argc, char **argv) {
  static const Command SUBCOMMANDS[] = {{"import", data_import, NULL},
                                        {"demo", data_demo, NULL},
                                        {"augment", data_augment, NULL},
                                        {"text", data_text, NULL},
                                        {0, 0, 0}};
  int status = cli_dispatch(SUBCOMMANDS, data_usage, argc, argv);
  if (status < 0) jn_die("data: unknown subcommand '%s'\n%s", argv[1], data_usage);
  return status;
}

int cmd_embed(int argc, char **argv) {
  static const struct option OPTS[] = {
      {"in", required_argument, 0, 'i'},      {"out", required_argument, 0, 'o'},
      {"dim", required_argument, 0, 'd'},     {"epoch", required_argument, 0, 'e'},
      {"threads", required_argument, 0, 't'}, {"min-count", required_argument, 0, 'm'},
      {"lowercase", no_argument, 0, 'l'},     CLI_HELP,
      CLI_END};
  EmbedOptions o = {.dim = 300, .epoch = 5, .threads = 2, .min_count = 5};
  const char *inputs_arg = NULL;
  int c, status;
  while ((c = cli_option(argc, argv, "embed", OPTS, embed_usage, &status)) > 0) {
    if (c == 'i') inputs_arg = optarg;
    else if (c == 'o') o.out = optarg;
    else if (c == 'd') o.dim = (int)parse_long("--dim", optarg, 1);
    else if (c == 'e') o.epoch = (int)parse_long("--epoch", optarg, 1);
    else if (c == 't') o.threads = (int)parse_long("--threads", optarg, 1);
    else if (c == 'm') o.min_count = (int)parse_long("--min-count", optarg, 1);
    else if (c == 'l') o.lowercase = 1;
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "embed", embed_usage))) return status;
  char *inputs = inputs_arg ? jn_strdup(inputs_arg) : NULL;
  if (!inputs || !o.out) jn_die("embed needs --in and --out\n%s", embed_usage);
  o.n_inputs = split_list(inputs, &o.inputs);
  embed_fasttext(&o);
  free(o.inputs);
  free(inputs);
  return 0;
}
