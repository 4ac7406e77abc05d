#!/usr/bin/env bash
# demo.sh: the main job on built-in generated data, from a fresh Debian 12
# machine: installs the dependencies, builds, generates product titles in
# Vietnamese, Thai and Indonesian (clearly synthetic), trains 300-d fastText
# vectors on them, runs a small grid (configs/demo-grid.json: pre-training,
# NER-only, Joint, Joint + Pre-trained with no attention and the learned
# self-attention, Table 2's ablations, 3 seeds, BiLSTM 2x64, at most 15
# epochs) on both cores and prints the paper's Tables 1 and 2. Everything
# lands in demo-out/. The +10k/+50k rows are left out of the demo: their
# 11x and 51x larger training sets would take the demo past minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" > /dev/null
J=$PWD/build/jointner
out=demo-out/data
for lang in vi th id; do
  if [ ! -f "$out/$lang/vectors.vec" ]; then
    echo "== generating demo data for $lang"
    "$J" data demo --out "$out" --lang "$lang" --seed 1 --ner 1000,500,500 --pretrain 30000 \
      --unlabeled 30000 | sed 's/^/   /'
    tail -n 2000 "$out/$lang/pretrain.tsv" > "$out/$lang/pretrain_dev.tsv"
    head -n 28000 "$out/$lang/pretrain.tsv" > "$out/$lang/pretrain_train.tsv"
    cut -f2 "$out/$lang/pretrain.tsv" > "$out/$lang/pretrain_text.txt"
    "$J" embed --in "$out/$lang/unlabeled.txt,$out/$lang/pretrain_text.txt" \
      --out "$out/$lang/vectors.vec" --dim 300 --epoch 10 --threads "$(nproc)" --min-count 1 |
      tail -1 | sed 's/^/   vectors /'
  fi
done
echo "== running the demo grid (configs/demo-grid.json)"
mpirun --allow-run-as-root --oversubscribe -np 3 "$J" grid --config configs/demo-grid.json "$@"
