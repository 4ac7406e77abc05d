#!/usr/bin/env bash
# Every documented way of signalling a job of `jointner slurm submit`, on the
# REAL cluster of slurm/local-cluster.sh, leads to a checkpoint and a requeue
# (the rerun resumes), and `slurm status` says what happened:
#   1. a training array (2 tasks): task 0 gets a plain
#      `scancel --signal=USR1 JOB_0` (SLURM signals the job's steps: jointner
#      runs in an srun step), task 1 `scancel --batch --signal=USR1 JOB_1`
#      (the batch shell, which passes USR1 on);
#   2. a training run with a 1-minute limit and --signal-lead 50: the real
#      time-limit warning (--signal=B:USR1@50) fires;
#   3. a pre-training (2 ranks): plain `scancel --signal=USR1`; after its
#      requeue it is cancelled (scancel), so its dependent array is
#      cancelled: status shows the real checkpoint (epoch and step), the real
#      exit, and "cancelled: dependency <job> cancelled".
# Then: a dry run writes nothing; a resubmission moves the earlier scripts
# aside, resumes the pre-training and finishes, and `slurm status --config`
# counts the time of both submissions; one more says "nothing to do".
# Submissions without --time on a partition without a limit are refused.
# Env: JOINTNER, SRC, WORK. Exit 77 = skipped. Always stops the cluster.
source "$(dirname "$0")/slurm_lib.sh"
grid_test_setup
slurm_state_dir sig

start_cluster

cd "$WORK"
demo_id_data 13000 2000 1500,100,100 5 1000
grid() { # grid FILE RESULTS ROW SEEDS MAX_EPOCHS [PRETRAIN_EPOCHS]
    cat >"$1" <<EOF
{"results": "$2",
 "languages": {"id": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll",
                      "test": "demo/id/test.conll", "vectors": "demo/id.vec",
                      "pretrain_train": "demo/id/pre-train.tsv", "pretrain_dev": "demo/id/pre-dev.tsv"}},
 "rows": ["$3"], "attention": ["none"], "seeds": $4,
 "model": {"hidden": 16, "heads": 2}, "train": {"max_epochs": $5}, "pretrain": {"max_epochs": ${6:-2}}}
