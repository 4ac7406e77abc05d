/* slurm_time.c: SLURM time limits (see slurm_time.h). */
#include "runner/slurm/slurm_time.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/base.h"
#include "runner/slurm/slurm_common.h"

long slurm_time_seconds(const char *t) {
  long days = 0, v[3];
  const char *dash = strchr(t, '-');
  char extra;
  if (dash) {
    if (sscanf(t, "%ld%c", &days, &extra) != 2 || extra != '-' || days < 0) return -1;
    t = dash + 1;
  }
  int n = 0;
  for (const char *p = t;; p++) {
    char *end;
    if (n == 3 || *p < '0' || *p > '9') return -1;
    v[n++] = strtol(p, &end, 10);
    if (!*end) break;
    if (*end != ':') return -1;
    p = end;
  }
  if (dash) { /* D-H, D-H:M, D-H:M:S */
    long h = v[0], m = n > 1 ? v[1] : 0, s = n > 2 ? v[2] : 0;
    return ((days * 24 + h) * 60 + m) * 60 + s;
  }
  if (n == 1) return v[0] * 60;                           /* M */
  if (n == 2) return v[0] * 60 + v[1];                    /* M:S */
  return (v[0] * 60 + v[1]) * 60 + v[2];                  /* H:M:S */
}

/* The value of KEY= in one partition's record (malloc'd), or NULL. */
static char *field(const char *record, const char *key) {
  size_t k = strlen(key);
  for (const char *p = record; (p = strstr(p, key)); p += k) {
    if ((p != record && p[-1] != ' ' && p[-1] != '\n') || p[k] != '=') continue;
    const char *v = p + k + 1;
    size_t n = strcspn(v, " \n");
    char *value = jn_malloc(n + 1);
    memcpy(value, v, n);
    value[n] = '\0';
    return value;
  }
  return NULL;
}

char *slurm_partition_time_limit(const char *partition, char *source, size_t source_size) {
  char *argv[] = {"scontrol", "show", "partition", (char *)partition, NULL}, *out = NULL;
  if (run_program(argv, &out, 1) != 0 || !out) {
    free(out);
    return NULL;
  }
  char *limit = NULL;
  /* records are separated by blank lines */
  for (char *record = out; record && *record && !limit;) {
    char *next = strstr(record, "\n\n");
    if (next) *next = '\0';
    char *name = field(record, "PartitionName"), *is_default = field(record, "Default");
    if (name && (partition || (is_default && !strcmp(is_default, "YES")))) {
      static const char *const keys[] = {"DefaultTime", "MaxTime"};
      for (int i = 0; i < 2 && !limit; i++) {
        char *value = field(record, keys[i]);
        if (value && slurm_time_seconds(value) > 0) {
          limit = value;
          snprintf(source, source_size, "%s of partition %s", keys[i], name);
        } else {
          free(value);
        }
      }
    }
    free(name);
    free(is_default);
    record = next ? next + 2 : NULL;
  }
  free(out);
  return limit;
}
