/* grid_farm.c: the MPI task farm (and its one-process stand-in). */
#include "runner/grid/grid_farm.h"
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "model/base.h"
#include "runner/signals.h"

enum { TAG_READY = 1, TAG_STARTED, TAG_ENDED, TAG_SIGNALLED, TAG_BYE, TAG_JOB, TAG_STOP_CHILD, TAG_QUIT };
/* Polling pauses: a worker waiting for its next job naps 1 ms; the
 * coordinator naps 1 ms after a message, doubling up to 8 ms while nothing
 * happens (~125 wake-ups a second while long jobs run). */
enum { WORKER_NAP_MS = 1, COORDINATOR_NAP_MIN_MS = 1, COORDINATOR_NAP_MAX_MS = 8 };

/* What a worker tells the coordinator. */
typedef struct {
  int job; /* plan index; -1 in READY, SIGNALLED, BYE */
  ChildResult result;
  double cpu_seconds; /* BYE: the worker's own CPU time */
  char host[64];
} Report;

static void nap(int ms) {
  struct timespec t = {0, ms * 1000000L};
  nanosleep(&t, NULL);
}

/* MPI_Iprobe, asked twice when the first answer is no: after a nap, Open
 * MPI's first probe runs the progress engine that brings the message in
 * but does not report it yet (measured: latency 1.5 naps with one probe,
 * 0.5 naps with two). */
static int probe(int source, int tag, MPI_Status *st) {
  int flag;
  MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, st);
  if (!flag) MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, st);
  return flag;
}

/* ---- the coordinator ------------------------------------------------------ */

/* Turns a stop signal sent to this process, or the deadline, into a stop
 * of the grid. */
static void stop_if_due(Coordinator *c) {
  coordinator_check_deadline(c);
  if (!jn_stop_requested) return;
  char why[64];
  snprintf(why, sizeof why, "the coordinator was sent signal %d", (int)jn_stop_requested);
  coordinator_stop(c, why);
}

static void send_job(const Plan *plan, int job, int worker) {
  const Job *j = &plan->jobs[job];
  size_t size = strlen(j->config_path) + strlen(j->log_path) + 32;
  char *text = jn_malloc(size);
  int n = snprintf(text, size, "%d\t%d\t%s\t%s", job, (int)j->kind, j->config_path, j->log_path);
  MPI_Send(text, n + 1, MPI_CHAR, worker, TAG_JOB, MPI_COMM_WORLD);
  free(text);
}

static void send_empty(int worker, int tag) { MPI_Send(NULL, 0, MPI_CHAR, worker, tag, MPI_COMM_WORLD); }

/* Receives every waiting message; returns how many. running[w] is the job
 * of worker w or -1; idle[w] says it waits for a job; ended[w] holds the
 * ENDED report of worker w (job >= 0) until the coordinator judges it,
 * which is after the worker got its next job: reading a record back takes
 * up to ~100 ms for the paper's model, and need not delay the next start. */
