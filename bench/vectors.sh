#!/usr/bin/env bash
# vectors.sh: what crawl-size word vectors cost before the first training
# step, of one run and of a grid's runs, before and after issue 17; peak
# memory. Never a timed test: run it by hand on a machine as quiet as can be.
#
# usage: bench/vectors.sh BUILD_DIR BEFORE_JOINTNER DIR [COUNT]
#   BUILD_DIR        a Release build of this tree (jointner, bench/gen-vectors,
#                    bench/float-parse)
#   BEFORE_JOINTNER  jointner built from the commit before (plain .vec only)
#   DIR              scratch folder; NER data goes to DIR/nerp/{train,dev,test}.conll:
#                    the first 5000 / next 860 / last 860 sentences of
#                    $NERP_BIO (default ../shared/data/id/nerp_train.bio, the
#                    public Indonesian news NER set, 19,095 distinct words),
#                    an I- tag after O or another type read as B- (conlleval's reading)
#   COUNT            words of the generated .vec (default 2000000: cc.LANG.300's)
# Writes DIR/crawl.vec (COUNT x 300, ~4.5 GB at 2M words: the data's words
# first, then made-up ones, 4 decimals as fastText writes them) and
# DIR/crawl.vec.gz (gzip -1) unless there, and prints one line a figure.
set -euo pipefail
B=$(realpath "$1"); BEFORE=$(realpath "$2"); DIR=$(realpath "$3"); COUNT=${4:-2000000}
HERE=$(dirname "$(realpath "$0")") # before the cd: $0 may be relative
J=$B/jointner
cd "$DIR"
export OPENBLAS_NUM_THREADS=1
NERP_BIO=${NERP_BIO:-$HERE/../../shared/data/id/nerp_train.bio}
if [ ! -s nerp/test.conll ]; then
  mkdir -p nerp
  awk 'BEGIN {RS = ""; FS = "\n"}
       { prev = "O"; out = ""
         for (i = 1; i <= NF; i++) {
           split($i, c, "\t"); t = c[2]
           if (t ~ /^I-/ && (prev == "O" || substr(prev, 3) != substr(t, 3))) t = "B-" substr(t, 3)
           prev = t; out = out c[1] "\t" t "\n" }
         n++; f = n <= 5000 ? "nerp/train.conll" : n <= 5860 ? "nerp/dev.conll" : "nerp/test.conll"
         printf "%s\n", out > f }' "$NERP_BIO"
