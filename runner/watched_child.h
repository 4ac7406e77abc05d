/* watched_child.h: runs a function in a forked child under a time limit,
 * for work that may loop or crash on hostile input (libhdf5 on a corrupt
 * file). The parent learns only the status and a short message. */
#ifndef JN_WATCHED_CHILD_H
#define JN_WATCHED_CHILD_H
#include <stddef.h>

/* fn returns 0, or -1 and fills why. fn's result comes back here: 0, or
 * -1 with fn's why; or -2 with what happened when the child crashed,
 * exited otherwise or ran past seconds (it is then killed). */
int run_in_watched_child(int (*fn)(void *arg, char *why, size_t why_size), void *arg,
                         double seconds, char *why, size_t why_size);

#endif
