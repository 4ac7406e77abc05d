/* signals.h: SIGTERM, SIGUSR1 (SLURM preemption and time limits) and
 * SIGINT only set a flag; training loops check it at step boundaries,
 * checkpoint and exit with JN_EXIT_PREEMPTED. */
#ifndef JN_SIGNALS_H
#define JN_SIGNALS_H
#include <signal.h>

extern volatile sig_atomic_t jn_stop_requested; /* the signal number, 0 if none */
void signals_install(void);

#endif
