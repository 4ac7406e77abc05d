/* vec_reader.h: rows of a fastText .vec file, plain or gzipped (zlib reads
 * either; cc.LANG.300.vec.gz need not be unpacked). The header is
 * "COUNT DIM"; each row is "WORD X1 .. XDIM" (a trailing space, CR/LF and
 * a BOM before the header are allowed). Every row is checked, whether or
 * not its word is wanted: the word must be valid UTF-8, the numbers
 * decimal (parse_float.h: no nan, inf or hex floats) and in float range,
 * exactly DIM of them; any fault dies with "file:line: what". Only regular
 * files are read (not /dev/zero, pipes or directories), and a line longer
 * than 4096 + 64 * DIM bytes is an error, so no input can make it hang or
 * grow without bound. */
#ifndef JN_VEC_READER_H
#define JN_VEC_READER_H
#include <stddef.h>

typedef struct {
  void *gz;      /* gzFile */
  char *name;
  long line;     /* the line last returned (1 = header) */
  long count;    /* as the header says */
  int dim;
  char *buf;     /* [cap]: buf[start, end) holds unread bytes */
  size_t cap, start, end, max_line;
  int eof;
} VecReader;

/* Opens path and reads the header. */
void vec_reader_open(VecReader *r, const char *path);
/* The next row's word (valid until the next call), its DIM numbers in vec;
 * NULL at the end of the file. */
const char *vec_reader_next(VecReader *r, float *vec);
void vec_reader_close(VecReader *r);

#endif
