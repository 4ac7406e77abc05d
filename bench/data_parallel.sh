#!/bin/bash
# bench/data_parallel.sh: data-parallel pre-training, 1 rank vs 2 ranks
# with one core (one OpenBLAS thread) each, at the paper's sizes (300-d
# vectors, BiLSTM 2x256, attention none, global batch 32). Prints one
# Markdown row per data set; logs go to $OUT.
#   bench/data_parallel.sh [BUILD_DIR (default build-bench)] [TITLES (default 6400)]
# Data: the Indonesian NDSC titles of ../shared/data (every 9th, TITLES of
# them) when present, and generated Indonesian titles (`jointner data demo`)
# always. The vectors are random (the speed does not depend on them).
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(cd "${1:-$SRC/build-bench}" && pwd)"
TITLES="${2:-6400}"
JOINTNER="$BUILD/jointner"
OUT="${OUT:-$BUILD/bench-out/data-parallel}"
DATA="${JOINTNER_DATA:-$SRC/../shared/data}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
[ -x "$JOINTNER" ] || { echo "build $JOINTNER first" >&2; exit 1; }
mkdir -p "$OUT"

# corpus NAME: $OUT/NAME.tsv (LABEL<TAB>tokens), its dev split and vectors
declare -a NAMES=()
"$JOINTNER" data demo --out "$OUT/demo" --lang id --ner 10,10,10 --pretrain "$TITLES" >/dev/null
cp "$OUT/demo/id/pretrain.tsv" "$OUT/generated.tsv"
NAMES+=(generated)
if [ -f "$DATA/id/ndsc_beauty.csv" ]; then
  "$JOINTNER" data import --format csv-title --label-map domain --out "$OUT/ndsc.tsv" \
    --in "$DATA/id/ndsc_beauty.csv,$DATA/id/ndsc_fashion.csv,$DATA/id/ndsc_mobile.csv" >/dev/null 2>&1
  awk 'NR % 9 == 1' "$OUT/ndsc.tsv" | head -n "$TITLES" > "$OUT/ndsc-titles.tsv" # all 3 domains
  NAMES+=(ndsc-titles)
else
  echo "note: $DATA/id/ndsc_beauty.csv absent: generated titles only" >&2
fi

echo "| data | titles | tokens/title | 1 rank sent/s | 2 ranks sent/s | speed-up |"
echo "|---|---|---|---|---|---|"
for name in "${NAMES[@]}"; do
  corpus="$OUT/$name.tsv"
  awk 'NR % 32 == 0' "$corpus" > "$OUT/$name-dev.tsv" # 200 lines across the classes
  cut -f2 "$corpus" | tr ' ' '\n' | sort -u | awk 'NF' > "$OUT/$name.words"
  awk 'BEGIN {srand(1)} {w[NR] = $1} END {print NR, 300; for (i = 1; i <= NR; i++) {
         printf "%s", w[i]; for (j = 0; j < 300; j++) printf " %.4f", rand() - 0.5; print ""}}' \
    "$OUT/$name.words" > "$OUT/$name.vec"
  rate() { # rate RANKS: the epoch's sentences/s
    local cfg="$OUT/$name-$1.json"
    cat > "$cfg" <<JSON
{"data": {"train": "$corpus", "dev": "$OUT/$name-dev.tsv", "vectors": "$OUT/$name.vec"},
 "model": {"type": "pretrain", "attention": "none", "hidden": 256},
 "train": {"seed": 1, "max_epochs": 1, "batch_size": 32},
 "output": "$OUT/$name-$1.h5"}
JSON
    rm -f "$OUT/$name-$1.h5"
    if [ "$1" = 1 ]; then
      "$JOINTNER" pretrain --config "$cfg" > "$OUT/$name-$1.log"
    else
      mpirun --oversubscribe -np "$1" --bind-to core "$JOINTNER" pretrain --config "$cfg" > "$OUT/$name-$1.log"
    fi
    sed -n 's/^epoch 1\/1 .*  \([0-9.]*\) sentences\/s.*/\1/p' "$OUT/$name-$1.log"
  }
  one=$(rate 1)
  two=$(rate 2)
  awk -v n="$name" -v l="$(wc -l < "$corpus")" -v t="$(awk '{s += NF - 1} END {printf "%.1f", s / NR}' "$corpus")" \
      -v a="$one" -v b="$two" 'BEGIN {printf "| %s | %d | %s | %.0f | %.0f | %.2fx |\n", n, l, t, a, b, b / a}'
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
