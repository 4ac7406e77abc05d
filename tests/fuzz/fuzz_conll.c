/* fuzz_conll.c: a CoNLL column file through ner_data_read; the first byte
 * picks the column format (TAB or whitespace, scheme, tags or none). */
#include "data/ner_data.h"
#include "fuzz_common.h"

static const ColumnFormat *format;
static const char *path;

static void read_it(void *unused) {
  (void)unused;
  NerData d;
  ner_data_read(&d, path, format);
  ner_data_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const schemes[] = {"auto", "bio", "iobes"};
  if (size < 1) return 0;
  ColumnFormat f = {0, data[0] & 8 ? -1 : 1, data[0] & 1, schemes[(data[0] >> 1) % 3]};
  format = &f;
  path = fuzz_input_file(data + 1, size - 1, "train.conll");
  fuzz_expect_error(read_it, NULL);
  return 0;
}
