/* cmd_vectors.c: `jointner vectors subset|checksum`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/checksum_memo.h"
#include "model/base.h"
#include "runner/cli.h"
#include "runner/config.h"
#include "runner/vectors_subset.h"

static const char USAGE[] =
    "usage:\n"
    "  jointner vectors subset [--config RUN.json]... [--text FILE]... [--vectors FILE]\n"
    "    writes the vectors cache of the word vectors (the configs' data.vectors, or FILE;\n"
    "    .vec or .vec.gz) for every token of the configs' train, dev, test and augment files\n"
    "    and of the text files (e.g. a pre-training corpus), with their fallback forms;\n"
    "    runs of these configs then read the cache instead of the source (same vectors,\n"
    "    same run identity). An existing cache of the same source is widened, not narrowed.\n"
    "    The cache is CACHE_DIR/vectors/SHA256.jnv; CACHE_DIR is $JOINTNER_CACHE, else\n"
    "    $XDG_CACHE_HOME/jointner, else ~/.cache/jointner.\n"
    "  jointner vectors checksum [--verify] FILE...\n"
    "    prints the SHA-256 of each file, from the checksum memo (path, size, mtime, inode)\n"
    "    when it holds the file as it is; --verify hashes again and exits 2 when the memo\n"
    "    held another checksum for a file.\n";

static int subset(int argc, char **argv) {
  const char *vectors = NULL;
  int n_configs = 0, n_texts = 0;
  Config *configs = jn_calloc((size_t)argc, sizeof *configs);
  const char **texts = jn_calloc((size_t)argc, sizeof *texts);
  static const struct option OPTS[] = {{"config", required_argument, 0, 'c'},
                                       {"text", required_argument, 0, 't'},
                                       {"vectors", required_argument, 0, 'v'},
                                       CLI_HELP,
                                       CLI_END};
  int c, status;
  while ((c = cli_option(argc, argv, "vectors subset", OPTS, USAGE, &status)) > 0) {
    if (c == 'c') config_load(&configs[n_configs++], optarg);
    else if (c == 't') texts[n_texts++] = optarg;
    else if (c == 'v') vectors = optarg;
  }
  if (c < 0 || (status = cli_no_arguments(argc, argv, "vectors subset", USAGE))) {
    for (int i = 0; i < n_configs; i++) config_free(&configs[i]);
    free(configs);
    free(texts);
    return status;
  }
  for (int i = 0; i < n_configs; i++) {
    if (!vectors) vectors = configs[i].vectors;
    if (strcmp(vectors, configs[i].vectors))
      jn_die("%s: data.vectors is %s, not %s: make one cache per source", configs[i].path, configs[i].vectors, vectors);
  }
  if (!vectors) jn_die("vectors subset needs --vectors or a --config\n%s", USAGE);
  VectorsSubset s;
  vectors_subset_init(&s, vectors);
  for (int i = 0; i < n_configs; i++) vectors_subset_add_config(&s, &configs[i]);
  for (int i = 0; i < n_texts; i++) vectors_subset_add_text(&s, texts[i]);
  vectors_subset_write(&s);
  vectors_subset_free(&s);
  for (int i = 0; i < n_configs; i++) config_free(&configs[i]);
  free(configs);
  free(texts);
  return 0;
}

static int checksum(int argc, char **argv) {
  static const struct option OPTS[] = {{"verify", no_argument, 0, 'v'}, CLI_HELP, CLI_END};
  int verify = 0, changed = 0, c, status;
  while ((c = cli_option(argc, argv, "vectors checksum", OPTS, USAGE, &status)) > 0) verify = 1;
  if (c < 0) return status;
  if (optind >= argc) jn_die("vectors checksum needs a FILE\n%s", USAGE);
  for (int i = optind; i < argc; i++) {
    char hex[65], memo[65];
    if (!verify) {
      checksum_file(argv[i], hex);
      printf("%s  %s\n", hex, argv[i]);
    } else if (checksum_verify(argv[i], hex, memo)) {
      printf("%s  %s  CHANGED: the memo said %s\n", hex, argv[i], memo);
      changed = 1;
    } else {
      printf("%s  %s  verified\n", hex, argv[i]);
    }
  }
  return changed ? JN_EXIT_ERROR : 0;
}

int cmd_vectors(int argc, char **argv) {
  static const Command SUBCOMMANDS[] = {
      {"subset", subset, NULL}, {"checksum", checksum, NULL}, {0, 0, 0}};
  int status = cli_dispatch(SUBCOMMANDS, USAGE, argc, argv);
  if (status < 0) jn_die("vectors: unknown subcommand '%s'\n%s", argv[1], USAGE);
  return status;
}
