/* record_read.c: reads a run record (HDF5) in this process. Every size is
 * bounded before anything is allocated or read: an attribute holds exactly
 * one value, and a dataset or string claims no more bytes than the file
 * has. What was read is then checked (record_check). libhdf5 itself can
 * still loop or crash on a hostile file, so callers outside the fuzzer go
 * through record_load (record_load.c), which runs this in a child. */
#include "runner/record_read.h"
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "data/sha256.h"
#include "model/base.h"
#include "runner/record_check.h"

typedef struct {
  hid_t file;
  hsize_t max_bytes; /* the file's size: no dataset or string is larger */
  int summary;       /* the parameter arrays' lengths only (record_read) */
} Reader;

static hid_t string_type(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

static int holds_one_value(hid_t attribute) {
  hid_t space = H5Aget_space(attribute);
  int one = space >= 0 && H5Sget_simple_extent_npoints(space) == 1;
  if (space >= 0) H5Sclose(space);
  return one;
}

static char *read_variable_string(hid_t attribute, hsize_t max_bytes) {
  hid_t t = string_type();
  char *v = NULL, *out = NULL;
  if (H5Aread(attribute, t, &v) >= 0 && v && strlen(v) <= max_bytes) out = jn_strdup(v);
  H5free_memory(v);
  H5Tclose(t);
  return out;
}

static char *read_fixed_string(hid_t attribute, hid_t file_type, hsize_t max_bytes) {
  size_t n = H5Tget_size(file_type);
  if (n == 0 || n > max_bytes) return NULL;
  hid_t t = H5Tcopy(file_type);
  H5Tset_strpad(t, H5T_STR_NULLTERM);
  H5Tset_size(t, n + 1);
  char *out = jn_calloc(n + 1, 1);
  if (H5Aread(attribute, t, out) < 0) {
    free(out);
    out = NULL;
  }
  H5Tclose(t);
  return out;
}

/* The single-string attribute name of loc (malloc'd), or NULL when it is
 * missing or anything else. */
static char *read_string_attr(const Reader *rd, hid_t loc, const char *name) {
  if (H5Aexists(loc, name) <= 0) return NULL;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return NULL;
  hid_t ft = H5Aget_type(a);
  char *out = NULL;
  if (ft >= 0 && H5Tget_class(ft) == H5T_STRING && holds_one_value(a))
    out = H5Tis_variable_str(ft) > 0 ? read_variable_string(a, rd->max_bytes)
                                     : read_fixed_string(a, ft, rd->max_bytes);
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return out;
}

/* One number (integer or float in the file) as type; -1 otherwise. */
static int read_scalar_attr(hid_t loc, const char *name, hid_t type, void *out) {
  if (H5Aexists(loc, name) <= 0) return -1;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return -1;
  hid_t ft = H5Aget_type(a);
  H5T_class_t c = ft >= 0 ? H5Tget_class(ft) : H5T_NO_CLASS;
  int ok = (c == H5T_INTEGER || c == H5T_FLOAT) && holds_one_value(a) && H5Aread(a, type, out) >= 0;
  if (ft >= 0) H5Tclose(ft);
  H5Aclose(a);
  return ok ? 0 : -1;
}

/* The length of the 1-D dataset d when its class is expected and it fits
 * in the file; -1 otherwise. */
static long checked_length(const Reader *rd, hid_t d, H5T_class_t expected) {
  hid_t ft = H5Dget_type(d), s = H5Dget_space(d);
  hsize_t n = 0;
  size_t elem = ft >= 0 ? H5Tget_size(ft) : 0;
  int ok = ft >= 0 && s >= 0 && H5Tget_class(ft) == expected && elem > 0 &&
           H5Sget_simple_extent_ndims(s) == 1 && H5Sget_simple_extent_dims(s, &n, NULL) == 1 &&
           n <= rd->max_bytes / elem && n <= (hsize_t)(1L << 31) - 1;
  if (ft >= 0) H5Tclose(ft);
  if (s >= 0) H5Sclose(s);
  return ok ? (long)n : -1;
}

/* Reads a 1-D dataset; returns its length or -1. *out is malloc'd. */
static long read_array(const Reader *rd, hid_t loc, const char *name, hid_t type, size_t elem,
                       void **out) {
  *out = NULL;
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return -1;
  hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
  if (d < 0) return -1;
  long n = checked_length(rd, d, H5Tget_class(type));
  herr_t e = -1;
  if (n >= 0) {
    *out = jn_malloc(elem * (size_t)(n ? n : 1));
    e = n ? H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) : 0;
  }
  H5Dclose(d);
  if (e < 0) {
    free(*out);
    *out = NULL;
    return -1;
  }
  return n;
}

