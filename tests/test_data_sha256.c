/* test_data_sha256.c: SHA-256 against the FIPS 180-4 / NIST test vectors,
 * for buffers and for files (block-boundary lengths included). */
#include <stdlib.h>
#include <string.h>
#include "data/sha256.h"
#include "tests/check.h"

static void check_file(const char *content, size_t n, const char *expect) {
  const char *path = "test_data_sha256.tmp";
  FILE *f = fopen(path, "wb");
  fwrite(content, 1, n, f);
  fclose(f);
  char hex[65];
  sha256_file(path, hex);
  CHECK(!strcmp(hex, expect));
  remove(path);
}

int main(void) {
  char hex[65];
  sha256_hex("", 0, hex);
  CHECK(!strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  sha256_hex("abc", 3, hex);
  CHECK(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
  sha256_hex(two_blocks, strlen(two_blocks), hex);
  CHECK(!strcmp(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  size_t million = 1000000;
  char *a = malloc(million);
  memset(a, 'a', million);
  sha256_hex(a, million, hex);
  CHECK(!strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
  check_file(a, million, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  check_file("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  check_file(two_blocks, strlen(two_blocks), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  free(a);
  return check_exit("test_data_sha256");
}