EOF
}
job_of() { awk -F'"' -v want="$2" '/"name":/ { n = $4 } /"job_id":/ && n == want { print $4 }' "$1/slurm/submitted.json"; }
logf() { ls "$1"/slurm/logs/*-"$2".out 2>/dev/null | head -n 1; }
wait_for() { # wait_for SECONDS WHAT COMMAND...
    local limit=$1 what=$2; shift 2
    local end=$((SECONDS + limit))
    until "$@"; do [ $SECONDS -lt $end ] || fail "$what: not within $limit s"; sleep 0.3; done
}
requeued_and_resumed() { # the log of a run that checkpointed on USR1, requeued itself and resumed
    local f=$1
    [ -f "$f" ] && grep -q 'exited with status 75' "$f" && grep -q 'checkpointed: scontrol requeue' "$f" &&
        grep -q '(restart 1) on' "$f" && grep -Eq '^resuming .* at epoch [0-9]+, step|\(resumed\)$' "$f"
}

# --- no --time and a partition without a limit: refused, saying why
grid t.json "$WORK/rt" NER-only 2 500
if "$J" slurm submit --config t.json >notime.txt 2>&1; then fail "a submission without --time was accepted"; fi
grep -q -- '--time is required: the default partition has no time limit' notime.txt || fail "no --time: $(cat notime.txt)"

# --- 1. a training array: plain USR1 to task 0, --batch USR1 to task 1
"$J" slurm submit --config t.json --time 0:10:00 --max-concurrent 2 >t.txt 2>&1 || { cat t.txt; fail "submit t"; }
grep -q 'time limit 0:10:00 a run (--time)' t.txt || fail "submit does not say which time limit: $(cat t.txt)"
A=$(job_of "$WORK/rt" train-id-0)
at_epoch() { local f; f=$(logf "$WORK/rt" "${A}_$1"); [ -n "$f" ] && grep -Eq '^epoch +2/' "$f"; }
wait_for 90 "both tasks at epoch 2" eval 'at_epoch 0 && at_epoch 1'
log "array $A running: scancel --signal=USR1 ${A}_0; scancel --batch --signal=USR1 ${A}_1"
scancel --signal=USR1 "${A}_0" || fail "scancel --signal=USR1 ${A}_0"
scancel --batch --signal=USR1 "${A}_1" || fail "scancel --batch --signal=USR1 ${A}_1"
wait_for 90 "both tasks requeued and resumed" eval \
    'requeued_and_resumed "$(logf "$WORK/rt" "${A}_0")" && requeued_and_resumed "$(logf "$WORK/rt" "${A}_1")"'
grep -q 'got SIGUSR1' "$(logf "$WORK/rt" "${A}_1")" || fail "task 1's batch shell saw no USR1"
scancel "$A"
wait_for 60 "array $A gone" eval '[ -z "$(squeue -h -j "$A")" ]'
log "1. plain and --batch USR1: both tasks checkpointed, requeued and resumed"

# --- 2. the time-limit warning itself: 1 minute, warned 50 s before
grid w.json "$WORK/rw" NER-only 1 '500, "patience": 1000' # no annealing out before the warning
"$J" slurm submit --config w.json --time 1 --signal-lead 50 >w.txt 2>&1 || { cat w.txt; fail "submit w"; }
grep -q '^#SBATCH --signal=B:USR1@50$' "$WORK"/rw/slurm/train-id-0.sbatch || fail "no --signal=B:USR1@50"
W=$(job_of "$WORK/rw" train-id-0)
wait_for 100 "the warned task requeued and resumed" eval 'requeued_and_resumed "$(logf "$WORK/rw" "${W}_0")"'
grep -q 'got SIGUSR1' "$(logf "$WORK/rw" "${W}_0")" || fail "the time-limit warning did not reach the batch shell"
scancel "$W"
wait_for 60 "array $W gone" eval '[ -z "$(squeue -h -j "$W")" ]'
log "2. the time-limit warning: checkpointed, requeued and resumed"

# --- a dry run writes nothing, not even the results folder
grid p.json "$WORK/rp" "Joint + Pre-trained" 1 3 10 # a pre-training long enough to be signalled
"$J" slurm submit --config p.json --time 0:10:00 --dry-run >dry.txt 2>&1 || { cat dry.txt; fail "dry run"; }
[ ! -e "$WORK/rp" ] || fail "a dry run wrote $(find "$WORK/rp" | head)"

# --- 3. a pre-training: plain USR1 (checkpoint, requeue), then cancelled
"$J" slurm submit --config p.json --time 0:10:00 >p1.txt 2>&1 || { cat p1.txt; fail "submit p"; }
P=$(awk -F'"' '/"name":/ { n = $4 } /"job_id":/ && n ~ /^pretrain-/ { print $4 }' "$WORK/rp/slurm/submitted.json")
D=$(job_of "$WORK/rp" train-id-pre-0)
[ -n "$P" ] && [ -n "$D" ] || fail "no pre-training or dependent array in submitted.json"
plog() { logf "$WORK/rp" "$P"; }
wait_for 90 "the pre-training running" eval 'grep -q "^pre-training .* steps per epoch$" "$(plog)" 2>/dev/null'
sleep 2
log "pre-training $P running: scancel --signal=USR1 $P"
scancel --signal=USR1 "$P" || fail "scancel --signal=USR1 $P"
wait_for 90 "the pre-training requeued and resumed" eval 'requeued_and_resumed "$(plog)"'
log "pre-training $P resumed: scancel $P"
scancel "$P"
wait_for 60 "jobs $P and $D gone" eval '[ -z "$(squeue -h -j "$P,$D")" ]'
"$J" slurm status "$WORK/rp" >status1.txt && fail "status says all done"
cat status1.txt
rec=$(ls "$WORK"/rp/runs/*.h5 | while read -r f; do h5dump -a /kind "$f" 2>/dev/null | grep -q pretrain && echo "$f"; done | head -n 1)
epoch=$(h5dump -a /checkpoint/epoch "$rec" | awk '/\(0\)/ { print $2 }')
step=$(h5dump -a /checkpoint/step "$rec" | awk '/\(0\)/ { print $2 }')
if [ "$step" -gt 0 ]; then want="checkpoint at epoch $((epoch + 1)) step $step"; else want="checkpoint after epoch $epoch"; fi
grep "^failed .*pretrain" status1.txt | grep -qF "$want" || fail "status: no '$want' for the pre-training"
exit_code=$(sacct -n -P -X -j "$P" -o ExitCode | tail -n 1)
grep "^failed .*pretrain" status1.txt | grep -qF "exit $exit_code" || fail "status: not sacct's exit $exit_code"
grep "^failed .*train .*Joint" status1.txt | grep -qF "cancelled: dependency $P cancelled" ||
    fail "status: the dependent run is not 'cancelled: dependency $P cancelled'"
log "3. plain USR1 to the pre-training: checkpoint and requeue; status after its cancel is right"

# --- a resubmission: earlier scripts aside; the pre-training resumes; all done
"$J" slurm submit --config p.json --time 0:10:00 >p2.txt 2>&1 || { cat p2.txt; fail "resubmit p"; }
earlier=$(ls -d "$WORK"/rp/slurm/earlier/*/)
[ -f "$earlier/submitted.json" ] && ls "$earlier"/pretrain-*.sbatch >/dev/null && ls "$earlier"/train-id-pre-0.list >/dev/null ||
    fail "the earlier scripts were not moved aside: $(ls -R "$WORK/rp/slurm")"
