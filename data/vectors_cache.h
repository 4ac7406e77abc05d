/* vectors_cache.h: a crawl-size .vec restricted to the words some data can
 * ask for, in a binary file that loads in milliseconds. It is named by the
 * source's SHA-256 (CACHE_DIR/vectors/SHA.jnv, CACHE_DIR as in
 * checksum_memo.h), so a run finds it from its source's checksum alone and
 * the run's identity stays the source's content. It records the source's
 * SHA-256 and size, every key asked for (words and their fallback forms:
 * lowercase, digits as '#' and '0'), found or not, and the vector of each
 * found key (its first row in the source, as a streaming read takes it).
 * A reader only uses it when every key it needs was asked for; then the
 * answers are those of the source, bit for bit.
 *
 * Layout (native little-endian; every size checked against the file's):
 *   "JNVECS01"  u32 version=1  u32 dim  u64 source size  64 hex source SHA
 *   u64 n_keys  u64 n_rows  u64 key bytes
 *   i64 row[n_keys] (-1: not in the source)
 *   the keys, NUL-terminated, in order [key bytes]
 *   f32 table[n_rows][dim]
 *   64 hex: SHA-256 of everything above. */
#ifndef JN_VECTORS_CACHE_H
#define JN_VECTORS_CACHE_H
#include <stddef.h>
#include "data/string_map.h"

typedef struct {
  int dim;
  long n_keys, n_rows;
  char **keys;     /* [n_keys], pointing into data */
  long *rows;      /* [n_keys] */
  const char *table; /* [n_rows][dim] floats inside data (unaligned: memcpy) */
  StringMap index; /* key -> index into keys */
  char *data;      /* the file */
} VectorsCache;

/* CACHE_DIR/vectors/SHA.jnv (malloc'd; the folder is created), or NULL when
 * the cache is turned off. */
char *vectors_cache_path(const char *source_sha);
/* Reads and checks the cache at path for the source with that SHA-256 and
 * size. Returns 0, or -1 with *why set (missing, truncated, corrupt, of
 * another source). */
int vectors_cache_load(VectorsCache *c, const char *path, const char *source_sha, long long source_size,
                       char *why, size_t why_size);
/* The key's row (>= 0), -1 when the source has no such word, -2 when the
 * cache was not asked for it. */
long vectors_cache_row(const VectorsCache *c, const char *key);
void vectors_cache_free(VectorsCache *c);

/* Writes the cache of the source at source_path (SHA-256 source_sha) for
 * the given keys plus those of a valid cache already at out_path, reading
 * the source once; temp file, fsync, rename. Returns the number of keys. */
long vectors_cache_write(const char *source_path, const char *source_sha, char **keys, long n_keys,
                         const char *out_path);

#endif
