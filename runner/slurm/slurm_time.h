/* slurm_time.h: SLURM time limits: parsing them, and a partition's own
 * limit (`scontrol show partition`) for a submission without --time. */
#ifndef JN_SLURM_TIME_H
#define JN_SLURM_TIME_H
#include <stddef.h>

/* Seconds of a SLURM time ("M", "M:S", "H:M:S", "D-H", "D-H:M",
 * "D-H:M:S"); -1 if it is not one (or is UNLIMITED, NONE, ...). */
long slurm_time_seconds(const char *t);

/* The time limit of partition (NULL: the default partition): its
 * DefaultTime, else its MaxTime, as SLURM writes it (malloc'd); NULL if it
 * has neither or scontrol does not answer. *source names where it came
 * from, e.g. "DefaultTime of partition debug". */
char *slurm_partition_time_limit(const char *partition, char *source, size_t source_size);

#endif
