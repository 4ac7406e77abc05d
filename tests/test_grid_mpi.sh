#!/usr/bin/env bash
# The grid as an MPI task farm (mpirun -np 3: a coordinator and 2 workers)
# on tiny demo data: id; NER-only, NER-only +10k, Joint, Joint + Pre-trained
# x attention none, self-learned x 2 seeds, plus Table 2 (22 jobs, four of
# them pre-trainings: one per attention variant and seed).
# 1. With --retries 0, kill -9 a training job's child mid-run (its pid from
#    status.log, once its record exists): the grid ends with status 1, the
#    kill is logged as the failure reason, --dry-run calls the job partial,
#    and its pre-training ran before every Joint + Pre-trained job.
# 2. The same command again completes: exit 0, every cell of both tables has
#    n = 2, the killed job was started twice and resumed from its
#    checkpoint, every other job exactly once (nothing done is re-run).
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need mpirun "Open MPI runs the grid's ranks"
need fasttext "the Debian package is needed for jointner embed"

tiny_data data
write_grid grid.json results '["NER-only", "NER-only +10k", "Joint", "Joint + Pre-trained"]' \
  '["none", "self-learned"]' 2 true 8
R=$WORK/results

grid_mpi --config grid.json --retries 0 > run1.out 2> run1.err &
grid_pid=$!

# the victim: a training job that has written its first checkpoint
victim=
find_victim() {
  [ -f "$R/status.log" ] || return 1
  local id pid
  while read -r id pid; do
    grep -q '"type":[[:space:]]*"pretrain"' "$R/jobs/$id.json" && continue
    [ -f "$R/runs/$id.h5" ] || continue
    if kill -9 "$pid" 2>/dev/null; then victim=$id; return 0; fi
  done < <(running_jobs "$R")
  return 1
}
wait_until 60 find_victim
echo "killed job $victim"
set +e
wait $grid_pid
status=$?
set -e
[ $status -eq 1 ] || { cat run1.err; fail "first run: exit $status, expected 1 (a job failed)"; }
end_line=$(awk -F'\t' -v id="$victim" '$2 == "end" && $3 == id' "$R/status.log")
echo "$end_line" | grep -q $'\tsig9\t' || fail "no sig9 exit for $victim: $end_line"
echo "$end_line" | grep -q 'killed by signal 9.*giving up' || fail "no failure reason: $end_line"

"$JOINTNER" grid --config grid.json --dry-run > dry.txt
grep -q "^$victim .* partial  resume after epoch" dry.txt || { cat dry.txt; fail "$victim is not partial"; }

# dependencies: each pre-training ended before its Joint + Pre-trained jobs started
for pre in $(job_ids "$R"); do
  grep -q '"type":[[:space:]]*"pretrain"' "$R/jobs/$pre.json" || continue
  pre_end=$(field "$R" end 9 "$pre" | head -1)
  [ -n "$pre_end" ] || fail "pre-training $pre did not end"
  for id in $(grep -l "runs/$pre.h5" "$R"/jobs/*.json | xargs -n1 basename | sed 's/\.json$//'); do
    [ "$id" = "$pre" ] && continue
    for started in $(field "$R" start 8 "$id"); do
      [[ "$started" > "$pre_end" ]] || fail "$id started at $started, before $pre ended ($pre_end)"
    done
  done
done

grid_mpi --config grid.json > run2.out 2> run2.err || { cat run2.err; fail "second run failed"; }
n_jobs=$(job_ids "$R" | wc -l)
[ "$n_jobs" -eq 22 ] || fail "$n_jobs jobs planned, expected 22"
for id in $(job_ids "$R"); do
  expected=1
  [ "$id" = "$victim" ] && expected=2
  [ "$(starts "$R" "$id")" -eq $expected ] || fail "job $id started $(starts "$R" "$id") times, expected $expected"
done
grep -q "^resuming" "$R/logs/$victim.log" || fail "$victim did not resume from its checkpoint"

# every cell: 7 in Table 1 (NER-only x2, +10k, Joint x2, JP x2), 3 in Table 2, each n = 2 of 2
[ "$(grep -c ',id,2,2,' "$R/table1.csv")" -eq 7 ] || { cat "$R/table1.csv"; fail "Table 1 cells"; }
[ "$(grep -c ',id,2,2,' "$R/table2.csv")" -eq 3 ] || { cat "$R/table2.csv"; fail "Table 2 cells"; }
grep -q "^### Table 2" run2.out || fail "the tables were not printed"
"$JOINTNER" grid --config grid.json --dry-run | tail -1 | grep -q "22 jobs: 22 done" || fail "dry run after completion"
echo "PASS ($SECONDS s)"
