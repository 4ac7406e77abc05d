/* fuzz_run_record.c: a run record (HDF5) through record_read, the reader
 * that record_load runs in a watched child. Bounds and checks are ours;
 * libhdf5 may still loop or crash on some files (see README.md here): the
 * child and its time limit contain those. */
#include "fuzz_common.h"
#include "runner/record_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_input_file(data, size, "run.h5");
  RunRecord r;
  char why[256];
  if (record_read(path, size, 0, &r, why, sizeof why) == 0) record_free(&r);
  return 0;
}
