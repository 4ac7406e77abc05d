#!/usr/bin/env bash
# `jointner slurm submit` against the REAL one-node cluster of
# slurm/local-cluster.sh: a tiny grid (id; NER-only, Joint, Joint +
# Pre-trained; attention none; 2 seeds, 1 for Joint + Pre-trained, whose
# pre-trainings are per seed) with one 2-rank pre-training
# (srun --mpi=pmix) that is sent USR1 mid-run and must checkpoint, requeue
# itself and resume, training arrays split at --max-array-size 2, the
# pre-trained rows' array after the pre-training (afterok), and the tables
# job (afterany). Checks: the MaxArraySize read from scontrol, the job
# layout in submitted.json, the order of pre-training and dependent tasks
# in sacct, every job COMPLETED 0:0, a 2-rank pre-training, every cell of
# the grid in the tables with n = 2, `slurm status` making exactly one
# squeue and one sacct call, and a resubmission with every run complete
# submitting nothing.
# Env: JOINTNER, SRC, WORK. Exit 77 = skipped. Always stops the cluster.
source "$(dirname "$0")/slurm_lib.sh"
grid_test_setup
slurm_state_dir sub

start_cluster

# ------------------------------------------------------------- the grid
cd "$WORK"
demo_id_data 30000 3000 200,100,100 20 1000
cat >grid.json <<'EOF'
{"results": "results",
 "languages": {"id": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll",
                      "test": "demo/id/test.conll", "vectors": "demo/id.vec",
                      "pretrain_train": "demo/id/pre-train.tsv", "pretrain_dev": "demo/id/pre-dev.tsv"}},
 "rows": ["NER-only", "Joint", "Joint + Pre-trained"],
 "attention": ["none"],
 "seeds": {"default": 2, "Joint + Pre-trained": 1},
 "model": {"hidden": 16, "heads": 2},
 "train": {"max_epochs": 3},
 "pretrain": {"max_epochs": 2}}
EOF

# dry run: MaxArraySize comes from `scontrol show config`; nothing is submitted
"$J" slurm submit --config grid.json --time 0:10:00 --dry-run >dry.txt 2>&1 || { cat dry.txt; fail "dry run"; }
grep -q '6 runs, 0 complete; 4 batch jobs (MaxArraySize 1001) -- dry run' dry.txt ||
    fail "dry run summary: $(head -n 1 dry.txt)"
grep -q '^set -- srun --mpi=pmix -n 2 "$JOINTNER" pretrain' dry.txt || fail "dry run has no srun pretrain step"
grep -q '^#SBATCH --array=0-3%8$' dry.txt || fail "dry run: NER-only + Joint should be one array 0-3%8"
grep -q '^#SBATCH --signal=B:USR1@120$' dry.txt || fail "dry run: no --signal=B:USR1@120"
[ ! -e "$R/slurm/submitted.json" ] || fail "a dry run wrote submitted.json"
[ -z "$(squeue -h)" ] || fail "a dry run submitted jobs: $(squeue -h)"

# ------------------------------------------------------------ submission
log "submitting"
"$J" slurm submit --config grid.json --max-array-size 2 --max-concurrent 2 --pretrain-tasks 2 \
    --time 0:10:00 >submit.txt 2>&1 || { cat submit.txt; fail "slurm submit"; }
cat submit.txt
S=$R/slurm/submitted.json
[ -f "$S" ] || fail "no $S"
# name -> job id
awk -F'"' '/"name":/ { n = $4 } /"job_id":/ { print n, $4 }' "$S" >ids.txt
id_of() { awk -v n="$1" '$1 == n { print $2 }' ids.txt; }
PRE=$(awk '$1 ~ /^pretrain-/ { print $2 }' ids.txt)
A0=$(id_of train-id-0) A1=$(id_of train-id-1) AP=$(id_of train-id-pre-0) TB=$(id_of tables)
[ "$(grep -c . ids.txt)" = 5 ] && [ -n "$PRE" ] && [ -n "$A0" ] && [ -n "$A1" ] && [ -n "$AP" ] && [ -n "$TB" ] ||
    fail "expected pretrain, train-id-0, train-id-1 (split at 2), train-id-pre-0 and tables: $(cat ids.txt)"
grep -q "^#SBATCH --dependency=afterok:$PRE\$" "$R/slurm/train-id-pre-0.sbatch" || fail "pre-trained array lacks afterok:$PRE"
grep -q "^#SBATCH --dependency=afterany:$PRE:$A0:$A1:$AP\$" "$R/slurm/tables.sbatch" || fail "tables job lacks afterany on all"
! grep -q dependency "$R/slurm/train-id-0.sbatch" || fail "NER-only/Joint array should not wait for pre-training"
scontrol show job "$A0" | grep -q 'ArrayTaskThrottle=2' || fail "array $A0 has no throttle 2"

# a second submission while the first is queued is refused
if "$J" slurm submit --config grid.json --time 0:10:00 >again.txt 2>&1; then fail "resubmission while queued was accepted"; fi
grep -q 'still queued' again.txt || fail "resubmission message: $(cat again.txt)"

