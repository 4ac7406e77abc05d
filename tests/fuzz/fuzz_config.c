/* fuzz_config.c: a run config (JSON) through config_parse and the
 * canonical form, relative to fixture/ (tiny data files that exist). */
#include <stdlib.h>
#include <string.h>
#include "fuzz_common.h"
#include "runner/config.h"

#ifndef FIXTURE_DIR
#error "FIXTURE_DIR must name tests/fuzz/fixture"
#endif

static void parse(void *text) {
  Config c;
  config_parse(&c, text, "fuzz.json", FIXTURE_DIR);
  free(config_canonical(&c, 1));
  config_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  fuzz_expect_error(parse, text);
  free(text);
  return 0;
}
