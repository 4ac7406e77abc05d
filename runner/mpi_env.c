/* mpi_env.c: detecting an MPI launch from the environment. */
#include "runner/mpi_env.h"
#include <stdlib.h>

int launched_by_mpi(void) {
  return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}
