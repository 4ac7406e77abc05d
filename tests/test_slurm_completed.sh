#!/usr/bin/env bash
# `jointner slurm submit --completed`: a sweep carried to another cluster by
# its runs file, on the REAL one-node cluster of slurm/local-cluster.sh. A
# tiny grid (id; NER-only and Joint + Pre-trained; attention none; 2 seeds:
# 2 pre-trainings, 4 training runs) runs in one process; `jointner tables`
# writes its runs.tsv, which keeps every run but Joint + Pre-trained seed 2;
# the records are moved away (a new cluster, the data where it was). Checks:
#   1. a dry run counts 4 of 6 done (3 runs listed, pre-training 1 no longer
#      needed) and submits pre-training 2 and its one run, nothing else;
#   2. submitted.json names the runs file and says why each run is done;
#   3. after the jobs, the tables job's table1.csv has every cell with its 2
#      seeds (tables --with), and `slurm status` says 6 done and exits 0;
#   4. a runs file with a run of another grid is refused (exit 2); with
#      --force-other-grid that run alone is submitted again;
#      --force-other-grid without --completed is a usage error; the grid
#      and its data copied to another folder count the file's runs with
#      --moved OLD=NEW only.
# Env: JOINTNER, SRC, WORK. Exit 77 = skipped. Always stops the cluster.
source "$(dirname "$0")/slurm_lib.sh"
grid_test_setup
slurm_state_dir comp

cd "$WORK"
demo_id_data 3000 1000 120,60,60 5 500
cat >grid.json <<'JSON'
{"results": "results",
 "languages": {"id": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll",
                      "test": "demo/id/test.conll", "vectors": "demo/id.vec",
                      "pretrain_train": "demo/id/pre-train.tsv", "pretrain_dev": "demo/id/pre-dev.tsv"}},
 "rows": ["NER-only", "Joint + Pre-trained"],
 "attention": ["none"],
 "seeds": 2,
 "model": {"hidden": 16, "heads": 2},
 "train": {"max_epochs": 2},
 "pretrain": {"max_epochs": 1}}
JSON

# ---------------------------------------------- the first cluster's sweep
log "the grid in one process"
"$J" grid --config grid.json >grid.out 2>&1 || { cat grid.out; fail "grid"; }
"$J" tables "$R" --out first >tables.out 2>&1 || { cat tables.out; fail "tables"; }
[ "$(tail -n +2 first/runs.tsv | grep -c .)" = 4 ] || fail "runs.tsv should have 4 runs: $(cat first/runs.tsv)"
# every run but Joint + Pre-trained seed 2 (columns: see README, "runs.tsv")
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
            !($(c["row"]) == "Joint + Pre-trained" && $(c["seed"]) == 2)' first/runs.tsv >runs.tsv
[ "$(tail -n +2 runs.tsv | grep -c .)" = 3 ] || fail "the kept runs.tsv should have 3 runs: $(cat runs.tsv)"
mv "$R" first/results

start_cluster

# ---------------------------------------------------------- 1. dry run
"$J" slurm submit --config grid.json --time 0:10:00 --completed runs.tsv --dry-run >dry.txt 2>&1 ||
    { cat dry.txt; fail "dry run"; }
grep -q '6 runs, 4 complete; 3 batch jobs' dry.txt || fail "dry run summary: $(grep 'batch jobs' dry.txt)"
[ "$(grep -c '^===== \$ sbatch' dry.txt)" = 3 ] || fail "dry run should submit a pre-training, an array and tables"
grep -q "tables \"\$RESULTS\" --stats --with '$WORK/runs.tsv'" dry.txt || fail "the tables job does not add runs.tsv"
[ -z "$(squeue -h)" ] || fail "a dry run submitted jobs: $(squeue -h)"

# ---------------------------------------------------------- 2. submission
log "submitting"
"$J" slurm submit --config grid.json --time 0:10:00 --completed runs.tsv >submit.txt 2>&1 ||
    { cat submit.txt; fail "submit"; }
