/* gradient_reduce.c: bucketed, non-blocking gradient reduction. */
#include "runner/gradient_reduce.h"
#include <stdlib.h>
#include "model/base.h"

void gradient_reduce_before_mpi_init(void) {
  setenv("OMPI_MCA_coll_libnbc_iallreduce_algorithm", "3", 0);
}

void gradient_reduce_init(GradientReduce *g, float *grads, const float *micro, size_t n, int extra,
                          int with_mpi) {
  const char *blocking = getenv("JN_BLOCKING_REDUCE");
  *g = (GradientReduce){.grads = grads, .micro = micro, .n = n, .extra = extra, .scale = 1,
                        .with_mpi = with_mpi, .blocking = blocking && *blocking == '1'};
}

void gradient_reduce_add(GradientReduce *g, size_t offset, size_t count) {
  float *to = g->grads + offset, s = g->scale;
  if (!g->micro) { /* the one micro-batch's gradient is in grads already */
    if (s != 1.0f)
      for (size_t i = 0; i < count; i++) to[i] *= s;
    return;
  }
  const float *from = g->micro + offset;
  for (size_t i = 0; i < count; i++) to[i] += s * from[i];
}

void gradient_reduce_ready(void *ctx, size_t offset, size_t count) {
  GradientReduce *g = ctx;
  gradient_reduce_add(g, offset, count);
  if (!g->with_mpi || g->blocking || count == 0) return;
  if (g->n_requests == REDUCE_MAX_BUCKETS) jn_die("gradient_reduce: more than %d buckets", REDUCE_MAX_BUCKETS);
  double t0 = jn_now();
  int done; /* Open MPI progresses a non-blocking collective only inside MPI calls */
  if (g->n_requests) MPI_Testall(g->n_requests, g->requests, &done, MPI_STATUSES_IGNORE);
  MPI_Iallreduce(MPI_IN_PLACE, g->grads + offset, (int)count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD,
                 &g->requests[g->n_requests++]);
  g->wait_seconds += jn_now() - t0;
}

void gradient_reduce_finish(GradientReduce *g) {
  if (!g->with_mpi) return;
  double t0 = jn_now();
  if (g->blocking) {
    MPI_Allreduce(MPI_IN_PLACE, g->grads, (int)(g->n + g->extra), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  } else {
    MPI_Iallreduce(MPI_IN_PLACE, g->grads + g->n, g->extra, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD,
                   &g->requests[g->n_requests++]);
    MPI_Waitall(g->n_requests, g->requests, MPI_STATUSES_IGNORE);
  }
  g->n_requests = 0;
  g->wait_seconds += jn_now() - t0;
}
