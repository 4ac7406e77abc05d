#!/usr/bin/env bash
# Preemption and time limits on the REAL cluster of slurm/local-cluster.sh:
# a grid of two training runs is submitted with `jointner slurm submit` (one
# array, 2 tasks at once). While both run:
#   task 0 is requeued by `scontrol requeue` (SLURM sends SIGTERM to all of
#          the job's processes and requeues it itself);
#   task 1 gets SIGUSR1 in its batch shell (`scancel --signal=USR1 --batch`,
#          what --signal=B:USR1@120 does before the time limit): the script
#          forwards SIGTERM to jointner, which checkpoints and exits 75, and
#          the script requeues its own array task.
# Both must come back (SLURM_RESTART_COUNT 1 in the run record), resume from
# the checkpoint and end with the same test F1 as an uninterrupted direct
# `jointner train` of the same config written elsewhere (the identity hash
# ignores "output"). `slurm status --config` then shows each run's last
# state and a time report of all four attempts from sacct -D.
# Env: JOINTNER, SRC, WORK. Exit 77 = skipped. Always stops the cluster.
source "$(dirname "$0")/slurm_lib.sh"
grid_test_setup
slurm_state_dir rq
start_cluster

cd "$WORK"
"$J" data demo --out demo --lang id --pretrain 100 --unlabeled 3000 --ner 3000,300,300 >demo.log 2>&1 ||
    { cat demo.log; fail "data demo"; }
"$J" embed --in demo/id/unlabeled.txt --out demo/id.vec --dim 20 --epoch 5 --threads 1 --min-count 1 >embed.log 2>&1 ||
    { cat embed.log; fail "embed"; }
# ~0.7 s an epoch: long enough to be caught running
cat >grid.json <<'EOF'
{"results": "results",
 "languages": {"id": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll",
                      "test": "demo/id/test.conll", "vectors": "demo/id.vec"}},
 "rows": ["NER-only"], "attention": ["none"], "seeds": 2,
 "model": {"hidden": 64, "heads": 2},
 "train": {"max_epochs": 14}}
EOF
log "submitting"
"$J" slurm submit --config grid.json --max-concurrent 2 --time 0:10:00 >submit.txt 2>&1 || { cat submit.txt; fail "submit"; }
cat submit.txt
A=$(awk -F'"' '/"name":/ { n = $4 } /"job_id":/ && n == "train-id-0" { print $4 }' "$R/slurm/submitted.json")
[ -n "$A" ] || fail "no array train-id-0 in submitted.json"
LIST=$R/slurm/train-id-0.list
[ "$(grep -c . "$LIST")" = 2 ] || fail "expected 2 runs in $LIST"

