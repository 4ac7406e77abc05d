#!/usr/bin/env bash
# Brings up the real one-node SLURM cluster of slurm/local-cluster.sh and
# checks what the sweeps rely on: sbatch, job arrays with a throttle,
# afterok dependencies, scontrol requeue (SLURM_RESTART_COUNT), a 2-task
# srun --mpi=pmix MPI step, and sacct accounting.  Always stops the cluster.
# Env: SRC (source tree), WORK (scratch dir). Exit 77 = skipped.
source "$(dirname "$0")/slurm_lib.sh"

mkdir -p "$WORK"
(cd "$WORK" && rm -f ./*.out b.times d.runs d.restart status*.txt mpi_hello mpi_hello.c ./*.sh)
chmod 0755 "$WORK"

slurm_state_dir test # stable per checkout: MariaDB's datadir is reused between runs

cleanup() {
    local rc=$?
    trap - EXIT
    if [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ -n "${SLURM_CONF:-}" ]; then
        echo "----- diagnostics -----" >&2
        timeout 10 squeue >&2 2>&1 || true
        timeout 10 sacct -a -X -o JobID,State,ExitCode,Start,End -S now-1hour >&2 2>&1 || true
        for f in "$JN_SLURM_DIR"/log/slurmctld.log "$JN_SLURM_DIR"/log/slurmd.log; do
            [ -f "$f" ] && { echo "----- tail $f" >&2; tail -n 30 "$f" >&2; }
        done
        for f in "$WORK"/*.out; do [ -f "$f" ] && { echo "----- $f" >&2; tail -n 20 "$f" >&2; }; done
    fi
    "$LC" stop || true
    exit $rc
}
trap cleanup EXIT

# wait_until SECONDS WHAT COMMAND...
wait_until() {
    local secs=$1 what=$2; shift 2
    local end=$((SECONDS + secs))
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $end ] || { echo "timed out after ${secs}s waiting for $what" >&2; return 1; }
        sleep 0.5
    done
}

# ----------------------------------------------------------------- cluster
log "starting cluster in $JN_SLURM_DIR"
t=$SECONDS
"$LC" start || fail "local-cluster.sh start failed"
log "start took $((SECONDS - t))s"
eval "$("$LC" env)"
[ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] || fail "env did not give a SLURM_CONF"
t=$SECONDS
"$LC" start || fail "second start (idempotent) failed"
[ $((SECONDS - t)) -le 10 ] || fail "second start of a running cluster took $((SECONDS - t))s"
"$LC" status >"$WORK/status.txt" || { cat "$WORK/status.txt" >&2; fail "status says some daemon is down"; }
grep -q '^node localhost: idle' "$WORK/status.txt" || fail "node not idle: $(cat "$WORK/status.txt")"
scontrol show config | grep 'MaxArraySize *= *1001' >/dev/null || fail "MaxArraySize is not the default"

# ----------------------------------------------------------- MPI program
if ! command -v mpicc >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -q -y -o DPkg::Lock::Timeout=600 \
        libopenmpi-dev openmpi-bin >"$WORK/apt.log" 2>&1 || { tail "$WORK/apt.log" >&2; fail "cannot install Open MPI"; }
fi
cat >"$WORK/mpi_hello.c" <<'EOF'
#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
    int rank, size, sum = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    printf("rank %d of %d sum %d\n", rank, size, sum);
    MPI_Finalize();
    return 0;
}
EOF
mpicc -O1 -o "$WORK/mpi_hello" "$WORK/mpi_hello.c" || fail "mpicc failed"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1

# ------------------------------------------------------------------- jobs
export W=$WORK
sb() { timeout 30 sbatch --parsable -D "$WORK" "$@" | cut -d';' -f1; }
state() { timeout 10 squeue -h -j "$1" -o %T 2>/dev/null | head -n1; }

# (d) first, so that it is running and can be requeued
cat >"$WORK/requeue.sh" <<'EOF'
#!/bin/bash
n=${SLURM_RESTART_COUNT:-0}
echo "run restart_count=$n" >>"$W/d.runs"
if [ "$n" -ge 1 ]; then echo "$n" >"$W/d.restart"; exit 0; fi
sleep 120
EOF
JD=$(sb --requeue -J jn-requeue -o "$WORK/d_%j.out" --open-mode=append "$WORK/requeue.sh")
log "requeue job $JD"
# (a) plain job
JA=$(sb -J jn-plain -o "$WORK/a.out" --wrap 'echo hello-from-$SLURM_JOB_ID')
# (b) throttled array
cat >"$WORK/array.sh" <<'EOF'
#!/bin/bash
echo "start $SLURM_ARRAY_TASK_ID $(date +%s.%N)" >>"$W/b.times"
sleep 1
echo "end $SLURM_ARRAY_TASK_ID $(date +%s.%N)" >>"$W/b.times"
echo "done $SLURM_ARRAY_TASK_ID"
EOF
JB=$(sb --array=0-3%2 -J jn-array -o "$WORK/b_%a.out" "$WORK/array.sh")
scontrol show job "$JB" | grep 'ArrayTaskThrottle=2' >/dev/null || fail "array $JB has no throttle of 2"
# (c) afterok dependency on the whole array: it checks all tasks finished
JC=$(sb --dependency=afterok:"$JB" -J jn-after -o "$WORK/c.out" \
    --wrap 'for i in 0 1 2 3; do grep -qx "done $i" "$W/b_$i.out" || { echo "task $i not done"; exit 1; }; done; echo after-ok')
# (e) a 2-task MPI step through PMIx
JE=$(sb -n 2 -J jn-mpi -o "$WORK/e.out" --wrap "srun --mpi=pmix -n 2 $WORK/mpi_hello")
log "submitted plain=$JA array=$JB after=$JC mpi=$JE"

wait_until 30 "job $JD to run" bash -c "[ \"\$(squeue -h -j $JD -o %T)\" = RUNNING ] && [ -s '$WORK/d.runs' ]" || fail "requeue job never ran"
timeout 15 scontrol requeue "$JD" || fail "scontrol requeue $JD failed"
log "requeued $JD"

ALL="$JA,$JB,$JC,$JD,$JE"
wait_until 90 "all jobs to leave the queue" bash -c "[ -z \"\$(squeue -h -j $ALL 2>/dev/null)\" ]" || fail "jobs did not finish"
log "all jobs finished"

# --------------------------------------------------------------- checks
grep -qx "hello-from-$JA" "$WORK/a.out" || fail "plain job output wrong"
[ "$(cat "$WORK/d.restart" 2>/dev/null)" = 1 ] || fail "requeued job did not see SLURM_RESTART_COUNT=1 ($(cat "$WORK/d.runs" 2>/dev/null))"
[ "$(grep -c . "$WORK/d.runs")" = 2 ] || fail "requeued job should have run twice: $(cat "$WORK/d.runs")"
grep -qx after-ok "$WORK/c.out" || fail "dependent job did not see the array done"
# the throttle: never more than 2 array tasks at once
awk '{ print $3, ($1 == "start") ? 1 : -1 }' "$WORK/b.times" | sort -n -s -k1,1 |
    awk '{ c += $2; if (c > m) m = c } END { exit !(m <= 2 && NR == 8) }' ||
    fail "array throttle violated or tasks missing: $(cat "$WORK/b.times")"
for r in 0 1; do
    grep -qx "rank $r of 2 sum 1" "$WORK/e.out" || fail "MPI rank $r missing: $(cat "$WORK/e.out")"
done

# (f) accounting: every job (and array task) COMPLETED with exit 0:0
acct() { timeout 15 sacct -n -X -P -j "$ALL" -o JobID,State,ExitCode 2>/dev/null; }
acct_done() {
    local out
    out=$(acct) || return 1
    [ "$(printf '%s\n' "$out" | grep -c .)" = 8 ] || return 1
    ! printf '%s\n' "$out" | grep -v '|COMPLETED|0:0$'
}
wait_until 30 "sacct to show 8 COMPLETED records" acct_done || true
printf '%s\n' "$(acct)" | sed 's/^/  sacct: /'
acct_done || fail "sacct does not report all jobs COMPLETED 0:0"
timeout 15 sacct -n -P -j "$JE" -o JobID,State | grep "^$JE\.0|COMPLETED" >/dev/null || fail "sacct has no completed MPI step $JE.0"
timeout 15 sacct -n -P -D -X -j "$JD" -o JobID,State | grep '|REQUEUED' >/dev/null || fail "sacct -D does not show the REQUEUED run of $JD"

# ------------------------------------------------------------------ stop
t=$SECONDS
"$LC" stop || fail "stop failed"
log "stop took $((SECONDS - t))s"
if "$LC" status >"$WORK/status2.txt"; then fail "status still reports daemons up after stop"; fi
grep -q ': up' "$WORK/status2.txt" && fail "daemon still up after stop: $(cat "$WORK/status2.txt")"
"$LC" stop || fail "second stop failed"
log "PASS (total $((SECONDS - T0))s)"
