/* fuzz_record_load.c: a run record through record_load, as every command
 * reads one: the file is read first in a watched child, so whatever libhdf5
 * does with it (loop, crash), the caller gets 0 or -1 and a reason. The
 * corpus holds files on which libhdf5 itself hangs or crashes
 * (libhdf5-*.h5, found by fuzz_run_record). A short time limit keeps the
 * hangs cheap. */
#include <stdlib.h>
#include "fuzz_common.h"
#include "runner/run_record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  setenv("JOINTNER_RECORD_READ_SECONDS", "1", 0);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_input_file(data, size, "run.h5");
  RunRecord r;
  char why[256];
  if (record_load(path, &r, why, sizeof why) == 0) record_free(&r);
  return 0;
}
