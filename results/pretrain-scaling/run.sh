#!/bin/bash
# results/pretrain-scaling/run.sh: what scaling-mode pre-training costs in
# quality (issue 16). Pre-trains the attention-none sentence classifier on
# the id and vi pre-training corpora at global batch 32 (exact mode), 128
# and 512 (scaling mode: per-rank batch 32 x 4 or x 16 micro-batches on one
# rank, the sqrt learning-rate rule, 5% warm-up), 3 seeds each, and
# fine-tunes Joint + Pre-trained from each at the paper's protocol
# (configs/pretrain-scaling-{32,128,512}.json). The three grids run side by
# side, one process and one BLAS thread each; a rerun resumes. Then
# summarize.sh writes results/pretrain-scaling/summary.md.
#   bash results/pretrain-scaling/run.sh
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"
OUT=$REPO/public-out
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target jointner > /dev/null
mkdir -p "$OUT/bin"
BIN=$OUT/bin/jointner-pretrain-scaling
cp build/jointner "$BIN.new" && mv "$BIN.new" "$BIN"
if [ ! -f "$OUT/data/vi/sha256sums.txt" ] || [ ! -f "$OUT/data/id/sha256sums.txt" ]; then
  JOINTNER="$BIN" bash results/public-data/prepare.sh "$OUT/data"
fi
export OPENBLAS_NUM_THREADS=1
pids=()
for batch in 32 128 512; do
  mkdir -p "$OUT/pretrain-scaling"
  "$BIN" grid --config "configs/pretrain-scaling-$batch.json" > "$OUT/pretrain-scaling/global-$batch.console.log" 2>&1 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
[ "$status" = 0 ] || { echo "a grid failed: see $OUT/pretrain-scaling/global-*.console.log" >&2; exit 1; }
JOINTNER="$BIN" bash results/pretrain-scaling/summarize.sh "$OUT/pretrain-scaling" > results/pretrain-scaling/summary.md
cat results/pretrain-scaling/summary.md
