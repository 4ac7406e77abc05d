/* fuzz_import.c: one importer (IMPORT, e.g. import_bio) on one input file
 * named INPUT_NAME (some formats read the class or domain from the name),
 * writing to OUTPUT_NAME in the fuzzer's folder. Built once per format. */
#include <stdio.h>
#include "data/import.h"
#include "fuzz_common.h"

#if !defined(IMPORT) || !defined(INPUT_NAME) || !defined(OUTPUT_NAME)
#error "IMPORT, INPUT_NAME and OUTPUT_NAME must be defined"
#endif
#ifndef SPLIT
#define SPLIT {0, 0, 0} /* train, dev, test sizes; none */
#endif

static ImportOptions options;

static void import(void *unused) {
  (void)unused;
  IMPORT(&options);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char input[4096], output[4096];
  static char *inputs[1] = {input};
  snprintf(input, sizeof input, "%s", fuzz_input_file(data, size, INPUT_NAME));
  snprintf(output, sizeof output, "%s%s", fuzz_dir(), OUTPUT_NAME);
  options = (ImportOptions){.inputs = inputs, .n_inputs = 1, .out = output, .seed = 2020, .split = SPLIT,
                            .label_map = "raw", .max_skip = 2, .text_column = "text",
                            .label_column = "label"};
  fuzz_expect_error(import, NULL);
  return 0;
}
