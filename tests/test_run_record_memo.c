/* test_run_record_memo.c: record_load_summary and the memo of records
 * found sound (runner/record_memo.h), on a complete record of 1,000
 * parameters, all 1.5, and a running one with a checkpoint.
 *
 * 1. A record written 10 s ago: the summary has its status, finals,
 *    epochs, n_params 1000 and no arrays, is complete, and the memo has one
 *    line; a second summary (read without its arrays) is the same and adds
 *    no line.
 * 2. One parameter overwritten in place (2.5) with the mtime set back: the
 *    memo still knows the file (size, mtime, inode and device unchanged), so
 *    the summary passes, as make and git would; record_load reads the
 *    arrays and refuses it ("do not match their checksum").
 * 3. The same file with another mtime: the memo does not know it, and the
 *    summary reads it whole and refuses it; nothing is remembered.
 * 4. A record written just now (mtime within 2 s) is read whole and not
 *    remembered; with JOINTNER_CACHE=off nothing is.
 * 5. A running record with a checkpoint: has_checkpoint is 1 in the whole
 *    read and in the summary (complete records have 0); it is not
 *    remembered, as it is written again every epoch. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "runner/run_record.h"

#define WORK_DIR "test_run_record_memo_work"
#define N_PARAMS 1000

static float *filled(float value) {
  float *v = malloc(sizeof *v * N_PARAMS);
  for (int i = 0; i < N_PARAMS; i++) v[i] = value;
  return v;
}

/* A complete training record, or a running one with a checkpoint. */
static void write_record(const char *path, int running) {
  RunRecord r = {0};
  record_set_string(&r.kind, "train");
  record_set_string(&r.config_json, "{}");
  record_set_string(&r.config_hash, "0123456789abcdef");
  record_set_string(&r.status, running ? "running" : "complete");
  for (int e = 1; e <= 3; e++) record_add_epoch(&r, &(EpochLog){e, 1.0, 50, 1e-3, 10.0 + e, 100});
  r.state.epoch = 3, r.state.lr = 1e-3, r.state.best = 52;
  record_set_final(&r, "test_f1", 50);
  record_set_final(&r, "dev_f1", 52);
  r.n_params = N_PARAMS;
  r.best_params = filled(1.5f);
  if (running) r.params = filled(1.5f), r.adam_m = filled(0), r.adam_v = filled(0);
  record_save(path, &r);
  record_free(&r);
}

static void set_mtime(const char *path, time_t seconds_ago) {
  struct timespec times[2] = {{time(NULL) - seconds_ago, 0}, {time(NULL) - seconds_ago, 0}};
  CHECK(utimensat(AT_FDCWD, path, times, 0) == 0);
}

static int memo_lines(void) {
  FILE *f = fopen(WORK_DIR "/cache/records.tsv", "r");
  int n = 0, c;
  if (!f) return 0;
  while ((c = fgetc(f)) != EOF) n += c == '\n';
  fclose(f);
  return n;
}

/* Overwrites the first parameter of value 1.5 with 2.5, in place. */
static void corrupt_a_parameter(const char *path) {
  FILE *f = fopen(path, "r+b");
  CHECK(f != NULL);
  if (!f) return;
  const float one_and_half[4] = {1.5f, 1.5f, 1.5f, 1.5f}, changed = 2.5f;
  unsigned char window[sizeof one_and_half];
  long found = -1;
  for (long at = 0; found < 0 && fseek(f, at, SEEK_SET) == 0 &&
                    fread(window, 1, sizeof window, f) == sizeof window;
       at++)
    if (!memcmp(window, one_and_half, sizeof window)) found = at;
  CHECK(found >= 0);
  if (found >= 0) {
    fseek(f, found, SEEK_SET);
    fwrite(&changed, sizeof changed, 1, f);
  }
  fclose(f);
}

/* The summary's verdict (0 sound) and, when sound, its contents checked. */
static int summary(const char *path, int expect_checkpoint, char *why, size_t why_size) {
  RunRecord r;
  int status = record_load_summary(path, &r, why, why_size);
  if (status == 0) {
    CHECK(r.best_params == NULL && r.params == NULL && r.adam_m == NULL && r.adam_v == NULL);
    CHECK(r.n_params == N_PARAMS && r.n_epochs == 3 && r.has_checkpoint == expect_checkpoint);
    CHECK(record_final(&r, "test_f1", -1) == 50);
    if (!expect_checkpoint) CHECK(record_verify_complete(&r, why, why_size) == 1);
  }
  record_free(&r);
  return status;
}

int main(void) {
  char why[256];
  RunRecord whole;
  CHECK(system("rm -rf " WORK_DIR " && mkdir -p " WORK_DIR "/cache") == 0);
  setenv("JOINTNER_CACHE", WORK_DIR "/cache", 1);

  const char *path = WORK_DIR "/run.h5";
  write_record(path, 0);
  set_mtime(path, 10);
  CHECK(summary(path, 0, why, sizeof why) == 0);
  CHECK(memo_lines() == 1);
  CHECK(summary(path, 0, why, sizeof why) == 0);
  CHECK(memo_lines() == 1);

  corrupt_a_parameter(path);
  set_mtime(path, 10);
  CHECK(summary(path, 0, why, sizeof why) == 0); /* known to the memo as it was */
  CHECK(record_load(path, &whole, why, sizeof why) == -1 && strstr(why, "do not match their checksum"));
  record_free(&whole);

  set_mtime(path, 20);
  CHECK(summary(path, 0, why, sizeof why) == -1 && strstr(why, "do not match their checksum"));
  CHECK(memo_lines() == 1);

  const char *fresh = WORK_DIR "/fresh.h5";
  write_record(fresh, 0);
  CHECK(summary(fresh, 0, why, sizeof why) == 0);
  CHECK(memo_lines() == 1);
  setenv("JOINTNER_CACHE", "off", 1);
  set_mtime(fresh, 10);
  CHECK(summary(fresh, 0, why, sizeof why) == 0);
  setenv("JOINTNER_CACHE", WORK_DIR "/cache", 1);
  CHECK(memo_lines() == 1);

  const char *running = WORK_DIR "/running.h5";
  write_record(running, 1);
  set_mtime(running, 10);
  CHECK(record_load(running, &whole, why, sizeof why) == 0 && whole.has_checkpoint == 1 &&
        whole.params != NULL);
  record_free(&whole);
  CHECK(summary(running, 1, why, sizeof why) == 0);
  CHECK(memo_lines() == 1);
  return check_exit("test_run_record_memo");
}
