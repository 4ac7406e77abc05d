/* grid_farm.h: getting jobs to processes. Under `mpirun -np N` (N > 1)
 * rank 0 coordinates and ranks 1..N-1 ask it for work and run one job at a
 * time in a child; with N = 1 the coordinator runs the jobs itself.
 *
 * Nobody blocks in MPI: Open MPI's blocking calls spin a core while they
 * wait, so every rank polls (MPI_Iprobe on MPI_ANY_SOURCE / the
 * coordinator) and sleeps a millisecond or two between polls.
 *
 * Messages (MPI_COMM_WORLD, tags below): a worker sends READY when it has
 * nothing to do, STARTED with the child's pid, ENDED with how it ended
 * (and is then ready again), SIGNALLED when it was itself sent SIGTERM,
 * SIGUSR1 or SIGINT, and BYE with its CPU time after QUIT. The coordinator
 * sends JOB ("index<TAB>kind<TAB>config<TAB>log"), STOP_CHILD (SIGTERM the
 * running job, which checkpoints) and QUIT. Reports are a fixed struct
 * sent as bytes (all ranks run the same binary). */
#ifndef JN_GRID_FARM_H
#define JN_GRID_FARM_H
#include "runner/grid/grid_child.h"
#include "runner/grid/grid_coordinator.h"

/* Rank 0 of n_ranks > 1: hands out jobs until none is left (or a stop
 * request has been seen through), then sends QUIT and collects BYE. */
void farm_coordinate(Coordinator *c, int n_ranks);
/* Ranks 1..N-1: runs what rank 0 sends until QUIT. */
void farm_work(const ChildLimits *limits);
/* N = 1: runs the jobs in this process's children, one at a time. */
void farm_alone(Coordinator *c);

#endif