/* A parameter array (float, 1-D): read, or in a summary only its length
 * taken (*out NULL). Its length or -1. */
static long read_parameters(const Reader *rd, hid_t loc, const char *name, float **out) {
  if (!rd->summary) return read_array(rd, loc, name, H5T_NATIVE_FLOAT, sizeof(float), (void **)out);
  *out = NULL;
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return -1;
  hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
  if (d < 0) return -1;
  long n = checked_length(rd, d, H5T_FLOAT);
  H5Dclose(d);
  return n;
}

/* A string array; its length, or -1. */
static int read_strings(const Reader *rd, hid_t loc, const char *name, char ***out) {
  hid_t t = string_type();
  char **raw;
  long n = read_array(rd, loc, name, t, sizeof(char *), (void **)&raw);
  H5Tclose(t);
  *out = NULL;
  if (n < 0) return -1;
  *out = jn_malloc(sizeof(char *) * (n ? n : 1));
  for (long i = 0; i < n; i++) {
    (*out)[i] = jn_strdup(raw[i] ? raw[i] : "");
    H5free_memory(raw[i]);
  }
  free(raw);
  return (int)n;
}

static herr_t collect_final(hid_t loc, const char *name, const H5A_info_t *info, void *data) {
  (void)info;
  RunRecord *r = data;
  double v;
  if (!strcmp(name, "report")) return 0;
  int fits = strlen(name) < sizeof r->final[0].name &&
             r->n_final < (int)(sizeof r->final / sizeof *r->final);
  if (!fits || read_scalar_attr(loc, name, H5T_NATIVE_DOUBLE, &v) != 0) return -1;
  record_set_final(r, name, v);
  return 0;
}

static int read_labels(const Reader *rd, RunRecord *r) {
  if (H5Lexists(rd->file, "labels", H5P_DEFAULT) <= 0) return 0;
  hid_t g = H5Gopen2(rd->file, "labels", H5P_DEFAULT);
  if (g < 0) return -1;
  r->n_tags = read_strings(rd, g, "tags", &r->tag_names);
  r->n_classes = read_strings(rd, g, "classes", &r->class_names);
  H5Gclose(g);
  int ok = r->n_tags >= 0 && r->n_classes >= 0;
  if (r->n_tags < 0) r->n_tags = 0;
  if (r->n_classes < 0) r->n_classes = 0;
  return ok ? 0 : -1;
}

static int read_metrics(const Reader *rd, RunRecord *r) {
  if (H5Lexists(rd->file, "metrics", H5P_DEFAULT) <= 0) return -1;
  hid_t g = H5Gopen2(rd->file, "metrics", H5P_DEFAULT);
  if (g < 0) return -1;
  int *epoch;
  long n = read_array(rd, g, "epoch", H5T_NATIVE_INT, sizeof(int), (void **)&epoch);
  const char *names[] = {"loss", "dev_score", "lr", "seconds", "sentences_per_second"};
  double *cols[5] = {0};
  int ok = n >= 0;
  for (int c = 0; c < 5 && ok; c++)
    ok = read_array(rd, g, names[c], H5T_NATIVE_DOUBLE, sizeof(double), (void **)&cols[c]) == n;
  if (ok) {
    r->n_epochs = (int)n;
    r->epochs = jn_calloc((size_t)(n ? n : 1), sizeof(EpochLog));
    for (long i = 0; i < n; i++)
      r->epochs[i] = (EpochLog){epoch[i], cols[0][i], cols[1][i], cols[2][i], cols[3][i], cols[4][i]};
  }
  free(epoch);
  for (int c = 0; c < 5; c++) free(cols[c]);
  H5Gclose(g);
  return ok ? 0 : -1;
}

