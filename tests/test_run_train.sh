# test_run_train.sh: end to end on generated data: a joint model's test F1
# rises far above the untrained model's; a rerun of a finished run reports
# it; a run stopped by SIGTERM resumes and ends with exactly the parameters
# and scores of an uninterrupted run; eval and predict work on the record.
source "$SRC/tests/lib.sh"
demo_data demo
config() { # config NAME TYPE ATTENTION LR EPOCHS [extra train keys]
  cat > "$1.json" <<JSON
{"data": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll", "test": "demo/id/test.conll",
          "vectors": "demo/id.vec", "language": "id"},
 "model": {"type": "$2", "attention": "$3", "hidden": 32, "heads": 4},
 "train": {"seed": 7, "lr": $4, "max_epochs": $5 ${6:-}},
 "output": "$1.h5"}
JSON
}
rm -f ./*.h5
config untrained joint none 1e-12 1
config trained joint self-learned 0.01 10
"$JOINTNER" train --config untrained.json > untrained.log
"$JOINTNER" train --config trained.json > trained.log
grep -q "epoch  10/10" trained.log || fail "no progress line for epoch 10"
before=$(final_value untrained.h5 test_f1)
after=$(final_value trained.h5 test_f1)
echo "test F1 untrained $before, trained $after"
awk -v a="$after" -v b="$before" 'BEGIN {exit !(a > b + 25)}' || fail "F1 did not rise: $before -> $after"
[ "$(root_string trained.h5 status)" = complete ] || fail "status not complete"

# a rerun of a complete run trains nothing
"$JOINTNER" train --config trained.json > rerun.log
grep -q "complete" rerun.log && ! grep -q "^epoch" rerun.log || fail "rerun retrained"

# stop by SIGTERM mid-run, resume, compare with the uninterrupted run
config resumed joint self-learned 0.01 5 ', "checkpoint_steps": 3'
config straight joint self-learned 0.01 5 ', "checkpoint_steps": 3'
"$JOINTNER" train --config straight.json > straight.log
"$JOINTNER" train --config resumed.json > resumed1.log &
pid=$!
for _ in $(seq 100); do grep -q "^epoch   3" resumed1.log && break; sleep 0.1; done
kill -TERM $pid
set +e; wait $pid; code=$?; set -e
echo "first part exited with $code"
if [ "$code" = 75 ]; then
  grep -q "rerun to resume" resumed1.log || fail "no resume hint"
  "$JOINTNER" train --config resumed.json > resumed2.log
  grep -q "resuming" resumed2.log || fail "did not resume"
else
  [ "$code" = 0 ] || fail "unexpected exit $code"
fi
h5diff straight.h5 resumed.h5 /model/params /model/params || fail "resumed parameters differ"
[ "$(final_value straight.h5 test_f1)" = "$(final_value resumed.h5 test_f1)" ] || fail "resumed F1 differs"

# kill -9 (no chance to save): the rerun starts from the last checkpoint
config killed joint none 0.01 4 ', "checkpoint_steps": 2'
config killed_ref joint none 0.01 4 ', "checkpoint_steps": 2'
"$JOINTNER" train --config killed_ref.json > /dev/null
"$JOINTNER" train --config killed.json > killed1.log &
pid=$!
for _ in $(seq 100); do grep -q "^epoch   2" killed1.log && break; sleep 0.1; done
kill -KILL $pid || true
wait $pid || true
"$JOINTNER" train --config killed.json > killed2.log
h5diff killed_ref.h5 killed.h5 /model/params /model/params || fail "parameters after kill -9 differ"

# eval and predict
"$JOINTNER" eval --record trained.h5 > eval.log
grep -q "FB1" eval.log || fail "eval printed no score"
cut -f1 demo/id/test.conll | grep -v '^#' > tokens.txt
"$JOINTNER" predict --record trained.h5 --in tokens.txt --out predicted.conll
[ "$(grep -c '# label' predicted.conll)" = 200 ] || fail "predict: expected 200 labeled sentences"
grep -qP '\t[BIES]-' predicted.conll || fail "predict: no entities"
printf 'kaos Nike merah anak\nสวัสดีครับ Samsung\n' > raw.txt
"$JOINTNER" predict --record trained.h5 --in raw.txt --text --out raw.conll
[ "$(grep -c '# label' raw.conll)" = 2 ] || fail "predict --text: expected 2 sentences"
grep -qP '^สวัสดี\t' raw.conll && grep -qP '^ครับ\t' raw.conll || fail "predict --text: Thai not segmented"
echo "test_run_train: all checks passed"
