# slurm_lib.sh: the shared set-up of the tests on the real cluster of
# slurm/local-cluster.sh (sourced by test_slurm_cluster.sh, and with
# grid_test_setup by the tests that run jointner grids on it; demo_id_data
# makes their data).
# Env: SRC, WORK (and JOINTNER for grid tests). Exit 77 = skipped.
set -euo pipefail

SRC=${SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WORK=${WORK:-$(mktemp -d /tmp/jn-slurm-test.XXXXXX)}
LC=$SRC/slurm/local-cluster.sh
T0=$SECONDS

source "$SRC/tests/need.sh"
skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
log() { printf '[%3ds] %s\n' $((SECONDS - T0)) "$*"; }

[ "$(uname -s)" = Linux ] || skip "needs Linux (/proc, munge, slurmd)"
[ "$(id -u)" = 0 ] || skip "must run as root to start munged/slurmd/slurmctld (uid $(id -u))"
[ -x "$LC" ] || fail "$LC missing or not executable"
export PATH=$PATH:/usr/sbin:/sbin

# grid_test_setup: for the tests that run jointner grids on the cluster:
# J (the binary), its tools, a fresh WORK and R (the grid's results)
grid_test_setup() {
  J=${JOINTNER:?JOINTNER (the jointner binary) is required}
  J=$(realpath "$J")
  need fasttext "the Debian package is needed for jointner embed"
  need h5dump "hdf5-tools is needed to read the records"
  # sanitizer builds: Open MPI and PMIx leak by design (the jobs inherit this)
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
  rm -rf "$WORK" && mkdir -p "$WORK" && chmod 0755 "$WORK"
  R=$WORK/results
}

# demo_id_data PRETRAIN UNLABELED NER EMBED_EPOCHS DEV: in $WORK/demo,
# generated Indonesian data (`data demo`; NER is "train,dev,test"), 20-d
# vectors demo/id.vec and the pre-training lines split into
# demo/id/pre-train.tsv and the last DEV of them, demo/id/pre-dev.tsv
demo_id_data() {
  "$J" data demo --out "$WORK/demo" --lang id --pretrain "$1" --unlabeled "$2" --ner "$3" >"$WORK/demo.log" 2>&1 ||
    { cat "$WORK/demo.log"; fail "data demo"; }
  "$J" embed --in "$WORK/demo/id/unlabeled.txt" --out "$WORK/demo/id.vec" --dim 20 --epoch "$4" --threads 1 \
    --min-count 1 >"$WORK/embed.log" 2>&1 || { cat "$WORK/embed.log"; fail "embed"; }
  head -n $(($1 - $5)) "$WORK/demo/id/pretrain.tsv" >"$WORK/demo/id/pre-train.tsv"
  tail -n "$5" "$WORK/demo/id/pretrain.tsv" >"$WORK/demo/id/pre-dev.tsv"
}

# slurm_state_dir NAME: a short state dir of the test's own (unix socket
# paths are limited), stable per checkout
slurm_state_dir() {
  export JN_SLURM_DIR=${JN_SLURM_TEST_DIR:-/tmp/jn-slurm-$1-$(printf '%s' "$SRC" | cksum | cut -d' ' -f1)}
}

# slurm_diagnostics: what a failed test prints about the cluster's jobs
slurm_diagnostics() {
  echo "----- diagnostics -----" >&2
  timeout 10 squeue >&2 2>&1 || true
  timeout 10 sacct -a -D -X -o JobID%20,JobName%40,State,ExitCode,Start,End -S now-1hour >&2 2>&1 || true
  for f in "$R"/slurm/logs/*.out; do [ -f "$f" ] && { echo "----- $f" >&2; grep -v '^  ' "$f" | tail -n 30 >&2; }; done
  [ -f "$JN_SLURM_DIR/log/slurmctld.log" ] && tail -n 20 "$JN_SLURM_DIR/log/slurmctld.log" >&2
  return 0
}

# on_exit_stop_cluster: the EXIT trap start_cluster sets: a failed test
# prints slurm_diagnostics; the background job $BACKGROUND_PID, if any, is
# killed; the cluster always stops.
BACKGROUND_PID=
on_exit_stop_cluster() {
  local rc=$?
  trap - EXIT
  [ -n "$BACKGROUND_PID" ] && kill "$BACKGROUND_PID" 2>/dev/null
  [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ -n "${SLURM_CONF:-}" ] && slurm_diagnostics
  "$LC" stop >/dev/null 2>&1 || true
  exit $rc
}

start_cluster() {
  trap on_exit_stop_cluster EXIT
  log "starting the cluster in $JN_SLURM_DIR"
  "$LC" start >"$WORK/start.log" 2>&1 || { cat "$WORK/start.log" >&2; fail "local-cluster.sh start failed"; }
  eval "$("$LC" env)"
  log "cluster up"
}
