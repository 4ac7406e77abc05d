/* grid_checksums.h: the SHA-256 of each data file, computed once per grid
 * invocation. A grid names the same few files (train, dev, test, vectors of
 * each language) in hundreds of job identities; word vectors can be hundreds
 * of MB, so hashing them per job would dominate planning. */
#ifndef JN_GRID_CHECKSUMS_H
#define JN_GRID_CHECKSUMS_H

typedef struct {
  int n;
  char **paths;     /* absolute paths, as given */
  char (*hex)[65];  /* hex[i] is the SHA-256 of paths[i] */
} GridChecksums;

/* The SHA-256 of the file at path (lowercase hex, owned by the cache).
 * Dies when the file cannot be read. */
const char *grid_checksum(GridChecksums *cache, const char *path);
void grid_checksums_free(GridChecksums *cache);

#endif