cat submit.txt
S=$R/slurm/submitted.json
grep -q "\"completed\":[[:space:]]*\"$WORK/runs.tsv\"" "$S" || fail "submitted.json does not name the runs file"
[ "$(grep -c "\"done_by\":[[:space:]]*\"complete in $WORK/runs.tsv\"" "$S")" = 3 ] ||
    fail "submitted.json should say 3 runs are complete in runs.tsv"
[ "$(grep -c '"done_by":[[:space:]]*"not needed: ' "$S")" = 1 ] ||
    fail "submitted.json should say pre-training 1 is not needed"

# ---------------------------------------------------------- 3. the jobs
log "waiting for the jobs"
end=$((SECONDS + 150))
while [ -n "$(squeue -h)" ]; do
    [ $SECONDS -lt $end ] || fail "jobs still queued after 150 s: $(squeue -h)"
    sleep 1
done
log "queue empty"
[ "$(ls "$R"/runs/*.h5 | wc -l)" = 2 ] || fail "the cluster should have made 2 records: $(ls "$R"/runs)"
for cell in "NER-only,none,id,2,2" "Joint + Pre-trained,none,id,2,2"; do
    grep -q "^table1,$cell," "$R/table1.csv" || fail "table1.csv lacks the cell $cell with 2 seeds: $(cat "$R/table1.csv")"
done
"$J" slurm status "$R" --all >status.txt || { cat status.txt; fail "status exit $? (not all done)"; }
cat status.txt
grep -q '6 runs: 6 done' status.txt || fail "status: $(head -n 1 status.txt)"
[ "$(grep -c "^done .*complete in $WORK/runs.tsv" status.txt)" = 3 ] || fail "status should name runs.tsv for 3 runs"
"$J" slurm status --config grid.json >status2.txt || { cat status2.txt; fail "status --config exit $?"; }
grep -q '6 runs: 6 done' status2.txt || fail "status --config: $(head -n 1 status2.txt)"

# ---------------------------------------------------------- 4. refusals
# NER-only seed 1 as a run of another grid: the others count, it runs again
awk -F'\t' -v OFS='\t' 'NR > 1 && $5 == "NER-only" && $7 == 1 { $1 = "0000000000000000.h5"; $2 = "0000000000000000" }
                        { print }' runs.tsv >other.tsv
if "$J" slurm submit --config grid.json --time 0:10:00 --completed other.tsv --dry-run >other.txt 2>&1; then
    fail "a runs file with another grid's run was accepted"
fi
grep -q 'other.tsv: 1 of its 3 runs are no job of this grid' other.txt || fail "other grid: $(cat other.txt)"
"$J" slurm submit --config grid.json --time 0:10:00 --completed other.tsv --force-other-grid --dry-run \
    >forced.txt 2>&1 || { cat forced.txt; fail "--force-other-grid"; }
grep -q '6 runs, 5 complete; 2 batch jobs' forced.txt || fail "--force-other-grid: $(cat forced.txt)"
if "$J" slurm submit --config grid.json --time 0:10:00 --force-other-grid --dry-run >alone.txt 2>&1; then
    fail "--force-other-grid without --completed was accepted"
fi
grep -q 'go with --completed' alone.txt || fail "--force-other-grid alone: $(cat alone.txt)"
# the grid and its data in another folder: its runs count with --moved
mkdir moved && cp -r demo grid.json moved/
if "$J" slurm submit --config moved/grid.json --time 0:10:00 --completed runs.tsv --dry-run >moved.txt 2>&1; then
    fail "runs of data in another folder were accepted without --moved"
fi
"$J" slurm submit --config moved/grid.json --time 0:10:00 --completed runs.tsv --moved "$WORK=$WORK/moved" \
    --dry-run >moved.txt 2>&1 || { cat moved.txt; fail "--moved"; }
grep -q '6 runs, 4 complete; 3 batch jobs' moved.txt || fail "--moved: $(grep 'batch jobs' moved.txt)"

"$LC" stop >/dev/null 2>&1 || fail "stop"
log "PASS (total $((SECONDS - T0))s)"
