#!/usr/bin/env bash
# Stopping the grid: SIGTERM to the coordinator (rank 0 under mpirun -np 3;
# its pid from status.log's "grid" line) while both workers run jobs with
# checkpoints. Grid: id; NER-only, Joint, Joint + Pre-trained x attention
# none x 2 seeds, 40 epochs (8 jobs, two of them pre-trainings, one per seed).
# 1. The grid exits with 75; status.log has the "stop" event and the
#    running jobs ended "stopped (exit 75)" (or "complete", had one just
#    finished), none "failed".
# 2. --dry-run lists the stopped jobs as partial and the rest as done or
#    pending.
# 3. The same command resumes: exit 0, each stopped job resumed from its
#    checkpoint ("resuming" in its log) and was started twice, every other
#    job once, and Table 1 has its 3 cells with n = 2.
# Then the same with SIGUSR1 to mpirun (NER-only and Joint), and in one
# process without mpirun (NER-only). Last, --deadline: a grid whose one job
# trains far longer (patience 1000) stops at the deadline by itself: exit
# 75, a "stop" event naming the deadline, the job "stopped (exit 75)" and
# partial.
source "$SRC/tests/lib.sh"
source "$SRC/tests/test_grid_helpers.bash"
need mpirun "Open MPI runs the grid's ranks"
need fasttext "the Debian package is needed for jointner embed"

tiny_data data

# stop_and_resume NAME ROWS CELLS HOW RUNNER...: the scenario above in
# results NAME for the Table 1 ROWS (a JSON list) with CELLS cells, run by
# RUNNER (mpirun ... jointner grid, or jointner grid), stopped by HOW: "coordinator"
# (SIGTERM to it) or "mpirun" (SIGUSR1 to mpirun, which forwards it to
# every rank)
stop_and_resume() {
  local name=$1 R=$WORK/$1 rows=$2 cells=$3 how=$4
  shift 4
  write_grid "$name.json" "$name" "$rows" '["none"]' 2 false 40
  "$@" --config "$name.json" > "$name.run1.out" 2> "$name.run1.err" &
  local grid_pid=$!
  # training jobs (40 epochs) running with their records on disk; the
  # pre-trainings that come first (1 epoch) can end before a signal lands
  running_with_records() {
    local n=0 id pid
    while read -r id pid; do
      case "$(field "$R" start 10 "$id" | tail -1)" in pre-training*) continue ;; esac
      [ -f "$R/runs/$id.h5" ] && n=$((n + 1))
    done < <(running_jobs "$R")
    [ $n -ge "$1" ]
  }
  wait_until 60 test -f "$R/status.log"
  local expect_running=$([ "$1" = mpirun ] && echo 2 || echo 1)
  wait_until 60 running_with_records "$expect_running"
  if [ "$how" = mpirun ]; then
    kill -USR1 $grid_pid
  else
    kill -TERM "$(field "$R" grid 6 | tail -1)"
  fi
  set +e
  wait $grid_pid
  local status=$?
  set -e
  [ $status -eq 75 ] || { cat "$name.run1.err"; fail "$name: stopped grid exit $status, expected 75"; }
  [ "$(field "$R" stop 2 | wc -l)" -eq 1 ] || fail "$name: no stop event"
  local stopped
  stopped=$(awk -F'\t' '$2 == "end" && $10 ~ /^stopped \(exit 75\)/ {print $3}' "$R/status.log")
  [ "$(echo "$stopped" | grep -c .)" -ge 1 ] || { cat "$R/status.log"; fail "$name: no stopped job"; }
  ! field "$R" end 10 | grep -q "^failed" || fail "$name: a job failed"
  "$JOINTNER" grid --config "$name.json" --dry-run > "$name.dry.txt"
  for id in $stopped; do
    grep -q "^$id .* partial  resume after epoch" "$name.dry.txt" || { cat "$name.dry.txt"; fail "$name: $id not partial"; }
  done
  grep -q " pending  run" "$name.dry.txt" || fail "$name: nothing pending after the stop"

  "$@" --config "$name.json" > "$name.run2.out" 2> "$name.run2.err" || { cat "$name.run2.err"; fail "$name: resume failed"; }
  for id in $(job_ids "$R"); do
    local expected=1
    echo "$stopped" | grep -qx "$id" && expected=2
    [ "$(starts "$R" "$id")" -eq $expected ] || fail "$name: job $id started $(starts "$R" "$id") times, expected $expected"
  done
  for id in $stopped; do
    grep -q "^resuming" "$R/logs/$id.log" || grep -q "resum" "$R/logs/$id.log" ||
      fail "$name: $id did not resume from its checkpoint"
  done
  [ "$(grep -c ',id,2,2,' "$R/table1.csv")" -eq "$cells" ] || { cat "$R/table1.csv"; fail "$name: Table 1 cells"; }
}

MPI=(mpirun -np 3 --oversubscribe "$JOINTNER" grid) # not grid_mpi: $! must be mpirun's pid
stop_and_resume farm '["NER-only", "Joint", "Joint + Pre-trained"]' 3 coordinator "${MPI[@]}"
stop_and_resume usr1 '["NER-only", "Joint"]' 2 mpirun "${MPI[@]}"
stop_and_resume alone '["NER-only"]' 1 coordinator "$JOINTNER" grid
deadline_stop() {
  local R=$WORK/deadline
  write_grid deadline.json deadline '["NER-only"]' '["none"]' 1 false '1000, "patience": 1000'
  set +e
  "$JOINTNER" grid --config deadline.json --deadline 3 > deadline.out 2> deadline.err
  local status=$?
  set -e
  [ $status -eq 75 ] || { cat deadline.err; fail "deadline: grid exit $status, expected 75"; }
  field "$R" stop 10 | grep -q '^the deadline (--deadline 3 s) has passed$' ||
    { cat "$R/status.log"; fail "deadline: no stop event naming the deadline"; }
  [ "$(awk -F'\t' '$2 == "end" && $10 ~ /^stopped \(exit 75\)/' "$R/status.log" | wc -l)" -eq 1 ] ||
    { cat "$R/status.log"; fail "deadline: the job did not stop at a checkpoint"; }
  "$JOINTNER" grid --config deadline.json --dry-run | grep -q ' partial  resume after epoch' ||
    fail "deadline: the job is not partial"
}
deadline_stop
echo "PASS ($SECONDS s)"
