#!/usr/bin/env bash
# The grid in one process (no mpirun) and what it makes of the records in
# RESULTS: id; NER-only and Joint, attention none, 2 seeds (4 jobs).
# 1. A run completes (exit 0); --dry-run then says "4 done", and its time
#    report has a rate for train/id and no hours left.
# 2. Two records are damaged, one truncated to half, one with its first
#    bytes overwritten: --dry-run lists them as failed ("corrupt record",
#    to be moved to corrupt/); the next run moves both to RESULTS/corrupt/
#    (logged as "moved"), runs exactly those two again and completes. Its
#    first status line has an ETA at once, from the first run's times in
#    status.log (the first run's first line has none: "?").
# 3. A different grid (3 seeds) into the same RESULTS is refused (exit 2,
#    "holds the plan of another grid") and nothing is started; with
#    --force-other-grid --dry-run it lists the 4 runs done and 2 pending.
# 4. Bad grid configs are refused naming the file and key (unknown key;
#    a reserved override; a language that is no ISO 639 code; a missing
#    file).
# 5. --time-limit: a job that cannot finish in 1 s is stopped (SIGTERM, it
#    checkpoints and exits 75) and retried from its checkpoint; the log
#    gives the reason "time limit 1 s reached (exit 75)".
# 6. A new machine: the records are gone but the committed runs.tsv is not.
#    `grid --completed runs.tsv` counts its 4 runs done, runs nothing, and
#    its tables (from the file alone) equal the ones of the records. With
#    the status.log that results/public-data/sweep-files.sh committed and
#    restored, its time report equals the records' (hours spent, rate);
#    sweep-files.sh replaces no symbolic link and no status.log of the
#    records. The same grid with its data copied elsewhere has other job
#    ids (they include the data's absolute paths): --completed refuses the
#    committed runs (exit 2, naming the cause), and counts none with
#    --force-other-grid; with --moved OLD=NEW it counts all 4, its time
#    report (of the restored status.log, by the old ids) equals the
#    records', and --moved alone is refused. A grid with a pre-training (NER-only and Joint +
#    Pre-trained, 1 seed) moved the same way: its runs count, the
#    pre-trained one by the id made from its pre-training's old id, and the
#    pre-training is not needed.
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need fasttext "the Debian package is needed for jointner embed"

tiny_data data
write_grid grid.json results '["NER-only", "Joint"]' '["none"]' 2 false 2
R=$WORK/results

"$JOINTNER" grid --config grid.json > run1.out 2> run1.err || { cat run1.err; fail "first run"; }
"$JOINTNER" grid --config grid.json --dry-run > dry1.txt
tail -1 dry1.txt | grep -q "^4 jobs: 4 done" || fail "dry run: not 4 done"
grep -Eq "^train +id +4 +0 +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9] +0\.00$" dry1.txt ||
  { cat dry1.txt; fail "dry run: no time report (4 done in one attempt each, nothing left)"; }

mapfile -t ids < <(job_ids "$R")
truncated=${ids[0]} overwritten=${ids[1]}
size=$(stat -c %s "$R/runs/$truncated.h5")
truncate -s $((size / 2)) "$R/runs/$truncated.h5"
printf 'garbage!' | dd of="$R/runs/$overwritten.h5" bs=1 seek=0 conv=notrunc status=none
"$JOINTNER" grid --config grid.json --dry-run > dry.txt
for id in "$truncated" "$overwritten"; do
  grep -q "^$id .* failed   move the record to corrupt/, run afresh (corrupt record:" dry.txt ||
    { cat dry.txt; fail "dry run does not call $id corrupt"; }
done
tail -1 dry.txt | grep -q "^4 jobs: 2 done, 0 partial, 2 failed, 0 pending; would run 2" || fail "dry-run summary"

"$JOINTNER" grid --config grid.json > run2.out 2> run2.err || { cat run2.err; fail "second run"; }
[ "$(ls "$R/corrupt" | wc -l)" -eq 2 ] || fail "corrupt/ should hold the 2 damaged records"
[ "$(field "$R" moved 3 | sort | tr '\n' ' ')" = "$(printf '%s\n' "$truncated" "$overwritten" | sort | tr '\n' ' ')" ] ||
  fail "status.log lacks the 'moved' events"
for id in "${ids[@]}"; do
  expected=1
  [ "$id" = "$truncated" ] || [ "$id" = "$overwritten" ] && expected=2
  [ "$(starts "$R" "$id")" -eq $expected ] || fail "job $id started $(starts "$R" "$id") times, expected $expected"
