/* vectors_cache.c: the checked binary subset of a .vec (see the header). */
#include "data/vectors_cache.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "data/checksum_memo.h"
#include "data/files.h"
#include "data/sha256.h"
#include "data/vec_reader.h"
#include "model/base.h"

static const char MAGIC[8] = {'J', 'N', 'V', 'E', 'C', 'S', '0', '1'};
enum { VERSION = 1, HEAD_BYTES = 8 + 4 + 4 + 8 + 64 + 8 + 8 + 8 };

char *vectors_cache_path(const char *source_sha) {
  char *dir = jn_cache_dir();
  if (!dir) return NULL;
  char *sub = jn_format("%s/vectors", dir);
  free(dir);
  if (mkdir(sub, 0755) != 0 && errno != EEXIST) {
    free(sub);
    return NULL;
  }
  char *path = jn_format("%s/%s.jnv", sub, source_sha);
  free(sub);
  return path;
}

static uint64_t get_u64(const char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

static uint32_t get_u32(const char *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

static int fail(char *why, size_t n, const char *what) {
  snprintf(why, n, "%s", what);
  return -1;
}

/* The whole file, or NULL. */
static char *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return NULL;
  }
  *size = (size_t)st.st_size;
  char *data = jn_malloc(*size + 1);
  size_t got = fread(data, 1, *size, f);
  fclose(f);
  if (got != *size) {
    free(data);
    return NULL;
  }
  return data;
}

static int parse(VectorsCache *c, size_t size, const char *sha, long long source_size, char *why, size_t n) {
  const char *d = c->data;
  if (size < HEAD_BYTES + 64 || memcmp(d, MAGIC, 8)) return fail(why, n, "not a jointner vectors cache");
  char hex[65];
  sha256_hex(d, size - 64, hex);
  if (memcmp(hex, d + size - 64, 64)) return fail(why, n, "checksum mismatch (damaged or truncated)");
  if (get_u32(d + 8) != VERSION) return fail(why, n, "another format version");
  uint32_t dim = get_u32(d + 12);
  if ((long long)get_u64(d + 16) != source_size || memcmp(d + 24, sha, 64))
    return fail(why, n, "made from another source file");
  uint64_t n_keys = get_u64(d + 88), n_rows = get_u64(d + 96), key_bytes = get_u64(d + 104);
  if (dim == 0 || dim > 100000 || n_keys > size || n_rows > n_keys || key_bytes > size ||
      HEAD_BYTES + 8 * n_keys + key_bytes + 4ull * n_rows * dim + 64 != size)
    return fail(why, n, "sizes do not match the file");
  c->dim = (int)dim, c->n_keys = (long)n_keys, c->n_rows = (long)n_rows;
  c->keys = jn_malloc(sizeof *c->keys * (n_keys ? n_keys : 1));
  c->rows = jn_malloc(sizeof *c->rows * (n_keys ? n_keys : 1));
  const char *row_at = d + HEAD_BYTES, *key = row_at + 8 * n_keys, *keys_end = key + key_bytes;
  for (uint64_t i = 0; i < n_keys; i++) {
    int64_t row;
    memcpy(&row, row_at + 8 * i, 8);
    const char *nul = memchr(key, '\0', (size_t)(keys_end - key));
    if (!nul || row < -1 || row >= (int64_t)n_rows) return fail(why, n, "a key or row is out of range");
    int inserted;
    *string_map_slot(&c->index, key, &inserted) = (long)i;
    if (!inserted) return fail(why, n, "a key appears twice");
    c->keys[i] = (char *)key, c->rows[i] = (long)row;
    key = nul + 1;
  }
  if (key != keys_end) return fail(why, n, "key bytes do not match the key count");
  c->table = keys_end;
  return 0;
}

int vectors_cache_load(VectorsCache *c, const char *path, const char *source_sha, long long source_size,
                       char *why, size_t why_size) {
  memset(c, 0, sizeof *c);
  size_t size;
  c->data = read_all(path, &size);
  if (!c->data) return fail(why, why_size, "cannot be read");
  if (parse(c, size, source_sha, source_size, why, why_size) == 0) return 0;
  vectors_cache_free(c);
  return -1;
}

