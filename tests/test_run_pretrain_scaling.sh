# test_run_pretrain_scaling.sh: pre-training in scaling mode
# (train.data_parallel "scaling"). Gradient accumulation on one rank is the
# exact-mode update of the same global batch (up to float rounding); the
# bucketed non-blocking reduction gives the same parameters as one blocking
# MPI_Allreduce, bit for bit; on 2 ranks each reads only its shard (the
# shards' sentences add up to the corpus, neither holds it all), the labels
# are the union of the shards' even where the shards share none, the global
# batch and learning-rate rule are as configured, and a kill -9 resumes to
# the parameters of the straight run; a list of files is shared out whole,
# by size, and needs a file a rank; one gzip file cannot be split by bytes;
# the number of ranks is part of the run's identity; scaling keys in exact
# mode are refused.
source "$SRC/tests/lib.sh"
demo_data demo
head -1200 demo/id/pretrain.tsv > corpus.tsv
sort -t"$(printf '\t')" -k1,1 -s corpus.tsv > by_label.tsv # shard 0 and shard 1 share no label
pre_config() { # [EPOCHS=E] pre_config NAME CORPUS [train extra]
  cat > "$1.json" <<JSON
{"data": {"train": "$2", "dev": "demo/pretrain_dev.tsv", "vectors": "demo/id.vec"},
 "model": {"type": "pretrain", "attention": "self-learned", "hidden": 32, "heads": 4},
 "train": {"seed": 3, "max_epochs": ${EPOCHS:-1} ${3:-}},
 "output": "$1.h5"}
JSON
}
run2() { mpirun -np 2 --oversubscribe "$JOINTNER" pretrain "$@"; }
# kill_mid_run NAME: runs NAME.json on 2 ranks and kills it with -9 once its
# first epoch has ended (a checkpoint is on disk); the output in NAME-1.log
kill_mid_run() {
  run2 --config "$1.json" > "$1-1.log" &
  local pid=$!
  for _ in $(seq 200); do grep -q "^epoch 1/2" "$1-1.log" && break; sleep 0.05; done
  kill -KILL $pid 2>/dev/null || true
  pkill -KILL -f "pretrain --config $1.json" || true
  wait $pid 2>/dev/null || true
}

# accumulation: 2 micro-batches of 16 = exact mode's batch of 32
pre_config exact corpus.tsv
pre_config accumulated corpus.tsv ', "batch_size": 16, "data_parallel": "scaling", "accumulate": 2, "lr_scaling": "none", "warmup": 0'
"$JOINTNER" pretrain --config exact.json > exact.log
"$JOINTNER" pretrain --config accumulated.json > accumulated.log
grep -q "scaling mode, global batch 32," accumulated.log || fail "global batch not 16 x 2: $(head -2 accumulated.log)"
params_close exact.h5 accumulated.h5 || fail "accumulating 2 x 16 differs from one batch of 32"

# 2 ranks, shards of a corpus sorted by label
pre_config sharded by_label.tsv ', "batch_size": 16, "data_parallel": "scaling", "accumulate": 2'
pre_config blocking by_label.tsv ', "batch_size": 16, "data_parallel": "scaling", "accumulate": 2'
run2 --config sharded.json > sharded.log
JN_BLOCKING_REDUCE=1 mpirun -x JN_BLOCKING_REDUCE -np 2 --oversubscribe "$JOINTNER" pretrain --config blocking.json > blocking.log
cat sharded.log
grep -q "2 ranks, scaling mode, global batch 64," sharded.log || fail "global batch not 16 x 2 x 2"
grep -q "learning rate 0.001 x 2 (sqrt rule), warm-up 1 step(s)" sharded.log || fail "learning-rate rule not as configured"
labels=$(cut -f1 by_label.tsv | sort -u | wc -l)
grep -q "1200 sentences, $labels labels" sharded.log || fail "the labels are not the union of the shards' ($labels)"
read -r a b < <(sed -n 's/.*sentences per shard: \([0-9]*\) \([0-9]*\)$/\1 \2/p' sharded.log)
[ "$((a + b))" = 1200 ] && [ "$a" -lt 1200 ] && [ "$b" -lt 1200 ] || fail "shards of $a and $b sentences"
grep -q "MPI wait [0-9.]*% of the time  step work [0-9.]* ± [0-9.]* ms$" sharded.log ||
  fail "no MPI wait share and step work reported"
h5diff sharded.h5 blocking.h5 /model/params /model/params || fail "bucketed reduction differs from one Allreduce"
case "$(root_string sharded.h5 config_json)" in *'"data_parallel":"scaling"'*) ;; *) fail "scaling mode not in the identity";; esac

