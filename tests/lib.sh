# lib.sh: shared set-up of the shell tests (sourced). Needs JOINTNER, SRC,
# WORK from ctest. Makes small generated demo data and 20-d vectors once.
set -euo pipefail
: "${JOINTNER:?} ${SRC:?} ${WORK:?}"
source "$SRC/tests/need.sh"
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

fail() { echo "FAIL: $*" >&2; exit 1; }

# demo_data DIR: Indonesian demo titles (1000/200/200 NER, 20k labeled,
# 20k unlabeled) and 50-d vectors trained on them (~3 s)
demo_data() {
  local dir=$1
  [ -f "$dir/id.vec" ] && return 0
  "$JOINTNER" data demo --out "$dir" --lang id --ner 1000,200,200 --pretrain 20000 --unlabeled 20000 >/dev/null
  cut -f2 "$dir/id/pretrain.tsv" > "$dir/pretrain_text.txt"
  "$JOINTNER" embed --in "$dir/id/unlabeled.txt,$dir/pretrain_text.txt" --out "$dir/id.vec" \
    --dim 50 --epoch 10 --threads 2 --min-count 1 >/dev/null 2>&1
  head -300 "$dir/id/pretrain.tsv" > "$dir/pretrain_dev.tsv"
}

# final_value RECORD NAME: a /final attribute of a run record
final_value() {
  h5dump -a "/final/$2" "$1" | awk '/\(0\)/ {print $2}'
}

# root_string RECORD NAME: a root string attribute
root_string() {
  h5dump -a "/$2" "$1" | sed -n 's/.*(0): "\(.*\)".*/\1/p'
}

# params_close A B: the /model/params of two records agree up to float
# rounding that Adam has amplified. Adam divides each gradient by its own
# running magnitude, so an element whose gradient is a near-cancelling sum
# can flip sign under another summation order and drift by up to 2*lr per
# step; a few such elements are expected. Passes when the relative L2
# difference is below 1e-3 and fewer than 1% of elements differ by >1e-4
# (a genuinely different run, e.g. half the batch size, gives 0.37 and 99%).
params_close() {
  local f
  for f in "$1" "$2"; do
    h5dump -d /model/params -b LE -o "$f.params.bin" "$f" > /dev/null
    od -An -v -f -w4 "$f.params.bin" | tr -d ' ' > "$f.params.txt"
  done
  paste "$1.params.txt" "$2.params.txt" | awk '
    { d = $1 - $2; if (d < 0) d = -d; if (d > max) max = d
      diff2 += d * d; norm2 += $1 * $1; if (d > 1e-4) over++ }
    END { rel = sqrt(diff2 / norm2)
          printf "params: max |diff| %.3g, relative L2 %.3g, %d of %d differ by >1e-4\n", max, rel, over, NR
          exit !(NR > 0 && rel < 1e-3 && over < 0.01 * NR) }'
}
