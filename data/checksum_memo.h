/* checksum_memo.h: SHA-256 of data files, remembered across runs as make
 * and git do: an entry is keyed by the file's absolute path, size, mtime
 * (ns), inode and device, and used only while all five still match. A file
 * changed less than 2 s before it was hashed is not remembered (its mtime
 * could stay the same through a later change: git's "racy clean").
 * The memo is CACHE_DIR/checksums.tsv, appended to (one write per line, so
 * concurrent runs do not interleave); CACHE_DIR is $JOINTNER_CACHE, else
 * $XDG_CACHE_HOME/jointner, else $HOME/.cache/jointner. JOINTNER_CACHE=off
 * turns the memo and the vectors cache off. Entries that do not parse are
 * ignored; a memo that cannot be written only costs a rehash next time. */
#ifndef JN_CHECKSUM_MEMO_H
#define JN_CHECKSUM_MEMO_H

/* The cache folder (malloc'd, created if needed) or NULL when turned off
 * or not creatable. */
char *jn_cache_dir(void);
/* CACHE_DIR/name (malloc'd), or NULL when the cache is off. */
char *jn_cache_file(const char *name);
/* The wall clock in ns (CLOCK_REALTIME, the clock of file mtimes). */
long long jn_wall_ns(void);
/* 1 when a file last changed at mtime_ns and read at read_ns may not be
 * remembered: less than 2 s apart, a later change could keep the mtime. */
int jn_memo_racy(long long mtime_ns, long long read_ns);
/* SHA-256 of the file at path (lowercase hex), from the memo when it holds
 * the file as it is now, else hashed and remembered. Dies when the file
 * cannot be read or is not a regular file (/dev/zero would never end). */
void checksum_file(const char *path, char hex[65]);
/* Hashes the file again; returns 1 when the memo held another checksum
 * for it as it is now (*memo_hex set), else 0. Remembers the new one. */
int checksum_verify(const char *path, char hex[65], char memo_hex[65]);

#endif
