/* record_read.h: a run record read in this process, sizes bounded by the
 * file's size and the contents checked (record_check.h). libhdf5 can still
 * hang or crash on a hostile file: use record_load (run_record.h), which
 * reads through a child with a time limit; this is for that child and the
 * fuzzer. */
#ifndef JN_RECORD_READ_H
#define JN_RECORD_READ_H
#include <stddef.h>
#include "runner/run_record.h"

/* 0 and a checked record, or -1 with the reason in why (r then empty).
 * summary: the parameter arrays (best_params, params, adam_m, adam_v) are
 * not read, only their lengths (n_params, has_checkpoint), and so neither
 * checked against their SHA-256 nor for finite values; for a file read
 * whole before (record_memo.h). */
int record_read(const char *path, size_t file_bytes, int summary, RunRecord *r, char *why,
                size_t why_size);
/* The record's state (run_record.h) from a few attributes; -1 (and st
 * empty) when the file is not HDF5. */
int record_read_state(const char *path, size_t file_bytes, RecordState *st);

#endif
