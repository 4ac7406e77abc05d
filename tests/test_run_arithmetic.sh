#!/bin/bash
# test_run_arithmetic.sh: results/public-data/arithmetic.sh, the check that
# a sweep resumes on a binary of the arithmetic it has run on. Another
# arithmetic is made by OpenBLAS's generic SSE3 kernels (OPENBLAS_CORETYPE=
# Prescott), whose sums come out in other floats than the machine's own (a
# machine whose own kernels are those, a CPU without AVX2 that this
# OpenBLAS does not know, skips the test).
#   1. a missing list takes the first line; the same binary again passes
#      and leaves the list as it was;
#   2. the other kernels stop it (exit 3, naming the fingerprint and the
#      last line), the list unchanged; with ARITHMETIC=new they add a line;
#   3. a list with another header, a folder and a symbolic link are refused
#      (exit 2), and a missing data file is named.
source "$SRC/tests/checks.sh"
need fasttext "the Debian package is needed for jointner embed"
need h5dump "hdf5-tools reads the probes' records"
A=$SRC/results/public-data/arithmetic.sh
"$J" data demo --out demo --lang vi --ner 300,60,60 --pretrain 1200 --unlabeled 2000 >/dev/null
"$J" embed --in demo/vi/unlabeled.txt --out demo/vi/vectors.vec --dim 20 --epoch 5 --threads 1 \
  --min-count 1 >/dev/null 2>&1
L=demo/vi
head -n 1000 "$L/pretrain.tsv" >"$L/pretrain_train.tsv"
tail -n 200 "$L/pretrain.tsv" >"$L/pretrain_dev.tsv"

ok bash "$A" "$J" "$L" list.tsv
grep -q 'the first of list.tsv' out.txt || { echo "FAIL: first run: $(cat out.txt)"; fail=1; }
[ "$(wc -l <list.tsv)" = 2 ] && head -n 1 list.tsv | grep -qx "$(printf 'fingerprint\tcommit\topenblas\trecorded')" ||
  { echo "FAIL: the list after the first run:"; cat list.tsv; fail=1; }
first=$(tail -n 1 list.tsv | cut -f1)
[[ $first =~ ^[0-9a-f]{16}$ ]] || { echo "FAIL: fingerprint '$first'"; fail=1; }
cp list.tsv list.before
ok bash "$A" "$J" "$L" list.tsv
grep -q "arithmetic $first .*: as " out.txt || { echo "FAIL: second run: $(cat out.txt)"; fail=1; }
same list.tsv list.before

tail -n 1 list.tsv | cut -f3 | grep -qw Prescott &&
  { echo "SKIP: test_run_arithmetic: this machine's own kernels are Prescott's, no other to compare" >&2; exit 77; }
OPENBLAS_CORETYPE=Prescott bash "$A" "$J" "$L" list.tsv >out.txt 2>err.txt
rc=$?
[ $rc = 3 ] && grep -q "which list.tsv does not list (last: $first" err.txt &&
  grep -q 'ARITHMETIC=new' err.txt || { echo "FAIL: other kernels: exit $rc"; cat out.txt err.txt; fail=1; }
same list.tsv list.before
ARITHMETIC=new OPENBLAS_CORETYPE=Prescott ok bash "$A" "$J" "$L" list.tsv
second=$(tail -n 1 list.tsv | cut -f1)
[ "$(wc -l <list.tsv)" = 3 ] && [ "$second" != "$first" ] && tail -n 1 list.tsv | grep -qw Prescott ||
  { echo "FAIL: ARITHMETIC=new did not add the other kernels' line:"; cat list.tsv; fail=1; }

printf 'fingerprint\tcommit\n%s\tx\n' "$first" >header.tsv
bad "header.tsv:1: not the header" bash "$A" "$J" "$L" header.tsv
mkdir folder.tsv
bad "folder.tsv is not a regular file" bash "$A" "$J" "$L" folder.tsv
ln -s list.tsv link.tsv
bad "link.tsv is not a regular file" bash "$A" "$J" "$L" link.tsv
mkdir nodata
bad "nodata/train.conll: no such file" bash "$A" "$J" nodata list.tsv
[ $fail = 0 ] && echo "test_run_arithmetic: all checks passed"
exit $fail
