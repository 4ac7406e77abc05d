/* signals.c: stop requests by signal. */
#include "runner/signals.h"
#include <string.h>

volatile sig_atomic_t jn_stop_requested = 0;

static void on_signal(int sig) { jn_stop_requested = sig; }

void signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
}
