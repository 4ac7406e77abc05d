#!/bin/bash
# bench/pretrain_large.sh: one epoch of scaling-mode pre-training of a large
# generated corpus across 2 ranks (issue 16): 300-d vectors, BiLSTM
# 2 x HIDDEN (default 256, the paper's), attention none, 32 sentences a
# rank, one core a rank. Memory must stay flat: each rank's peak RSS is set beside
# that of the same run on the corpus's first 100,000 titles, and the RSS
# of the ranks is sampled every 30 s through the epoch. A run stopped by a
# signal (SIGUSR1 to mpirun) resumes from its checkpoint on a rerun; the
# epoch's seconds are then those of all its parts.
#   [HIDDEN=H] bench/pretrain_large.sh BUILD_DIR DIR [TITLES (default 10000000)]
# DIR (outside the repository; ~0.6 GB for 10M titles) gets the corpus,
# its vectors, configs, logs and records; a rerun reuses the corpus and
# resumes the run from its checkpoint.
set -eu
BUILD="$(cd "$1" && pwd)"
DIR=$2
TITLES=${3:-10000000}
HIDDEN=${HIDDEN:-256}
JOINTNER="$BUILD/jointner"
[ -x "$JOINTNER" ] || { echo "build $JOINTNER first" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
mkdir -p "$DIR"
cd "$DIR"
DIR=$(pwd)
if [ "$(wc -l 2>/dev/null < corpus.tsv || echo 0)" != "$TITLES" ]; then
  start=$(date +%s)
  "$JOINTNER" data demo --out gen --lang id --ner 10,10,10 --pretrain "$TITLES" > /dev/null
  mv gen/id/pretrain.tsv corpus.tsv
  rm -rf gen
  echo "generated $TITLES titles in $(( $(date +%s) - start )) s"
  awk 'NR % 5000 == 0' corpus.tsv > dev.tsv
  head -n 100000 corpus.tsv > small.tsv
  cut -f2 corpus.tsv | tr ' ' '\n' | sort -u | awk 'NF' > words.txt
  awk 'BEGIN {srand(1)} {w[NR] = $1} END {print NR, 300; for (i = 1; i <= NR; i++) {
         printf "%s", w[i]; for (j = 0; j < 300; j++) printf " %.4f", rand() - 0.5; print ""}}' words.txt > vectors.vec
fi
config() { # config NAME CORPUS
  cat > "$1.json" <<JSON
{"data": {"train": "$2", "dev": "dev.tsv", "vectors": "vectors.vec"},
 "model": {"type": "pretrain", "attention": "none", "hidden": $HIDDEN},
 "train": {"seed": 1, "max_epochs": 1, "data_parallel": "scaling", "checkpoint_steps": 5000},
 "output": "$1.h5"}
JSON
}
run() { # run NAME: 2 ranks, each under /usr/bin/time; RSS sampled every 30 s
  # (logs are appended to: a stopped run resumes, and its epoch line counts
  # the time of every part)
  touch "$1.rss"
  grep -qs '^pre-training [0-9a-f]* complete' "$1.log" && return
  ( while sleep 30; do
      for pid in $(pgrep -f "pretrain --config $DIR/$1.json"); do
        ps -o comm=,rss= -p "$pid" | awk '$1 == "jointner" {printf "%s ", $2}'
      done >> "$1.rss"
      echo >> "$1.rss"
    done ) &
  local sampler=$! status=0
  mpirun -np 2 --bind-to core /usr/bin/time -f "peak RSS %M KB" "$JOINTNER" pretrain --config "$DIR/$1.json" \
    >> "$1.log" 2>> "$1.err" || status=$?
  kill $sampler
  [ "$status" = 0 ] || { echo "$1: stopped (exit $status); rerun to resume from its checkpoint" >&2; exit "$status"; }
}
config small small.tsv
config large corpus.tsv
run small
run large
peaks() { grep -o "peak RSS [0-9]*" "$1.err" | awk '{printf "%s%.0f MB", (NR > 1 ? ", " : ""), $3 / 1024}'; }
echo "BiLSTM 2 x $HIDDEN, 300-d vectors, scaling mode, 2 ranks x 32 sentences:"
echo
echo "| corpus | titles | bytes | epoch s | sentences/s | peak RSS per rank | RSS sampled during the epoch |"
echo "|---|---|---|---|---|---|---|"
for name in small large; do
  corpus=$( [ $name = small ] && echo small.tsv || echo corpus.tsv )
  read -r rate seconds < <(sed -n 's/^epoch 1\/1 .*  \([0-9.]*\) sentences\/s  \([0-9]*\)s.*/\1 \2/p' "$name.log")
  samples=$(awk '{for (i = 1; i <= NF; i++) {if (min == "" || $i < min) min = $i; if ($i > max) max = $i}}
                 END {if (min == "") print "(none)"; else printf "%.0f-%.0f MB", min / 1024, max / 1024}' "$name.rss")
  printf "| %s | %d | %d | %.0f | %.0f | %s | %s |\n" "$name" "$(wc -l < "$corpus")" "$(stat -c %s "$corpus")" \
    "$seconds" "$rate" "$(peaks "$name")" "$samples"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
