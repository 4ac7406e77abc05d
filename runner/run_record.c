/* run_record.c: the HDF5 run record, written atomically; reading is in
 * record_load.c and record_read.c. */
#include "runner/run_record.h"
#include <cblas.h>
#include <fcntl.h>
#include <hdf5.h>
#include <libgen.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "data/sha256.h"
#include "model/base.h"
#include "data/files.h"

#ifndef JN_GIT_COMMIT
#define JN_GIT_COMMIT "unknown"
#endif

/* ---- writing ------------------------------------------------------------ */

static hid_t string_type(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

static void write_string_attr(hid_t loc, const char *name, const char *value) {
  if (!value) return;
  hid_t t = string_type(), s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, t, &value);
  H5Aclose(a);
  H5Sclose(s);
  H5Tclose(t);
}

static void write_scalar_attr(hid_t loc, const char *name, hid_t type, const void *value) {
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, type, value);
  H5Aclose(a);
  H5Sclose(s);
}

static void write_array(hid_t loc, const char *name, hid_t type, const void *data, size_t n) {
  hsize_t dims[1] = {n};
  hid_t s = H5Screate_simple(1, dims, NULL);
  hid_t d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (n) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(d);
  H5Sclose(s);
}

/* A 1-D chunked dataset that can grow (per-epoch metrics). */
static void write_extendible(hid_t loc, const char *name, hid_t type, const void *data, size_t n) {
  hsize_t dims[1] = {n}, maxdims[1] = {H5S_UNLIMITED}, chunk[1] = {64};
  hid_t s = H5Screate_simple(1, dims, maxdims), p = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(p, 1, chunk);
  hid_t d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, p, H5P_DEFAULT);
  if (n) H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(d);
  H5Pclose(p);
  H5Sclose(s);
}

static void write_strings(hid_t loc, const char *name, char *const *v, int n) {
  hid_t t = string_type();
  write_array(loc, name, t, v, (size_t)n);
  H5Tclose(t);
}