logf() { ls "$R"/slurm/logs/*-"${A}_$1".out 2>/dev/null | head -n 1; }
# epoch lines look like "epoch   2/14 ..."
at_epoch() { local f; f=$(logf "$1"); [ -n "$f" ] && grep -Eq "^epoch +$2/" "$f"; }
end=$((SECONDS + 60))
until at_epoch 0 2 && at_epoch 1 2; do
    [ $SECONDS -lt $end ] || fail "the tasks did not reach epoch 2 within 60 s"
    sleep 0.3
done
[ "$(squeue -h -j "${A}_0" -o %T)" = RUNNING ] && [ "$(squeue -h -j "${A}_1" -o %T)" = RUNNING ] ||
    fail "the tasks finished before they could be interrupted: $(squeue -h)"
log "both tasks past epoch 2: scontrol requeue ${A}_0; scancel --signal=USR1 --batch ${A}_1"
scontrol requeue "${A}_0" || fail "scontrol requeue ${A}_0"
scancel --signal=USR1 --batch "${A}_1" || fail "scancel --signal=USR1 --batch ${A}_1"

# the uninterrupted references (same configs, output elsewhere), meanwhile
mkdir -p ref
for t in 0 1; do
    sed "s#^\([[:space:]]*\"output\":\).*#\1 \"$WORK/ref/$t.h5\",#" "$(sed -n "$((t + 1))p" "$LIST")" >ref/$t.json
    grep -q "\"output\": \"$WORK/ref/$t.h5\"" ref/$t.json || fail "could not rewrite the output of ref/$t.json"
done
( for t in 0 1; do OPENBLAS_NUM_THREADS=1 "$J" train --config ref/$t.json >ref/$t.log 2>&1 || exit 1; done ) &
BACKGROUND_PID=$!

end=$((SECONDS + 150))
while [ -n "$(squeue -h -j "$A" 2>/dev/null)" ]; do
    [ $SECONDS -lt $end ] || fail "array $A still queued after 150 s: $(squeue -h)"
    sleep 1
done
log "array done"
wait "$BACKGROUND_PID" || { cat ref/*.log; fail "reference runs failed"; }
BACKGROUND_PID=

f1() { h5dump -m %.17g -a /final/test_f1 "$1" | awk '/\(0\)/ { print $2 }'; }
attr() { h5dump -a "/$2" "$1" | awk '/\(0\)/ { print $2 }'; }
for t in 0 1; do
    cfg=$(sed -n "$((t + 1))p" "$LIST")
    rec=$R/runs/$(basename "$cfg" .json).h5
    f=$(logf $t)
    [ -f "$rec" ] || fail "no record $rec"
    [ "$(h5dump -a /status "$rec" | awk -F'"' '/\(0\)/ { print $2 }')" = complete ] || fail "task $t: record not complete"
    [ "$(attr "$rec" slurm_restart_count)" = 1 ] || fail "task $t: slurm_restart_count $(attr "$rec" slurm_restart_count), expected 1"
    grep -q 'exited with status 75' "$f" || fail "task $t: jointner did not checkpoint and exit 75"
    grep -q '(restart 1) on' "$f" || fail "task $t: no rerun with SLURM_RESTART_COUNT=1"
    grep -q 'exited with status 0' "$f" || fail "task $t: the rerun did not finish"
    a=$(f1 "$rec") b=$(f1 "ref/$t.h5")
    log "task $t: test F1 after requeue $a, uninterrupted $b"
    [ -n "$a" ] && [ "$a" = "$b" ] || fail "task $t: test F1 $a after requeue differs from the uninterrupted $b"
done
grep -q 'got SIGTERM' "$(logf 0)" || fail "task 0 saw no SIGTERM"
grep -q 'got SIGUSR1' "$(logf 1)" && grep -q "scontrol requeue ${A}_1" "$(logf 1)" || fail "task 1 did not requeue itself on USR1"
sacct -n -P -D -X -j "$A" -o JobID,State | grep -q "^${A}_0|REQUEUED" || fail "sacct shows no REQUEUED run of ${A}_0"
sacct -n -P -D -X -j "$A" -o JobID,State | grep -q "^${A}_1|REQUEUED" || fail "sacct shows no REQUEUED run of ${A}_1"
"$J" slurm status "$R" >status.txt || { cat status.txt; fail "status: not all done"; }
grep -q 'slurm restarts 1' <("$J" slurm status "$R" --all) || fail "status does not show the restarts"
# the time report from sacct -D: both runs took 2 attempts, so there is no
# rate, nothing is left, and the hours spent are those of all 4 attempts
"$J" slurm status --config grid.json --all >status-time.txt || { cat status-time.txt; fail "status --config"; }
grep -Eq "^done +${A}_0 +completed " status-time.txt || fail "task 0's state is not its last attempt's: $(cat status-time.txt)"
spent=$(sacct -n -P -D -X -j "$A" -o ElapsedRaw | awk '{ s += $1; n++ } END { if (n == 4) printf "%.2f", s / 3600 }')
[ -n "$spent" ] || fail "sacct -D -X should list 4 attempts: $(sacct -n -P -D -X -j "$A" -o JobID,State,ElapsedRaw)"
grep -Eq "^train +id +2 +0 +$spent +\? +0\.00\$" status-time.txt || fail "time report (expected $spent h spent, no rate): $(cat status-time.txt)"

"$LC" stop >/dev/null 2>&1 || fail "stop"
log "PASS (total $((SECONDS - T0))s)"