static int read_final(const Reader *rd, RunRecord *r) {
  if (H5Lexists(rd->file, "final", H5P_DEFAULT) <= 0) return 0;
  hid_t g = H5Gopen2(rd->file, "final", H5P_DEFAULT);
  if (g < 0) return -1;
  hsize_t idx = 0;
  int ok = H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_final, r) >= 0;
  r->report = read_string_attr(rd, g, "report");
  ok = ok && (r->report || H5Aexists(g, "report") == 0);
  H5Gclose(g);
  return ok ? 0 : -1;
}

/* /model/params and its checksum. */
static int read_model(const Reader *rd, RunRecord *r, char *why, size_t why_size) {
  if (H5Lexists(rd->file, "model", H5P_DEFAULT) <= 0) return 0;
  hid_t g = H5Gopen2(rd->file, "model", H5P_DEFAULT);
  if (g < 0) return -1;
  long n = H5Lexists(g, "params", H5P_DEFAULT) > 0 ? read_parameters(rd, g, "params", &r->best_params)
                                                    : 0;
  H5Gclose(g);
  if (n < 0) return -1;
  r->n_params = (size_t)n;
  if (!r->best_params) return 0;
  char hex[65], *stored = read_string_attr(rd, rd->file, "params_sha256");
  sha256_hex(r->best_params, r->n_params * sizeof(float), hex);
  int ok = stored && !strcmp(hex, stored);
  free(stored);
  if (!ok) snprintf(why, why_size, "model parameters do not match their checksum");
  return ok ? 0 : -1;
}

static int read_checkpoint(const Reader *rd, RunRecord *r) {
  if (H5Lexists(rd->file, "checkpoint", H5P_DEFAULT) <= 0) return -1;
  hid_t g = H5Gopen2(rd->file, "checkpoint", H5P_DEFAULT);
  if (g < 0) return -1;
  TrainState *s = &r->state;
  uint64_t *rng;
  int ok = read_array(rd, g, "rng", H5T_NATIVE_UINT64, sizeof(uint64_t), (void **)&rng) == 4;
  if (ok) memcpy(s->rng, rng, sizeof s->rng);
  free(rng);
  long n = read_array(rd, g, "order", H5T_NATIVE_INT, sizeof(int), (void **)&s->order);
  s->n_order = n > 0 ? (int)n : 0;
  ok = ok && n >= 0 && read_scalar_attr(g, "epoch", H5T_NATIVE_INT, &s->epoch) == 0 &&
       read_scalar_attr(g, "step", H5T_NATIVE_INT, &s->step) == 0 &&
       read_scalar_attr(g, "adam_step", H5T_NATIVE_LONG, &s->adam_step) == 0 &&
       read_scalar_attr(g, "lr", H5T_NATIVE_DOUBLE, &s->lr) == 0 &&
       read_scalar_attr(g, "best", H5T_NATIVE_DOUBLE, &s->best) == 0 &&
       read_scalar_attr(g, "bad_epochs", H5T_NATIVE_INT, &s->bad_epochs) == 0 &&
       read_scalar_attr(g, "epoch_loss", H5T_NATIVE_DOUBLE, &s->epoch_loss) == 0 &&
       read_scalar_attr(g, "epoch_seconds", H5T_NATIVE_DOUBLE, &s->epoch_seconds) == 0 &&
       read_scalar_attr(g, "epoch_sentences", H5T_NATIVE_LONG, &s->epoch_sentences) == 0;
  if (ok && H5Lexists(g, "params", H5P_DEFAULT) > 0) {
    long a = read_parameters(rd, g, "params", &r->params);
    long b = read_parameters(rd, g, "adam_m", &r->adam_m);
    long c = read_parameters(rd, g, "adam_v", &r->adam_v);
    ok = a >= 0 && a == b && b == c && (size_t)a == r->n_params;
    r->has_checkpoint = ok;
  }
  H5Gclose(g);
  return ok ? 0 : -1;
}

