/* blas_kernels.h: whether OpenBLAS runs generic kernels on a CPU that has
 * faster ones.
 *
 * Debian's OpenBLAS (DYNAMIC_ARCH) picks its kernels from the CPU's model
 * number. A model newer than its table gets the generic SSE3 "Prescott"
 * kernels: 0.3.21 does so on an Intel Xeon of family 6 model 207 (Emerald
 * Rapids), AVX-512 notwithstanding. Every GEMM then runs 4-5x slower and
 * a training step 2.7x (README, "This machine's OpenBLAS"), and sums in
 * another order than on the same CPU with its own kernels.
 * OPENBLAS_CORETYPE chooses the kernels. OpenBLAS reads it when it is
 * loaded, before main, so jointner starts itself again with it set
 * (blas_kernels_choose); a user's own OPENBLAS_CORETYPE is left as it is. */
#ifndef JN_BLAS_KERNELS_H
#define JN_BLAS_KERNELS_H

/* The OPENBLAS_CORETYPE that names faster kernels this CPU can run
 * ("SkylakeX" with AVX-512, "Haswell" with AVX2 and FMA), or NULL when the
 * kernels in use are already of that class or the CPU has no such
 * instructions. */
const char *blas_kernels_better(void);

/* When OPENBLAS_CORETYPE is unset and blas_kernels_better() names
 * kernels: sets it to them and executes /proc/self/exe with argv again
 * (the same process: mpirun and SLURM see no change). Returns only when
 * nothing is to be done or the exec failed. Call first thing in main. */
void blas_kernels_choose(char **argv);

/* Once per process: when blas_kernels_better() names kernels (the user
 * set generic ones, or the restart failed), says on stderr which kernels
 * OpenBLAS runs and which to ask for. */
void blas_kernels_warn(void);

#endif