static void write_metrics(hid_t file, const RunRecord *r) {
  hid_t g = H5Gcreate2(file, "metrics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  int n = r->n_epochs;
  int *epoch = jn_malloc(sizeof(int) * (n ? n : 1));
  double *cols = jn_malloc(sizeof(double) * 5 * (n ? n : 1));
  for (int i = 0; i < n; i++) {
    const EpochLog *e = &r->epochs[i];
    epoch[i] = e->epoch;
    cols[i] = e->loss, cols[n + i] = e->dev_score, cols[2 * n + i] = e->lr;
    cols[3 * n + i] = e->seconds, cols[4 * n + i] = e->sentences_per_second;
  }
  write_extendible(g, "epoch", H5T_NATIVE_INT, epoch, (size_t)n);
  const char *names[] = {"loss", "dev_score", "lr", "seconds", "sentences_per_second"};
  for (int c = 0; c < 5; c++) write_extendible(g, names[c], H5T_NATIVE_DOUBLE, cols + (long)c * n, (size_t)n);
  free(epoch);
  free(cols);
  H5Gclose(g);
}

static void write_checkpoint(hid_t file, const RunRecord *r) {
  hid_t g = H5Gcreate2(file, "checkpoint", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const TrainState *s = &r->state;
  if (r->params) {
    write_array(g, "params", H5T_NATIVE_FLOAT, r->params, r->n_params);
    write_array(g, "adam_m", H5T_NATIVE_FLOAT, r->adam_m, r->n_params);
    write_array(g, "adam_v", H5T_NATIVE_FLOAT, r->adam_v, r->n_params);
  }
  write_array(g, "rng", H5T_NATIVE_UINT64, s->rng, 4);
  write_array(g, "order", H5T_NATIVE_INT, s->order, (size_t)s->n_order);
  write_scalar_attr(g, "epoch", H5T_NATIVE_INT, &s->epoch);
  write_scalar_attr(g, "step", H5T_NATIVE_INT, &s->step);
  write_scalar_attr(g, "adam_step", H5T_NATIVE_LONG, &s->adam_step);
  write_scalar_attr(g, "lr", H5T_NATIVE_DOUBLE, &s->lr);
  write_scalar_attr(g, "best", H5T_NATIVE_DOUBLE, &s->best);
  write_scalar_attr(g, "bad_epochs", H5T_NATIVE_INT, &s->bad_epochs);
  write_scalar_attr(g, "epoch_loss", H5T_NATIVE_DOUBLE, &s->epoch_loss);
  write_scalar_attr(g, "epoch_seconds", H5T_NATIVE_DOUBLE, &s->epoch_seconds);
  write_scalar_attr(g, "epoch_sentences", H5T_NATIVE_LONG, &s->epoch_sentences);
  H5Gclose(g);
}

static void write_record(hid_t f, const RunRecord *r) {
  write_string_attr(f, "kind", r->kind);
  write_string_attr(f, "config_json", r->config_json);
  write_string_attr(f, "config_hash", r->config_hash);
  write_string_attr(f, "status", r->status);
  write_string_attr(f, "git_commit", r->git_commit);
  write_string_attr(f, "host", r->host);
  write_string_attr(f, "versions", r->versions);
  write_string_attr(f, "started", r->started);
  write_string_attr(f, "finished", r->finished);
  write_string_attr(f, "notes", r->notes);
  write_scalar_attr(f, "restarts", H5T_NATIVE_INT, &r->restarts);
  write_scalar_attr(f, "slurm_restart_count", H5T_NATIVE_INT, &r->slurm_restart_count);
  hid_t g = H5Gcreate2(f, "labels", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  write_strings(g, "tags", r->tag_names, r->n_tags);
  write_strings(g, "classes", r->class_names, r->n_classes);
  H5Gclose(g);
  write_metrics(f, r);
  g = H5Gcreate2(f, "final", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  for (int i = 0; i < r->n_final; i++)
    write_scalar_attr(g, r->final[i].name, H5T_NATIVE_DOUBLE, &r->final[i].value);
  write_string_attr(g, "report", r->report);
  H5Gclose(g);
  g = H5Gcreate2(f, "model", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (r->best_params) {
    write_array(g, "params", H5T_NATIVE_FLOAT, r->best_params, r->n_params);
    char hex[65];
    sha256_hex(r->best_params, r->n_params * sizeof(float), hex);
    write_string_attr(f, "params_sha256", hex);
  }
  H5Gclose(g);
  write_checkpoint(f, r);
}

/* The record as the bytes of an HDF5 file, built in memory (the core
 * driver, no backing store): libhdf5 never writes to the disk, so a full
 * disk is one failed write() in write_bytes_atomically, with no HDF5 file
 * left open. *size gets the length; the buffer is malloc'd. */
static void *record_image(const RunRecord *r, size_t *size) {
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  hid_t access = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_core(access, 1 << 20, 0);
  hid_t f = H5Fcreate("run-record-in-memory.h5", H5F_ACC_TRUNC, H5P_DEFAULT, access);
  H5Pclose(access);
  if (f < 0) jn_die("cannot create a run record in memory (HDF5)");
  write_record(f, r);
  H5Fflush(f, H5F_SCOPE_GLOBAL); /* the superblock's end-of-file address */
  ssize_t n = H5Fget_file_image(f, NULL, 0);
  void *image = n > 0 ? jn_malloc((size_t)n) : NULL;
  if (n <= 0 || H5Fget_file_image(f, image, (size_t)n) != n) jn_die("cannot build the run record (HDF5)");
  H5Fclose(f);
  *size = (size_t)n;
  return image;
}

void record_save(const char *path, const RunRecord *r) {
  make_parent_directories(path);
  size_t size;
  void *image = record_image(r, &size);
  write_bytes_atomically(path, image, size);
  free(image);
}

int record_verify_complete(const RunRecord *r, char *why, size_t why_size) {
  if (!r->status || strcmp(r->status, "complete")) {
    snprintf(why, why_size, "status is '%s'", r->status ? r->status : "?");
    return 0;
  }
  if (r->n_params == 0 || r->n_final == 0) {
    snprintf(why, why_size, "complete but without model or final scores");
    return 0;
  }
  return 1;
}

void record_free(RunRecord *r) {
  char *strings[] = {r->kind,    r->config_json, r->config_hash, r->status, r->git_commit,
                     r->host,    r->versions,    r->started,     r->finished, r->notes,
                     r->report};
  for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) free(strings[i]);
  for (int i = 0; i < r->n_tags; i++) free(r->tag_names[i]);
  for (int i = 0; i < r->n_classes; i++) free(r->class_names[i]);
  free(r->tag_names);
  free(r->class_names);
  free(r->epochs);
  free(r->best_params);
  free(r->params);
  free(r->adam_m);
  free(r->adam_v);
  free(r->state.order);
  memset(r, 0, sizeof *r);
}

/* ---- small helpers ------------------------------------------------------ */

void record_set_final(RunRecord *r, const char *name, double value) {
  for (int i = 0; i < r->n_final; i++)
    if (!strcmp(r->final[i].name, name)) {
      r->final[i].value = value;
      return;
    }
  if (r->n_final == (int)(sizeof r->final / sizeof *r->final)) jn_die("too many final scores");
  snprintf(r->final[r->n_final].name, sizeof r->final[0].name, "%s", name);
  r->final[r->n_final++].value = value;
}

double record_final(const RunRecord *r, const char *name, double missing) {
  for (int i = 0; i < r->n_final; i++)
    if (!strcmp(r->final[i].name, name)) return r->final[i].value;
  return missing;
}

void record_add_epoch(RunRecord *r, const EpochLog *e) {
  r->epochs = jn_realloc(r->epochs, sizeof(EpochLog) * (r->n_epochs + 1));
  r->epochs[r->n_epochs++] = *e;
}

void record_set_string(char **field, const char *value) {
  free(*field);
  *field = value ? jn_strdup(value) : NULL;
}

const char *utc_now(void) {
  static char buf[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void record_set_provenance(RunRecord *r) {
  char host[256] = "unknown", versions[512], mpi[MPI_MAX_LIBRARY_VERSION_STRING];
  gethostname(host, sizeof host - 1);
  unsigned maj, min, rel;
  H5get_libversion(&maj, &min, &rel);
  int len = 0;
  MPI_Get_library_version(mpi, &len);
  mpi[strcspn(mpi, ",\n")] = '\0';
  snprintf(versions, sizeof versions, "HDF5 %u.%u.%u; %s; %s", maj, min, rel, openblas_get_config(),
           mpi);
  record_set_string(&r->git_commit, JN_GIT_COMMIT); /* the commit the binary was built from */
  record_set_string(&r->host, host);
  record_set_string(&r->versions, versions);
  record_set_string(&r->started, utc_now());
}