static void read_root_strings(const Reader *rd, RunRecord *r) {
  r->kind = read_string_attr(rd, rd->file, "kind");
  r->config_json = read_string_attr(rd, rd->file, "config_json");
  r->config_hash = read_string_attr(rd, rd->file, "config_hash");
  r->status = read_string_attr(rd, rd->file, "status");
  r->git_commit = read_string_attr(rd, rd->file, "git_commit");
  r->host = read_string_attr(rd, rd->file, "host");
  r->versions = read_string_attr(rd, rd->file, "versions");
  r->started = read_string_attr(rd, rd->file, "started");
  r->finished = read_string_attr(rd, rd->file, "finished");
  r->notes = read_string_attr(rd, rd->file, "notes");
}

static int read_all(const Reader *rd, RunRecord *r, char *why, size_t why_size) {
  read_root_strings(rd, r);
  read_scalar_attr(rd->file, "restarts", H5T_NATIVE_INT, &r->restarts);
  read_scalar_attr(rd->file, "slurm_restart_count", H5T_NATIVE_INT, &r->slurm_restart_count);
  if (!r->kind || !r->config_json || !r->config_hash || !r->status || read_labels(rd, r) != 0 ||
      read_metrics(rd, r) != 0 || read_final(rd, r) != 0) {
    snprintf(why, why_size, "record incomplete (missing or malformed attributes or datasets)");
    return -1;
  }
  if (read_model(rd, r, why, why_size) != 0) {
    if (!why[0]) snprintf(why, why_size, "record incomplete (malformed model parameters)");
    return -1;
  }
  if (read_checkpoint(rd, r) != 0) {
    snprintf(why, why_size, "checkpoint incomplete or inconsistent");
    return -1;
  }
  return record_check(r, why, why_size);
}

/* The file opened read-only (rd.file < 0 if it cannot be). */
static Reader open_reader(const char *path, size_t file_bytes, int summary) {
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_file_locking(access, 0, 1); /* a reader needs no lock; NFS may have none */
  Reader rd = {H5Fopen(path, H5F_ACC_RDONLY, access), file_bytes, summary};
  H5Pclose(access);
  return rd;
}

/* The number attribute name of group (NULL: the root), as an int. */
static int read_int_in(hid_t file, const char *group, const char *name, int *out) {
  double v;
  hid_t g = group ? (H5Lexists(file, group, H5P_DEFAULT) > 0 ? H5Gopen2(file, group, H5P_DEFAULT) : -1)
                  : file;
  int ok = g >= 0 && read_scalar_attr(g, name, H5T_NATIVE_DOUBLE, &v) == 0;
  if (group && g >= 0) H5Gclose(g);
  if (ok) *out = (int)v;
  return ok ? 0 : -1;
}

int record_read_state(const char *path, size_t file_bytes, RecordState *st) {
  *st = (RecordState){0, 0, -1, -1, -1, -1};
  Reader rd = open_reader(path, file_bytes, 1);
  if (rd.file < 0) return -1;
  st->exists = 1;
  char *status = read_string_attr(&rd, rd.file, "status");
  st->complete = status && !strcmp(status, "complete");
  free(status);
  read_int_in(rd.file, NULL, "slurm_restart_count", &st->restarts);
  read_int_in(rd.file, "checkpoint", "epoch", &st->epoch);
  read_int_in(rd.file, "checkpoint", "step", &st->step);
  if (H5Lexists(rd.file, "final", H5P_DEFAULT) > 0) {
    hid_t g = H5Gopen2(rd.file, "final", H5P_DEFAULT);
    if (g >= 0 && read_scalar_attr(g, "test_f1", H5T_NATIVE_DOUBLE, &st->test_f1) != 0)
      st->test_f1 = -1;
    if (g >= 0) H5Gclose(g);
  }
  H5Fclose(rd.file);
  return 0;
}

int record_read(const char *path, size_t file_bytes, int summary, RunRecord *r, char *why,
                size_t why_size) {
  memset(r, 0, sizeof *r);
  why[0] = '\0';
  Reader rd = open_reader(path, file_bytes, summary);
  if (rd.file < 0) {
    snprintf(why, why_size, "not a readable HDF5 file");
    return -1;
  }
  int status = read_all(&rd, r, why, why_size);
  H5Fclose(rd.file);
  if (status != 0) record_free(r);
  return status;
}