long vectors_cache_row(const VectorsCache *c, const char *key) {
  long *i = string_map_find(&c->index, key);
  return i ? c->rows[*i] : -2;
}

void vectors_cache_free(VectorsCache *c) {
  free(c->keys);
  free(c->rows);
  free(c->data);
  string_map_free(&c->index);
  memset(c, 0, sizeof *c);
}

long vectors_cache_write(const char *source_path, const char *source_sha, char **keys, long n_keys,
                         const char *out_path) {
  struct stat st;
  if (stat(source_path, &st) != 0) jn_die("%s: cannot open: %s", source_path, strerror(errno));
  StringMap index = {0}; /* key -> position in order */
  char **order = NULL;
  long n = 0, cap = 0;
  VectorsCache old;
  char why[200];
  int have_old = vectors_cache_load(&old, out_path, source_sha, (long long)st.st_size, why, sizeof why) == 0;
  for (int pass = 0; pass < 2; pass++) {
    long count = pass ? n_keys : (have_old ? old.n_keys : 0);
    for (long i = 0; i < count; i++) {
      const char *k = pass ? keys[i] : old.keys[i];
      int inserted;
      long *slot = string_map_slot(&index, k, &inserted);
      if (!inserted) continue;
      *slot = n;
      if (n == cap) order = jn_realloc(order, sizeof *order * (size_t)(cap = cap ? 2 * cap : 1024));
      order[n++] = jn_strdup(k);
    }
  }
  if (have_old) vectors_cache_free(&old);
  long *rows = jn_malloc(sizeof *rows * (size_t)(n ? n : 1));
  for (long i = 0; i < n; i++) rows[i] = -1;
  VecReader r;
  vec_reader_open(&r, source_path);
  int dim = r.dim;
  float *vec = jn_malloc(sizeof(float) * dim), *table = NULL;
  long n_rows = 0, table_cap = 0;
  const char *word;
  while ((word = vec_reader_next(&r, vec))) {
    long *slot = string_map_find(&index, word);
    if (!slot || rows[*slot] >= 0) continue; /* the first row of a word is the one a reader takes */
    if (n_rows == table_cap)
      table = jn_realloc(table, sizeof(float) * dim * (size_t)(table_cap = table_cap ? 2 * table_cap : 1024));
    memcpy(table + (size_t)n_rows * dim, vec, sizeof(float) * dim);
    rows[*slot] = n_rows++;
  }
  if (r.line == 1) jn_die("%s: no vectors after the header", source_path);
  vec_reader_close(&r);
  uint64_t key_bytes = 0;
  for (long i = 0; i < n; i++) key_bytes += strlen(order[i]) + 1;
  char head[HEAD_BYTES];
  uint32_t version = VERSION, udim = (uint32_t)dim;
  uint64_t size = (uint64_t)st.st_size, un = (uint64_t)n, urows = (uint64_t)n_rows;
  memcpy(head, MAGIC, 8), memcpy(head + 8, &version, 4), memcpy(head + 12, &udim, 4);
  memcpy(head + 16, &size, 8), memcpy(head + 24, source_sha, 64), memcpy(head + 88, &un, 8);
  memcpy(head + 96, &urows, 8), memcpy(head + 104, &key_bytes, 8);
  /* the trailer hashes what is written: keep it in one buffer */
  size_t total = HEAD_BYTES + 8 * (size_t)n + key_bytes + 4 * (size_t)n_rows * dim, at = 0;
  char *all = jn_malloc(total + 64);
  memcpy(all, head, HEAD_BYTES), at = HEAD_BYTES;
  for (long i = 0; i < n; i++) {
    int64_t row = rows[i];
    memcpy(all + at, &row, 8), at += 8;
  }
  for (long i = 0; i < n; i++) {
    size_t len = strlen(order[i]) + 1;
    memcpy(all + at, order[i], len), at += len;
  }
  if (n_rows) memcpy(all + at, table, 4 * (size_t)n_rows * dim);
  char hex[65];
  sha256_hex(all, total, hex);
  memcpy(all + total, hex, 64);
  write_bytes_atomically(out_path, all, total + 64);
  free(all), free(table), free(vec), free(rows);
  for (long i = 0; i < n; i++) free(order[i]);
  free(order);
  string_map_free(&index);
  return n;
}
