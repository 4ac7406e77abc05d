/* two_threads.c: see two_threads.h. */
#include "model/two_threads.h"
#include <cblas.h>
#include <pthread.h>

void run_two(void *(*fn)(void *), void *first, void *second) {
  int threads = openblas_get_num_threads();
  if (threads > 1) openblas_set_num_threads(1);
  pthread_t other;
  int parallel = threads > 1 && pthread_create(&other, NULL, fn, second) == 0;
  fn(first);
  if (parallel)
    pthread_join(other, NULL);
  else
    fn(second);
  if (threads > 1) openblas_set_num_threads(threads);
}
