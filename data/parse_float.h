/* parse_float.h: a decimal number of a text file as a float, exactly as
 * strtof rounds it (round to nearest even), several times faster.
 * Accepted: [+-] digits [. digits] [(e|E) [+-] digits], at least one digit
 * before the exponent; not "nan", "inf", hex floats or anything else.
 * Most numbers of a fastText .vec (a mantissa of at most 19 digits and
 * 2^53, a power of ten up to 22) take the exact fast path: the mantissa and the power of
 * ten are exact doubles, so their quotient or product is the correctly
 * rounded double, and rounding it to float is the correctly rounded float
 * unless that double lies exactly halfway between two floats; that case,
 * results outside the normal float range, and longer numbers go to
 * strtof. */
#ifndef JN_PARSE_FLOAT_H
#define JN_PARSE_FLOAT_H

typedef enum { PARSE_FLOAT_OK, PARSE_FLOAT_SYNTAX, PARSE_FLOAT_RANGE } ParseFloatStatus;

/* Parses the number at p; *end is set after it. SYNTAX: p does not start
 * with an accepted number. RANGE: strtof would set ERANGE (the magnitude
 * overflows or underflows float). */
ParseFloatStatus parse_float(const char *p, const char **end, float *out);

#endif
