/* embed_fasttext.h: word vectors with Debian's fastText (/usr/bin/fasttext).
 * Runs `fasttext skipgram -input IN -output PREFIX -dim D -epoch E
 * -thread T -minCount M -minn 0 -maxn 0` by fork/exec (no shell). Several
 * inputs, a gzip one, or any input to be lowercased are first written as
 * one plain text, OUT.input.txt (removed afterwards).
 * -minn 0 -maxn 0 turns subwords off, so the .bin stays small (it would
 * otherwise hold a 2M-bucket x dim matrix, 2.4 GB at 300); the .bin is
 * removed, the .vec kept, and `sha256 HEX` of the .vec printed. */
#ifndef JN_EMBED_FASTTEXT_H
#define JN_EMBED_FASTTEXT_H

typedef struct {
  char **inputs;
  int n_inputs;
  const char *out; /* must end in .vec */
  int dim, epoch, threads, min_count;
  int lowercase; /* train on the lowercased text (word_lowercase, vocab.h) */
} EmbedOptions;

void embed_fasttext(const EmbedOptions *o);

#endif