done
[ "$(grep -c ',id,2,2,' "$R/table1.csv")" -eq 2 ] || { cat "$R/table1.csv"; fail "Table 1 cells"; }
# the ETA: none before any job has run; from status.log's history at once
grep -m1 "^grid: " run1.err | grep -q "ETA ?$" || fail "first run: the first ETA should be ?"
grep -m1 "^grid: " run2.err | grep -q "ETA [0-9]" ||
  { grep "^grid: " run2.err; fail "second run: no ETA from the history in status.log"; }

"$JOINTNER" grid --config grid.json --dry-run | grep "^train " > time_of_records.txt

write_grid other.json results '["NER-only", "Joint"]' '["none"]' 3 false 2
lines_before=$(wc -l < "$R/status.log")
set +e
"$JOINTNER" grid --config other.json > other.out 2> other.err
status=$?
set -e
[ $status -eq 2 ] || fail "another grid: exit $status, expected 2"
grep -q "holds the plan of another grid" other.err || { cat other.err; fail "no clear refusal"; }
[ "$(wc -l < "$R/status.log")" -eq "$lines_before" ] || fail "the refused grid wrote to status.log"
"$JOINTNER" grid --config other.json --force-other-grid --dry-run 2> /dev/null | tail -1 |
  grep -q "^6 jobs: 4 done, 0 partial, 0 failed, 2 pending" || fail "--force-other-grid --dry-run"

expect_refusal() { # CONFIG-TEXT MESSAGE
  echo "$1" > bad.json
  set +e
  "$JOINTNER" grid --config bad.json --dry-run > /dev/null 2> bad.err
  local status=$?
  set -e
  [ $status -eq 2 ] && grep -q "$2" bad.err || { cat bad.err; fail "bad grid not refused with: $2"; }
}
expect_refusal '{"results": "r", "languages": {"id": {"train": "data/id/train.conll"}}, "seed": 3}' \
  'bad.json: unknown key "seed" at the top level'
expect_refusal '{"results": "r", "languages": {"id": {"train": "data/id/train.conll", "dev": "data/id/dev.conll", "test": "data/id/test.conll", "vectors": "data/id.vec"}}, "rows": ["Joint"], "train": {"seed": 4}}' \
  'bad.json: "train.seed" is set by the grid'
expect_refusal '{"results": "r", "languages": {"indonesian": {"train": "data/id/train.conll"}}}' \
  'bad.json: "languages.indonesian": a language is named by its ISO 639 code'
expect_refusal '{"results": "r", "languages": {"id": {"train": "data/id/nope.conll"}}}' \
  'bad.json: "languages.id.train": cannot open'
expect_refusal '{"results": "r", "languages": {"id": {"train": "data/id/train.conll", "dev": "data/id/dev.conll", "test": "data/id/test.conll", "vectors": "data/id.vec"}}, "rows": ["Joint"], "model": {"hiden": 4}}' \
  'unknown key "hiden" in "model"'

write_grid slow.json slow '["NER-only"]' '["none"]' 1 false '100000, "patience": 1000' # hours
set +e
"$JOINTNER" grid --config slow.json --time-limit 1 --retries 1 > slow.out 2> slow.err
status=$?
set -e
[ $status -eq 1 ] || { cat slow.err; fail "time-limited grid: exit $status, expected 1"; }
[ "$(field slow end 10 | grep -c 'time limit 1 s reached (exit 75)')" -eq 2 ] ||
  { cat slow/status.log; fail "no time-limit reason in status.log"; }
