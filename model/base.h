/* base.h: allocation and fatal errors shared by every layer.
 * A fatal error prints "jointner: error: ..." and exits with status 2; the
 * CLI relies on this for bad input (file, line and what is wrong). */
#ifndef JN_BASE_H
#define JN_BASE_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define JN_EXIT_ERROR 2      /* bad input or configuration */
#define JN_EXIT_PREEMPTED 75 /* checkpointed on SIGTERM/SIGUSR1; rerun resumes */

void jn_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void *jn_malloc(size_t bytes);          /* dies on failure */
void *jn_calloc(size_t n, size_t size); /* dies on failure */
void *jn_realloc(void *p, size_t bytes);
char *jn_strdup(const char *s);
char *jn_format(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* malloc'd printf */
char *jn_vformat(const char *fmt, va_list ap);                               /* the same, va_list */
double jn_now(void); /* monotonic seconds */
/* Flush denormal floats to zero (x86 MXCSR FTZ and DAZ) on this thread and
 * the threads it starts. As a model converges, some gradients and Adam
 * terms fall below 1.2e-38, and every operation on such a number takes a
 * microcode assist: a pre-training epoch ran 2.5-3.7x slower after 30k
 * steps without it (README, "Pre-training at cluster scale"). Values that
 * small change no result that matters; BLAS threads started before main
 * (OpenBLAS's pool, with more than one thread) keep the default. */
void jn_flush_denormals(void);
/* The whole file as a NUL-terminated string (malloc'd); dies naming the
 * file when it cannot be read. */
char *jn_read_file(const char *path);

#endif