fi
if [ ! -s crawl.vec ]; then
  cat nerp/*.conll | cut -f1 | grep -v '^$' | sort -u > words.txt
  "$B/bench/gen-vectors" --words words.txt --count "$COUNT" --dim 300 --out crawl.vec
fi
[ -s crawl.vec.gz ] || gzip -1 -c crawl.vec > crawl.vec.gz
echo "vectors: $(head -1 crawl.vec | cut -d' ' -f1) words x 300, crawl.vec $(stat -c %s crawl.vec) bytes," \
  "crawl.vec.gz $(stat -c %s crawl.vec.gz) bytes; data $(cat nerp/*.conll | cut -f1 | grep -v '^$' | sort -u | wc -l) distinct words"
"$B/bench/float-parse" crawl.vec 200

config() { # config NAME VECTORS
  cat > "$1.json" <<JSON
{"data": {"train": "nerp/train.conll", "dev": "nerp/dev.conll", "test": "nerp/test.conll", "vectors": "$2"},
 "model": {"type": "ner", "hidden": 16}, "train": {"max_epochs": 1, "seed": 1}, "output": "runs/$1.h5"}
JSON
}
# run LABEL BINARY CONFIG CACHE: seconds to the "run ..." line (printed
# just before the first step), the whole run's wall and CPU (user + system)
# seconds and peak RSS. On a shared machine the CPU seconds are the steadier
# figure: the wall clock counts the time other processes had the cores.
run() {
  rm -f "runs/$3.h5"
  mkdir -p runs
  local start=$EPOCHREALTIME first=""
  while IFS= read -r line; do
    if [ -z "$first" ] && [[ $line == run\ * ]]; then first=$EPOCHREALTIME; fi
  done < <(JOINTNER_CACHE=$4 /usr/bin/time -f "%e %U %S %M" -o "$3.time" "$2" train --config "$3.json")
  wait
  read -r total user sys rss < "$3.time"
  awk -v l="$1" -v s="$start" -v f="$first" -v t="$total" -v c="$(echo "$user + $sys" | bc)" -v m="$rss" \
    'BEGIN {printf "%-44s first step %6.1f s   whole run %6.1f s wall, %6.1f s CPU   peak RSS %5.0f MB\n", l, f - s, t, c, m / 1024}'
}
config vec crawl.vec
config gz crawl.vec.gz
rm -rf cache-*
run "one run, before (.vec; .gz unreadable)" "$BEFORE" vec off
run "one run, after, .vec, no memo or cache" "$J" vec "$DIR/cache-vec"
run "one run, after, .vec.gz, no memo or cache" "$J" gz "$DIR/cache-gz"
start=$EPOCHREALTIME
JOINTNER_CACHE=$DIR/cache-gz /usr/bin/time -f "%e %U %S %M" -o subset.time "$J" vectors subset --config gz.json 2> subset.err
read -r total user sys rss < subset.time
awk -v s="$start" -v e="$EPOCHREALTIME" -v c="$(echo "$user + $sys" | bc)" -v m="$rss" \
  'BEGIN {printf "%-44s %6.1f s wall, %6.1f s CPU   peak RSS %5.0f MB\n", "vectors subset (.vec.gz, memo warm)", e - s, c, m / 1024}'
ls -l cache-gz/vectors/*.jnv | awk '{printf "cache file: %d bytes\n", $5}'
run "one run, after, .vec.gz, cached" "$J" gz "$DIR/cache-gz"

# a grid of 2 training runs (NER-only x {none, soft}, 1 seed, 1 epoch); its
# time before the first steps grows with the runs before, not after
grid() { # grid NAME VECTORS
  cat > "$1.json" <<JSON
{"results": "$DIR/$1-results", "languages": {"id": {"train": "nerp/train.conll", "dev": "nerp/dev.conll",
   "test": "nerp/test.conll", "vectors": "$2"}},
 "rows": ["NER-only"], "attention": ["none", "soft"], "seeds": 1, "table2": false,
 "model": {"hidden": 16}, "train": {"max_epochs": 1}}
JSON
  rm -rf "$DIR/$1-results"
}
time_grid() { # time_grid LABEL BINARY NAME CACHE: wall and CPU seconds of
  # the grid and its children, peak RSS of the largest process
  local start=$EPOCHREALTIME
  JOINTNER_CACHE=$4 /usr/bin/time -f "%e %U %S %M" -o "$3.time" "$2" grid --config "$3.json" > "$3.log" 2>&1
  read -r total user sys rss < "$3.time"
  awk -v l="$1" -v s="$start" -v e="$EPOCHREALTIME" -v c="$(echo "$user + $sys" | bc)" -v m="$rss" \
    'BEGIN {printf "%-44s %6.1f s wall, %6.1f s CPU   peak RSS %5.0f MB\n", l, e - s, c, m / 1024}'
}
grid grid_before crawl.vec
grid grid_after crawl.vec.gz
rm -rf cache-grid
time_grid "grid of 2 runs, before (.vec)" "$BEFORE" grid_before off
time_grid "grid of 2 runs, after (.vec.gz, cold)" "$J" grid_after "$DIR/cache-grid"
grid grid_after crawl.vec.gz
time_grid "the same grid again (memo and cache warm)" "$J" grid_after "$DIR/cache-grid"

# pre-training (1 epoch, hidden 16) on a sentence corpus: PRETRAIN_CORPUS
# (LABEL<TAB>tokens; default: the first 5,000 lines of the id pre-training
# corpus that results/public-data/prepare.sh makes), its first 500 lines as
# dev. Before, every row of the file was kept; now the corpus's words only,
# from the cache once `vectors subset --text` has made it.
PRETRAIN_CORPUS=${PRETRAIN_CORPUS:-$HERE/../public-out/data/id/pretrain_train.tsv}
head -n 5000 "$PRETRAIN_CORPUS" > pt_train.tsv
head -n 500 "$PRETRAIN_CORPUS" > pt_dev.tsv
pretrain_config() { # pretrain_config NAME VECTORS
  cat > "$1.json" <<JSON
{"data": {"train": "pt_train.tsv", "dev": "pt_dev.tsv", "vectors": "$2"},
 "model": {"type": "pretrain", "attention": "none", "hidden": 16},
 "train": {"seed": 1, "max_epochs": 1}, "output": "runs/$1.h5"}
JSON
  rm -f "runs/$1.h5"
}
time_pretrain() { # time_pretrain LABEL BINARY NAME CACHE
  JOINTNER_CACHE=$4 /usr/bin/time -f "%e %U %S %M" -o "$3.time" "$2" pretrain --config "$3.json" > "$3.log" 2>&1
  read -r total user sys rss < "$3.time"
  awk -v l="$1" -v t="$total" -v c="$(echo "$user + $sys" | bc)" -v m="$rss" \
    'BEGIN {printf "%-44s %6.1f s wall, %6.1f s CPU   peak RSS %5.0f MB\n", l, t, c, m / 1024}'
}
mkdir -p runs
pretrain_config pt_before crawl.vec
pretrain_config pt_after crawl.vec.gz
rm -rf cache-pt
time_pretrain "pre-training, before (.vec, every row kept)" "$BEFORE" pt_before off
time_pretrain "pre-training, after, .vec.gz, no cache" "$J" pt_after off
JOINTNER_CACHE=$DIR/cache-pt /usr/bin/time -f "%e %U %S %M" -o subset_pt.time "$J" vectors subset \
  --text pt_train.tsv --text pt_dev.tsv --vectors crawl.vec.gz 2> subset_pt.err
read -r total user sys rss < subset_pt.time
awk -v t="$total" -v c="$(echo "$user + $sys" | bc)" -v m="$rss" \
  'BEGIN {printf "%-44s %6.1f s wall, %6.1f s CPU   peak RSS %5.0f MB\n", "vectors subset --text (its corpora)", t, c, m / 1024}'
pretrain_config pt_after crawl.vec.gz
time_pretrain "pre-training, after, .vec.gz, cached" "$J" pt_after "$DIR/cache-pt"