field slow end 10 | tail -1 | grep -q "attempt 2 of 2, giving up" || fail "no give-up after the retry"
grep -q "^resuming" slow/logs/*.log || fail "the retry did not resume from the checkpoint"
cp "$R/runs.tsv" committed.tsv
cp "$R/table1.csv" table1_of_records.csv
F=$SRC/results/public-data/sweep-files.sh
bash "$F" commit "$R" committed || fail "sweep-files.sh commit"
cmp "$R/status.log" committed/status.log || fail "sweep-files.sh commit: status.log not copied"
cp committed/status.log status_of_records.log
rm -rf "$R"
mkdir -p "$R" && ln -s elsewhere "$R/status.log"
bash "$F" restore committed "$R" 2> files.err && fail "sweep-files.sh replaced a symbolic link"
grep -q "results/status.log is not a regular file; not replaced" files.err || fail "$(cat files.err)"
rm "$R/status.log"
bash "$F" restore committed "$R" || fail "sweep-files.sh restore"
echo "its own" > own.log && cp own.log committed/status.log
bash "$F" restore committed "$R" && cmp -s "$R/status.log" own.log && fail "restore replaced a status.log"
"$JOINTNER" grid --config grid.json --completed committed.tsv --dry-run | grep "^train " > time_restored.txt
cmp time_of_records.txt time_restored.txt ||
  fail "a new machine's time report differs: $(cat time_of_records.txt) / $(cat time_restored.txt)"
rm -rf "$R"
"$JOINTNER" grid --config grid.json --completed committed.tsv --dry-run | tail -1 |
  grep -q "^4 jobs: 4 done, 0 partial, 0 failed, 0 pending; would run 0" || fail "--completed --dry-run"
"$JOINTNER" grid --config grid.json --completed committed.tsv > run6.out 2> run6.err ||
  { cat run6.err; fail "grid --completed"; }
[ -z "$(ls "$R/runs")" ] || fail "grid --completed ran jobs"
cmp "$R/table1.csv" table1_of_records.csv || fail "tables from the runs file differ from the records'"
cmp "$R/runs.tsv" committed.tsv || fail "the runs file did not carry over"
# the same grid with its data copied to another place: other job ids, so
# the committed runs are refused, naming the cause, unless forced
mkdir elsewhere && cp -r data elsewhere/data
write_grid elsewhere/grid.json results '["NER-only", "Joint"]' '["none"]' 2 false 2
set +e
"$JOINTNER" grid --config elsewhere/grid.json --completed committed.tsv --dry-run > moved.out 2> moved.err
status=$?
set -e
[ $status -eq 2 ] && grep -q "committed.tsv: 4 of its 4 runs are no job of this grid" moved.err &&
  grep -q "includes the absolute paths of its data files" moved.err ||
  { cat moved.err; fail "runs of data elsewhere: exit $status"; }
"$JOINTNER" grid --config elsewhere/grid.json --completed committed.tsv --force-other-grid --dry-run |
  tail -1 | grep -q "^4 jobs: 0 done" || fail "--force-other-grid with runs of data elsewhere"
mkdir -p elsewhere/results && cp status_of_records.log elsewhere/results/status.log
"$JOINTNER" grid --config elsewhere/grid.json --completed committed.tsv --moved "$WORK=$WORK/elsewhere" \
  --dry-run > moved_dry.txt || fail "--moved --dry-run"
tail -1 moved_dry.txt | grep -q "^4 jobs: 4 done" || fail "--moved: the runs of data elsewhere do not count"
grep "^train " moved_dry.txt | cmp -s - time_of_records.txt ||
  fail "--moved: the time report differs from the records': $(grep '^train ' moved_dry.txt)"
"$JOINTNER" grid --config elsewhere/grid.json --moved "$WORK=$WORK/elsewhere" --dry-run 2> moved.err &&
  fail "--moved without --completed was accepted"
grep -q "goes with --completed" moved.err || fail "--moved alone: $(cat moved.err)"
# with a pre-training, moved too: the Joint + Pre-trained run counts by the
# id it had, made from the pre-training's old id, which is not needed
write_grid pre.json pre '["NER-only", "Joint + Pre-trained"]' '["none"]' 1 false 2
"$JOINTNER" grid --config pre.json > pre.out 2> pre.err || { cat pre.err; fail "the grid with a pre-training"; }
cp pre/runs.tsv pre_committed.tsv
write_grid elsewhere/pre.json pre '["NER-only", "Joint + Pre-trained"]' '["none"]' 1 false 2
"$JOINTNER" grid --config elsewhere/pre.json --completed pre_committed.tsv --dry-run 2> /dev/null &&
  fail "runs of a pre-training elsewhere were accepted without --moved"
"$JOINTNER" grid --config elsewhere/pre.json --completed pre_committed.tsv --moved "$WORK/=$WORK/elsewhere/" \
  --dry-run > pre_moved.txt || fail "--moved with a pre-training"
tail -1 pre_moved.txt | grep -q "^3 jobs: 3 done" && grep -q "^[0-9a-f]* *pretrain .* done *skip" pre_moved.txt ||
  { cat pre_moved.txt; fail "--moved: the pre-trained run does not count"; }
echo "PASS ($SECONDS s)"
