/* sha256.h: SHA-256 (FIPS 180-4) of a buffer or a file, as lowercase hex.
 * The run record names word vectors by the checksum of their .vec file. */
#ifndef JN_SHA256_H
#define JN_SHA256_H
#include <stddef.h>

void sha256_hex(const void *data, size_t n, char hex[65]);
/* Dies when the file cannot be read. */
void sha256_file(const char *path, char hex[65]);

#endif
