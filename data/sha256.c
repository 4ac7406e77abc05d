/* sha256.c: SHA-256 through OpenSSL's libcrypto (EVP, which uses the CPU's
 * SHA instructions where there are any). */
#include "data/sha256.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "model/base.h"

static EVP_MD_CTX *digest_start(void) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) jn_die("libcrypto: cannot start SHA-256");
  return ctx;
}

static void digest_finish(EVP_MD_CTX *ctx, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(ctx, md, &n) != 1 || n != 32) jn_die("libcrypto: SHA-256 failed");
  EVP_MD_CTX_free(ctx);
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

void sha256_hex(const void *data, size_t n, char hex[65]) {
  EVP_MD_CTX *ctx = digest_start();
  if (EVP_DigestUpdate(ctx, data, n) != 1) jn_die("libcrypto: SHA-256 failed");
  digest_finish(ctx, hex);
}

void sha256_file(const char *path, char hex[65]) {
  FILE *f = fopen(path, "rb");
  if (!f) jn_die("%s: cannot open: %s", path, strerror(errno));
  EVP_MD_CTX *ctx = digest_start();
  size_t cap = 1 << 20;
  unsigned char *buf = jn_malloc(cap);
  size_t n;
  while ((n = fread(buf, 1, cap, f)) > 0)
    if (EVP_DigestUpdate(ctx, buf, n) != 1) jn_die("libcrypto: SHA-256 failed");
  if (ferror(f)) jn_die("%s: read failed: %s", path, strerror(errno));
  fclose(f);
  free(buf);
  digest_finish(ctx, hex);
}
