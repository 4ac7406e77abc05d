#!/bin/bash
# test_run_blas_kernels.sh: model/blas_kernels.c, the restart with faster
# kernels and the warning that OpenBLAS runs generic kernels on a CPU with
# faster ones. OPENBLAS_CORETYPE=Prescott stands in for a CPU model OpenBLAS
# does not know:
#   1. Prescott's kernels on a CPU with AVX2 and FMA: train and pretrain warn
#      once, naming the kernels to ask for (SkylakeX with AVX-512, Haswell
#      without), and train as before;
#   2. Haswell's kernels: no warning;
#   3. OPENBLAS_CORETYPE unset: the record names AVX2 or AVX-512 kernels,
#      whatever this OpenBLAS makes of the CPU (on a model it does not know,
#      jointner starts itself again with OPENBLAS_CORETYPE set), and no
#      warning.
source "$SRC/tests/checks.sh"
need fasttext "the Debian package is needed for jointner embed"
need h5dump "hdf5-tools reads the kernels from the record"
grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo ||
  { echo "SKIP: test_run_blas_kernels: the CPU has no AVX2 and FMA, so no faster kernels to name" >&2; exit 77; }
better=SkylakeX
for f in avx512f avx512bw avx512dq avx512vl; do grep -qw "$f" /proc/cpuinfo || better=Haswell; done
"$J" data demo --out demo --lang vi --ner 60,20,20 --pretrain 300 --unlabeled 300 >/dev/null
"$J" embed --in demo/vi/unlabeled.txt --out v.vec --dim 10 --epoch 1 --threads 1 --min-count 1 >/dev/null 2>&1
head -n 200 demo/vi/pretrain.tsv >pre_train.tsv
tail -n 100 demo/vi/pretrain.tsv >pre_dev.tsv
config() { # config TYPE TRAIN DEV OUT
  printf '{"data": {"train": "%s", "dev": "%s", "test": "%s", "vectors": "v.vec"},
 "model": {"type": "%s", "attention": "none"}, "train": {"seed": 1, "max_epochs": 1}, "output": "%s"}\n' \
    "$2" "$3" "$3" "$1" "$4"
}
config ner demo/vi/train.conll demo/vi/dev.conll ner.h5 >ner.json
config pretrain pre_train.tsv pre_dev.tsv pre.h5 >pre.json

OPENBLAS_CORETYPE=Prescott ok "$J" train --config ner.json
[ "$(grep -c 'jointner: warning: OpenBLAS runs its generic Prescott kernels' err.txt)" = 1 ] &&
  grep -q "OPENBLAS_CORETYPE=$better chooses faster ones" err.txt ||
  { echo "FAIL: train on Prescott's kernels, want one warning naming $better:"; cat err.txt; fail=1; }
grep -q '^run .* complete' out.txt || { echo "FAIL: train did not finish:"; cat out.txt; fail=1; }
OPENBLAS_CORETYPE=Prescott ok "$J" pretrain --config pre.json
grep -q "OPENBLAS_CORETYPE=$better chooses faster ones" err.txt ||
  { echo "FAIL: pretrain on Prescott's kernels did not warn:"; cat err.txt; fail=1; }

rm -f ner.h5 pre.h5
for cmd in train pretrain; do
  json=ner.json; [ $cmd = pretrain ] && json=pre.json
  OPENBLAS_CORETYPE=Haswell ok "$J" $cmd --config $json
  ! grep -q 'warning: OpenBLAS' err.txt || { echo "FAIL: $cmd on Haswell's kernels warned:"; cat err.txt; fail=1; }
done
rm -f ner.h5
(unset OPENBLAS_CORETYPE; ok "$J" train --config ner.json)
! grep -q 'warning: OpenBLAS' err.txt || { echo "FAIL: train with OPENBLAS_CORETYPE unset warned:"; cat err.txt; fail=1; }
kernels=$(h5dump -a /versions ner.h5 | grep -o 'OpenBLAS [^;"]*')
case " $kernels " in
  *" Haswell "* | *" Zen "* | *" SkylakeX "* | *" Cooperlake "* | *" SapphireRapids "* | *" Excavator "*) ;;
  *) echo "FAIL: with OPENBLAS_CORETYPE unset the record names '$kernels'"; fail=1 ;;
esac
[ $fail = 0 ] && echo "test_run_blas_kernels: all checks passed"
exit $fail
