#!/bin/bash
# bench/run.sh: the C model against the PyTorch peer, side by side in one
# run, and against the machine's measured sgemm peak. Prints a Markdown
# table (for README.md) on stdout, then bench/pretrain_scaling.sh's; raw
# key=value lines go to $OUT/raw.txt.
#   bench/run.sh [BUILD_DIR (default build-bench)] [EPOCHS (default 2)]
# Needs: a Release build of jointner-bench; /usr/bin/python3 with torch.
set -eu
SRC="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(cd "${1:-$SRC/build-bench}" && pwd)"
EPOCHS="${2:-2}"
BENCH="$BUILD/bench/jointner-bench"
OUT="${OUT:-$BUILD/bench-out}"
PY=/usr/bin/python3
mkdir -p "$OUT"
RAW="$OUT/raw.txt"
: >"$RAW"
[ -x "$BENCH" ] || { echo "build $BENCH first (cmake --build $BUILD --target jointner-bench)" >&2; exit 1; }
$PY -c 'import torch' 2>/dev/null || { echo "no torch for $PY: apt-get install -y python3-torch" >&2; exit 1; }
TITLES="${JOINTNER_DATA:-$SRC/../shared/data}/id/prodattr_enamex.txt"
if [ ! -f "$OUT/id/train.conll" ]; then
  [ -f "$TITLES" ] || { echo "$TITLES: not found (the Indonesian titles; set JOINTNER_DATA)" >&2; exit 1; }
  "$BUILD/jointner" data import --format enamex --in "$TITLES" --out "$OUT/id" --max-skip 5 >/dev/null
fi
# the kernels jointner would run (model/blas_kernels.h), for the C model and
# the peer alike: jointner-bench never starts itself again
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  better=$("$BENCH" kernels)
  [ -n "$better" ] && export OPENBLAS_CORETYPE=$better
fi
declare -A DATA=([id]="--data $OUT/id/train.conll" [gen25]="--gen 640:25")
for d in id gen25; do "$BENCH" train ${DATA[$d]} --epochs 0 --warmup 0 --dump-data "$OUT/$d.bin" >/dev/null; done
kv() { sed -n "s/.*[ ^]$1=\([^ ]*\).*/\1/p" <<<" $2"; }

declare -A PEAK
for t in 1 2; do
  line=$(OPENBLAS_NUM_THREADS=$t "$BENCH" sgemm)
  echo "$line" >>"$RAW"
  PEAK[$t]=$(kv gflops "$line")
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW"

echo "| data | model | cores | C sent/s | peer sent/s (torch 1 thr, OpenBLAS n) | peer sent/s (torch n thr, OpenBLAS 1) | C / best peer | GFLOP/step padded (unpadded) | C GFLOP/s padded (unpadded) | % of sgemm peak padded (unpadded) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for d in id gen25; do
  for cfg in "ner none" "joint self-learned" "pretrain none"; do
    set -- $cfg
    for t in 1 2; do
      c=$(OPENBLAS_NUM_THREADS=$t "$BENCH" train ${DATA[$d]} --model $1 --attention $2 --threads $t --epochs "$EPOCHS")
      p1=$(OPENBLAS_NUM_THREADS=$t $PY "$SRC/bench/torch_peer.py" "$OUT/$d.bin" --model $1 --attention $2 --threads 1 --epochs "$EPOCHS")
      p2="$p1"
      [ $t -gt 1 ] && p2=$(OPENBLAS_NUM_THREADS=1 $PY "$SRC/bench/torch_peer.py" "$OUT/$d.bin" --model $1 --attention $2 --threads $t --epochs "$EPOCHS")
      printf '%s\n' "$c" "$p1" "$p2" >>"$RAW"
      cs=$(kv sent_per_s "$c"); s1=$(kv sent_per_s "$p1"); s2=$(kv sent_per_s "$p2")
      g=$(kv gflop_per_step "$c"); gu=$(kv gflop_per_step_unpadded "$c")
      f=$(kv gflops "$c"); fu=$(kv gflops_unpadded "$c")
      awk -v d=$d -v m="$1/$2" -v t=$t -v cs=$cs -v s1=$s1 -v s2=$s2 -v g=$g -v gu=$gu -v f=$f -v fu=$fu -v pk=${PEAK[$t]} \
        'BEGIN { best = s1 > s2 ? s1 : s2; p2 = (t > 1) ? sprintf("%.0f", s2) : "(same)";
                 printf "| %s | %s | %d | %.0f | %.0f | %s | %.2fx | %.2f (%.2f) | %.1f (%.1f) | %.0f%% (%.0f%%) |\n",
                 d, m, t, cs, s1, p2, cs / best, g, gu, f, fu, 100 * f / pk, 100 * fu / pk }'
    done
  done
done
echo
core=$(OPENBLAS_VERBOSE=2 OPENBLAS_NUM_THREADS=1 "$BENCH" sgemm 2>&1 | sed -n 's/^Core: //p')
echo "sgemm peak (n=2048, measured in this run): ${PEAK[1]} GFLOP/s on 1 core, ${PEAK[2]} GFLOP/s on 2 cores;"
echo "OpenBLAS kernels: $core (OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset})."
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the 2 cores skew the numbers)."
echo
echo "Pre-training across ranks (bench/pretrain_scaling.sh):"
echo
OUT="$OUT/pretrain-scaling" bash "$SRC/bench/pretrain_scaling.sh" "$BUILD"
