#!/usr/bin/env bash
# arithmetic.sh JOINTNER LANGDIR FILE: which arithmetic a binary trains
# with, checked against the ones a sweep has run on.
#
# A binary that sums in another order (a faster kernel, packing) or calls
# other OpenBLAS kernels (another CPU) trains every run to other floats:
# the same model and semantics, but a run made again comes out like another
# seed. The fingerprint is one epoch of three small fixed jobs, seed 1, on
# LANGDIR's vectors.vec: Joint with learned self-attention and Joint with
# soft attention on the first 100 sentences of train.conll (dev.conll's
# first 20 as dev), and a pre-training with learned self-attention on the
# first 1000 lines of pretrain_train.tsv (pretrain_dev.tsv's first 200):
# the SHA-256 of the three jobs' parameters, cut to 16 hex digits.
#
# FILE is a TSV with a line per arithmetic the sweep has run on: its
# fingerprint, the commit of the binary that first showed it, OpenBLAS's
# build and kernels, and when the line was written. A fingerprint it lists
# passes (exit 0); a missing FILE takes the first line. A new one stops with
# exit 3 and says so, unless ARITHMETIC=new, which adds its line: the runs
# made from then on are of that arithmetic, which the commit in runs.tsv
# tells.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: arithmetic.sh JOINTNER LANGDIR FILE" >&2; exit 2; }
J=$1 LANGDIR=$2 FILE=$3
command -v h5dump >/dev/null || { echo "arithmetic.sh: h5dump (hdf5-tools) is needed" >&2; exit 2; }
for f in train.conll dev.conll vectors.vec pretrain_train.tsv pretrain_dev.tsv; do
  [ -f "$LANGDIR/$f" ] || { echo "arithmetic.sh: $LANGDIR/$f: no such file" >&2; exit 2; }
done
LANGDIR=$(cd "$LANGDIR" && pwd)
HEADER=$(printf 'fingerprint\tcommit\topenblas\trecorded')
if [ -L "$FILE" ] || { [ -e "$FILE" ] && [ ! -f "$FILE" ]; }; then
  echo "arithmetic.sh: $FILE is not a regular file" >&2
  exit 2
fi
if [ -s "$FILE" ] && [ "$(head -n 1 "$FILE")" != "$HEADER" ]; then
  echo "arithmetic.sh: $FILE:1: not the header 'fingerprint commit openblas recorded'" >&2
  exit 2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 100' "$LANGDIR/train.conll" > "$WORK/train.conll"
awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 20' "$LANGDIR/dev.conll" > "$WORK/dev.conll"
head -n 1000 "$LANGDIR/pretrain_train.tsv" > "$WORK/pretrain_train.tsv"
head -n 200 "$LANGDIR/pretrain_dev.tsv" > "$WORK/pretrain_dev.tsv"
record_attr() { h5dump -a "/$2" "$1" | awk -F'"' '/\(0\)/ { print $2 }'; }
hashes=
# probe NAME COMMAND TYPE ATTENTION TRAIN DEV: one job, its parameters' SHA-256 added to hashes
probe() {
  cat > "$WORK/$1.json" <<JSON
{"data": {"train": "$WORK/$5", "dev": "$WORK/$6", "test": "$WORK/$6", "vectors": "$LANGDIR/vectors.vec"},
 "model": {"type": "$3", "attention": "$4"},
 "train": {"seed": 1, "max_epochs": 1},
 "output": "$WORK/$1.h5"}
JSON
  OPENBLAS_NUM_THREADS=1 "$J" "$2" --config "$WORK/$1.json" > "$WORK/$1.log" 2>&1 ||
    { cat "$WORK/$1.log" >&2; echo "arithmetic.sh: the $1 probe failed" >&2; exit 1; }
  local hash
  hash=$(record_attr "$WORK/$1.h5" params_sha256)
  [[ $hash =~ ^[0-9a-f]{64}$ ]] ||
    { echo "arithmetic.sh: the $1 probe's record has no parameters' SHA-256" >&2; exit 1; }
  hashes+=$hash
}
probe joint-learned train joint self-learned train.conll dev.conll
probe joint-soft train joint soft train.conll dev.conll
probe pretrain-learned pretrain pretrain self-learned pretrain_train.tsv pretrain_dev.tsv
fingerprint=$(printf '%s' "$hashes" | sha256sum | cut -c1-16)
commit=$(record_attr "$WORK/joint-soft.h5" git_commit)
openblas=$(record_attr "$WORK/joint-soft.h5" versions | sed -n 's/.*\(OpenBLAS [^;]*\).*/\1/p')
line=$(printf '%s\t%s\t%s\t%s' "$fingerprint" "$commit" "$openblas" "$(date -u +%Y-%m-%dT%H:%M:%SZ)")
if [ ! -s "$FILE" ]; then
  mkdir -p "$(dirname "$FILE")"
  printf '%s\n%s\n' "$HEADER" "$line" > "$FILE.new" && mv "$FILE.new" "$FILE"
  echo "arithmetic $fingerprint (commit ${commit:0:7}): the first of $FILE"
elif cut -f1 "$FILE" | grep -qx "$fingerprint"; then
  echo "arithmetic $fingerprint (commit ${commit:0:7}): as $(awk -F'\t' -v f="$fingerprint" '$1 == f { print substr($2, 1, 7); exit }' "$FILE")"
elif [ "${ARITHMETIC:-}" = new ]; then
  printf '%s\n' "$line" >> "$FILE"
  echo "arithmetic $fingerprint (commit ${commit:0:7}): new, added to $FILE (ARITHMETIC=new)"
else
  last=$(tail -n 1 "$FILE" | cut -f1,2)
  echo "arithmetic.sh: this binary (commit ${commit:0:7}, $openblas) trains with arithmetic $fingerprint," >&2
  echo "  which $FILE does not list (last: ${last%%$'\t'*}, commit $(echo "${last#*$'\t'}" | cut -c1-7))." >&2
  echo "  Its runs would come out like other seeds of the ones made so far. Run it anyway with" >&2
  echo "  ARITHMETIC=new, which records it; or build the commit of the last line." >&2
  exit 3
fi
