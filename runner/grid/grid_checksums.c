/* grid_checksums.c: a path -> SHA-256 memo within one invocation (linear
 * search: a grid names a few dozen files), over checksum_memo.h's memo
 * across invocations. */
#include "runner/grid/grid_checksums.h"
#include <stdlib.h>
#include <string.h>
#include "data/checksum_memo.h"
#include "model/base.h"

const char *grid_checksum(GridChecksums *cache, const char *path) {
  for (int i = 0; i < cache->n; i++)
    if (!strcmp(cache->paths[i], path)) return cache->hex[i];
  cache->paths = jn_realloc(cache->paths, sizeof *cache->paths * (size_t)(cache->n + 1));
  cache->hex = jn_realloc(cache->hex, sizeof *cache->hex * (size_t)(cache->n + 1));
  cache->paths[cache->n] = jn_strdup(path);
  checksum_file(path, cache->hex[cache->n]);
  return cache->hex[cache->n++];
}

void grid_checksums_free(GridChecksums *cache) {
  for (int i = 0; i < cache->n; i++) free(cache->paths[i]);
  free(cache->paths);
  free(cache->hex);
  memset(cache, 0, sizeof *cache);
}
