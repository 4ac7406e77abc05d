#!/bin/bash
# bench/pretrain_scaling.sh: pre-training across MPI ranks (issue 16) at the
# paper's sizes (300-d vectors, BiLSTM 2x256, attention none), one core
# (one OpenBLAS thread) a rank, `mpirun --bind-to core`. Prints Markdown:
#  1. sentences/s of 1 rank and of 2 ranks in exact mode (global batch 32)
#     and in scaling mode (32 a rank, and 2 micro-batches of 32 a step,
#     one reduction per 64 sentences a rank): the speed-ups;
#  2. the share of the step spent in MPI on 2 ranks, with one blocking
#     Allreduce after the backward pass (JN_BLOCKING_REDUCE=1) and with the
#     buckets started during it;
#  3. the inputs of the scaling model: step time against per-rank batch
#     (1 rank), with the spread of a step's work from step to step, and the
#     Allreduce time of the gradient on 2 ranks here;
#  4. the model's throughput and efficiency at 2..256 ranks on 10 and
#     100 Gb/s networks in both modes, and its 2-rank prediction against
#     the measurement.
#   [REPS=3] bench/pretrain_scaling.sh [BUILD_DIR (default build-bench)] [TITLES (default 12800)]
# Data: generated Indonesian titles (`jointner data demo`) and, when
# ../shared/data is there, NDSC titles (every 5th of the three files, in
# their domain order and shuffled). The vectors are random (the speed does
# not depend on them). Logs go to $OUT.
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(cd "${1:-$SRC/build-bench}" && pwd)"
TITLES="${2:-12800}"
REPS="${REPS:-3}"
JOINTNER="$BUILD/jointner"
ALLREDUCE="$BUILD/bench/allreduce-time"
OUT="${OUT:-$BUILD/bench-out/pretrain-scaling}"
DATA="${JOINTNER_DATA:-$SRC/../shared/data}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
for b in "$JOINTNER" "$ALLREDUCE"; do [ -x "$b" ] || { echo "build $b first" >&2; exit 1; }; done
mkdir -p "$OUT"

# corpus NAME: $OUT/NAME.tsv (LABEL<TAB>tokens), its dev split and vectors
declare -a NAMES=()
"$JOINTNER" data demo --out "$OUT/demo" --lang id --ner 10,10,10 --pretrain "$TITLES" >/dev/null
cp "$OUT/demo/id/pretrain.tsv" "$OUT/generated.tsv"
NAMES+=(generated)
if [ -f "$DATA/id/ndsc_beauty.csv" ]; then
  "$JOINTNER" data import --format csv-title --label-map domain --out "$OUT/ndsc.tsv" \
    --in "$DATA/id/ndsc_beauty.csv,$DATA/id/ndsc_fashion.csv,$DATA/id/ndsc_mobile.csv" >/dev/null 2>&1
  awk 'NR % 5 == 1' "$OUT/ndsc.tsv" | head -n "$TITLES" > "$OUT/ndsc-titles.tsv" # all 3 domains, in file order
  # the same titles shuffled (fixed seed): scaling mode's shards are byte
  # ranges, so a corpus in domain order gives each rank other titles
  awk 'BEGIN {srand(1)} {printf "%.9f\t%s\n", rand(), $0}' "$OUT/ndsc-titles.tsv" | sort -k1,1 | cut -f2- \
    > "$OUT/ndsc-shuffled.tsv"
  NAMES+=(ndsc-titles ndsc-shuffled)
else
  echo "note: $DATA/id/ndsc_beauty.csv absent: generated titles only" >&2
fi

# run NAME LABEL RANKS TRAIN_EXTRA [ENV...]: one epoch; prints "sent/s mpi%
# work-ms work-sd-ms": the epoch's rate, its share inside MPI (0 on one
# rank), and rank 0's per-step work outside MPI, mean and deviation
run() {
  local name=$1 label=$2 ranks=$3 extra=$4 cfg="$OUT/$1-$2.json" log="$OUT/$1-$2.log"
  shift 4
  cat > "$cfg" <<JSON
{"data": {"train": "$OUT/$name.tsv", "dev": "$OUT/$name-dev.tsv", "vectors": "$OUT/$name.vec"},
 "model": {"type": "pretrain", "attention": "none", "hidden": 256},
 "train": {"seed": 1, "max_epochs": 1 $extra},
 "output": "$OUT/$name-$label.h5"}
JSON
  rm -f "$OUT/$name-$label.h5"
  if [ "$ranks" = 1 ]; then
    env "$@" "$JOINTNER" pretrain --config "$cfg" > "$log"
  else
    env "$@" mpirun --oversubscribe -np "$ranks" --bind-to core -x JN_BLOCKING_REDUCE \
      "$JOINTNER" pretrain --config "$cfg" > "$log"
  fi
  awk '/^epoch 1\/1 / {
         for (i = 1; i <= NF; i++) {
           if ($(i + 1) == "sentences/s") rate = $i
           if ($i == "wait") { mpi = $(i + 1); sub("%", "", mpi) }
           if ($i == "work") { work = $(i + 1); sd = $(i + 3) }
         }
         print rate, mpi == "" ? 0 : mpi, work, sd }' "$log"
}
SCALING=', "data_parallel": "scaling"'

