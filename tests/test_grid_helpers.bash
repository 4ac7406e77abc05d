# test_grid_helpers.bash: shared by tests/test_grid_*.sh, sourced after
# tests/lib.sh (which makes and enters $WORK and sets the MPI/ASan
# environment). Not a test itself (ctest runs test_*.sh only).

# tiny_data DIR: Indonesian demo titles (200/100/100 NER sentences, 2000
# labelled titles split 1600/400 for pre-training, 3000 unlabelled), 20-d
# vectors and 100 / 300 augmented titles for the +10k / +50k rows (~2 s)
tiny_data() {
  local dir=$1
  "$JOINTNER" data demo --out "$dir" --lang id --pretrain 2000 --unlabeled 3000 --ner 200,100,100 >/dev/null
  head -1600 "$dir/id/pretrain.tsv" > "$dir/id/pretrain_train.tsv"
  tail -400 "$dir/id/pretrain.tsv" > "$dir/id/pretrain_dev.tsv"
  "$JOINTNER" embed --in "$dir/id/unlabeled.txt" --out "$dir/id.vec" --dim 20 --epoch 20 >/dev/null 2>&1
  "$JOINTNER" data augment --ner "$dir/id/train.conll" --unlabeled "$dir/id/unlabeled.txt" \
    --count 100 --out "$dir/id/aug10k.conll" >/dev/null
  "$JOINTNER" data augment --ner "$dir/id/train.conll" --unlabeled "$dir/id/unlabeled.txt" \
    --count 300 --out "$dir/id/aug50k.conll" >/dev/null
}

# write_grid FILE RESULTS ROWS ATTENTION SEEDS TABLE2 EPOCHS: a grid on
# tiny_data "data" (ROWS and ATTENTION are JSON lists; EPOCHS goes into
# "train": {"max_epochs": EPOCHS}, so it may carry more keys after a comma)
write_grid() {
  cat > "$1" <<JSON
{"results": "$2",
 "languages": {"id": {"train": "data/id/train.conll", "dev": "data/id/dev.conll",
                      "test": "data/id/test.conll", "vectors": "data/id.vec",
                      "pretrain_train": "data/id/pretrain_train.tsv",
                      "pretrain_dev": "data/id/pretrain_dev.tsv",
                      "augment_10k": "data/id/aug10k.conll", "augment_50k": "data/id/aug50k.conll"}},
 "rows": $3, "attention": $4, "seeds": $5, "table2": $6,
 "model": {"hidden": 16, "heads": 2}, "train": {"max_epochs": $7},
 "pretrain": {"max_epochs": 1, "batch_size": 64}}
JSON
}

# field RESULTS EVENT COLUMN [JOB]: column COLUMN (1-based) of the EVENT
# lines of RESULTS/status.log (of JOB only, if given)
field() {
  awk -F'\t' -v e="$2" -v c="$3" -v id="${4:-}" '$2 == e && (id == "" || $3 == id) {print $c}' \
    "$1/status.log"
}

# starts RESULTS JOB: how often JOB was started
starts() { field "$1" start 3 "$2" | wc -l; }

# job_ids RESULTS: every job id of the plan
job_ids() { sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([0-9a-f]*\)".*/\1/p' "$1/plan.json"; }

# running_jobs RESULTS: "ID PID" of the jobs started and not ended
running_jobs() {
  awk -F'\t' '$2 == "start" {pid[$3] = $6} $2 == "end" {delete pid[$3]}
              END {for (id in pid) print id, pid[id]}' "$1/status.log"
}

# wait_until SECONDS COMMAND...: polls COMMAND every 50 ms; fails on timeout
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for: $*"
    sleep 0.05
  done
}

# grid_mpi ARGS...: the grid under mpirun with a coordinator and 2 workers
grid_mpi() { mpirun -np 3 --oversubscribe "$JOINTNER" grid "$@"; }
