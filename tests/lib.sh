# lib.sh: shared set-up of the shell tests (sourced). Needs JOINTNER, SRC,
# WORK from ctest. Makes small generated demo data and 20-d vectors once.
set -euo pipefail
: "${JOINTNER:?} ${SRC:?} ${WORK:?}"
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
