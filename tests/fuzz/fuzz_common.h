/* fuzz_common.h: what every libFuzzer target of tests/fuzz shares.
 *
 * A reader rejects bad input with jn_die, which prints the error and calls
 * exit(2). The targets are linked with -Wl,--wrap=exit: inside
 * fuzz_expect_error, exit(2) jumps back to it instead, so a clean rejection
 * is an ordinary outcome and only a crash, a sanitizer report, a hang or
 * another exit status counts as a finding. The descriptors a rejected
 * input left open are closed; what it had allocated is not freed: run with
 * ASAN_OPTIONS=detect_leaks=0. */
#ifndef JN_FUZZ_COMMON_H
#define JN_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>

/* Runs body(arg); returns 0 when it returned, 1 when it died with exit(2). */
int fuzz_expect_error(void (*body)(void *arg), void *arg);
/* The input written to NAME in a private temporary folder made once per
 * process; returns its path (valid until the next call). */
const char *fuzz_input_file(const uint8_t *data, size_t size, const char *name);
/* The private temporary folder (with a trailing '/'). */
const char *fuzz_dir(void);

#endif
