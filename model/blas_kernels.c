/* blas_kernels.c: whether OpenBLAS runs generic kernels on a CPU that has
 * faster ones (blas_kernels.h). */
#include "model/blas_kernels.h"
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* OpenBLAS's x86-64 cores with AVX2 and FMA kernels (0.3.21). */
static const char *const vector_cores[] = {"Haswell",        "Zen",       "SkylakeX", "Cooperlake",
                                           "SapphireRapids", "Excavator", 0};

const char *blas_kernels_better(void) {
#if defined(__x86_64__) && defined(__GNUC__)
  const char *core = openblas_get_corename();
  for (const char *const *c = vector_cores; *c; c++)
    if (core && strcmp(core, *c) == 0) return NULL;
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return NULL;
}

void blas_kernels_choose(char **argv) {
  if (getenv("OPENBLAS_CORETYPE")) return; /* the user's choice */
  const char *better = blas_kernels_better();
  if (!better || setenv("OPENBLAS_CORETYPE", better, 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("OPENBLAS_CORETYPE"); /* not restarted: the generic kernels, and a warning */
}

void blas_kernels_warn(void) {
  static int warned;
  const char *better = blas_kernels_better();
  if (warned || !better) return;
  warned = 1;
  fprintf(stderr,
          "jointner: warning: OpenBLAS runs its generic %s kernels on a CPU with %s;\n"
          "  OPENBLAS_CORETYPE=%s chooses faster ones (README, \"This machine's OpenBLAS\").\n"
          "  Runs made either way are of different arithmetic.\n",
          openblas_get_corename(), strcmp(better, "SkylakeX") == 0 ? "AVX-512" : "AVX2 and FMA", better);
}
