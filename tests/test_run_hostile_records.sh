#!/usr/bin/env bash
# test_run_hostile_records.sh: corrupt run records never crash or hang a
# command; each is refused naming the file (exit 2) or moved aside by the
# grid and rerun.
# 1. A checkpoint (stopped mid-epoch) whose order has an out-of-range index,
#    or a duplicated one, is refused by train ("not a permutation"), not
#    resumed (an out-of-range index crashed batch_fill).
# 2. Records on which libhdf5 itself loops forever or crashes (found by
#    tests/fuzz): eval, train, tables and grid --dry-run end within the
#    time limit (JOINTNER_RECORD_READ_SECONDS) with the reason; the grid
#    moves the record to corrupt/ and reruns the job.
# 3. A record rejected half-read leaks nothing (grid --dry-run under
#    LeakSanitizer).
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need fasttext "the Debian package is needed for jointner embed"
export JOINTNER_RECORD_READ_SECONDS=3
tiny_data data
CORPUS=$SRC/tests/fuzz/corpus/record_load

# expect_refusal NAME PATTERN COMMAND...: exit 2 within 30 s, PATTERN on stderr
expect_refusal() {
  local name=$1 pattern=$2
  shift 2
  set +e
  timeout -s KILL 30 "$@" > "$name.out" 2> "$name.err"
  local code=$?
  set -e
  [ "$code" = 2 ] || fail "$name: exit status $code, expected 2 ($(tail -3 "$name.err"))"
  grep -qE "$pattern" "$name.err" || fail "$name: '$(tail -3 "$name.err")' does not match '$pattern'"
  echo "ok $name: $(grep 'error:' "$name.err" | tail -1)"
}

cat > run.json <<JSON
{"data": {"train": "data/id/train.conll", "dev": "data/id/dev.conll", "test": "data/id/test.conll",
          "vectors": "data/id.vec"},
 "model": {"type": "joint", "hidden": 8, "heads": 2}, "train": {"max_epochs": 1000}, "output": "run.h5"}
JSON
# a checkpoint in the middle of an epoch: SIGTERM until one stops at a step
for attempt in 1 2 3 4 5 6 7 8; do
  "$JOINTNER" train --config run.json > "train$attempt.log" &
  pid=$!
  for _ in $(seq 200); do grep -q "^epoch" "train$attempt.log" && break; sleep 0.05; done
  kill -TERM $pid
  set +e; wait $pid; code=$?; set -e
  [ $code = 75 ] || fail "SIGTERM: exit $code, expected 75"
  grep -q "^stopped by signal .* at epoch [0-9]* step [1-9]" "train$attempt.log" && break
done
grep -q "^stopped by signal .* at epoch [0-9]* step [1-9]" "train$attempt.log" || fail "no mid-epoch checkpoint"
cp run.h5 good.h5

# write_int32 FILE DATASET INDEX VALUE: overwrites one element of a
# contiguous int dataset in place (its file offset from h5dump)
write_int32() {
  local offset
  offset=$(h5dump -p -d "$2" "$1" | awk '/OFFSET/ {print $2}')
  [ -n "$offset" ] || fail "no offset for $2"
  printf "$(printf '%08x' "$4" | sed 's/\(..\)\(..\)\(..\)\(..\)/\\x\4\\x\3\\x\2\\x\1/')" |
    dd of="$1" bs=1 seek=$((offset + 4 * $3)) conv=notrunc status=none
}
order_value() { h5dump -d /checkpoint/order -s "$2" -c 1 "$1" | awk '/\(/ {print $2}' | tr -d ','; }

cp good.h5 run.h5
write_int32 run.h5 /checkpoint/order 0 1000000
expect_refusal out_of_range "run.h5: unusable run record \(checkpoint order is not a permutation\)" \
  "$JOINTNER" train --config run.json
cp good.h5 run.h5
write_int32 run.h5 /checkpoint/order 0 "$(order_value good.h5 1)"
expect_refusal duplicate "run.h5: unusable run record \(checkpoint order is not a permutation\)" \
  "$JOINTNER" train --config run.json
cp good.h5 run.h5
"$JOINTNER" train --config run.json > resumed.log &
pid=$!
for _ in $(seq 200); do grep -q "^resuming" resumed.log && break; sleep 0.05; done
kill -TERM $pid; wait $pid || true
grep -q "^resuming" resumed.log || fail "the intact checkpoint does not resume"

# libhdf5 loops forever on one file and crashes on the others
for f in "$CORPUS"/libhdf5-*.h5; do
  name=$(basename "$f" .h5)
  cp "$f" "$name.h5"
  expect_refusal "eval-$name" "$name.h5: reading it \(libhdf5\) (still not done after 3 s|crashed|failed)" \
    "$JOINTNER" eval --record "$name.h5"
  cp "$f" run.h5
  expect_refusal "train-$name" "run.h5: unusable run record \(reading it \(libhdf5\)" \
    "$JOINTNER" train --config run.json
done

# the grid: a done record replaced by the looping one is corrupt, moved aside and rerun
write_grid grid.json results '["NER-only"]' '["none"]' 1 false 1
"$JOINTNER" grid --config grid.json > grid1.out 2> grid1.err || { cat grid1.err; fail "first grid run"; }
id=$(job_ids results)
# a record rejected after part of it was read (a parameter byte changed):
# nothing leaks (LeakSanitizer, in the ASan build)
cp "results/runs/$id.h5" done.h5
offset=$(h5dump -p -d /model/params done.h5 | awk '/OFFSET/ {print $2}')
printf '\x7f' | dd of="results/runs/$id.h5" bs=1 seek=$((offset + 2)) conv=notrunc status=none
ASAN_OPTIONS=detect_leaks=1 "$JOINTNER" grid --config grid.json --dry-run > leak.out 2> leak.err ||
  fail "grid --dry-run on a record with a bad checksum: $(grep -m3 'leak\|error' leak.err)"
grep -q "model parameters do not match their checksum" leak.out || fail "checksum: $(cat leak.out)"
echo "ok no leak on a rejected record"
cp "$CORPUS/libhdf5-hang.h5" "results/runs/$id.h5"
timeout -s KILL 60 "$JOINTNER" grid --config grid.json --dry-run > dry.txt 2> dry.err ||
  fail "grid --dry-run: $(tail -3 dry.err)"
grep -q "^$id .* failed   move the record to corrupt/, run afresh (corrupt record: reading it (libhdf5) still not done" dry.txt ||
  { cat dry.txt; fail "dry run does not call the looping record corrupt"; }
timeout -s KILL 60 "$JOINTNER" tables results > tables.out 2> tables.err || fail "tables: $(tail -3 tables.err)"
grep -q "$id.h5: reading it (libhdf5) still not done after 3 s (killed); skipped" tables.err ||
  { cat tables.err; fail "tables does not skip the looping record"; }
timeout -s KILL 120 "$JOINTNER" grid --config grid.json > grid2.out 2> grid2.err || fail "second grid run: $(tail -3 grid2.err)"
[ "$(ls results/corrupt | wc -l)" = 1 ] || fail "corrupt/ should hold the looping record"
[ "$(starts results "$id")" = 2 ] || fail "job $id not rerun"
"$JOINTNER" grid --config grid.json --dry-run | tail -1 | grep -q "^1 jobs: 1 done" || fail "not done after the rerun"
echo "ok grid: moved to corrupt/ and rerun"
