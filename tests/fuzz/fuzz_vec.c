/* fuzz_vec.c: a fastText .vec file through its loader: the vectors of a
 * known vocabulary (training and pre-training alike). */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  path = fuzz_input_file(data, size, "vectors.vec");
  fuzz_expect_error(load_known, NULL);
  return 0;
}
