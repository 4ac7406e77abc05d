#!/bin/bash
# test_model_torch_reference.sh: the C model against a PyTorch implementation of
# the same model (tests/torch_reference.py, Flair 0.4.4 style): same
# weights, same batch (unsorted lengths, padding), the same dropout masks
# (the C side's, passed over) or dropout off; the loss and every parameter
# gradient must agree to a max relative error of 1e-3 (float32 C against
# float64 PyTorch). Skips (77) when /usr/bin/python3 has no torch.
set -eu
PY=/usr/bin/python3
if ! $PY -c 'import torch, numpy' 2>/dev/null; then
  echo "SKIPPED: $PY cannot import torch (apt-get install -y python3-torch)" >&2
  exit 77
fi
BENCH="$(dirname "$JOINTNER")/bench/jointner-bench"
[ -x "$BENCH" ] || { echo "FAIL: $BENCH not built" >&2; exit 1; }
mkdir -p "$WORK"
dumps=()
for cfg in "ner none" "joint none" "joint soft" "joint self-scaled" "joint self-unscaled" \
           "joint self-learned" "pretrain none" "pretrain self-learned"; do
  set -- $cfg
  for dropout in 0 1; do
    out="$WORK/ref_$1_$2_dropout$dropout.bin"
    "$BENCH" dump --model "$1" --attention "$2" --dropout "$dropout" --out "$out"
    dumps+=("$out")
  done
done
$PY "$SRC/tests/torch_reference.py" --tol 1e-3 "${dumps[@]}"