echo "### 1-2. One rank against two, and the share of the step in MPI"
echo
echo "Medians of $REPS rounds; a round runs every set-up in turn between two one-rank runs, and a speed-up is the median of each round's rate over the mean of its two one-rank runs (range in brackets)."
echo
echo "| data | titles | tokens/title | 1 rank sent/s | exact, 2 ranks | speed-up | MPI share, blocking → buckets | scaling, 2 ranks | speed-up | MPI share, blocking → buckets | scaling, 32 x 2 a step | speed-up |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
# one line a data set of this run: name, 1 rank, exact and scaling on 2 ranks
: > "$OUT/rates.txt"
for name in "${NAMES[@]}"; do
  corpus="$OUT/$name.tsv"
  awk 'NR % 32 == 0' "$corpus" > "$OUT/$name-dev.tsv"
  cut -f2 "$corpus" | tr ' ' '\n' | sort -u | awk 'NF' > "$OUT/$name.words"
  awk 'BEGIN {srand(1)} {w[NR] = $1} END {print NR, 300; for (i = 1; i <= NR; i++) {
         printf "%s", w[i]; for (j = 0; j < 300; j++) printf " %.4f", rand() - 0.5; print ""}}' \
    "$OUT/$name.words" > "$OUT/$name.vec"
  runs="$OUT/$name.runs"
  : > "$runs"
  for _ in $(seq "$REPS"); do # the set-ups in turn, so that a slow spell of the machine hits them all
    read -r first _ < <(run "$name" one 1 "")
    exact=$(run "$name" exact 2 "" JN_BLOCKING_REDUCE=0)
    echo "exact-blocking $(run "$name" exact-blocking 2 "" JN_BLOCKING_REDUCE=1)" >> "$runs"
    scaling=$(run "$name" scaling 2 "$SCALING" JN_BLOCKING_REDUCE=0)
    echo "scaling-blocking $(run "$name" scaling-blocking 2 "$SCALING" JN_BLOCKING_REDUCE=1)" >> "$runs"
    scaling2=$(run "$name" scaling-x2 2 "$SCALING, \"accumulate\": 2" JN_BLOCKING_REDUCE=0)
    read -r last _ < <(run "$name" one 1 "")
    # this VM's speed drifts by ±20% over minutes: each speed-up is against
    # the mean of the two one-rank runs that bracket its own round
    one=$(awk -v a="$first" -v b="$last" 'BEGIN {print (a + b) / 2}')
    for setup in "exact $exact" "scaling $scaling" "scaling-x2 $scaling2"; do
      read -r label rate mpi _ <<< "$setup"
      echo "$label $rate $mpi $(awk -v r="$rate" -v o="$one" 'BEGIN {printf "%.4f", r / o}')" >> "$runs"
    done
    echo "one $one" >> "$runs"
  done
  median() { # median SETUP COLUMN of $runs
    awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$runs" | sort -g |
      awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
  }
  one=$(median one 2)
  exact=$(median exact 2) exact_mpi=$(median exact 3) exact_blocking=$(median exact-blocking 3)
  scaling=$(median scaling 2) scaling_mpi=$(median scaling 3) scaling_blocking=$(median scaling-blocking 3)
  scaling2=$(median scaling-x2 2)
  exact_up=$(median exact 4) scaling_up=$(median scaling 4) scaling2_up=$(median scaling-x2 4)
  spread() { # min-max of the speed-ups of SETUP
    awk -v k="$1" '$1 == k {v = $4; if (lo == "" || v < lo) lo = v; if (v > hi) hi = v} END {printf "%.2f-%.2f", lo, hi}' "$runs"
  }
  awk -v n="$name" -v l="$(wc -l < "$corpus")" -v t="$(awk '{s += NF - 1} END {printf "%.1f", s / NR}' "$corpus")" \
      -v a="$one" -v e="$exact" -v s="$scaling" -v eb="$exact_blocking" -v em="$exact_mpi" \
      -v sb="$scaling_blocking" -v sm="$scaling_mpi" -v s2="$scaling2" -v eu="$exact_up" -v su="$scaling_up" \
      -v s2u="$scaling2_up" -v er="$(spread exact)" -v sr="$(spread scaling)" -v s2r="$(spread scaling-x2)" 'BEGIN {
        printf "| %s | %d | %s | %.0f | %.0f | %.2fx (%s) | %s%% → %s%% | %.0f | %.2fx (%s) | %s%% → %s%% | %.0f | %.2fx (%s) |\n",
               n, l, t, a, e, eu, er, eb, em, s, su, sr, sb, sm, s2, s2u, s2r}'
  echo "$name $one $exact $scaling" >> "$OUT/rates.txt"
