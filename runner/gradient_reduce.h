/* gradient_reduce.h: the sum over MPI ranks of a data-parallel step's
 * gradients, started bucket by bucket while the backward pass still runs.
 *
 * The model reports each stretch of the flat gradient buffer as it becomes
 * final (Model.grads_ready: heads and attention, the forward LSTM, the
 * backward LSTM, W1). For each, the reducer adds the last micro-batch's
 * gradient into the step's sums (grads += scale * micro) and starts a
 * non-blocking MPI_Iallreduce on it, testing the earlier ones so that they
 * progress.
 * gradient_reduce_finish reduces the step's counters and waits for all.
 * With blocking set (JN_BLOCKING_REDUCE=1, the comparison point of the
 * benchmark) the buckets are only added, and one MPI_Allreduce of the whole
 * buffer follows the backward pass, as before buckets existed. Either way
 * the sums are the same; wait_seconds is the time spent inside MPI. */
#ifndef JN_GRADIENT_REDUCE_H
#define JN_GRADIENT_REDUCE_H
#include <mpi.h>
#include <stddef.h>

enum { REDUCE_MAX_BUCKETS = 8 };

typedef struct {
  float *grads;        /* [n + extra]: the step's gradient sums, then its counters */
  const float *micro;  /* [n]: the gradient of the micro-batch being finished, or NULL
                        * when a step has one micro-batch, computed in grads itself */
  size_t n;
  int extra;
  float scale;         /* micro-batch weight: its sentence count (sums) or 1 (mean) */
  int with_mpi, blocking;
  MPI_Request requests[REDUCE_MAX_BUCKETS + 1];
  int n_requests;
  double wait_seconds; /* inside MPI calls, since the caller last zeroed it */
} GradientReduce;

/* Call before MPI_Init: chooses Rabenseifner's algorithm for Open MPI's
 * non-blocking Allreduce (libnbc) unless the user set one. Its own choice
 * ran the 4 gradient buckets (4.9 MB) of 2 ranks in 2.7 ms here, against
 * 1.2 ms for one blocking Allreduce; Rabenseifner's in 1.0 ms
 * (bench/allreduce-time). Other MPIs ignore the variable. */
void gradient_reduce_before_mpi_init(void);
void gradient_reduce_init(GradientReduce *g, float *grads, const float *micro, size_t n, int extra,
                          int with_mpi);
/* grads[offset, offset + count) += scale * micro[...] (or *= scale in place). */
void gradient_reduce_add(GradientReduce *g, size_t offset, size_t count);
/* Model.grads_ready: adds the bucket and starts its reduction. */
void gradient_reduce_ready(void *ctx, size_t offset, size_t count);
/* Reduces the counters (the extra values) and waits for every bucket. */
void gradient_reduce_finish(GradientReduce *g);

#endif
