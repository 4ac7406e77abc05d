/* fuzz_vec.c: a fastText .vec file through both loaders: the vectors of a
 * known vocabulary, and every word of the file (pre-training). */
#include <string.h>
#include "data/vocab.h"
#include "fuzz_common.h"

static const char *path;

static void load_known(void *unused) {
  (void)unused;
  Vocab v;
  memset(&v, 0, sizeof v);
  vocab_add(&v, "baju");
  vocab_add(&v, "Merah");
  vocab_add(&v, "12");
  vocab_load_vectors(&v, path, 0);
  vocab_free(&v);
}

static void load_all(void *unused) {
  (void)unused;
  Vocab v;
  memset(&v, 0, sizeof v);
  vocab_load_all_vectors(&v, path);
  vocab_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  path = fuzz_input_file(data, size, "vectors.vec");
  fuzz_expect_error(load_known, NULL);
  fuzz_expect_error(load_all, NULL);
  return 0;
}
