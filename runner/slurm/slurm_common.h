/* slurm_common.h: what `jointner slurm submit` and `status` share. */
#ifndef JN_SLURM_COMMON_H
#define JN_SLURM_COMMON_H
#include <cJSON.h>

/* Runs argv (a SLURM command, searched in PATH) and returns its exit
 * status (-1 if it could not run); its stdout goes to *out (malloc'd,
 * NUL-terminated) if out is not NULL, stderr passes through unless quiet. */
int run_program(char *const argv[], char **out, int quiet);

/* Reads and parses a JSON file; NULL if missing (dies if malformed). */
cJSON *slurm_read_json(const char *path);
/* Writes JSON atomically (write_file_atomically). */
void slurm_write_json(const char *path, const cJSON *json);

#endif