static int take_messages(Coordinator *c, int *running, int *idle, Report *ended, int *byes) {
  int count = 0;
  for (;;) {
    MPI_Status st;
    if (!probe(MPI_ANY_SOURCE, MPI_ANY_TAG, &st)) return count;
    Report r;
    MPI_Recv(&r, sizeof r, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    int w = st.MPI_SOURCE;
    count++;
    switch (st.MPI_TAG) {
      case TAG_READY:
        idle[w] = 1;
        break;
      case TAG_STARTED:
        coordinator_started(c, r.job, w, r.host, &r.result);
        break;
      case TAG_ENDED:
        ended[w] = r;
        running[w] = -1;
        idle[w] = 1;
        break;
      case TAG_SIGNALLED: {
        char why[64];
        snprintf(why, sizeof why, "rank %d was sent a stop signal", w);
        coordinator_stop(c, why);
        break;
      }
      case TAG_BYE:
        c->worker_cpu += r.cpu_seconds;
        (*byes)++;
        break;
      default:
        jn_die("grid: unexpected message tag %d from rank %d", st.MPI_TAG, w);
    }
  }
}

void farm_coordinate(Coordinator *c, int n_ranks) {
  int *running = jn_malloc(sizeof *running * (size_t)n_ranks);
  int *idle = jn_calloc((size_t)n_ranks, sizeof *idle);
  Report *ended = jn_malloc(sizeof *ended * (size_t)n_ranks);
  for (int w = 0; w < n_ranks; w++) running[w] = ended[w].job = -1;
  int byes = 0, stop_sent = 0, nap_ms = COORDINATOR_NAP_MIN_MS;
  for (;;) {
    int got = take_messages(c, running, idle, ended, &byes);
    stop_if_due(c);
    if (c->stopping && !stop_sent) {
      for (int w = 1; w < n_ranks; w++)
        if (running[w] >= 0) send_empty(w, TAG_STOP_CHILD);
      stop_sent = 1;
    }
    for (int w = 1; w < n_ranks; w++) {
      if (!idle[w]) continue;
      int job = coordinator_next(c);
      if (job < 0) {
        coordinator_idle(c, w);
        continue;
      }
      send_job(c->plan, job, w);
      idle[w] = 0;
      running[w] = job;
    }
    for (int w = 1; w < n_ranks; w++)
      if (ended[w].job >= 0) {
        coordinator_ended(c, ended[w].job, w, ended[w].host, &ended[w].result);
        ended[w].job = -1;
      }
    int busy = 0;
    for (int w = 1; w < n_ranks; w++) busy |= running[w] >= 0;
    if (!busy && (c->stopping || !schedule_has_work(&c->schedule))) break;
    coordinator_status_line(c, 0);
    if (got) {
      nap_ms = COORDINATOR_NAP_MIN_MS;
    } else {
      nap(nap_ms);
      if (nap_ms < COORDINATOR_NAP_MAX_MS) nap_ms *= 2;
    }
  }
  for (int w = 1; w < n_ranks; w++) send_empty(w, TAG_QUIT);
  while (byes < n_ranks - 1)
    if (!take_messages(c, running, idle, ended, &byes)) nap(COORDINATOR_NAP_MIN_MS);
  free(running);
  free(idle);
  free(ended);
}

/* ---- a worker --------------------------------------------------------------- */

typedef struct {
  int job;
  char host[64];
  int signalled; /* SIGNALLED sent */
} WorkerState;

static void send_report(int tag, const WorkerState *w, const ChildResult *result) {
  Report r;
  memset(&r, 0, sizeof r);
  r.job = w->job;
  if (result) r.result = *result;
  r.cpu_seconds = tag == TAG_BYE ? cpu_seconds_used() : 0;
  memcpy(r.host, w->host, sizeof r.host);
  MPI_Send(&r, sizeof r, MPI_BYTE, 0, tag, MPI_COMM_WORLD);
}

/* Tells the coordinator once that this rank was sent a stop signal. */
static int stop_signalled(WorkerState *w) {
  if (!jn_stop_requested) return 0;
  if (!w->signalled) send_report(TAG_SIGNALLED, w, NULL);
  w->signalled = 1;
  return 1;
}

static void worker_started(void *ctx, const ChildResult *r) {
  send_report(TAG_STARTED, ctx, r);
}

static int worker_should_stop(void *ctx) {
  MPI_Status st;
  int flag = probe(0, TAG_STOP_CHILD, &st);
  if (flag) MPI_Recv(NULL, 0, MPI_CHAR, 0, TAG_STOP_CHILD, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return stop_signalled(ctx) || flag;
}

static void run_job(WorkerState *w, char *order, const ChildLimits *limits, int rank) {
  char *fields[4], *state = NULL;
  int n = 0;
  for (char *t = strtok_r(order, "\t", &state); t && n < 4; t = strtok_r(NULL, "\t", &state))
    fields[n++] = t;
  if (n != 4) jn_die("grid: malformed job message on rank %d", rank);
  w->job = atoi(fields[0]);
  char note[128];
  snprintf(note, sizeof note, "rank %d on %s", rank, w->host);
  ChildHooks hooks = {worker_started, worker_should_stop, w};
  ChildResult result;
  child_run((JobKind)atoi(fields[1]), fields[2], fields[3], note, limits, &hooks, &result);
  send_report(TAG_ENDED, w, &result);
  w->job = -1;
}

void farm_work(const ChildLimits *limits) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  WorkerState w = {.job = -1};
  grid_host_name(w.host);
  send_report(TAG_READY, &w, NULL);
  for (;;) {
    MPI_Status st;
    if (!probe(0, MPI_ANY_TAG, &st)) {
      stop_signalled(&w);
      nap(WORKER_NAP_MS);
      continue;
    }
    int count;
    MPI_Get_count(&st, MPI_CHAR, &count);
    char *text = jn_malloc((size_t)count + 1);
    MPI_Recv(text, count, MPI_CHAR, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    text[count] = '\0';
    if (st.MPI_TAG == TAG_JOB) run_job(&w, text, limits, rank);
    free(text);
    if (st.MPI_TAG == TAG_QUIT) break;
    /* STOP_CHILD with no child running: the job has just ended; ignore */
  }
  send_report(TAG_BYE, &w, NULL);
}

/* ---- one process -------------------------------------------------------------- */

typedef struct {
  Coordinator *c;
  int job;
  const char *host;
} AloneState;

static void alone_started(void *ctx, const ChildResult *r) {
  AloneState *a = ctx;
  coordinator_started(a->c, a->job, 0, a->host, r);
}

static int alone_should_stop(void *ctx) {
  AloneState *a = ctx;
  stop_if_due(a->c);
  return a->c->stopping;
}

void farm_alone(Coordinator *c) {
  char host[64], note[128];
  grid_host_name(host);
  snprintf(note, sizeof note, "rank 0 on %s", host);
  for (;;) {
    stop_if_due(c);
    int job = coordinator_next(c);
    if (job < 0) break;
    const Job *j = &c->plan->jobs[job];
    AloneState a = {c, job, host};
    ChildHooks hooks = {alone_started, alone_should_stop, &a};
    ChildResult result;
    child_run(j->kind, j->config_path, j->log_path, note, &c->limits, &hooks, &result);
    coordinator_ended(c, job, 0, host, &result);
  }
}
