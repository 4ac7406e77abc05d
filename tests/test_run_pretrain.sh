# test_run_pretrain.sh: data-parallel pre-training. 1 rank and 2 ranks on the
# same global batches end with the same parameters up to float rounding
# (38 Adam steps; see params_close in lib.sh), from one file or from a list
# of files (one gzip-compressed) that holds the same lines, and with a
# gradient clip that binds; a run
# killed mid-epoch resumes from its checkpoint to the same parameters; the
# dev accuracy rises far above the majority class; the Joint + Pre-trained
# model starts from it, and refuses other vectors.
source "$SRC/tests/lib.sh"
demo_data demo
head -1200 demo/id/pretrain.tsv > corpus.tsv
pre_config() { # pre_config NAME EPOCHS [train extra]
  cat > "$1.json" <<JSON
{"data": {"train": "corpus.tsv", "dev": "demo/pretrain_dev.tsv", "vectors": "demo/id.vec"},
 "model": {"type": "pretrain", "attention": "self-learned", "hidden": 32, "heads": 4},
 "train": {"seed": 3, "max_epochs": $2 ${3:-}},
 "output": "$1.h5"}
JSON
}
pre_config one_rank 1
pre_config two_ranks 1
"$JOINTNER" pretrain --config one_rank.json > one.log
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config two_ranks.json > two.log
grep -q "2 ranks" two.log || fail "not run on 2 ranks"
params_close one_rank.h5 two_ranks.h5 || fail "1 rank and 2 ranks differ beyond float rounding"

# with a gradient clip that binds at every step, the clipping's norm is the
# whole batch's on 2 ranks as on 1
pre_config clip_one 1 ', "clip": 0.05'
pre_config clip_two 1 ', "clip": 0.05'
"$JOINTNER" pretrain --config clip_one.json > clip_one.log
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config clip_two.json > clip_two.log
params_close clip_one.h5 clip_two.h5 || fail "clipped: 1 rank and 2 ranks differ beyond float rounding"
h5diff -q clip_one.h5 one_rank.h5 /model/params /model/params > /dev/null && fail "clip 0.05 changed nothing"

# the corpus as a list of files, one gzip-compressed: one rank reads them as
# the one file (bit for bit), two ranks up to float rounding
split -n l/3 -d corpus.tsv part-
gzip part-01
pre_config listed 1
sed -i 's/"train": "corpus.tsv"/"train": ["part-00", "part-01.gz", "part-02"]/' listed.json
"$JOINTNER" pretrain --config listed.json > listed.log
grep -q "1200 sentences" listed.log || fail "the listed files are not the corpus: $(head -1 listed.log)"
h5diff one_rank.h5 listed.h5 /model/params /model/params || fail "a list of files differs from the one file"
sed 's/listed.h5/listed_two.h5/' listed.json > listed_two.json
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config listed_two.json > listed_two.log
params_close one_rank.h5 listed_two.h5 || fail "a list of files on 2 ranks differs beyond float rounding"

# kill -9 mid-run, resume from the checkpoint: bit for bit the straight run
pre_config straight 2 ', "checkpoint_steps": 5'
pre_config killed 2 ', "checkpoint_steps": 5'
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config straight.json > straight.log
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config killed.json > killed1.log &
pid=$!
for _ in $(seq 200); do grep -q "^epoch 1/2" killed1.log && break; sleep 0.05; done
kill -KILL $pid 2>/dev/null || true
pkill -KILL -f "pretrain --config killed.json" || true
wait $pid 2>/dev/null || true
mpirun -np 2 --oversubscribe "$JOINTNER" pretrain --config killed.json > killed2.log
grep -q "(resumed)" killed2.log || echo "note: the first part ended before a checkpoint"
h5diff straight.h5 killed.h5 /model/params /model/params || fail "resumed pre-training differs"
accuracy=$(final_value straight.h5 dev_accuracy)
majority=$(cut -f1 demo/pretrain_dev.tsv | sort | uniq -c | sort -rn | awk -v n="$(wc -l < demo/pretrain_dev.tsv)" 'NR==1 {print 100*$1/n}')
echo "dev accuracy $accuracy, majority class $majority"
awk -v a="$accuracy" -v m="$majority" 'BEGIN {exit !(a > m + 30)}' || fail "accuracy $accuracy not well above majority $majority"

# Joint + Pre-trained from it
cat > joint.json <<JSON
{"data": {"train": "demo/id/train.conll", "dev": "demo/id/dev.conll", "test": "demo/id/test.conll",
          "vectors": "demo/id.vec"},
 "model": {"type": "joint-pretrained", "attention": "self-learned", "hidden": 32, "heads": 4,
           "pretrained": "straight.h5"},
 "train": {"seed": 3, "max_epochs": 2}, "output": "joint.h5"}
JSON
"$JOINTNER" train --config joint.json > joint.log
notes=$(root_string joint.h5 notes)
echo "notes: $notes"
case "$notes" in *"initialised from"*"W1"*"lstm_bw_bhh"*) ;; *) fail "record does not say what was initialised";; esac
# labels from the data: the note counts them as the data has them, label by label
label_counts() { printf '%s\n' "$1" | sed -n 's/.*; training sentences by label: \([^;]*\).*/\1/p'; }
want=$(sed -n 's/^# label = //p' demo/id/train.conll | sort | uniq -c | awk '{print $2, $1}' | sort)
got=$(label_counts "$notes" | tr ',' '\n' | sed 's/^ //' | sort)
[ -n "$want" ] && [ "$got" = "$want" ] || fail "label counts in the note: '$got', the data has '$want'"

# NER data without sentence labels: the pre-trained classifier assigns them
for s in train dev test; do sed '/^# label/d' "demo/id/$s.conll" > "nolabel_$s.conll"; done
cat > joint_unlabeled.json <<JSON
{"data": {"train": "nolabel_train.conll", "dev": "nolabel_dev.conll", "test": "nolabel_test.conll",
          "vectors": "demo/id.vec", "label_classifier": "straight.h5"},
 "model": {"type": "joint", "attention": "none", "hidden": 32, "heads": 4},
 "train": {"seed": 3, "max_epochs": 1}, "output": "joint_unlabeled.h5"}
JSON
"$JOINTNER" train --config joint_unlabeled.json > joint_unlabeled.log
notes=$(root_string joint_unlabeled.h5 notes)
echo "notes: $notes"
case "$notes" in *"1400 sentences labelled by the classifier"*) ;; *) fail "labels not assigned";; esac
# the note and the log count the training sentences of each assigned label
n_train=$(awk 'NF == 0 && prev != "" {n++} {prev = $0} END {if (prev != "") n++; print n}' nolabel_train.conll)
counts=$(label_counts "$notes")
sum=$(printf '%s\n' "$counts" | tr ',' '\n' | awk '{s += $NF} END {print s + 0}')
[ "$sum" = "$n_train" ] || fail "label counts '$counts' sum to $sum, not the $n_train training sentences"
grep -qF "training sentences by label: $counts" joint_unlabeled.log || fail "the log does not show the label counts"

# other vectors are refused
awk 'NR == 1 {print; next} {$2 = $2 + 1; print}' demo/id.vec > other.vec
sed -e 's#demo/id.vec#other.vec#' -e 's#joint.h5#joint_other.h5#' joint.json > joint_other.json
set +e; "$JOINTNER" train --config joint_other.json > /dev/null 2> other.err; code=$?; set -e
[ "$code" = 2 ] && grep -q "other word vectors" other.err || fail "other vectors accepted: $(cat other.err)"
echo "test_run_pretrain: all checks passed"