# a list of files: each rank reads whole files, the largest first to the
# rank with the fewest bytes (sizes 500, 300, 200 and 200 lines: rank 0
# gets the 500 lines, rank 1 the other 700), gzip files among them
head -500 by_label.tsv > f0.tsv
sed -n 501,700p by_label.tsv > f1.tsv
sed -n 701,1000p by_label.tsv | gzip -9 > f2.tsv.gz
sed -n 1001,1200p by_label.tsv > f3.tsv
pre_config files corpus.tsv ', "data_parallel": "scaling"'
sed -i 's/"train": "corpus.tsv"/"train": ["f0.tsv", "f1.tsv", "f2.tsv.gz", "f3.tsv"]/' files.json
run2 --config files.json > files.log
grep -q "1200 sentences, $labels labels" files.log || fail "the files are not the corpus: $(head -1 files.log)"
grep -q "sentences per shard: 500 700$" files.log || fail "files not shared out by size: $(grep shard files.log)"
# ... and a kill -9 mid-epoch resumes across the files' boundaries to the
# parameters of the straight run
for n in files_straight files_killed; do
  EPOCHS=2 pre_config $n corpus.tsv ', "batch_size": 8, "data_parallel": "scaling", "checkpoint_steps": 5'
  sed -i 's/"train": "corpus.tsv"/"train": ["f0.tsv", "f1.tsv", "f2.tsv.gz", "f3.tsv"]/' $n.json
done
run2 --config files_straight.json > files_straight.log
kill_mid_run files_killed
run2 --config files_killed.json > files_killed2.log
grep -q "(resumed)" files_killed2.log || echo "note: the first part of the file-list run ended before a checkpoint"
h5diff files_straight.h5 files_killed.h5 /model/params /model/params || fail "resumed file-list run differs"

# kill -9 mid-run: the resumed run ends where the straight one does
EPOCHS=2 pre_config straight by_label.tsv ', "batch_size": 8, "data_parallel": "scaling", "checkpoint_steps": 5'
EPOCHS=2 pre_config killed by_label.tsv ', "batch_size": 8, "data_parallel": "scaling", "checkpoint_steps": 5'
run2 --config straight.json > straight.log
kill_mid_run killed
cp killed.h5 checkpoint.h5 # after epoch 1: a checkpoint of 2 ranks
run2 --config killed.json > killed2.log
grep -q "(resumed)" killed2.log || echo "note: the first part ended before a checkpoint"
h5diff straight.h5 killed.h5 /model/params /model/params || fail "resumed scaling-mode run differs"

# a checkpoint of 2 ranks is not resumed on 1; train.ranks must match
set +e
EPOCHS=2 pre_config half by_label.tsv ', "batch_size": 8, "data_parallel": "scaling", "checkpoint_steps": 5'
cp checkpoint.h5 half.h5
"$JOINTNER" pretrain --config half.json > /dev/null 2> one_rank.err; code1=$?
pre_config pinned corpus.tsv ', "data_parallel": "scaling", "ranks": 3'
run2 --config pinned.json > /dev/null 2> pinned.err; code2=$?
pre_config wrong corpus.tsv ', "accumulate": 2'
"$JOINTNER" pretrain --config wrong.json > /dev/null 2> wrong.err; code3=$?
sed 's/files.h5/three.h5/' files.json > three.json
mpirun -np 3 --oversubscribe "$JOINTNER" pretrain --config three.json > /dev/null 2> three.err; code4=$?
sed 's/"f0.tsv", "f1.tsv", //; s/files.h5/two.h5/' files.json > two.json
mpirun -np 3 --oversubscribe "$JOINTNER" pretrain --config two.json > /dev/null 2> two.err; code5=$?
gzip -c corpus.tsv > corpus.tsv.gz
pre_config one_gzip corpus.tsv.gz ', "data_parallel": "scaling"'
run2 --config one_gzip.json > /dev/null 2> one_gzip.err; code6=$?
set -e
[ "$code1" = 2 ] && grep -q "made on 2 ranks" one_rank.err || fail "a 2-rank checkpoint resumed on 1 rank: $(cat one_rank.err)"
[ "$code2" != 0 ] && grep -q '"train.ranks" is 3 but 2 rank' pinned.err || fail "train.ranks not checked: $(cat pinned.err)"
[ "$code3" = 2 ] && grep -q '"train.accumulate" needs "train.data_parallel": "scaling"' wrong.err || fail "scaling key accepted in exact mode: $(cat wrong.err)"
[ "$code4" = 0 ] || fail "4 files on 3 ranks: $(cat three.err)"
[ "$code5" != 0 ] && grep -q '"data.train" lists 2 files for 3 ranks' two.err || fail "fewer files than ranks: $(cat two.err)"
[ "$code6" != 0 ] && grep -q 'corpus.tsv.gz: a gzip file cannot be split into byte ranges' one_gzip.err ||
  fail "one gzip file split by bytes: $(cat one_gzip.err)"
echo "test_run_pretrain_scaling: all checks passed"
