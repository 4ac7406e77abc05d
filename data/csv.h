/* csv.h: RFC 4180 records (quoted fields may hold the delimiter, "" and
 * line breaks) with a chosen delimiter. A quote inside an unquoted field is
 * kept as a literal character; an unterminated quoted field or text after a
 * closing quote dies with "file:line: ...". */
#ifndef JN_CSV_H
#define JN_CSV_H
#include <stdbool.h>
#include "data/line_reader.h"
#include "data/tokens.h"

/* Reads the next record into fields (cleared first); record_line gets the
 * line where it starts. false at end of file. */
bool csv_next(LineReader *r, char delim, Tokens *fields, long *record_line);

#endif