done
echo

# 3. the model's inputs, on the first data set
name=${NAMES[0]}
echo "### 3. Step time against per-rank batch (1 rank, $name titles)"
echo
echo "| per-rank batch | sentences/s | step ms | work a step, mean ± sd ms |"
echo "|---|---|---|---|"
: > "$OUT/step-times.txt"
for b in 1 2 4 8 16 32 64 128; do
  head -n "$((b * 100 > TITLES ? TITLES : b * 100))" "$OUT/$name.tsv" > "$OUT/$name-b$b.tsv"
  cp "$OUT/$name.vec" "$OUT/$name-b$b.vec"
  cp "$OUT/$name-dev.tsv" "$OUT/$name-b$b-dev.tsv"
  read -r rate _ work sd < <(run "$name-b$b" step 1 ", \"batch_size\": $b")
  echo "$b $rate $sd" >> "$OUT/step-times.txt"
  awk -v b="$b" -v r="$rate" -v w="$work" -v s="$sd" 'BEGIN {printf "| %d | %.0f | %.2f | %s ± %s |\n", b, r, 1000 * b / r, w, s}'
done
floats=$(sed -n 's/.*attention none, \([0-9]*\) parameters.*/\1/p' "$OUT/$name-one.log")
read -r _ bytes _ t_blocking t_buckets < <(mpirun --oversubscribe -np 2 --bind-to core "$ALLREDUCE" --floats "$floats" --reps 50)
echo
echo "Gradient: $floats floats ($bytes bytes). Allreduce on 2 ranks here (shared memory): $(awk -v t="$t_blocking" 'BEGIN {printf "%.2f", 1000 * t}') ms blocking, $(awk -v t="$t_buckets" 'BEGIN {printf "%.2f", 1000 * t}') ms as 4 equal buckets (median of 50)."
echo

# 4. the model (README, "Pre-training at cluster scale")
read -r _ _ exact scaling < <(head -n 1 "$OUT/rates.txt")
echo "### 4. The scaling model"
echo
awk -v bytes="$bytes" -v tar2="$t_blocking" -v exact2="$exact" -v scaling2="$scaling" '
  FNR == NR { rate[$1] = $2; sd[$1] = $3 / 1000; next }
  function step(b) { return b / rate[b] }                 # compute, per-rank batch b (measured)
  # the wait for the slowest of p ranks: sd of a step times the mean of the
  # largest of p independent standard normals
  function straggle(b, p) { return sd[b] * (p == 2 ? 0.5642 : p == 8 ? 1.4236 : p == 32 ? 2.0697 : p == 128 ? 2.5946 : 2.8269) }
  function ring(p, alpha, beta) { return 2 * (p - 1) * alpha + 2 * (p - 1) / p * bytes / beta }
  END {
    base = 32 / step(32)                                   # one rank, sentences/s
    split("2 8 32 128 256", P, " ")
    split("10 100", G, " ")
    alpha[10] = 10e-6; beta[10] = 1.25e9; alpha[100] = 2e-6; beta[100] = 12.5e9
    print "| ranks | network | exact: sent/s | exact: efficiency | scaling: sent/s | scaling: efficiency |"
    print "|---|---|---|---|---|---|"
    for (i = 1; i <= 5; i++) for (j = 1; j <= 2; j++) {
      p = P[i]; g = G[j]; t = ring(p, alpha[g], beta[g])
      b = int((32 + p - 1) / p); if (!(b in rate)) for (c = 1; c <= 128; c *= 2) if (c >= b) { b = c; break }
      ex = 32 / (step(b) + t + straggle(b, p)); sc = p * 32 / (step(32) + t + straggle(32, p))
      printf "| %d | %d Gb/s | %.0f | %.0f%% | %.0f | %.0f%% |\n", p, g, ex, 100 * ex / (p * base), sc, 100 * sc / (p * base)
    }
    ex2 = 32 / (step(16) + tar2 + straggle(16, 2)); sc2 = 2 * 32 / (step(32) + tar2 + straggle(32, 2))
    printf "\nOn 2 ranks here (the measured shared-memory Allreduce for the network): exact predicted %.0f, measured %.0f sent/s; scaling predicted %.0f, measured %.0f sent/s.\n", ex2, exact2, sc2, scaling2
  }' "$OUT/step-times.txt"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