[ "$(ls "$WORK"/rp/slurm/*.sbatch | wc -l)" = 3 ] || fail "expected the 3 new scripts only: $(ls "$WORK"/rp/slurm)"
P2=$(awk -F'"' '/"name":/ { n = $4 } /"job_id":/ && n ~ /^pretrain-/ { print $4 }' "$WORK/rp/slurm/submitted.json")
wait_for 240 "the resubmitted jobs done" eval '[ -z "$(squeue -h)" ]'
grep -q '(resumed)$' "$(logf "$WORK/rp" "$P2")" || fail "the resubmitted pre-training did not resume"
"$J" slurm status "$WORK/rp" >status2.txt || { cat status2.txt; slurm_diagnostics; fail "not all done after the resubmission"; }
# the time report counts both submissions: the pre-training ran in each
# (so it gives no rate); counted in the second alone, it would give one
"$J" slurm status --config p.json >status3.txt || { cat status3.txt; fail "status --config after the resubmission"; }
spent=$(sacct -n -P -D -X -j "$P,$P2" -o ElapsedRaw | awk '{ s += $1 } END { printf "%.2f", s / 3600 }')
grep -Eq "^pretrain +id +1 +0 +$spent +\? +0\.00\$" status3.txt ||
    fail "time report: the pre-training should have $spent h over both submissions and no rate: $(cat status3.txt)"
"$J" slurm submit --config p.json --time 0:10:00 >p3.txt 2>&1 || { cat p3.txt; fail "third submit"; }
grep -q 'nothing to do: all 2 runs' p3.txt || fail "third submit: $(cat p3.txt)"
[ -z "$(squeue -h)" ] || fail "a submission with nothing to do submitted: $(squeue -h)"

"$LC" stop >/dev/null 2>&1 || fail "stop"
log "PASS (total $((SECONDS - T0))s)"
