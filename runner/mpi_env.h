/* mpi_env.h: whether this process was started by mpirun or srun. If not,
 * commands leave MPI alone: a singleton MPI_Init would start an orted (a
 * second or two) for nothing. */
#ifndef JN_MPI_ENV_H
#define JN_MPI_ENV_H

int launched_by_mpi(void);

#endif
