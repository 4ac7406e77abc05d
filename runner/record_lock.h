/* record_lock.h: one writer per run record. A run holds an exclusive
 * flock on RECORD.lock (beside the record, which is replaced by rename and
 * so cannot carry the lock itself) for the life of the process. */
#ifndef JN_RECORD_LOCK_H
#define JN_RECORD_LOCK_H

/* Dies (exit 2) when path exists and is not a regular file, or when
 * another process holds the lock (naming its pid and host). Holding it,
 * removes the temporary files (path.tmp.<pid>) that writers killed
 * mid-write left behind: no live process can own them. */
void record_lock(const char *path);
/* Opens (creating) lock_path and takes an exclusive flock on it for the
 * life of the process, writing "pid P on HOST" into it. 0 when held; -1
 * when another process holds it, its text in holder (empty if unknown).
 * Dies when the file cannot be opened. Serves RECORD.lock and grid.lock. */
int hold_exclusive_lock(const char *lock_path, char holder[128]);

#endif
