/* record_memo.h: the run records that have been read whole and found
 * sound (record_load: read in a child with a time limit, every array
 * within the file, the parameters matching their SHA-256, record_check),
 * remembered by the state of the file, so that a record listed again and
 * again (a sweep's --dry-run, `slurm status --watch`, `jointner tables`)
 * is read whole once. As the checksum memo (data/checksum_memo.h) does, a
 * file is known only while its path, size, mtime (ns), inode and device
 * are unchanged, and a file changed less than 2 s before it was read is
 * not remembered. Only complete records are remembered: a running one is
 * written again every epoch, by renaming a new file over the old
 * (run_record.h), so it would be a new inode each time. The memo is
 * CACHE_DIR/records.tsv, appended to one line at a time; JOINTNER_CACHE=off
 * turns it off. */
#ifndef JN_RECORD_MEMO_H
#define JN_RECORD_MEMO_H
#include <limits.h>

typedef struct {
  char path[PATH_MAX]; /* absolute, resolved */
  long long size, mtime_ns, inode, device, taken_ns;
} RecordFileState;

/* The state of the open file fd, opened by path; -1 if it cannot be had. */
int record_file_state(int fd, const char *path, RecordFileState *s);
/* 1 if the memo holds the file in state s: found sound before, unchanged. */
int record_memo_known_sound(const RecordFileState *s);
/* Remembers the file of fd, just read whole and found sound, if it is
 * still in state s and s is not racy. */
void record_memo_remember(int fd, const RecordFileState *s);

#endif
