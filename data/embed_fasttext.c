/* embed_fasttext.c: fork/exec fastText skip-gram, keep the .vec. */
#include "data/embed_fasttext.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "data/files.h"
#include "data/line_reader.h"
#include "data/sha256.h"
#include "data/vocab.h"
#include "model/base.h"

static char *concat(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 1;
  char *s = jn_malloc(n);
  snprintf(s, n, "%s%s", a, b);
  return s;
}

/* Appends the text of path, ending in a newline: line by line (checked,
 * line_reader.h) when it is gzip or is to be lowercased, each line then
 * lowercased as the vectors' lookup lowercases a word (vocab.h); otherwise
 * copied byte for byte. */
static void append_file(FILE *out, const char *path, int lowercase) {
  if (lowercase || line_reader_is_gzip(path)) {
    LineReader r;
    line_reader_open(&r, path);
    for (char *line; (line = line_reader_next(&r));) {
      char *text = lowercase ? word_lowercase(line) : line;
      fprintf(out, "%s\n", text);
      if (lowercase) free(text);
    }
    line_reader_close(&r);
    return;
  }
  FILE *in = fopen(path, "rb");
  if (!in) jn_die("%s: cannot open: %s", path, strerror(errno));
  char buf[1 << 16];
  size_t n;
  int last = '\n';
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    fwrite(buf, 1, n, out);
    last = buf[n - 1];
  }
  if (last != '\n') fputc('\n', out);
  fclose(in);
}

static void run(char *const argv[]) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) jn_die("fork: %s", strerror(errno));
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "jointner: error: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0) jn_die("waitpid: %s", strerror(errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    jn_die("%s failed (%s %d)", argv[0], WIFEXITED(status) ? "exit status" : "signal",
           WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

void embed_fasttext(const EmbedOptions *o) {
  size_t n = strlen(o->out);
  if (n <= 4 || strcmp(o->out + n - 4, ".vec")) jn_die("%s: --out must end in .vec", o->out);
  char *prefix = jn_strdup(o->out);
  prefix[n - 4] = '\0';
  const char *input = o->inputs[0];
  char *joined = NULL;
  if (o->n_inputs > 1 || o->lowercase || line_reader_is_gzip(input)) { /* fastText reads one plain file */
    joined = concat(o->out, ".input.txt");
    FILE *f = output_open(joined);
    for (int i = 0; i < o->n_inputs; i++) append_file(f, o->inputs[i], o->lowercase);
    output_close(f, joined);
    input = joined;
  } else if (access(input, R_OK)) jn_die("%s: cannot open: %s", input, strerror(errno));
  char dim[16], epoch[16], threads[16], min_count[16];
  snprintf(dim, sizeof dim, "%d", o->dim);
  snprintf(epoch, sizeof epoch, "%d", o->epoch);
  snprintf(threads, sizeof threads, "%d", o->threads);
  snprintf(min_count, sizeof min_count, "%d", o->min_count);
  char *argv[] = {"fasttext", "skipgram", "-input", (char *)input, "-output", prefix,
                  "-dim", dim, "-epoch", epoch, "-thread", threads, "-minCount", min_count,
                  "-minn", "0", "-maxn", "0", "-verbose", "1", NULL};
  run(argv);
  char *bin = concat(prefix, ".bin");
  if (unlink(bin) != 0) jn_die("%s: cannot remove: %s", bin, strerror(errno));
  if (joined) unlink(joined);
  char hex[65];
  sha256_file(o->out, hex);
  printf("wrote %s\nsha256 %s\n", o->out, hex);
  free(bin);
  free(joined);
  free(prefix);
}