# the pre-training gets USR1 in its batch shell (as from --signal=B:USR1@120
# before a time limit): srun passes it on to both ranks, they checkpoint and
# exit 75, and the job requeues itself; its dependents keep waiting
end=$((SECONDS + 60))
until [ "$(squeue -h -j "$PRE" -o %T)" = RUNNING ] && grep -q '^pre-training ' "$R"/slurm/logs/*pretrain*-"$PRE".out 2>/dev/null; do
    [ $SECONDS -lt $end ] || fail "the pre-training did not start within 60 s"
    sleep 0.3
done
sleep 1
log "pre-training $PRE running: scancel --signal=USR1 --batch $PRE"
scancel --signal=USR1 --batch "$PRE" || fail "scancel --signal=USR1 --batch $PRE"

# ------------------------------------------------------------ wait
log "waiting for the jobs"
end=$((SECONDS + 150))
while [ -n "$(squeue -h -j "$PRE,$A0,$A1,$AP,$TB" 2>/dev/null)" ]; do
    [ $SECONDS -lt $end ] || fail "jobs still queued after 150 s: $(squeue -h)"
    sleep 1
done
log "queue empty"

# ------------------------------------------------------------ checks
acct() { timeout 15 sacct -n -P -X -j "$PRE,$A0,$A1,$AP,$TB" -o JobID,State,ExitCode,Start,End 2>/dev/null; }
for _ in $(seq 30); do [ "$(acct | grep -c '|COMPLETED|0:0|')" = 7 ] && break; sleep 1; done
acct | sed 's/^/  sacct: /'
[ "$(acct | grep -c '|COMPLETED|0:0|')" = 7 ] || fail "expected 7 COMPLETED 0:0 records (pretrain, 2 arrays of 2 tasks, 1 of 1, tables)"
acct | grep -v '|COMPLETED|0:0|' && fail "a job did not complete"
pre_end=$(acct | awk -F'|' -v j="$PRE" '$1 == j { print $5 }')
for t in 0; do
    st=$(acct | awk -F'|' -v j="${AP}_$t" '$1 == j { print $4 }')
    [ -n "$st" ] && [ ! "$st" \< "$pre_end" ] || fail "task ${AP}_$t started ($st) before the pre-training ended ($pre_end)"
done
grep -q '(2 ranks)' "$R"/slurm/logs/*pretrain*.out || fail "pre-training did not run on 2 MPI ranks"
PLOG=$(ls "$R"/slurm/logs/*pretrain*-"$PRE".out)
grep -q 'got SIGUSR1: sending SIGUSR1 to srun' "$PLOG" && grep -q 'exited with status 75' "$PLOG" &&
    grep -q "checkpointed: scontrol requeue $PRE" "$PLOG" && grep -q '(restart 1) on' "$PLOG" &&
    grep -q 'exited with status 0' "$PLOG" || fail "the pre-training did not checkpoint, requeue itself and finish: $(grep -v '^  ' "$PLOG")"
sacct -n -P -D -X -j "$PRE" -o JobID,State | grep -q "^$PRE|REQUEUED" || fail "sacct shows no REQUEUED run of $PRE"
sacct -n -P -j "$PRE" -o JobID,State | grep -q "^$PRE\.0|COMPLETED" || fail "no completed srun step $PRE.0"

# every cell of the grid, with all its seeds
for cell in "NER-only,none,id,2,2" "Joint,none,id,2,2" "Joint + Pre-trained,none,id,1,1"; do
    grep -q "^table1,$cell," "$R/table1.csv" || fail "table1.csv lacks the full cell $cell: $(cat "$R/table1.csv")"
done
grep -q 'Table 1' "$R"/slurm/logs/*tables*.out || fail "the tables job printed no Table 1"
grep -q '6 runs: 6 done' "$R"/slurm/logs/*tables*.out || fail "the tables job's status does not say 6 done"

# status: one squeue and one sacct per refresh, merged with the records
mkdir -p shim
for c in squeue sacct; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls.log"\nexec %s "$@"\n' "$c" "$WORK" "$(command -v $c)" >shim/$c
    chmod +x shim/$c
done
: >calls.log
PATH=$WORK/shim:$PATH "$J" slurm status "$R" --all >status.txt || { cat status.txt; fail "status exit $? (not all done)"; }
cat status.txt
[ "$(grep -c '^squeue' calls.log)" = 1 ] && [ "$(grep -c '^sacct' calls.log)" = 1 ] ||
    fail "status should call squeue and sacct once each: $(cat calls.log)"
grep -q '6 runs: 6 done' status.txt || fail "status: $(head -n 1 status.txt)"
[ "$(grep -c '^done .*test F1' status.txt)" = 5 ] || fail "status should list 5 done training runs with F1"
: >calls.log
PATH=$WORK/shim:$PATH "$J" slurm status --config grid.json >status2.txt || fail "status --config"
[ "$(grep -c . calls.log)" = 2 ] || fail "status --config: $(cat calls.log)"

# a resubmission with every run complete says so and submits nothing
"$J" slurm submit --config grid.json --time 0:10:00 >again2.txt 2>&1 || { cat again2.txt; fail "resubmission after completion"; }
grep -q 'nothing to do: all 6 runs of grid' again2.txt || fail "resubmission: $(cat again2.txt)"
[ -z "$(squeue -h)" ] || fail "a resubmission with every run complete submitted jobs: $(squeue -h)"

"$LC" stop >/dev/null 2>&1 || fail "stop"
log "PASS (total $((SECONDS - T0))s)"
