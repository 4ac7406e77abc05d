#!/usr/bin/env bash
# test_run_faults.sh: a full disk, two trainers on one output, an output that
# is not a regular file.
# 1. An output that is a device node (a copy of /dev/null's) is refused
#    before any work (exit 2) and stays a device.
# 2. Two trainers on one output: the second is refused at once (exit 2,
#    naming the first's pid) while the first trains on and resumes fine.
# 3. A stop request the moment the first record exists: strace holds every
#    rename's return for 2 s, so SIGTERM lands when run.h5 is on disk and no
#    epoch has begun. The run stops at a checkpoint (exit 75), not by the
#    signal (skipped without strace).
# 4. Full disk (a 256 KiB tmpfs; needs root, else skipped): "No space left
#    on device", exit 2 (no crash in exit), no temporary file left behind;
#    a stale RECORD.tmp.<pid> of a killed writer is removed by the next
#    run, which then completes.
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need fasttext "the Debian package is needed for jointner embed"
tiny_data data

config() { # config NAME OUTPUT MAX_EPOCHS
  cat > "$1.json" <<JSON
{"data": {"train": "data/id/train.conll", "dev": "data/id/dev.conll", "test": "data/id/test.conll",
          "vectors": "data/id.vec"},
 "model": {"type": "joint", "hidden": 8, "heads": 2}, "train": {"max_epochs": $3}, "output": "$2"}
JSON
}
# run_status NAME COMMAND...: the exit status, output in NAME.out/.err
run_status() {
  local name=$1
  shift
  set +e
  timeout -s KILL 60 "$@" > "$name.out" 2> "$name.err"
  echo $?
  set -e
}

# 1. a device node as output
mknod device c 1 3
config device device 1
[ "$(run_status device "$JOINTNER" train --config device.json)" = 2 ] || fail "device output: not exit 2"
grep -q "device: exists and is not a regular file; refusing to replace it" device.err || fail "device: $(cat device.err)"
[ -c device ] || fail "the device node was replaced"
grep -q "^run " device.out && fail "work was done before the refusal"
echo "ok device output refused"

# 2. two trainers on one output
config shared shared.h5 1000
"$JOINTNER" train --config shared.json > first.log &
first=$!
for _ in $(seq 200); do grep -qs "^epoch" first.log && break; sleep 0.05; done
grep -q "^epoch" first.log || fail "the first trainer did not start"
[ "$(run_status second timeout 30 "$JOINTNER" train --config shared.json)" = 2 ] ||
  fail "second trainer: not refused ($(tail -2 second.err))"
grep -q "shared.h5: another jointner is writing this run record (pid $first on " second.err ||
  fail "second trainer: $(cat second.err)"
kill -0 $first || fail "the first trainer died"
kill -TERM $first
set +e; wait $first; code=$?; set -e
[ $code = 75 ] || fail "first trainer: exit $code after SIGTERM, expected 75"
"$JOINTNER" train --config shared.json > third.log &
third=$!
for _ in $(seq 200); do grep -q "^resuming" third.log && break; sleep 0.05; done
kill -TERM $third; wait $third || true
grep -q "^resuming" third.log || fail "the record does not resume after the refused second trainer"
echo "ok second trainer refused"

# 3. a stop the moment the first record exists
if command -v strace >/dev/null; then
  config early early.h5 2
  set +e
  strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
    -e inject=rename,renameat,renameat2:delay_exit=2000000 \
    "$JOINTNER" train --config early.json > early.out 2> early.err &
  tracer=$!
  wait_until 60 test -f early.h5
  kill -TERM "$(pgrep -P $tracer)"
  wait $tracer
  code=$?
  set -e
  [ "$code" = 75 ] || fail "a stop after the first record: exit $code, expected 75 ($(tail -3 early.err))"
  grep -q "checkpoint saved, rerun to resume" early.out || fail "early stop: $(tail -3 early.out)"
  echo "ok a stop the moment the first record exists"
else
  echo "SKIP (early stop part): strace not found" >&2
fi

# 4. a full disk
mkdir full
mount -t tmpfs -o size=256k tmpfs full 2> mount.err ||
  { echo "SKIP (full disk part): cannot mount a tmpfs: $(cat mount.err)" >&2; exit 77; }
trap 'umount "$WORK/full"' EXIT
dd if=/dev/zero of=full/filler bs=1k count=230 status=none 2> /dev/null || true
config full full/run.h5 2
code=$(run_status full "$JOINTNER" train --config full.json)
[ "$code" = 2 ] || fail "full disk: exit $code, expected 2 ($(tail -3 full.err))"
grep -q "cannot write .*full/run.h5: No space left on device" full.err || fail "full disk: $(cat full.err)"
[ -z "$(ls full | grep -v '^filler$' | grep -v '^run.h5.lock$')" ] || fail "files left on the full disk: $(ls full)"
rm full/filler
echo stale > full/run.h5.tmp.999999
code=$(run_status after "$JOINTNER" train --config full.json)
[ "$code" = 0 ] || fail "after freeing space: exit $code ($(tail -3 after.err))"
grep -q "removed .*full/run.h5.tmp.999999, left by a killed writer" after.err || fail "stale temp file: $(cat after.err)"
[ "$(ls full)" = "$(printf 'run.h5\nrun.h5.lock')" ] || fail "full/ holds $(ls full)"
echo "ok full disk"
