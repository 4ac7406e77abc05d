/* two_threads.h: the model's own two-way parallelism. Its small GEMMs (the
 * recurrences' <= 32 rows, the attention's per-sentence products) gain
 * nothing from OpenBLAS's threads, whose hand-off costs more than they
 * save (bench/README.md). When OpenBLAS was given more than one thread, two
 * independent halves of such work run on two threads of ours instead, each
 * GEMM on one OpenBLAS thread. */
#ifndef JN_TWO_THREADS_H
#define JN_TWO_THREADS_H

/* fn(first) and fn(second): at once on two threads when OpenBLAS has more
 * than one (its count is restored after), else one after the other. The two
 * must write disjoint memory; the results are the same either way. */
void run_two(void *(*fn)(void *), void *first, void *second);

#endif
