/* allreduce_time.c: how long this machine's MPI takes to sum a gradient
 * buffer over the ranks: one blocking MPI_Allreduce of N floats, and the
 * same buffer as B non-blocking buckets (MPI_Iallreduce) and one
 * MPI_Waitall, as pre-training reduces it (runner/gradient_reduce.c, whose
 * choice of algorithm this takes too).
 * Median over the repetitions, after 5 warm-up ones.
 *   mpirun -np P bench/allreduce-time --floats N [--buckets 4] [--reps 50]
 * prints on rank 0: floats bytes ranks blocking_seconds buckets_seconds */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runner/gradient_reduce.h"

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *t, int n) {
  qsort(t, n, sizeof *t, compare_doubles);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

int main(int argc, char **argv) {
  gradient_reduce_before_mpi_init(); /* the algorithm pre-training uses */
  MPI_Init(&argc, &argv);
  int rank, ranks, floats = 1 << 20, buckets = 4, reps = 50;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--floats")) floats = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--buckets")) buckets = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--reps")) reps = atoi(argv[i + 1]);
  }
  if (floats < 1 || buckets < 1 || buckets > 64 || reps < 1) {
    if (rank == 0) fprintf(stderr, "usage: allreduce-time --floats N [--buckets B] [--reps R]\n");
    MPI_Finalize();
    return 2;
  }
  float *g = calloc((size_t)floats, sizeof(float));
  double *blocking = calloc(reps, sizeof(double)), *bucketed = calloc(reps, sizeof(double));
  MPI_Request req[64];
  for (int r = -5; r < reps; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    MPI_Allreduce(MPI_IN_PLACE, g, floats, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double t1 = MPI_Wtime();
    MPI_Barrier(MPI_COMM_WORLD);
    double t2 = MPI_Wtime();
    for (int b = 0; b < buckets; b++) {
      int from = (int)((long)floats * b / buckets), to = (int)((long)floats * (b + 1) / buckets);
      MPI_Iallreduce(MPI_IN_PLACE, g + from, to - from, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, &req[b]);
    }
    MPI_Waitall(buckets, req, MPI_STATUSES_IGNORE);
    double t3 = MPI_Wtime();
    if (r >= 0) blocking[r] = t1 - t0, bucketed[r] = t3 - t2;
  }
  if (rank == 0)
    printf("%d %ld %d %.6g %.6g\n", floats, 4L * floats, ranks, median(blocking, reps), median(bucketed, reps));
  free(g), free(blocking), free(bucketed);
  MPI_Finalize();
  return 0;
}
